"""Reporters: one module per output format, looked up in :data:`REPORTERS`.

A reporter writes matches to a text stream as they come, so that JSON Lines, CSV and JSON output
of a huge input never holds every match in memory (the table needs all rows for column widths).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module
from typing import TextIO

from phrasetrack.model import Match

Reporter = Callable[[Iterable[Match], TextIO], None]


def _lazy(module: str, name: str) -> Reporter:
    """A reporter imported on first use, so that start-up pays only for the format asked for."""

    def report(matches: Iterable[Match], out: TextIO) -> None:
        getattr(import_module(f"phrasetrack.report.{module}"), name)(matches, out)

    return report


REPORTERS: dict[str, Reporter] = {
    "table": _lazy("table_report", "write"),
    "json": _lazy("json_report", "write"),
    "jsonl": _lazy("json_report", "write_lines"),
    "csv": _lazy("csv_report", "write"),
}


def render(fmt: str, matches: Iterable[Match]) -> str:
    """The report as a string (for tests and the library)."""
    import io

    out = io.StringIO()
    REPORTERS[fmt](matches, out)
    return out.getvalue()
