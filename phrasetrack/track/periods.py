"""Dates and periods: normalize document dates, bucket them by year, month or ISO week, and parse
period specifications such as ``2021``, ``2021-03``, ``2021-W12`` or ``2019..2021``.

>>> parse_date("2017-01-01 19:06:20"), parse_date("20170101"), parse_date(2017), parse_date("n/a")
('2017-01-01', '2017-01-01', '2017-01-01', None)
>>> bucket("2021-03-23", "week"), bucket("2021-03-23", "month")
('2021-W12', '2021-03')
>>> p = parse_period("2019..2020-06"); (p.start, p.end)
('2019-01-01', '2020-07-01')
>>> previous(parse_period("2021-03")).label, previous(parse_period("2018..2019")).label
('2021-02', '2016..2017')
>>> previous(parse_period("2020-11..2021-02")).label, previous(parse_period("2021-03-01..2021-03-10")).label
('2020-07..2020-10', '2021-02-19..2021-02-28')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from phrasetrack.errors import UsageError

BUCKETS = ("year", "month", "week")
_DATE = re.compile(r"\s*(\d{4})(?:[-/.年]?(\d{1,2})(?:[-/.月]?(\d{1,2}))?)?")
_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})")


@dataclass(frozen=True)
class Period:
    """A span of days: ``start`` inclusive, ``end`` exclusive (ISO dates); ``kind`` says how it was
    given (year, month, week, day or range)."""

    label: str
    start: str
    end: str
    kind: str

    def contains(self, date: str) -> bool:
        """True when ``date`` (ISO) falls inside the period."""
        return self.start <= date < self.end


def parse_date(value: object) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date-like value, or None; a year or month alone gives its first day."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    if not isinstance(value, str):
        return None
    if len(value) >= 10 and value[4] == "-" and value[7] == "-":  # the common case: ISO already
        try:
            return dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            pass
    m = _DATE.match(value)
    if not m:
        return None
    digits = value.strip()
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None and len(digits) >= 8 and digits[:8].isdigit():  # 20170101
        year, month, day = digits[:4], digits[4:6], digits[6:8]
    try:
        return dt.date(int(year), int(month or 1), int(day or 1)).isoformat()
    except ValueError:
        return None


@cache
def bucket(date: str, by: str) -> str:
    """The year (``2021``), month (``2021-03``) or ISO week (``2021-W12``) of an ISO date."""
    if by == "year":
        return date[:4]
    if by == "month":
        return date[:7]
    year, week, _ = dt.date.fromisoformat(date[:10]).isocalendar()
    return f"{year}-W{week:02d}"


def bucket_start(label: str) -> dt.date:
    """The first day of a bucket label."""
    m = _WEEK.fullmatch(label)
    if m:
        return dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    parts = [int(p) for p in label.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def buckets_between(first: str, last: str, by: str) -> list[str]:
    """Every bucket label from ``first`` to ``last`` (both labels), gaps included."""
    out = []
    day = bucket_start(first)
    end = bucket_start(last)
    while day <= end:
        out.append(bucket(day.isoformat(), by))
        day = _next_start(day, by)
    return out


def _next_start(day: dt.date, by: str) -> dt.date:
    if by == "year":
        return dt.date(day.year + 1, 1, 1)
    if by == "month":
        return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return day + dt.timedelta(days=7)


def parse_period(spec: str) -> Period:
    """A period from ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-Www`` or ``A..B`` (both included)."""
    text = spec.strip()
    if ".." in text:
        a, b = text.split("..", 1)
        first, last = _single(a, spec), _single(b, spec)
        if last.end <= first.start:
            raise UsageError(f"period '{spec}' ends before it starts")
        return Period(text, first.start, last.end, "range")
    return _single(text, spec)


def _single(text: str, spec: str) -> Period:
    text = text.strip()
    bad = UsageError(f"bad period '{spec}': use YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www or FIRST..LAST")
    m = _WEEK.fullmatch(text)
    try:
        if m:
            start = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return Period(bucket(start.isoformat(), "week"), start.isoformat(), _iso(start, 7), "week")
        if re.fullmatch(r"\d{4}", text):
            return Period(text, f"{text}-01-01", f"{int(text) + 1:04d}-01-01", "year")
        if re.fullmatch(r"\d{4}-\d{2}", text):
            start = dt.date(int(text[:4]), int(text[5:]), 1)
            return Period(text, start.isoformat(), _next_start(start, "month").isoformat(), "month")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            start = dt.date.fromisoformat(text)
            return Period(text, text, _iso(start, 1), "day")
    except ValueError:
        raise bad from None
    raise bad


def _iso(day: dt.date, plus: int) -> str:
    return (day + dt.timedelta(days=plus)).isoformat()


def previous(period: Period) -> Period:
    """The period of the same length just before ``period`` (the year, month or week before)."""
    start = dt.date.fromisoformat(period.start)
    if period.kind == "year":
        return parse_period(str(start.year - 1))
    if period.kind == "month":
        before = start - dt.timedelta(days=1)
        return parse_period(f"{before.year:04d}-{before.month:02d}")
    if period.kind == "week":
        return parse_period(bucket((start - dt.timedelta(days=7)).isoformat(), "week"))
    end = dt.date.fromisoformat(period.end)
    if start.day == 1 and end.day == 1:  # whole months (or years): step back as many
        months = (end.year - start.year) * 12 + end.month - start.month
        index = start.year * 12 + start.month - 1 - months
        first = dt.date(index // 12, index % 12 + 1, 1)
        last = start - dt.timedelta(days=1)
        if start.month == 1 and months % 12 == 0:
            label = f"{first.year}..{last.year}"
        else:
            label = f"{first.year:04d}-{first.month:02d}..{last.year:04d}-{last.month:02d}"
        return Period(label, first.isoformat(), period.start, "range")
    days = (end - start).days
    first = start - dt.timedelta(days=days)
    label = f"{first.isoformat()}..{(start - dt.timedelta(days=1)).isoformat()}"
    return Period(label, first.isoformat(), period.start, "range")
