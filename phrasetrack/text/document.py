"""Document metadata read from the text itself: the date line of a statement.

>>> document_date(" date 2021-03-23 \\n\\nChina stands ready ...")
'2021-03-23'
>>> document_date("---\\ntitle: x\\ndate: 2020-01-02\\n---\\ntext") is None
False
>>> document_date("No date here.") is None
True
"""

from __future__ import annotations

import re

_DATE_LINE = re.compile(r"\A\s*(?:date|Date|DATE|日期)\s*[:：]?\s*(\d{4}-\d{2}-\d{2})\s*$", re.M)
_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_FRONT_DATE = re.compile(r"^date\s*:\s*['\"]?(\d{4}-\d{2}-\d{2})", re.M)


def document_date(head: str) -> str | None:
    """The ISO date a text declares in its first line (``date YYYY-MM-DD``) or YAML front matter."""
    head = head[:4096].lstrip("\ufeff")
    front = _FRONT.match(head)
    if front:
        m = _FRONT_DATE.search(front.group(1))
        return m.group(1) if m else None
    m = _DATE_LINE.match(head)
    return m.group(1) if m else None
