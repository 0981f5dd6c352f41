"""Version diff: sentence alignment, word-level diff inside changed sentences, moves, formula changes.

Sentences are compared first (on keys that ignore line wrapping, and optionally whitespace, case,
punctuation width and script); unique-sentence matching keeps this near-linear even for unrelated
documents. Only paired, changed sentences get a token diff (diff-match-patch on tokens mapped to
single code points). Deleted and inserted sentences that match each other are moves, also when
they were edited. Both versions are scanned for formulas, and every change is classified.
"""

from __future__ import annotations

import difflib
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz.distance import Indel

from phrasetrack.match import Matcher
from phrasetrack.similar import ShingleIndex
from phrasetrack.text.lines import LineIndex
from phrasetrack.text.normalize import CJK_CLASS, fold, normalize
from phrasetrack.text.sentences import Sentence, split_sentences

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

SCHEMA_VERSION = 1
PAIR_THRESHOLD = 0.5  # similarity at which two sentences are one sentence edited
MOVE_THRESHOLD = 0.6
MIN_MOVE_CHARS = 12
BLOCK_CELLS = 2500  # sentence pairs compared exhaustively inside one changed block
MAX_FORMULA_CHARS = 400  # no formula occurrence is longer: bounds the look-back for overlaps
PARALLEL_SCAN_CHARS = 200_000  # scan the two versions in two processes when both have this much to scan

_SPACE_RUN = re.compile(r"\s+")
_CJK_SPACE = re.compile(rf"(?<=[{CJK_CLASS}])\s+|\s+(?=[{CJK_CLASS}])")  # typographic only: 增长 6.5%
_TOKEN = re.compile(rf"[{CJK_CLASS}]|\d+(?:[.,]\d+)*|[^\W_]+|\s+|.", re.S)
_PUNCT_WIDTH = str.maketrans(
    {"，": ",", "。": ".", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")", "“": '"', "”": '"',
     "‘": "'", "’": "'", "、": ",", "《": '"', "》": '"', "【": "[", "】": "]", "—": "-", "…": "..."}
)  # fmt: skip
_NUMERALS = re.compile(r"[0-9０-９](?:[0-9０-９.,]*[0-9０-９])?[%％]?|[零〇一二三四五六七八九十百千万亿两]+")
_NEGATIONS = re.compile(r"\b(?:not|no|never|neither|nor|none|without|cannot)\b|n't|[不没未无非勿别否]", re.I)
_MODALS = re.compile(
    r"\b(?:will|shall|should|must|may|might|can|could|would|ought|need)\b"
    r"|应当|应该|必须|可以|可能|[要应将会能须得]",
    re.I,
)
_CAPITALIZED = re.compile(r"\b[A-Z][a-zA-Z]+")
_WORDS = re.compile(r"\w+|[^\w\s]")
_HAS_CJK = re.compile(f"[{CJK_CLASS}]")


@dataclass(frozen=True)
class DiffOptions:
    """What counts as a difference, and the limits of the token diff."""

    ignore_whitespace: bool = False
    ignore_case: bool = False
    ignore_punctuation_width: bool = False
    ignore_script: bool = False
    token_timeout: float = 2.0  # seconds for one sentence pair; hitting it marks the result degraded


@dataclass(frozen=True)
class FormulaUse:
    """One formula found in one version."""

    entry: str
    form: str
    status: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Change:
    """One difference: spans in the old and the new text (empty span for a pure insert or delete)."""

    kind: str  # insert | delete | replace | move
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old_text: str
    new_text: str
    old_line: int
    new_line: int
    significance: str = "substantive"  # cosmetic | substantive | significant
    reasons: tuple[str, ...] = ()
    formulas: tuple[str, ...] = ()
    edits: tuple[Change, ...] = ()  # word changes inside a moved sentence that was also edited


@dataclass(frozen=True)
class FormulaChange:
    """An entry added, removed or re-rendered between the versions."""

    entry: str
    change: str  # added | removed | re-rendered
    old: tuple[FormulaUse, ...]
    new: tuple[FormulaUse, ...]


@dataclass(frozen=True)
class Row:
    """One row of the side-by-side view: an old sentence, a new sentence, or both."""

    kind: str  # equal | modified | deleted | inserted | moved-out | moved-in
    old: Sentence | None
    new: Sentence | None
    link: int = -1  # for moves: the index of the row at the other end


@dataclass(frozen=True)
class DiffResult:
    """Everything one comparison found."""

    old_name: str
    new_name: str
    old_text: str
    new_text: str
    rows: tuple[Row, ...]
    changes: tuple[Change, ...]
    formula_changes: tuple[FormulaChange, ...]
    old_formulas: tuple[FormulaUse, ...]
    new_formulas: tuple[FormulaUse, ...]
    similarity: float
    stats: dict[str, int] = field(default_factory=dict)
    degraded: tuple[str, ...] = ()

    @property
    def identical(self) -> bool:
        """True when nothing differs after the chosen normalization."""
        return not self.changes


# -- keys ----------------------------------------------------------------------
def sentence_key(text: str, options: DiffOptions) -> str:
    """The text a sentence is compared by: line wrapping and spaces beside Chinese characters
    (增长 6.5% = 增长6.5%) never count; the options drop more."""
    if options.ignore_script:
        text = _t2s(text)
    if options.ignore_punctuation_width:
        text = text.translate(_PUNCT_WIDTH)
    if options.ignore_case:
        text = text.casefold()
    if options.ignore_whitespace:
        return _SPACE_RUN.sub("", text)
    return _SPACE_RUN.sub(" ", _CJK_SPACE.sub("", text)).strip()


def _t2s(text: str) -> str:
    from phrasetrack.text.normalize import t2s_table

    return text.translate(t2s_table())


def _token_key(token: str, options: DiffOptions) -> str:
    if token.isspace():
        return "" if options.ignore_whitespace else " "
    return sentence_key(token, options) or token


# -- the diff ----------------------------------------------------------------------
def diff_texts(
    old: str,
    new: str,
    *,
    matcher: Matcher | None = None,
    options: DiffOptions | None = None,
    old_name: str = "old",
    new_name: str = "new",
    all_formulas: bool = False,
    parallel: bool = False,
    formulas: tuple[tuple[FormulaUse, ...], tuple[FormulaUse, ...]] | None = None,
) -> DiffResult:
    """Compare two versions of a statement.

    Formulas are looked for only in sentences that changed (those in equal sentences are the same
    on both sides and cancel out), unless ``all_formulas`` asks for every occurrence in both texts.
    ``parallel`` lets large scans of the two versions run at once in two processes (where the
    platform can fork). ``formulas``, every occurrence in each text found beforehand (see
    :func:`scan_all`), is used instead of scanning.
    """
    options = options or DiffOptions()
    sa, sb = split_sentences(old), split_sentences(new)
    ka = [sentence_key(old[s.start : s.end], options) for s in sa]
    kb = [sentence_key(new[s.start : s.end], options) for s in sb]
    builder = _Builder(old, new, sa, sb, ka, kb, options)
    builder.match_equal()
    scans = None
    if formulas is None and matcher is not None:
        # what changed is known now; scans start before the changed sentences are paired
        old_spans, new_spans = ([(0, len(old))], [(0, len(new))]) if all_formulas else builder.changed_spans()
        scans = _scan_later(matcher, old, old_spans, parallel), _scan_later(matcher, new, new_spans, parallel)
    builder.pair_changed()
    if formulas is not None:
        builder.set_formulas(*formulas)
    elif scans is not None:
        builder.set_formulas(scans[0](), scans[1]())
    builder.emit()
    return builder.result(old_name, new_name)


Spans = list[tuple[int, int]]


def _scan_spans(matcher: Matcher, text: str, spans: Spans) -> tuple[FormulaUse, ...]:
    """Formulas in the given spans of ``text``, with offsets into the whole text."""
    return tuple(
        FormulaUse(m.entry, m.form, m.status.value, m.text, m.start + a, m.end + a)
        for a, b in spans
        for m in matcher.scan(text[a:b])
    )


def _scan_later(matcher: Matcher, text: str, spans: Spans, parallel: bool) -> Callable[[], tuple[FormulaUse, ...]]:
    """A function that returns the formulas in ``spans``. With ``parallel``, a large scan starts
    at once in a forked process (which shares the compiled phrasebook without copying it) while
    this one goes on; otherwise it runs when asked for."""
    import multiprocessing

    size = sum(b - a for a, b in spans)
    if not parallel or size < PARALLEL_SCAN_CHARS or "fork" not in multiprocessing.get_all_start_methods():
        return lambda: _scan_spans(matcher, text, spans)
    sys.stdout.flush()  # the child flushes inherited buffers on exit: nothing may be pending
    sys.stderr.flush()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_scan_into, args=(send, matcher, text, spans), daemon=True)
    child.start()
    send.close()

    def result() -> tuple[FormulaUse, ...]:
        try:
            uses: tuple[FormulaUse, ...] = receive.recv()
        except EOFError:  # the child died: scan here instead
            uses = _scan_spans(matcher, text, spans)
        finally:
            receive.close()
            child.join()
        return uses

    return result


def scan_all(matcher: Matcher, texts: Sequence[str], *, parallel: bool = False) -> list[tuple[FormulaUse, ...]]:
    """Every formula occurrence in each text; with ``parallel``, large texts are scanned at once in
    forked processes."""
    pending = [_scan_later(matcher, text, [(0, len(text))], parallel) for text in texts]
    return [result() for result in pending]


def _scan_into(send: Connection, matcher: Matcher, text: str, spans: Spans) -> None:
    """The forked side of :func:`_scan_later`. It never prints: Ctrl-C is the parent's to handle,
    and on any failure it sends nothing, so that the parent scans again and reports the problem."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        send.send(_scan_spans(matcher, text, spans))
    except Exception:  # the parent scans again and says what is wrong
        pass
    finally:
        send.close()


class _Builder:
    """Works out rows and changes; one instance per comparison."""

    def __init__(
        self,
        old: str,
        new: str,
        sa: list[Sentence],
        sb: list[Sentence],
        ka: list[str],
        kb: list[str],
        options: DiffOptions,
    ) -> None:
        self.old, self.new, self.sa, self.sb, self.ka, self.kb = old, new, sa, sb, ka, kb
        self.options = options
        self.pairs: list[tuple[str, int, int]] = []  # (kind, i, j) with -1 for absent
        self._opcodes: Sequence[tuple[str, int, int, int, int]] = ()
        self.degraded: list[str] = []
        self.changes: list[Change] = []
        self.rows: list[Row] = []
        self._old_lines = LineIndex(old)
        self._new_lines = LineIndex(new)
        self._old_starts = {x.start for x in sa}
        self._shingles = ShingleIndex(ka, kb)
        self._by_words = not options.ignore_whitespace  # see _similarity
        self.set_formulas((), ())
        self.merged_old: dict[int, int] = {}  # old sentence i paired together with i + 1
        self.merged_new: dict[int, int] = {}
        self._new_starts = {x.start for x in sb}

    # sentence alignment ---------------------------------------------------------
    def match_equal(self) -> None:
        """Runs of equal sentences (by key); the blocks between them changed."""
        matcher = difflib.SequenceMatcher(None, self.ka, self.kb, autojunk=False)
        self._opcodes = matcher.get_opcodes()

    def changed_spans(self) -> tuple[Spans, Spans]:
        """Spans of the old and the new text that are not equal sentences (known after :meth:`match_equal`)."""
        old: Spans = []
        new: Spans = []
        for tag, i1, i2, j1, j2 in self._opcodes:
            if tag != "equal":
                if i2 > i1:
                    old.append((self.sa[i1].start, self.sa[i2 - 1].end))
                if j2 > j1:
                    new.append((self.sb[j1].start, self.sb[j2 - 1].end))
        return old, new

    def pair_changed(self) -> None:
        """Pair the sentences of each changed block (edited, deleted, inserted), then find the moves."""
        for tag, i1, i2, j1, j2 in self._opcodes:
            if tag == "equal":
                self.pairs += [("equal", i1 + d, j1 + d) for d in range(i2 - i1)]
            else:
                self.pairs += self._pair_block(i1, i2, j1, j2)
        self._find_moves()

    def set_formulas(self, old_formulas: tuple[FormulaUse, ...], new_formulas: tuple[FormulaUse, ...]) -> None:
        """The formula occurrences that changes are checked against (sorted by start)."""
        self.old_formulas, self.new_formulas = old_formulas, new_formulas
        self._old_formula_starts = [f.start for f in old_formulas]
        self._new_formula_starts = [f.start for f in new_formulas]

    def emit(self) -> None:
        """Work out the rows and changes."""
        self._emit()

    def _pair_block(self, i1: int, i2: int, j1: int, j2: int) -> list[tuple[str, int, int]]:
        """Pair edited sentences inside one changed block, keeping order; the rest are deleted/inserted."""
        n, m = i2 - i1, j2 - j1
        if n == 0 or m == 0:
            return [("deleted", i, -1) for i in range(i1, i2)] + [("inserted", -1, j) for j in range(j1, j2)]
        if n * m > BLOCK_CELLS:
            return self._pair_sparse(i1, i2, j1, j2)
        ka, kb = self.ka, self.kb

        def gain(a0: int, a1: int, b0: int, b1: int) -> float:
            """Matched characters of old sentences a0..a1 against new b0..b1 (0 under the threshold)."""
            left, right = " ".join(ka[a0:a1]), " ".join(kb[b0:b1])
            s = _similarity(left, right, self._by_words)
            return s * (len(left) + len(right)) if s >= PAIR_THRESHOLD else -1.0

        # monotone alignment maximizing matched characters; beads 1-1, and 2-1 / 1-2 where a
        # sentence boundary appeared or disappeared ("pattern. To change" -> "pattern. flood To change")
        beads = ((1, 1), (2, 1), (1, 2))
        best = [[0.0] * (m + 1) for _ in range(n + 1)]
        move: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
        for a in range(n + 1):
            for b in range(m + 1):
                if a == 0 and b == 0:
                    continue
                options = []
                if a:
                    options.append((best[a - 1][b], (1, 0)))
                if b:
                    options.append((best[a][b - 1], (0, 1)))
                for da, db in beads:
                    if a >= da and b >= db:
                        g = gain(i1 + a - da, i1 + a, j1 + b - db, j1 + b)
                        if g > 0:
                            options.append((best[a - da][b - db] + g, (da, db)))
                best[a][b], move[a][b] = max(options, key=lambda o: o[0])
        out: list[tuple[str, int, int]] = []
        a, b = n, m
        while a > 0 or b > 0:
            da, db = move[a][b]
            i, j = i1 + a - da, j1 + b - db
            if da and db:
                if da == 2:
                    self.merged_old[i] = i + 1
                if db == 2:
                    self.merged_new[j] = j + 1
                out.append(("modified", i, j))
            elif da:
                out.append(("deleted", i, -1))
            else:
                out.append(("inserted", -1, j))
            a, b = a - da, b - db
        out.reverse()
        return out

    def _pair_sparse(self, i1: int, i2: int, j1: int, j2: int) -> list[tuple[str, int, int]]:
        """A large changed block: similar pairs come from a shingle index, and the heaviest
        order-preserving chain of them is kept; cost stays near-linear in the block size."""
        sim = self._similar_pairs(range(i1, i2), range(j1, j2))
        chain = _heaviest_chain(sorted(sim), sim)
        out: list[tuple[str, int, int]] = []
        i, j = i1, j1
        for a, b in [*chain, (i2, j2)]:
            out += [("deleted", x, -1) for x in range(i, a)] + [("inserted", -1, y) for y in range(j, b)]
            if a < i2:
                out.append(("modified", a, b))
            i, j = a + 1, b + 1
        return out

    def _similar_pairs(self, olds: Sequence[int], news: Sequence[int]) -> dict[tuple[int, int], float]:
        """Similar (old, new) sentence pairs: candidates through shared shingles, scored exactly."""
        out: dict[tuple[int, int], float] = {}
        for i, j in self._shingles.candidates(olds, news):
            s = _similarity(self.ka[i], self.kb[j], self._by_words)
            if s >= PAIR_THRESHOLD:
                out[(i, j)] = s
        return out

    def _find_moves(self) -> None:
        """A deleted sentence that reappears elsewhere (same or edited) is a move."""
        deleted = [k for k, (kind, _, _) in enumerate(self.pairs) if kind == "deleted"]
        inserted = [k for k, (kind, _, _) in enumerate(self.pairs) if kind == "inserted"]
        if not deleted or not inserted:
            return
        by_key: dict[str, list[int]] = defaultdict(list)
        for k in inserted:
            by_key[self.kb[self.pairs[k][2]]].append(k)
        used: set[int] = set()
        moves: list[tuple[int, int]] = []
        rest = []
        for k in deleted:
            key = self.ka[self.pairs[k][1]]
            candidates = [c for c in by_key.get(key, []) if c not in used]
            if candidates and len(key) >= MIN_MOVE_CHARS:
                used.add(candidates[0])
                moves.append((k, candidates[0]))
            else:
                rest.append(k)
        left = [k for k in inserted if k not in used]
        if rest and left:
            olds = [self.pairs[k][1] for k in rest]
            news = [self.pairs[k][2] for k in left]
            sims = self._similar_pairs(olds, news)
            ranked = sorted(sims.items(), key=lambda item: -item[1])
            taken_old: set[int] = set()
            taken_new: set[int] = set()
            k_of_old = dict(zip(olds, rest, strict=True))
            k_of_new = dict(zip(news, left, strict=True))
            for (i, j), s in ranked:
                if s < MOVE_THRESHOLD or i in taken_old or j in taken_new:
                    continue
                if min(len(self.ka[i]), len(self.kb[j])) < MIN_MOVE_CHARS:
                    continue
                taken_old.add(i)
                taken_new.add(j)
                moves.append((k_of_old[i], k_of_new[j]))
        for k_old, k_new in moves:
            i, j = self.pairs[k_old][1], self.pairs[k_new][2]
            self.pairs[k_old] = ("moved-out", i, j)
            self.pairs[k_new] = ("moved-in", i, j)

    # changes -------------------------------------------------------------------
    def _old(self, i: int) -> Sentence:
        """Old sentence ``i``, joined with the next one when they were paired together."""
        nxt = self.merged_old.get(i)
        return Sentence(self.sa[i].start, self.sa[nxt].end) if nxt is not None else self.sa[i]

    def _new(self, j: int) -> Sentence:
        """New sentence ``j``, joined with the next one when they were paired together."""
        nxt = self.merged_new.get(j)
        return Sentence(self.sb[j].start, self.sb[nxt].end) if nxt is not None else self.sb[j]

    def _emit(self) -> None:
        row_of_out: dict[tuple[int, int], int] = {}
        row_of_in: dict[tuple[int, int], int] = {}
        for kind, i, j in self.pairs:
            if kind == "moved-out":
                row_of_out[(i, j)] = len(self.rows)
            elif kind == "moved-in":
                row_of_in[(i, j)] = len(self.rows)
            old = self._old(i) if i >= 0 and kind != "moved-in" else None
            new = self._new(j) if j >= 0 and kind != "moved-out" else None
            self.rows.append(Row(kind, old, new))
        for (i, j), r in row_of_out.items():
            other = row_of_in[(i, j)]
            self.rows[r] = Row("moved-out", self.sa[i], None, other)
            self.rows[other] = Row("moved-in", None, self.sb[j], r)
        run: list[tuple[str, int, int]] = []
        last_old = last_new = 0  # ends of the latest old and new sentences passed
        run_old = run_new = 0
        for k, (kind, i, j) in enumerate([*self.pairs, ("end", -1, -1)]):
            if kind in ("deleted", "inserted") and (not run or run[-1][0] == kind):
                if not run:
                    run_old, run_new = last_old, last_new
                run.append((kind, i, j))
            else:
                if run:
                    self._block_change(run, run_old, run_new)
                    run = []
                if kind in ("deleted", "inserted"):
                    run_old, run_new = last_old, last_new
                    run.append((kind, i, j))
                elif kind == "modified":
                    edits = self._word_changes(self._old(i), self._new(j))
                    if not edits:  # the keys differed, but not in anything the options let count
                        self.pairs[k] = ("equal", i, j)
                        self.rows[k] = Row("equal", self._old(i), self._new(j))
                    self.changes += edits
                elif kind == "moved-out":
                    self._move_change(i, j)
            if i >= 0 and kind not in ("moved-in", "end"):
                last_old = self._old(i).end
            if j >= 0 and kind not in ("moved-out", "end"):
                last_new = self._new(j).end
        self.changes.sort(key=lambda c: (c.new_start, c.old_start))

    def _block_change(self, run: list[tuple[str, int, int]], at_old: int, at_new: int) -> None:
        """One change for a run of whole deleted or inserted sentences."""
        if run[0][0] == "deleted":
            first, last = self.sa[run[0][1]], self.sa[run[-1][1]]
            self.changes.append(self._change("delete", first.start, last.end, at_new, at_new))
        else:
            first, last = self.sb[run[0][2]], self.sb[run[-1][2]]
            self.changes.append(self._change("insert", at_old, at_old, first.start, last.end))

    def _move_change(self, i: int, j: int) -> None:
        a, b = self.sa[i], self.sb[j]
        edits = () if self.ka[i] == self.kb[j] else tuple(self._word_changes(a, b))
        change = self._change("move", a.start, a.end, b.start, b.end)
        significance = max((e.significance for e in edits), key=_SIGNIFICANCE.index, default="substantive")
        reasons = tuple(sorted({r for e in edits for r in e.reasons}))
        formulas = tuple(sorted({f for e in edits for f in e.formulas}))
        self.changes.append(
            Change(
                **{
                    **change.__dict__,
                    "edits": edits,
                    "significance": significance,
                    "reasons": reasons,
                    "formulas": formulas,
                }
            )
        )

    def _word_changes(self, a: Sentence, b: Sentence) -> list[Change]:
        """Token diff of two versions of a sentence, as changes with exact spans."""
        ta = [m.span() for m in _TOKEN.finditer(self.old, a.start, a.end)]
        tb = [m.span() for m in _TOKEN.finditer(self.new, b.start, b.end)]
        codes: dict[str, str] = {}

        def encode(tokens: list[tuple[int, int]], text: str) -> str:
            out = []
            for s, e in tokens:
                key = _token_key(text[s:e], self.options)
                if key not in codes:
                    n = len(codes) + 0x100
                    codes[key] = chr(n if n < 0xD800 else n + 0x800)
                out.append(codes[key])
            return "".join(out)

        ea, eb = encode(ta, self.old), encode(tb, self.new)
        from diff_match_patch import diff_match_patch

        dmp = diff_match_patch()
        dmp.Diff_Timeout = self.options.token_timeout
        started = time.perf_counter()
        diffs = dmp.diff_main(ea, eb, False)
        if self.options.token_timeout and time.perf_counter() - started >= self.options.token_timeout:
            self.degraded.append(f"token diff timed out on a sentence at line {self._old_lines.line(a.start)}")
        changes: list[Change] = []
        ia = ib = 0
        pending: list[tuple[int, str]] = []
        for op, chunk in [*diffs, (0, "")]:
            if op == 0:
                if pending:
                    da = sum(len(c) for o, c in pending if o == -1)
                    db = sum(len(c) for o, c in pending if o == 1)
                    changes.append(self._token_change(ta, tb, ia, ia + da, ib, ib + db, a, b))
                    ia, ib = ia + da, ib + db
                    pending = []
                ia += len(chunk)
                ib += len(chunk)
            else:
                pending.append((op, chunk))
        return [c for c in changes if c is not None and _visible(c, self.options)]

    def _token_change(
        self,
        ta: list[tuple[int, int]],
        tb: list[tuple[int, int]],
        a0: int,
        a1: int,
        b0: int,
        b1: int,
        sa: Sentence,
        sb: Sentence,
    ) -> Change:
        os_ = ta[a0][0] if a0 < len(ta) else (ta[-1][1] if ta else sa.end)
        oe = ta[a1 - 1][1] if a1 > a0 else os_
        ns = tb[b0][0] if b0 < len(tb) else (tb[-1][1] if tb else sb.end)
        ne = tb[b1 - 1][1] if b1 > b0 else ns
        kind = "replace" if a1 > a0 and b1 > b0 else "delete" if a1 > a0 else "insert"
        return self._change(kind, os_, oe, ns, ne)

    def _change(self, kind: str, os_: int, oe: int, ns: int, ne: int) -> Change:
        old_text, new_text = self.old[os_:oe], self.new[ns:ne]
        formulas = sorted(
            _overlapping(self.old_formulas, self._old_formula_starts, os_, max(oe, os_ + 1))
            | _overlapping(self.new_formulas, self._new_formula_starts, ns, max(ne, ns + 1))
        )
        significance, reasons = classify(
            _drop_initial(old_text, os_ in self._old_starts),
            _drop_initial(new_text, ns in self._new_starts),
            bool(formulas),
        )
        return Change(
            kind,
            os_,
            oe,
            ns,
            ne,
            old_text,
            new_text,
            self._old_lines.line(os_),
            self._new_lines.line(ns),
            significance,
            reasons,
            tuple(formulas),
        )

    # result ----------------------------------------------------------------------
    def result(self, old_name: str, new_name: str) -> DiffResult:
        counts = Counter(kind for kind, _, _ in self.pairs)
        changed_old = sum(c.old_end - c.old_start for c in self.changes if c.kind != "move")
        changed_new = sum(c.new_end - c.new_start for c in self.changes if c.kind != "move")
        changed_old += sum(e.old_end - e.old_start for c in self.changes for e in c.edits)
        changed_new += sum(e.new_end - e.new_start for c in self.changes for e in c.edits)
        total = len(self.old) + len(self.new)
        similarity = 1.0 if total == 0 else max(0.0, 1 - (changed_old + changed_new) / total)
        by_significance = Counter(c.significance for c in self.changes)
        stats = {
            "old_sentences": len(self.sa),
            "new_sentences": len(self.sb),
            "equal": counts["equal"],
            "modified": counts["modified"],
            "deleted": counts["deleted"],
            "inserted": counts["inserted"],
            "moved": counts["moved-out"],
            "chars_deleted": changed_old,
            "chars_inserted": changed_new,
            "cosmetic": by_significance["cosmetic"],
            "substantive": by_significance["substantive"],
            "significant": by_significance["significant"],
        }
        return DiffResult(
            old_name,
            new_name,
            self.old,
            self.new,
            tuple(self.rows),
            tuple(self.changes),
            formula_changes(self.old_formulas, self.new_formulas),
            self.old_formulas,
            self.new_formulas,
            round(similarity, 4),
            stats,
            tuple(dict.fromkeys(self.degraded)),
        )


_SIGNIFICANCE = ("cosmetic", "substantive", "significant")


def _visible(change: Change, options: DiffOptions) -> bool:
    """False for a token change that the options (or line wrapping) make no difference at all."""
    return sentence_key(change.old_text, options) != sentence_key(change.new_text, options)


def _overlapping(uses: Sequence[FormulaUse], starts: list[int], a: int, b: int) -> set[str]:
    """Entries of the formula occurrences (sorted by start) that overlap ``[a, b)``."""
    from bisect import bisect_left

    out = set()
    k = bisect_left(starts, b) - 1
    while k >= 0 and starts[k] >= a - MAX_FORMULA_CHARS:
        if uses[k].start < b and a < uses[k].end:
            out.add(uses[k].entry)
        k -= 1
    return out


def _heaviest_chain(pairs: list[tuple[int, int]], weight: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """The order-preserving subset of ``pairs`` (sorted) with the largest total weight."""
    best = [weight[p] for p in pairs]
    parent = [-1] * len(pairs)
    for b in range(len(pairs)):
        for a in range(max(0, b - 200), b):  # pairs are sparse and local: a bounded look-back suffices
            if pairs[a][0] < pairs[b][0] and pairs[a][1] < pairs[b][1] and best[a] + weight[pairs[b]] > best[b]:
                best[b] = best[a] + weight[pairs[b]]
                parent[b] = a
    chain: list[tuple[int, int]] = []
    k = max(range(len(pairs)), key=lambda x: best[x]) if pairs else -1
    while k >= 0:
        chain.append(pairs[k])
        k = parent[k]
    return chain[::-1]


def _similarity(a: str, b: str, by_words: bool) -> float:
    """How much of two sentences is the same, 0 under PAIR_THRESHOLD: 2 x their longest common
    subsequence / their total length, counted in characters for Chinese (and when whitespace is
    ignored) and in words and punctuation marks otherwise.

    Words, because any two English sentences of a length share about 40% of their characters in
    order but under 20% of their words: sentences from unrelated documents were paired as edits.
    rapidfuzz computes it exactly in C++ (0.3 µs per pair of sentences; difflib took 0.3 ms).
    """
    if not a or not b:
        return 0.0
    if by_words and not _HAS_CJK.search(a) and not _HAS_CJK.search(b):
        return float(Indel.normalized_similarity(_WORDS.findall(a), _WORDS.findall(b), score_cutoff=PAIR_THRESHOLD))
    return float(Indel.normalized_similarity(a, b, score_cutoff=PAIR_THRESHOLD))


def classify(old: str, new: str, touches_formula: bool) -> tuple[str, tuple[str, ...]]:
    """Significance of a change: cosmetic (only whitespace, punctuation width, quotes, case),
    significant (numbers, negation, modal verbs, names and titles, formulas) or substantive."""
    if len(old) + len(new) < 20_000 and _cosmetic_key(old) == _cosmetic_key(new):
        return "cosmetic", ()
    reasons = [reason for reason, pattern, counted in _REASONS if _differs(pattern, counted, old, new)]
    if touches_formula:
        reasons.append("formula")
    return ("significant" if reasons else "substantive"), tuple(reasons)


# (reason, pattern, whether how many times counts or only which): numbers, negations and modal
# verbs are counted (case-insensitively), names only compared as sets
_REASONS = (
    ("number", _NUMERALS, True),
    ("negation", _NEGATIONS, True),
    ("modal", _MODALS, True),
    ("name", _CAPITALIZED, False),
)


def _differs(pattern: re.Pattern[str], counted: bool, old: str, new: str) -> bool:
    """Whether the two texts hold different numbers (or names, ...) found by ``pattern``."""
    if not old or not new:  # inserted or deleted text: whatever of the kind it holds
        return pattern.search(old or new) is not None
    if counted:
        return Counter(x.lower() for x in pattern.findall(old)) != Counter(x.lower() for x in pattern.findall(new))
    return set(pattern.findall(old)) != set(pattern.findall(new))


def _drop_initial(text: str, at_sentence_start: bool) -> str:
    """A sentence's first word is capitalized anyway: it does not make a name."""
    return text[:1].lower() + text[1:] if at_sentence_start else text


def _cosmetic_key(text: str) -> str:
    return re.sub(r"[\s\"'`]+", "", normalize(fold(text)).text)


def formula_changes(old: Sequence[FormulaUse], new: Sequence[FormulaUse]) -> tuple[FormulaChange, ...]:
    """Entries added, removed or re-rendered (another form or status) between two versions."""
    by_old: dict[str, list[FormulaUse]] = defaultdict(list)
    by_new: dict[str, list[FormulaUse]] = defaultdict(list)
    for u in old:
        by_old[u.entry].append(u)
    for u in new:
        by_new[u.entry].append(u)
    out = []
    for entry in sorted(set(by_old) | set(by_new)):
        a, b = by_old.get(entry, []), by_new.get(entry, [])
        if not a:
            out.append(FormulaChange(entry, "added", (), tuple(b)))
        elif not b:
            out.append(FormulaChange(entry, "removed", tuple(a), ()))
        elif Counter((u.form, u.status) for u in a) != Counter((u.form, u.status) for u in b):
            out.append(FormulaChange(entry, "re-rendered", tuple(a), tuple(b)))
        elif len(a) != len(b):
            out.append(FormulaChange(entry, "added" if len(b) > len(a) else "removed", tuple(a), tuple(b)))
    return tuple(out)


@dataclass(frozen=True)
class Collation:
    """Several versions read against the first: for each of its sentences, every other version's reading."""

    names: tuple[str, ...]
    results: tuple[DiffResult, ...]  # first version against each other one
    readings: tuple[tuple[tuple[str, str], ...], ...]  # per base sentence: (kind, text) per other version
    formulas: dict[str, tuple[int, ...]]  # entry -> occurrences per version

    @property
    def identical(self) -> bool:
        """True when every version equals the first after normalization."""
        return all(r.identical for r in self.results)


def collate(
    texts: Sequence[str],
    names: Sequence[str],
    *,
    matcher: Matcher | None = None,
    options: DiffOptions | None = None,
    parallel: bool = False,
) -> Collation:
    """Collate versions: the first is the base, each other one is diffed against it. Each version
    is scanned for formulas once (with ``parallel``, large ones in forked processes at once)."""
    base = texts[0]
    uses = scan_all(matcher, texts, parallel=parallel) if matcher is not None else [() for _ in texts]
    results = tuple(
        diff_texts(base, other, options=options, old_name=names[0], new_name=name, formulas=(uses[0], uses[v]))
        for v, (other, name) in enumerate(zip(texts[1:], names[1:], strict=True), start=1)
    )
    sentences = split_sentences(base)
    index = {s.start: n for n, s in enumerate(sentences)}
    per_version: list[list[tuple[str, str]]] = []
    for result in results:
        readings = [("deleted", "")] * len(sentences)
        for row in result.rows:
            if row.old is None or row.old.start not in index:
                continue
            kind = row.kind
            if kind == "moved-out":
                other = result.rows[row.link].new
                text = result.new_text[other.start : other.end] if other else ""
                kind = "moved"
            elif row.new is not None:
                text = result.new_text[row.new.start : row.new.end]
            else:
                text = ""
            readings[index[row.old.start]] = (kind, text)
        per_version.append(readings)
    formulas: dict[str, list[int]] = defaultdict(lambda: [0] * len(texts))
    for v, found in enumerate(uses):
        for u in found:
            formulas[u.entry][v] += 1
    return Collation(
        tuple(names),
        results,
        tuple(tuple(version[n] for version in per_version) for n in range(len(sentences))),
        {entry: tuple(counts) for entry, counts in sorted(formulas.items())},
    )
