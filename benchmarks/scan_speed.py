"""Scan speed: fuzzy scan vs an exact Aho-Corasick baseline, and the regex module's fuzzy matching.

Target (foundation issue): whole-process fuzzy scan within 3x the exact baseline, on one year of
Xinwen Lianbo (Chinese) and China's UN General Debate statements (English).

    .venv/bin/python benchmarks/scan_speed.py [--year 2021] [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import regex
from _corpora import ROOT, corpora_or_skip, ungdc_texts, xwlb_texts
from exact_baseline import build, scan_text

from phrasetrack.match import Matcher
from phrasetrack.phrasebook import builtin_book_paths, load_books
from phrasetrack.text.normalize import normalize


def best_of(repeat: int, command: list[str]) -> float:
    """Best wall time of a whole process, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return min(times)


def in_process(texts: list[str], matcher: Matcher) -> tuple[float, float, int, int]:
    """Seconds for the exact baseline and the fuzzy scan over every document, and their hit counts."""
    automaton = build()
    start = time.perf_counter()
    exact = sum(len(scan_text(automaton, t)) for t in texts)
    t_exact = time.perf_counter() - start
    start = time.perf_counter()
    fuzzy = sum(len(matcher.scan(t)) for t in texts)
    t_fuzzy = time.perf_counter() - start
    return t_exact, t_fuzzy, exact, fuzzy


def regex_fuzzy(texts: list[str], matcher: Matcher, sample_chars: int) -> tuple[float, int]:
    """Seconds for the regex module's fuzzy matching ({e<=k} per form, k = the form's edits, in
    characters for Chinese and words x 3 characters for English) over a sample, and its hit count."""
    sample, size = [], 0
    for t in texts:
        sample.append(normalize(t).text)
        size += len(t)
        if size >= sample_chars:
            break
    patterns = []
    for cf in matcher.forms:
        edits = cf.max_edits if cf.cjk else cf.max_edits * 3
        body = regex.escape(cf.norm)
        patterns.append(regex.compile(f"(?:{body}){{e<={edits}}}" if edits else body))
    start = time.perf_counter()
    hits = sum(1 for text in sample for p in patterns for _ in p.finditer(text))
    return time.perf_counter() - start, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--regex-sample", type=int, default=100_000, help="characters for the regex run")
    args = parser.parse_args()
    corpora_or_skip()
    matcher = Matcher(load_books(builtin_book_paths()))
    print(f"{len(matcher.forms)} forms from the shipped books")
    rows = []
    for label, texts in ((f"xwlb {args.year} (zh)", xwlb_texts(args.year)), ("ungdc (en)", ungdc_texts())):
        chars = sum(len(t) for t in texts)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as handle:
            handle.write("\n\n".join(texts))
            path = handle.name
        py = sys.executable
        t_base = best_of(args.repeat, [py, "benchmarks/exact_baseline.py", path])
        t_scan = best_of(args.repeat, [py, "-m", "phrasetrack", "scan", path, "--format", "jsonl"])
        Path(path).unlink()
        e_time, f_time, e_hits, f_hits = in_process(texts, matcher)
        r_time, r_hits = regex_fuzzy(texts, matcher, args.regex_sample)
        r_chars = min(chars, args.regex_sample)
        r_ratio = (r_time / r_chars) / (e_time / chars)
        rows.append((label, len(texts), chars, t_base, t_scan, e_time, f_time, e_hits, f_hits, r_ratio))
        print(
            f"{label}: {len(texts)} docs, {chars / 1e6:.2f} M chars\n"
            f"  whole process: exact baseline {t_base:.2f} s, phrasetrack scan {t_scan:.2f} s "
            f"-> {t_scan / t_base:.2f}x (target <= 3x)\n"
            f"  in process:    exact {e_time:.2f} s ({e_hits} hits), fuzzy {f_time:.2f} s ({f_hits} matches) "
            f"-> {f_time / e_time:.2f}x; {chars / f_time / 1e6:.1f} M chars/s\n"
            f"  regex fuzzy on {r_chars / 1e3:.0f} K chars: {r_time:.2f} s ({r_hits} hits) "
            f"-> {r_ratio:.0f}x the exact baseline per character"
        )


if __name__ == "__main__":
    main()
