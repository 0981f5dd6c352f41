"""``--format stat``: counts only."""

from __future__ import annotations

from typing import TextIO

from phrasetrack.diff import DiffResult
from phrasetrack.report.diff.common import formula_summary


def write(result: DiffResult, out: TextIO, color: bool) -> None:
    """Sentence, character, significance and formula counts."""
    s = result.stats
    out.write(f"{result.old_name} -> {result.new_name}: similarity {result.similarity:.1%}\n")
    out.write(
        f"sentences: {s['old_sentences']} -> {s['new_sentences']}; {s['equal']} equal, {s['modified']} modified, "
        f"{s['inserted']} inserted, {s['deleted']} deleted, {s['moved']} moved\n"
    )
    out.write(f"characters: -{s['chars_deleted']} +{s['chars_inserted']}\n")
    out.write(
        f"changes: {len(result.changes)} ({s['significant']} significant, {s['substantive']} substantive, "
        f"{s['cosmetic']} cosmetic)\n"
    )
    kinds = {k: sum(1 for f in result.formula_changes if f.change == k) for k in ("added", "removed", "re-rendered")}
    out.write(f"formulas: {kinds['added']} added, {kinds['removed']} removed, {kinds['re-rendered']} re-rendered\n")
    for line in formula_summary(result):
        out.write(f"  {line}\n")
    if result.degraded:
        out.write(f"degraded: {'; '.join(result.degraded)}\n")
