"""Corpus tracking: ingest all of Xinwen Lianbo with every shipped book, then query it.

Targets (issue 6), on corpus/xwlb/ (75,806 items, 38 M characters), ``phrasetrack track --jobs 2``:
under 90 s end to end, peak RSS under 1 GB (the whole process tree: main process and workers), at
most 3x a plain exact multi-pattern pass over the same corpus measured in the same run (read and
parse the same files, normalize, one Aho-Corasick pass over every form); a timeline query under
200 ms. It also prints the first-seen dates of well-known formulas, to check by hand against their
known history.

    .venv/bin/python benchmarks/track.py [--jobs 2] [--keep phrasetrack-xwlb.db]

Skips with a message when ../shared/corpora is absent.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from _corpora import ROOT, corpora_or_skip, peak_rss_mb, read_jsonl

# (form, what is known of its first use) — the corpus starts in July 2012
KNOWN = (
    ("百年未有之大变局", "2017-12 (Xi, conference of diplomatic envoys, 2017-12-28)"),
    ("人类命运共同体", "2012-11 (18th Party Congress report; Xinwen Lianbo has only its summary)"),
    ("中国梦", "2012-11 (Xi at 'The Road to Rejuvenation', 2012-11-29)"),
    ("丝绸之路经济带", "2013-09 (Xi in Astana, 2013-09-07)"),
    ("一带一路", "2013-11/2014 (the short name follows the two 2013 proposals)"),
    ("总体国家安全观", "2014-04 (first National Security Commission meeting, 2014-04-15)"),
    ("新时代中国特色社会主义思想", "2017-10 (19th Party Congress)"),
    ("全过程人民民主", "2019-11 (Xi in Shanghai, 2019-11-02: 全过程的民主; this wording 2021)"),
    ("新质生产力", "2023-09 (Xi in Heilongjiang, 2023-09)"),
)
TIMELINE_ENTRIES = ("百年未有之大变局", "人类命运共同体")


def exact_pass(folder: Path) -> None:
    """The baseline: read every item, normalize its text, one exact Aho-Corasick pass (all forms)."""
    from exact_baseline import build, scan_text

    automaton = build()
    hits = chars = items = 0
    for path in sorted(folder.glob("*.jsonl.gz")):
        for record in read_jsonl(path):
            text = str(record.get("text") or "")
            items += 1
            chars += len(text)
            hits += len(scan_text(automaton, text))
    print(json.dumps({"items": items, "chars": chars, "hits": hits}))


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KB (from /proc)."""
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def timed_process(command: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS of the process tree in MB, stdout) of a command."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(command)}")
    return elapsed, peak / 1024, out


def best_ms(repeat: int, fn: Callable[[], object]) -> float:
    """Best time of ``fn`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def first_seen_report(db: Path) -> None:
    """First date each known formula occurs in the corpus text, and per the phrasebooks' matches."""
    from phrasetrack.errors import PhrasetrackError
    from phrasetrack.track.query import timelines
    from phrasetrack.track.store import Store

    store = Store.open(db)
    print("\nfirst seen (check by hand against the known history):")
    print(f"  {'in the text':<12} {'phrasebook':<12} {'entry':<36} {'known':<58} form")
    for form, known in KNOWN:
        row = store.conn.execute(
            "SELECT min(d.date) FROM documents d JOIN texts t ON t.document = d.id WHERE instr(t.body, ?) > 0",
            (form,),
        ).fetchone()
        in_text = row[0] or "never"
        try:
            (t,) = timelines(store, [form], "year")
            by_form = {f.form: f.first_seen for f in t.forms}
            matched, entry = by_form.get(form) or "-", t.entry
        except PhrasetrackError:  # the form is in no shipped book
            matched, entry = "-", "(not in the books)"
        print(f"  {in_text:<12} {matched:<12} {entry:<36} {known:<58} {form}")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the database at this path")
    parser.add_argument("--exact-pass", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.exact_pass:
        exact_pass(args.exact_pass)
        return
    folder = corpora_or_skip() / "corpus" / "xwlb"
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "xwlb.db"
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        t_exact, rss_exact, out = timed_process([py, "benchmarks/track.py", "--exact-pass", str(folder)])
        baseline = json.loads(out)
        t_track, rss_track, out = timed_process(
            [py, "-m", "phrasetrack", "track", str(folder), "--db", str(db), "--jobs", str(args.jobs)]
        )
        print(out.rstrip())
        t_again, _, out_again = timed_process(
            [py, "-m", "phrasetrack", "track", str(folder), "--db", str(db), "--jobs", str(args.jobs)]
        )
        from phrasetrack.track.periods import parse_period
        from phrasetrack.track.query import kwic, timelines, top
        from phrasetrack.track.store import Store

        store = Store.open(db)
        q_year = best_ms(5, lambda: timelines(store, list(TIMELINE_ENTRIES), "year"))
        q_week = best_ms(5, lambda: timelines(store, list(TIMELINE_ENTRIES), "week"))
        q_top = best_ms(3, lambda: top(store, parse_period("2018")))
        q_kwic = best_ms(3, lambda: kwic(store, TIMELINE_ENTRIES[0], limit=50))
        store.close()
        t_cli, _, _ = timed_process(
            [py, "-m", "phrasetrack", "timeline", *TIMELINE_ENTRIES, "--db", str(db), "--format", "json"]
        )
        t_disc, rss_disc, _ = timed_process(
            [py, "-m", "phrasetrack", "discover", "--db", str(db), "--period", "2018", "--format", "json"]
        )
        size = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())
        ratio = t_track / t_exact
        mchars = baseline["chars"] / 1e6
        print(
            f"\ncorpus: {baseline['items']} items, {mchars:.1f} M chars; database {size / 2**20:.0f} MB\n"
            f"exact pass (one process):    {t_exact:6.1f} s  peak RSS {rss_exact:5.0f} MB  ({baseline['hits']} hits)\n"
            f"track --jobs {args.jobs}:              {t_track:6.1f} s  peak RSS {rss_track:5.0f} MB (process tree)"
            f"  -> {ratio:.2f}x the exact pass (target <= 3x), target < 90 s, < 1024 MB\n"
            f"track again (all unchanged): {t_again:6.1f} s\n"
            f"timeline, 2 entries by year: {q_year:6.1f} ms (target < 200 ms); by week {q_week:.1f} ms; "
            f"whole CLI process {t_cli * 1000:.0f} ms\n"
            f"top --period 2018:           {q_top:6.1f} ms; kwic (50 lines) {q_kwic:.1f} ms\n"
            f"discover --period 2018:      {t_disc:6.1f} s  peak RSS {rss_disc:5.0f} MB\n"
            f"largest single process (getrusage): {peak_rss_mb(children=True):.0f} MB"
        )
        verdict = t_track < 90 and rss_track < 1024 and ratio <= 3 and q_year < 200
        print("targets met" if verdict else "TARGET MISSED")
        print("second run:", " / ".join(out_again.strip().splitlines()))
        first_seen_report(db)


if __name__ == "__main__":
    main()
