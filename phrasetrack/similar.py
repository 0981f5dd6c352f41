"""Candidate pairs of similar sentences between two versions, found through shared shingles.

A shingle is a word 3-gram of a sentence key (keys are single-spaced), or a character 4-gram for
Chinese and for keys of fewer than four words; a key of fewer than four characters is its own single
shingle. For each old sentence, the new sentences sharing at least a fifth of its shingles are
candidates, the five sharing most first. Shingles found in more than 50 new sentences say nothing
and are skipped. The caller scores candidates exactly.

Small inputs are handled with Python sets. Large ones are hashed with numpy, so that no Python
object is made per shingle: two unrelated 1 MB versions have two million shingles, and making them
as strings took a second. Both ways give the same candidates (a test checks it); the numpy way
compares hashes instead of strings: 64 bits less the few that carry the sentence number. Between
two 1 MB versions the chance of any collision is below one in a thousand, and a collision only
adds one spurious shared shingle.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from typing import TypeAlias

    import numpy as np
    from numpy.typing import NDArray

    Ints: TypeAlias = NDArray[np.int64]
    Hashes: TypeAlias = NDArray[np.uint64]
    Features: TypeAlias = tuple[Ints, Hashes, Ints]  # (sentence, shingle hash) pairs and shingle counts

MAX_POSTINGS = 50
MIN_SHARE = 0.2
TOP = 5
VECTOR_CHARS = 100_000  # above this many characters of keys, hash with numpy

_WORD_GRAMS = regex.compile(r"(?<![^ ])(?=([^ ]+ [^ ]+ [^ ]+))")
_CHAR_GRAMS = regex.compile(r"(?=(.{4}))", regex.S)


def shingles(key: str) -> frozenset[str]:
    """The shingles of one sentence key.

    >>> sorted(shingles("a b c d"))
    ['a b c', 'b c d']
    >>> sorted(shingles("百年未有之"))
    ['年未有之', '百年未有']
    >>> shingles("大变局")
    frozenset({'大变局'})
    """
    if _word_mode(key):
        return frozenset(_WORD_GRAMS.findall(key))
    return frozenset(_CHAR_GRAMS.findall(key)) if len(key) >= 4 else frozenset((key,))


def _word_mode(key: str) -> bool:
    return key.count(" ") >= 3


class ShingleIndex:
    """Candidate pairs between subsets of two sides' sentence keys; shingles are computed once per side."""

    def __init__(self, old_keys: Sequence[str], new_keys: Sequence[str], *, vectorized: bool | None = None) -> None:
        self.old_keys, self.new_keys = old_keys, new_keys
        self.vectorized = vectorized
        self._sets: dict[bool, dict[int, frozenset[str]]] = {False: {}, True: {}}
        self._arrays: dict[bool, Features] = {}
        self._bits = max(len(old_keys), len(new_keys), 2).bit_length()  # for a sentence number

    def candidates(self, olds: Sequence[int], news: Sequence[int]) -> list[tuple[int, int]]:
        """(old, new) sentence indices of candidate pairs, by old index, then most shared shingles, then new index.

        >>> index = ShingleIndex(["we will hold the line firmly", "short"], ["nothing alike", "we will hold the line"])
        >>> index.candidates([0, 1], [0, 1])
        [(0, 1)]
        """
        if not olds or not news:
            return []
        vectorized = self.vectorized
        if vectorized is None:
            size = sum(len(self.old_keys[i]) for i in olds) + sum(len(self.new_keys[j]) for j in news)
            vectorized = size > VECTOR_CHARS
        return self._candidates_numpy(olds, news) if vectorized else self._candidates_sets(olds, news)

    def _shingles(self, new: bool, i: int) -> frozenset[str]:
        cache = self._sets[new]
        grams = cache.get(i)
        if grams is None:
            grams = cache[i] = shingles((self.new_keys if new else self.old_keys)[i])
        return grams

    def _candidates_sets(self, olds: Sequence[int], news: Sequence[int]) -> list[tuple[int, int]]:
        old_grams = {i: self._shingles(False, i) for i in olds}
        new_grams = {j: self._shingles(True, j) for j in news}
        common = set().union(*old_grams.values()) & set().union(*new_grams.values())
        index: dict[str, list[int]] = defaultdict(list)
        for j, grams in new_grams.items():
            for sh in grams & common:
                index[sh].append(j)
        out: list[tuple[int, int]] = []
        for i in sorted(old_grams):
            grams = old_grams[i]
            shared: dict[int, int] = defaultdict(int)
            for sh in grams & common:
                postings = index[sh]
                if len(postings) <= MAX_POSTINGS:
                    for j in postings:
                        shared[j] += 1
            ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:TOP]
            out += [(i, j) for j, n in ranked if n / len(grams) >= MIN_SHARE]
        return out

    def _side(self, new: bool, subset: Sequence[int]) -> Features:
        """(sentence, shingle hash) pairs of a subset of one side, sorted by hash, and every
        sentence's shingle count (by sentence index). A large subset is cut from the whole side's,
        computed once."""
        import numpy as np

        keys = self.new_keys if new else self.old_keys
        if 2 * len(subset) < len(keys):
            index = np.asarray(subset, np.int64)
            owner, hashes, sizes = _features([keys[i] for i in subset], self._bits)
            every = np.zeros(len(keys), np.int64)
            every[index] = sizes
            return index[owner], hashes, every
        if new not in self._arrays:
            self._arrays[new] = _features(keys, self._bits)
        owner, hashes, sizes = self._arrays[new]
        if len(subset) == len(keys):
            return owner, hashes, sizes
        wanted = np.zeros(len(keys), bool)
        wanted[np.asarray(subset, np.int64)] = True
        inside = wanted[owner]
        return owner[inside], hashes[inside], sizes

    def _candidates_numpy(self, olds: Sequence[int], news: Sequence[int]) -> list[tuple[int, int]]:
        old_owner, old_hash, old_sizes = self._side(False, olds)
        new_owner, new_hash, _ = self._side(True, news)
        return _join(old_owner, old_hash, old_sizes[old_owner], new_owner, new_hash, len(self.new_keys))


# -- numpy -----------------------------------------------------------------------------------------
_MULT = 0x9E3779B97F4A7C15  # odd 64-bit constants for mixing hashes
_WORD_TAG = 0x5BD1E9955BD1E995
_CHAR_TAG = 0x27D4EB2F165667C5
_WHOLE_TAG = 0x165667B19E3779F9


def _mix(h: Hashes) -> Hashes:
    """A 64-bit finalizer (splitmix64), so that sums of similar inputs spread over all bits."""
    import numpy as np

    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def _grams(units: Hashes, owner: Ints, n: int, tag: int) -> tuple[Ints, Hashes]:
    """Hashes of every n consecutive units that belong to one sentence, with that sentence."""
    import numpy as np

    count = len(units) - n + 1
    if count <= 0:
        return np.empty(0, np.int64), np.empty(0, np.uint64)
    h = np.full(count, np.uint64(tag), np.uint64)
    for k in range(n):
        h = h * np.uint64(_MULT) + units[k : k + count]
    inside = owner[:count] == owner[n - 1 :]
    return owner[:count][inside], _mix(h[inside])


def _features(keys: Sequence[str], bits: int) -> Features:
    """Distinct (sentence, shingle hash) pairs of one side, sorted by hash, and each sentence's shingle count.

    The sentence is packed into the low ``bits`` bits of the hash (the same number on both sides),
    so that one sort of plain integers orders by shingle and finds repeats within a sentence.
    """
    import numpy as np

    with np.errstate(over="ignore"):
        word = [i for i, k in enumerate(keys) if _word_mode(k)]
        char = [i for i, k in enumerate(keys) if not _word_mode(k) and len(k) >= 4]
        whole = [i for i, k in enumerate(keys) if not _word_mode(k) and len(k) < 4]
        parts_owner: list[Ints] = []
        parts_hash: list[Hashes] = []
        if word:
            words = " ".join(keys[i] for i in word).split(" ")
            units = np.fromiter(map(hash, words), np.int64, len(words)).view(np.uint64)
            sizes = np.fromiter((keys[i].count(" ") + 1 for i in word), np.int64, len(word))
            owner, h = _grams(units, np.repeat(np.asarray(word, np.int64), sizes), 3, _WORD_TAG)
            parts_owner.append(owner)
            parts_hash.append(h)
        if char:
            joined = "".join(keys[i] for i in char)
            units = np.frombuffer(joined.encode("utf-32-le"), np.uint32).astype(np.uint64)
            sizes = np.fromiter((len(keys[i]) for i in char), np.int64, len(char))
            owner, h = _grams(units, np.repeat(np.asarray(char, np.int64), sizes), 4, _CHAR_TAG)
            parts_owner.append(owner)
            parts_hash.append(h)
        if whole:
            units = np.fromiter((hash(keys[i]) for i in whole), np.int64, len(whole)).view(np.uint64)
            parts_owner.append(np.asarray(whole, np.int64))
            parts_hash.append(_mix(units ^ np.uint64(_WHOLE_TAG)))
    low = np.uint64((1 << bits) - 1)
    packed = np.sort((np.concatenate(parts_hash) & ~low) | np.concatenate(parts_owner).astype(np.uint64))
    keep = np.ones(len(packed), bool)
    keep[1:] = packed[1:] != packed[:-1]
    packed = packed[keep]
    owner = (packed & low).astype(np.int64)
    return owner, packed >> np.uint64(bits), np.bincount(owner, minlength=len(keys))


def _join(
    old_owner: Ints, old_hash: Hashes, old_size: Ints, new_owner: Ints, new_hash: Hashes, width: int
) -> list[tuple[int, int]]:
    """Candidate pairs from both sides' (sentence, shingle hash) pairs; ``old_size`` is the old
    sentence's shingle count, one per old pair."""
    import numpy as np

    # join every old (sentence, shingle) with the new sentences that have the shingle (new_hash is
    # sorted), skipping shingles found in more than MAX_POSTINGS new sentences
    lo = np.searchsorted(new_hash, old_hash, "left")
    counts = np.searchsorted(new_hash, old_hash, "right") - lo
    usable = (counts > 0) & (counts <= MAX_POSTINGS)
    old_owner, old_size, lo, counts = old_owner[usable], old_size[usable], lo[usable], counts[usable]
    if not len(lo):
        return []
    total = int(counts.sum())
    starts = np.repeat(lo - (np.cumsum(counts) - counts), counts)
    a = np.repeat(old_owner, counts)
    size = np.repeat(old_size, counts)
    b = new_owner[starts + np.arange(total)]
    pair, first, shared = np.unique(a * width + b, return_index=True, return_counts=True)
    a, b, size = pair // width, pair % width, size[first]
    ok = shared / size >= MIN_SHARE
    a, b, shared = a[ok], b[ok], shared[ok]
    order = np.lexsort((b, -shared, a))
    a, b = a[order], b[order]
    top = np.arange(len(a)) - np.searchsorted(a, a, "left") < TOP
    return list(zip(a[top].tolist(), b[top].tolist(), strict=True))
