"""Every phrasebook entry carries examples, and every example runs here as a test."""

from __future__ import annotations

import pytest

from phrasetrack.match import Matcher
from phrasetrack.model import Book
from phrasetrack.phrasebook import builtin_book_paths, load_books

BOOKS = load_books(builtin_book_paths())
CASES = [
    pytest.param(entry.id, lang, kind, text, id=f"{entry.id}-{lang}-{kind}-{i}")
    for book in BOOKS
    for entry in book.entries
    for lang, examples in entry.examples.items()
    for kind, texts in (("match", examples.match), ("no_match", examples.no_match))
    for i, text in enumerate(texts)
]


def test_books_ship() -> None:
    assert BOOKS, "no phrasebooks found"
    assert sum(len(b.entries) for b in BOOKS) >= 10


@pytest.mark.parametrize("entry_id", [e.id for b in BOOKS for e in b.entries])
def test_every_entry_has_examples_in_each_language(entry_id: str, books: list[Book]) -> None:
    entry = next(e for b in books for e in b.entries if e.id == entry_id)
    for lang in {f.lang for f in entry.forms}:
        examples = entry.examples.get(lang)
        assert examples is not None and examples.match, f"{entry.location}: no {lang} match example"
        assert examples.no_match, f"{entry.location}: no {lang} no_match example"


@pytest.mark.parametrize(("entry_id", "lang", "kind", "text"), CASES)
def test_example(entry_id: str, lang: str, kind: str, text: str, matcher: Matcher) -> None:
    found = [m for m in matcher.scan(text) if m.entry == entry_id]
    if kind == "match":
        assert found, f"{entry_id}: expected a match in {text!r}"
        assert all(m.lang == lang for m in found)
        assert any(text[m.start : m.end] == m.text for m in found)
    else:
        assert not found, f"{entry_id}: unexpected match {found[0].text!r} in {text!r}"
