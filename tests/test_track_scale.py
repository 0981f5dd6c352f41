"""Tracking at scale: a run killed with SIGKILL resumes without duplicates or losses, and the same
scan runs on a Dask cluster (a local one here) with the same results."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phrasetrack.cli import app
from phrasetrack.track.engines import EngineSpec
from tests.conftest import ROOT
from tests.test_track_corpus import bulk_records, write_book, write_corpus, write_jsonl

runner = CliRunner()
ITEMS = 6000


def rows(db: Path) -> list[tuple[object, ...]]:
    """Documents (by path and key) with their hashes, and every occurrence, sorted."""
    with closing(sqlite3.connect(db)) as conn:
        docs = conn.execute("SELECT path, key, hash, date, lang, length FROM documents").fetchall()
        occs = conn.execute(
            'SELECT d.key, o.entry, o.form, o.status, o.start, o."end" FROM occurrences o '
            "JOIN documents d ON d.id = o.document"
        ).fetchall()
    return sorted(docs) + sorted(occs)


def count_documents(db: Path) -> int:
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_killed_run_resumes_without_duplicates_or_losses(tmp_path: Path) -> None:
    feed = write_jsonl(tmp_path / "feed.jsonl.gz", bulk_records(ITEMS))
    book = write_book(tmp_path)
    db = tmp_path / "killed.db"
    command = [sys.executable, "-m", "phrasetrack", "track", str(feed), "--db", str(db),
               "--no-builtin", "--book", str(book), "--batch-size", "20"]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        seen = count_documents(db) if db.exists() else 0
        if seen >= 300:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed; make the corpus bigger"
    committed = count_documents(db)
    assert seen <= committed < ITEMS, (seen, committed)

    # the next run carries on: what was committed is kept, the rest is added, nothing twice
    resumed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{committed} unchanged" in resumed.stdout and f"{ITEMS - committed} added" in resumed.stdout
    clean = tmp_path / "clean.db"
    command[command.index(str(db))] = str(clean)
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    assert count_documents(db) == ITEMS
    assert rows(db) == rows(clean)


def test_dask_engine_on_a_local_cluster(tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    write_corpus(tmp_path / "c")
    book = write_book(tmp_path)
    common = ["--no-builtin", "--book", str(book), "--batch-size", "3"]
    local = runner.invoke(app, ["track", str(tmp_path / "c"), "--db", str(tmp_path / "local.db"), *common])
    assert local.exit_code == 0, local.stderr
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://", dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://")
        result = runner.invoke(
            app,
            ["track", str(tmp_path / "c"), "--db", str(tmp_path / "dask.db"), "--engine", "dask",
             "--scheduler", address, *common],
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        executed = [w.state.executed_count for w in cluster.workers.values()]
        assert len(executed) == 2 and all(n > 0 for n in executed), executed  # both workers scanned
    assert "24 added" in result.stdout
    assert rows(tmp_path / "dask.db") == rows(tmp_path / "local.db")


def test_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    write_corpus(tmp_path / "c")
    result = runner.invoke(
        app,
        ["track", str(tmp_path / "c"), "--db", str(tmp_path / "t.db"), "--no-builtin", "--book",
         str(write_book(tmp_path)), "--scheduler", "tcp://127.0.0.1:9"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: tcp://127.0.0.1:9: cannot reach the Dask scheduler")
    assert result.stderr.count("\n") == 1
    assert not list(tmp_path.glob("t.db*"))  # no database left behind


def test_engine_choice() -> None:
    assert EngineSpec().resolved() == "local"
    assert EngineSpec(jobs=2).resolved() == "process"
    assert EngineSpec(scheduler="tcp://h:8786").resolved() == "dask"
    assert EngineSpec("local", jobs=4).resolved() == "local"
