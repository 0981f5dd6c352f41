"""Reporters for ``phrasetrack diff``: one module per format, in :data:`DIFF_REPORTERS`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from phrasetrack.diff import DiffResult
from phrasetrack.report.diff import html, json_out, side_by_side, stat, text, unified

DiffReporter = Callable[[DiffResult, TextIO, bool], None]

DIFF_REPORTERS: dict[str, DiffReporter] = {
    "text": text.write,
    "side-by-side": side_by_side.write,
    "unified": unified.write,
    "stat": stat.write,
    "json": json_out.write,
    "html": html.write,
}
