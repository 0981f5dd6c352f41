"""Corpus-tracking commands (track, timeline, top, kwic, discover), registered on the main app."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the corpus-tracking commands to ``app``."""
