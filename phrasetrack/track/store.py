"""The tracking store: one SQLite file (WAL mode), schema version 1.

Tables (documented in README.md):

``meta(key, value)``
    ``schema_version``, ``books_version`` (hash of the loaded phrasebook entries), ``books`` (their
    ids and paths, JSON), ``created``, ``updated``.
``entries(id, book, gloss, fingerprint, forms)``
    the phrasebook entries of ``books_version``; ``fingerprint`` hashes an entry's forms so that a
    later run rescans only for the entries that changed; ``forms`` is JSON ``[[lang, text, status]]``.
``documents(id, path, key, source, hash, date, lang, length, title, books)``
    one row per document, unique on ``(path, key)``; ``hash`` is the content hash; ``books`` the
    ``books_version`` it was scanned with.
``texts(document, body)``
    the text of each document (for ``kwic``, ``discover`` and rescans).
``occurrences(document, entry, lang, form, status, start, end, score, text)``
    one row per formula found; ``start``/``end`` are character offsets into the document text.

A document, its text and its occurrences are written in one transaction, batch by batch, so that a
killed run leaves whole documents only and the next run carries on where it stopped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from phrasetrack.errors import InputError
from phrasetrack.track.model import Occurrence, Rescanned, ScannedDocument

SCHEMA_VERSION = 1
DEFAULT_DB = "phrasetrack.db"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
  id TEXT PRIMARY KEY, book TEXT NOT NULL, gloss TEXT NOT NULL, fingerprint TEXT NOT NULL, forms TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  key TEXT NOT NULL,
  source TEXT NOT NULL,
  hash TEXT NOT NULL,
  date TEXT,
  lang TEXT NOT NULL,
  length INTEGER NOT NULL,
  title TEXT,
  books TEXT NOT NULL,
  UNIQUE (path, key)
);
CREATE INDEX IF NOT EXISTS documents_date ON documents (date, lang, length);
CREATE TABLE IF NOT EXISTS texts (document INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS occurrences (
  document INTEGER NOT NULL,
  entry TEXT NOT NULL,
  lang TEXT NOT NULL,
  form TEXT NOT NULL,
  status TEXT NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  score REAL NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS occurrences_entry ON occurrences (entry, document);
CREATE INDEX IF NOT EXISTS occurrences_document ON occurrences (document);
"""


@dataclass(frozen=True)
class EntryInfo:
    """An entry as the store knows it."""

    id: str
    book: str
    gloss: str
    fingerprint: str
    forms: tuple[tuple[str, str, str], ...]  # (lang, text, status)


@dataclass(frozen=True)
class Known:
    """What the store holds about one document: enough to decide whether to scan it again."""

    id: int
    hash: str
    books: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Store:
    """An open tracking database."""

    def __init__(self, conn: sqlite3.Connection, path: str, lock: int | None = None) -> None:
        self.conn = conn
        self.path = path
        self._lock = lock
        self._next_id = 0

    # -- opening ---------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path) -> Store:
        """Open ``path`` for writing, creating the schema if it is new."""
        name = str(path)
        target = Path(name)
        if target.exists() and not target.is_file():
            raise InputError(f"{name}: is not a file")
        if not target.parent.is_dir():
            raise InputError(f"{name}: folder {target.parent} does not exist")
        lock = _writer_lock(name)
        try:
            conn = sqlite3.connect(name, isolation_level=None, check_same_thread=False)
            if not target.exists() or target.stat().st_size == 0:
                conn.execute("PRAGMA page_size=8192")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA cache_size=-65536")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=10000")
            version = _schema_version(conn, name)
            if version is None:
                with _transaction(conn):
                    for statement in SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                    conn.execute("INSERT OR REPLACE INTO meta VALUES ('created', ?)", (_now(),))
        except sqlite3.DatabaseError as err:
            os.close(lock)
            raise InputError(f"{name}: not a phrasetrack database ({err})") from None
        except BaseException:
            os.close(lock)
            raise
        return cls(conn, name, lock)

    @classmethod
    def open(cls, path: str | Path) -> Store:
        """Open an existing store for reading."""
        name = str(path)
        if not Path(name).is_file():
            raise InputError(f"{name}: no such tracking database (build it with 'phrasetrack track')")
        try:
            conn = sqlite3.connect(name, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout=10000")
            version = _schema_version(conn, name)
        except sqlite3.DatabaseError as err:
            raise InputError(f"{name}: not a phrasetrack database ({err})") from None
        if version is None:
            raise InputError(f"{name}: not a phrasetrack database (no schema version)")
        return cls(conn, name)

    def close(self) -> None:
        """Close the connection (and release the writer's lock)."""
        self.conn.close()
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    # -- metadata --------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        """A value of the ``meta`` table."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def entries(self) -> dict[str, EntryInfo]:
        """The entries of the phrasebooks the store was last brought up to date with."""
        out = {}
        for eid, book, gloss, fingerprint, forms in self.conn.execute("SELECT * FROM entries"):
            parsed = tuple((str(a), str(b), str(c)) for a, b, c in json.loads(forms))
            out[eid] = EntryInfo(eid, book, gloss, fingerprint, parsed)
        return out

    def set_books(self, version: str, entries: Iterable[EntryInfo], books: Sequence[tuple[str, str]]) -> None:
        """Record that every document is now scanned with the books of ``version``."""
        with _transaction(self.conn):
            self.conn.execute("DELETE FROM entries")
            self.conn.executemany(
                "INSERT INTO entries VALUES (?, ?, ?, ?, ?)",
                [(e.id, e.book, e.gloss, e.fingerprint, json.dumps(e.forms, ensure_ascii=False)) for e in entries],
            )
            for key, value in (
                ("books_version", version),
                ("books", json.dumps([{"id": b, "path": p} for b, p in books], ensure_ascii=False)),
                ("updated", _now()),
            ):
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- documents -------------------------------------------------------------
    def known(self, path: str) -> dict[str, Known]:
        """The documents already stored from one source file, by key."""
        rows = self.conn.execute("SELECT key, id, hash, books FROM documents WHERE path = ?", (path,))
        return {key: Known(i, h, b) for key, i, h, b in rows}

    def write(self, scanned: Sequence[ScannedDocument], books: str) -> None:
        """Add or replace documents with their texts and occurrences, in one transaction."""
        with _transaction(self.conn):
            docs: list[tuple[object, ...]] = []
            texts: list[tuple[int, str]] = []
            occ_rows: list[tuple[object, ...]] = []
            replaced: list[tuple[int]] = []
            for item in scanned:
                d = item.doc
                if item.id is None:
                    self._next_id = self._next_id or self._max_id() + 1
                    doc_id = self._next_id
                    self._next_id += 1
                else:
                    doc_id = item.id
                    replaced.append((doc_id,))
                docs.append((doc_id, d.path, d.key, d.source, d.hash, d.date, item.lang, d.length, d.title, books))
                texts.append((doc_id, d.text))
                occ_rows.extend((doc_id, *o) for o in item.occurrences)
            self.conn.executemany("DELETE FROM occurrences WHERE document = ?", replaced)
            self.conn.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
            self.conn.executemany("INSERT OR REPLACE INTO texts VALUES (?, ?)", texts)
            self.conn.executemany("INSERT INTO occurrences VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", occ_rows)

    def _max_id(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0])

    def apply(self, results: Sequence[Rescanned], books: str) -> int:
        """Store the outcome of rescans in one transaction; returns how many documents changed."""
        changed = 0
        with _transaction(self.conn):
            for r in results:
                if r.occurrences is not None:
                    changed += 1
                    self.conn.execute("DELETE FROM occurrences WHERE document = ?", (r.id,))
                    self.conn.executemany(
                        "INSERT INTO occurrences VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [_occ_row(r.id, o) for o in r.occurrences],
                    )
            self.conn.executemany("UPDATE documents SET books = ? WHERE id = ?", [(books, r.id) for r in results])
        return changed

    def stale(self, books: str) -> list[tuple[int, str | None, str]]:
        """(id, date, books version) of every document not scanned with ``books``."""
        rows = self.conn.execute("SELECT id, date, books FROM documents WHERE books != ? ORDER BY id", (books,))
        return [(int(i), d, str(b)) for i, d, b in rows]

    def count_stale(self, books: str) -> int:
        """How many documents were not scanned with ``books``."""
        return int(self.conn.execute("SELECT count(*) FROM documents WHERE books != ?", (books,)).fetchone()[0])

    def documents_with(self, entries: Iterable[str]) -> set[int]:
        """Ids of the documents that have an occurrence of any of ``entries``."""
        out: set[int] = set()
        for eid in entries:
            out.update(
                r[0] for r in self.conn.execute("SELECT DISTINCT document FROM occurrences WHERE entry = ?", (eid,))
            )
        return out

    def text(self, doc_id: int) -> str:
        """The stored text of a document."""
        row = self.conn.execute("SELECT body FROM texts WHERE document = ?", (doc_id,)).fetchone()
        return "" if row is None else str(row[0])

    def counts(self) -> tuple[int, int]:
        """(documents, occurrences) in the store."""
        docs = self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        occs = self.conn.execute("SELECT count(*) FROM occurrences").fetchone()[0]
        return int(docs), int(occs)


def _writer_lock(name: str) -> int:
    """Hold ``NAME.lock`` (an flock, released by the OS even on kill -9): one writer at a time."""
    import fcntl

    try:
        fd = os.open(f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise InputError(f"{name}: cannot write ({err.strerror})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise InputError(f"{name}: another 'phrasetrack track' is writing to it") from None
    return fd


def _occ_row(doc_id: int, o: Occurrence) -> tuple[object, ...]:
    return (doc_id, *o)


def _schema_version(conn: sqlite3.Connection, name: str) -> int | None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return None
    if "meta" not in tables:
        raise InputError(f"{name}: not a phrasetrack database (an SQLite file with other tables)")
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        return None
    version = int(row[0])
    if version != SCHEMA_VERSION:
        raise InputError(
            f"{name}: tracking database of schema version {version}; this phrasetrack reads version {SCHEMA_VERSION}"
        )
    return version


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
