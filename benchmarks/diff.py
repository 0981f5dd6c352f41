"""Diff speed and quality against git and difflib.

Pairs: ~1 MB English built from China's UN General Debate statements with programmatic edits and
moves (5% of sentences edited, 1% moved, 0.5% deleted, 0.5% inserted), the same at 5 MB, ~300 KB
Chinese built the same way from Xinwen Lianbo, the two real versions of the 2018 Government Work
Report, and two unrelated 1 MB documents (worst case).

Targets (diff issue): whole process within 30x of `git diff --no-index --word-diff=porcelain`
(aim 10x) on the 1 MB pair; changed characters within 5% of a minimal exact token diff; 5 MB in
at most 6x the 1 MB time; no degraded result below 10 MB; unrelated 1 MB documents within 30x git.

    .venv/bin/python benchmarks/diff.py [--quick]   (--quick skips difflib and the exact reference)
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _corpora import ROOT, corpora_or_skip, ungdc_texts, xwlb_texts

SENTENCE = re.compile(r"(?<=[.!?。！？])\s*")


def sentences_of(texts: list[str], size: int) -> list[str]:
    """About ``size`` characters of sentences; repeated passes over the texts are numbered so that
    every sentence stays unique, as in a real document."""
    out: list[str] = []
    total = 0
    rounds = 0
    while total < size:
        for text in texts:
            for s in SENTENCE.split(text):
                s = " ".join(s.split())
                if len(s) > 20:
                    s = f"{s} ({rounds})" if rounds else s
                    out.append(s)
                    total += len(s) + 1
                    if total >= size:
                        return out
        rounds += 1
    return out


def edit(sentences: list[str], rng: random.Random, cjk: bool) -> list[str]:
    vocab = list({w for s in sentences[:2000] for w in (s if cjk else s.split())})
    new = list(sentences)
    n = len(new)
    for i in rng.sample(range(n), n // 20):  # 5% edited
        units = list(new[i]) if cjk else new[i].split()
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(units))
            op = rng.choice("sdi")
            if op == "s":
                units[at] = rng.choice(vocab)
            elif op == "d" and len(units) > 3:
                del units[at]
            else:
                units.insert(at, rng.choice(vocab))
        new[i] = ("" if cjk else " ").join(units)
    for _ in range(n // 100):  # 1% moved
        s = new.pop(rng.randrange(len(new)))
        new.insert(rng.randrange(len(new)), s)
    for _ in range(n // 200):  # 0.5% deleted, 0.5% inserted
        del new[rng.randrange(len(new))]
        new.insert(rng.randrange(len(new)), rng.choice(sentences))
    return new


def body(path: Path) -> str:
    """A corpus file without its ``#`` header lines."""
    lines = path.read_text(encoding="utf-8").splitlines(True)
    return "".join(line for line in lines if not line.startswith("#"))


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{command[:3]} failed: {proc.stderr.strip()[:300]}")
    return time.perf_counter() - start, proc.stdout


def tokens(text: str) -> list[str]:
    return re.findall(r"[\u4e00-\u9fff]|\d+(?:[.,]\d+)*|\w+|\s+|[^\w\s]", text)


def exact_changed(a: str, b: str) -> int:
    """Changed characters of a minimal token diff (diff-match-patch on mapped tokens, no time limit)."""
    from diff_match_patch import diff_match_patch

    codes: dict[str, str] = {}

    def enc(ts: list[str]) -> str:
        return "".join(
            codes.setdefault(t, chr(0x100 + len(codes) + (0x800 if len(codes) + 0x100 >= 0xD800 else 0))) for t in ts
        )

    ta, tb = tokens(a), tokens(b)
    inverse: dict[str, str] = {}
    ea, eb = enc(ta), enc(tb)
    inverse = {v: k for k, v in codes.items()}
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return sum(len("".join(inverse[c] for c in chunk)) for op, chunk in dmp.diff_main(ea, eb, False) if op != 0)


def run_pair(label: str, a: str, b: str, quick: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        pa, pb = Path(tmp) / "a.txt", Path(tmp) / "b.txt"
        pa.write_text(a, encoding="utf-8")
        pb.write_text(b, encoding="utf-8")
        t_git, _ = timed(["git", "diff", "--no-index", "--word-diff=porcelain", str(pa), str(pb)])
        t_pt, out = timed([sys.executable, "-m", "phrasetrack", "diff", str(pa), str(pb), "--format", "json"])
    doc = json.loads(out)
    ours = doc["stats"]["chars_deleted"] + doc["stats"]["chars_inserted"]
    # a plain diff has no moves: count each moved sentence as deleted and inserted, as the reference does
    moves = [c for c in doc["changes"] if c["kind"] == "move"]
    move_edits = sum(len(e["old_text"]) + len(e["new_text"]) for c in moves for e in c["edits"])
    plain = ours - move_edits + sum(len(c["old_text"]) + len(c["new_text"]) for c in moves)
    row = {"git": t_git, "phrasetrack": t_pt, "changed": ours, "degraded": float(doc["degraded"])}
    line = (
        f"{label}: {len(a) / 1e6:.2f} MB vs {len(b) / 1e6:.2f} MB; git {t_git:.2f} s, phrasetrack {t_pt:.2f} s "
        f"({t_pt / t_git:.1f}x git); {doc['stats']['modified']} modified, {doc['stats']['moved']} moved, "
        f"{doc['stats']['inserted']} inserted, {doc['stats']['deleted']} deleted sentences; "
        f"{ours} changed chars; degraded={doc['degraded']}"
    )
    if not quick:
        start = time.perf_counter()
        reference = exact_changed(a, b)
        t_ref = time.perf_counter() - start
        start = time.perf_counter()
        difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).get_opcodes()
        t_difflib = time.perf_counter() - start
        row.update(reference=reference, difflib=t_difflib)
        line += (
            f"\n    minimal token diff (exact, {t_ref:.1f} s): {reference} changed chars; ours counted the same "
            f"way (moves as delete + insert) {plain} -> {(plain - reference) / max(reference, 1):+.1%} "
            f"(target within 5%); difflib on words {t_difflib:.1f} s"
        )
    print(line, flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip difflib and the exact reference diff")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    corpora = corpora_or_skip()
    rng = random.Random(args.seed)
    en = ungdc_texts()
    one = sentences_of(en, 1_000_000)
    r1 = run_pair("English 1 MB, 5% edited", " ".join(one), " ".join(edit(one, rng, False)), args.quick)
    five = sentences_of(en, 5_000_000)
    r5 = run_pair("English 5 MB, 5% edited", " ".join(five), " ".join(edit(five, rng, False)), True)
    print(f"  growth 1 MB -> 5 MB: {r5['phrasetrack'] / r1['phrasetrack']:.1f}x (target <= 6x)")
    zh = sentences_of(xwlb_texts(2021), 300_000)
    run_pair("Chinese 300 K chars, 5% edited", "".join(zh), "".join(edit(zh, rng, True)), args.quick)
    real = corpora / "versions" / "gwr2018"
    if real.is_dir():
        a, b = (
            "".join(
                line for line in (real / name).read_text(encoding="utf-8").splitlines(True) if not line.startswith("#")
            )
            for name in ("wikisource.zh.txt", "blog_liujunyi.zh.txt")
        )
        run_pair("GWR 2018, two real versions", a, b, args.quick)
    shuffled = list(one)
    rng.shuffle(shuffled)
    run_pair("same 1 MB, every sentence reordered", " ".join(one), " ".join(shuffled), True)
    unrelated = "".join(sentences_of(xwlb_texts(2016), 1_000_000))
    run_pair("unrelated 1 MB documents (English vs Chinese news)", " ".join(one), unrelated, True)


if __name__ == "__main__":
    main()
