"""Where documents are scanned: in this process (``local``), in worker processes (``process``), or on a
Dask cluster (``dask``). Each engine runs the same pure per-batch functions below; results come back
in order and the caller merges them into the store.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from phrasetrack.errors import UsageError
from phrasetrack.match import Matcher
from phrasetrack.model import Book, Match
from phrasetrack.track.model import Occurrence, Rescanned, StoredText
from phrasetrack.track.sources import detect_lang

ENGINES = ("auto", "local", "process", "dask")

T = TypeVar("T")
K = TypeVar("K")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


@dataclass(frozen=True)
class Context:
    """What every worker needs: the books (by version) and, for rescans, the entries that changed."""

    key: str
    books: tuple[Book, ...]
    changed_key: str = ""
    changed: tuple[Book, ...] = ()


@dataclass(frozen=True, slots=True)
class ScanResult:
    """The language of a document and the occurrences found in it."""

    lang: str
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True)
class EngineSpec:
    """Which engine to use, with how many workers, and the Dask scheduler address."""

    kind: str = "auto"
    jobs: int = 1
    scheduler: str | None = None

    def resolved(self) -> str:
        """The engine that ``auto`` stands for: dask with a scheduler, process with several jobs, else local."""
        if self.kind != "auto":
            return self.kind
        if self.scheduler:
            return "dask"
        return "process" if self.jobs > 1 else "local"


# -- the work itself (runs in workers) ------------------------------------------
_MATCHERS: dict[str, Matcher] = {}


def _matcher(key: str, books: tuple[Book, ...]) -> Matcher:
    found = _MATCHERS.get(key)
    if found is None:
        if len(_MATCHERS) > 4:
            _MATCHERS.clear()
        found = _MATCHERS[key] = Matcher(list(books))
    return found


def _occurrence(m: Match) -> Occurrence:
    return Occurrence(m.entry, m.lang, m.form, m.status.value, m.start, m.end, m.score, m.text)


def scan_batch(context: Context, docs: tuple[tuple[str, str | None], ...]) -> list[ScanResult]:
    """Language and occurrences of each (text, date) of a batch."""
    matcher = _matcher(context.key, context.books)
    return [
        ScanResult(detect_lang(text), tuple(_occurrence(m) for m in matcher.scan_stream([text], date=date)))
        for text, date in docs
    ]


def rescan_batch(context: Context, items: tuple[StoredText, ...]) -> list[Rescanned]:
    """Check stored documents after a phrasebook change: those where a changed entry matches (or
    that must be rescanned anyway) get all their occurrences again; the rest are left as they are."""
    full = _matcher(context.key, context.books)
    sub = _matcher(context.changed_key, context.changed) if context.changed else None
    out = []
    for item in items:
        affected = item.full or (sub is not None and next(iter(sub.scan_stream([item.text], date=item.date)), None))
        if affected:
            occurrences = tuple(_occurrence(m) for m in full.scan_stream([item.text], date=item.date))
            out.append(Rescanned(item.id, occurrences))
        else:
            out.append(Rescanned(item.id, None))
    return out


# -- engines ----------------------------------------------------------------------
class Pending(Protocol[R_co]):
    """A result to come (a concurrent.futures or Dask future)."""

    def result(self) -> R_co:
        """Wait for the value."""
        ...


class Engine(Protocol):
    """Runs ``fn(context, arg)`` somewhere."""

    window: int

    def submit(self, fn: Callable[[Context, T], R], arg: T) -> Pending[R]:
        """Run ``fn(context, arg)``; the value comes later."""
        ...


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        """The value, already there."""
        return self.value


class LocalEngine:
    """Scans in this process."""

    window = 1

    def __init__(self, context: Context) -> None:
        self.context = context

    def submit(self, fn: Callable[[Context, T], R], arg: T) -> Pending[R]:
        """Run now."""
        done: Pending[R] = _Done(fn(self.context, arg))
        return done


_CONTEXT: Context | None = None


def _set_context(context: Context) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    global _CONTEXT
    _CONTEXT = context


def _call(fn: Callable[[Context, T], R], arg: T) -> R:
    assert _CONTEXT is not None
    return fn(_CONTEXT, arg)


class ProcessEngine:
    """Scans in worker processes on this machine; each worker builds the matcher once."""

    def __init__(self, context: Context, jobs: int) -> None:
        self.pool = ProcessPoolExecutor(max_workers=jobs, initializer=_set_context, initargs=(context,))
        self.window = jobs * 2

    def submit(self, fn: Callable[[Context, T], R], arg: T) -> Pending[R]:
        """Queue one batch."""
        future: Future[R] = self.pool.submit(_call, fn, arg)
        return future


class DaskEngine:
    """Scans on a Dask cluster: the context is sent once to every worker, then batches as tasks."""

    def __init__(self, context: Context, client: Any) -> None:
        self.client = client
        self.context = client.scatter(context, broadcast=True)
        self.window = max(2, 2 * sum(client.nthreads().values()))

    def submit(self, fn: Callable[[Context, T], R], arg: T) -> Pending[R]:
        """Queue one batch as a task."""
        future: Pending[R] = self.client.submit(fn, self.context, arg, pure=False)
        return future


@contextmanager
def open_engine(spec: EngineSpec, context: Context) -> Iterator[Engine]:
    """Start the engine ``spec`` names, and stop it (workers, cluster connection) afterwards."""
    kind = spec.resolved()
    if kind not in ENGINES:
        raise UsageError(f"unknown engine '{kind}'; use one of: {', '.join(ENGINES)}")
    if spec.scheduler and kind != "dask":
        raise UsageError(f"--scheduler is for --engine dask, not {kind}")
    if kind == "local":
        yield LocalEngine(context)
    elif kind == "process":
        engine = ProcessEngine(context, max(1, spec.jobs))
        try:
            yield engine
        finally:
            engine.pool.shutdown(wait=True, cancel_futures=True)
    else:
        with _dask_client(spec) as client:
            yield DaskEngine(context, client)


def _refused(address: str) -> None:
    """Fail at once when a ``tcp://host:port`` scheduler refuses connections (Dask itself retries
    until its 10 s timeout); other addresses, and hosts that do not answer, are left to Dask.

    >>> _refused("tls://scheduler:8786")  # not checked here
    """
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    if parts.scheme != "tcp" or not parts.hostname or parts.port is None:
        return
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=3).close()
    except ConnectionRefusedError:
        raise UsageError(f"{address}: cannot reach the Dask scheduler (connection refused)") from None
    except OSError:
        pass  # a slow or unknown host: Dask says what went wrong, after its timeout


@contextmanager
def _dask_client(spec: EngineSpec) -> Iterator[Any]:
    import importlib

    try:
        distributed: Any = importlib.import_module("dask.distributed")
    except ImportError:  # pragma: no cover - dask is a dependency
        raise UsageError("--engine dask needs dask[distributed]: pip install 'dask[distributed]'") from None
    Client, LocalCluster = distributed.Client, distributed.LocalCluster
    if spec.scheduler:
        _refused(spec.scheduler)
        try:
            client = Client(spec.scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as err:
            raise UsageError(f"{spec.scheduler}: cannot reach the Dask scheduler ({err})") from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(n_workers=max(1, spec.jobs), threads_per_worker=1, dashboard_address=None)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def ordered(engine: Engine, fn: Callable[[Context, T], R], jobs: Iterable[tuple[K, T]]) -> Iterator[tuple[K, R]]:
    """For each ``(key, arg)``: ``(key, fn(context, arg))``, in order, with at most ``engine.window`` in
    flight; only ``arg`` travels to the worker, ``key`` stays here."""
    pending: deque[tuple[K, Pending[R]]] = deque()
    for key, arg in jobs:
        pending.append((key, engine.submit(fn, arg)))
        if len(pending) >= engine.window:
            done_key, future = pending.popleft()
            yield done_key, future.result()
    while pending:
        done_key, future = pending.popleft()
        yield done_key, future.result()
