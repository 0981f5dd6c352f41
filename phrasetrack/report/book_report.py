"""Text renderings of phrasebook entries and books for ``books show``."""

from __future__ import annotations

from tabulate import tabulate

from phrasetrack.model import Book, Entry


def render_entry(entry: Entry) -> str:
    """An entry with its forms per language, statuses, dates and sources."""
    lines = [f"{entry.id}: {entry.gloss}", f"  book: {entry.book}   at {entry.location}"]
    if entry.tags:
        lines.append(f"  tags: {', '.join(entry.tags)}")
    if entry.first_use:
        lines.append(f"  first use: {entry.first_use}")
    if entry.note:
        lines.append(f"  note: {entry.note}")
    rows = []
    for form in entry.forms:
        dates = f"{form.since or ''}–{form.until or ''}" if form.since or form.until else ""
        rows.append((form.lang, form.status.value, form.text, dates, form.source or "", form.note or ""))
    lines.append("")
    lines.append(tabulate(rows, headers=("lang", "status", "form", "in use", "source", "note")))
    for lang, ex in entry.examples.items():
        for text in ex.match:
            lines.append(f"  example ({lang}, match): {text}")
        for text in ex.no_match:
            lines.append(f"  example ({lang}, no match): {text}")
    return "\n".join(lines) + "\n"


def render_book(book: Book) -> str:
    """A book's header and one line per entry."""
    head = f"{book.id}: {book.title}\n  {book.path}\n  {book.description.strip()}\n\n"
    rows = [(e.id, e.gloss, len(e.forms)) for e in book.entries]
    return head + tabulate(rows, headers=("entry", "gloss", "forms")) + "\n"
