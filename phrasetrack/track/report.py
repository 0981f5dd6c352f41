"""Rendering of tracking results: tables for the terminal, JSON (schema version 1) and CSV.

>>> sparkline([0, 1, 2, 4, 8])
'▁▃▄▅█'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import asdict

from tabulate import tabulate
from wcwidth import wcswidth

from phrasetrack.report.json_text import pretty
from phrasetrack.track.discover import Candidate
from phrasetrack.track.ingest import IngestStats
from phrasetrack.track.periods import Period
from phrasetrack.track.query import FormCount, KwicLine, Timeline, TopResult, TopRow

JSON_VERSION = 1
_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float]) -> str:
    """One character per value: ``▁`` for zero, ``▂`` to ``█`` for the rest, scaled to the maximum."""
    top = max(values, default=0)
    if top <= 0:
        return _BARS[0] * len(values)
    return "".join(_BARS[0] if v <= 0 else _BARS[1 + round((v / top) * 6)] for v in values)


def _json(data: object) -> str:
    return pretty(data)


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _millions(chars: int) -> str:
    return f"{chars / 1e6:.2f} M chars"


# -- track -------------------------------------------------------------------------------------------
def ingest_summary(stats: IngestStats, db: str) -> str:
    """What a ``track`` run did, in a few lines."""
    lines = [
        f"{db}: {stats.read} document(s) read from {stats.files} file(s): {stats.added} added, "
        f"{stats.updated} updated, {stats.unchanged} unchanged, {stats.empty} empty (skipped)"
    ]
    if stats.checked:
        lines.append(
            f"phrasebooks changed ({stats.changed_entries} entries): {stats.checked} stored document(s) checked, "
            f"{stats.rescanned} rescanned"
        )
    if stats.undated:
        lines.append(f"{stats.undated} document(s) without a date (left out of timelines)")
    lines.append(
        f"{stats.found} occurrence(s) found in this run; the store holds {stats.documents} document(s) and "
        f"{stats.occurrences} occurrence(s); books {stats.books_version}; {stats.seconds:.1f} s"
    )
    return "\n".join(lines) + "\n"


# -- timeline ----------------------------------------------------------------------------------------
def _forms_cell(row_forms: Sequence[FormCount], limit: int = 3) -> str:
    parts = [f"{f.form} {f.occurrences}" for f in row_forms[:limit]]
    more = len(row_forms) - limit
    return ", ".join(parts) + (f", +{more}" if more > 0 else "")


def timeline_table(items: Sequence[Timeline]) -> str:
    """Each entry: first and last seen, a sparkline, one row per period, and its forms."""
    out = []
    for t in items:
        seen = f"first seen {t.first_seen}, last seen {t.last_seen}" if t.first_seen else "never seen"
        out.append(f"{t.entry} — {t.gloss}")
        out.append(f"{seen}; {t.occurrences} occurrence(s) in {t.documents} document(s)")
        if t.periods:
            spark = sparkline([p.rate for p in t.periods])
            out.append(f"per M chars  {spark}  {t.periods[0].period} … {t.periods[-1].period}")
        out.append("")
        rows = [
            (p.period, p.occurrences, p.documents, p.corpus_documents, f"{p.rate:.2f}", _forms_cell(p.forms))
            for p in t.periods
        ]
        out.append(
            tabulate(
                rows,
                headers=(t.by, "occurrences", "documents", "corpus docs", "per M chars", "forms"),
                disable_numparse=True,
            )
        )
        if t.forms:
            out.append("")
            forms = [(f.form, f.lang, f.status, f.occurrences, f.documents, f.first_seen, f.last_seen) for f in t.forms]
            out.append(
                tabulate(
                    forms,
                    headers=("form", "lang", "status", "occurrences", "documents", "first seen", "last seen"),
                    disable_numparse=True,
                )
            )
        out.append("")
    return "\n".join(out)


def _form_json(f: FormCount) -> dict[str, object]:
    return asdict(f)


def timeline_json(items: Sequence[Timeline]) -> str:
    """JSON: ``{"version": 1, "timelines": [...]}``."""
    data = {
        "version": JSON_VERSION,
        "timelines": [
            {
                "entry": t.entry,
                "gloss": t.gloss,
                "by": t.by,
                "first_seen": t.first_seen,
                "last_seen": t.last_seen,
                "occurrences": t.occurrences,
                "documents": t.documents,
                "forms": [_form_json(f) for f in t.forms],
                "periods": [
                    {
                        "period": p.period,
                        "occurrences": p.occurrences,
                        "documents": p.documents,
                        "corpus_documents": p.corpus_documents,
                        "corpus_chars": p.corpus_chars,
                        "per_million": p.rate,
                        "forms": [_form_json(f) for f in p.forms],
                    }
                    for p in t.periods
                ],
            }
            for t in items
        ],
    }
    return _json(data)


def timeline_csv(items: Sequence[Timeline]) -> str:
    """CSV: a row per entry and period (``form`` empty), then a row per form found in it."""
    header = (
        "entry",
        "period",
        "form",
        "lang",
        "status",
        "occurrences",
        "documents",
        "corpus_documents",
        "corpus_chars",
        "per_million",
    )
    rows: list[tuple[object, ...]] = []
    for t in items:
        for p in t.periods:
            rows.append(
                (t.entry, p.period, "", "", "", p.occurrences, p.documents, p.corpus_documents, p.corpus_chars, p.rate)
            )
            for f in p.forms:
                rate = round(f.occurrences * 1e6 / p.corpus_chars, 3) if p.corpus_chars else 0.0
                rows.append(
                    (
                        t.entry,
                        p.period,
                        f.form,
                        f.lang,
                        f.status,
                        f.occurrences,
                        f.documents,
                        p.corpus_documents,
                        p.corpus_chars,
                        rate,
                    )
                )
    return _csv(header, rows)


# -- top ---------------------------------------------------------------------------------------------
def _ratio(r: TopRow) -> str:
    return "new" if r.base_occurrences == 0 else f"{r.ratio:.2f}x"


def top_table(result: TopResult) -> str:
    """Three tables: most used, rising, falling."""
    p, c = result.period, result.compare
    out = [f"most used in {p.label} ({result.documents} documents, {_millions(result.chars)})", ""]
    rows = [(r.entry, r.gloss[:40], r.occurrences, r.documents, f"{r.rate:.2f}", _ratio(r)) for r in result.most_used]
    out.append(tabulate(rows, headers=("entry", "gloss", "occurrences", "documents", "per M chars", f"vs {c.label}")))
    for title, items in (("rising", result.rising), ("falling", result.falling)):
        out += [
            "",
            f"{title}: {p.label} against {c.label} ({result.base_documents} documents, {_millions(result.base_chars)})",
            "",
        ]
        changes = [
            (r.entry, r.gloss[:40], r.occurrences, f"{r.rate:.2f}", r.base_occurrences, f"{r.base_rate:.2f}", _ratio(r))
            for r in items
        ]
        headers = ("entry", "gloss", "occurrences", "per M chars", "before", "per M chars before", "change")
        out.append(tabulate(changes, headers=headers) if changes else "(none)")
    return "\n".join(out) + "\n"


def _top_row(r: TopRow) -> dict[str, object]:
    return {
        "entry": r.entry,
        "gloss": r.gloss,
        "occurrences": r.occurrences,
        "documents": r.documents,
        "per_million": r.rate,
        "base_occurrences": r.base_occurrences,
        "base_per_million": r.base_rate,
        "ratio": r.ratio,
    }


def top_json(result: TopResult) -> str:
    """JSON: the two periods and the three lists."""

    def period(p: Period, docs: int, chars: int) -> dict[str, object]:
        return {"label": p.label, "start": p.start, "end": p.end, "documents": docs, "chars": chars}

    data = {
        "version": JSON_VERSION,
        "period": period(result.period, result.documents, result.chars),
        "compare": period(result.compare, result.base_documents, result.base_chars),
        "most_used": [_top_row(r) for r in result.most_used],
        "rising": [_top_row(r) for r in result.rising],
        "falling": [_top_row(r) for r in result.falling],
    }
    return _json(data)


def top_csv(result: TopResult) -> str:
    """CSV: one row per entry and list."""
    header = (
        "list",
        "entry",
        "gloss",
        "occurrences",
        "documents",
        "per_million",
        "base_occurrences",
        "base_per_million",
        "ratio",
    )
    rows = [
        (name, *_top_row(r).values())
        for name, items in (("most_used", result.most_used), ("rising", result.rising), ("falling", result.falling))
        for r in items
    ]
    return _csv(header, rows)


# -- kwic --------------------------------------------------------------------------------------------
def _width(text: str) -> int:
    w = wcswidth(text)
    return w if w >= 0 else len(text)


def _pad_left(text: str, width: int) -> str:
    return " " * max(0, width - _width(text)) + text


def fit(text: str, width: int) -> str:
    """``text`` cut (with ``…``) or padded to ``width`` terminal columns."""
    if _width(text) > width:
        while text and _width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * max(0, width - _width(text))


def kwic_table(lines: Sequence[KwicLine], width: int) -> str:
    """One line per hit: date, source, left context, ``[hit]``, right context."""
    out = []
    for k in lines:
        out.append(f"{k.date or '----------'}  {fit(k.source, 24)}  {_pad_left(k.left, width * 2)}[{k.hit}]{k.right}")
    return "\n".join(out) + ("\n" if out else "")


def kwic_json(lines: Sequence[KwicLine]) -> str:
    """JSON: ``{"version": 1, "lines": [...]}``."""
    return _json({"version": JSON_VERSION, "lines": [asdict(k) for k in lines]})


def kwic_csv(lines: Sequence[KwicLine]) -> str:
    """CSV: every field of each line."""
    header = tuple(KwicLine.__dataclass_fields__)
    return _csv(header, [tuple(getattr(k, h) for h in header) for k in lines])


# -- discover ----------------------------------------------------------------------------------------
def discover_text(candidates: Sequence[Candidate]) -> str:
    """Each candidate: its numbers, example contexts and YAML stub."""
    out = []
    for i, c in enumerate(candidates, 1):
        burst = "new" if c.base_documents == 0 else f"{c.burst:.1f}x"
        out.append(
            f"{i}. {c.text}  [{c.lang}] {c.documents} docs, {c.sources} source(s), before {c.base_documents} docs "
            f"(burst {burst}), first seen {c.first_seen}, score {c.score:.1f}"
        )
        for ex in c.examples:
            out.append(f"   {ex.date or '----------'}  {fit(ex.source, 24)}  {ex.text}")
        out.append("")
        out.extend("   " + line for line in c.stub.splitlines())
        out.append("")
    if not out:
        out.append("no candidates (try a longer --period or a lower --min-docs)")
    return "\n".join(out) + "\n"


def discover_json(candidates: Sequence[Candidate]) -> str:
    """JSON: ``{"version": 1, "candidates": [...]}``."""
    data = {
        "version": JSON_VERSION,
        "candidates": [
            {
                "text": c.text,
                "lang": c.lang,
                "documents": c.documents,
                "base_documents": c.base_documents,
                "sources": c.sources,
                "burst": c.burst,
                "score": c.score,
                "first_seen": c.first_seen,
                "examples": [asdict(e) for e in c.examples],
                "stub": c.stub,
            }
            for c in candidates
        ],
    }
    return _json(data)


def discover_yaml(candidates: Sequence[Candidate]) -> str:
    """The YAML stubs only, ready to paste under a book's ``entries:``."""
    return "".join(c.stub for c in candidates)
