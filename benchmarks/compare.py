"""Translation checks: alignment quality, formula pairing, the seed statement, speed.

1. Government Work Reports 2016-2022 and New Year addresses 2020-2024 (Chinese with the official
   English): agreement of our sentence pairs with the rough paragraph pairs in *.aligned.tsv (the
   share of aligned Chinese sentences whose English lies in the reference paragraph), and the share of
   Chinese formula occurrences paired with an English rendering.
2. The seed statement against its Chinese original: which Chinese sentence each English sentence is
   aligned to (against a hand-made key), and whether the garbled title is reported.
3. Speed: one Government Work Report pair, whole process (target < 2 s); `check` over 100 pairs with
   one worker and with all cores.

    .venv/bin/python benchmarks/compare.py
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from bisect import bisect_right
from itertools import pairwise
from pathlib import Path

from _corpora import ROOT, corpora_or_skip

from phrasetrack.compare import compare_texts
from phrasetrack.phrasebook import builtin_book_paths, load_books

DOCS = [f"gwr{y}" for y in range(2016, 2023)] + [f"newyear{y}" for y in range(2020, 2025)]
# English sentence (its opening words) -> a phrase of the Chinese sentence it translates
SEED_KEY = {
    "China stands ready": "中方愿同朝方",
    "Communist Party of Central China": "中方愿同朝方",
    "Committee.": "中方愿同朝方",
    "In an exchange of messages": "中方愿同朝方",
    "The messages were delivered": "央视网消息",
    "Xi again congratulated": "习近平再次祝贺",
    "He stressed that": "习近平强调",
    "He expressed China": "新形势下",
    "In his message, Kim praised": "李龙男转达",
    "Kim noted that": "金正恩表示",
    "The DPRK firmly believes": "朝方坚信",
}


def body(path: Path) -> str:
    """A corpus file without its ``#`` header lines."""
    return "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if not line.startswith("#"))


def paragraphs(text: str, rows: list[str]) -> tuple[list[int], list[int]]:
    """Start offsets of each reference paragraph in ``text`` (-1 when not found), searched in order."""
    starts, pos = [], 0
    for row in rows:
        at = text.find(row.strip()[:40], pos) if row.strip() else -1
        starts.append(at)
        if at >= 0:
            pos = at
    ends = [len(text)] * len(starts)
    found = [(s, k) for k, s in enumerate(starts) if s >= 0]
    for (_, k), (next_start, _) in pairwise(found):
        ends[k] = next_start
    return starts, ends


def reference_row(offset: int, starts: list[int], ends: list[int]) -> int:
    located = sorted((s, k) for k, s in enumerate(starts) if s >= 0)
    i = bisect_right([s for s, _ in located], offset) - 1
    if i < 0:
        return -1
    k = located[i][1]
    return k if offset < ends[k] else -1


def bitext(books: list) -> None:  # type: ignore[type-arg]
    folder = corpora_or_skip() / "bitext"
    print(f"{'document':<12} {'pairs':>6} {'agree':>7} {'formulas':>9} {'paired':>7} {'seconds':>8}")
    tot_agree = tot_checked = tot_formulas = tot_paired = 0
    for doc in DOCS:
        zh, en, tsv = (folder / f"{doc}.{ext}" for ext in ("zh.txt", "en.txt", "aligned.tsv"))
        if not (zh.exists() and en.exists() and tsv.exists()):
            continue
        zh_text, en_text = body(zh), body(en)
        rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:] if "\t" in line]
        zs, ze = paragraphs(zh_text, [r[0] for r in rows])
        es, ee = paragraphs(en_text, [r[1] for r in rows])
        start = time.perf_counter()
        result = compare_texts(zh_text, [en_text], books)
        seconds = time.perf_counter() - start
        agree = checked = 0
        for p in result.pairs:
            if p.source is None or p.target is None:
                continue
            rz = reference_row(p.source.start, zs, ze)
            if rz < 0 or es[rz] < 0:
                continue
            checked += 1
            agree += reference_row(p.target.start, es, ee) == rz or reference_row(p.target.end - 1, es, ee) == rz
        paired = sum(1 for f in result.formulas if f.statuses[0] != "missing")
        tot_agree, tot_checked = tot_agree + agree, tot_checked + checked
        tot_formulas, tot_paired = tot_formulas + len(result.formulas), tot_paired + paired
        print(
            f"{doc:<12} {len(result.pairs):>6} {agree / max(checked, 1):>7.1%} {len(result.formulas):>9} "
            f"{paired / max(len(result.formulas), 1):>7.1%} {seconds:>8.2f}"
        )
    print(
        f"{'all':<12} {'':>6} {tot_agree / max(tot_checked, 1):>7.1%} {tot_formulas:>9} "
        f"{tot_paired / max(tot_formulas, 1):>7.1%}"
    )


def seed(books: list) -> None:  # type: ignore[type-arg]
    folder = corpora_or_skip() / "target1_xi_kim_2021-03-22"
    zh = body(folder / "cctv_xwlb_2021-03-22.zh.txt")
    en = (ROOT / "examples" / "xi_kim_2021-03-23.en.txt").read_text(encoding="utf-8")
    result = compare_texts(zh, [en], books, source_name="zh", target_names=["en"])
    right = total = 0
    from phrasetrack.text.sentences import split_sentences

    for s in split_sentences(en):
        text = en[s.start : s.end]
        key = next((v for k, v in SEED_KEY.items() if text.startswith(k) or text.split("\n")[-1].startswith(k)), None)
        if key is None:
            continue
        total += 1
        pair = next((p for p in result.pairs if p.target and p.target.start <= s.start < p.target.end), None)
        got = pair.source.text if pair and pair.source else "(none)"
        ok = key in got
        right += ok
        print(f"  {'ok ' if ok else 'BAD'} {text[:40]!r:45} -> {got[:24]!r}{'' if ok else f'  (expected {key})'}")
    garbled = [f for f in result.findings if f.rule == "formula-garbled"]
    print(
        f"seed: {right}/{total} English sentences aligned to the right Chinese sentence; "
        f"garbled title reported: {bool(garbled)} ({garbled[0].message[:80] if garbled else ''})"
    )


def speed() -> None:
    folder = corpora_or_skip() / "bitext"
    with tempfile.TemporaryDirectory() as tmp:
        zh, en = Path(tmp) / "gwr2019.zh.txt", Path(tmp) / "gwr2019.en.txt"
        zh.write_text(body(folder / "gwr2019.zh.txt"), encoding="utf-8")
        en.write_text(body(folder / "gwr2019.en.txt"), encoding="utf-8")
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "phrasetrack", "compare", str(zh), str(en)], capture_output=True, cwd=ROOT
            )
            times.append(time.perf_counter() - start)
        print(
            f"GWR 2019 pair ({zh.stat().st_size // 1000} KB zh, {en.stat().st_size // 1000} KB en): "
            f"compare whole process {min(times):.2f} s (target < 2 s)"
        )
        desk = Path(tmp) / "desk"
        (desk / "release").mkdir(parents=True)
        docs = [d for d in DOCS if (folder / f"{d}.zh.txt").exists()]
        for n in range(100):
            d = docs[n % len(docs)]
            shutil.copy(folder / f"{d}.zh.txt", desk / "release" / f"r{n:03d}.zh.txt")
            shutil.copy(folder / f"{d}.en.txt", desk / "release" / f"r{n:03d}.en.txt")
        (desk / "phrasetrack.toml").write_text(
            '[[pairs]]\nsource = "release/*.zh.txt"\ntranslation = "release/{stem}.en.txt"\n', encoding="utf-8"
        )
        for jobs in ("1", str(os.cpu_count() or 1)):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "phrasetrack", "check", "--jobs", jobs, "--exit-zero", "-f", "json"],
                capture_output=True,
                cwd=desk,
            )
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            print(
                f"check over 100 pairs, --jobs {jobs}: {wall:.1f} s wall, {cpu:.1f} s CPU "
                f"({cpu / wall:.2f} cores busy on average)"
            )


def main() -> None:
    corpora_or_skip()
    books = load_books(builtin_book_paths())
    bitext(books)
    seed(books)
    speed()


if __name__ == "__main__":
    main()
