"""Reporters: one module per output format, looked up in :data:`REPORTERS`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from phrasetrack.model import Match
from phrasetrack.report import csv_report, json_report, table_report

Reporter = Callable[[Sequence[Match]], str]

REPORTERS: dict[str, Reporter] = {
    "table": table_report.render,
    "json": json_report.render,
    "jsonl": json_report.render_lines,
    "csv": csv_report.render,
}
