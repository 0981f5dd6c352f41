"""Tools for phrasebook curators: run every entry's examples."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from phrasetrack.match import Matcher
from phrasetrack.model import Book


@dataclass(frozen=True)
class ExampleFailure:
    """An example that did not behave: a ``match`` text with no match, or a ``no_match`` text with one."""

    location: str
    entry: str
    lang: str
    kind: str  # "match" | "no_match"
    text: str
    found: str = ""

    def describe(self) -> str:
        """One line: ``file:line:col: entry: ...``."""
        if self.kind == "match":
            return f"{self.location}: {self.entry}: {self.lang} example finds nothing: {self.text!r}"
        head = f"{self.location}: {self.entry}: {self.lang} no_match example"
        return f"{head} matches {self.found!r}: {self.text!r}"


def check_examples(books: Sequence[Book], matcher: Matcher | None = None) -> tuple[int, list[ExampleFailure]]:
    """Run every example of ``books`` (with all of them loaded); return (examples run, failures)."""
    matcher = matcher or Matcher(books)
    failures: list[ExampleFailure] = []
    count = 0
    for book in books:
        for entry in book.entries:
            for lang, examples in entry.examples.items():
                for kind, texts in (("match", examples.match), ("no_match", examples.no_match)):
                    for text in texts:
                        count += 1
                        found = [m for m in matcher.scan(text) if m.entry == entry.id and m.lang == lang]
                        if kind == "match" and not found:
                            failures.append(ExampleFailure(entry.location, entry.id, lang, kind, text))
                        elif kind == "no_match" and found:
                            failures.append(ExampleFailure(entry.location, entry.id, lang, kind, text, found[0].text))
    return count, failures


@dataclass(frozen=True)
class LintIssue:
    """A curation problem: where, which check, and what to do."""

    location: str
    code: str
    message: str

    def describe(self) -> str:
        """One line: ``file:line:col: code: message``."""
        return f"{self.location}: {self.code}: {self.message}"


LINT_CODES = {
    "short-form": "a form too short or generic to match safely",
    "contained-form": "a form found inside another entry's form",
    "missing-language": "an entry without forms in one of the book's languages",
    "missing-source": "a preferred or admitted form without provenance",
    "unknown-source": "a source id that the book does not define",
    "missing-examples": "a language without match and no_match examples",
    "overlapping-variant": "a variant that another form of the entry already matches",
}


def lint(books: Sequence[Book], matcher: Matcher | None = None) -> list[LintIssue]:
    """Curation problems in ``books`` (checked together), in file order."""
    from phrasetrack.match import STOPWORDS
    from phrasetrack.text.normalize import normalize
    from phrasetrack.text.tokenize import tokenize

    matcher = matcher or Matcher(books)
    issues: list[LintIssue] = []
    padded: list[tuple[str, str, str]] = []  # (" normalized form ", entry id, form text)
    for book in books:
        source_ids = {s.id for s in book.sources}
        for entry in book.entries:
            for lang in book.languages:
                if not entry.forms_in(lang):
                    issues.append(LintIssue(entry.location, "missing-language", f"{entry.id} has no {lang} form"))
            for lang in sorted({f.lang for f in entry.forms}):
                ex = entry.examples.get(lang)
                if ex is None or not ex.match or not ex.no_match:
                    issues.append(
                        LintIssue(
                            entry.location,
                            "missing-examples",
                            f"{entry.id}: add {lang} examples with both match: and no_match: texts",
                        )
                    )
            for form in entry.forms:
                norm = normalize(form.text).text
                tokens = list(tokenize(norm))
                padded.append((f" {norm} ", entry.id, form.text))
                exact_cased = not form.options.fuzzy and form.options.case_sensitive
                if form.lang == "zh" and sum(t.cjk for t in tokens) and len(tokens) < 3:
                    issues.append(LintIssue(form.location, "short-form", f"'{form.text}' has under 3 characters"))
                content = [t for t in tokens if t.text not in STOPWORDS and not t.cjk]
                if form.lang == "en" and len(content) <= 1 and not exact_cased:
                    issues.append(
                        LintIssue(
                            form.location,
                            "short-form",
                            f"'{form.text}' has one content word; make it longer or "
                            "match: {mode: exact, case: sensitive}",
                        )
                    )
                if form.status.value in ("preferred", "admitted") and not form.source:
                    issues.append(
                        LintIssue(
                            form.location,
                            "missing-source",
                            f"'{form.text}' ({form.status.value}) has no source",
                        )
                    )
                elif form.source and " " not in form.source and form.source not in source_ids:
                    issues.append(
                        LintIssue(
                            form.location,
                            "unknown-source",
                            f"source '{form.source}' is not among the book's sources",
                        )
                    )
                earlier = {f.text for f in entry.forms[: entry.forms.index(form)] if f.lang == form.lang}
                for m in matcher.candidates(form.text):
                    if (
                        m.entry == entry.id
                        and m.form in earlier
                        and m.start == 0
                        and m.end == len(form.text)
                        and m.edits
                        and m.status is form.status
                    ):
                        issues.append(
                            LintIssue(
                                form.location,
                                "overlapping-variant",
                                f"'{form.text}' is already matched by '{m.form}' "
                                f"({', '.join(e.describe() for e in m.edits)}); drop it or give it another status",
                            )
                        )
                        break
    issues.extend(_contained(books, padded))
    return issues


def _contained(books: Sequence[Book], padded: list[tuple[str, str, str]]) -> list[LintIssue]:
    """Forms that occur inside a form of another entry (as whole words)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for norm, entry, text in padded:
        key = norm if norm.strip().isascii() else norm.strip()
        automaton.add_word(key, (entry, text))
    automaton.make_automaton()
    where = {(e.id, f.text): f.location for b in books for e in b.entries for f in e.forms}
    issues = []
    for norm, entry, text in padded:
        for _end, (inner_entry, inner_text) in automaton.iter(norm):
            if inner_entry != entry:
                issues.append(
                    LintIssue(
                        where[(inner_entry, inner_text)],
                        "contained-form",
                        f"'{inner_text}' ({inner_entry}) occurs inside '{text}' ({entry}); "
                        "check that both concepts are meant",
                    )
                )
    return issues
