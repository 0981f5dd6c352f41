"""The cache of compiled phrasebooks: a hit gives the same matcher; any change to a book misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from phrasetrack.cache import load_matcher
from phrasetrack.errors import PhrasebookError
from tests.conftest import STARTER

TEXT = "世界正经历百年未有之大变局, and a once-in-a-century pandemic."


def test_hit_gives_the_same_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHRASETRACK_CACHE_DIR", str(tmp_path / "cache"))
    books, first = load_matcher([STARTER])
    assert len(list((tmp_path / "cache").glob("matcher-*.pickle"))) == 1
    books_again, second = load_matcher([STARTER])
    assert second is not first and books_again == books
    assert second.scan(TEXT) == first.scan(TEXT) and len(first.scan(TEXT)) == 2


def test_edited_book_misses_and_errors_still_name_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHRASETRACK_CACHE_DIR", str(tmp_path / "cache"))
    book = tmp_path / "book.yaml"
    book.write_text(STARTER.read_text(encoding="utf-8"), encoding="utf-8")
    load_matcher([book])
    book.write_text(book.read_text(encoding="utf-8").replace("百年变局", "百年之变局"), encoding="utf-8")
    _, matcher = load_matcher([book])
    assert [m.text for m in matcher.scan("百年之变局")] == ["百年之变局"]
    assert len(list((tmp_path / "cache").glob("matcher-*.pickle"))) == 2
    book.write_text("id: [", encoding="utf-8")
    with pytest.raises(PhrasebookError, match=r"book\.yaml"):
        load_matcher([book])


def test_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHRASETRACK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PHRASETRACK_NO_CACHE", "1")
    load_matcher([STARTER])
    assert not (tmp_path / "cache").exists()
