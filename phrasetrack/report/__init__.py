"""Reporters: one module per output format, looked up in :data:`REPORTERS`.

A reporter writes matches to a text stream as they come, so that JSON Lines, CSV and JSON output
of a huge input never holds every match in memory (the table needs all rows for column widths).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from phrasetrack.model import Match
from phrasetrack.report import csv_report, json_report, table_report

Reporter = Callable[[Iterable[Match], TextIO], None]

REPORTERS: dict[str, Reporter] = {
    "table": table_report.write,
    "json": json_report.write,
    "jsonl": json_report.write_lines,
    "csv": csv_report.write,
}


def render(fmt: str, matches: Iterable[Match]) -> str:
    """The report as a string (for tests and the library)."""
    import io

    out = io.StringIO()
    REPORTERS[fmt](matches, out)
    return out.getvalue()
