"""Line and column numbers of character offsets.

>>> index = LineIndex("one\\ntwo\\nthree")
>>> index.line(0), index.location(5), index.location(8)
(1, (2, 2), (3, 1))
"""

from __future__ import annotations

import re
from bisect import bisect_left


class LineIndex:
    """The positions of a text's line breaks, for 1-based lines and columns by bisection."""

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        """The 1-based line of ``offset``."""
        return bisect_left(self.breaks, offset) + 1

    def location(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of ``offset``, columns counted in characters."""
        line = bisect_left(self.breaks, offset)
        start = self.breaks[line - 1] + 1 if line > 0 else 0
        return line + 1, offset - start + 1
