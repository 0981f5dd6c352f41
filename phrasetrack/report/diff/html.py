"""``--format html``: one self-contained page — aligned sentence rows side by side, a change list
that jumps to each change, the formula summary, and moves linked both ways. Every piece of
document text is escaped."""

from __future__ import annotations

from html import escape
from typing import TextIO

from phrasetrack.diff import Change, DiffResult, Row
from phrasetrack.report.diff.common import changes_in

STYLE = """
body{font:14px/1.5 system-ui,sans-serif;margin:0;color:#222}
header,section{padding:0 1.5em}
h1{font-size:1.3em} h2{font-size:1.1em;border-bottom:1px solid #ddd}
.stats span{margin-right:1.2em}
.degraded{color:#a00;font-weight:bold}
ol.changes{columns:2;padding-left:2em} ol.changes li{break-inside:avoid;margin-bottom:.3em}
.sig{font-size:.8em;padding:0 .4em;border-radius:3px;background:#eee}
.sig.significant{background:#fdd} .sig.cosmetic{background:#eef}
table{border-collapse:collapse;width:100%}
table.sbs td{vertical-align:top;padding:.3em .6em;border-bottom:1px solid #f0f0f0;width:50%}
tr.equal td{color:#777}
tr.modified td{background:#fffbe6} tr.deleted td.old{background:#ffecec} tr.inserted td.new{background:#eaffea}
tr.moved-out td.old,tr.moved-in td.new{background:#eef3ff}
del{background:#fbb;text-decoration:line-through} ins{background:#bfb;text-decoration:none}
td.n{width:2.5em;color:#999;font-size:.8em;text-align:right}
a.move{font-size:.8em;margin-left:.5em}
table.formulas td,table.formulas th{border:1px solid #ddd;padding:.2em .5em;text-align:left}
:target td{outline:2px solid #f90}
"""


def write(result: DiffResult, out: TextIO, color: bool) -> None:
    """Write the page."""
    rows_of = _row_index(result)
    title = f"phrasetrack diff: {result.old_name} → {result.new_name}"
    out.write(f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{escape(title)}</title>')
    out.write(f"<style>{STYLE}</style></head><body>\n<header><h1>{escape(title)}</h1>\n")
    s = result.stats
    out.write(
        '<p class="stats">'
        f"<span>similarity {result.similarity:.1%}</span><span>{s['modified']} modified</span>"
        f"<span>{s['inserted']} inserted</span><span>{s['deleted']} deleted</span><span>{s['moved']} moved</span>"
        f"<span>{s['significant']} significant changes</span></p>\n"
    )
    if result.degraded:
        out.write(f'<p class="degraded">Degraded result: {escape("; ".join(result.degraded))}</p>\n')
    out.write("</header>\n")
    _change_list(result, rows_of, out)
    _formulas(result, out)
    _document(result, out)
    out.write("</body></html>\n")


def _row_index(result: DiffResult) -> list[int]:
    """For each change, the row that shows it."""
    out = []
    for c in result.changes:
        found = 0
        for k, row in enumerate(result.rows):
            if c.kind == "move":
                if row.kind == "moved-in" and row.new is not None and row.new.start == c.new_start:
                    found = k
                    break
            elif (
                row.new is not None
                and row.kind in ("modified", "inserted")
                and row.new.start <= c.new_start <= row.new.end
            ):
                if c.kind == "insert" or row.kind == "modified":
                    found = k
                    break
            elif row.old is not None and row.kind == "deleted" and row.old.start == c.old_start:
                found = k
                break
        out.append(found)
    return out


def _describe(c: Change) -> str:
    if c.kind == "move":
        return f"moved: {_clip(c.new_text)}" + (" (edited)" if c.edits else "")
    if c.kind == "insert":
        return f"inserted: {_clip(c.new_text)}"
    if c.kind == "delete":
        return f"deleted: {_clip(c.old_text)}"
    return f"{_clip(c.old_text)} → {_clip(c.new_text)}"


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _change_list(result: DiffResult, rows_of: list[int], out: TextIO) -> None:
    out.write(f'<section id="change-list"><h2>Changes ({len(result.changes)})</h2>\n<ol class="changes">\n')
    for n, (c, row) in enumerate(zip(result.changes, rows_of, strict=True)):
        why = f": {', '.join(c.reasons)}" if c.reasons else ""
        out.write(
            f'<li id="change-{n}"><a href="#row-{row}">line {c.new_line or c.old_line}</a> '
            f"{escape(_describe(c))} "
            f'<span class="sig {c.significance}">{c.significance}{escape(why)}</span></li>\n'
        )
    out.write("</ol></section>\n")


def _formulas(result: DiffResult, out: TextIO) -> None:
    out.write('<section id="formulas"><h2>Formulas</h2>\n')
    if not result.formula_changes:
        out.write("<p>No formula added, removed or re-rendered.</p></section>\n")
        return
    out.write('<table class="formulas"><tr><th>entry</th><th>change</th><th>old</th><th>new</th></tr>\n')
    for f in result.formula_changes:
        old = ", ".join(sorted({f"{u.form} ({u.status})" for u in f.old}))
        new = ", ".join(sorted({f"{u.form} ({u.status})" for u in f.new}))
        out.write(
            f"<tr><td>{escape(f.entry)}</td><td>{escape(f.change)}</td>"
            f"<td>{escape(old)}</td><td>{escape(new)}</td></tr>\n"
        )
    out.write("</table></section>\n")


def _document(result: DiffResult, out: TextIO) -> None:
    out.write('<section id="document"><h2>Side by side</h2>\n<table class="sbs">\n')
    out.write(f"<tr><th></th><th>{escape(result.old_name)}</th><th>{escape(result.new_name)}</th></tr>\n")
    for k, row in enumerate(result.rows):
        old_html, new_html = _cells(result, row, k)
        out.write(f'<tr id="row-{k}" class="{row.kind}"><td class="n">{k + 1}</td>')
        out.write(f'<td class="old">{old_html}</td><td class="new">{new_html}</td></tr>\n')
    out.write("</table></section>\n")


def _cells(result: DiffResult, row: Row, k: int) -> tuple[str, str]:
    old = result.old_text[row.old.start : row.old.end] if row.old else ""
    new = result.new_text[row.new.start : row.new.end] if row.new else ""
    if row.kind == "modified" and row.old and row.new:
        changes = changes_in(result, row)
        old_spans = [(c.old_start, c.old_end) for c in changes]
        new_spans = [(c.new_start, c.new_end) for c in changes]
        return (
            _marked(result.old_text, row.old.start, row.old.end, old_spans, "del"),
            _marked(result.new_text, row.new.start, row.new.end, new_spans, "ins"),
        )
    if row.kind == "moved-out":
        return escape(old) + f'<a class="move" href="#row-{row.link}">moved to row {row.link + 1} ↓</a>', ""
    if row.kind == "moved-in":
        move = next((c for c in result.changes if c.kind == "move" and row.new and c.new_start == row.new.start), None)
        body = escape(new)
        if move is not None and move.edits and row.new is not None:
            body = _marked(
                result.new_text, row.new.start, row.new.end, [(e.new_start, e.new_end) for e in move.edits], "ins"
            )
        arrow = "↑" if row.link < k else "↓"
        return "", body + f'<a class="move" href="#row-{row.link}">moved from row {row.link + 1} {arrow}</a>'
    return escape(old), escape(new)


def _marked(text: str, start: int, end: int, spans: list[tuple[int, int]], tag: str) -> str:
    parts, cursor = [], start
    for a, b in sorted(spans):
        if b <= a:
            continue
        parts.append(escape(text[cursor:a]))
        parts.append(f"<{tag}>{escape(text[a:b])}</{tag}>")
        cursor = b
    parts.append(escape(text[cursor:end]))
    return "".join(parts)
