"""CSV with a header row; edits are written as ``expected→found`` separated by ``; ``."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from phrasetrack.model import Match
from phrasetrack.report.fields import FIELDS, match_dict


def write(matches: Iterable[Match], out: TextIO) -> None:
    """The matches as CSV text."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for m in matches:
        row = match_dict(m)
        row["edits"] = "; ".join(e.describe() for e in m.edits)
        writer.writerow([row[f] if row[f] is not None else "" for f in FIELDS])
