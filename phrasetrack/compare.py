"""Translation checks: align a Chinese source with its English translation and report findings.

Findings carry stable rule ids (see :data:`RULES`): a formula with no rendering, an admitted,
deprecated or garbled rendering, a number that changed, a sentence omitted or added, Chinese left
untranslated. The core returns data; reporters render it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from phrasetrack.align import AlignedPair, Side, align_bilingual
from phrasetrack.match import Matcher, ScanOptions
from phrasetrack.model import Book, Match, Status
from phrasetrack.text.document import document_date
from phrasetrack.text.lines import LineIndex
from phrasetrack.text.normalize import CJK_CLASS, normalize
from phrasetrack.text.numbers import Number, find_numbers, same_value
from phrasetrack.text.sentences import Sentence, split_sentences
from phrasetrack.text.tokenize import tokenize

SCHEMA_VERSION = 1
NEAR_MISS_SCORE = 0.6  # a looser match of a known rendering at least this good is a garbled rendering
SEVERITIES = ("error", "warning", "note")


@dataclass(frozen=True)
class Rule:
    """A check: its id, default severity and what it means."""

    id: str
    severity: str
    description: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("formula-missing", "warning", "A formula in the source has no rendering in the aligned translation."),
        Rule("formula-noncanonical", "note", "A formula is rendered by an admitted variant, not the preferred form."),
        Rule("formula-deprecated", "warning", "A formula is rendered by a deprecated (outdated or wrong) form."),
        Rule("formula-garbled", "error", "A formula or title is garbled: a known bad rendering or a near miss."),
        Rule("number-mismatch", "error", "A number, percentage or date in the source is not in the translation."),
        Rule("sentence-omitted", "warning", "A source sentence has no counterpart in the translation."),
        Rule("sentence-added", "note", "A translated sentence has no counterpart in the source."),
        Rule("untranslated", "error", "Chinese text is left in the English translation."),
    )
}

_CJK_RUN = re.compile(rf"[{CJK_CLASS}][{CJK_CLASS}\s，。、；：！？“”（）《》]*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9\-]+")


@dataclass(frozen=True)
class Finding:
    """One problem, located in a file."""

    rule: str
    severity: str
    message: str
    file: str
    line: int
    column: int
    start: int
    end: int
    snippet: str = ""


@dataclass(frozen=True)
class Span:
    """A stretch of one document."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class PairView:
    """An aligned pair as spans of the two documents."""

    source: Span | None
    target: Span | None
    confidence: float
    reordered: bool


@dataclass(frozen=True)
class FormulaRow:
    """How one source formula is rendered in each translation."""

    entry: str
    source: Match
    targets: tuple[Match | None, ...]
    statuses: tuple[str, ...]  # preferred | admitted | deprecated | garbled | missing


@dataclass(frozen=True)
class Comparison:
    """The result of comparing a source with one or two translations."""

    source_name: str
    target_names: tuple[str, ...]
    pairs: tuple[PairView, ...]
    formulas: tuple[FormulaRow, ...]
    findings: tuple[Finding, ...]
    stats: dict[str, int] = field(default_factory=dict)


@dataclass
class _Doc:
    name: str
    text: str
    lang: str
    sentences: list[Sentence]
    matches: list[list[Match]]
    numbers: list[list[Number]]
    lines: LineIndex

    def location(self, offset: int) -> tuple[int, int]:
        return self.lines.location(offset)

    def span(self, indices: Sequence[int]) -> Span | None:
        if not indices:
            return None
        a, b = self.sentences[indices[0]].start, self.sentences[indices[-1]].end
        return Span(a, b, self.text[a:b])


def _doc(name: str, text: str, lang: str, matcher: Matcher) -> _Doc:
    sentences = split_sentences(text)
    if (
        sentences
        and document_date(text[sentences[0].start : sentences[0].end])
        and sentences[0].end - sentences[0].start < 20
    ):
        sentences = sentences[1:]  # the date line of a statement is not part of its text
    starts = [s.start for s in sentences]
    matches: list[list[Match]] = [[] for _ in sentences]
    for m in matcher.scan(text):
        if m.lang != lang:
            continue
        k = bisect_right(starts, m.start) - 1
        if k >= 0:
            matches[k].append(m)
    numbers = [find_numbers(text[s.start : s.end], lang) for s in sentences]
    return _Doc(name, text, lang, sentences, matches, numbers, LineIndex(text))


@cache
def _lexicon() -> tuple[Any, Any]:
    """The Chinese-English word list as two automata: Chinese words, and padded English phrases."""
    import ahocorasick

    zh_words = ahocorasick.Automaton()
    en_words = ahocorasick.Automaton()
    try:
        data = resources.files("phrasetrack.data").joinpath("lexicon.tsv").read_text(encoding="utf-8")
    except FileNotFoundError:
        data = ""
    for n, line in enumerate(data.splitlines()):
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        zh, alternatives = line.split("\t", 1)
        zh_words.add_word(normalize(zh.strip()).text, n)
        for alt in alternatives.split("|"):
            words = " ".join(t.text for t in tokenize(normalize(alt).text))
            if words:
                en_words.add_word(f" {words} ", n)
    for automaton in (zh_words, en_words):
        if len(automaton):
            automaton.make_automaton()
    return zh_words, en_words


def _lexicon_keys(text: str, lang: str) -> set[str]:
    """``w:`` anchor keys of the word-list entries found in a sentence."""
    zh_words, en_words = _lexicon()
    if lang == "zh":
        if not len(zh_words):
            return set()
        return {f"w:{n}" for _, n in zh_words.iter(normalize(text).text)}
    if not len(en_words):
        return set()
    padded = " " + " ".join(t.text for t in tokenize(normalize(text).text)) + " "
    return {f"w:{n}" for _, n in en_words.iter(padded)}


def _side(doc: _Doc, latin_keys: set[str] | None) -> Side:
    anchors = []
    for k, s in enumerate(doc.sentences):
        keys = {f"f:{m.entry}" for m in doc.matches[k]}
        keys |= _lexicon_keys(doc.text[s.start : s.end], doc.lang)
        for n in doc.numbers[k]:
            year = isinstance(n.value, float) and n.value.is_integer() and 1900 <= n.value <= 2100
            keys.add(f"y:{int(n.value)}" if year and isinstance(n.value, float) else f"n:{n.value}")
        words = {w.lower() for w in _LATIN.findall(doc.text[s.start : s.end])}
        if latin_keys is None:
            keys |= {f"l:{w}" for w in words if len(w) >= 2}
        else:
            keys |= {f"l:{w}" for w in words if f"l:{w}" in latin_keys}
        anchors.append(frozenset(keys))
    lengths = [len("".join(doc.text[s.start : s.end].split())) for s in doc.sentences]
    return Side(lengths, anchors)


def compare_texts(
    source: str,
    targets: Sequence[str],
    books: Sequence[Book],
    *,
    source_name: str = "source",
    target_names: Sequence[str] = ("translation",),
    matcher: Matcher | None = None,
    severities: dict[str, str] | None = None,
) -> Comparison:
    """Compare a Chinese source with one or two English translations."""
    matcher = matcher or Matcher(books)
    severities = {**{r.id: r.severity for r in RULES.values()}, **(severities or {})}
    src = _doc(source_name, source, "zh", matcher)
    src_side = _side(src, None)
    latin = {k for keys in src_side.anchors for k in keys if k.startswith("l:")}
    findings: list[Finding] = []
    rows_by_target: list[dict[int, tuple[Match | None, str]]] = []
    pair_views: list[PairView] = []
    loose: dict[str, Matcher] = {}
    for t, (text, name) in enumerate(zip(targets, target_names, strict=True)):
        tgt = _doc(name, text, "en", matcher)
        pairs = align_bilingual(src_side, _side(tgt, latin))
        if t == 0:
            pair_views = [PairView(src.span(p.source), tgt.span(p.target), p.confidence, p.reordered) for p in pairs]
        checker = _Checker(src, tgt, pairs, severities, books, loose)
        findings += checker.run()
        rows_by_target.append(checker.renderings)
    formulas = []
    order = [(k, m) for k, ms in enumerate(src.matches) for m in ms]
    for idx, (_, m) in enumerate(order):
        per_target = [rows.get(idx, (None, "missing")) for rows in rows_by_target]
        formulas.append(FormulaRow(m.entry, m, tuple(x for x, _ in per_target), tuple(s for _, s in per_target)))
    findings.sort(key=lambda f: (f.file, f.start, f.rule))
    stats = {
        "source_sentences": len(src.sentences),
        "pairs": len(pair_views),
        "reordered": sum(p.reordered for p in pair_views),
        "formulas": len(formulas),
        "findings": len(findings),
    }
    return Comparison(source_name, tuple(target_names), tuple(pair_views), tuple(formulas), tuple(findings), stats)


class _Checker:
    """The rules, applied to one source-translation pair."""

    def __init__(
        self,
        src: _Doc,
        tgt: _Doc,
        pairs: list[AlignedPair],
        severities: dict[str, str],
        books: Sequence[Book],
        loose: dict[str, Matcher],
    ) -> None:
        self.src, self.tgt, self.pairs, self.severities, self.books = src, tgt, pairs, severities, books
        self.loose = loose  # per entry: a matcher that allows one more edit
        self.findings: list[Finding] = []
        self.renderings: dict[int, tuple[Match | None, str]] = {}
        self._formula_index: dict[tuple[int, int], int] = {}
        n = 0
        for k, ms in enumerate(src.matches):
            for slot in range(len(ms)):
                self._formula_index[(k, slot)] = n
                n += 1

    def add(self, rule: str, doc: _Doc, start: int, end: int, message: str) -> None:
        severity = self.severities.get(rule, RULES[rule].severity)
        if severity == "off":
            return
        line, column = doc.location(start)
        self.findings.append(Finding(rule, severity, message, doc.name, line, column, start, end, doc.text[start:end]))

    def run(self) -> list[Finding]:
        target_order = sorted(range(len(self.pairs)), key=lambda k: self.pairs[k].target[:1] or (10**9,))
        neighbours: dict[int, list[int]] = {}
        for pos, k in enumerate(target_order):
            neighbours[k] = [target_order[x] for x in (pos - 1, pos + 1) if 0 <= x < len(target_order)]
        for k, pair in enumerate(self.pairs):
            if pair.source and not pair.target:
                for i in pair.source:
                    s = self.src.sentences[i]
                    if s.end - s.start >= 4:
                        self.add(
                            "sentence-omitted",
                            self.src,
                            s.start,
                            s.end,
                            f"not translated: {_clip(self.src.text[s.start : s.end])}",
                        )
            elif pair.target and not pair.source:
                for j in pair.target:
                    s = self.tgt.sentences[j]
                    self.add(
                        "sentence-added",
                        self.tgt,
                        s.start,
                        s.end,
                        f"no source for: {_clip(self.tgt.text[s.start : s.end])}",
                    )
            if pair.source:
                self._formulas(pair, [self.pairs[x] for x in neighbours.get(k, [])])
                if pair.target:
                    self._numbers(pair, [self.pairs[x] for x in neighbours.get(k, [])])
        reported = {(f.start, f.end) for f in self.findings if f.file == self.tgt.name}
        for matches in self.tgt.matches:
            for m in matches:
                if (m.start, m.end) not in reported:
                    self._status(None, m)
        for run in _CJK_RUN.finditer(self.tgt.text):
            end = run.start() + len(run.group().rstrip())
            self.add(
                "untranslated", self.tgt, run.start(), end, f"Chinese left in the translation: {_clip(run.group())}"
            )
        return self.findings

    def _target_matches(self, pairs: Sequence[AlignedPair]) -> list[Match]:
        return [m for p in pairs for j in p.target for m in self.tgt.matches[j]]

    def _formulas(self, pair: AlignedPair, near: list[AlignedPair]) -> None:
        here = self._target_matches([pair])
        around = self._target_matches(near)
        claimed: set[int] = set()
        for i in pair.source:
            for slot, m in enumerate(self.src.matches[i]):
                index = self._formula_index[(i, slot)]
                found = next((t for t in here if t.entry == m.entry and id(t) not in claimed), None)
                found = found or next((t for t in around if t.entry == m.entry and id(t) not in claimed), None)
                if found is not None:
                    claimed.add(id(found))
                    self.renderings[index] = (found, found.status.value)
                    self._status(m, found)
                    continue
                near_miss = self._near_miss(m.entry, pair)
                if near_miss is not None:
                    self.renderings[index] = (near_miss, Status.GARBLED.value)
                    preferred = near_miss.preferred or near_miss.form
                    self.add(
                        "formula-garbled",
                        self.tgt,
                        near_miss.start,
                        near_miss.end,
                        f'{m.text} ({m.entry}) is garbled as "{_clip(near_miss.text)}"; use "{preferred}"',
                    )
                    continue
                self.renderings[index] = (None, "missing")
                target = self.tgt.span(pair.target) if pair.target else None
                doc, start, end = (self.tgt, target.start, target.end) if target else (self.src, m.start, m.end)
                preferred = _preferred(self.books, m.entry)
                self.add(
                    "formula-missing", doc, start, end, f'{m.text} ({m.entry}) is not rendered; expected "{preferred}"'
                )

    def _status(self, source: Match | None, found: Match) -> None:
        preferred = found.preferred or _preferred(self.books, found.entry)
        what = f'{source.text if source else found.entry} ({found.entry}) is rendered as "{_clip(found.text)}"'
        if found.status is Status.ADMITTED:
            self.add("formula-noncanonical", self.tgt, found.start, found.end, f'{what}; preferred: "{preferred}"')
        elif found.status is Status.DEPRECATED:
            self.add(
                "formula-deprecated",
                self.tgt,
                found.start,
                found.end,
                f'{what}, which is deprecated; use "{preferred}"',
            )
        elif found.status is Status.GARBLED:
            self.add(
                "formula-garbled", self.tgt, found.start, found.end, f'{what}, a known garbled form; use "{preferred}"'
            )

    def _near_miss(self, entry: str, pair: AlignedPair) -> Match | None:
        """A looser match (one more edit than usual) of the entry's English forms in the aligned translation."""
        span = self.tgt.span(pair.target)
        if span is None:
            return None
        loose = self.loose.get(entry)
        if loose is None:
            only = [replace(b, entries=tuple(e for e in b.entries if e.id == entry)) for b in self.books]
            loose = self.loose[entry] = Matcher(only, ScanOptions(langs=frozenset({"en"}), extra_edits=1))
        for m in loose.candidates(span.text):
            long_enough = len(m.form.split()) >= 3
            if m.score >= NEAR_MISS_SCORE and long_enough and m.edits:
                return Match(**{**m.__dict__, "start": m.start + span.start, "end": m.end + span.start})
        return None

    def _numbers(self, pair: AlignedPair, near: list[AlignedPair]) -> None:
        here = [n for j in pair.target for n in self.tgt.numbers[j]]
        around = [n for p in near for j in p.target for n in self.tgt.numbers[j]]
        target = self.tgt.span(pair.target)
        assert target is not None
        used: set[int] = set()
        missing = []
        for i in pair.source:
            for n in self.src.numbers[i]:
                match = next((x for x in here + around if id(x) not in used and same_value(x.value, n.value)), None)
                if match is None:
                    missing.append(n)
                else:
                    used.add(id(match))
        others = ", ".join(x.text for x in here if id(x) not in used) or "none"
        for n in missing:
            message = f"source has {n.text}; translation has {others}"
            self.add("number-mismatch", self.tgt, target.start, target.end, message)


def _preferred(books: Sequence[Book], entry_id: str) -> str:
    for book in books:
        for entry in book.entries:
            if entry.id == entry_id:
                return entry.preferred("en") or ""
    return ""


def _clip(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
