"""The matcher: fuzzy, exact, overlaps, statuses, offsets, streaming."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import phrasetrack.match as match_module
from phrasetrack.match import Matcher, ScanOptions, default_max_edits
from phrasetrack.model import Status
from phrasetrack.phrasebook import parse_book
from phrasetrack.text.normalize import normalize
from phrasetrack.text.tokenize import stem, tokenize

BOOK = parse_book(
    """
id: t
title: test
languages: [zh, en]
entries:
  - id: unseen
    gloss: changes unseen in a century
    forms:
      zh:
        - {text: 百年未有之大变局, status: preferred}
        - {text: 百年变局, status: admitted}
      en:
        - {text: profound changes unseen in a century, status: preferred}
        - {text: changes unseen in a century, status: admitted}
  - id: gs
    gloss: general secretary
    forms:
      en:
        - {text: general secretary of the CPC Central Committee, status: preferred}
        - {text: secretary general of the CPC Central Committee, status: garbled}
  - id: cs
    gloss: case
    forms:
      en:
        - {text: IDCPC, status: preferred, match: {case: sensitive}}
  - id: exact
    gloss: exact only
    match: exact
    forms:
      en:
        - {text: community with a shared future for mankind, status: preferred}
  - id: destiny
    gloss: dated
    forms:
      en:
        - {text: community of common destiny, status: preferred, until: '2015'}
""",
    "test.yaml",
)


@pytest.fixture(scope="module")
def m() -> Matcher:
    return Matcher([BOOK])


def only(matcher: Matcher, text: str, **kw: str) -> tuple[str, str, float, str]:
    (found,) = matcher.scan(text, **kw)
    return found.entry, found.status.value, found.score, found.text


def test_exact_english_with_offsets(m: Matcher) -> None:
    text = "He said profound changes unseen in a century are here."
    (found,) = m.scan(text)
    assert (found.entry, found.status, found.score) == ("unseen", Status.PREFERRED, 1.0)
    assert text[found.start : found.end] == "profound changes unseen in a century"
    assert (found.line, found.column) == (1, 9)
    assert found.preferred == "profound changes unseen in a century"


@pytest.mark.parametrize(
    "text",
    [
        "Profound Change unseen in a century",  # inflection and case
        "profound changes un-\nseen in a century",  # broken by a hyphen at a line end: one edit
        "profound\n  changes unseen in a\tcentury",  # line breaks and tabs
        "profound changes unseen in a whole century",  # one inserted word
        "profound changes unseen for a century",  # one substituted word
        "“profound changes unseen in a century”",  # curly quotes around
    ],
)
def test_fuzzy_english(m: Matcher, text: str) -> None:
    (found,) = m.scan(text)
    assert found.entry == "unseen"
    assert text[found.start : found.end] == found.text
    assert found.text.lower().startswith("profound") and found.text.endswith("century")


def test_fuzzy_edits_are_explained(m: Matcher) -> None:
    (found,) = m.scan("profound changes unseen for a centuries")
    ops = [(e.op, e.expected, e.found) for e in found.edits]
    assert ops == [("substitute", "in", "for"), ("inflect", "century", "centuries")]
    assert found.score == pytest.approx(1 - (1 + 0.2) / 6, abs=1e-3)


def test_too_many_edits_is_no_match(m: Matcher) -> None:
    assert m.scan("profound shifts never seen for a century") == []


def test_chinese_traditional_and_line_break(m: Matcher) -> None:
    text = "世界正經歷百年未有之\n大變局。"
    (found,) = m.scan(text)
    assert found.entry == "unseen" and found.status is Status.PREFERRED and found.score == 1.0
    assert found.text == "百年未有之\n大變局"
    assert (found.line, found.column) == (1, 6)


def test_chinese_one_character_edit(m: Matcher) -> None:
    (found,) = m.scan("百年未有的大变局")
    assert found.entry == "unseen" and found.score < 1.0
    assert [(e.op, e.expected, e.found) for e in found.edits] == [("substitute", "之", "的")]


def test_short_chinese_form_is_exact_only(m: Matcher) -> None:
    assert m.scan("百年的变局") == []
    assert only(m, "百年变局")[:2] == ("unseen", "admitted")


def test_contained_form_not_reported_alone(m: Matcher) -> None:
    (found,) = m.scan("profound changes unseen in a century")
    assert found.form == "profound changes unseen in a century"


def test_garbled_form_reported_with_its_preferred(m: Matcher) -> None:
    (found,) = m.scan("Xi Jinping, secretary general of the CPC Central Committee")
    assert found.status is Status.GARBLED
    assert found.preferred == "general secretary of the CPC Central Committee"


def test_case_sensitive_form(m: Matcher) -> None:
    assert only(m, "the IDCPC said")[0] == "cs"
    assert m.scan("the idcpc said") == []


def test_exact_mode(m: Matcher) -> None:
    assert only(m, "a community with a shared future for mankind")[2] == 1.0
    assert m.scan("a community with a common future for mankind") == []


def test_dated_status(m: Matcher) -> None:
    assert only(m, "a community of common destiny", date="2013-03-01")[1] == "preferred"
    assert only(m, "a community of common destiny", date="2019-03-01")[1] == "deprecated"


def test_options_filter_and_override() -> None:
    text = "profound changes unseen for a century; 百年未有之大变局"
    assert {x.lang for x in Matcher([BOOK], ScanOptions(langs=frozenset({"zh"}))).scan(text)} == {"zh"}
    assert Matcher([BOOK], ScanOptions(max_edits=0)).scan(text.split(";")[0]) == []
    strict = Matcher([BOOK], ScanOptions(min_score=0.9)).scan(text)
    assert [x.lang for x in strict] == ["zh"]
    garbled = Matcher([BOOK], ScanOptions(statuses=frozenset({Status.GARBLED}))).scan(text)
    assert garbled == []


def test_default_tolerance_grows_with_length() -> None:
    assert default_max_edits(list("百年变局"), cjk=True) == 0
    assert default_max_edits(list("百年未有之大变局"), cjk=True) == 1
    assert default_max_edits("core interests".split(), cjk=False) == 0
    assert default_max_edits("profound changes unseen in a century".split(), cjk=False) == 1


def test_streaming_equals_whole_text(monkeypatch: pytest.MonkeyPatch, m: Matcher) -> None:
    rng = random.Random(7)
    filler = ["the", "talks", "were", "held", "in", "Beijing", "and", "百", "年", "的", "变", "\n"]
    forms = [
        "profound changes unseen in a century",
        "百年未有之大变局",
        "secretary general of the CPC Central Committee",
    ]
    parts = []
    for _ in range(400):
        parts.append(" ".join(rng.choice(filler) for _ in range(rng.randint(3, 40))))
        parts.append(rng.choice(forms))
    text = " ".join(parts)
    whole = m.scan(text)
    monkeypatch.setattr(match_module, "WINDOW_CHARS", 700)
    chunks = [text[i : i + 333] for i in range(0, len(text), 333)]
    streamed = list(m.scan_stream(chunks))
    assert len(whole) == 400
    assert streamed == whole


def token_distance(a: list[str], b: list[str]) -> int:
    """Plain word-level Levenshtein distance where an inflection counts as equal."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            same = x == y or stem(x) == stem(y)
            cur.append(min(prev[j - 1] + (0 if same else 1), prev[j] + 1, cur[j - 1] + 1))
        prev = cur
    return prev[-1]


FORMS = [f for e in BOOK.entries for f in e.forms if f.options.fuzzy and not f.options.case_sensitive]
WORDS = st.sampled_from(["the", "of", "new", "century", "change", "年", "变", "general", "party", "中"])


@settings(max_examples=300, deadline=None)
@given(
    form_index=st.integers(0, len(FORMS) - 1),
    before=st.lists(WORDS, max_size=5),
    after=st.lists(WORDS, max_size=5),
    mutation=st.tuples(st.sampled_from(["none", "sub", "del", "ins"]), st.integers(0, 20), WORDS),
    sep=st.sampled_from([" ", "\n", "  ", "\r\n"]),
)
def test_every_span_is_within_allowed_edits(
    m: Matcher, form_index: int, before: list[str], after: list[str], mutation: tuple[str, int, str], sep: str
) -> None:
    """Whatever the surrounding text, a reported span is its form within the allowed edits."""
    form = FORMS[form_index]
    cjk = form.lang == "zh"
    tokens = [t.text for t in tokenize(normalize(form.text).text)]
    kind, at, word = mutation
    at %= len(tokens)
    if kind == "sub":
        tokens[at] = word
    elif kind == "del" and len(tokens) > 1:
        del tokens[at]
    elif kind == "ins":
        tokens.insert(at, word)
    joiner = "" if cjk else sep
    text = sep.join(before) + sep + joiner.join(tokens) + sep + sep.join(after)
    for found in m.scan(text):
        assert text[found.start : found.end] == found.text
        compiled = next(c for c in m.forms if c.form.text == found.form)
        span_tokens = [t.text for t in tokenize(normalize(found.text).text)]
        assert token_distance(list(compiled.tokens), span_tokens) <= compiled.max_edits
