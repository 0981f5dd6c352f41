"""Frozen dataclasses of the tracking store: documents read, documents scanned, occurrences found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document read from a source, not yet scanned."""

    path: str  # the file it came from (absolute)
    key: str  # its id inside that file ("" for a text file)
    source: str  # the outlet or collection it belongs to
    date: str | None  # ISO YYYY-MM-DD
    title: str | None
    text: str
    hash: str  # content hash of source, date, title and text

    @property
    def length(self) -> int:
        """Length in characters."""
        return len(self.text)


class Occurrence(NamedTuple):
    """One match of a formula in a stored document (a named tuple: it crosses process boundaries
    by the hundred thousand, and tuples pickle several times faster than dataclasses)."""

    entry: str
    lang: str
    form: str
    status: str
    start: int
    end: int
    score: float
    text: str


@dataclass(frozen=True, slots=True)
class ScannedDocument:
    """A document with its language and the occurrences found in it."""

    doc: RawDocument
    lang: str
    occurrences: tuple[Occurrence, ...]
    id: int | None = None  # the row id of the version the store holds (None: a new document)


@dataclass(frozen=True, slots=True)
class StoredText:
    """A stored document to check again after a phrasebook change."""

    id: int
    date: str | None
    text: str
    full: bool  # rescan with every entry, without first checking the changed ones


@dataclass(frozen=True, slots=True)
class Rescanned:
    """The outcome of checking a stored document again: ``None`` when nothing changed."""

    id: int
    occurrences: tuple[Occurrence, ...] | None
