"""The fuzzy matcher: anchor pieces found by Aho-Corasick, verified by a token edit distance.

By pigeonhole, a form of n tokens matched with at most k edits keeps at least one of k+1
contiguous pieces intact. One exact multi-pattern pass over all pieces of all forms finds every
candidate; only candidates are verified, with a semi-global token alignment (words for Latin
script, characters for Chinese) in which an inflection (change/changes) costs a fifth of an edit.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate

import ahocorasick

from phrasetrack.model import Book, Edit, Entry, Form, Match, Status
from phrasetrack.text.normalize import Normalized, normalize
from phrasetrack.text.tokenize import WORD_CHAR, Token, stem, tokenize

STOPWORDS = frozenset(
    (
        "a an the of in on for to and or with by at from as is are was were be been its it "
        "their our his her this that these those into than"
    ).split()
)
# Costs in fifths of an edit: an inflected word is cheap, anything else is one edit.
_INFLECT = 1
_EDIT = 5
MINOR_EDITS = frozenset({"inflect", "join", "split"})
CONTAINED_SLACK = 0.25  # how much worse a longer match of another entry may score and still win
WINDOW_CHARS = 1 << 20


@dataclass(frozen=True)
class ScanOptions:
    """What to look for: languages, statuses, and overrides of the per-form tolerance."""

    langs: frozenset[str] | None = None
    statuses: frozenset[Status] | None = None
    max_edits: int | None = None
    min_score: float = 0.0
    extra_edits: int = 0  # added to every fuzzy form's own tolerance (for near-miss searches)


def default_max_edits(tokens: Sequence[str], cjk: bool) -> int:
    """Edits allowed by default: none for short forms, more as a form grows."""
    if cjk:
        n = len(tokens)
        return 0 if n <= 5 else 1 if n <= 9 else 2 if n <= 14 else 3
    content = sum(1 for t in tokens if t not in STOPWORDS)
    return 0 if content <= 3 else 1 if content <= 6 else 2


@dataclass(frozen=True, slots=True)
class CompiledForm:
    """A form ready for matching: its normalized tokens, stems and tolerance."""

    index: int
    entry: Entry
    form: Form
    norm: str
    tokens: tuple[str, ...]
    stems: tuple[str, ...]
    cased: tuple[str, ...] | None
    cjk: bool
    max_edits: int
    slack: int
    probes: tuple[str, ...]  # distinct content tokens (stem prefixes), CJK characters
    need: int  # how many probes any acceptable placement leaves in the window


@dataclass(frozen=True, slots=True)
class _Piece:
    form: int
    offset: int  # where the piece starts in the form's normalized text
    length: int


def _compile_form(index: int, entry: Entry, form: Form, options: ScanOptions) -> CompiledForm:
    norm = normalize(form.text).text
    toks = tokenize(norm)
    tokens = tuple(t.text for t in toks)
    cjk = sum(t.cjk for t in toks) * 2 > len(toks)
    if not form.options.fuzzy:
        k = 0
    elif options.max_edits is not None:
        k = options.max_edits
    elif form.options.max_edits is not None:
        k = form.options.max_edits
    else:
        k = default_max_edits(tokens, cjk)
    if form.options.fuzzy:
        k += options.extra_edits
    k = min(k, max(len(tokens) - 1, 0))
    cased = None
    if form.options.case_sensitive:
        cased = tuple(t.text for t in tokenize(unicodedata.normalize("NFKC", form.text)))
        cased = cased if len(cased) == len(tokens) else None
    slack = (k + 2) * (2 if cjk else 12)
    stems = tuple(stem(t) for t in tokens)
    if cjk:
        probes = tuple(dict.fromkeys(tokens))
        need = len(probes) - k
    else:
        # an edit removes at most one probe (a join such as "un seen" counts as one of them here)
        probes = tuple(dict.fromkeys(_stem_prefix(t) for t in tokens if t not in STOPWORDS))
        need = len(probes) - k
    return CompiledForm(index, entry, form, norm, tokens, stems, cased, cjk, k, slack, probes, need)


def _stem_prefix(word: str) -> str:
    """The part of ``word`` that its inflections share: the common prefix with its stem."""
    s = stem(word)
    common = 0
    while common < min(len(s), len(word)) and s[common] == word[common]:
        common += 1
    return word[: max(common, min(3, len(word)))]


MIN_PIECE = 4  # characters: shorter English anchors ("u", "arm") hit everywhere


def _pieces(cf: CompiledForm, spread: dict[str, int] | None = None) -> list[tuple[str, int]]:
    """Split a form into contiguous pieces that survive text variation: k+1 pieces (k = allowed
    edits) so that one survives by pigeonhole, and for English one more where every piece still has
    a useful length, since only the last word of a piece may be inflected in the text."""
    toks = tokenize(cf.norm)
    # natural segments: runs of tokens with nothing but the canonical separator between them
    # (Latin tokens joined by punctuation without spaces, as in "u.s.", stay together)
    segments: list[list[Token]] = [[toks[0]]]
    for prev, tok in itertools.pairwise(toks):
        gap = cf.norm[prev.end : tok.start]
        same_script = prev.cjk == tok.cjk
        joined = not tok.cjk and gap and " " not in gap and len(gap) == 1
        if same_script and (gap == ("" if tok.cjk else " ") or joined):
            segments[-1].append(tok)
        else:
            segments.append([tok])

    spread = spread or {}

    def token_weight(t: Token) -> float:
        """How selective an anchor word is: long words, and words that few forms share (a word in
        many forms, such as "development", is likely common in text too)."""
        if t.cjk:
            return 1.0
        if t.text in STOPWORDS:
            return 0.4
        return len(t.text) / (1.0 + math.log(spread.get(t.text, 1)))

    weights = {id(t): token_weight(t) for t in toks}

    def weight(run: list[Token]) -> float:
        return sum(weights[id(t)] for t in run)

    def length(run: list[Token]) -> int:
        return run[-1].end - run[0].start

    base = cf.max_edits + 1
    extra = 0 if cf.cjk else 1
    for wanted in (base + extra, base):
        trial = [list(s) for s in segments]
        while len(trial) < wanted:
            splittable = [s for s in trial if len(s) > 1]
            if not splittable:
                break
            big = max(splittable, key=weight)
            at = min(range(1, len(big)), key=lambda i: abs(weight(big[:i]) - weight(big[i:])))
            pos = trial.index(big)
            trial[pos : pos + 1] = [big[:at], big[at:]]
        if cf.cjk or wanted == base or all(length(s) >= MIN_PIECE + 2 for s in trial):
            segments = trial
            break
    out = []
    for run in segments:
        last = run[-1]
        end = last.end
        if not last.cjk:
            # the last word may be inflected in the text: anchor on its stem's common prefix
            end = max(last.start + len(_stem_prefix(last.text)), min(last.end, run[0].start + MIN_PIECE))
        out.append((cf.norm[run[0].start : end], run[0].start))
    return out


class Matcher:
    """Compiled phrasebooks: build once, scan many texts."""

    def __init__(self, books: Sequence[Book], options: ScanOptions | None = None) -> None:
        self.options = options or ScanOptions()
        self.forms: list[CompiledForm] = []
        self._preferred_cache: dict[tuple[str, str, str | None], str | None] = {}
        for book in books:
            for entry in book.entries:
                for form in entry.forms:
                    if self.options.langs is not None and form.lang not in self.options.langs:
                        continue
                    self.forms.append(_compile_form(len(self.forms), entry, form, self.options))
        self._automaton = ahocorasick.Automaton()
        registry: dict[str, list[_Piece]] = {}
        spread = Counter(t for cf in self.forms if not cf.cjk for t in set(cf.tokens))
        probe_spread = Counter(p for cf in self.forms for p in cf.probes)
        self.forms = [replace(cf, probes=tuple(sorted(cf.probes, key=lambda p: probe_spread[p]))) for cf in self.forms]
        for cf in self.forms:
            for text, offset in _pieces(cf, spread):
                registry.setdefault(text, []).append(_Piece(cf.index, offset, len(text)))
        for text, pieces in registry.items():
            self._automaton.add_word(text, (len(text), tuple((p.form, p.offset) for p in pieces)))
        self.overlap = max((len(cf.norm) + 2 * cf.slack for cf in self.forms), default=0) * 2 + 64
        if registry:
            self._automaton.make_automaton()

    # -- public API -------------------------------------------------------------
    def scan(self, text: str, *, date: str | None = None, file: str = "") -> list[Match]:
        """All matches in ``text``, with line and column, best first where they overlap."""
        return list(self.scan_stream([text], date=date, file=file))

    def scan_stream(self, chunks: Iterable[str], *, date: str | None = None, file: str = "") -> Iterator[Match]:
        """Matches in a text that arrives in pieces; memory stays bounded by the window size."""
        buffer = ""
        base = 0  # offset of buffer[0] in the whole text
        line = 1  # line number at buffer[0]
        col0 = 0  # offset in the whole text where that line starts
        reported = 0  # whole-text offset before which matches were already reported
        for chunk in _windows(chunks):
            buffer += chunk
            if len(buffer) < WINDOW_CHARS:
                continue
            cutoff = base + len(buffer) - self.overlap
            yield from self._emit(buffer, base, line, col0, reported, cutoff, date, file)
            keep_from = max(0, len(buffer) - 2 * self.overlap)
            line, col0 = _advance(buffer, keep_from, base, line, col0)
            buffer = buffer[keep_from:]
            base += keep_from
            reported = cutoff
        yield from self._emit(buffer, base, line, col0, reported, None, date, file)

    def candidates(self, text: str, *, date: str | None = None) -> list[Match]:
        """Every verified match in ``text`` before overlaps are resolved (for curators' checks)."""
        return self._find(text, date, prune=False)

    # -- internals ------------------------------------------------------------
    def _emit(
        self,
        buffer: str,
        base: int,
        line: int,
        col0: int,
        lo: int,
        hi: int | None,
        date: str | None,
        file: str,
    ) -> Iterator[Match]:
        statuses = self.options.statuses
        found = [
            m
            for m in resolve(self._find(buffer, date))
            if lo <= m.start + base
            and (hi is None or m.start + base < hi)
            and (statuses is None or m.status in statuses)
            and m.score >= self.options.min_score
        ]
        pos = 0
        line_start = col0  # whole-text offset where the current line starts
        for m in found:
            line += buffer.count("\n", pos, m.start)
            nl = buffer.rfind("\n", pos, m.start)
            if nl >= 0:
                line_start = base + nl + 1
            pos = m.start
            yield Match(
                m.entry,
                m.lang,
                m.form,
                m.status,
                m.preferred,
                m.score,
                m.edits,
                m.start + base,
                m.end + base,
                m.text,
                line,
                base + m.start - line_start + 1,
                file,
            )

    def _find(self, text: str, date: str | None, *, prune: bool = True) -> list[Match]:
        """Candidates from one Aho-Corasick pass. Exact occurrences are taken straight away; the
        rest are verified by alignment unless their intact piece lies inside an exact match (a
        fuzzy match overlapping an exact one would lose to it anyway)."""
        if not self.forms or not text:
            return []
        norm = normalize(text)
        ntext = norm.text
        results: dict[tuple[int, int, int], Match] = {}
        exact_spans: list[tuple[int, int]] = []
        pending: list[tuple[CompiledForm, int, int, int]] = []
        checked: set[int] = set()
        forms = self.forms
        nforms = len(forms)
        for end_idx, (length, pieces) in self._automaton.iter(ntext):
            hit = end_idx - length + 1
            for form_index, offset in pieces:
                est = hit - offset
                key = est * nforms + form_index
                if key in checked:
                    continue
                checked.add(key)
                cf = forms[form_index]
                exact = ntext.startswith(cf.norm, est) and est >= 0 and _exact_at(cf, ntext, est)
                if cf.cased is not None and cf.max_edits == 0 and len(cf.tokens) == 1:
                    if exact:
                        start, end = norm.span_to_original(est, est + len(cf.norm))
                        if unicodedata.normalize("NFKC", text[start:end]) == cf.cased[0]:
                            match = self._match(cf, norm, est, est + len(cf.norm), (), 1.0, date)
                            results[(cf.index, match.start, match.end)] = match
                    continue
                if exact and cf.cased is None:
                    end = est + len(cf.norm)
                    match = self._match(cf, norm, est, end, (), 1.0, date)
                    results[(cf.index, match.start, match.end)] = match
                    exact_spans.append((est, end))
                elif cf.max_edits or not cf.cjk or len(cf.tokens) != len(cf.norm):
                    # (a Chinese exact-only form of characters alone cannot match anywhere but exactly)
                    pending.append((cf, est, hit, hit + length))
        exact_spans.sort()
        starts = [a for a, _ in exact_spans]
        reach = list(accumulate((b for _, b in exact_spans), max))
        for cf, est, lo, hi in pending:
            i = bisect_right(starts, hi - 1) - 1
            if prune and i >= 0 and reach[i] > lo:
                continue
            found = self._verify(cf, norm, est, date)
            if found is not None:
                results[(cf.index, found.start, found.end)] = found
        return list(results.values())

    def _verify(self, cf: CompiledForm, norm: Normalized, est: int, date: str | None) -> Match | None:
        ntext = norm.text
        lo = max(0, est - cf.slack)
        hi = min(len(ntext), est + len(cf.norm) + cf.slack)
        if cf.need > 1:  # cheap count filter before tokenizing and aligning (rarest probes first)
            region = ntext[lo:hi]
            misses_allowed = len(cf.probes) - cf.need
            for p in cf.probes:
                if p not in region:
                    misses_allowed -= 1
                    if misses_allowed < 0:
                        return None
        window = tokenize(ntext, lo, hi)
        if not window:
            return None
        aligned = align(cf, window)
        if aligned is None:
            return None
        first, last, edits, minor = aligned
        if cf.cased is not None:
            edits = _case_edits(cf, norm, window, edits)
        n_edits = sum(1 for e in edits if e.op not in MINOR_EDITS)
        if n_edits > cf.max_edits:
            return None
        score = max(0.0, 1.0 - (n_edits + 0.2 * minor) / len(cf.tokens))
        return self._match(cf, norm, window[first].start, window[last].end, tuple(edits), score, date)

    def _match(
        self,
        cf: CompiledForm,
        norm: Normalized,
        nstart: int,
        nend: int,
        edits: tuple[Edit, ...],
        score: float,
        date: str | None,
    ) -> Match:
        start, end = norm.span_to_original(nstart, nend)
        return Match(
            entry=cf.entry.id,
            lang=cf.form.lang,
            form=cf.form.text,
            status=cf.form.status_on(date),
            preferred=self._preferred(cf, date),
            score=round(score, 3),
            edits=edits,
            start=start,
            end=end,
            text=norm.original[start:end],
        )

    def _preferred(self, cf: CompiledForm, date: str | None) -> str | None:
        key = (cf.entry.id, cf.form.lang, date)
        if key not in self._preferred_cache:
            self._preferred_cache[key] = cf.entry.preferred(cf.form.lang, date)
        return self._preferred_cache[key]


def _exact_at(cf: CompiledForm, ntext: str, est: int) -> bool:
    """True when the form's normalized text stands at ``est`` as whole words."""
    if est < 0 or not ntext.startswith(cf.norm, est):
        return False
    end = est + len(cf.norm)
    if est > 0 and WORD_CHAR.match(cf.norm, 0) and WORD_CHAR.match(ntext, est - 1):
        return False
    return not (end < len(ntext) and WORD_CHAR.match(cf.norm, len(cf.norm) - 1) and WORD_CHAR.match(ntext, end))


def align(cf: CompiledForm, window: Sequence[Token]) -> tuple[int, int, list[Edit], int] | None:
    """Best placement of the form inside ``window``: (first token, last token, edits, minor edits).

    Semi-global edit distance: the whole form against any stretch of the window. Besides insert,
    delete and substitute, an inflected word, two text words that join into a form word ("un-
    seen") and one text word that splits into two form words ("peacekeeping") are minor edits.
    Returns None when the cheapest placement needs more than the form's allowed edits.
    """
    ftoks = cf.tokens
    fstems = cf.stems
    wtoks = [t.text for t in window]
    wstems = [stem(t) for t in wtoks] if not cf.cjk else wtoks
    latin = not cf.cjk
    n, m = len(ftoks), len(wtoks)
    flens = [len(t) for t in ftoks]
    wlens = [len(t) for t in wtoks]
    bound = cf.max_edits * _EDIT + n * _INFLECT
    rows = [[0] * (m + 1)]
    for i in range(1, n + 1):
        prev = rows[-1]
        cur = [i * _EDIT] + [0] * m
        fi, si = ftoks[i - 1], fstems[i - 1]
        lf = flens[i - 1]
        best = cur[0]
        for j in range(1, m + 1):
            wj = wtoks[j - 1]
            c = 0 if fi == wj else _INFLECT if si == wstems[j - 1] else _EDIT
            d = prev[j - 1] + c
            u = prev[j] + _EDIT
            left = cur[j - 1] + _EDIT
            v = d if d <= u and d <= left else u if u <= left else left
            if latin and c == _EDIT:
                lw = wlens[j - 1]
                if j >= 2 and lf == wlens[j - 2] + lw and fi == wtoks[j - 2] + wj:
                    v = min(v, prev[j - 2] + _INFLECT)
                if i >= 2 and lw == flens[i - 2] + lf and wj == ftoks[i - 2] + fi:
                    v = min(v, rows[i - 2][j - 1] + _INFLECT)
            cur[j] = v
            if v < best:
                best = v
        if best > bound:
            return None
        rows.append(cur)
    last_row = rows[n]
    jbest = min(range(1, m + 1), key=lambda j: (last_row[j], -j))
    if last_row[jbest] > bound:
        return None
    edits: list[Edit] = []
    minor = 0
    i, j = n, jbest
    last = jbest - 1
    while i > 0:
        here = rows[i][j]
        if j > 0:
            fi, wj = ftoks[i - 1], wtoks[j - 1]
            c = 0 if fi == wj else _INFLECT if fstems[i - 1] == wstems[j - 1] else _EDIT
            if here == rows[i - 1][j - 1] + c:
                if c == _INFLECT:
                    edits.append(Edit("inflect", fi, wj))
                    minor += 1
                elif c == _EDIT:
                    edits.append(Edit("substitute", fi, wj))
                i, j = i - 1, j - 1
                continue
            if latin and j >= 2 and fi == wtoks[j - 2] + wj and here == rows[i - 1][j - 2] + _INFLECT:
                edits.append(Edit("join", fi, f"{wtoks[j - 2]} {wj}"))
                minor += 1
                i, j = i - 1, j - 2
                continue
            if latin and i >= 2 and wj == ftoks[i - 2] + fi and here == rows[i - 2][j - 1] + _INFLECT:
                edits.append(Edit("split", f"{ftoks[i - 2]} {fi}", wj))
                minor += 1
                i, j = i - 2, j - 1
                continue
            if here == rows[i][j - 1] + _EDIT:
                edits.append(Edit("insert", "", wj))
                j -= 1
                continue
        edits.append(Edit("delete", ftoks[i - 1], ""))
        i -= 1
    first = j
    if first > last:
        return None
    edits.reverse()
    return first, last, edits, minor


def _case_edits(cf: CompiledForm, norm: Normalized, window: Sequence[Token], edits: list[Edit]) -> list[Edit]:
    """For a case-sensitive form, turn aligned tokens whose case differs into edits."""
    assert cf.cased is not None
    out = list(edits)
    originals = {
        t.text: unicodedata.normalize("NFKC", norm.original[slice(*norm.span_to_original(t.start, t.end))])
        for t in window
    }
    for folded, cased in zip(cf.tokens, cf.cased, strict=True):
        seen = originals.get(folded)
        if seen is not None and seen != cased:
            out.append(Edit("case", cased, seen))
    return out


def resolve(matches: Iterable[Match]) -> list[Match]:
    """Keep the best of overlapping matches, sorted by position.

    A match inside a longer one goes when the longer one is at least as good (same entry: a
    deprecated short form inside a preferred long one) or nearly as good (another entry: the title
    "CPC Central Committee" inside a fuzzily matched longer formula that contains it); among the
    rest the higher score, the longer span, then the better status win."""
    ordered = sorted(matches, key=lambda m: (m.start, -(m.end - m.start)))
    kept_same: list[Match] = []
    for m in ordered:
        if any(
            o.start <= m.start
            and m.end <= o.end
            and o.end - o.start > m.end - m.start
            and (o.score >= m.score if o.entry == m.entry else _swallows(o, m))
            for o in kept_same[-8:]
        ):
            continue
        kept_same.append(m)
    ranked = sorted(kept_same, key=lambda m: (-m.score, -(m.end - m.start), m.status.rank, m.start))
    starts: list[int] = []  # taken spans never overlap, so their starts and ends sort together
    ends: list[int] = []
    chosen: list[Match] = []
    for m in ranked:
        i = bisect_right(starts, m.start)
        if (i > 0 and ends[i - 1] > m.start) or (i < len(starts) and starts[i] < m.end):
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        chosen.append(m)
    chosen.sort(key=lambda m: (m.start, m.end))
    return chosen


def _swallows(outer: Match, inner: Match) -> bool:
    """A longer match of another entry absorbs one inside it when it scores nearly as well and none
    of its edits falls on the inner text (CPC -> CPV must not swallow the exact "CPV ...")."""
    if outer.score < inner.score - CONTAINED_SLACK:
        return False
    if not outer.edits:
        return True
    inner_tokens = {t.text for t in tokenize(normalize(inner.text).text)}
    return not any(e.found in inner_tokens or e.expected in inner_tokens for e in outer.edits if e.op != "inflect")


def _windows(chunks: Iterable[str]) -> Iterator[str]:
    for chunk in chunks:
        for i in range(0, len(chunk), WINDOW_CHARS):
            yield chunk[i : i + WINDOW_CHARS]


def _advance(buffer: str, upto: int, base: int, line: int, col0: int) -> tuple[int, int]:
    """Line number and line-start offset at ``buffer[upto]``."""
    line += buffer.count("\n", 0, upto)
    nl = buffer.rfind("\n", 0, upto)
    return line, (base + nl + 1 if nl >= 0 else col0)
