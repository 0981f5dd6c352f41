"""The command line: golden outputs, exit codes and one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phrasetrack.cli import app
from tests.conftest import ROOT, STARTER

runner = CliRunner()
SEED = "examples/xi_kim_2021-03-23.en.txt"
STARTER_ONLY = ["--no-builtin", "--book", str(STARTER.relative_to(ROOT))]


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(*args: str, input: bytes | str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_scan_examples_golden(fmt: str, golden) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("scan", "examples/", "--format", fmt, *STARTER_ONLY)
    assert code == 0, err
    golden(f"scan_examples.{fmt}", out)


def test_json_schema_fields() -> None:
    _code, out, _ = run("scan", SEED, "--format", "json", *STARTER_ONLY)
    doc = json.loads(out)
    assert doc["version"] == 1
    first = doc["matches"][0]
    assert list(first) == [
        "file", "entry", "lang", "form", "status", "preferred", "score", "edits",
        "start", "end", "line", "column", "text",
    ]  # fmt: skip
    text = (ROOT / SEED).read_text(encoding="utf-8")
    for m in doc["matches"]:
        assert text[m["start"] : m["end"]] == m["text"]


def test_seed_statement_findings() -> None:
    _code, out, _ = run("scan", SEED, "--format", "json", *STARTER_ONLY)
    found = {(m["entry"], m["status"]) for m in json.loads(out)["matches"]}
    assert ("gs-cpc-central-committee", "garbled") in found
    assert ("changes-unseen-in-a-century", "admitted") in found
    assert ("once-in-a-century-pandemic", "admitted") in found


def test_filters_and_stdin() -> None:
    code, out, _ = run(
        "scan", "-", "--format", "jsonl", "--lang", "zh", input="世纪疫情 and once-in-a-century pandemic"
    )
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["entry"] for r in rows] == ["once-in-a-century-pandemic"]
    assert rows[0]["file"] == "-" and rows[0]["lang"] == "zh"
    code, out, _ = run("scan", SEED, "--format", "jsonl", "--status", "garbled", *STARTER_ONLY)
    assert {json.loads(line)["status"] for line in out.splitlines()} == {"garbled"}


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, _ = run("scan", SEED, "--format", "json", "-o", str(target), *STARTER_ONLY)
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["matches"]


def test_encodings(tmp_path: Path) -> None:
    text = "中共中央总书记强调，世界正经历百年未有之大变局。"
    for enc in ("gb18030", "utf-16", "utf-8-sig"):
        path = tmp_path / f"x.{enc}.txt"
        path.write_bytes(text.encode(enc))
        code, out, err = run("scan", str(path), "--format", "jsonl")
        assert code == 0, err
        rows = [json.loads(line) for line in out.splitlines()]
        assert [r["entry"] for r in rows] == ["gs-cpc-central-committee", "changes-unseen-in-a-century"]
        assert text[rows[1]["start"] : rows[1]["end"]] == "百年未有之大变局"
    big5 = tmp_path / "big5.txt"
    big5.write_bytes("世界正經歷百年未有之大變局，傳統友誼長存。".encode("big5"))
    code, out, _ = run("scan", str(big5), "--format", "jsonl")
    assert [json.loads(line)["text"] for line in out.splitlines()] == ["百年未有之大變局", "傳統友誼"]
    code, out, _ = run("scan", str(big5), "--format", "jsonl", "--encoding", "big5")
    assert code == 0 and len(out.splitlines()) == 2


def assert_one_line_error(code: int, out: str, err: str, *needles: str) -> None:
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0]


def test_missing_file() -> None:
    assert_one_line_error(*run("scan", "no/such.txt"), "no/such.txt", "no such file")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes(range(256)) * 10)
    assert_one_line_error(*run("scan", str(path)), str(path), "binary")


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("café au lait, naïve résumé\n".encode("latin-1"))
    assert_one_line_error(*run("scan", str(path)), str(path), "--encoding")


def test_bad_encoding_name_and_bad_lang() -> None:
    assert_one_line_error(*run("scan", SEED, "--encoding", "klingon"), "klingon")
    assert_one_line_error(*run("scan", SEED, "--lang", "fr"), "fr")


def test_bad_phrasebook(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: b\ntitle: B\nlanguages: [en]\nentries:\n  - id: x\n    glos: y\n", encoding="utf-8")
    assert_one_line_error(*run("scan", SEED, "--book", str(path)), f"{path}:6:5", "did you mean 'gloss'")
    code, _out, err = run("books", "validate", str(path))
    assert code == 2 and f"{path}:6:5: unknown key 'glos'" in err


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, out, _ = run("scan", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["matches"] == []


def test_directory_walk_skips_binary(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("the once-in-a-century pandemic", encoding="utf-8")
    (tmp_path / "sub" / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / ".hidden.txt").write_text("once-in-a-century pandemic", encoding="utf-8")
    code, out, err = run("scan", str(tmp_path), "--format", "jsonl")
    assert code == 0
    assert [json.loads(line)["file"] for line in out.splitlines()] == [str(tmp_path / "sub" / "a.txt")]
    assert "Skipped:" in err and "b.png" in err


def test_large_one_line_file(tmp_path: Path) -> None:
    """A 50 MB file with no line break: the last formula is found at the right column."""
    path = tmp_path / "one-line.txt"
    filler = "the delegates discussed trade and the weather at length; "
    repeats = 50_000_000 // len(filler)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(filler * repeats)
        handle.write("a once-in-a-century pandemic")
    code, out, err = run("scan", str(path), "--format", "jsonl", "--lang", "en")
    assert code == 0, err
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["line"] == 1 and row["column"] == len(filler) * repeats + 3
    assert path.stat().st_size >= 49_999_900


def test_books_commands() -> None:
    code, out, _ = run("books", "list")
    assert code == 0 and "starter" in out
    code, out, _ = run("books", "show", "gs-cpc-central-committee")
    assert code == 0 and "secretary general of the CPC Central Committee" in out and "garbled" in out
    code, out, _ = run("books", "show", "starter")
    assert code == 0 and "gs-wpk" in out
    assert_one_line_error(*run("books", "show", "gs-cpc"), "did you mean")
    code, out, _ = run("books", "validate")
    assert code == 0 and "OK" in out


def test_failed_run_leaves_no_output_file(tmp_path: Path) -> None:
    bad = tmp_path / "blob.bin"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    target = tmp_path / "out.jsonl"
    code, out, err = run("scan", SEED, str(bad), "--format", "jsonl", "-o", str(target))
    assert_one_line_error(code, out, err, "blob.bin", "binary")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blob.bin"]
