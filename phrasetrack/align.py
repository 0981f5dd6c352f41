"""Bilingual sentence alignment (Chinese source, English translation) without model weights.

Anchors first: sentences that share formulas (an entry found on both sides), numbers and dates, or
Latin-script names are paired greedily by anchor weight. The longest order-preserving chain of
those pairs is the backbone; anchor pairs off the chain are reordered sentences (a news rewrite
that moves the lead first). Between backbone pairs, a Gale–Church length model with beads 1–1,
1–0, 0–1, 2–1, 1–2, 3–1, 1–3 and 2–2 aligns the rest, with a bonus for shared anchors. Each pair
carries a confidence from 0 to 1.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

# Gale–Church bead priors, plus 1-3/3-1 for Chinese sentences that English splits in three
BEADS = {
    (1, 1): 0.89,
    (1, 0): 0.0099,
    (0, 1): 0.0099,
    (2, 1): 0.089,
    (1, 2): 0.089,
    (2, 2): 0.011,
    (3, 1): 0.005,
    (1, 3): 0.005,
}
ANCHOR_WEIGHT = {"f": 2.0, "n": 1.0, "y": 0.5, "l": 1.0, "w": 0.5}  # formula, number, year, Latin name, word
STRONG = 2.0  # anchor weight that makes a pair before any length model
REORDER = 2.0  # anchor weight that makes an out-of-order pair credible
BONUS = 1.5  # cost taken off a bead per unit of shared anchor weight
DIAGONAL = 3.0  # extra chain weight of an anchor pair right on the diagonal


@dataclass(frozen=True)
class AlignedPair:
    """Source sentences aligned to target sentences (either side may be empty)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float
    reordered: bool = False


@dataclass(frozen=True)
class Side:
    """What alignment needs of one document: sentence lengths and anchor keys."""

    lengths: Sequence[int]
    anchors: Sequence[frozenset[str]]


def anchor_weight(a: frozenset[str], b: frozenset[str]) -> float:
    """Weight of the anchors two sentences share."""
    return sum(ANCHOR_WEIGHT.get(k[0], 1.0) for k in a & b)


def align_bilingual(source: Side, target: Side) -> list[AlignedPair]:
    """Align the sentences of a source and its translation; every sentence appears exactly once."""
    n, m = len(source.lengths), len(target.lengths)
    if n == 0 or m == 0:
        return [AlignedPair((i,), (), 0.0) for i in range(n)] + [AlignedPair((), (j,), 0.0) for j in range(m)]
    ratio = max(sum(target.lengths), 1) / max(sum(source.lengths), 1)
    model = _LengthModel(ratio)
    strong = _anchor_pairs(source, target, model)
    backbone, reordered = _backbone(strong, n, m)
    pairs: list[AlignedPair] = []
    used_src = {i for i, _, _ in reordered}
    used_tgt = {j for _, j, _ in reordered}
    prev_i, prev_j = -1, -1
    for i, j, w in [*backbone, (n, m, 0.0)]:
        src = [k for k in range(prev_i + 1, i) if k not in used_src]
        tgt = [k for k in range(prev_j + 1, j) if k not in used_tgt]
        pairs += _segment(src, tgt, source, target, model)
        if i < n:
            pairs.append(AlignedPair((i,), (j,), _anchored_confidence(w, model, source.lengths[i], target.lengths[j])))
        prev_i, prev_j = i, j
    pairs += [
        AlignedPair((i,), (j,), _anchored_confidence(w, model, source.lengths[i], target.lengths[j]), True)
        for i, j, w in reordered
    ]
    pairs = _merge_neighbours(pairs, source, target, model)
    pairs = _pair_leftovers(pairs, source, target, model)
    pairs = _merge_neighbours(pairs, source, target, model)
    pairs = _reassign_by_anchors(pairs, source, target)
    pairs.sort(key=lambda p: (p.source[0] if p.source else _source_position(p, pairs), p.target[:1]))
    return pairs


class _LengthModel:
    """Gale–Church: target length ~ ratio x source length, variance growing with length."""

    def __init__(self, ratio: float) -> None:
        self.ratio = ratio
        self.variance = 6.8 * ratio

    def cost(self, ls: int, lt: int) -> float:
        """-log probability of the lengths matching."""
        if ls == 0 and lt == 0:
            return 0.0
        mean = (ls + lt / self.ratio) / 2
        delta = (lt - ls * self.ratio) / math.sqrt(max(mean, 1) * self.variance)
        p = math.erfc(abs(delta) / math.sqrt(2))
        return -math.log(max(p, 1e-12))

    def fit(self, ls: int, lt: int) -> float:
        """Probability 0..1 that the lengths are a translation pair."""
        return math.exp(-self.cost(ls, lt))


def _anchor_pairs(source: Side, target: Side, model: _LengthModel) -> list[tuple[int, int, float]]:
    """One-to-one pairs with strong shared anchors and plausible lengths, best first."""
    index: dict[str, list[int]] = defaultdict(list)
    for j, keys in enumerate(target.anchors):
        for key in keys:
            index[key].append(j)
    candidates = []
    for i, keys in enumerate(source.anchors):
        seen: set[int] = set()
        for key in keys:
            postings = index.get(key, [])
            if len(postings) > 20:  # a key everywhere anchors nothing
                continue
            seen.update(postings)
        for j in seen:
            w = anchor_weight(keys, target.anchors[j])
            fit = model.fit(source.lengths[i], target.lengths[j])
            if w >= STRONG and (fit > 1e-4 or w >= 2 * STRONG):
                candidates.append((w + fit, i, j, w))
    candidates.sort(reverse=True)
    taken_i: set[int] = set()
    taken_j: set[int] = set()
    out = []
    for _, i, j, w in candidates:
        if i in taken_i or j in taken_j:
            continue
        taken_i.add(i)
        taken_j.add(j)
        out.append((i, j, w))
    return out


def _backbone(
    pairs: list[tuple[int, int, float]], n: int, m: int
) -> tuple[list[tuple[int, int, float]], list[tuple[int, int, float]]]:
    """The heaviest order-preserving chain of anchor pairs, and the credible pairs off it (reordered).

    A pair near the diagonal weighs more in the chain: of two crossing pairs, the one far from its
    expected place is the one that moved (a later paragraph brought to the top).
    """
    pairs = sorted(pairs)
    chain_weight = [w + DIAGONAL * (1 - abs(i / n - j / m)) for i, j, w in pairs]
    k = len(pairs)
    if k > 3000:  # keep it quadratic only on small inputs: fall back to the strongest pairs in order
        pairs = sorted(sorted(pairs, key=lambda p: -p[2])[:3000])
        k = len(pairs)
        chain_weight = [w + DIAGONAL * (1 - abs(i / n - j / m)) for i, j, w in pairs]
    best = list(chain_weight)
    parent = [-1] * k
    for b in range(k):
        for a in range(b):
            if pairs[a][0] < pairs[b][0] and pairs[a][1] < pairs[b][1] and best[a] + chain_weight[b] > best[b]:
                best[b] = best[a] + chain_weight[b]
                parent[b] = a
    chain: list[int] = []
    end = max(range(k), key=lambda x: best[x]) if k else -1
    while end >= 0:
        chain.append(end)
        end = parent[end]
    on_chain = set(chain)
    backbone = [pairs[x] for x in sorted(chain)]
    rest = [pairs[x] for x in range(k) if x not in on_chain and pairs[x][2] >= REORDER]
    return backbone, rest


def _segment(src: list[int], tgt: list[int], source: Side, target: Side, model: _LengthModel) -> list[AlignedPair]:
    """Gale–Church dynamic programming over the sentences between two backbone pairs."""
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [AlignedPair((i,), (), 0.5) for i in src] + [AlignedPair((), (j,), 0.5) for j in tgt]
    if n * m > 250_000:  # keep huge anchorless stretches linear: cut them in proportion
        half_i, half_j = n // 2, max(1, round(m * (n // 2) / n))
        return _segment(src[:half_i], tgt[:half_j], source, target, model) + _segment(
            src[half_i:], tgt[half_j:], source, target, model
        )
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    priors = {bead: -math.log(p) for bead, p in BEADS.items()}
    for a in range(n + 1):
        for b in range(m + 1):
            base = cost[a][b]
            if base == inf:
                continue
            for (da, db), prior in priors.items():
                a2, b2 = a + da, b + db
                if a2 > n or b2 > m:
                    continue
                ls = sum(source.lengths[src[k]] for k in range(a, a2))
                lt = sum(target.lengths[tgt[k]] for k in range(b, b2))
                c = base + prior + (model.cost(ls, lt) if da and db else 4.0 + 0.002 * (ls + lt))
                if da and db:
                    keys_a = frozenset().union(*(source.anchors[src[k]] for k in range(a, a2)))
                    keys_b = frozenset().union(*(target.anchors[tgt[k]] for k in range(b, b2)))
                    c -= BONUS * anchor_weight(keys_a, keys_b)
                if c < cost[a2][b2]:
                    cost[a2][b2] = c
                    back[a2][b2] = (da, db)
    out: list[AlignedPair] = []
    a, b = n, m
    while a or b:
        da, db = back[a][b]
        s = tuple(src[a - da : a])
        t = tuple(tgt[b - db : b])
        ls = sum(source.lengths[k] for k in s)
        lt = sum(target.lengths[k] for k in t)
        if s and t:
            shared = anchor_weight(
                frozenset().union(*(source.anchors[k] for k in s)), frozenset().union(*(target.anchors[k] for k in t))
            )
            conf = 1 - (1 - model.fit(ls, lt)) * 0.5**shared
        else:
            conf = 0.5
        out.append(AlignedPair(s, t, round(conf, 3)))
        a, b = a - da, b - db
    out.reverse()
    return out


def _pair_leftovers(pairs: list[AlignedPair], source: Side, target: Side, model: _LengthModel) -> list[AlignedPair]:
    """Sentences left unpaired on both sides after reordering (a moved paragraph without anchors):
    align them with each other by length, keeping only pairs whose lengths fit well."""
    lone_src = sorted(i for p in pairs if not p.target for i in p.source)
    lone_tgt = sorted(j for p in pairs if not p.source for j in p.target)
    if not lone_src or not lone_tgt:
        return pairs
    found = [p for p in _segment(lone_src, lone_tgt, source, target, model) if p.source and p.target]
    good = [p for p in found if p.confidence >= 0.3 and _contiguous(p.source) and _contiguous(p.target)]
    if not good:
        return pairs
    taken_src = {i for p in good for i in p.source}
    taken_tgt = {j for p in good for j in p.target}
    kept = [p for p in pairs if not (set(p.source) & taken_src or set(p.target) & taken_tgt)]
    return kept + [AlignedPair(p.source, p.target, round(min(p.confidence, 0.6), 3), True) for p in good]


def _reassign_by_anchors(pairs: list[AlignedPair], source: Side, target: Side) -> list[AlignedPair]:
    """Move a target sentence at the edge of a weak pair to the adjacent pair whose source shares
    clearly more anchors with it (a translation that splits one long sentence in several, around
    fragments the length model cannot place)."""
    out = list(pairs)
    owner = {j: k for k, p in enumerate(out) for j in p.target}

    def keys(indices: tuple[int, ...]) -> frozenset[str]:
        return frozenset().union(*(source.anchors[i] for i in indices)) if indices else frozenset()

    for j in sorted(owner):
        k = owner[j]
        here = out[k]
        if here.confidence >= 0.8 or j not in (here.target[0], here.target[-1]):
            continue
        mine = anchor_weight(keys(here.source), target.anchors[j])
        for other_j in (j - 1, j + 1):
            q = owner.get(other_j)
            if q is None or q == k or not out[q].source:
                continue
            theirs = anchor_weight(keys(out[q].source), target.anchors[j])
            if theirs >= mine + 1.0:
                host = out[q]
                out[q] = AlignedPair(host.source, tuple(sorted((*host.target, j))), host.confidence, host.reordered)
                rest = tuple(t for t in here.target if t != j)
                out[k] = AlignedPair(here.source, rest, here.confidence if rest else 0.5, here.reordered)
                owner[j] = q
                break
    return [p for p in out if p.source or p.target]


def _contiguous(indices: tuple[int, ...]) -> bool:
    return indices[-1] - indices[0] + 1 == len(indices)


def _anchored_confidence(weight: float, model: _LengthModel, ls: int, lt: int) -> float:
    return round(1.0 - (1.0 - model.fit(ls, lt)) * float(0.5**weight), 3)


def _merge_neighbours(pairs: list[AlignedPair], source: Side, target: Side, model: _LengthModel) -> list[AlignedPair]:
    """Attach an unpaired sentence to the adjacent pair when that fits the lengths better (splits
    and merges next to anchors)."""
    by_target: dict[int, int] = {}
    for k, p in enumerate(pairs):
        for j in p.target:
            by_target[j] = k
    out = list(pairs)
    for k, p in enumerate(pairs):
        if p.source or len(p.target) != 1:
            continue
        j = p.target[0]
        for neighbour_j in (j - 1, j + 1):
            nk = by_target.get(neighbour_j)
            if nk is None or not out[nk].source or not out[nk].target:
                continue
            host = out[nk]
            ls = sum(source.lengths[i] for i in host.source)
            lt = sum(target.lengths[t] for t in host.target)
            if model.cost(ls, lt + target.lengths[j]) + 1.0 < model.cost(ls, lt) + 4.0:
                merged = tuple(sorted((*host.target, j)))
                out[nk] = AlignedPair(host.source, merged, host.confidence, host.reordered)
                out[k] = AlignedPair((), (), 0.0)
                by_target[j] = nk
                break
    return [p for p in out if p.source or p.target]


def _source_position(pair: AlignedPair, pairs: list[AlignedPair]) -> float:
    """Where a target-only pair sits in source order: just after the pair holding the target before it."""
    j = pair.target[0]
    best = -0.5
    for p in pairs:
        if p.source and p.target and max(p.target) < j:
            best = max(best, p.source[-1] + 0.5)
    return best
