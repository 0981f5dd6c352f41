"""Decoding: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 and Big5, read in chunks."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from phrasetrack.errors import InputError

SAMPLE_BYTES = 64 * 1024
CHUNK_BYTES = 1 << 20
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CHINESE_ENCODINGS = ("gb18030", "big5")


def detect_encoding(sample: bytes, name: str, *, complete: bool = False) -> str:
    """Encoding of a file from its first bytes; ``complete`` when the sample is the whole file."""
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    if b"\x00" in sample:
        raise InputError(f"{name}: binary file (contains NUL bytes); phrasetrack reads text")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only needed for non-UTF-8 input

    best = from_bytes(sample, cp_isolation=list(CHINESE_ENCODINGS)).best()
    if best is None:
        raise InputError(f"{name}: cannot tell the encoding (not UTF-8, UTF-16, GB18030 or Big5); pass --encoding")
    return "big5" if best.encoding.startswith("big5") else "gb18030"


def check_encoding(encoding: str) -> str:
    """The codec's canonical name, or an error naming the unknown encoding."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"unknown encoding '{encoding}'") from None


def decode_stream(
    stream: BinaryIO, name: str, encoding: str | None = None, chunk_bytes: int = CHUNK_BYTES
) -> tuple[str, Iterator[str]]:
    """The encoding and an iterator of decoded chunks of ``stream``; errors name the file."""
    sample = stream.read(SAMPLE_BYTES)
    complete = len(sample) < SAMPLE_BYTES
    enc = check_encoding(encoding) if encoding else detect_encoding(sample, name, complete=complete)

    def chunks() -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(enc)(errors="strict")
        consumed = 0
        data = sample
        while True:
            final = len(data) == 0
            try:
                text = decoder.decode(data, final=final)
            except UnicodeDecodeError as err:
                where = consumed + err.start
                raise InputError(f"{name}: not valid {enc} at byte {where}; pass --encoding") from None
            if text:
                if "\x00" in text and not enc.startswith("utf-16"):
                    raise InputError(f"{name}: binary file (contains NUL bytes); phrasetrack reads text")
                yield text
            if final:
                return
            consumed += len(data)
            data = stream.read(chunk_bytes)

    return enc, chunks()
