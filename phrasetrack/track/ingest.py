"""Ingest: read sources, skip what the store already has, scan the rest on an engine, write batches.

Re-running is incremental: a document whose content hash is unchanged is not scanned again, and after
a phrasebook change only documents where a changed entry matches (or matched) are rescanned, from
the texts the store keeps.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from phrasetrack.errors import InputError
from phrasetrack.model import Book
from phrasetrack.track.engines import Context, Engine, EngineSpec, open_engine, ordered, rescan_batch, scan_batch
from phrasetrack.track.model import RawDocument, ScannedDocument, StoredText
from phrasetrack.track.sources import Fields, Progress, plan, read_source
from phrasetrack.track.store import EntryInfo, Store


@dataclass(frozen=True)
class IngestOptions:
    """How to read the sources and how big a batch (one transaction, one task) is."""

    fields: Fields = field(default_factory=Fields)
    input_format: str = "auto"
    encoding: str | None = None
    source: str | None = None
    batch_docs: int = 512
    batch_chars: int = 2_000_000


@dataclass(frozen=True)
class BooksPlan:
    """The loaded books against those the store was scanned with."""

    version: str
    entries: tuple[EntryInfo, ...]
    old_version: str | None
    changed: frozenset[str]  # entries added or whose forms changed
    removed: frozenset[str]


@dataclass(frozen=True)
class IngestStats:
    """What a run did."""

    files: int = 0
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    empty: int = 0
    undated: int = 0
    checked: int = 0  # stored documents checked after a phrasebook change
    rescanned: int = 0  # ... of which rescanned
    found: int = 0  # occurrences in the documents scanned in this run
    documents: int = 0  # in the store afterwards
    occurrences: int = 0  # in the store afterwards
    books_version: str = ""
    changed_entries: int = 0
    seconds: float = 0.0
    skipped: tuple[str, ...] = field(default=())


def entry_fingerprint(forms: Sequence[object]) -> str:
    """A short hash of an entry's forms and their matching options."""
    return hashlib.sha1(json.dumps(forms, ensure_ascii=False).encode()).hexdigest()[:16]


def books_state(books: Sequence[Book]) -> tuple[str, tuple[EntryInfo, ...]]:
    """The books version (a hash of every entry's forms) and the entries with their fingerprints."""
    infos = []
    for book in books:
        for e in book.entries:
            forms = [
                (
                    f.lang,
                    f.text,
                    f.status.value,
                    f.since,
                    f.until,
                    f.options.fuzzy,
                    f.options.max_edits,
                    f.options.case_sensitive,
                )
                for f in e.forms
            ]
            infos.append(
                EntryInfo(
                    e.id,
                    book.id,
                    e.gloss,
                    entry_fingerprint(forms),
                    tuple((f.lang, f.text, f.status.value) for f in e.forms),
                )
            )
    infos.sort(key=lambda i: i.id)
    version = entry_fingerprint([(i.id, i.fingerprint) for i in infos])
    return version, tuple(infos)


def plan_books(store: Store, books: Sequence[Book]) -> BooksPlan:
    """Compare the loaded books with the store's: which entries changed or went."""
    version, infos = books_state(books)
    old = store.entries()
    changed = frozenset(i.id for i in infos if i.id not in old or old[i.id].fingerprint != i.fingerprint)
    removed = frozenset(set(old) - {i.id for i in infos})
    return BooksPlan(version, infos, store.meta("books_version"), changed, removed)


def _only(books: Sequence[Book], ids: frozenset[str]) -> tuple[Book, ...]:
    out = []
    for b in books:
        entries = tuple(e for e in b.entries if e.id in ids)
        if entries:
            out.append(replace(b, entries=entries))
    return tuple(out)


class _Counter:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def add(self, name: str, n: int = 1) -> None:
        """Count ``n`` more ``name``."""
        self.values[name] = self.values.get(name, 0) + n


def ingest(
    store: Store,
    books: Sequence[Book],
    paths: Sequence[str],
    *,
    engine: EngineSpec | None = None,
    options: IngestOptions | None = None,
    progress: Progress | None = None,
    on_skip: Callable[[str], None] | None = None,
) -> IngestStats:
    """Bring the store up to date with ``paths`` and ``books``; returns what was done."""
    started = time.perf_counter()
    options = options or IngestOptions()
    files = plan(paths, options.input_format)
    books_plan = plan_books(store, books)
    version = books_plan.version
    context = Context(
        version,
        tuple(books),
        f"{version}:{entry_fingerprint(sorted(books_plan.changed))}",
        _only(books, books_plan.changed),
    )
    count = _Counter()
    skipped: list[str] = []
    ids: dict[tuple[str, str], int] = {}  # row ids of documents in flight that the store has
    with open_engine(engine or EngineSpec(), context) as eng:
        if store.count_stale(version):
            _rescan(store, books_plan, eng, options, count)
        store.set_books(version, books_plan.entries, [(b.id, b.path) for b in books])

        def batches() -> Iterator[tuple[RawDocument, ...]]:
            batch: list[RawDocument] = []
            chars = 0
            for sf in files:
                count.add("files")
                known = store.known(sf.path)
                try:
                    for doc in read_source(
                        sf, options.fields, encoding=options.encoding, source=options.source, progress=progress
                    ):
                        count.add("read")
                        if not doc.text.strip():
                            count.add("empty")
                            continue
                        if doc.date is None:
                            count.add("undated")
                        seen = known.get(doc.key)
                        if seen is not None and seen.hash == doc.hash and seen.books == version:
                            count.add("unchanged")
                            continue
                        count.add("added" if seen is None else "updated")
                        if seen is not None:
                            ids[(doc.path, doc.key)] = seen.id
                        batch.append(doc)
                        chars += doc.length
                        if len(batch) >= options.batch_docs or chars >= options.batch_chars:
                            yield tuple(batch)
                            batch, chars = [], 0
                except InputError as err:
                    if sf.explicit or sf.kind != "text":
                        raise
                    skipped.append(str(err))
                    if on_skip is not None:
                        on_skip(str(err))
            if batch:
                yield tuple(batch)

        work = ((docs, tuple((d.text, d.date) for d in docs)) for docs in batches())
        for docs, results in ordered(eng, scan_batch, work):
            scanned = [
                ScannedDocument(d, r.lang, r.occurrences, ids.pop((d.path, d.key), None))
                for d, r in zip(docs, results, strict=True)
            ]
            count.add("found", sum(len(s.occurrences) for s in scanned))
            store.write(scanned, version)
    documents, occurrences = store.counts()
    v = count.values
    return IngestStats(
        files=v.get("files", 0),
        read=v.get("read", 0),
        added=v.get("added", 0),
        updated=v.get("updated", 0),
        unchanged=v.get("unchanged", 0),
        empty=v.get("empty", 0),
        undated=v.get("undated", 0),
        checked=v.get("checked", 0),
        rescanned=v.get("rescanned", 0),
        found=v.get("found", 0),
        documents=documents,
        occurrences=occurrences,
        books_version=version,
        changed_entries=len(books_plan.changed | books_plan.removed) if books_plan.old_version else 0,
        seconds=time.perf_counter() - started,
        skipped=tuple(skipped),
    )


def _rescan(store: Store, books_plan: BooksPlan, engine: Engine, options: IngestOptions, count: _Counter) -> None:
    """Bring stored documents scanned with older books up to date, batch by batch."""
    had = store.documents_with(books_plan.changed | books_plan.removed)
    stale = store.stale(books_plan.version)

    def batches() -> Iterator[tuple[StoredText, ...]]:
        for at in range(0, len(stale), options.batch_docs):
            chunk = stale[at : at + options.batch_docs]
            yield tuple(
                StoredText(i, d, store.text(i), full=(b != books_plan.old_version) or i in had) for i, d, b in chunk
            )

    for _ids, results in ordered(engine, rescan_batch, ((None, items) for items in batches())):
        count.add("checked", len(results))
        count.add("rescanned", store.apply(results, books_plan.version))
