"""Phrasebooks: load YAML safely, validate with ``file:line:col`` errors, and find the shipped books."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import regex
import yaml

from phrasetrack.errors import PhrasebookError
from phrasetrack.model import LANGS, Book, Entry, Examples, Form, MatchOptions, Source, Status
from phrasetrack.text.normalize import normalize

BOOK_KEYS = ("id", "title", "languages", "description", "sources", "entries")
SOURCE_KEYS = ("id", "title", "url")
ENTRY_KEYS = ("id", "gloss", "tags", "first_use", "note", "forms", "match", "examples")
FORM_KEYS = ("text", "status", "since", "until", "source", "note", "match")
MATCH_KEYS = ("mode", "max_edits", "case")
EXAMPLE_KEYS = ("match", "no_match")
ID_RE = regex.compile(r"[a-z0-9][a-z0-9._-]*")
DATE_RE = regex.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"


def builtin_books_dir() -> Path:
    """The folder of the books that ship with phrasetrack."""
    packaged = Path(str(resources.files("phrasetrack"))) / "phrasebooks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "phrasebooks"


def builtin_book_paths() -> list[Path]:
    """Paths of the shipped books, sorted by name (relative to the working folder when inside it)."""
    folder = builtin_books_dir()
    return [_display(p) for p in sorted(folder.glob("*.yaml"))] if folder.is_dir() else []


def _display(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def expand_book_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Book files named by ``paths``: a folder stands for the ``*.yaml`` files in it."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        out.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return out


def load_books(paths: Iterable[Path | str]) -> list[Book]:
    """Load and validate books (a folder stands for its ``*.yaml`` files); problems in any of them
    raise one :class:`PhrasebookError`."""
    problems: list[str] = []
    books: list[Book] = []
    for path in expand_book_paths(paths):
        try:
            books.append(load_book(path))
        except PhrasebookError as err:
            problems.extend(err.problems)
    if not problems:
        problems.extend(cross_check(books))
    if problems:
        raise PhrasebookError(problems)
    return books


def load_book(path: Path | str) -> Book:
    """Load one book file."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PhrasebookError([f"{name}: phrasebook not found"]) from None
    except IsADirectoryError:
        raise PhrasebookError([f"{name}: is a directory, not a phrasebook file"]) from None
    except UnicodeDecodeError as err:
        raise PhrasebookError([f"{name}: not UTF-8 text ({err.reason} at byte {err.start})"]) from None
    except OSError as err:
        raise PhrasebookError([f"{name}: cannot read ({err.strerror})"]) from None
    return parse_book(raw, name)


def parse_book(raw: str, name: str) -> Book:
    """Parse and validate the text of one book; ``name`` is used in error locations."""
    try:
        root = yaml.compose(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise PhrasebookError([f"{where}: YAML syntax error: {err.problem}"]) from None
    except yaml.YAMLError as err:
        raise PhrasebookError([f"{name}: YAML error: {err}"]) from None
    if root is None:
        raise PhrasebookError([f"{name}:1:1: empty phrasebook; expected a mapping with 'id' and 'entries'"])
    return _BookParser(name).book(root)


def cross_check(books: Sequence[Book]) -> list[str]:
    """Problems that span books: duplicate entry ids, one form in two entries."""
    problems: list[str] = []
    seen_ids: dict[str, Entry] = {}
    seen_forms: dict[tuple[str, str], Entry] = {}
    seen_books: dict[str, Book] = {}
    for book in books:
        if book.id in seen_books:
            problems.append(f"{book.path}:1:1: book id '{book.id}' is also used by {seen_books[book.id].path}")
        seen_books[book.id] = book
        for entry in book.entries:
            if entry.id in seen_ids:
                other = seen_ids[entry.id]
                problems.append(
                    f"{entry.location}: duplicate entry id '{entry.id}' (first at {other.location}); "
                    "give each concept its own id"
                )
                continue
            seen_ids[entry.id] = entry
            for form in entry.forms:
                key = (form.lang, normalize(form.text).text)
                owner = seen_forms.get(key)
                if owner is not None and owner.id != entry.id:
                    problems.append(
                        f"{form.location}: form '{form.text}' ({form.lang}) is also a form of entry "
                        f"'{owner.id}' at {owner.location}; a form belongs to one entry"
                    )
                elif owner is not None:
                    problems.append(f"{form.location}: form '{form.text}' ({form.lang}) is listed twice")
                seen_forms[key] = entry
    return problems


@dataclass
class _BookParser:
    name: str
    problems: list[str] = field(default_factory=list)

    def where(self, node: yaml.Node) -> str:
        mark = node.start_mark
        return f"{self.name}:{mark.line + 1}:{mark.column + 1}"

    def fail(self, node: yaml.Node, message: str) -> None:
        self.problems.append(f"{self.where(node)}: {message}")

    # -- generic node readers -------------------------------------------------
    def mapping(self, node: yaml.Node, what: str, allowed: Sequence[str]) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping")
            return None
        out: dict[str, yaml.Node] = {}
        for key_node, value in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.fail(key_node, f"{what} keys must be plain words")
                continue
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"
                self.fail(key_node, f"unknown key '{key}' in {what} ({hint})")
                continue
            if key in out:
                self.fail(key_node, f"key '{key}' appears twice in {what}")
                continue
            out[key] = value
        return out

    def require(self, node: yaml.Node, data: dict[str, yaml.Node], key: str, what: str) -> yaml.Node | None:
        if key not in data:
            self.fail(node, f"{what} has no '{key}'; add '{key}:'")
            return None
        return data[key]

    def text(self, node: yaml.Node | None, what: str, *, required: bool = True) -> str | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (_STR, _INT):
            self.fail(node, f"{what} must be text")
            return None
        value = str(node.value).strip()
        if required and not value:
            self.fail(node, f"{what} is empty")
            return None
        return value

    def texts(self, node: yaml.Node | None, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        if isinstance(node, yaml.ScalarNode):
            value = self.text(node, what)
            return (value,) if value else ()
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must be a list of texts")
            return ()
        values = (self.text(item, f"an item of {what}") for item in node.value)
        return tuple(v for v in values if v)

    def date(self, node: yaml.Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is None or node is None:
            return None
        m = DATE_RE.fullmatch(value)
        try:
            if m is None:
                raise ValueError
            dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
        except ValueError:
            self.fail(node, f"{what} '{value}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        return value

    # -- the schema -----------------------------------------------------------
    def book(self, root: yaml.Node) -> Book:
        data = self.mapping(root, "the book", BOOK_KEYS)
        if data is None:
            raise PhrasebookError(self.problems)
        book_id = self.identifier(self.require(root, data, "id", "the book"), "book id")
        title = self.text(self.require(root, data, "title", "the book"), "title")
        languages = self.texts(self.require(root, data, "languages", "the book"), "languages")
        for lang_node in getattr(data.get("languages"), "value", []) or []:
            if isinstance(lang_node, yaml.ScalarNode) and lang_node.value not in LANGS:
                self.fail(lang_node, f"unknown language '{lang_node.value}'; use one of: {', '.join(LANGS)}")
        description = self.text(data.get("description"), "description", required=False) or ""
        sources = self.sources(data.get("sources"))
        entries_node = self.require(root, data, "entries", "the book")
        entries: list[Entry] = []
        if entries_node is not None:
            if not isinstance(entries_node, yaml.SequenceNode):
                self.fail(entries_node, "entries must be a list of entries (each item starts with '- id:')")
            else:
                ids: dict[str, str] = {}
                for item in entries_node.value:
                    entry = self.entry(item, book_id or "", set(languages))
                    if entry is None:
                        continue
                    if entry.id in ids:
                        self.fail(item, f"duplicate entry id '{entry.id}' (first at {ids[entry.id]})")
                        continue
                    ids[entry.id] = entry.location
                    entries.append(entry)
        if self.problems:
            raise PhrasebookError(self.problems)
        return Book(
            id=book_id or "",
            title=title or "",
            languages=languages,
            description=description,
            path=self.name,
            entries=tuple(entries),
            sources=sources,
        )

    def identifier(self, node: yaml.Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and node is not None and not ID_RE.fullmatch(value):
            self.fail(node, f"{what} '{value}' must be lower-case letters, digits, '.', '_' or '-'")
            return None
        return value

    def sources(self, node: yaml.Node | None) -> tuple[Source, ...]:
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, "sources must be a list of {id, title, url}")
            return ()
        out = []
        for item in node.value:
            data = self.mapping(item, "a source", SOURCE_KEYS)
            if data is None:
                continue
            sid = self.identifier(self.require(item, data, "id", "a source"), "source id")
            title = self.text(self.require(item, data, "title", "a source"), "source title")
            url = self.text(data.get("url"), "source url", required=False)
            if sid and title:
                out.append(Source(sid, title, url))
        return tuple(out)

    def options(self, node: yaml.Node | None, base: MatchOptions) -> MatchOptions:
        if node is None:
            return base
        if isinstance(node, yaml.ScalarNode) and node.value in ("exact", "fuzzy"):
            return MatchOptions(node.value == "fuzzy", base.max_edits, base.case_sensitive)
        data = self.mapping(node, "match options", MATCH_KEYS)
        if data is None:
            return base
        fuzzy, max_edits, case = base.fuzzy, base.max_edits, base.case_sensitive
        mode = self.text(data.get("mode"), "mode")
        if mode is not None:
            if mode not in ("exact", "fuzzy"):
                self.fail(data["mode"], f"mode '{mode}' must be 'exact' or 'fuzzy'")
            fuzzy = mode == "fuzzy"
        if "max_edits" in data:
            edits_node = data["max_edits"]
            if not (isinstance(edits_node, yaml.ScalarNode) and edits_node.tag == _INT):
                self.fail(edits_node, "max_edits must be a whole number (0, 1, 2 ...)")
            else:
                max_edits = int(edits_node.value)
                if max_edits < 0:
                    self.fail(edits_node, "max_edits cannot be negative")
        case_text = self.text(data.get("case"), "case")
        if case_text is not None:
            if case_text not in ("sensitive", "insensitive"):
                self.fail(data["case"], f"case '{case_text}' must be 'sensitive' or 'insensitive'")
            case = case_text == "sensitive"
        return MatchOptions(fuzzy, max_edits, case)

    def entry(self, node: yaml.Node, book_id: str, languages: set[str]) -> Entry | None:
        data = self.mapping(node, "an entry", ENTRY_KEYS)
        if data is None:
            return None
        before = len(self.problems)
        entry_id = self.identifier(self.require(node, data, "id", "an entry"), "entry id")
        what = f"entry '{entry_id}'" if entry_id else "an entry"
        gloss = self.text(self.require(node, data, "gloss", what), "gloss")
        options = self.options(data.get("match"), MatchOptions())
        forms: list[Form] = []
        forms_node = self.require(node, data, "forms", what)
        if forms_node is not None:
            forms_by_lang = self.mapping(forms_node, f"the forms of {what}", LANGS)
            for lang, list_node in (forms_by_lang or {}).items():
                if languages and lang not in languages:
                    self.fail(list_node, f"language '{lang}' is not in the book's languages")
                if not isinstance(list_node, yaml.SequenceNode) or not list_node.value:
                    self.fail(list_node, f"{lang} forms of {what} must be a non-empty list of {{text, status}}")
                    continue
                for form_node in list_node.value:
                    form = self.form(form_node, lang, what, options)
                    if form is not None:
                        forms.append(form)
        examples = self.examples(data.get("examples"), what)
        tags = self.texts(data.get("tags"), "tags")
        first_use = self.date(data.get("first_use"), "first_use")
        note = self.text(data.get("note"), "note", required=False)
        if len(self.problems) > before or not entry_id or not gloss:
            return None
        return Entry(
            id=entry_id,
            book=book_id,
            gloss=gloss,
            forms=tuple(forms),
            tags=tags,
            first_use=first_use,
            note=note,
            examples=examples,
            location=self.where(node),
        )

    def form(self, node: yaml.Node, lang: str, what: str, base: MatchOptions) -> Form | None:
        data = self.mapping(node, f"a form of {what}", FORM_KEYS)
        if data is None:
            return None
        text = self.text(self.require(node, data, "text", f"a form of {what}"), "form text")
        status_node = self.require(node, data, "status", f"a form of {what}")
        status_text = self.text(status_node, "status")
        status = None
        if status_text is not None and status_node is not None:
            try:
                status = Status(status_text)
            except ValueError:
                choices = [s.value for s in Status]
                close = difflib.get_close_matches(status_text, choices, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "use " + ", ".join(choices)
                self.fail(status_node, f"unknown status '{status_text}' ({hint})")
        since = self.date(data.get("since"), "since")
        until = self.date(data.get("until"), "until")
        if since and until and until < since:
            self.fail(data["until"], f"until '{until}' is before since '{since}'")
        if text is not None and not normalize(text).text.strip():
            self.fail(data["text"], "form text has no letters or characters to match")
            return None
        if text is None or status is None:
            return None
        return Form(
            text=text,
            lang=lang,
            status=status,
            since=since,
            until=until,
            source=self.text(data.get("source"), "source", required=False),
            note=self.text(data.get("note"), "note", required=False),
            options=self.options(data.get("match"), base),
            location=self.where(node),
        )

    def examples(self, node: yaml.Node | None, what: str) -> dict[str, Examples]:
        if node is None:
            return {}
        by_lang = self.mapping(node, f"the examples of {what}", LANGS)
        out: dict[str, Examples] = {}
        for lang, sub in (by_lang or {}).items():
            data = self.mapping(sub, f"the {lang} examples of {what}", EXAMPLE_KEYS)
            if data is None:
                continue
            out[lang] = Examples(
                match=self.texts(data.get("match"), "match examples"),
                no_match=self.texts(data.get("no_match"), "no_match examples"),
            )
        return out
