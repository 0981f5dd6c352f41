"""Phrasebook validation: every problem names file:line:col and says how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from phrasetrack.errors import PhrasebookError
from phrasetrack.model import Status
from phrasetrack.phrasebook import load_book, load_books, parse_book

HEAD = "id: t\ntitle: T\nlanguages: [zh, en]\nentries:\n"


def entry(body: str) -> str:
    return HEAD + body


GOOD = entry(
    "  - id: e1\n"
    "    gloss: g\n"
    "    forms:\n"
    "      en:\n"
    "        - {text: common treasure, status: preferred, since: 2020-01}\n"
)


def problems(text: str) -> list[str]:
    with pytest.raises(PhrasebookError) as info:
        parse_book(text, "book.yaml")
    return info.value.problems


def test_good_book_loads() -> None:
    book = parse_book(GOOD, "book.yaml")
    assert book.id == "t"
    (e,) = book.entries
    assert e.forms[0].status is Status.PREFERRED
    assert e.forms[0].since == "2020-01"
    assert e.location == "book.yaml:5:5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD.replace("gloss: g", "glos: g"),
            "book.yaml:6:5: unknown key 'glos' in an entry (did you mean 'gloss'?)",
        ),
        (GOOD.replace("preferred", "prefered"), "unknown status 'prefered' (did you mean 'preferred'?)"),
        (
            GOOD.replace("2020-01", "2020-13"),
            "since '2020-13' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (GOOD.replace("common treasure", "''"), "form text is empty"),
        (GOOD.replace("common treasure", "'—'"), "form text has no letters or characters to match"),
        (GOOD.replace("    gloss: g\n", ""), "entry 'e1' has no 'gloss'; add 'gloss:'"),
        (GOOD.replace("id: e1", "id: E 1"), "entry id 'E 1' must be lower-case"),
        (GOOD + GOOD[len(HEAD) :], "duplicate entry id 'e1'"),
        (GOOD.replace("en:", "fr:"), "unknown key 'fr' in the forms of entry 'e1'"),
        (HEAD + "  - just text\n", "an entry must be a mapping"),
        ("id: t\ntitle: T\nlanguages: [zh]\nentries: {}\n", "entries must be a list"),
        ("id: [unclosed\n", "book.yaml:2:1: YAML syntax error"),
        ("", "book.yaml:1:1: empty phrasebook"),
        (GOOD.replace("since: 2020-01", "since: 2020, until: 2019"), "until '2019' is before since '2020'"),
        (GOOD.replace("preferred, since", "preferred, match: {mode: exakt}, since"), "mode 'exakt' must be"),
    ],
)
def test_problems_name_the_place_and_the_fix(text: str, expected: str) -> None:
    found = problems(text)
    assert any(expected in p for p in found), found
    assert all(p.startswith("book.yaml:") for p in found)


def test_form_in_two_entries(tmp_path: Path) -> None:
    second = GOOD.replace("id: t\n", "id: u\n").replace("id: e1", "id: e2").replace("since: 2020-01", "")
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(second.replace("common treasure", "Common  Treasure"), encoding="utf-8")
    with pytest.raises(PhrasebookError) as info:
        load_books([tmp_path / "a.yaml", tmp_path / "b.yaml"])
    assert "is also a form of entry 'e1'" in str(info.value)
    assert str(tmp_path / "b.yaml") in str(info.value)


def test_missing_and_non_utf8_book(tmp_path: Path) -> None:
    with pytest.raises(PhrasebookError, match="phrasebook not found"):
        load_book(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes("id: 中文".encode("gb18030"))
    with pytest.raises(PhrasebookError, match="not UTF-8"):
        load_book(bad)


def test_dated_status() -> None:
    book = parse_book(
        entry(
            "  - id: e1\n    gloss: g\n    forms:\n      en:\n"
            "        - {text: community of common destiny, status: preferred, until: '2015'}\n"
            "        - {text: community with a shared future for mankind, status: preferred, since: '2015'}\n"
        ),
        "book.yaml",
    )
    old, _new = book.entries[0].forms
    assert old.status_on("2013-05-01") is Status.PREFERRED
    assert old.status_on("2016-01-01") is Status.DEPRECATED
    assert old.status_on(None) is Status.DEPRECATED
    assert book.entries[0].preferred("en", "2013-01-01") == "community of common destiny"
    assert book.entries[0].preferred("en") == "community with a shared future for mankind"
