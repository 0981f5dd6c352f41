"""Curator tools: lint, examples, export and import."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phrasetrack.books_io import export_books, import_termbase
from phrasetrack.cli import app
from phrasetrack.curate import LINT_CODES, check_examples, lint
from phrasetrack.errors import InputError
from phrasetrack.phrasebook import load_books, parse_book
from tests.conftest import STARTER

BAD = """\
id: bad
title: Bad
languages: [zh, en]
sources:
  - {id: src, title: A source}
entries:
  - id: core
    gloss: core interests
    forms:
      en:
        - {text: interests, status: preferred, source: src}
        - {text: core national interests of China, status: admitted}
    examples:
      en:
        match: [China's core national interests of China]
  - id: core-long
    gloss: long
    forms:
      zh:
        - {text: 核心利益问题, status: preferred, source: src}
        - {text: 利益, status: admitted, source: src}
      en:
        - {text: protect core national interests of China firmly, status: preferred, source: nowhere}
        - {text: protect core national interest of China firmly, status: preferred, source: src}
"""


def codes_at(issues: list, code: str) -> list[str]:  # type: ignore[type-arg]
    return [i.location for i in issues if i.code == code]


def test_lint_finds_each_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    issues = lint(load_books([path]))
    found = {i.code for i in issues}
    assert found == set(LINT_CODES), found
    assert codes_at(issues, "short-form") == [f"{path}:11:11", f"{path}:21:11"]
    assert codes_at(issues, "missing-source") == [f"{path}:12:11"]
    assert codes_at(issues, "unknown-source") == [f"{path}:23:11"]
    assert codes_at(issues, "missing-language") == [f"{path}:7:5"]
    assert f"{path}:12:11" in codes_at(issues, "contained-form")
    assert codes_at(issues, "overlapping-variant") == [f"{path}:24:11"]
    assert len(codes_at(issues, "missing-examples")) == 3


def test_shipped_books_lint_clean_of_errors_that_matter() -> None:
    issues = lint(load_books([STARTER]))
    assert issues == [], [i.describe() for i in issues]


def test_check_examples_reports_failures() -> None:
    book = parse_book(
        BAD.replace(
            "match: [China's core national interests of China]", "match: [nothing here]\n        no_match: [interests]"
        ),
        "bad.yaml",
    )
    count, failures = check_examples([book])
    assert count == 2
    assert {(f.kind, f.entry) for f in failures} == {("match", "core"), ("no_match", "core")}
    assert "bad.yaml:7:5: core: en example finds nothing" in failures[0].describe() + failures[1].describe()


@pytest.mark.parametrize("fmt", ["csv", "tbx"])
def test_export_import_round_trip(fmt: str) -> None:
    books = load_books([STARTER])
    text = export_books(books, fmt)
    book = parse_book(import_termbase(text, f"starter.{fmt}", "again"), "again.yaml")
    before = {(e.id, f.lang, f.text, f.status, f.since, f.until) for e in books[0].entries for f in e.forms}
    after = {(e.id, f.lang, f.text, f.status, f.since, f.until) for e in book.entries for f in e.forms}
    assert after == before


def test_tbx_is_tbx_basic() -> None:
    root = ET.fromstring(export_books(load_books([STARTER]), "tbx"))
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    entries = root.findall("./text/body/termEntry")
    assert len(entries) == len(load_books([STARTER])[0].entries)
    for entry in entries:
        for tig in entry.iter("tig"):
            assert tig.find("term") is not None
            status = tig.find("termNote[@type='administrativeStatus']")
            assert status is not None and status.text and status.text.endswith("Term-admn-sts")


def test_export_json() -> None:
    import json

    doc = json.loads(export_books(load_books([STARTER]), "json"))
    assert doc["version"] == 1 and doc["books"][0]["id"] == "starter"
    assert doc["books"][0]["entries"][0]["forms"][0] == {
        "lang": "zh", "text": "百年未有之大变局", "status": "preferred",
        "since": None, "until": None, "source": "xinhua-zh", "note": None,
    }  # fmt: skip


def test_import_wide_csv() -> None:
    text = "zh,en,note\n百年未有之大变局,profound changes unseen in a century; changes unseen in a century,from desk\n"
    book = parse_book(import_termbase(text, "desk.csv", "desk"), "desk.yaml")
    (entry,) = book.entries
    assert entry.id == "profound-changes-unseen-in-a-century" and entry.note == "from desk"
    assert [(f.lang, f.text, f.status.value) for f in entry.forms] == [
        ("zh", "百年未有之大变局", "preferred"),
        ("en", "profound changes unseen in a century", "preferred"),
        ("en", "changes unseen in a century", "admitted"),
    ]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("<martif><text><body><termEntry>", "not valid TBX/XML"),
        ("a,b\n1,2\n", "one column per language"),
        ("lang,text,status\nen,common treasure,prefered\n", "unknown status 'prefered'"),
        ("zh,en\n", "no terms found"),
    ],
)
def test_import_bad_input(text: str, needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        import_termbase(text, "desk.csv", "desk")


def test_cli_export_import_lint_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    book_args = ["--no-builtin", "--book", str(STARTER)]
    tbx = tmp_path / "starter.tbx"
    result = runner.invoke(app, ["books", "export", "--format", "tbx", "-o", str(tbx), *book_args])
    assert result.exit_code == 0 and tbx.read_text(encoding="utf-8").startswith("<?xml")
    book = tmp_path / "desk.yaml"
    result = runner.invoke(app, ["books", "import", str(tbx), "--id", "desk", "-o", str(book)])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(app, ["books", "validate", "--no-builtin", str(book)])
    assert result.exit_code == 0 and "OK" in result.stdout
    result = runner.invoke(app, ["books", "lint", str(book)])
    assert result.exit_code == 1 and "missing-examples" in result.stdout
    result = runner.invoke(app, ["books", "test", str(STARTER)])
    assert result.exit_code == 0 and "0 failed" in result.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["books", "import", str(bad), "-o", str(tmp_path / "never.yaml")])
    assert result.exit_code == 2 and result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "never.yaml").exists()
