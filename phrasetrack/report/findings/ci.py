"""Findings for people and for CI systems. ``files`` lists every file checked (for JUnit passes)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

from phrasetrack import __version__
from phrasetrack.check import fingerprint
from phrasetrack.compare import RULES, Finding
from phrasetrack.report.compare_report import finding_dict, finding_line
from phrasetrack.report.json_text import pretty

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
GITHUB_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "note": "info"}


def write_text(findings: Sequence[Finding], files: Sequence[str], out: TextIO) -> None:
    """``path:line:col: severity rule message`` and a summary line."""
    for f in findings:
        out.write(finding_line(f) + "\n")
    counts = Counter(f.severity for f in findings)
    out.write(
        f"{len(files)} file(s) checked: {counts['error']} error(s), {counts['warning']} warning(s), "
        f"{counts['note']} note(s)\n"
    )


def write_json(findings: Sequence[Finding], files: Sequence[str], out: TextIO) -> None:
    """``{"version": 1, "files": [...], "findings": [...]}`` with fingerprints."""
    doc = {
        "version": 1,
        "files": list(files),
        "findings": [{**finding_dict(f), "fingerprint": fingerprint(f)} for f in findings],
    }
    out.write(pretty(doc))


def sarif(findings: Sequence[Finding]) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run: every rule described, every finding a result."""
    rule_ids = list(RULES)
    rules = [
        {
            "id": r.id,
            "name": "".join(part.capitalize() for part in r.id.split("-")),
            "shortDescription": {"text": r.description},
            "defaultConfiguration": {"level": r.severity},
            "helpUri": "https://github.com/phrasetrack/phrasetrack#phrasetrack-compare",
        }
        for r in RULES.values()
    ]
    results = []
    for f in findings:
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": rule_ids.index(f.rule),
                "level": f.severity,
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": f.file.replace("\\", "/")},
                            "region": {
                                "startLine": f.line,
                                "startColumn": f.column,
                                "charOffset": f.start,
                                "charLength": max(0, f.end - f.start),
                            },
                        }
                    }
                ],
                "partialFingerprints": {"phrasetrackFinding/v1": fingerprint(f)},
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "phrasetrack",
                        "version": __version__,
                        "informationUri": "https://github.com/phrasetrack/phrasetrack",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }


def write_sarif(findings: Sequence[Finding], files: Sequence[str], out: TextIO) -> None:
    """SARIF 2.1.0 JSON."""
    out.write(pretty(sarif(findings)))


def write_junit(findings: Sequence[Finding], files: Sequence[str], out: TextIO) -> None:
    """JUnit XML: one test case per finding (failed) and one per clean file (passed)."""
    suites = ET.Element("testsuites", {"name": "phrasetrack"})
    suite = ET.SubElement(
        suites,
        "testsuite",
        {"name": "phrasetrack check", "tests": "0", "failures": str(len(findings)), "errors": "0", "skipped": "0"},
    )
    with_findings = {f.file for f in findings}
    count = 0
    for f in findings:
        case = ET.SubElement(suite, "testcase", {"classname": f.file, "name": f"{f.rule} at {f.line}:{f.column}"})
        failure = ET.SubElement(case, "failure", {"message": f.message, "type": f.rule})
        failure.text = f"{f.file}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}"
        count += 1
    for name in files:
        if name not in with_findings:
            ET.SubElement(suite, "testcase", {"classname": name, "name": "phrasetrack check"})
            count += 1
    suite.set("tests", str(count))
    suites.set("tests", str(count))
    suites.set("failures", str(len(findings)))
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(findings: Sequence[Finding], files: Sequence[str], out: TextIO) -> None:
    """GitHub Actions workflow commands: annotations on the changed lines."""
    for f in findings:
        props = f"file={_escape_property(f.file)},line={f.line},col={f.column},title={_escape_property(f.rule)}"
        out.write(f"::{GITHUB_LEVEL[f.severity]} {props}::{_escape_data(f.message)}\n")


def write_gitlab(findings: Sequence[Finding], files: Sequence[str], out: TextIO) -> None:
    """GitLab Code Quality report (JSON array)."""
    items = [
        {
            "description": f.message,
            "check_name": f.rule,
            "fingerprint": fingerprint(f),
            "severity": GITLAB_SEVERITY[f.severity],
            "location": {"path": f.file, "lines": {"begin": f.line}},
        }
        for f in findings
    ]
    out.write(pretty(items))
