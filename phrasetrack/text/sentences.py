"""Sentence segmentation for English and Chinese, as spans of the original text.

Chinese sentences end at 。！？； (with closing quotes or brackets kept), English ones at . ! ?
followed by space and a capital, a digit, a quote or a CJK character, except after common
abbreviations and initials. A blank line always ends a sentence; a single line break ends one
unless it only wraps a line (a letter, digit or comma before it and a lower-case letter or digit
after it), so that re-wrapping a text does not change its sentences.

>>> text = "Mr. Xi met Dr. Kim on Monday. They talked.\\n\\n中方愿同各方一道。“好！”他说。"
>>> [text[s.start:s.end] for s in split_sentences(text)]
['Mr. Xi met Dr. Kim on Monday.', 'They talked.', '中方愿同各方一道。', '“好！”', '他说。']
>>> wrapped = "a hard-wrapped long line\\nof text. Next"
>>> [wrapped[s.start:s.end] for s in split_sentences(wrapped)]
['a hard-wrapped long line\\nof text.', 'Next']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from phrasetrack.text.normalize import CJK_CLASS

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt gen col lt sgt capt cmdr adm gov sen rep pres amb hon rev fr no nos
    vol pp p fig jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept univ est approx
    vs etc al e.g i.e u.s u.k u.n e.u p.r.c d.p.r.k""".split()
)
_CLOSERS = "\"'”’」』）)】》〉］\\]"
_BOUNDARY = re.compile(
    rf"[。！？；!?][{_CLOSERS}]*"  # CJK terminators (and ! ? anywhere)
    rf"|\.[{_CLOSERS}]*(?=\s+[\"'“‘(\[A-Z0-9{CJK_CLASS}]|\s*$|[{CJK_CLASS}])"  # a full stop before a sentence start
    r"|\n[ \t]*\n\s*"  # a blank line
    r"|\n"  # a line break (kept only where it is not mere wrapping)
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_WRAP_BEFORE = re.compile(rf"[A-Za-z0-9,;:\-–{CJK_CLASS}，、]$")
_WRAP_AFTER = re.compile(rf"[ \t]*[a-z0-9({CJK_CLASS}]")
WRAPPED_LINE = 20  # a line this long that runs on is taken as hard-wrapped


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: ``[start, end)`` in the original text, without surrounding whitespace."""

    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order."""
    spans: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        token = m.group()
        if token[0] == "\n" and token.strip() == "":
            if "\n" not in token[1:] and _is_wrap(text, m.start(), m.end()):
                continue
            end = m.start()
        elif token[0] == "." and _is_abbreviation(text, m.start()):
            continue
        else:
            end = m.end()
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _is_wrap(text: str, nl: int, after: int) -> bool:
    line_start = text.rfind("\n", 0, nl) + 1
    if nl - line_start < WRAPPED_LINE:
        return False
    before = text[max(0, nl - 1) : nl]
    return bool(_WRAP_BEFORE.search(before)) and bool(_WRAP_AFTER.match(text, nl + 1))


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
    if m is None:
        return False
    word = m.group(1).lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _add(text: str, start: int, end: int, spans: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Sentence(start, end))
