"""Corpus-tracking commands (track, timeline, top, kwic, discover), registered on the main app.

Only typer and the standard library are imported here at start-up; SQLite access, matplotlib and dask
are imported inside the commands, so that ``phrasetrack scan`` does not pay for them. (No ``from
__future__ import annotations``: typer reads the annotations, and the shared option types are local
to ``register``.)
"""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from phrasetrack.track.query import Filters
    from phrasetrack.track.store import Store

DEFAULT_DB = "phrasetrack.db"


class TableFormat(StrEnum):
    """Output formats of timeline, top and kwic."""

    table = "table"
    json = "json"
    csv = "csv"


class DiscoverFormat(StrEnum):
    """Output formats of discover."""

    text = "text"
    json = "json"
    yaml = "yaml"


class By(StrEnum):
    """Timeline buckets."""

    year = "year"
    month = "month"
    week = "week"


class InputFormat(StrEnum):
    """How track reads its inputs."""

    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    csv = "csv"


class EngineKind(StrEnum):
    """Where track scans."""

    auto = "auto"
    local = "local"
    process = "process"
    dask = "dask"


class Lang(StrEnum):
    """Document languages."""

    zh = "zh"
    en = "en"


DbOpt = Annotated[Path, typer.Option("--db", help="The tracking database (SQLite).")]
FormatOpt = Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")]
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="Only documents from this period on (YYYY, YYYY-MM, YYYY-MM-DD).")
]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Only documents up to this period (included).")]
LangOpt = Annotated[Lang | None, typer.Option("--lang", help="Only documents in this language.")]


@contextmanager
def _database(db: Path, *, write: bool = False) -> Iterator["Store"]:
    """Open the store; SQLite failures become one-line errors naming the database."""
    import sqlite3

    from phrasetrack.errors import InputError
    from phrasetrack.track.store import Store

    created = write and not db.exists()
    store = Store.create(db) if write else Store.open(db)
    failed = True
    try:
        yield store
        failed = False
    except sqlite3.Error as err:
        raise InputError(f"{db}: database error ({err})") from None
    finally:
        try:
            empty = failed and created and store.counts() == (0, 0)
        except sqlite3.Error:
            empty = False
        store.close()
        if empty:  # a run that failed before storing anything leaves no new database behind
            for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}.lock")):
                leftover.unlink(missing_ok=True)


def _filters(since: str | None, until: str | None, lang: Lang | None) -> "Filters":
    from phrasetrack.track.periods import parse_period
    from phrasetrack.track.query import Filters

    return Filters(
        parse_period(since).start if since else None,
        parse_period(until).end if until else None,
        lang.value if lang else None,
    )


@contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr (bytes of input read), only when stderr is a terminal."""
    if not sys.stderr.isatty() or total <= 0:
        yield None
        return
    with typer.progressbar(length=total, label="tracking", file=sys.stderr) as bar:
        yield bar.update


def register(app: typer.Typer) -> None:
    """Add the corpus-tracking commands to ``app``."""
    from phrasetrack.cli import BookOpt, NoBuiltinOpt, _errors, _load, _output

    @app.command()
    def track(
        paths: Annotated[
            list[str] | None,
            typer.Argument(help="Text files, folders, .jsonl/.jsonl.gz or .csv files (none: only update the store)."),
        ] = None,
        db: DbOpt = Path(DEFAULT_DB),
        input_format: Annotated[
            InputFormat, typer.Option("--input-format", help="How to read the inputs (auto: by file name).")
        ] = InputFormat.auto,
        date_field: Annotated[
            str, typer.Option("--date-field", help="JSONL field or CSV column of the date.")
        ] = "date",
        text_field: Annotated[
            str, typer.Option("--text-field", help="JSONL field or CSV column of the text.")
        ] = "text",
        id_field: Annotated[str, typer.Option("--id-field", help="JSONL field or CSV column of the id.")] = "id",
        title_field: Annotated[str, typer.Option("--title-field", help="JSONL field or CSV column of the title.")] = (
            "title"
        ),
        source_field: Annotated[
            str, typer.Option("--source-field", help="JSONL field or CSV column of the source (outlet).")
        ] = "source",
        source: Annotated[
            str | None, typer.Option("--source", help="Source name for every document (overrides the field).")
        ] = None,
        encoding: Annotated[
            str | None, typer.Option("--encoding", help="Input encoding (default: detect; JSONL: UTF-8).")
        ] = None,
        jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for scanning.")] = 1,
        engine: Annotated[
            EngineKind,
            typer.Option("--engine", help="local, process (with --jobs), dask; auto picks from --jobs/--scheduler."),
        ] = EngineKind.auto,
        scheduler: Annotated[
            str | None, typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
        ] = None,
        batch_size: Annotated[
            int, typer.Option("--batch-size", min=1, help="Documents per task and per transaction.")
        ] = 512,
        book: BookOpt = None,
        no_builtin: NoBuiltinOpt = False,
    ) -> None:
        """Index a dated corpus into SQLite: documents and every formula found; re-runs are incremental."""
        from phrasetrack.errors import UsageError
        from phrasetrack.track.engines import EngineSpec
        from phrasetrack.track.ingest import IngestOptions, ingest
        from phrasetrack.track.report import ingest_summary
        from phrasetrack.track.sources import Fields, plan

        with _errors():
            if encoding:
                from phrasetrack.text.decode import check_encoding

                check_encoding(encoding)
            if scheduler and engine not in (EngineKind.auto, EngineKind.dask):
                raise UsageError(f"--scheduler is for --engine dask, not {engine.value}")
            books = _load(book, no_builtin)
            files = plan(paths or [], input_format.value)
            options = IngestOptions(
                fields=Fields(date_field, text_field, id_field, title_field, source_field),
                input_format=input_format.value,
                encoding=encoding,
                source=source,
                batch_docs=batch_size,
            )
            spec = EngineSpec(engine.value, jobs, scheduler)
            with _database(db, write=True) as store, _progress_bar(sum(f.size for f in files)) as step:
                stats = ingest(
                    store,
                    books,
                    paths or [],
                    engine=spec,
                    options=options,
                    progress=step,
                    on_skip=lambda reason: typer.echo(f"Skipped: {reason}", err=True),
                )
            sys.stdout.write(ingest_summary(stats, str(db)))

    @app.command()
    def timeline(
        entries: Annotated[list[str], typer.Argument(help="Entry ids or forms (e.g. 百年未有之大变局).")],
        db: DbOpt = Path(DEFAULT_DB),
        by: Annotated[By, typer.Option("--by", help="Bucket by year, month or ISO week.")] = By.year,
        fmt: FormatOpt = TableFormat.table,
        plot: Annotated[
            Path | None, typer.Option("--plot", help="Also draw the timelines to a .png, .svg or .pdf file.")
        ] = None,
        since: SinceOpt = None,
        until: UntilOpt = None,
        lang: LangOpt = None,
        output: OutputOpt = None,
    ) -> None:
        """Occurrences, documents and rate per million characters over time, with the forms used."""
        from phrasetrack.track import report
        from phrasetrack.track.query import timelines

        with _errors():
            if plot is not None:
                from phrasetrack.track.plot import check_plot_path

                check_plot_path(plot)
            with _database(db) as store:
                items = timelines(store, entries, by.value, _filters(since, until, lang))
            render = {"table": report.timeline_table, "json": report.timeline_json, "csv": report.timeline_csv}
            with _output(output) as out:
                out.write(render[fmt.value](items))
            if plot is not None:
                from phrasetrack.track.plot import plot_timelines

                plot_timelines(items, plot)

    @app.command()
    def top(
        period: Annotated[str, typer.Option("--period", help="YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www, or FIRST..LAST.")],
        compare: Annotated[
            str | None, typer.Option("--compare", help="The period to compare with (default: the one just before).")
        ] = None,
        db: DbOpt = Path(DEFAULT_DB),
        limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Entries in each list.")] = 10,
        min_count: Annotated[
            int, typer.Option("--min-count", min=1, help="Occurrences needed to count as rising or falling.")
        ] = 3,
        lang: LangOpt = None,
        fmt: FormatOpt = TableFormat.table,
        output: OutputOpt = None,
    ) -> None:
        """The formulas most used in a period, and those rising and falling against another period."""
        from phrasetrack.track import report
        from phrasetrack.track.periods import parse_period
        from phrasetrack.track.query import top as top_query

        with _errors():
            p = parse_period(period)
            c = parse_period(compare) if compare else None
            with _database(db) as store:
                result = top_query(store, p, c, limit=limit, min_count=min_count, lang=lang.value if lang else None)
            render = {"table": report.top_table, "json": report.top_json, "csv": report.top_csv}
            with _output(output) as out:
                out.write(render[fmt.value](result))

    @app.command()
    def kwic(
        entry: Annotated[str, typer.Argument(help="An entry id or one of its forms.")],
        db: DbOpt = Path(DEFAULT_DB),
        width: Annotated[int, typer.Option("--width", "-w", min=0, help="Characters of context on each side.")] = 30,
        limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="Lines to show (0: all).")] = 50,
        form: Annotated[str | None, typer.Option("--form", help="Only hits of this form.")] = None,
        since: SinceOpt = None,
        until: UntilOpt = None,
        lang: LangOpt = None,
        fmt: FormatOpt = TableFormat.table,
        output: OutputOpt = None,
    ) -> None:
        """Keyword in context: each hit of a formula with its date, source and surrounding text."""
        from phrasetrack.track import report
        from phrasetrack.track.query import kwic as kwic_query

        with _errors():
            with _database(db) as store:
                lines = kwic_query(
                    store, entry, width=width, limit=limit or None, filters=_filters(since, until, lang), form=form
                )
            with _output(output) as out:
                if fmt is TableFormat.table:
                    out.write(report.kwic_table(lines, width))
                else:
                    out.write(report.kwic_json(lines) if fmt is TableFormat.json else report.kwic_csv(lines))

    @app.command()
    def discover(
        db: DbOpt = Path(DEFAULT_DB),
        period: Annotated[
            str | None, typer.Option("--period", help="Where to look for new phrases (default: the latest year).")
        ] = None,
        baseline: Annotated[
            str | None, typer.Option("--baseline", help="What to compare with (default: everything before).")
        ] = None,
        lang: LangOpt = None,
        min_docs: Annotated[
            int, typer.Option("--min-docs", min=2, help="Documents of the period that must use a phrase.")
        ] = 3,
        min_burst: Annotated[
            float, typer.Option("--min-burst", min=0.0, help="Minimum rise in document rate against the baseline.")
        ] = 2.0,
        limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Candidates to report.")] = 20,
        examples: Annotated[int, typer.Option("--examples", min=0, help="Example contexts per candidate.")] = 3,
        fmt: Annotated[DiscoverFormat, typer.Option("--format", "-f", help="Output format.")] = DiscoverFormat.text,
        output: OutputOpt = None,
        book: BookOpt = None,
        no_builtin: NoBuiltinOpt = False,
    ) -> None:
        """Candidate formulas no phrasebook has yet: recurring, spreading, rising phrases, with YAML stubs."""
        from phrasetrack.track import report
        from phrasetrack.track.discover import DiscoverOptions
        from phrasetrack.track.discover import discover as discover_query
        from phrasetrack.track.periods import parse_period

        with _errors():
            options = DiscoverOptions(
                period=parse_period(period) if period else None,
                baseline=parse_period(baseline) if baseline else None,
                lang=lang.value if lang else None,
                min_docs=min_docs,
                min_burst=min_burst,
                limit=limit,
                examples=examples,
            )
            books = _load(book, no_builtin)
            with _database(db) as store:
                found = discover_query(store, books, options)
            render = {"text": report.discover_text, "json": report.discover_json, "yaml": report.discover_yaml}
            with _output(output) as out:
                out.write(render[fmt.value](found))
