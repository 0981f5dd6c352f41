"""``--format text``: each changed sentence with an inline word diff, then the formula changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from phrasetrack.diff import DiffResult
from phrasetrack.report.diff.common import BOLD, CYAN, GREEN, RED, YELLOW, formula_summary, inline, one_line, paint
from phrasetrack.text.lines import LineIndex


def write(result: DiffResult, out: TextIO, color: bool) -> None:
    """Write the inline diff (nothing at all for identical versions, as diff(1) does)."""
    if result.identical:
        return
    out.write(paint(f"--- {result.old_name}\n+++ {result.new_name}\n", BOLD, color))
    lines = _line(result)
    for row in result.rows:
        if row.kind == "equal":
            continue
        if row.kind == "modified":
            assert row.old is not None and row.new is not None
            out.write(paint(f"@@ {lines(row.old.start, row.new.start)} modified @@\n", CYAN, color))
            out.write(inline(result, row, color) + "\n")
        elif row.kind == "deleted":
            assert row.old is not None
            out.write(paint(f"@@ {lines(row.old.start, None)} deleted @@\n", CYAN, color))
            out.write(_mark(one_line(result.old_text[row.old.start : row.old.end]), "-", RED, color) + "\n")
        elif row.kind == "inserted":
            assert row.new is not None
            out.write(paint(f"@@ {lines(None, row.new.start)} inserted @@\n", CYAN, color))
            out.write(_mark(one_line(result.new_text[row.new.start : row.new.end]), "+", GREEN, color) + "\n")
        elif row.kind == "moved-in":
            assert row.new is not None
            origin = result.rows[row.link].old
            assert origin is not None
            out.write(paint(f"@@ {lines(origin.start, row.new.start)} moved @@\n", YELLOW, color))
            move = next(c for c in result.changes if c.kind == "move" and c.new_start == row.new.start)
            text = inline(result, row, color, move.edits) if move.edits else one_line(move.new_text)
            out.write(text + "\n")
    for line in formula_summary(result):
        out.write(paint("formula " + line, YELLOW, color) + "\n")
    if result.degraded:
        out.write(f"degraded: {'; '.join(result.degraded)}\n")


def _mark(text: str, sign: str, code: str, color: bool) -> str:
    return paint(text, code, color) if color else f"[{sign}{text}{sign}]" if sign == "-" else f"{{{sign}{text}{sign}}}"


def _line(result: DiffResult) -> Callable[[int | None, int | None], str]:
    """``-old +new`` line numbers of a row's sentences."""
    old_lines, new_lines = LineIndex(result.old_text), LineIndex(result.new_text)

    def where(old: int | None, new: int | None) -> str:
        parts = []
        if old is not None:
            parts.append(f"-{old_lines.line(old)}")
        if new is not None:
            parts.append(f"+{new_lines.line(new)}")
        return " ".join(parts)

    return where
