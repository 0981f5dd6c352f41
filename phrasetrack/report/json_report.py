"""JSON (one versioned document) and JSON Lines (one match per line)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from phrasetrack.model import Match
from phrasetrack.report.fields import SCHEMA_VERSION, match_dict


def render(matches: Sequence[Match]) -> str:
    """``{"version": 1, "matches": [...]}``, indented."""
    doc = {"version": SCHEMA_VERSION, "matches": [match_dict(m) for m in matches]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_lines(matches: Sequence[Match]) -> str:
    """One JSON object per match, one per line."""
    return "".join(json.dumps(match_dict(m), ensure_ascii=False) + "\n" for m in matches)
