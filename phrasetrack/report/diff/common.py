"""Helpers shared by the diff reporters: inline markup of a changed sentence, colours, summaries."""

from __future__ import annotations

from phrasetrack.diff import Change, DiffResult, Row

RED, GREEN, CYAN, YELLOW, BOLD, RESET = "\033[31m", "\033[32m", "\033[36m", "\033[33m", "\033[1m", "\033[0m"


def paint(text: str, code: str, color: bool) -> str:
    """``text`` in an ANSI colour when ``color``."""
    return f"{code}{text}{RESET}" if color and text else text


def changes_in(result: DiffResult, row: Row) -> list[Change]:
    """The word changes inside a modified row."""
    if row.old is None or row.new is None:
        return []
    a, b = row.old, row.new
    return [
        c
        for c in result.changes
        if c.kind != "move" and a.start <= c.old_start <= a.end and b.start <= c.new_start <= b.end
    ]


def inline(result: DiffResult, row: Row, color: bool, edits: tuple[Change, ...] | None = None) -> str:
    """The new sentence with deletions and insertions marked: ``[-old-]{+new+}`` or in colour."""
    assert row.new is not None or edits is not None
    changes = list(edits) if edits is not None else changes_in(result, row)
    if edits is not None:
        start = min((c.new_start for c in changes), default=0)
    new = result.new_text
    sentence_start = row.new.start if row.new is not None else start
    sentence_end = row.new.end if row.new is not None else max((c.new_end for c in changes), default=0)
    parts = []
    cursor = sentence_start
    for c in sorted(changes, key=lambda c: c.new_start):
        parts.append(new[cursor : c.new_start])
        if c.old_text:
            parts.append(paint(c.old_text, RED, color) if color else f"[-{c.old_text}-]")
        if c.new_text:
            parts.append(paint(c.new_text, GREEN, color) if color else f"{{+{c.new_text}+}}")
        cursor = c.new_end
    parts.append(new[cursor:sentence_end])
    return " ".join("".join(parts).split("\n"))


def one_line(text: str) -> str:
    """Text on one line (line breaks become spaces)."""
    return " ".join(text.split("\n"))


def formula_summary(result: DiffResult) -> list[str]:
    """One line per formula change."""
    lines = []
    for f in result.formula_changes:
        old = ", ".join(sorted({f"{u.form} ({u.status})" for u in f.old})) or "-"
        new = ", ".join(sorted({f"{u.form} ({u.status})" for u in f.new})) or "-"
        lines.append(f"{f.change:<12} {f.entry}: {old} -> {new}")
    return lines
