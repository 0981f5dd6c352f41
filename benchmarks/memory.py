"""Memory: peak RSS of ``phrasetrack scan`` on a generated 1 GB input stays under 300 MB.

The input mixes English and Chinese paragraphs, with seven formulas in every 2.8 K characters, so
that matches stream out all the way through (JSON Lines to /dev/null).

    .venv/bin/python benchmarks/memory.py [--mb 1024]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _corpora import ROOT, peak_rss_mb

FORMULAS = (
    "The delegates discussed trade, climate and the once-in-a-century pandemic at length, and said "
    "profound changes unseen in a century call for a community with a shared future for mankind.\n"
    "中共中央总书记习近平强调，当前世界正经历百年未有之大变局，中朝传统友谊是两国人民共同的宝贵财富。\n"
)
FILLER = (
    "Officials then turned to the harvest, the railways and the weather in the northern provinces, "
    "where an early frost had damaged orchards and delayed the shipment of grain to the coast. "
    "Several speakers asked for more money for rural roads, clinics and schools, and for a review "
    "of the rules that govern small loans to farmers and traders in the border counties.\n"
    "会议还讨论了农业生产、交通运输和北方各省的天气情况。有代表指出，早霜影响了果园，粮食外运有所推迟，"
    "希望加大对农村道路、卫生院和学校的投入，并完善面向边境县农户和商户的小额贷款管理办法。\n"
) * 4
BLOCK = FORMULAS + FILLER


def make_input(path: Path, megabytes: int) -> int:
    """Write about ``megabytes`` MB to ``path``; return the number of blocks."""
    block = BLOCK.encode("utf-8")
    count = megabytes * 1024 * 1024 // len(block)
    batch = block * 1000
    with path.open("wb") as handle:
        for _ in range(count // 1000):
            handle.write(batch)
        handle.write(block * (count % 1000))
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=1024)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        blocks = make_input(path, args.mb)
        size = path.stat().st_size
        start = time.perf_counter()
        with Path(os.devnull).open("w") as sink:
            subprocess.run(
                [sys.executable, "-m", "phrasetrack", "scan", str(path), "--format", "jsonl"],
                check=True,
                stdout=sink,
                cwd=ROOT,
            )
        elapsed = time.perf_counter() - start
    rss = peak_rss_mb(children=True)
    print(
        f"input {size / 2**20:.0f} MB ({blocks} blocks, {blocks * 7} formulas): scanned in {elapsed:.1f} s "
        f"({size / 2**20 / elapsed:.1f} MB/s), peak RSS {rss:.0f} MB (target < 300 MB)"
    )


if __name__ == "__main__":
    main()
