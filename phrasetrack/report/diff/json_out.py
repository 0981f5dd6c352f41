"""``--format json``: the versioned, documented diff schema."""

from __future__ import annotations

from typing import Any, TextIO

from phrasetrack.diff import SCHEMA_VERSION, Change, DiffResult, FormulaUse
from phrasetrack.report.json_text import pretty


def change_dict(c: Change) -> dict[str, Any]:
    """A change as JSON-ready data."""
    out: dict[str, Any] = {
        "kind": c.kind,
        "old_text": c.old_text,
        "new_text": c.new_text,
        "old_start": c.old_start,
        "old_end": c.old_end,
        "new_start": c.new_start,
        "new_end": c.new_end,
        "old_line": c.old_line,
        "new_line": c.new_line,
        "significance": c.significance,
        "reasons": list(c.reasons),
        "formulas": list(c.formulas),
    }
    if c.kind == "move":
        out["edits"] = [change_dict(e) for e in c.edits]
    return out


def use_dict(u: FormulaUse) -> dict[str, Any]:
    """A formula occurrence as JSON-ready data."""
    return {"form": u.form, "status": u.status, "text": u.text, "start": u.start, "end": u.end}


def result_dict(result: DiffResult) -> dict[str, Any]:
    """The whole result as JSON-ready data."""
    return {
        "version": SCHEMA_VERSION,
        "old": result.old_name,
        "new": result.new_name,
        "identical": result.identical,
        "similarity": result.similarity,
        "stats": result.stats,
        "degraded": bool(result.degraded),
        "degraded_reasons": list(result.degraded),
        "changes": [change_dict(c) for c in result.changes],
        "formula_changes": [
            {
                "entry": f.entry,
                "change": f.change,
                "old": [use_dict(u) for u in f.old],
                "new": [use_dict(u) for u in f.new],
            }
            for f in result.formula_changes
        ],
    }


def write(result: DiffResult, out: TextIO, color: bool) -> None:
    """Write the JSON document."""
    out.write(pretty(result_dict(result)))
