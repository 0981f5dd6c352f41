"""Precision first: nothing in the shipped books fires on ordinary prose.

tests/data/neutral.en.txt and neutral.zh.txt are everyday texts written for this test (local news,
recipes, sports, letters ...) that use, in their ordinary senses, many words the formulas are made
of: community, shared, future, core, interests, reform, party, committee; 发展, 命运, 核心, 利益, 主席.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from phrasetrack.match import Matcher

DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize("name", ["neutral.en.txt", "neutral.zh.txt"])
def test_no_match_on_neutral_text(name: str, matcher: Matcher) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    assert len(text) > 5000
    found = [f"{m.entry}: {m.text!r}" for m in matcher.scan(text)]
    assert found == []
