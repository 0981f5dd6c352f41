"""Normalization keeps a faithful map back to original offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phrasetrack.text.normalize import fold, normalize
from phrasetrack.text.tokenize import tokenize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Once-in-a-Century", "once in a century"),
        ("“Common  Treasure”", '"common treasure"'),
        ("ＣＰＣ　Central", "cpc central"),
        ("百年未有之\r\n大變局", "百年未有之大变局"),
        ("commu\u00adnity", "community"),
        ("ﬁnal", "final"),
        ("a — b", "a b"),
        ("人民至上，生命至上", "人民至上,生命至上"),
    ],
)
def test_normalize_cases(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


def test_fold_keeps_length() -> None:
    text = "Ｘi’s 傳統友誼 – “quote”"
    assert len(fold(text)) == len(text)


PIECES = st.sampled_from(
    [
        "word",
        "Shared",
        "FUTURE",
        "’s",
        "“",
        "”",
        "-",
        "—",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\t",
        "，",
        "、",
        "百年",
        "變局",
        "ＡＢＣ",
        "ﬁ",
        "\u00ad",
        "\u200b",
        "…",
        "1",
        "。",
        "a-b",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30))
def test_token_offsets_map_back_to_original(parts: list[str]) -> None:
    """Each token of the normalized text comes from the original text at the mapped offsets."""
    original = "".join(parts)
    norm = normalize(original)
    for tok in tokenize(norm.text):
        start, end = norm.span_to_original(tok.start, tok.end)
        assert 0 <= start < end <= len(original)
        assert normalize(original[start:end]).text.strip() == tok.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_map_is_monotonic_and_in_range(original: str) -> None:
    norm = normalize(original)
    previous = -1
    for pos in range(len(norm.text)):
        at = norm.to_original(pos)
        assert previous <= at < len(original)
        previous = at
