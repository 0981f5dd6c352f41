"""Reporters for ``phrasetrack check``: text, json, sarif, junit, github, gitlab."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from phrasetrack.compare import Finding
from phrasetrack.report.findings import ci

FindingsReporter = Callable[[Sequence[Finding], Sequence[str], TextIO], None]

FINDING_REPORTERS: dict[str, FindingsReporter] = {
    "text": ci.write_text,
    "json": ci.write_json,
    "sarif": ci.write_sarif,
    "junit": ci.write_junit,
    "github": ci.write_github,
    "gitlab": ci.write_gitlab,
}
