"""Every command has help text and is documented in the README."""

from __future__ import annotations

from typing import Any

import pytest
import typer.main

from phrasetrack.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[tuple[str, Any]]:
    """(name, command) for every command and sub-command of the app."""
    root: Any = typer.main.get_command(app)
    out = []
    for name, cmd in root.commands.items():
        subs = getattr(cmd, "commands", None)
        if subs:
            out += [(f"{name} {sub}", subcmd) for sub, subcmd in subs.items()]
        out.append((name, cmd))
    return out


def test_every_command_has_help_and_is_in_readme() -> None:
    found = commands()
    assert len(found) >= 4
    for name, cmd in found:
        assert (cmd.help or "").strip(), f"{name} has no help text"
        assert f"phrasetrack {name}" in README, f"'phrasetrack {name}' is not in README.md"


def test_every_option_is_in_readme() -> None:
    checked = 0
    for name, cmd in commands():
        for param in cmd.params:
            if any(opt.startswith("--") for opt in param.opts):
                checked += 1
                assert any(opt in README for opt in param.opts), f"{name}: {param.opts} not in README.md"
    assert checked >= 10


def test_quickstart_has_the_two_commands() -> None:
    quickstart = README.split("## Quickstart", 1)[1].split("##", 1)[0]
    assert "make demo" in quickstart and "make test" in quickstart


def _modules_with_examples() -> list[str]:
    files = sorted((ROOT / "phrasetrack").rglob("*.py"))
    paths = [p.relative_to(ROOT).with_suffix("") for p in files if ">>> " in p.read_text(encoding="utf-8")]
    return [".".join(p.parts[:-1] if p.name == "__init__" else p.parts) for p in paths]


@pytest.mark.parametrize("name", _modules_with_examples())
def test_docstring_examples(name: str) -> None:
    """Every example in a docstring runs and prints what it shows."""
    import doctest
    import importlib

    failed, tried = doctest.testmod(importlib.import_module(name))
    assert tried > 0 and failed == 0
