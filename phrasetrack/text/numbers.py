"""Numbers in Chinese and English text, as comparable values (1.2万亿 == 1.2 trillion).

>>> [n.value for n in find_numbers("增长6.5%，投资1.2万亿元，3月22日", "zh")]
[6.5, 1200000000000.0, '03-22']
>>> [n.value for n in find_numbers("grew 6.5 percent; 1.2 trillion yuan; on March 22", "en")]
[6.5, 1200000000000.0, '03-22']
>>> [n.kind for n in find_numbers("2,500 people, 30 million", "en")]
['amount', 'amount']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ZH_SCALE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
_EN_SCALE = {"trillion": 1e12, "billion": 1e9, "million": 1e6, "thousand": 1e3, "hundred": 1e2}
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), start=1
)}  # fmt: skip
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9

ZH_NUMBER = re.compile(r"(?<![\d.])(\d+(?:[.,]\d+)*)\s*(万亿|亿|万|千)?\s*(%|％|个百分点)?")
ZH_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]")
EN_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(trillion|billion|million|thousand|hundred)?\s*"
    r"(%|percentage points?|percent|per cent)?",
    re.I,
)
EN_DATE = re.compile(
    r"\b(?:(\d{1,2})\s+("
    + "|".join(_MONTHS)
    + r")\.?|("
    + "|".join(_MONTHS)
    + r")\.?\s+(\d{1,2}))\b(?!\s*(?:percent|%))",
    re.I,
)


@dataclass(frozen=True)
class Number:
    """A number found in a text: its value (a float, or ``MM-DD`` for a date), kind and span."""

    value: float | str
    kind: str  # amount | percent | date
    start: int
    end: int
    text: str


def find_numbers(text: str, lang: str) -> list[Number]:
    """Numbers, percentages and month-day dates in ``text`` (``lang`` is zh or en)."""
    out: list[Number] = []
    date_spans: list[tuple[int, int]] = []
    date_re = ZH_DATE if lang == "zh" else EN_DATE
    for m in date_re.finditer(text):
        if lang == "zh":
            month, day = int(m.group(2)), int(m.group(3))
        else:
            day = int(m.group(1) or m.group(4))
            month = _MONTHS[(m.group(2) or m.group(3)).lower().rstrip(".")]
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.append(Number(f"{month:02d}-{day:02d}", "date", m.start(), m.end(), m.group()))
            date_spans.append(m.span())
    for m in (ZH_NUMBER if lang == "zh" else EN_NUMBER).finditer(text):
        in_date = any(a <= m.start() < b for a, b in date_spans)
        if in_date and (lang == "en" or _inside_date_part(m, date_spans)):
            continue
        if lang == "zh":
            digits, scale, pct = m.group(1), m.group(2), m.group(3)
            value = float(digits.replace(",", "")) * (_ZH_SCALE[scale] if scale else 1)
        else:
            digits = m.group(1) + (m.group(2) or "")
            scale, pct = (m.group(3) or "").lower(), m.group(4)
            value = float(digits.replace(",", "")) * (_EN_SCALE[scale] if scale else 1)
        out.append(Number(round(value, 6), "percent" if pct else "amount", m.start(), m.end(), m.group().strip()))
    out.sort(key=lambda n: n.start)
    return out


def _inside_date_part(m: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    """True when a Chinese number is the month or day of a date already taken (not its year)."""
    for a, b in spans:
        if a <= m.start() < b:
            return m.string[m.end() : m.end() + 1] != "年"
    return False


def same_value(a: float | str, b: float | str) -> bool:
    """Equal numbers (to 0.1%) or equal dates."""
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return abs(a - b) <= 1e-3 * max(abs(a), abs(b), 1e-9)
