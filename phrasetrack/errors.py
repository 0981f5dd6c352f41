"""Named exceptions. The CLI catches :class:`PhrasetrackError` and prints its one-line message."""

from __future__ import annotations


class PhrasetrackError(Exception):
    """Base of every error phrasetrack reports to a user (exit code 2)."""


class InputError(PhrasetrackError):
    """An input file is missing, unreadable, binary or cannot be decoded."""


class PhrasebookError(PhrasetrackError):
    """A phrasebook file is malformed; the message starts with ``file:line:col``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(problems[0] + more if problems else "invalid phrasebook")


class UsageError(PhrasetrackError):
    """Options that contradict each other or name something that does not exist."""
