"""Version diff: sentences, words, moves, significance, formulas, reporters and exit codes."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phrasetrack.cli import app
from phrasetrack.diff import DiffOptions, _similarity, classify, collate, diff_texts
from phrasetrack.match import Matcher
from phrasetrack.phrasebook import load_books
from phrasetrack.report.diff import DIFF_REPORTERS
from tests.conftest import STARTER

OLD = (
    "China stands ready to work with all parties. The talks were held in Beijing on Monday.\n\n"
    "He stressed that major changes unprecedented in a century are under way. "
    "Both sides will further strengthen cooperation. The weather was fine."
)


@pytest.fixture(scope="module")
def m() -> Matcher:
    return Matcher(load_books([STARTER]))


def test_identical_after_rewrapping(m: Matcher) -> None:
    rewrapped = OLD.replace("talks were held", "talks were\nheld").replace("under way. Both", "under way.  Both")
    result = diff_texts(OLD, rewrapped, matcher=m)
    assert result.identical and result.changes == () and result.similarity == 1.0


def test_word_change_with_exact_spans(m: Matcher) -> None:
    new = OLD.replace("on Monday", "on Tuesday")
    (change,) = diff_texts(OLD, new, matcher=m).changes
    assert (change.kind, change.old_text, change.new_text) == ("replace", "Monday", "Tuesday")
    assert OLD[change.old_start : change.old_end] == "Monday" and new[change.new_start : change.new_end] == "Tuesday"
    assert change.significance == "significant" and "name" in change.reasons
    assert (change.old_line, change.new_line) == (1, 1)


def test_formula_rerendered(m: Matcher) -> None:
    new = OLD.replace("major changes unprecedented in a century", "profound changes unseen in a century")
    result = diff_texts(OLD, new, matcher=m)
    assert {c.significance for c in result.changes} == {"significant"}
    assert all("changes-unseen-in-a-century" in c.formulas for c in result.changes)
    (fc,) = result.formula_changes
    assert fc.change == "re-rendered" and fc.old[0].status == "admitted" and fc.new[0].status == "preferred"


def test_formula_dropped_and_added(m: Matcher) -> None:
    new = OLD.replace("He stressed that major changes unprecedented in a century are under way. ", "") + (
        " The traditional friendship endures."
    )
    result = diff_texts(OLD, new, matcher=m)
    assert {(f.entry, f.change) for f in result.formula_changes} == {
        ("changes-unseen-in-a-century", "removed"),
        ("traditional-friendship", "added"),
    }
    kinds = sorted(c.kind for c in result.changes)
    assert kinds == ["delete", "insert"]


def test_moved_and_edited_sentence_is_a_move(m: Matcher) -> None:
    sentences = OLD.replace("\n\n", " ").split(". ")
    moved = sentences[3].replace("further ", "")
    new = ". ".join([moved, *sentences[:3], *sentences[4:]])
    result = diff_texts(OLD.replace("\n\n", " "), new, matcher=m)
    moves = [c for c in result.changes if c.kind == "move"]
    assert len(moves) == 1 and result.stats["moved"] == 1
    assert [(e.kind, e.old_text) for e in moves[0].edits] == [("delete", "further ")]
    assert not [c for c in result.changes if c.kind in ("insert", "delete")]
    rows = result.rows
    out_row = next(k for k, r in enumerate(rows) if r.kind == "moved-out")
    assert rows[rows[out_row].link].kind == "moved-in" and rows[rows[out_row].link].link == out_row


@pytest.mark.parametrize(
    ("old", "new", "significance", "reason"),
    [
        ("增长6.5%", "增长6%", "significant", "number"),
        ("will strengthen", "will not strengthen", "significant", "negation"),
        ("we will act", "we must act", "significant", "modal"),
        ("你好，世界", "你好,世界", "cosmetic", None),
        ("“quoted”", '"quoted"', "cosmetic", None),
        ("a fine day", "a nice day", "substantive", None),
        ("We agree.", "We agree;", "substantive", None),  # a full stop is not a number
        ("", "增长百分之五", "significant", "number"),  # inserted text: whatever it holds
        ("It will rain.", "", "significant", "modal"),
    ],
)
def test_classify(old: str, new: str, significance: str, reason: str | None) -> None:
    got, reasons = classify(old, new, touches_formula=False)
    assert got == significance
    if reason:
        assert reason in reasons


def test_options_ignore(m: Matcher) -> None:
    zh_old, zh_new = "世界正经历百年未有之大变局，中方愿同各方一道。", "世界正經歷百年未有之大變局,中方願同各方一道。"
    assert not diff_texts(zh_old, zh_new, matcher=m).identical
    options = DiffOptions(ignore_script=True, ignore_punctuation_width=True)
    assert diff_texts(zh_old, zh_new, matcher=m, options=options).identical
    assert diff_texts("The Party.", "the party.", options=DiffOptions(ignore_case=True)).identical
    assert diff_texts("a b c.", "a  bc.", options=DiffOptions(ignore_whitespace=True)).identical


def test_spaces_beside_chinese_do_not_count(m: Matcher) -> None:
    old = "今年发展主要预期目标是：国内生产总值增长6.5%左右；居民消费价格涨幅3%左右。"
    new = "今年发展主要预期目标是：国内生产总值增长 6.5%左右；居民消费价格涨幅 3 %左右。"
    result = diff_texts(old, new, matcher=m)
    assert result.identical and result.stats["equal"] == 2 and result.stats["modified"] == 0


def test_a_pair_with_nothing_visible_is_equal() -> None:
    """Whatever made two keys differ, a pair whose word diff shows nothing is an equal row."""
    from phrasetrack.diff import _Builder, split_sentences

    text = "The talks were held in Beijing on Monday."
    sentences = split_sentences(text)
    builder = _Builder(text, text, sentences, sentences, ["a key"], ["another key"], DiffOptions())
    builder.match_equal()
    builder.pair_changed()
    assert builder.pairs == [("modified", 0, 0)]
    builder.emit()
    result = builder.result("a", "b")
    assert result.identical and [r.kind for r in result.rows] == ["equal"] and result.stats["modified"] == 0


def test_chinese_word_level(m: Matcher) -> None:
    old = "中方愿同朝方一道，维护半岛和平稳定。今年经济增长6.5%左右。"
    new = "中方愿同朝方一道，维护地区和平稳定。今年经济增长6%左右。"
    result = diff_texts(old, new, matcher=m)
    pairs = [(c.old_text, c.new_text, c.significance) for c in result.changes]
    assert pairs[0][:2] == ("半岛", "地区") and "peninsula-peace-stability" in result.changes[0].formulas
    assert pairs[1] == ("6.5", "6", "significant")


def test_unrelated_documents_are_fast_and_complete(m: Matcher) -> None:
    a = " ".join(f"Sentence number {i} talks about apples and pears." for i in range(3000))
    b = " ".join(f"Line {i} is about trains, boats and planes!" for i in range(3000))
    result = diff_texts(a, b, matcher=m)
    assert result.stats["deleted"] == 3000 and result.stats["inserted"] == 3000
    assert not result.degraded


UNRELATED = [
    "The struggle of the Chinese people for freedom and independence was led by the Kuomintang.",
    "Because of the lack of appeal of the ideology, the Chinese leaders turned to the masses.",
    "The situation in the world has not relaxed and the factors for war are visibly growing.",
    "The people of the developing countries are uniting to defend their sovereignty and resources.",
    "We have made new progress in reforming the fiscal system and the financial sector this year.",
]


def test_similarity_tells_edited_from_unrelated_sentences() -> None:
    """English is compared by words: unrelated sentences of a length share 40-50% of their
    characters in order, which is too close to the 0.5 at which two sentences are paired."""
    for k, a in enumerate(UNRELATED):
        for b in UNRELATED[k + 1 :]:
            assert _similarity(a, b, by_words=True) == 0.0
        edited = a.replace(" the ", " this ", 1).replace(".", ", as we know.")
        assert _similarity(a, edited, by_words=True) >= 0.7
    zh_old, zh_new = "中方愿同各方一道，维护半岛和平稳定。", "中方愿同各方一道，维护地区和平稳定。"
    assert _similarity(zh_old, zh_new, by_words=True) >= 0.8  # Chinese: by characters
    assert _similarity("Weagreeonthis.", "Weallagreeonthis.", by_words=False) >= 0.8  # whitespace ignored


def test_unrelated_documents_keep_what_they_share(m: Matcher) -> None:
    """Large unrelated versions (the vectorized shingle index) still pair their shared and edited sentences."""
    rng = random.Random(5)
    words = [f"w{n}" for n in range(3000)]
    a = [" ".join(rng.choices(words, k=12)).capitalize() + "." for _ in range(3000)]
    b = [" ".join(rng.choices(words, k=12)).capitalize() + "!" for _ in range(3000)]
    b[1000] = a[10]
    b[2000] = a[20].replace(" ", " apples ", 1)
    b[2500] = a[5].replace(" ", " yard ", 1)  # out of order: a move, edited
    result = diff_texts(" ".join(a), " ".join(b), matcher=m)
    assert (result.stats["equal"], result.stats["modified"], result.stats["moved"]) == (1, 1, 1)
    assert ("insert", "", "apples ") in [(c.kind, c.old_text, c.new_text) for c in result.changes]
    (move,) = [c for c in result.changes if c.kind == "move"]
    assert (move.old_text, [(e.kind, e.new_text) for e in move.edits]) == (a[5], [("insert", "yard ")])
    assert not result.degraded


def test_parallel_scan_gives_the_same_result(m: Matcher, monkeypatch: pytest.MonkeyPatch) -> None:
    import phrasetrack.diff as diff_module

    old = OLD * 20
    new = OLD.replace("major changes unprecedented", "profound changes unseen") * 20
    alone = diff_texts(old, new, matcher=m, all_formulas=True)
    monkeypatch.setattr(diff_module, "PARALLEL_SCAN_CHARS", 100)
    scanned_here: list[str] = []  # what this process scanned: nothing, both versions are scanned in forked ones
    scan = diff_module._scan_spans

    def spy(matcher: Matcher, text: str, spans: list[tuple[int, int]]) -> tuple[object, ...]:
        scanned_here.append(text)
        return scan(matcher, text, spans)

    monkeypatch.setattr(diff_module, "_scan_spans", spy)
    together = diff_texts(old, new, matcher=m, all_formulas=True, parallel=True)
    assert scanned_here == []
    assert together == alone and len(together.new_formulas) == 20


def test_a_failed_forked_scan_is_done_again_quietly(
    m: Matcher, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    import os

    import phrasetrack.diff as diff_module

    parent = os.getpid()
    scan = diff_module._scan_spans

    def fails_when_forked(matcher: Matcher, text: str, spans: list[tuple[int, int]]) -> tuple[object, ...]:
        if os.getpid() != parent:
            raise MemoryError("no room")
        return scan(matcher, text, spans)

    monkeypatch.setattr(diff_module, "PARALLEL_SCAN_CHARS", 100)
    monkeypatch.setattr(diff_module, "_scan_spans", fails_when_forked)
    old, new = OLD * 5, OLD.replace("major changes unprecedented", "profound changes unseen") * 5
    result = diff_texts(old, new, matcher=m, all_formulas=True, parallel=True)
    assert len(result.old_formulas) == len(result.new_formulas) == 5
    assert "Traceback" not in capfd.readouterr().err


def test_collation_scans_each_version_once(m: Matcher, monkeypatch: pytest.MonkeyPatch) -> None:
    import phrasetrack.diff as diff_module

    versions = [
        OLD,
        OLD.replace("on Monday", "on Tuesday"),
        OLD.replace("major changes unprecedented", "great changes"),
    ]
    alone = collate(versions, ["a", "b", "c"], matcher=m)
    monkeypatch.setattr(diff_module, "PARALLEL_SCAN_CHARS", 10)
    assert collate(versions, ["a", "b", "c"], matcher=m, parallel=True) == alone
    scanned: list[str] = []
    monkeypatch.setattr(m, "scan", lambda text, **kw: scanned.append(text) or [])
    collate(versions, ["a", "b", "c"], matcher=m)
    assert sorted(scanned) == sorted(versions)


def test_collation(m: Matcher) -> None:
    v2 = OLD.replace("on Monday", "on Tuesday")
    v3 = OLD.replace("major changes unprecedented in a century", "profound changes unseen in a century")
    coll = collate([OLD, v2, v3], ["a", "b", "c"], matcher=m)
    assert not coll.identical
    kinds = [tuple(kind for kind, _ in readings) for readings in coll.readings]
    assert kinds[1] == ("modified", "equal") and kinds[2] == ("equal", "modified")
    assert coll.formulas["changes-unseen-in-a-century"] == (1, 1, 1)


# -- CLI and reporters ------------------------------------------------------------------
runner = CliRunner()


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(OLD, encoding="utf-8")
    b.write_text(OLD.replace("on Monday", "on <script>alert(1)</script>Tuesday"), encoding="utf-8")
    return a, b


def run_diff(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["diff", "--no-builtin", "--book", str(STARTER), *args])
    return result.exit_code, result.stdout, result.stderr


def test_exit_codes(pair: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = pair
    assert run_diff(str(a), str(a)) == (0, "", "")  # as diff(1): identical versions print nothing
    assert run_diff(str(a), str(a), "--format", "unified") == (0, "", "")
    assert json.loads(run_diff(str(a), str(a), "--format", "json")[1])["identical"] is True
    assert run_diff(str(a), str(b))[0] == 1
    code, out, err = run_diff(str(a), str(tmp_path / "missing.txt"))
    assert code == 2 and out == "" and err.startswith("Error: ") and "missing.txt" in err
    code, _out, err = run_diff(str(a))
    assert code == 2 and "two versions" in err


@pytest.mark.parametrize("fmt", sorted(DIFF_REPORTERS))
def test_every_format_renders(fmt: str, pair: tuple[Path, Path]) -> None:
    a, b = pair
    code, out, _ = run_diff(str(a), str(b), "--format", fmt, "--color", "never")
    assert code == 1 and out
    assert "Tuesday" in out or fmt == "stat"


def test_plain_text_markup_and_no_color(pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = pair
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run_diff(str(a), str(b), "--color", "auto")
    assert "[-Monday-]{+<script>alert(1)</script>Tuesday+}" in out and "\033[" not in out
    _, out, _ = run_diff(str(a), str(b), "--color", "always")
    assert "\033[31mMonday\033[0m" in out


def test_json_schema(pair: tuple[Path, Path]) -> None:
    a, b = pair
    _, out, _ = run_diff(str(a), str(b), "--format", "json")
    doc = json.loads(out)
    assert doc["version"] == 1 and doc["degraded"] is False
    assert set(doc) >= {"similarity", "stats", "changes", "formula_changes"}
    change = doc["changes"][0]
    assert set(change) >= {
        "kind", "old_text", "new_text", "old_start", "old_end", "new_start", "new_end",
        "old_line", "new_line", "significance", "formulas",
    }  # fmt: skip


def test_html_escapes_document_text(pair: tuple[Path, Path]) -> None:
    a, b = pair
    _, out, _ = run_diff(str(a), str(b), "--format", "html")
    assert "<script>alert(1)</script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert 'id="change-list"' in out and 'href="#row-' in out


def test_collation_cli(pair: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = pair
    c = tmp_path / "c.txt"
    c.write_text(OLD, encoding="utf-8")
    code, out, _ = run_diff(str(a), str(b), str(c), "--format", "json")
    assert code == 1 and [r["kind"] for r in json.loads(out)["sentences"][1]["readings"]] == ["modified", "equal"]
    code, _, err = run_diff(str(a), str(b), str(c), "--format", "html")
    assert code == 2 and "text or json" in err


def browser() -> str | None:
    return next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser")) if p), None)


def test_html_renders_in_a_browser(pair: tuple[Path, Path], tmp_path: Path) -> None:
    """Load the report in headless Chromium and check the screenshot shows the change list."""
    exe = browser()
    if exe is None:
        pytest.skip("no Chromium installed (apt-get install chromium); the HTML render test needs a browser")
    a, b = pair
    page = tmp_path / "report.html"
    assert run_diff(str(a), str(b), "--format", "html", "-o", str(page))[0] == 1
    shot = tmp_path / "shot.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]  # fmt: skip
    subprocess.run(
        [exe, *flags, f"--screenshot={shot}", "--window-size=1200,900", page.as_uri()],
        timeout=120,
        check=False,
        capture_output=True,
    )
    dom = subprocess.run(
        [exe, *flags, "--dump-dom", page.as_uri()], timeout=120, check=True, capture_output=True, text=True
    ).stdout
    assert shot.exists() and shot.stat().st_size > 5000
    assert 'id="change-list"' in dom and "Changes (1)" in dom
    assert "<script>alert(1)</script>" not in dom
