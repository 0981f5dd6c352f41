"""Frozen dataclasses shared by every part of phrasetrack."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """TBX-style status of a rendering."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    GARBLED = "garbled"

    @property
    def rank(self) -> int:
        """Lower is better: used to break ties between overlapping matches."""
        return _STATUS_RANK[self]


_STATUS_RANK = {Status.PREFERRED: 0, Status.ADMITTED: 1, Status.DEPRECATED: 2, Status.GARBLED: 3}

LANGS = ("zh", "en")


@dataclass(frozen=True)
class MatchOptions:
    """How one form may be matched: fuzzily (up to ``max_edits``) or exactly, case-folded or not."""

    fuzzy: bool = True
    max_edits: int | None = None  # None: grows with the length of the form
    case_sensitive: bool = False


@dataclass(frozen=True)
class Form:
    """One rendering of an entry in one language."""

    text: str
    lang: str
    status: Status
    since: str | None = None
    until: str | None = None
    source: str | None = None
    note: str | None = None
    options: MatchOptions = field(default_factory=MatchOptions)
    location: str = field(default="", compare=False)

    def status_on(self, date: str | None) -> Status:
        """The status on ``date`` (ISO, any precision; ``None`` is today).

        A preferred form past its ``until`` is deprecated; before its ``since`` it is only admitted.
        """
        if self.status is not Status.PREFERRED:
            return self.status
        if self.until is not None and (date is None or date[: len(self.until)] > self.until):
            return Status.DEPRECATED
        if self.since is not None and date is not None and date[: len(self.since)] < self.since:
            return Status.ADMITTED
        return self.status


@dataclass(frozen=True)
class Examples:
    """Texts that must (``match``) and must not (``no_match``) produce a match of the entry."""

    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One concept with its renderings per language."""

    id: str
    book: str
    gloss: str
    forms: tuple[Form, ...]
    tags: tuple[str, ...] = ()
    first_use: str | None = None
    note: str | None = None
    examples: dict[str, Examples] = field(default_factory=dict, hash=False, compare=False)
    location: str = ""

    def forms_in(self, lang: str) -> tuple[Form, ...]:
        """The forms of this entry in ``lang``."""
        return tuple(f for f in self.forms if f.lang == lang)

    def preferred(self, lang: str, date: str | None = None) -> str | None:
        """The preferred rendering in ``lang`` on ``date`` (today when ``None``)."""
        current = [f for f in self.forms_in(lang) if f.status_on(date) is Status.PREFERRED]
        if not current:
            return None
        return max(current, key=lambda f: f.since or "").text


@dataclass(frozen=True)
class Source:
    """A publication or term list that renderings cite."""

    id: str
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Book:
    """One phrasebook file."""

    id: str
    title: str
    languages: tuple[str, ...]
    description: str
    path: str
    entries: tuple[Entry, ...]
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Edit:
    """One difference between a form and the text it matched."""

    op: str  # substitute, insert, delete, case; minor: inflect, join, split
    expected: str  # the form's token ("" for an insertion)
    found: str  # the text's token ("" for a deletion)

    def describe(self) -> str:
        """A compact human-readable rendering, e.g. ``change→changes``."""
        if self.op == "insert":
            return f"+{self.found}"
        if self.op == "delete":
            return f"-{self.expected}"
        return f"{self.expected}→{self.found}"


@dataclass(frozen=True)
class Match:
    """A formula found in a text."""

    entry: str
    lang: str
    form: str
    status: Status
    preferred: str | None
    score: float
    edits: tuple[Edit, ...]
    start: int
    end: int
    text: str
    line: int = 0
    column: int = 0
    file: str = ""

    @property
    def exact(self) -> bool:
        """True when the text is the form itself, after normalization."""
        return not self.edits
