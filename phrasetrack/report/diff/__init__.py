"""Reporters for ``phrasetrack diff``: one module per format, in :data:`DIFF_REPORTERS`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from phrasetrack.diff import DiffResult
from phrasetrack.report import lazy

DiffReporter = Callable[[DiffResult, TextIO, bool], None]

DIFF_REPORTERS: dict[str, DiffReporter] = {
    fmt: lazy(f"phrasetrack.report.diff.{module}")
    for fmt, module in (
        ("text", "text"),
        ("side-by-side", "side_by_side"),
        ("unified", "unified"),
        ("stat", "stat"),
        ("json", "json_out"),
        ("html", "html"),
    )
}
