"""Exact multi-pattern baseline: pyahocorasick over the phrasebook forms after the same normalization.

Usage: python benchmarks/exact_baseline.py FILE   (prints one JSON line per exact hit)
Loads the same books and streams the file in the same 1 M-character windows as ``phrasetrack scan``,
so that whole-process times compare like with like.
"""

from __future__ import annotations

import json
import sys

import ahocorasick

from phrasetrack.inputs import open_text
from phrasetrack.phrasebook import builtin_book_paths, load_books
from phrasetrack.text.normalize import normalize

WINDOW = 1 << 20


def build() -> ahocorasick.Automaton:
    """An automaton of every form, normalized."""
    automaton = ahocorasick.Automaton()
    for book in load_books(builtin_book_paths()):
        for entry in book.entries:
            for form in entry.forms:
                automaton.add_word(normalize(form.text).text, (entry.id, form.text))
    automaton.make_automaton()
    return automaton


def scan_text(automaton: ahocorasick.Automaton, text: str) -> list[tuple[int, str, str]]:
    """(end offset in the normalized text, entry, form) of every exact hit."""
    return [(end, entry, form) for end, (entry, form) in automaton.iter(normalize(text).text)]


def main() -> None:
    automaton = build()
    out = sys.stdout
    with open_text(sys.argv[1]) as chunks:
        buffer = ""
        for chunk in chunks:
            buffer += chunk
            while len(buffer) >= WINDOW:
                for hit in scan_text(automaton, buffer[:WINDOW]):
                    out.write(json.dumps(hit, ensure_ascii=False) + "\n")
                buffer = buffer[WINDOW - 64 :]
        for hit in scan_text(automaton, buffer):
            out.write(json.dumps(hit, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
