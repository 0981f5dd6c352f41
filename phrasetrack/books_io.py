"""Phrasebooks to and from translators' formats: TBX-Basic, CSV and JSON out; CSV and TBX in.

Export returns text; import returns the YAML text of a new book. The CLI does the file I/O.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from phrasetrack.errors import InputError
from phrasetrack.model import LANGS, Book, Form, Status
from phrasetrack.report.json_text import pretty

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX_STATUS = {
    Status.PREFERRED: "preferredTerm-admn-sts",
    Status.ADMITTED: "admittedTerm-admn-sts",
    Status.DEPRECATED: "deprecatedTerm-admn-sts",
    Status.GARBLED: "deprecatedTerm-admn-sts",
}
GARBLED_NOTE = "phrasetrack status: garbled"
CSV_FIELDS = ("book", "entry", "gloss", "lang", "text", "status", "since", "until", "source", "note", "tags")
EXPORT_FORMATS = ("tbx", "csv", "json")


# -- export -------------------------------------------------------------------
def export_books(books: Sequence[Book], fmt: str) -> str:
    """``books`` as TBX-Basic, CSV (one row per form) or JSON."""
    if fmt == "json":
        return pretty({"version": 1, "books": [_book_dict(b) for b in books]})
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_FIELDS)
        for book in books:
            for entry in book.entries:
                for f in entry.forms:
                    extra = [f.since or "", f.until or "", f.source or "", f.note or "", ";".join(entry.tags)]
                    writer.writerow([book.id, entry.id, entry.gloss, f.lang, f.text, f.status.value, *extra])
        return out.getvalue()
    if fmt == "tbx":
        return _tbx(books)
    raise InputError(f"unknown export format '{fmt}'; use one of: {', '.join(EXPORT_FORMATS)}")


def _book_dict(book: Book) -> dict[str, Any]:
    return {
        "id": book.id,
        "title": book.title,
        "languages": list(book.languages),
        "description": book.description,
        "sources": [{"id": s.id, "title": s.title, "url": s.url} for s in book.sources],
        "entries": [
            {
                "id": e.id,
                "gloss": e.gloss,
                "tags": list(e.tags),
                "first_use": e.first_use,
                "note": e.note,
                "forms": [
                    {
                        "lang": f.lang,
                        "text": f.text,
                        "status": f.status.value,
                        "since": f.since,
                        "until": f.until,
                        "source": f.source,
                        "note": f.note,
                    }
                    for f in e.forms
                ],
                "examples": {
                    lang: {"match": list(ex.match), "no_match": list(ex.no_match)} for lang, ex in e.examples.items()
                },
            }
            for e in book.entries
        ],
    }


def _tbx(books: Sequence[Book]) -> str:
    martif = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = ET.SubElement(martif, "martifHeader")
    source_desc = ET.SubElement(ET.SubElement(header, "fileDesc"), "sourceDesc")
    ET.SubElement(source_desc, "p").text = "phrasetrack phrasebooks: " + ", ".join(b.id for b in books)
    ET.SubElement(ET.SubElement(header, "encodingDesc"), "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(martif, "text"), "body")
    for book in books:
        titles = {s.id: s.title for s in book.sources}
        for entry in book.entries:
            term_entry = ET.SubElement(body, "termEntry", {"id": entry.id})
            if entry.tags:
                ET.SubElement(term_entry, "descrip", {"type": "subjectField"}).text = ", ".join(entry.tags)
            if entry.note:
                ET.SubElement(term_entry, "note").text = entry.note
            for lang in LANGS:
                forms = entry.forms_in(lang)
                if not forms:
                    continue
                lang_set = ET.SubElement(term_entry, "langSet", {XML_LANG: lang})
                if lang == "en":
                    ET.SubElement(lang_set, "descrip", {"type": "definition"}).text = entry.gloss
                for form in forms:
                    _tig(lang_set, form, titles)
    ET.indent(martif)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(martif, encoding="unicode") + "\n"


def _tig(lang_set: ET.Element, form: Form, titles: dict[str, str]) -> None:
    tig = ET.SubElement(lang_set, "tig")
    ET.SubElement(tig, "term").text = form.text
    ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = TBX_STATUS[form.status]
    if form.source:
        ET.SubElement(tig, "admin", {"type": "source"}).text = titles.get(form.source, form.source)
    notes = []
    if form.status is Status.GARBLED:
        notes.append(GARBLED_NOTE)
    if form.since or form.until:
        notes.append(f"in use: {form.since or ''}–{form.until or ''}")
    if form.note:
        notes.append(form.note)
    for note in notes:
        ET.SubElement(tig, "note").text = note


# -- import -------------------------------------------------------------------
@dataclass
class _Concept:
    id: str
    gloss: str
    forms: list[dict[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    note: str = ""


def import_termbase(data: str, name: str, book_id: str) -> str:
    """A translator's termbase (CSV or TBX, by content) as the YAML text of a new book."""
    stripped = data.lstrip("\ufeff \t\r\n")
    concepts = _from_tbx(stripped, name) if stripped.startswith("<") else _from_csv(stripped, name)
    if not concepts:
        raise InputError(f"{name}: no terms found")
    return _to_yaml(concepts, book_id, name)


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "entry"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _lang(code: str) -> str | None:
    code = code.strip().lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh"
    if code.startswith("en"):
        return "en"
    return None


def _status(value: str, name: str) -> str:
    value = value.strip().lower()
    if not value:
        return ""
    for status in Status:
        if value.startswith(status.value) or value == TBX_STATUS[status].lower():
            return status.value
    if value.startswith("superseded"):
        return Status.DEPRECATED.value
    raise InputError(f"{name}: unknown status '{value}'; use preferred, admitted, deprecated or garbled")


def _from_csv(data: str, name: str) -> list[_Concept]:
    try:
        rows = list(csv.DictReader(io.StringIO(data)))
    except csv.Error as err:
        raise InputError(f"{name}: not valid CSV ({err})") from None
    if not rows:
        return []
    columns = [c.strip().lower() for c in rows[0]]
    taken: set[str] = set()
    concepts: dict[str, _Concept] = {}
    if "text" in columns and "lang" in columns:  # long format: one row per form (as exported)
        for i, row in enumerate(rows, start=2):
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            lang = _lang(row.get("lang", ""))
            if lang is None or not row.get("text"):
                raise InputError(f"{name}:{i}: each row needs a text and a lang of zh or en")
            key = row.get("entry") or row.get("gloss") or row["text"]
            concept = concepts.get(key)
            if concept is None:
                gloss = row.get("gloss") or (row["text"] if lang == "en" else key)
                concept = concepts[key] = _Concept(_slug(row.get("entry") or gloss, taken), gloss)
                concept.tags = [t for t in row.get("tags", "").split(";") if t]
            form = {
                "text": row["text"],
                "lang": lang,
                "status": _status(row.get("status", ""), f"{name}:{i}"),
            }
            form.update({k: row[k] for k in ("since", "until", "source", "note") if row.get(k)})
            concept.forms.append(form)
        return list(concepts.values())
    langs = {c: _lang(c) for c in rows[0] if c and _lang(c)}
    if not langs:
        raise InputError(f"{name}: CSV needs columns 'lang' and 'text', or one column per language (zh, en)")
    out = []
    for i, row in enumerate(rows, start=2):
        forms = []
        for column, lang in langs.items():
            terms = [t.strip() for t in (row.get(column) or "").split(";") if t.strip()]
            forms += [
                {"text": t, "lang": str(lang), "status": "preferred" if j == 0 else "admitted"}
                for j, t in enumerate(terms)
            ]
        if not forms:
            continue
        english = next((f["text"] for f in forms if f["lang"] == "en"), forms[0]["text"])
        concept = _Concept(_slug(row.get("id") or english, taken), english, forms)
        concept.note = (row.get("note") or "").strip()
        if not concept.forms:
            raise InputError(f"{name}:{i}: no terms in this row")
        out.append(concept)
    return out


def _from_tbx(data: str, name: str) -> list[_Concept]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise InputError(f"{name}: not valid TBX/XML ({err})") from None
    taken: set[str] = set()
    out = []
    entries = [el for el in root.iter() if _local(el.tag) in ("termEntry", "conceptEntry")]
    for entry in entries:
        forms: list[dict[str, str]] = []
        gloss = ""
        for lang_set in (el for el in entry if _local(el.tag) in ("langSet", "langSec")):
            lang = _lang(lang_set.get(XML_LANG, lang_set.get("lang", "")))
            if lang is None:
                continue
            for el in lang_set:
                if _local(el.tag) == "descrip" and el.get("type") == "definition" and not gloss:
                    gloss = (el.text or "").strip()
            for tig in (el for el in lang_set.iter() if _local(el.tag) in ("tig", "ntig", "termSec")):
                form = _tbx_form(tig, lang, name)
                if form:
                    forms.append(form)
        if not forms:
            continue
        english = next((f["text"] for f in forms if f["lang"] == "en"), forms[0]["text"])
        concept = _Concept(_slug(entry.get("id") or english, taken), gloss or english, forms)
        concept.tags = [
            t.strip()
            for el in entry
            if _local(el.tag) == "descrip" and el.get("type") == "subjectField"
            for t in (el.text or "").split(",")
            if t.strip()
        ]
        notes = [(el.text or "").strip() for el in entry if _local(el.tag) == "note"]
        concept.note = " ".join(n for n in notes if n)
        out.append(concept)
    return out


def _tbx_form(tig: ET.Element, lang: str, name: str) -> dict[str, str] | None:
    term = next((el for el in tig.iter() if _local(el.tag) == "term"), None)
    if term is None or not (term.text or "").strip():
        return None
    form = {"text": (term.text or "").strip(), "lang": lang, "status": ""}
    notes = []
    for el in tig.iter():
        kind, text = el.get("type", ""), (el.text or "").strip()
        if _local(el.tag) == "termNote" and kind == "administrativeStatus":
            form["status"] = _status(text, name)
        elif _local(el.tag) in ("admin", "descrip") and kind == "source":
            form["source"] = text
        elif _local(el.tag) == "note" and text:
            if text == GARBLED_NOTE:
                form["status"] = Status.GARBLED.value
            elif text.startswith("in use: "):
                since, _, until = text[len("in use: ") :].partition("–")
                form.update({k: v for k, v in (("since", since), ("until", until)) if v})
            else:
                notes.append(text)
    if notes:
        form["note"] = " ".join(notes)
    return form


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _q(text: str) -> str:
    """A YAML scalar: JSON strings are valid YAML double-quoted scalars."""
    return json.dumps(text, ensure_ascii=False)


def _to_yaml(concepts: list[_Concept], book_id: str, name: str) -> str:
    lines = [
        f"# Imported by phrasetrack from {name}. Add examples and sources, then run phrasetrack books lint.",
        f"id: {book_id}",
        f"title: {_q('Imported from ' + name)}",
        "languages: [zh, en]",
        "entries:",
    ]
    for c in concepts:
        lines += [f"  - id: {c.id}", f"    gloss: {_q(c.gloss)}"]
        if c.tags:
            lines.append(f"    tags: [{', '.join(_q(t) for t in c.tags)}]")
        if c.note:
            lines.append(f"    note: {_q(c.note)}")
        lines.append("    forms:")
        for lang in LANGS:
            forms = [f for f in c.forms if f["lang"] == lang]
            if not forms:
                continue
            lines.append(f"      {lang}:")
            for i, f in enumerate(forms):
                status = f.get("status") or ("preferred" if i == 0 else "admitted")
                extra = "".join(f", {k}: {_q(f[k])}" for k in ("since", "until", "source", "note") if f.get(k))
                lines.append(f"        - {{text: {_q(f['text'])}, status: {status}{extra}}}")
    return "\n".join(lines) + "\n"
