"""Tools for phrasebook curators: run every entry's examples."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from phrasetrack.match import Matcher
from phrasetrack.model import Book


@dataclass(frozen=True)
class ExampleFailure:
    """An example that did not behave: a ``match`` text with no match, or a ``no_match`` text with one."""

    location: str
    entry: str
    lang: str
    kind: str  # "match" | "no_match"
    text: str
    found: str = ""

    def describe(self) -> str:
        """One line: ``file:line:col: entry: ...``."""
        if self.kind == "match":
            return f"{self.location}: {self.entry}: {self.lang} example finds nothing: {self.text!r}"
        head = f"{self.location}: {self.entry}: {self.lang} no_match example"
        return f"{head} matches {self.found!r}: {self.text!r}"


def check_examples(books: Sequence[Book], matcher: Matcher | None = None) -> tuple[int, list[ExampleFailure]]:
    """Run every example of ``books`` (with all of them loaded); return (examples run, failures)."""
    matcher = matcher or Matcher(books)
    failures: list[ExampleFailure] = []
    count = 0
    for book in books:
        for entry in book.entries:
            for lang, examples in entry.examples.items():
                for kind, texts in (("match", examples.match), ("no_match", examples.no_match)):
                    for text in texts:
                        count += 1
                        found = [m for m in matcher.scan(text) if m.entry == entry.id and m.lang == lang]
                        if kind == "match" and not found:
                            failures.append(ExampleFailure(entry.location, entry.id, lang, kind, text))
                        elif kind == "no_match" and found:
                            failures.append(
                                ExampleFailure(entry.location, entry.id, lang, kind, text, found[0].text)
                            )
    return count, failures
