"""Reporters for ``phrasetrack compare``: text, table, json, html."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any, TextIO

from tabulate import tabulate

from phrasetrack.compare import SCHEMA_VERSION, Comparison, Finding, Span
from phrasetrack.report.json_text import pretty


def _span(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def finding_dict(f: Finding) -> dict[str, Any]:
    """A finding as JSON-ready data."""
    return {
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "file": f.file,
        "line": f.line,
        "column": f.column,
        "start": f.start,
        "end": f.end,
    }


def comparison_dict(c: Comparison) -> dict[str, Any]:
    """The comparison as the documented JSON schema."""
    return {
        "version": SCHEMA_VERSION,
        "source": c.source_name,
        "translations": list(c.target_names),
        "stats": c.stats,
        "pairs": [
            {"source": _span(p.source), "target": _span(p.target), "confidence": p.confidence, "reordered": p.reordered}
            for p in c.pairs
        ],
        "formulas": [
            {
                "entry": row.entry,
                "source": {"start": row.source.start, "end": row.source.end, "text": row.source.text},
                "target": None
                if row.targets[0] is None
                else {"start": row.targets[0].start, "end": row.targets[0].end, "text": row.targets[0].text},
                "status": row.statuses[0],
                **(
                    {
                        "others": [
                            {"translation": name, "target": None if t is None else t.text, "status": s}
                            for name, t, s in zip(c.target_names[1:], row.targets[1:], row.statuses[1:], strict=True)
                        ]
                    }
                    if len(row.targets) > 1
                    else {}
                ),
            }
            for row in c.formulas
        ],
        "findings": [finding_dict(f) for f in c.findings],
    }


def write_json(c: Comparison, out: TextIO) -> None:
    """JSON, schema version 1."""
    out.write(pretty(comparison_dict(c)))


def finding_line(f: Finding) -> str:
    """``path:line:col: severity rule message``."""
    return f"{f.file}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}"


def write_text(c: Comparison, out: TextIO) -> None:
    """One line per finding, then a summary."""
    for f in c.findings:
        out.write(finding_line(f) + "\n")
    counts = {s: sum(1 for f in c.findings if f.severity == s) for s in ("error", "warning", "note")}
    out.write(
        f"{c.source_name} -> {', '.join(c.target_names)}: {c.stats['pairs']} aligned pairs "
        f"({c.stats['reordered']} reordered), {c.stats['formulas']} source formulas; "
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['note']} notes\n"
    )


def write_table(c: Comparison, out: TextIO) -> None:
    """The formula correspondence (one column per translation) and the findings as tables."""
    headers = ["source formula", "entry", *[f"{n}" for n in c.target_names]]
    rows = [
        [row.source.text, row.entry]
        + [f"{t.text if t else '-'} ({s})" for t, s in zip(row.targets, row.statuses, strict=True)]
        for row in c.formulas
    ]
    out.write(tabulate(rows, headers=headers) + "\n\n" if rows else "no source formulas\n\n")
    findings = [(f"{f.file}:{f.line}:{f.column}", f.severity, f.rule, f.message) for f in c.findings]
    out.write(
        tabulate(findings, headers=("where", "severity", "rule", "message")) + "\n" if findings else "no findings\n"
    )


def write_html(c: Comparison, out: TextIO) -> None:
    """One self-contained page: findings, formulas, and the aligned pairs side by side."""
    out.write('<!DOCTYPE html>\n<html><head><meta charset="utf-8">')
    out.write(f"<title>{escape(c.source_name)} vs {escape(', '.join(c.target_names))}</title><style>")
    out.write(
        "body{font:14px/1.5 system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:left}"
        ".error{background:#fdd}.warning{background:#ffe9c7}.note{background:#eef}.reordered{background:#f3f0ff}"
    )
    out.write("</style></head><body>\n")
    out.write(f"<h1>{escape(c.source_name)} → {escape(', '.join(c.target_names))}</h1>\n<h2>Findings</h2><table>\n")
    for f in c.findings:
        out.write(
            f'<tr class="{escape(f.severity)}"><td>{escape(f.file)}:{f.line}:{f.column}</td>'
            f"<td>{escape(f.rule)}</td><td>{escape(f.message)}</td></tr>\n"
        )
    out.write("</table>\n<h2>Formulas</h2><table>\n")
    for row in c.formulas:
        cells = "".join(
            f"<td>{escape(t.text if t else '—')} ({escape(s)})</td>"
            for t, s in zip(row.targets, row.statuses, strict=True)
        )
        out.write(f"<tr><td>{escape(row.source.text)}</td><td>{escape(row.entry)}</td>{cells}</tr>\n")
    out.write("</table>\n<h2>Aligned sentences</h2><table>\n")
    for p in c.pairs:
        cls = ' class="reordered"' if p.reordered else ""
        src = escape(p.source.text) if p.source else "—"
        tgt = escape(p.target.text) if p.target else "—"
        out.write(f"<tr{cls}><td>{src}</td><td>{tgt}</td><td>{p.confidence:.2f}</td></tr>\n")
    out.write("</table></body></html>\n")


COMPARE_REPORTERS: dict[str, Callable[[Comparison, TextIO], None]] = {
    "text": write_text,
    "table": write_table,
    "json": write_json,
    "html": write_html,
}
