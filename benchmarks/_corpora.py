"""Shared helpers: find the real corpora beside the project, and skip cleanly when absent."""

from __future__ import annotations

import gzip
import json
import resource
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"


def corpora_or_skip() -> Path:
    """The corpora folder, or exit 0 with a note when it is not there."""
    if not CORPORA.is_dir():
        print(f"skipped: no corpora folder at ../shared/corpora (looked in {CORPORA.parent})")
        sys.exit(0)
    return CORPORA


def read_jsonl(path: Path) -> Iterator[dict[str, object]]:
    """Objects of a .jsonl or .jsonl.gz file."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def xwlb_texts(year: int) -> list[str]:
    """Texts of one year of the Xinwen Lianbo corpus."""
    path = corpora_or_skip() / "corpus" / "xwlb" / f"xwlb_{year}.jsonl.gz"
    return [str(d.get("text") or "") for d in read_jsonl(path) if d.get("text")]


def ungdc_texts() -> list[str]:
    """China's UN General Debate statements in English."""
    path = corpora_or_skip() / "corpus" / "ungdc_china_en.jsonl"
    return [str(d.get("text") or "") for d in read_jsonl(path) if d.get("text")]


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident set size in MB of this process (or of its finished children)."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024
