"""Reporters: one module per output format, looked up in :data:`REPORTERS`.

A reporter writes matches to a text stream as they come, so that JSON Lines, CSV and JSON output
of a huge input never holds every match in memory (the table needs all rows for column widths).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any, TextIO

from phrasetrack.model import Match

Reporter = Callable[[Iterable[Match], TextIO], None]


def lazy(module: str, name: str = "write") -> Callable[..., None]:
    """A reporter imported on first use, so that start-up pays only for the format asked for."""

    def report(*args: Any) -> None:
        getattr(import_module(module), name)(*args)

    return report


REPORTERS: dict[str, Reporter] = {
    "table": lazy("phrasetrack.report.table_report"),
    "json": lazy("phrasetrack.report.json_report"),
    "jsonl": lazy("phrasetrack.report.json_report", "write_lines"),
    "csv": lazy("phrasetrack.report.csv_report"),
}


def render(fmt: str, matches: Iterable[Match]) -> str:
    """The report as a string (for tests and the library)."""
    import io

    out = io.StringIO()
    REPORTERS[fmt](matches, out)
    return out.getvalue()
