"""Corpus tracking: ingest into SQLite, incremental re-runs, timelines, top, kwic, discover, errors."""

from __future__ import annotations

import csv
import io
import json
import random
import sqlite3
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phrasetrack.cli import app
from phrasetrack.phrasebook import parse_book
from phrasetrack.track.discover import DiscoverOptions, discover
from phrasetrack.track.ingest import IngestOptions, ingest
from phrasetrack.track.periods import parse_period
from phrasetrack.track.query import kwic, timelines, top
from phrasetrack.track.sources import Fields, SourceFile, detect_lang, read_source
from phrasetrack.track.store import SCHEMA_VERSION, Store
from tests.test_track_corpus import (
    EN_FILLER,
    TINY_BOOK,
    ZH_FILLER,
    make_document,
    write_book,
    write_corpus,
    write_jsonl,
)

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path, Counter[tuple[str, str]]]:
    """(corpus folder, book file, expected occurrences per (entry, year))."""
    expected = write_corpus(tmp_path / "corpus")
    return tmp_path / "corpus", write_book(tmp_path), expected


def track(db: Path, book: Path, *paths: Path | str, extra: tuple[str, ...] = ()) -> str:
    code, out, err = run("track", *paths, "--db", db, "--no-builtin", "--book", book, *extra)
    assert code == 0, err
    return out


def occurrence_rows(db: Path) -> list[tuple[object, ...]]:
    """Every occurrence with its document's path and key (not its row id), sorted."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            'SELECT d.path, d.key, o.entry, o.form, o.status, o.start, o."end", o.score, o.text '
            "FROM occurrences o JOIN documents d ON d.id = o.document"
        ).fetchall()
    return sorted(rows)


# -- reading sources ---------------------------------------------------------------------------------
def test_text_file_dates_titles_and_language(tmp_path: Path) -> None:
    (tmp_path / "xinhua").mkdir()
    files = {
        "xinhua/line.txt": "date 2021-03-23\n\n世界正经历百年未有之大变局。",
        "xinhua/front.txt": "---\ntitle: A statement\ndate: 2020-01-02\n---\nThe world faces profound changes.",
        "xinhua/cctv_20190101.txt": "No date line here, but the file name has one.",
        "xinhua/undated.txt": "Nothing to date this text.",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    docs = {}
    for name in files:
        path = str(tmp_path / name)
        (doc,) = read_source(SourceFile(path, "text", True, 0), Fields())
        docs[name] = doc
    assert docs["xinhua/line.txt"].date == "2021-03-23"
    assert docs["xinhua/front.txt"].date == "2020-01-02"
    assert docs["xinhua/front.txt"].title == "A statement"
    assert docs["xinhua/cctv_20190101.txt"].date == "2019-01-01"
    assert docs["xinhua/undated.txt"].date is None
    assert {d.source for d in docs.values()} == {"xinhua"}
    assert detect_lang(docs["xinhua/line.txt"].text) == "zh"
    assert detect_lang(docs["xinhua/front.txt"].text) == "en"


def test_jsonl_gz_with_configured_fields(tmp_path: Path) -> None:
    rng = random.Random(1)
    records: list[dict[str, object]] = [
        {
            "doc_id": f"a{n}",
            "published": f"2019-03-0{n + 1} 19:00:00",
            "outlet": "xinhua" if n % 2 else "cctv",
            "headline": f"Headline {n}",
            "body": make_document(rng, "zh", "2019-03-01", ["community-shared-future"]).split("\n", 2)[2],
        }
        for n in range(4)
    ]
    records.append({"doc_id": "empty", "published": "2019-03-09", "body": ""})
    path = write_jsonl(tmp_path / "feed.jsonl.gz", records)
    book = write_book(tmp_path)
    db = tmp_path / "t.db"
    out = track(
        db, book, path,
        extra=("--id-field", "doc_id", "--date-field", "published", "--text-field", "body",
               "--title-field", "headline", "--source-field", "outlet"),
    )  # fmt: skip
    assert "5 document(s) read" in out and "4 added" in out and "1 empty" in out
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT key, source, date, title, lang FROM documents ORDER BY key").fetchall()
        assert rows[0] == ("a0", "cctv", "2019-03-01", "Headline 0", "zh")
        assert rows[1][1] == "xinhua"
        found = conn.execute("SELECT count(*) FROM occurrences WHERE entry = 'community-shared-future'").fetchone()
        assert found == (4,)


def test_csv_source(tmp_path: Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "date", "title", "text"])
    writer.writerow(["1", "2018-05-04", "One", "The world is undergoing profound changes unseen in a century."])
    writer.writerow(["2", "2018-06-04", "Two", "Nothing of note, said the speaker."])
    (tmp_path / "items.csv").write_text(buf.getvalue(), encoding="utf-8")
    db = tmp_path / "t.db"
    track(db, write_book(tmp_path), tmp_path / "items.csv")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT key, date, lang, source FROM documents ORDER BY key").fetchall() == [
            ("1", "2018-05-04", "en", "items"),
            ("2", "2018-06-04", "en", "items"),
        ]
        assert conn.execute("SELECT entry, form FROM occurrences").fetchall() == [
            ("changes-unseen-in-a-century", "profound changes unseen in a century")
        ]


# -- the store ----------------------------------------------------------------------------------------
def test_store_schema_and_offsets(corpus: tuple[Path, Path, Counter[tuple[str, str]]], tmp_path: Path) -> None:
    folder, book, expected = corpus
    db = tmp_path / "t.db"
    track(db, book, folder)
    with sqlite3.connect(db) as conn:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        assert meta["schema_version"] == str(SCHEMA_VERSION) == "1"
        assert len(meta["books_version"]) == 16
        assert json.loads(meta["books"])[0]["id"] == "tiny"
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (24,)
        total = conn.execute("SELECT count(*) FROM occurrences").fetchone()[0]
        assert total == sum(expected.values())
        for body, start, end, text in conn.execute(
            'SELECT t.body, o.start, o."end", o.text FROM occurrences o JOIN texts t ON t.document = o.document'
        ):
            assert body[start:end] == text
        # the old rendering is reported as deprecated in documents after its 'until'
        statuses = dict(conn.execute("SELECT form, status FROM occurrences WHERE entry = 'belt-and-road'"))
        assert statuses["One Belt One Road"] == "deprecated"
        assert statuses["Belt and Road Initiative"] == "preferred"


def test_rerun_is_idempotent_and_incremental(
    corpus: tuple[Path, Path, Counter[tuple[str, str]]], tmp_path: Path
) -> None:
    folder, book, _ = corpus
    db = tmp_path / "t.db"
    track(db, book, folder)
    before = occurrence_rows(db)
    out = track(db, book, folder)
    assert "0 added, 0 updated, 24 unchanged" in out
    assert "0 occurrence(s) found in this run" in out
    assert occurrence_rows(db) == before
    # one file edited: only it is scanned again, its old occurrences replaced
    target = folder / "2016-0.zh.txt"
    target.write_text(target.read_text(encoding="utf-8") + "我们要推动构建人类命运共同体。\n", encoding="utf-8")
    out = track(db, book, folder)
    assert "0 added, 1 updated, 23 unchanged" in out
    after = occurrence_rows(db)
    assert len(after) == len(before) + 1
    fresh = tmp_path / "fresh.db"
    track(fresh, book, folder)
    assert occurrence_rows(fresh) == after


def test_phrasebook_change_rescans_only_affected_documents(
    corpus: tuple[Path, Path, Counter[tuple[str, str]]], tmp_path: Path
) -> None:
    folder, book, _ = corpus
    db = tmp_path / "t.db"
    track(db, book, folder)
    # a new form for one entry, and one entry dropped
    changed = TINY_BOOK.replace(
        "        - {text: 百年变局, status: admitted}\n",
        "        - {text: 百年变局, status: admitted}\n        - {text: 世界正经历, status: admitted}\n",
    )
    changed = changed.split("  - id: belt-and-road")[0]
    write_book(tmp_path, changed)
    out = track(db, book)  # no sources: bring the stored documents up to date
    assert "24 stored document(s) checked" in out
    # rescanned: the 8 documents where the changed entry matches and the 8 with the dropped one, 4 of them
    # both; the other 12 are left as they are
    assert "phrasebooks changed (2 entries): 24 stored document(s) checked, 12 rescanned" in out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM occurrences WHERE entry = 'belt-and-road'").fetchone() == (0,)
    fresh = tmp_path / "fresh.db"
    track(fresh, book, folder)
    assert occurrence_rows(db) == occurrence_rows(fresh)
    # nothing more to do afterwards
    out = track(db, book, folder)
    assert "checked" not in out and "24 unchanged" in out


def test_jobs_give_the_same_store(corpus: tuple[Path, Path, Counter[tuple[str, str]]], tmp_path: Path) -> None:
    folder, book, _ = corpus
    track(tmp_path / "one.db", book, folder)
    track(tmp_path / "two.db", book, folder, extra=("--jobs", "2", "--batch-size", "5"))
    assert occurrence_rows(tmp_path / "one.db") == occurrence_rows(tmp_path / "two.db")


# -- queries ----------------------------------------------------------------------------------------
def test_timeline_counts_rates_and_forms(corpus: tuple[Path, Path, Counter[tuple[str, str]]], tmp_path: Path) -> None:
    folder, book, expected = corpus
    db = tmp_path / "t.db"
    track(db, book, folder)
    code, out, err = run("timeline", "community-shared-future", "百年未有之大变局", "belt-and-road", "--db", db,
                         "--format", "json")  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert data["version"] == 1
    by_entry = {t["entry"]: t for t in data["timelines"]}
    assert set(by_entry) == {"community-shared-future", "changes-unseen-in-a-century", "belt-and-road"}
    for entry, t in by_entry.items():
        assert [p["period"] for p in t["periods"]] == ["2016", "2017", "2018", "2019"]
        for p in t["periods"]:
            assert p["occurrences"] == expected[(entry, p["period"])]
            assert p["corpus_documents"] == 6
            assert p["per_million"] == pytest.approx(p["occurrences"] * 1e6 / p["corpus_chars"], abs=0.001)
    century = by_entry["changes-unseen-in-a-century"]
    assert century["first_seen"] == "2018-01-10" and century["last_seen"] == "2019-07-13"
    # 2019: three documents with the formula once and one with it twice
    community = by_entry["community-shared-future"]["periods"][3]
    assert community["occurrences"] == 5 and community["documents"] == 4
    # rendering drift: the old English rendering only in 2016, deprecated
    bri = {p["period"]: p["forms"] for p in by_entry["belt-and-road"]["periods"]}
    assert {f["form"]: f["status"] for f in bri["2016"]}["One Belt One Road"] == "deprecated"
    assert all(f["form"] != "One Belt One Road" for f in bri["2018"])


def test_timeline_table_csv_by_month_and_filters(
    corpus: tuple[Path, Path, Counter[tuple[str, str]]], tmp_path: Path
) -> None:
    folder, book, _ = corpus
    db = tmp_path / "t.db"
    track(db, book, folder)
    code, out, _ = run("timeline", "changes-unseen-in-a-century", "--db", db)
    assert code == 0
    assert "first seen 2018-01-10, last seen 2019-07-13" in out
    assert "per M chars  ▁▁" in out  # sparkline: nothing in 2016 and 2017
    assert "百年未有之大变局" in out
    code, out, _ = run("timeline", "changes-unseen-in-a-century", "--db", db, "--by", "month", "--since", "2018",
                       "--until", "2018", "--lang", "zh", "--format", "csv")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    totals = [r for r in rows if r["form"] == ""]
    assert [r["period"] for r in totals] == [f"2018-{m:02d}" for m in range(1, 10)]
    assert sum(int(r["occurrences"]) for r in totals) == 2
    code, out, _ = run("timeline", "changes-unseen-in-a-century", "--db", db, "--by", "week", "--format", "json")
    periods = json.loads(out)["timelines"][0]["periods"]
    assert periods[0]["period"] == "2016-W01" and all("-W" in p["period"] for p in periods)


def test_timeline_plot(corpus: tuple[Path, Path, Counter[tuple[str, str]]], tmp_path: Path) -> None:
    folder, book, _ = corpus
    db = tmp_path / "t.db"
    track(db, book, folder)
    for name in ("plot.png", "plot.svg"):
        code, _out, err = run("timeline", "belt-and-road", "community-shared-future", "--db", db,
                              "--plot", tmp_path / name)  # fmt: skip
        assert code == 0, err
    assert (tmp_path / "plot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "plot.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "One Belt One Road" in svg
    code, _out, err = run("timeline", "belt-and-road", "--db", db, "--plot", tmp_path / "plot.gif")
    assert code == 2 and err.startswith("Error: ") and "plot.gif" in err
    assert not (tmp_path / "plot.gif").exists()


def test_top_most_used_rising_falling(corpus: tuple[Path, Path, Counter[tuple[str, str]]], tmp_path: Path) -> None:
    folder, book, _ = corpus
    db = tmp_path / "t.db"
    track(db, book, folder)
    code, out, err = run("top", "--period", "2018", "--db", db, "--format", "json", "--min-count", "1")
    assert code == 0, err
    data = json.loads(out)
    assert data["compare"]["label"] == "2017"
    assert data["most_used"][0]["entry"] == "changes-unseen-in-a-century"
    assert data["rising"][0]["entry"] == "changes-unseen-in-a-century"
    assert data["rising"][0]["base_occurrences"] == 0
    code, out, _ = run("top", "--period", "2017", "--compare", "2016", "--db", db, "--format", "json",
                       "--min-count", "1")  # fmt: skip
    data = json.loads(out)
    assert data["compare"]["label"] == "2016"
    code, out, _ = run("top", "--period", "2018..2019", "--db", db, "--limit", "2")
    assert code == 0 and "most used in 2018..2019" in out and "against 2016..2017" in out
    code, out, _ = run("top", "--period", "2019", "--db", db, "--format", "csv")
    assert out.splitlines()[0].startswith("list,entry,gloss,occurrences")


def test_top_falling(tmp_path: Path) -> None:
    rng = random.Random(3)
    folder = tmp_path / "c"
    folder.mkdir()
    for year, count in ((2020, 5), (2021, 1)):
        for i in range(5):
            formulas = ["belt-and-road"] if i < count else []
            text = make_document(rng, "zh", f"{year}-0{i + 1}-01", formulas)
            (folder / f"{year}-{i}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "t.db"
    track(db, write_book(tmp_path), folder)
    result = top(Store.open(db), parse_period("2021"), min_count=3)
    assert [r.entry for r in result.falling] == ["belt-and-road"]
    assert result.falling[0].base_occurrences == 5 and result.falling[0].occurrences == 1


def test_kwic_lines(corpus: tuple[Path, Path, Counter[tuple[str, str]]], tmp_path: Path) -> None:
    folder, book, _ = corpus
    db = tmp_path / "t.db"
    track(db, book, folder)
    code, out, err = run("kwic", "changes-unseen-in-a-century", "--db", db, "--width", "8")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 8
    assert lines[0].startswith("2018-01-10  corpus")
    assert "[百年未有之大变局]" in lines[0] and "正经历[" in lines[0]
    code, out, _ = run("kwic", "百年未有之大变局", "--db", db, "--format", "json", "--limit", "3", "--lang", "en")
    data = json.loads(out)
    assert len(data["lines"]) == 3
    assert data["lines"][0]["hit"] == "profound changes unseen in a century"
    assert data["lines"][0]["left"].endswith("undergoing ")
    code, out, _ = run("kwic", "belt-and-road", "--db", db, "--form", "One Belt One Road", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1 and rows[0]["status"] == "deprecated" and rows[0]["date"].startswith("2016")


# -- discovery --------------------------------------------------------------------------------------
def emerging_corpus(folder: Path) -> None:
    """2015-2017: filler only; from 2018: the century formula in varied contexts, in both languages."""
    rng = random.Random(5)
    folder.mkdir()
    zh_lead = ("当今世界正经历", "放眼世界，我们面对的是", "当前，世界处于", "我们要深刻认识", "面对", "在")
    en_lead = ("The world is going through", "We face", "Amid", "In an era of", "He spoke of", "Asia must respond to")
    n = 0
    for year in (2015, 2016, 2017, 2018):
        for i in range(16):
            lang = "zh" if i % 2 == 0 else "en"
            filler = ZH_FILLER if lang == "zh" else EN_FILLER
            sentences = rng.sample(filler, 5)
            if year == 2018 and i < 12:
                if lang == "zh":
                    sentences.insert(2, f"{rng.choice(zh_lead)}百年未有之大变局。")
                else:
                    sentences.insert(2, f"{rng.choice(en_lead)} profound changes unseen in a century.")
            text = ("".join if lang == "zh" else " ".join)(sentences)
            source = folder / ("xinhua", "cctv", "people")[n % 3]  # a folder per source
            source.mkdir(exist_ok=True)
            (source / f"{n}.txt").write_text(f"date {year}-{1 + i % 12:02d}-15\n\n{text}\n", encoding="utf-8")
            n += 1


def test_discover_finds_a_formula_removed_from_the_books(tmp_path: Path) -> None:
    emerging_corpus(tmp_path / "c")
    book = write_book(tmp_path)
    db = tmp_path / "t.db"
    track(db, book, tmp_path / "c")
    full = [parse_book(TINY_BOOK, "tiny.yaml")]
    without = [replace(b, entries=tuple(e for e in b.entries if e.id != "changes-unseen-in-a-century")) for b in full]
    store = Store.open(db)
    found = discover(store, without, DiscoverOptions(period=parse_period("2018")))
    by_lang = {c.lang: c for c in reversed(found)}  # best of each language
    assert found[0].text in ("百年未有之大变局", "profound changes unseen in a century")
    assert by_lang["zh"].text == "百年未有之大变局"
    assert by_lang["en"].text == "profound changes unseen in a century"
    zh = by_lang["zh"]
    assert zh.documents == 6 and zh.base_documents == 0 and zh.first_seen == "2018-01-15"
    assert zh.sources == 3 and {e.source for e in zh.examples} == {"xinhua", "cctv", "people"}
    assert any("百年未有之大变局" in e.text for e in zh.examples)
    # the stub is a valid phrasebook entry that matches its own example
    stub_book = parse_book(
        "id: new\ntitle: New\nlanguages: [zh, en]\ndescription: d\nentries:\n" + zh.stub, "stub.yaml"
    )
    (entry,) = stub_book.entries
    assert entry.forms[0].text == "百年未有之大变局" and entry.first_use == "2018-01"
    # with the entry in the books, the formula is known and not proposed
    again = discover(store, full, DiscoverOptions(period=parse_period("2018")))
    assert all("百年未有之大变局" not in c.text and "unseen in a century" not in c.text for c in again)
    # before it emerged it is not there, and what chance throws up scores far lower
    before = discover(store, without, DiscoverOptions(period=parse_period("2017")))
    assert all("大变局" not in c.text and "unseen" not in c.text for c in before)
    assert all(c.score < zh.score / 3 for c in before)


def test_discover_cli_formats(tmp_path: Path) -> None:
    emerging_corpus(tmp_path / "c")
    other = write_book(tmp_path, TINY_BOOK.split("  - id: changes-unseen")[0]
                       + TINY_BOOK.split("  - id: community-shared-future")[1].join(["  - id: community-shared-future", ""]),
                       "other.yaml")  # fmt: skip
    db = tmp_path / "t.db"
    track(db, write_book(tmp_path), tmp_path / "c")
    code, out, err = run("discover", "--db", db, "--no-builtin", "--book", other, "--lang", "zh", "--limit", "1")
    assert code == 0, err
    assert out.startswith("1. 百年未有之大变局  [zh] 6 docs")
    assert "- id: zh-" in out and '{text: "百年未有之大变局", status: preferred}' in out
    code, out, _ = run("discover", "--db", db, "--no-builtin", "--book", other, "--format", "json", "--period", "2018")
    data = json.loads(out)
    assert data["version"] == 1 and {c["lang"] for c in data["candidates"]} == {"zh", "en"}
    code, out, _ = run("discover", "--db", db, "--no-builtin", "--book", other, "--format", "yaml", "--min-docs", "7")
    assert code == 0 and out == ""


# -- errors -----------------------------------------------------------------------------------------
def test_errors_are_one_line_with_exit_2(tmp_path: Path) -> None:
    book = write_book(tmp_path)
    db = tmp_path / "t.db"
    track(db, book, write_jsonl(tmp_path / "good.jsonl", [{"id": 1, "text": "ok", "date": "2020-01-01"}]))
    missing = tmp_path / "none.db"
    bad_jsonl = tmp_path / "bad.jsonl"
    bad_jsonl.write_text('{"id": 1, "text": "ok", "date": "2020-01-01"}\n{"id": 2, "text": \n', encoding="utf-8")
    wrong_field = write_jsonl(tmp_path / "wrong.jsonl", [{"id": 1, "body": "x"}])
    not_db = tmp_path / "not.db"
    not_db.write_bytes(b"this is not a database at all, just some text" * 40)
    cases = [
        (("timeline", "x", "--db", missing), f"{missing}: no such tracking database"),
        (("track", bad_jsonl, "--db", db, "--no-builtin", "--book", book), f"{bad_jsonl.resolve()}:2: invalid JSON"),
        (("track", wrong_field, "--db", db, "--no-builtin", "--book", book), "no field 'text' for the text (it has: id, body)"),
        (("track", tmp_path / "nowhere", "--db", db, "--no-builtin", "--book", book), "no such file or directory"),
        (("kwic", "x", "--db", not_db), f"{not_db}: not a phrasetrack database"),
        (("top", "--period", "2021-13", "--db", db), "bad period '2021-13'"),
        (("track", "--db", db, "--no-builtin", "--book", book, "--scheduler", "tcp://x:1", "--engine", "local"),
         "--scheduler is for --engine dask"),
    ]  # fmt: skip
    for args, message in cases:
        code, _out, err = run(*args)
        assert code == 2, (args, err)
        assert err.startswith("Error: ") and message in err, (message, err)
        assert err.count("\n") == 1 and "Traceback" not in err
    # after the failed runs the database is still usable
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    code, _out, err = run("timeline", "nope", "--db", db)
    assert code == 2 and "no entry or form 'nope'" in err
    code, _, err = run("timeline", "changes-unseen-in-a-centry", "--db", db)
    assert "did you mean changes-unseen-in-a-century" in err


def test_a_failed_first_run_leaves_no_database(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": \n', encoding="utf-8")
    code, _, err = run("track", bad, "--db", tmp_path / "new.db", "--no-builtin", "--book", write_book(tmp_path))
    assert code == 2 and "invalid JSON" in err
    assert not list(tmp_path.glob("new.db*"))


def test_output_file_written_whole(corpus: tuple[Path, Path, Counter[tuple[str, str]]], tmp_path: Path) -> None:
    folder, book, _ = corpus
    db = tmp_path / "t.db"
    track(db, book, folder)
    target = tmp_path / "out.json"
    code, _, _ = run("timeline", "belt-and-road", "--db", db, "--format", "json", "-o", target)
    assert code == 0 and json.loads(target.read_text(encoding="utf-8"))["timelines"][0]["entry"] == "belt-and-road"
    code, _, _ = run("kwic", "nope", "--db", db, "-o", tmp_path / "k.txt")
    assert code == 2 and not (tmp_path / "k.txt").exists()


def test_schema_version_mismatch(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    Store.create(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    code, _, err = run("top", "--period", "2020", "--db", db)
    assert code == 2 and "schema version 99; this phrasetrack reads version 1" in err


def test_library_ingest_and_query(tmp_path: Path) -> None:
    """The pure API: ingest returns stats, queries return dataclasses."""
    write_corpus(tmp_path / "c")
    store = Store.create(tmp_path / "t.db")
    books = [parse_book(TINY_BOOK, "tiny.yaml")]
    stats = ingest(store, books, [str(tmp_path / "c")], options=IngestOptions(batch_docs=4))
    assert (stats.added, stats.documents, stats.undated) == (24, 24, 0)
    (t,) = timelines(store, ["人类命运共同体"], "year")
    assert t.entry == "community-shared-future" and t.first_seen == "2016-03-11"
    lines = kwic(store, "community-shared-future", width=5, limit=2)
    assert [k.date for k in lines] == ["2016-03-11", "2016-05-12"]
    store.close()


def test_filler_languages_detected() -> None:
    assert {detect_lang(s) for s in ZH_FILLER} == {"zh"}
    assert {detect_lang(s) for s in EN_FILLER} == {"en"}


def test_interrupted_rescan_resumes(corpus: tuple[Path, Path, Counter[tuple[str, str]]], tmp_path: Path) -> None:
    """A run stopped half-way through rescanning after a phrasebook change finishes the job next time."""
    folder, _, _ = corpus
    db = tmp_path / "t.db"
    old = [parse_book(TINY_BOOK, "tiny.yaml")]
    new = [parse_book(TINY_BOOK.replace("百年变局, status: admitted", "世界正经历, status: admitted"), "tiny.yaml")]
    store = Store.create(db)
    ingest(store, old, [str(folder)])
    calls = 0
    real_apply = store.apply

    def failing_apply(results, books):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        return real_apply(results, books)

    store.apply = failing_apply  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        ingest(store, new, [str(folder)], options=IngestOptions(batch_docs=5))
    store.close()
    store = Store.create(db)
    stats = ingest(store, new, [str(folder)], options=IngestOptions(batch_docs=5))
    assert stats.checked == 24 - 5 and stats.unchanged == 24
    store.close()
    fresh = Store.create(tmp_path / "fresh.db")
    ingest(fresh, new, [str(folder)])
    fresh.close()
    assert occurrence_rows(db) == occurrence_rows(tmp_path / "fresh.db")


def test_one_writer_at_a_time_and_bad_db_paths(tmp_path: Path) -> None:
    first = Store.create(tmp_path / "t.db")
    code, _, err = run("track", "--db", tmp_path / "t.db", "--no-builtin", "--book", write_book(tmp_path))
    assert code == 2 and "another 'phrasetrack track' is writing to it" in err
    first.close()
    code, _, err = run("track", "--db", tmp_path, "--no-builtin", "--book", write_book(tmp_path))
    assert code == 2 and "is not a file" in err
    code, _, err = run("track", "--db", tmp_path / "no" / "t.db", "--no-builtin", "--book", write_book(tmp_path))
    assert code == 2 and "does not exist" in err


def test_binary_file_in_a_folder_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2020-01-01\n\n各国应携手构建人类命运共同体。", encoding="utf-8")
    (folder / "blob.bin").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    code, out, err = run("track", folder, "--db", tmp_path / "t.db", "--no-builtin", "--book", write_book(tmp_path))
    assert code == 0, err
    assert err.startswith("Skipped: ") and "blob.bin" in err
    assert "1 added" in out


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from phrasetrack import cli_track

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    with cli_track._progress_bar(100) as step:
        assert step is not None
        step(60)
        step(40)
    assert "tracking" in screen.getvalue() and "100%" in screen.getvalue()
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with cli_track._progress_bar(100) as step:
        assert step is None


def test_a_file_named_twice_is_read_once(corpus: tuple[Path, Path, Counter[tuple[str, str]]], tmp_path: Path) -> None:
    folder, book, expected = corpus
    db = tmp_path / "t.db"
    out = track(db, book, folder, folder / "2018-0.zh.txt", extra=("--batch-size", "2"))
    assert "24 document(s) read from 24 file(s): 24 added" in out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM texts").fetchone() == (24,)
        assert conn.execute("SELECT count(*) FROM occurrences").fetchone() == (sum(expected.values()),)
