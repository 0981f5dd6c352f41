"""Collation of three or more versions: text and JSON."""

from __future__ import annotations

from typing import TextIO

from tabulate import tabulate

from phrasetrack.diff import SCHEMA_VERSION, Collation
from phrasetrack.report.diff.common import YELLOW, one_line, paint
from phrasetrack.report.json_text import pretty


def write_text(collation: Collation, out: TextIO, color: bool) -> None:
    """Each base sentence that reads differently somewhere, with every version's reading; then formulas."""
    base = collation.results[0].old_text if collation.results else ""
    from phrasetrack.text.sentences import split_sentences

    width = max(len(n) for n in collation.names)
    for n, (sentence, readings) in enumerate(zip(split_sentences(base), collation.readings, strict=True), start=1):
        if all(kind == "equal" for kind, _ in readings):
            continue
        out.write(
            paint(
                f"[{n}] {collation.names[0]:<{width}}  {one_line(base[sentence.start : sentence.end])}", YELLOW, color
            )
            + "\n"
        )
        for name, (kind, text) in zip(collation.names[1:], readings, strict=True):
            shown = "(same)" if kind == "equal" else "(missing)" if kind == "deleted" else one_line(text)
            label = "" if kind in ("equal", "deleted", "modified") else f" ({kind})"
            out.write(f"    {name:<{width}}  {shown}{label}\n")
    rows = [(entry, *counts) for entry, counts in collation.formulas.items()]
    if rows:
        out.write("\n" + tabulate(rows, headers=("formula", *collation.names)) + "\n")


def write_json(collation: Collation, out: TextIO, color: bool) -> None:
    """The collation as JSON: readings per base sentence and formula counts per version."""
    base = collation.results[0].old_text if collation.results else ""
    from phrasetrack.text.sentences import split_sentences

    doc = {
        "version": SCHEMA_VERSION,
        "versions": list(collation.names),
        "identical": collation.identical,
        "sentences": [
            {
                "base": base[s.start : s.end],
                "start": s.start,
                "end": s.end,
                "readings": [
                    {"version": name, "kind": kind, "text": text}
                    for name, (kind, text) in zip(collation.names[1:], readings, strict=True)
                ],
            }
            for s, readings in zip(split_sentences(base), collation.readings, strict=True)
        ],
        "formulas": [
            {"entry": e, "counts": dict(zip(collation.names, c, strict=True))} for e, c in collation.formulas.items()
        ],
    }
    out.write(pretty(doc))
