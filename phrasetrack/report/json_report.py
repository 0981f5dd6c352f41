"""JSON (one versioned document) and JSON Lines (one match per line)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from phrasetrack.model import Match
from phrasetrack.report.fields import SCHEMA_VERSION, match_dict


def write(matches: Iterable[Match], out: TextIO) -> None:
    """``{"version": 1, "matches": [...]}``, indented, written one match at a time."""
    out.write(f'{{\n  "version": {SCHEMA_VERSION},\n  "matches": [')
    first = True
    for m in matches:
        body = json.dumps(match_dict(m), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        out.write(("\n    " if first else ",\n    ") + body)
        first = False
    out.write("]\n}\n" if first else "\n  ]\n}\n")


def write_lines(matches: Iterable[Match], out: TextIO) -> None:
    """One JSON object per match, one per line."""
    for m in matches:
        out.write(json.dumps(match_dict(m), ensure_ascii=False) + "\n")
