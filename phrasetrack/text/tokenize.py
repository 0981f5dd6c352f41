"""Tokens for matching: Latin-script words and single CJK characters, with their offsets.

>>> [t.text for t in tokenize(normalize_text("Xi's once in a century 大变局 G20"))]
["xi's", 'once', 'in', 'a', 'century', '大', '变', '局', 'g20']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from phrasetrack.text.normalize import CJK_CLASS, normalize

TOKEN = regex.compile(
    rf"[{CJK_CLASS}]|[\p{{L}}\p{{N}}\p{{M}}--[{CJK_CLASS}]]+(?:'[\p{{L}}\p{{N}}\p{{M}}--[{CJK_CLASS}]]+)*",
    regex.V1,
)
WORD_CHAR = regex.compile(rf"[\p{{L}}\p{{N}}\p{{M}}--[{CJK_CLASS}]]", regex.V1)


@dataclass(frozen=True, slots=True)
class Token:
    """A token of a normalized text: its text and ``[start, end)`` in that text."""

    text: str
    start: int
    end: int

    @property
    def cjk(self) -> bool:
        """True for a single CJK character (Han, kana, bopomofo: the ranges of ``CJK_CLASS``)."""
        t = self.text
        return len(t) == 1 and ("\u2e80" <= t <= "\u9fff" or "\uf900" <= t <= "\ufaff" or t >= "\U00020000")


def normalize_text(text: str) -> str:
    """Shorthand for ``normalize(text).text`` (used in doctests)."""
    return normalize(text).text


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of normalized ``text`` between ``start`` and ``end`` (whole words only)."""
    if end is None:
        end = len(text)
    while start > 0 and WORD_CHAR.match(text[start - 1]) and WORD_CHAR.match(text[start]):
        start -= 1
    n = len(text)
    while 0 < end < n and WORD_CHAR.match(text[end - 1]) and WORD_CHAR.match(text[end]):
        end += 1
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text, start, end)]


@cache
def _stemmer() -> object:
    import Stemmer

    return Stemmer.Stemmer("english")


@cache
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of an English word; CJK characters and numbers stay as they are.

    >>> stem("changes"), stem("changed"), stem("centuries")
    ('chang', 'chang', 'centuri')
    """
    if word.endswith("'s"):
        word = word[:-2]
    if not word.isascii() or not word.isalpha():
        return word
    return str(_stemmer().stemWords([word])[0])  # type: ignore[attr-defined]
