"""Translation checks: alignment, numbers and findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phrasetrack.align import Side, align_bilingual
from phrasetrack.cli import app
from phrasetrack.compare import RULES, compare_texts
from phrasetrack.phrasebook import load_books
from phrasetrack.text.numbers import find_numbers, same_value
from tests.conftest import ROOT, STARTER

BOOKS = load_books([STARTER])
RELEASE = ROOT / "examples" / "release"


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("1.2万亿元", "1.2 trillion yuan"),
        ("1269万人", "12.69 million people"),
        ("增长6.5%", "grew 6.5 percent"),
        ("3月22日", "March 22"),
        ("2,500人", "2,500 people"),
    ],
)
def test_numbers_agree_across_languages(zh: str, en: str) -> None:
    (a,), (b,) = find_numbers(zh, "zh"), find_numbers(en, "en")
    assert same_value(a.value, b.value)


def test_alignment_handles_reordering_and_splits() -> None:
    # sentence lengths and anchors: the translation moves the last source sentence first and
    # splits source sentence 1 in two
    source = Side([20, 30, 25, 40], [frozenset({"f:a"}), frozenset(), frozenset({"n:5"}), frozenset({"f:b", "n:7"})])
    target = Side(
        [120, 60, 45, 50, 75],
        [frozenset({"f:b", "n:7"}), frozenset({"f:a"}), frozenset(), frozenset(), frozenset({"n:5"})],
    )
    pairs = {(p.source, p.target): p for p in align_bilingual(source, target)}
    assert pairs[((3,), (0,))].reordered and pairs[((3,), (0,))].confidence > 0.7
    assert ((0,), (1,)) in pairs and ((2,), (4,)) in pairs
    assert ((1,), (2, 3)) in pairs
    covered_src = sorted(i for p in pairs for i in p[0])
    covered_tgt = sorted(j for p in pairs for j in p[1])
    assert covered_src == [0, 1, 2, 3] and covered_tgt == [0, 1, 2, 3, 4]


def test_release_pair_findings() -> None:
    zh = (RELEASE / "statement.zh.txt").read_text(encoding="utf-8")
    en = (RELEASE / "statement.en.txt").read_text(encoding="utf-8")
    result = compare_texts(zh, [en], BOOKS, source_name="zh", target_names=["en"])
    found = {(f.rule, f.file) for f in result.findings}
    assert ("formula-garbled", "en") in found  # secretary general of the CPC Central Committee
    assert ("formula-deprecated", "en") in found  # community of common destiny (until 2015)
    assert ("number-mismatch", "en") in found  # 5.2% -> 5.3 percent
    assert ("sentence-omitted", "zh") in found  # the friendship sentence
    numbers = [f for f in result.findings if f.rule == "number-mismatch"]
    assert len(numbers) == 1 and "5.2%" in numbers[0].message and "5.3 percent" in numbers[0].message
    for f in result.findings:
        text = zh if f.file == "zh" else en
        assert 0 <= f.start <= f.end <= len(text) and f.severity == RULES[f.rule].severity


def test_untranslated_and_canonical_rendering() -> None:
    zh = "世界正经历百年未有之大变局。"
    assert [
        f.rule for f in compare_texts(zh, ["The world faces profound changes unseen in a century."], BOOKS).findings
    ] == []
    rules = [f.rule for f in compare_texts(zh, ["The world faces changes unseen in a century 大变局."], BOOKS).findings]
    assert rules == ["formula-noncanonical", "untranslated"]


def test_near_miss_is_garbled() -> None:
    zh = "中共中央总书记习近平出席会议。"
    en = "Xi Jinping, general secretary of the Chinese Communist Party Central Committee, attended."
    (finding,) = [f for f in compare_texts(zh, [en], BOOKS).findings if f.rule.startswith("formula")]
    assert finding.rule == "formula-garbled" and "general secretary of the CPC Central Committee" in finding.message


def test_two_translations_side_by_side() -> None:
    zh = "世界正经历百年未有之大变局。"
    result = compare_texts(
        zh,
        [
            "The world faces profound changes unseen in a century.",
            "The world sees major changes unprecedented in a century.",
        ],
        BOOKS,
        target_names=["a", "b"],
    )
    (row,) = result.formulas
    assert row.statuses == ("preferred", "admitted")


def test_compare_cli_json_and_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    args = [
        str(RELEASE / "statement.zh.txt"),
        str(RELEASE / "statement.en.txt"),
        "--no-builtin",
        "--book",
        str(STARTER),
    ]
    result = runner.invoke(app, ["compare", *args, "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["version"] == 1 and doc["pairs"] and doc["formulas"] and doc["findings"]
    assert set(doc["findings"][0]) == {"rule", "severity", "message", "file", "line", "column", "start", "end"}
    assert runner.invoke(app, ["compare", *args, "--fail-on", "error"]).exit_code == 1
    for fmt in ("text", "table", "html"):
        out = runner.invoke(app, ["compare", *args, "--format", fmt])
        assert out.exit_code == 0 and "formula-garbled" in out.stdout
    bad = runner.invoke(app, ["compare", str(tmp_path / "none.txt"), *args[1:]])
    assert bad.exit_code == 2 and bad.stderr.startswith("Error: ") and "none.txt" in bad.stderr
