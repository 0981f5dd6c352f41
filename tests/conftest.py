"""Shared fixtures. ``pytest --update-golden`` rewrites the golden files on purpose."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# compiled phrasebooks are cached per user; the tests use a cache of their own
os.environ.setdefault("PHRASETRACK_CACHE_DIR", tempfile.mkdtemp(prefix="phrasetrack-test-cache-"))

from phrasetrack.match import Matcher
from phrasetrack.model import Book
from phrasetrack.phrasebook import builtin_book_paths, load_books

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
STARTER = ROOT / "phrasebooks" / "starter.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/* from current output")


@pytest.fixture(scope="session")
def books() -> list[Book]:
    return load_books(builtin_book_paths())


@pytest.fixture(scope="session")
def matcher(books: list[Book]) -> Matcher:
    return Matcher(books)


@pytest.fixture(scope="session")
def starter_matcher() -> Matcher:
    return Matcher(load_books([STARTER]))


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Compare text with ``tests/golden/NAME`` (or rewrite it with --update-golden)."""
    update = request.config.getoption("--update-golden")

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            path.write_text(actual, encoding="utf-8")
            if not update:
                pytest.fail(f"golden file {name} was missing and has been written; check it in")
        assert actual == path.read_text(encoding="utf-8"), f"output differs from golden {name}"

    return check
