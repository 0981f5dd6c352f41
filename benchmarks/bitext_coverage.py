"""Bitext coverage: how many Chinese formula occurrences have their English rendering recognized.

For each document of ``../shared/corpora/bitext/`` (Government Work Reports 2016-2022 and New Year
addresses 2020-2024, Chinese with the official English), both sides are scanned with every shipped
book. An occurrence of entry E in the Chinese counts as recognized when the English has a match of
E too (per document: recognized = min(Chinese count, English count) for each entry).

Target (curated-phrasebooks issue): at least 90% of Chinese occurrences recognized. The entries
missed most often are listed: a miss usually means a missing English variant.

    .venv/bin/python benchmarks/bitext_coverage.py [--misses 25] [--books FILE ...]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from _corpora import corpora_or_skip

from phrasetrack.match import Matcher
from phrasetrack.phrasebook import builtin_book_paths, load_books

DOCS = [f"gwr{y}" for y in range(2016, 2023)] + [f"newyear{y}" for y in range(2020, 2025)]


def body(path: Path) -> str:
    """The text of a corpus file without its ``#`` header lines."""
    with path.open(encoding="utf-8") as handle:
        return "".join(line for line in handle if not line.startswith("#"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", type=int, default=25, help="how many missed entries to list")
    parser.add_argument("--books", nargs="*", help="book files to use (default: the shipped books)")
    args = parser.parse_args()
    folder = corpora_or_skip() / "bitext"
    matcher = Matcher(load_books(args.books or builtin_book_paths()))
    missed: Counter[str] = Counter()
    extra_en: Counter[str] = Counter()
    total_zh = total_ok = 0
    print(f"{'document':<12} {'zh occurrences':>14} {'en recognized':>14} {'share':>7}")
    for doc in DOCS:
        zh_path, en_path = folder / f"{doc}.zh.txt", folder / f"{doc}.en.txt"
        if not zh_path.exists() or not en_path.exists():
            continue
        zh = Counter(m.entry for m in matcher.scan(body(zh_path)) if m.lang == "zh")
        en = Counter(m.entry for m in matcher.scan(body(en_path)) if m.lang == "en")
        ok = sum(min(n, en[e]) for e, n in zh.items())
        for e, n in zh.items():
            if n > en[e]:
                missed[e] += n - en[e]
        for e, n in en.items():
            if n > zh[e]:
                extra_en[e] += n - zh[e]
        n_zh = sum(zh.values())
        total_zh += n_zh
        total_ok += ok
        share = ok / n_zh if n_zh else 1.0
        print(f"{doc:<12} {n_zh:>14} {ok:>14} {share:>7.1%}")
    share = total_ok / total_zh if total_zh else 0.0
    print(f"{'all':<12} {total_zh:>14} {total_ok:>14} {share:>7.1%}   (target >= 90%)")
    print("\nChinese occurrences without an English rendering, by entry:")
    for entry, n in missed.most_common(args.misses):
        print(f"  {n:>4}  {entry}")
    print("\nEnglish matches beyond the Chinese count, by entry (possible false positives):")
    for entry, n in extra_en.most_common(10):
        print(f"  {n:>4}  {entry}")


if __name__ == "__main__":
    main()
