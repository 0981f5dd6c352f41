"""Reading a corpus: folders of text files, JSON Lines (optionally gzipped) and CSV, one document at a
time, with dates, titles, sources and content hashes.

>>> detect_lang("世界正经历百年未有之大变局。"), detect_lang("Changes unseen in a century."), detect_lang("2021")
('zh', 'en', 'und')
>>> date_from_name("statements/xi_kim_2021-03-23.en.txt"), date_from_name("cctv_20210322.txt")
('2021-03-23', '2021-03-22')
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from phrasetrack.errors import InputError, UsageError
from phrasetrack.inputs import STDIN, expand, read_text
from phrasetrack.text.document import document_date
from phrasetrack.text.normalize import CJK_CLASS
from phrasetrack.track.model import RawDocument
from phrasetrack.track.periods import parse_date

INPUT_FORMATS = ("auto", "text", "jsonl", "csv")
_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
_CSV_SUFFIXES = (".csv", ".tsv")
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_FRONT_TITLE = re.compile(r"\A---\s*\n(?:.*\n)*?title\s*:\s*['\"]?(.*?)['\"]?\s*\n", re.M)
_CJK_RUN = re.compile(f"[{CJK_CLASS}]+")
_NOT_LATIN = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


@dataclass(frozen=True)
class Fields:
    """Field (JSON Lines) or column (CSV) names of each part of a record."""

    date: str = "date"
    text: str = "text"
    id: str = "id"
    title: str = "title"
    source: str = "source"


@dataclass(frozen=True)
class SourceFile:
    """One input file and how to read it: ``text``, ``jsonl`` or ``csv``."""

    path: str
    kind: str
    explicit: bool
    size: int


def detect_lang(text: str) -> str:
    """``zh`` or ``en`` by the script of the first 4,000 characters (``und`` when neither shows)."""
    sample = text[:4000]
    cjk = sum(map(len, _CJK_RUN.findall(sample)))
    latin = len(sample.encode("ascii", "ignore").translate(None, _NOT_LATIN))
    if cjk == 0 and latin == 0:
        return "und"
    return "zh" if cjk * 3 >= latin else "en"


def date_from_name(name: str) -> str | None:
    """A date written in a file name (``2021-03-23`` or ``20210323``)."""
    for m in _NAME_DATE.finditer(Path(name).name):
        date = parse_date(f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
        if date is not None:
            return date
    return None


def content_hash(source: str, date: str | None, title: str | None, text: str) -> str:
    """The content hash of a document: SHA-1 of its source, date, title and text."""
    digest = hashlib.sha1(f"{source}\x1f{date or ''}\x1f{title or ''}\x1f".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def kind_of(name: str) -> str:
    """How to read a file, from its name: ``jsonl``, ``csv`` or ``text``."""
    lower = name.lower()
    if lower.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(_CSV_SUFFIXES):
        return "csv"
    return "text"


def plan(paths: Sequence[str], input_format: str = "auto") -> list[SourceFile]:
    """The files named by ``paths`` (folders recurse, hidden files skipped) with how to read each."""
    if input_format not in INPUT_FORMATS:
        raise UsageError(f"unknown input format '{input_format}'; use one of: {', '.join(INPUT_FORMATS)}")
    if STDIN in paths:
        raise UsageError("track reads files and folders, not standard input ('-')")
    out: dict[str, SourceFile] = {}  # a file named twice (or inside a folder also named) is read once
    for item in expand(paths):
        kind = kind_of(item.name) if input_format == "auto" else input_format
        path = str(Path(item.name).resolve())
        out.setdefault(path, SourceFile(path, kind, item.explicit, item.size))
    return list(out.values())


Progress = Callable[[int], None]


def read_source(
    sf: SourceFile,
    fields: Fields,
    *,
    encoding: str | None = None,
    source: str | None = None,
    progress: Progress | None = None,
) -> Iterator[RawDocument]:
    """The documents of one file, in order; ``progress`` gets the bytes read since its last call."""
    if sf.kind == "jsonl":
        yield from _read_jsonl(sf, fields, encoding, source, progress)
    elif sf.kind == "csv":
        yield from _read_csv(sf, fields, encoding, source)
        if progress is not None:
            progress(sf.size)
    else:
        yield _read_text_file(sf, encoding, source)
        if progress is not None:
            progress(sf.size)


def _read_text_file(sf: SourceFile, encoding: str | None, source: str | None) -> RawDocument:
    text = read_text(sf.path, encoding)
    head = text[:4096]
    date = document_date(head) or date_from_name(sf.path)
    m = _FRONT_TITLE.match(head)
    title = m.group(1).strip() if m else Path(sf.path).stem
    src = source or Path(sf.path).parent.name or "."
    return RawDocument(sf.path, "", src, date, title, text, content_hash(src, date, title, text))


class _Records:
    """Turns records (dicts) into documents: field lookup, checks, unique keys."""

    def __init__(self, sf: SourceFile, fields: Fields, source: str | None, what: str) -> None:
        self.sf = sf
        self.fields = fields
        self.source = source
        self.what = what  # "field" or "column"
        self.keys: set[str] = set()
        self.default_source = Path(sf.path).name.split(".")[0]
        self.checked = False

    def document(self, record: dict[str, object], where: int) -> RawDocument:
        """The document of one record (``where`` is its line, for messages and missing ids)."""
        f = self.fields
        if not self.checked:
            self.checked = True
            if f.text not in record:
                names = ", ".join(str(k) for k in list(record)[:12]) or "none"
                raise InputError(
                    f"{self.sf.path}:{where}: no {self.what} '{f.text}' for the text (it has: {names}); "
                    f"name it with --text-field"
                )
        text = self._text(record.get(f.text), where)
        date = parse_date(record.get(f.date))
        title = _string(record.get(f.title))
        src = self.source or _string(record.get(f.source)) or self.default_source
        raw_key = record.get(f.id)
        key = f"#{where}" if raw_key is None or raw_key == "" else str(raw_key)
        if key in self.keys:
            key = f"{key}#{where}"
        self.keys.add(key)
        return RawDocument(self.sf.path, key, src, date, title, text, content_hash(src, date, title, text))

    def _text(self, value: object, where: int) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return "\n".join(value)
        kind = type(value).__name__
        raise InputError(f"{self.sf.path}:{where}: {self.what} '{self.fields.text}' holds a {kind}, not text")


def _string(value: object) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def _read_jsonl(
    sf: SourceFile, fields: Fields, encoding: str | None, source: str | None, progress: Progress | None
) -> Iterator[RawDocument]:
    records = _Records(sf, fields, source, "field")
    try:
        raw = Path(sf.path).open("rb")  # noqa: SIM115 - closed below
    except OSError as err:
        raise InputError(f"{sf.path}: cannot read ({err.strerror})") from None
    reported = 0
    with raw:
        stream: BinaryIO = gzip.GzipFile(fileobj=raw) if sf.path.lower().endswith(".gz") else raw  # type: ignore[assignment]
        lineno = 0
        try:
            for lineno, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line.decode(encoding) if encoding else line)
                except (json.JSONDecodeError, UnicodeDecodeError) as err:
                    reason = err.msg if isinstance(err, json.JSONDecodeError) else f"not {encoding or 'UTF-8'}"
                    raise InputError(f"{sf.path}:{lineno}: invalid JSON ({reason})") from None
                if not isinstance(obj, dict):
                    raise InputError(f"{sf.path}:{lineno}: not a JSON object")
                yield records.document(obj, lineno)
                if progress is not None and lineno % 64 == 0:
                    pos = raw.tell()
                    progress(pos - reported)
                    reported = pos
        except (gzip.BadGzipFile, EOFError, zlib.error) as err:
            raise InputError(f"{sf.path}:{lineno + 1}: corrupt or truncated gzip data ({err})") from None
    if progress is not None:
        progress(sf.size - reported)


def _read_csv(sf: SourceFile, fields: Fields, encoding: str | None, source: str | None) -> Iterator[RawDocument]:
    records = _Records(sf, fields, source, "column")
    text = read_text(sf.path, encoding)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    delimiter = "\t" if sf.path.lower().endswith(".tsv") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames:
        return
    if fields.text not in reader.fieldnames:
        names = ", ".join(reader.fieldnames[:12])
        raise InputError(f"{sf.path}:1: no column '{fields.text}' for the text (it has: {names}); use --text-field")
    try:
        for row in reader:
            yield records.document(dict(row), reader.line_num)
    except csv.Error as err:
        raise InputError(f"{sf.path}:{reader.line_num}: invalid CSV ({err})") from None
