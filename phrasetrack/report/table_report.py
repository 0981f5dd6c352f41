"""A table for reading on a terminal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

import regex
from tabulate import tabulate

from phrasetrack.model import Match
from phrasetrack.text.normalize import CJK_CLASS

HEADERS = ("where", "entry", "status", "score", "found", "preferred")
MAX_TEXT = 60


_CJK_GAP = regex.compile(rf"(?<=[{CJK_CLASS}])\s+(?=[{CJK_CLASS}])")


def _short(text: str) -> str:
    text = " ".join(_CJK_GAP.sub("", text).split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def write(matches: Iterable[Match], out: TextIO) -> None:
    """One row per match; ``preferred`` is shown only when the text is not already preferred."""
    rows = []
    for m in matches:
        where = f"{m.file}:{m.line}:{m.column}" if m.file else f"{m.line}:{m.column}"
        edits = f" ({', '.join(e.describe() for e in m.edits)})" if m.edits else ""
        preferred = "" if m.status.value == "preferred" and not m.edits else (m.preferred or "")
        rows.append((where, m.entry, m.status.value, f"{m.score:.2f}", _short(m.text) + edits, preferred))
    if not rows:
        out.write("no matches\n")
        return
    out.write(tabulate(rows, headers=HEADERS, tablefmt="simple", disable_numparse=True) + "\n")
