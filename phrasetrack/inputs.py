"""Input files: expand paths (directories recurse), open them, and decode them in chunks."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from phrasetrack.errors import InputError
from phrasetrack.text.decode import decode_stream

STDIN = "-"


@dataclass(frozen=True)
class InputFile:
    """A file to read; ``explicit`` when the user named it (not found by walking a directory)."""

    name: str
    explicit: bool = True

    @property
    def size(self) -> int:
        """Size in bytes (0 for standard input)."""
        return 0 if self.name == STDIN else Path(self.name).stat().st_size


def expand(paths: Iterable[str]) -> list[InputFile]:
    """Files named by ``paths``; directories recurse (hidden files and folders are skipped)."""
    out: list[InputFile] = []
    for raw in paths:
        if raw == STDIN:
            out.append(InputFile(STDIN))
            continue
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                rel = found.relative_to(path).parts
                if found.is_file() and not any(part.startswith(".") for part in rel):
                    out.append(InputFile(str(found), explicit=False))
        elif path.exists():
            out.append(InputFile(raw))
        else:
            raise InputError(f"{raw}: no such file or directory")
    return out


@contextmanager
def open_binary(name: str) -> Iterator[BinaryIO]:
    """Open a file (or standard input for ``-``) for binary reading, with one-line errors."""
    if name == STDIN:
        yield sys.stdin.buffer
        return
    try:
        handle = Path(name).open("rb")  # noqa: SIM115 - closed by the with below
    except FileNotFoundError:
        raise InputError(f"{name}: no such file or directory") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory") from None
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror})") from None
    with handle:
        yield handle


@contextmanager
def open_text(name: str, encoding: str | None = None) -> Iterator[Iterator[str]]:
    """Decoded chunks of a file; decoding errors name the file."""
    with open_binary(name) as stream:
        _, chunks = decode_stream(stream, name, encoding)
        yield chunks


def read_text(name: str, encoding: str | None = None) -> str:
    """The whole decoded text of a file."""
    with open_text(name, encoding) as chunks:
        return "".join(chunks)
