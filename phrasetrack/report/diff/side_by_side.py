"""``--format side-by-side``: changed sentences in two columns, with one row of context."""

from __future__ import annotations

import shutil
from typing import TextIO

from wcwidth import wcswidth, wcwidth

from phrasetrack.diff import DiffResult
from phrasetrack.report.diff.common import CYAN, paint

MARKS = {"equal": " ", "modified": "|", "deleted": "<", "inserted": ">", "moved-out": "}", "moved-in": "{"}


def wrap(text: str, width: int) -> list[str]:
    """Wrap by display width (CJK characters are two columns wide); words stay whole where they fit."""
    lines: list[str] = []
    line, used = "", 0
    for word in _words(" ".join(text.split())):
        w = max(wcswidth(word), 0)
        if used + w > width and line:
            lines.append(line.rstrip())
            line, used = "", 0
            word = word.lstrip()
            w = max(wcswidth(word), 0)
        while w > width:  # a very long word or a CJK run: cut by characters
            cut, cw = 0, 0
            while cut < len(word) and cw + max(wcwidth(word[cut]), 0) <= width - used:
                cw += max(wcwidth(word[cut]), 0)
                cut += 1
            lines.append(line + word[:cut])
            line, used = "", 0
            word = word[cut:]
            w = max(wcswidth(word), 0)
        line += word
        used += w
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _words(text: str) -> list[str]:
    out, buf = [], ""
    for ch in text:
        if ch == " ":
            out.append(buf)
            buf = " "
        elif ord(ch) > 0x2E80:
            if buf.strip():
                out.append(buf)
                buf = ""
            out.append(buf + ch)
            buf = ""
        else:
            buf += ch
    out.append(buf)
    return [w for w in out if w]


def write(result: DiffResult, out: TextIO, color: bool) -> None:
    """Write the two columns."""
    total = shutil.get_terminal_size((160, 24)).columns
    width = max(30, (total - 3) // 2)
    show = set()
    for k, row in enumerate(result.rows):
        if row.kind != "equal":
            show.update({k - 1, k, k + 1})
    out.write(f"{result.old_name:<{width}} | {result.new_name}\n{'-' * width}-+-{'-' * width}\n")
    last = -2
    for k, row in enumerate(result.rows):
        if k not in show:
            continue
        if k != last + 1:
            out.write(paint("...\n", CYAN, color))
        last = k
        left = wrap(result.old_text[row.old.start : row.old.end], width) if row.old else [""]
        right = wrap(result.new_text[row.new.start : row.new.end], width) if row.new else [""]
        mark = MARKS[row.kind]
        for i in range(max(len(left), len(right))):
            a = left[i] if i < len(left) else ""
            b = right[i] if i < len(right) else ""
            pad = " " * max(0, width - max(wcswidth(a), 0))
            out.write(f"{a}{pad} {mark if i == 0 else ' '} {b}\n")
