"""Scanning files: the glue between inputs and the matcher. Matches stream out as they are found,
so memory does not grow with the input."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import chain

from phrasetrack.errors import InputError
from phrasetrack.inputs import InputFile, open_text
from phrasetrack.match import Matcher
from phrasetrack.model import Match
from phrasetrack.text.document import document_date


def iter_file(matcher: Matcher, name: str, encoding: str | None = None) -> Iterator[Match]:
    """Matches in one file, in order; its date line (``date YYYY-MM-DD``) decides dated statuses."""
    with open_text(name, encoding) as chunks:
        first = next(chunks, "")
        date = document_date(first)
        yield from matcher.scan_stream(chain([first], chunks), date=date, file=name)


def scan_file(matcher: Matcher, name: str, encoding: str | None = None) -> list[Match]:
    """Every match in one file."""
    return list(iter_file(matcher, name, encoding))


def iter_files(
    matcher: Matcher,
    files: Sequence[InputFile],
    encoding: str | None = None,
    on_skip: Callable[[str], None] | None = None,
    progress: Callable[[InputFile], None] | None = None,
) -> Iterator[Match]:
    """Matches of ``files`` in order. A file found by walking a folder that cannot be read as text
    is skipped (``on_skip`` gets the reason); a file the user named raises :class:`InputError`."""
    for item in files:
        try:
            yield from iter_file(matcher, item.name, encoding)
        except InputError as err:
            if item.explicit:
                raise
            if on_skip is not None:
                on_skip(str(err))
        if progress is not None:
            progress(item)
