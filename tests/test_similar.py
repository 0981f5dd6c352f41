"""Candidate pairs of similar sentences: the set and numpy ways agree, and both find edited sentences."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phrasetrack.similar import MAX_POSTINGS, ShingleIndex, shingles

WORDS = ["the", "party", "will", "uphold", "reform", "and", "opening", "up", "peace", "development", "we", "must"]
HANZI = list("百年未有之大变局人类命运共同体和平发展合作")


def _key(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)))
    return "".join(draw(st.lists(st.sampled_from(HANZI), min_size=1, max_size=16)))


keys = st.lists(st.composite(_key)(), min_size=1, max_size=25)


@settings(max_examples=200, deadline=None)
@given(keys, keys, st.data())
def test_sets_and_numpy_agree(old: list[str], new: list[str], data: st.DataObject) -> None:
    """Same candidates, in the same order, on any subsets, the whole sides included."""
    olds = sorted(data.draw(st.sets(st.integers(0, len(old) - 1), min_size=1)))
    news = sorted(data.draw(st.sets(st.integers(0, len(new) - 1), min_size=1)))
    by_sets = ShingleIndex(old, new, vectorized=False)
    by_numpy = ShingleIndex(old, new, vectorized=True)
    assert by_numpy.candidates(olds, news) == by_sets.candidates(olds, news)
    everything = list(range(len(old))), list(range(len(new)))
    assert by_numpy.candidates(*everything) == by_sets.candidates(*everything)


@pytest.mark.parametrize("vectorized", [False, True])
def test_edited_sentences_are_found_among_unrelated_ones(vectorized: bool) -> None:
    rng = random.Random(3)
    vocabulary = [f"w{n}" for n in range(5000)]
    old = [" ".join(rng.choices(vocabulary, k=20)) for _ in range(400)]
    new = [" ".join(rng.choices(vocabulary, k=20)) for _ in range(400)]
    for k in range(0, 400, 40):  # old sentence k reappears, edited, as new sentence 399 - k
        words = old[k].split()
        words[10] = "changed"
        new[399 - k] = " ".join(words)
    found = ShingleIndex(old, new, vectorized=vectorized).candidates(range(400), range(400))
    assert found == [(k, 399 - k) for k in range(0, 400, 40)]


@pytest.mark.parametrize("vectorized", [False, True])
def test_common_shingles_are_skipped(vectorized: bool) -> None:
    """A shingle in more than MAX_POSTINGS new sentences does not make anything a candidate."""
    new = [f"we will uphold {n}" for n in range(MAX_POSTINGS + 1)]
    index = ShingleIndex(["we will uphold it"], new, vectorized=vectorized)
    assert index.candidates([0], range(len(new))) == []
    small = ShingleIndex(["we will uphold it"], new[:MAX_POSTINGS], vectorized=vectorized)
    assert len(small.candidates([0], range(MAX_POSTINGS))) == 5


def test_shingles_are_word_or_character_grams() -> None:
    assert shingles("we will uphold reform") == {"we will uphold", "will uphold reform"}
    assert shingles("人类命运共同体") == {"人类命运", "类命运共", "命运共同", "运共同体"}
    assert shingles("a b c") == {"a b ", " b c"}  # fewer than four words: characters
