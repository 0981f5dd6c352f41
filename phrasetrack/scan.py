"""Scanning files: the glue between inputs and the matcher, returning data only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain

from phrasetrack.errors import InputError
from phrasetrack.inputs import InputFile, open_text
from phrasetrack.match import Matcher
from phrasetrack.model import Match
from phrasetrack.text.document import document_date


@dataclass(frozen=True)
class ScanResult:
    """Matches of all files, and the files skipped while walking directories (with the reason)."""

    matches: tuple[Match, ...]
    files: int
    skipped: tuple[str, ...] = field(default=())


def scan_file(matcher: Matcher, name: str, encoding: str | None = None) -> list[Match]:
    """Every match in one file; its date line (``date YYYY-MM-DD``) decides dated statuses."""
    with open_text(name, encoding) as chunks:
        first = next(chunks, "")
        date = document_date(first)
        return list(matcher.scan_stream(chain([first], chunks), date=date, file=name))


def scan_files(
    matcher: Matcher,
    files: Sequence[InputFile],
    encoding: str | None = None,
    progress: Callable[[InputFile], None] | None = None,
) -> ScanResult:
    """Scan ``files`` in order. A file found by walking a directory that cannot be read as text is
    skipped and reported in ``skipped``; a file the user named raises :class:`InputError`."""
    matches: list[Match] = []
    skipped: list[str] = []
    for item in files:
        try:
            matches.extend(scan_file(matcher, item.name, encoding))
        except InputError as err:
            if item.explicit:
                raise
            skipped.append(str(err))
        if progress is not None:
            progress(item)
    return ScanResult(tuple(matches), len(files), tuple(skipped))
