"""``--format unified``: sentences as lines, ``-``/``+`` with one sentence of context, as diff -u."""

from __future__ import annotations

from typing import TextIO

from phrasetrack.diff import DiffResult, Row
from phrasetrack.report.diff.common import CYAN, GREEN, RED, paint

CONTEXT = 1


def write(result: DiffResult, out: TextIO, color: bool) -> None:
    """Write hunks of changed sentences (nothing at all for identical versions, as diff(1) does)."""
    if result.identical:
        return
    out.write(f"--- {result.old_name}\n+++ {result.new_name}\n")
    rows = result.rows
    changed = [k for k, r in enumerate(rows) if r.kind != "equal"]
    k = 0
    while k < len(changed):
        start = max(0, changed[k] - CONTEXT)
        end = changed[k] + 1
        while k + 1 < len(changed) and changed[k + 1] - CONTEXT <= end + CONTEXT:
            k += 1
            end = changed[k] + 1
        end = min(len(rows), end + CONTEXT)
        k += 1
        hunk = rows[start:end]
        old_n = sum(1 for r in hunk if r.old is not None)
        new_n = sum(1 for r in hunk if r.new is not None)
        old_at = next((r.old.start for r in hunk if r.old is not None), 0)
        new_at = next((r.new.start for r in hunk if r.new is not None), 0)
        out.write(
            paint(
                f"@@ -{_line(result.old_text, old_at)},{old_n} +{_line(result.new_text, new_at)},{new_n} @@\n",
                CYAN,
                color,
            )
        )
        for row in hunk:
            _row(result, row, out, color)


def _row(result: DiffResult, row: Row, out: TextIO, color: bool) -> None:
    old = " ".join(result.old_text[row.old.start : row.old.end].split("\n")) if row.old else None
    new = " ".join(result.new_text[row.new.start : row.new.end].split("\n")) if row.new else None
    if row.kind == "equal":
        out.write(f" {new}\n")
        return
    note = "  (moved)" if row.kind.startswith("moved") else ""
    if old is not None:
        out.write(paint(f"-{old}{note}", RED, color) + "\n")
    if new is not None:
        out.write(paint(f"+{new}{note}", GREEN, color) + "\n")


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
