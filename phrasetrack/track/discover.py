"""Discovery: recurring phrases that no phrasebook has yet, ranked by how many documents use them, how
many sources, and how suddenly they rose.

Chinese text is cut at punctuation into runs of CJK characters and mined for 4-12 character n-grams;
English into clauses and mined for 3-8 word n-grams. Mining is Apriori-style (an n-gram can be frequent
only if both of its (n-1)-grams are), so only frequent stretches are ever extended. An n-gram that
is part of a longer one with nearly the same document frequency is dropped in favour of the longer
one; so is one that contains, or fuzzily falls inside, a phrasebook form.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick

from phrasetrack.match import STOPWORDS, Matcher
from phrasetrack.model import Book, Entry, Form, Status
from phrasetrack.text.normalize import CJK_CLASS, normalize
from phrasetrack.track.periods import Period, parse_period
from phrasetrack.track.store import Store

LENGTHS = {"zh": (4, 12), "en": (3, 8)}
_CJK_RUN = re.compile(f"[{CJK_CLASS}]+")
_CLAUSE = re.compile(r"[^.,;:!?()\[\]{}\"“”‘’/|\n]+")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_ZH_EDGE = frozenset("的了和与及或是在对将把被并而也都就之其以于为从向给让使等")
# words a phrase neither starts nor ends with, besides the matcher's stopwords
_EN_EDGE = STOPWORDS | frozenset(
    (
        "but not no also which who whom whose what when where why how will would shall should can could may "
        "might must has have had do does did been being we i you they he she us them him me my your all so "
        "such more most very there here then if because while under over between through about against "
        "among upon within without only just even still both each every any some other s"
    ).split()
)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(?=\s)")
_MIN_CONTENT_WORDS = 2


@dataclass(frozen=True)
class Example:
    """A sentence of a document that uses the candidate."""

    date: str | None
    source: str
    text: str


@dataclass(frozen=True)
class Candidate:
    """A recurring phrase that no phrasebook has, with the evidence for it and a YAML stub."""

    text: str
    lang: str
    documents: int  # documents of the period that use it
    base_documents: int  # documents of the baseline that use it
    sources: int  # distinct sources among the period's documents that use it
    burst: float  # smoothed document-rate ratio, period / baseline
    score: float
    first_seen: str | None
    examples: tuple[Example, ...]
    stub: str


@dataclass(frozen=True)
class DiscoverOptions:
    """What to mine and how much to report."""

    period: Period | None = None  # default: the latest year of the store
    baseline: Period | None = None  # default: every document dated before the period
    lang: str | None = None  # zh, en, or both
    min_docs: int = 3
    min_burst: float = 2.0
    limit: int = 20
    examples: int = 3


@dataclass(frozen=True)
class _Doc:
    id: int
    date: str
    source: str
    lang: str
    norm: str


def _runs(norm: str, lang: str) -> list[Any]:
    """Stretches of a normalized text that n-grams may not cross: CJK runs, or clauses as word tuples."""
    if lang == "zh":
        return [m.group() for m in _CJK_RUN.finditer(norm) if len(m.group()) >= LENGTHS["zh"][0]]
    runs = []
    for clause in _CLAUSE.findall(norm):
        words = tuple(_WORD.findall(clause))
        if len(words) >= LENGTHS["en"][0]:
            runs.append(words)
    return runs


def mine(docs_runs: Sequence[Sequence[Any]], lo: int, hi: int, min_docs: int) -> dict[Hashable, int]:
    """Document frequency of every n-gram (``lo`` <= n <= ``hi`` units) used by ``min_docs`` documents or more."""
    df: Counter[Hashable] = Counter()
    for runs in docs_runs:
        grams: set[Hashable] = set()
        for r in runs:
            grams.update(r[i : i + lo] for i in range(len(r) - lo + 1))
        df.update(grams)
    freq = {g: c for g, c in df.items() if c >= min_docs}
    result: dict[Hashable, int] = dict(freq)
    survivors = [
        [(r, pos) for r in runs if (pos := [i for i in range(len(r) - lo + 1) if r[i : i + lo] in freq])]
        for runs in docs_runs
    ]
    n = lo
    while n < hi and freq:
        n += 1
        df = Counter()
        grown = []
        for doc in survivors:
            grams = set()
            kept = []
            for r, pos in doc:
                at = set(pos)
                starts = [i for i in pos if i + 1 in at]
                if starts:
                    kept.append((r, starts))
                    grams.update(r[i : i + n] for i in starts)
            grown.append(kept)
            df.update(grams)
        freq = {g: c for g, c in df.items() if c >= min_docs}
        result.update(freq)
        survivors = [[(r, p) for r, pos in doc if (p := [i for i in pos if r[i : i + n] in freq])] for doc in grown]
    return result


def closed(df: dict[Hashable, int], lo: int, absorb: float = 0.8) -> dict[Hashable, int]:
    """Drop each n-gram that a longer one (one unit more) covers in at least ``absorb`` of its documents."""
    gone: set[Hashable] = set()
    for g, count in df.items():
        if len(g) > lo:  # type: ignore[arg-type]
            for sub in (g[:-1], g[1:]):  # type: ignore[index]
                if count >= absorb * df.get(sub, 0):
                    gone.add(sub)
    return {g: c for g, c in df.items() if g not in gone}


def _text(gram: Hashable, lang: str) -> str:
    return gram if isinstance(gram, str) else " ".join(gram)  # type: ignore[arg-type]


def _well_formed(gram: Hashable, lang: str) -> bool:
    if lang == "zh":
        s = str(gram)
        return s[0] not in _ZH_EDGE and s[-1] not in _ZH_EDGE
    words: tuple[str, ...] = gram  # type: ignore[assignment]
    if words[0] in _EN_EDGE or words[-1] in _EN_EDGE:
        return False
    return sum(1 for w in words if w not in STOPWORDS) >= _MIN_CONTENT_WORDS


def _candidate_book(texts: Sequence[tuple[str, str]]) -> Book:
    entries = tuple(
        Entry(f"c{i}", "discover", "", (Form(text, lang, Status.PREFERRED),)) for i, (text, lang) in enumerate(texts)
    )
    return Book("discover", "", ("zh", "en"), "", "", entries)


def known_filter(candidates: Sequence[tuple[str, str]], books: Sequence[Book]) -> list[bool]:
    """For each (text, lang): True when it is new, False when it contains a phrasebook form or fuzzily
    falls inside one."""
    if not candidates:
        return []
    known = Matcher(list(books)) if any(b.entries for b in books) else None
    inside: set[int] = set()
    forms = [f.text for b in books for e in b.entries for f in e.forms]
    if forms:
        reverse = Matcher([_candidate_book(candidates)])
        for text in forms:
            inside.update(int(m.entry[1:]) for m in reverse.candidates(text))
    out = []
    for i, (text, _lang) in enumerate(candidates):
        out.append(i not in inside and not (known is not None and known.scan(text)))
    return out


def latest_year(store: Store) -> Period | None:
    """The last calendar year with dated documents."""
    row = store.conn.execute("SELECT max(date) FROM documents WHERE date IS NOT NULL").fetchone()
    return parse_period(row[0][:4]) if row and row[0] else None


def _documents(store: Store, where: str, params: Sequence[object], lang: str | None) -> Iterator[_Doc]:
    sql = (
        "SELECT d.id, d.date, d.source, d.lang, t.body FROM documents d JOIN texts t ON t.document = d.id "
        f"WHERE d.date IS NOT NULL AND {where}"
    )
    args = list(params)
    if lang:
        sql += " AND d.lang = ?"
        args.append(lang)
    for i, date, source, doc_lang, body in store.conn.execute(sql + " ORDER BY d.date, d.id", args):
        yield _Doc(i, date, source, doc_lang, normalize(body).text)


def _hits(automaton: ahocorasick.Automaton, norm: str, lang: str) -> set[int]:
    found = set()
    for end, (index, length) in automaton.iter(norm):
        start = end - length + 1
        if lang == "en" and (
            (start > 0 and norm[start - 1].isalnum()) or (end + 1 < len(norm) and norm[end + 1].isalnum())
        ):
            continue
        found.add(index)
    return found


def discover(store: Store, books: Sequence[Book], options: DiscoverOptions | None = None) -> list[Candidate]:
    """Candidate formulas of the period, best first."""
    options = options or DiscoverOptions()
    period = options.period or latest_year(store)
    if period is None:
        return []
    langs = [options.lang] if options.lang else ["zh", "en"]
    docs = list(_documents(store, "d.date >= ? AND d.date < ?", (period.start, period.end), options.lang))
    pool: list[tuple[str, str, int]] = []  # (text, lang, df in the period)
    for lang in langs:
        lo, hi = LENGTHS[lang]
        # one unit longer than allowed, so that windows of a longer recurring phrase are absorbed by it
        mined = mine([_runs(d.norm, lang) for d in docs if d.lang == lang], lo, hi + 1, options.min_docs)
        for gram, count in closed(mined, lo).items():
            if len(gram) <= hi and _well_formed(gram, lang):  # type: ignore[arg-type]
                pool.append((_text(gram, lang), lang, count))
    pool.sort(key=lambda c: (-c[2], c[0]))
    pool = pool[: max(200, options.limit * 20)]
    keep = known_filter([(t, lang) for t, lang, _ in pool], books)
    pool = [c for c, ok in zip(pool, keep, strict=True) if ok]
    if not pool:
        return []
    automaton = ahocorasick.Automaton()
    for i, (text, _lang, _n) in enumerate(pool):
        automaton.add_word(text, (i, len(text)))
    automaton.make_automaton()
    lang_of = [lang for _t, lang, _n in pool]
    in_period: list[list[_Doc]] = [[] for _ in pool]
    for d in docs:
        for i in _hits(automaton, d.norm, d.lang):
            if lang_of[i] == d.lang:
                in_period[i].append(d)
    base_docs = 0
    base_hits = [0] * len(pool)
    first_seen: list[str | None] = [ds[0].date if ds else None for ds in in_period]
    params: tuple[str, ...]
    if options.baseline is not None:
        where, params = "d.date >= ? AND d.date < ?", (options.baseline.start, options.baseline.end)
    else:
        where, params = "d.date < ?", (period.start,)
    for d in _documents(store, where, params, options.lang):
        base_docs += 1
        for i in _hits(automaton, d.norm, d.lang):
            if lang_of[i] == d.lang:
                base_hits[i] += 1
                if first_seen[i] is None or d.date < str(first_seen[i]):
                    first_seen[i] = d.date
    n_docs = max(len(docs), 1)
    scored = []
    for i in range(len(pool)):
        users = in_period[i]
        if len(users) < options.min_docs:
            continue
        burst = ((len(users) + 0.5) / n_docs) / ((base_hits[i] + 0.5) / base_docs) if base_docs else 1.0
        if base_docs and burst < options.min_burst:
            continue
        sources = len({d.source for d in users})
        score = len(users) * math.log2(1 + burst) * (1 + math.log2(sources))
        scored.append((score, i, burst, sources))
    scored.sort(key=lambda s: (-s[0], pool[s[1]][0]))
    out = []
    used_ids: set[str] = set()
    for score, i, burst, sources in scored[: options.limit]:
        text, lang, _ = pool[i]
        examples = _examples(store, text, lang, in_period[i], options.examples)
        out.append(
            Candidate(
                text=text,
                lang=lang,
                documents=len(in_period[i]),
                base_documents=base_hits[i],
                sources=sources,
                burst=round(burst, 2),
                score=round(score, 2),
                first_seen=first_seen[i],
                examples=examples,
                stub=yaml_stub(text, lang, first_seen[i], period, len(in_period[i]), base_hits[i], examples, used_ids),
            )
        )
    return out


def _examples(store: Store, text: str, lang: str, users: Sequence[_Doc], count: int) -> tuple[Example, ...]:
    """Sentences using ``text`` from up to ``count`` documents, other sources first."""
    chosen: list[_Doc] = []
    seen_sources: set[str] = set()
    for d in users:
        if d.source not in seen_sources:
            chosen.append(d)
            seen_sources.add(d.source)
    chosen += [d for d in users if d not in chosen]
    out = []
    for d in chosen[:count]:
        original = store.text(d.id)
        norm = normalize(original)
        at = norm.text.find(text)
        if at < 0:
            continue
        start, end = norm.span_to_original(at, at + len(text))
        out.append(Example(d.date, d.source, sentence_around(original, start, end)))
    return tuple(out)


def sentence_around(text: str, start: int, end: int, limit: int = 60) -> str:
    """The sentence of ``text`` around ``[start, end)``, at most ``limit`` characters either side (``…``
    where it is cut)."""
    left = max(0, start - limit)
    cut_left = left > 0
    for m in _SENTENCE_END.finditer(text, left, start):
        left, cut_left = m.end(), False
    stop = _SENTENCE_END.search(text, end, min(len(text), end + limit))
    right = stop.end() if stop else min(len(text), end + limit)
    cut_right = stop is None and right < len(text)
    body = " ".join(text[left:right].split()).lstrip("，、；：,;: ")
    return ("…" if cut_left else "") + body + ("…" if cut_right else "")


def _slug(text: str, lang: str, used: set[str]) -> str:
    if lang == "en":
        words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS]
        base = "-".join(words[:6]) or "candidate"
    else:
        base = "zh-" + hashlib.sha1(text.encode()).hexdigest()[:8]
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def yaml_stub(
    text: str,
    lang: str,
    first_seen: str | None,
    period: Period,
    documents: int,
    base_documents: int,
    examples: Sequence[Example],
    used: set[str],
) -> str:
    """A phrasebook entry for the candidate, in the format of README.md, to paste under ``entries:``."""
    lines = [
        f"  - id: {_slug(text, lang, used)}",
        f"    gloss: {_q('TODO: ' + text)}",
    ]
    if first_seen:
        lines.append(f"    first_use: {first_seen[:7]}")
    note = f"Found by phrasetrack discover: {documents} documents in {period.label}, {base_documents} before"
    lines += [
        f"    note: {_q(f'{note}; first seen {first_seen}.')}",
        "    forms:",
        f"      {lang}:",
        f"        - {{text: {_q(text)}, status: preferred}}",
        "    examples:",
        f"      {lang}:",
        f"        match: [{', '.join(_q(e.text) for e in examples[:2])}]",
        "        no_match: []",
    ]
    return "\n".join(lines) + "\n"
