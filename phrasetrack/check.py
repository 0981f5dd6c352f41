"""The CI gate: configuration, translation pairs, monolingual lint, suppressions and baselines.

``run_check`` returns findings as data; reporters in :mod:`phrasetrack.report.findings` render them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from phrasetrack.compare import RULES, SEVERITIES, Finding, compare_texts
from phrasetrack.errors import InputError, UsageError
from phrasetrack.match import Matcher
from phrasetrack.model import Book, Status
from phrasetrack.report.json_text import pretty

CONFIG_KEYS = ("books", "builtin", "fail-on", "baseline", "rules", "pairs", "lint")
PAIR_KEYS = ("source", "translation")
SUPPRESS = re.compile(r"phrasetrack-ignore(-next-line)?(?::?\s+([a-z][a-z0-9-]*(?:[ ,]+[a-z][a-z0-9-]*)*))?")
LINT_RULES = {
    Status.ADMITTED: "formula-noncanonical",
    Status.DEPRECATED: "formula-deprecated",
    Status.GARBLED: "formula-garbled",
}


@dataclass(frozen=True)
class CheckResult:
    """The findings of one check, and every file it read."""

    findings: tuple[Finding, ...]
    files: tuple[str, ...]


@dataclass(frozen=True)
class PairSpec:
    """A glob of sources and the pattern that names each one's translation."""

    source: str
    translation: str


@dataclass(frozen=True)
class CheckConfig:
    """What ``phrasetrack check`` checks and how strictly."""

    root: Path = Path()
    books: tuple[str, ...] = ()
    builtin: bool = True
    fail_on: str = "error"
    baseline: str | None = None
    severities: dict[str, str] = field(default_factory=dict)
    pairs: tuple[PairSpec, ...] = ()
    lint: tuple[str, ...] = ()


def load_config(path: Path | None, cwd: Path) -> CheckConfig:
    """``phrasetrack.toml``, or ``[tool.phrasetrack]`` in pyproject.toml, from ``path`` or ``cwd``."""
    if path is None:
        for candidate in (cwd / "phrasetrack.toml", cwd / "pyproject.toml"):
            if candidate.is_file() and (candidate.name != "pyproject.toml" or "tool" in _toml(candidate)):
                data = _section(_toml(candidate), candidate)
                if data is not None:
                    return _parse_config(data, candidate)
        return CheckConfig(root=cwd)
    if not path.is_file():
        raise InputError(f"{path}: no such configuration file")
    data = _section(_toml(path), path)
    if data is None:
        raise InputError(f"{path}: no [tool.phrasetrack] table")
    return _parse_config(data, path)


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"{path}: invalid TOML ({err})") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read ({err})") from None


def _section(data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    if path.name == "pyproject.toml" or "tool" in data:
        section = data.get("tool", {}).get("phrasetrack")
        return section if isinstance(section, dict) else None
    return data


def _parse_config(data: dict[str, Any], path: Path) -> CheckConfig:
    import difflib

    for key in data:
        if key not in CONFIG_KEYS:
            close = difflib.get_close_matches(key, CONFIG_KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; allowed: {', '.join(CONFIG_KEYS)}"
            raise InputError(f"{path}: unknown key '{key}'{hint}")
    severities = {}
    for rule, severity in (data.get("rules") or {}).items():
        if rule not in RULES:
            raise InputError(f"{path}: unknown rule '{rule}'; rules: {', '.join(RULES)}")
        if severity not in (*SEVERITIES, "off"):
            raise InputError(f"{path}: rule '{rule}' has severity '{severity}'; use error, warning, note or off")
        severities[rule] = severity
    fail_on = data.get("fail-on", "error")
    if fail_on not in SEVERITIES:
        raise InputError(f"{path}: fail-on '{fail_on}' must be error, warning or note")
    pairs = []
    for item in data.get("pairs") or []:
        if not isinstance(item, dict) or set(item) != set(PAIR_KEYS):
            raise InputError(f"{path}: each [[pairs]] needs exactly 'source' (a glob) and 'translation' (a pattern)")
        pairs.append(PairSpec(str(item["source"]), str(item["translation"])))
    return CheckConfig(
        root=path.parent,
        books=tuple(str(b) for b in data.get("books") or ()),
        builtin=bool(data.get("builtin", True)),
        fail_on=fail_on,
        baseline=data.get("baseline"),
        severities=severities,
        pairs=tuple(pairs),
        lint=tuple(str(x) for x in data.get("lint") or ()),
    )


def translation_path(source: Path, pattern: str, root: Path) -> Path:
    """Fill a translation pattern: ``{dir}``, ``{name}``, ``{stem}`` (name before its first dot)."""
    rel_dir = source.parent
    values = {"dir": str(rel_dir), "name": source.name, "stem": source.name.split(".")[0]}
    try:
        filled = pattern.format(**values)
    except (KeyError, IndexError, ValueError) as err:
        raise UsageError(
            f"translation pattern '{pattern}' is invalid ({err}); use {{dir}}, {{name}}, {{stem}}"
        ) from None
    path = Path(filled)
    return path if path.is_absolute() or filled.startswith(str(rel_dir)) else root / path


def expand_pairs(config: CheckConfig) -> list[tuple[str, str]]:
    """(source, translation) paths named by the configuration's pairs."""
    out = []
    for spec in config.pairs:
        sources = sorted(config.root.glob(spec.source))
        for source in sources:
            translation = translation_path(source, spec.translation, config.root)
            if not translation.is_file():
                raise InputError(f"{translation}: translation of {source} not found (pattern '{spec.translation}')")
            out.append((str(source), str(translation)))
    return out


def expand_lint(config: CheckConfig, extra: Sequence[str]) -> list[str]:
    """Files to lint on their own: the configuration's globs plus paths given on the command line."""
    files = [str(p) for pattern in config.lint for p in sorted(config.root.glob(pattern)) if p.is_file()]
    for raw in extra:
        path = Path(raw)
        if path.is_dir():
            files += [str(p) for p in sorted(path.rglob("*")) if p.is_file() and not p.name.startswith(".")]
        elif path.is_file():
            files.append(raw)
        else:
            raise InputError(f"{raw}: no such file or directory")
    return list(dict.fromkeys(files))


# -- the work ------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(book_paths: Sequence[str]) -> None:
    from phrasetrack.cache import load_matcher

    books, matcher = load_matcher(book_paths)
    _WORKER["books"] = books
    _WORKER["matcher"] = matcher


def _run_item(item: tuple[str, str, str | None], severities: dict[str, str]) -> list[Finding]:
    from phrasetrack.inputs import read_text

    kind, first, second = item
    books: list[Book] = _WORKER["books"]
    matcher: Matcher = _WORKER["matcher"]
    if kind == "pair":
        assert second is not None
        source, translation = read_text(first), read_text(second)
        result = compare_texts(
            source,
            [translation],
            books,
            source_name=first,
            target_names=[second],
            matcher=matcher,
            severities=severities,
        )
        findings = list(result.findings)
        texts = {first: source, second: translation}
    else:
        text = read_text(first)
        findings = lint_text(text, first, matcher, severities)
        texts = {first: text}
    return suppress(findings, texts)


def lint_text(text: str, name: str, matcher: Matcher, severities: dict[str, str]) -> list[Finding]:
    """Findings in one file on its own: admitted, deprecated and garbled renderings."""
    out = []
    for m in matcher.scan(text):
        rule = LINT_RULES.get(m.status)
        if rule is None:
            continue
        severity = severities.get(rule, RULES[rule].severity)
        if severity == "off":
            continue
        advice = f'; use "{m.preferred}"' if m.preferred else ""
        article = "an" if m.status.value[0] in "aeiou" else "a"
        message = f'"{m.text}" is {article} {m.status.value} rendering of {m.entry}{advice}'
        out.append(Finding(rule, severity, message, name, m.line, m.column, m.start, m.end, m.text))
    return out


def suppress(findings: Iterable[Finding], texts: dict[str, str]) -> list[Finding]:
    """Drop findings on lines marked ``phrasetrack-ignore [rule ...]`` (or the line after
    ``phrasetrack-ignore-next-line [rule ...]``)."""
    marks: dict[str, dict[int, set[str] | None]] = {}
    for name, text in texts.items():
        lines: dict[int, set[str] | None] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            m = SUPPRESS.search(line)
            if m:
                rules = set(re.split(r"[ ,]+", m.group(2))) if m.group(2) else None
                lines[number + (1 if m.group(1) else 0)] = rules
        marks[name] = lines
    out = []
    for f in findings:
        rules = marks.get(f.file, {}).get(f.line, set())
        if f.line in marks.get(f.file, {}) and (rules is None or f.rule in rules):
            continue
        out.append(f)
    return out


def run_check(
    config: CheckConfig, book_paths: Sequence[str], extra: Sequence[str] = (), jobs: int | None = None
) -> CheckResult:
    """All findings of the configured pairs and lint files, in file order."""
    items: list[tuple[str, str, str | None]] = [("pair", s, t) for s, t in expand_pairs(config)]
    items += [("lint", path, None) for path in expand_lint(config, extra)]
    if not items:
        raise UsageError("nothing to check: configure [[pairs]] or lint, or name files to lint")
    workers = jobs or os.cpu_count() or 1
    findings: list[Finding] = []
    if workers == 1 or len(items) < 4:
        _init_worker(book_paths)
        for item in items:
            findings += _run_item(item, config.severities)
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(list(book_paths),)) as pool:
            for result in pool.map(_run_item, items, [config.severities] * len(items), chunksize=1):
                findings += result
    files = sorted({path for kind, first, second in items for path in (first, second) if path is not None})
    return CheckResult(tuple(findings), tuple(files))


# -- baselines -----------------------------------------------------------------------
def fingerprint(f: Finding) -> str:
    """A stable id for a finding that survives line shifts: rule, file and the text it points at."""
    snippet = " ".join(f.snippet.split())
    return hashlib.sha256(f"{f.rule}\0{f.file}\0{snippet}".encode()).hexdigest()[:24]


def apply_baseline(findings: Sequence[Finding], path: Path) -> list[Finding]:
    """Findings not already in the baseline (each baseline entry excuses one finding)."""
    if not path.exists():
        return list(findings)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        known = Counter(item["fingerprint"] for item in data["findings"])
    except (ValueError, KeyError, TypeError) as err:
        raise InputError(f"{path}: not a phrasetrack baseline ({err})") from None
    out = []
    for f in findings:
        fp = fingerprint(f)
        if known[fp] > 0:
            known[fp] -= 1
            continue
        out.append(f)
    return out


def baseline_text(findings: Sequence[Finding]) -> str:
    """The baseline file for ``findings``."""
    items = [{"rule": f.rule, "file": f.file, "fingerprint": fingerprint(f), "message": f.message} for f in findings]
    return pretty({"version": 1, "findings": items})


def at_or_above(findings: Sequence[Finding], severity: str) -> bool:
    """True when a finding is as severe as ``severity`` or worse."""
    limit = SEVERITIES.index(severity)
    return any(SEVERITIES.index(f.severity) <= limit for f in findings)


def relative_path(path: str, root: Path) -> str:
    """``path`` relative to ``root`` when it lies below it (stable in reports and baselines)."""
    try:
        name = os.path.relpath(path, root)
    except ValueError:
        return path
    return path if name.startswith("..") else name


def relative(findings: Sequence[Finding], root: Path) -> list[Finding]:
    """Findings with file paths relative to ``root`` where possible."""
    return [replace(f, file=relative_path(f.file, root)) for f in findings]
