"""Questions to the store: timelines of formulas, the most used, rising and falling ones, and
keyword-in-context lines. Every function returns frozen dataclasses; ``report`` renders them."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from phrasetrack.errors import UsageError
from phrasetrack.text.normalize import normalize
from phrasetrack.track.periods import BUCKETS, Period, bucket, buckets_between, previous
from phrasetrack.track.store import Store

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Filters:
    """Which documents count: dated ones between ``since`` (inclusive) and ``until`` (exclusive), in ``lang``."""

    since: str | None = None
    until: str | None = None
    lang: str | None = None

    def sql(self, alias: str = "d") -> tuple[str, list[object]]:
        """A WHERE clause over the documents table (aliased ``alias``) and its parameters."""
        where = [f"{alias}.date IS NOT NULL"]
        params: list[object] = []
        if self.since:
            where.append(f"{alias}.date >= ?")
            params.append(self.since)
        if self.until:
            where.append(f"{alias}.date < ?")
            params.append(self.until)
        if self.lang:
            where.append(f"{alias}.lang = ?")
            params.append(self.lang)
        return " AND ".join(where), params


@dataclass(frozen=True)
class FormCount:
    """How often one form (with one status) was found."""

    form: str
    lang: str
    status: str
    occurrences: int
    documents: int
    first_seen: str
    last_seen: str


@dataclass(frozen=True)
class PeriodRow:
    """One period of a timeline: hits, documents with hits, the corpus size, and the forms found."""

    period: str
    occurrences: int
    documents: int
    corpus_documents: int
    corpus_chars: int
    rate: float  # occurrences per million characters
    forms: tuple[FormCount, ...]


@dataclass(frozen=True)
class Timeline:
    """The use of one entry over time."""

    entry: str
    gloss: str
    by: str
    first_seen: str | None
    last_seen: str | None
    occurrences: int
    documents: int
    forms: tuple[FormCount, ...]
    periods: tuple[PeriodRow, ...]


@dataclass(frozen=True)
class TopRow:
    """One entry's use in a period against the comparison period."""

    entry: str
    gloss: str
    occurrences: int
    documents: int
    rate: float
    base_occurrences: int
    base_rate: float
    ratio: float  # smoothed rate ratio, period / comparison period


@dataclass(frozen=True)
class TopResult:
    """Most used, rising and falling entries."""

    period: Period
    compare: Period
    chars: int
    base_chars: int
    documents: int
    base_documents: int
    most_used: tuple[TopRow, ...]
    rising: tuple[TopRow, ...]
    falling: tuple[TopRow, ...]


@dataclass(frozen=True)
class KwicLine:
    """One hit with its context."""

    date: str | None
    source: str
    title: str | None
    path: str
    key: str
    entry: str
    form: str
    status: str
    left: str
    hit: str
    right: str
    start: int
    end: int


def _rate(occurrences: int, chars: int) -> float:
    return round(occurrences * 1_000_000 / chars, 3) if chars else 0.0


def resolve_entries(store: Store, names: Sequence[str]) -> list[tuple[str, str]]:
    """(id, gloss) of the entries named by id or by one of their forms; unknown names raise UsageError."""
    entries = store.entries()
    by_form: dict[str, str] = {}
    for e in entries.values():
        for _lang, text, _status in e.forms:
            by_form.setdefault(normalize(text).text, e.id)
    out = []
    for name in names:
        eid = name if name in entries else by_form.get(normalize(name).text)
        if eid is None:
            close = difflib.get_close_matches(name, list(entries) + list(by_form), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UsageError(f"{store.path}: no entry or form '{name}' in the tracked phrasebooks{hint}")
        out.append((eid, entries[eid].gloss))
    return out


def corpus_sizes(store: Store, filters: Filters) -> dict[str, tuple[int, int]]:
    """(documents, characters) per date."""
    where, params = filters.sql()
    rows = store.conn.execute(
        f"SELECT d.date, count(*), sum(d.length) FROM documents d WHERE {where} GROUP BY d.date", params
    )
    return {date: (int(n), int(chars or 0)) for date, n, chars in rows}


def timelines(store: Store, names: Sequence[str], by: str = "year", filters: Filters | None = None) -> list[Timeline]:
    """The timeline of each entry (by id or form), bucketed ``by`` year, month or ISO week."""
    if by not in BUCKETS:
        raise UsageError(f"unknown period '{by}'; use one of: {', '.join(BUCKETS)}")
    filters = filters or Filters()
    resolved = resolve_entries(store, names)
    sizes = corpus_sizes(store, filters)
    corpus: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for date, (n, chars) in sizes.items():
        slot = corpus[bucket(date, by)]
        slot[0] += n
        slot[1] += chars
    labels = buckets_between(min(corpus), max(corpus), by) if corpus else []
    where, params = filters.sql()
    out = []
    for eid, gloss in resolved:
        per_period: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        first = last = None
        for date, n, docs in store.conn.execute(
            "SELECT d.date, count(*), count(DISTINCT o.document) FROM occurrences o "
            f"JOIN documents d ON d.id = o.document WHERE o.entry = ? AND {where} GROUP BY d.date",
            [eid, *params],
        ):
            slot = per_period[bucket(date, by)]
            slot[0] += n
            slot[1] += docs
            first = date if first is None or date < first else first
            last = date if last is None or date > last else last
        forms_by_period: dict[str, dict[tuple[str, str, str], list[Any]]] = defaultdict(dict)
        totals: dict[tuple[str, str, str], list[Any]] = {}
        for date, form, lang, status, n, docs in store.conn.execute(
            "SELECT d.date, o.form, o.lang, o.status, count(*), count(DISTINCT o.document) FROM occurrences o "
            f"JOIN documents d ON d.id = o.document WHERE o.entry = ? AND {where} "
            "GROUP BY d.date, o.form, o.lang, o.status",
            [eid, *params],
        ):
            key = (form, lang, status)
            for table in (forms_by_period[bucket(date, by)], totals):
                slot = table.setdefault(key, [0, 0, date, date])
                slot[0] += n
                slot[1] += docs
                slot[2] = min(slot[2], date)
                slot[3] = max(slot[3], date)
        periods = []
        for label in labels:
            n_docs, chars = corpus.get(label, (0, 0))
            occ, docs = per_period.get(label, (0, 0))
            periods.append(
                PeriodRow(
                    label, occ, docs, n_docs, chars, _rate(occ, chars), _form_counts(forms_by_period.get(label, {}))
                )
            )
        # documents in total: distinct over the whole range (a document has one date, so sums per date add up)
        total_docs = sum(p.documents for p in periods)
        out.append(
            Timeline(
                eid,
                gloss,
                by,
                first,
                last,
                sum(p.occurrences for p in periods),
                total_docs,
                _form_counts(totals),
                tuple(periods),
            )
        )
    return out


def _form_counts(table: dict[tuple[str, str, str], list[Any]]) -> tuple[FormCount, ...]:
    counts = [FormCount(f, lang, s, n, d, a, b) for (f, lang, s), (n, d, a, b) in table.items()]
    return tuple(sorted(counts, key=lambda c: (-c.occurrences, c.form, c.status)))


def top(
    store: Store,
    period: Period,
    compare: Period | None = None,
    *,
    limit: int = 10,
    min_count: int = 3,
    lang: str | None = None,
) -> TopResult:
    """Entries most used in ``period``, and those rising and falling against ``compare`` (default:
    the period of the same length just before)."""
    base = compare or previous(period)
    gloss = {e.id: e.gloss for e in store.entries().values()}

    def counts(p: Period) -> tuple[dict[str, tuple[int, int]], int, int]:
        filters = Filters(p.start, p.end, lang)
        where, params = filters.sql()
        rows = store.conn.execute(
            "SELECT o.entry, count(*), count(DISTINCT o.document) FROM occurrences o "
            f"JOIN documents d ON d.id = o.document WHERE {where} GROUP BY o.entry",
            params,
        )
        per_entry = {e: (int(n), int(docs)) for e, n, docs in rows}
        n_docs, chars = store.conn.execute(
            f"SELECT count(*), coalesce(sum(d.length), 0) FROM documents d WHERE {where}", params
        ).fetchone()
        return per_entry, int(n_docs), int(chars)

    now, docs_now, chars_now = counts(period)
    then, docs_then, chars_then = counts(base)
    rows = []
    for eid in set(now) | set(then):
        n, docs = now.get(eid, (0, 0))
        b, _ = then.get(eid, (0, 0))
        ratio = ((n + 0.5) / max(chars_now, 1)) / ((b + 0.5) / max(chars_then, 1))
        rows.append(
            TopRow(eid, gloss.get(eid, ""), n, docs, _rate(n, chars_now), b, _rate(b, chars_then), round(ratio, 3))
        )
    most = sorted((r for r in rows if r.occurrences), key=lambda r: (-r.occurrences, -r.documents, r.entry))
    comparable = chars_now > 0 and chars_then > 0
    rising = sorted(
        (r for r in rows if comparable and r.occurrences >= min_count and r.ratio > 1),
        key=lambda r: (-r.ratio, -r.occurrences, r.entry),
    )
    falling = sorted(
        (r for r in rows if comparable and r.base_occurrences >= min_count and r.ratio < 1),
        key=lambda r: (r.ratio, -r.base_occurrences, r.entry),
    )
    return TopResult(
        period,
        base,
        chars_now,
        chars_then,
        docs_now,
        docs_then,
        tuple(most[:limit]),
        tuple(rising[:limit]),
        tuple(falling[:limit]),
    )


def kwic(
    store: Store,
    name: str,
    *,
    width: int = 30,
    limit: int | None = 50,
    filters: Filters | None = None,
    form: str | None = None,
) -> list[KwicLine]:
    """Hits of one entry (by id or form) in date order, each with ``width`` characters of context."""
    (eid, _gloss), *_ = resolve_entries(store, [name])
    filters = filters or Filters()
    where, params = filters.sql()
    extra = ""
    if form is not None:
        extra = " AND o.form = ?"
        params.append(form)
    sql = (
        "SELECT d.date, d.source, d.title, d.path, d.key, o.entry, o.form, o.status, "
        "substr(t.body, max(o.start - ?, 0) + 1, o.start - max(o.start - ?, 0)), o.text, "
        'substr(t.body, o."end" + 1, ?), o.start, o."end" '
        "FROM occurrences o JOIN documents d ON d.id = o.document JOIN texts t ON t.document = o.document "
        f"WHERE o.entry = ? AND {where}{extra} ORDER BY d.date, d.id, o.start"
    )
    args: list[object] = [width, width, width, eid, *params]
    if limit:
        sql += " LIMIT ?"
        args.append(limit)
    return [
        KwicLine(date, source, title, path, key, entry, f, status, _flat(left), _flat(hit), _flat(right), s, e)
        for date, source, title, path, key, entry, f, status, left, hit, right, s, e in store.conn.execute(sql, args)
    ]


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text)
