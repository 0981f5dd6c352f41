"""The fields of a match as plain data, shared by the JSON, JSONL and CSV reporters."""

from __future__ import annotations

from typing import Any

from phrasetrack.model import Match

SCHEMA_VERSION = 1
FIELDS = (
    "file",
    "entry",
    "lang",
    "form",
    "status",
    "preferred",
    "score",
    "edits",
    "start",
    "end",
    "line",
    "column",
    "text",
)


def match_dict(m: Match) -> dict[str, Any]:
    """A match as a JSON-ready dict with the documented field order."""
    return {
        "file": m.file,
        "entry": m.entry,
        "lang": m.lang,
        "form": m.form,
        "status": m.status.value,
        "preferred": m.preferred,
        "score": m.score,
        "edits": [{"op": e.op, "expected": e.expected, "found": e.found} for e in m.edits],
        "start": m.start,
        "end": m.end,
        "line": m.line,
        "column": m.column,
        "text": m.text,
    }
