"""Reporters for ``phrasetrack diff``: one module per format, in :data:`DIFF_REPORTERS`."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TextIO

from phrasetrack.diff import DiffResult

DiffReporter = Callable[[DiffResult, TextIO, bool], None]


def _lazy(module: str) -> DiffReporter:
    """A reporter imported on first use, so that start-up pays only for the format asked for."""

    def report(result: DiffResult, out: TextIO, color: bool) -> None:
        import_module(f"phrasetrack.report.diff.{module}").write(result, out, color)

    return report


DIFF_REPORTERS: dict[str, DiffReporter] = {
    "text": _lazy("text"),
    "side-by-side": _lazy("side_by_side"),
    "unified": _lazy("unified"),
    "stat": _lazy("stat"),
    "json": _lazy("json_out"),
    "html": _lazy("html"),
}
