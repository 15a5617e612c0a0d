"""Turn a file's bytes into text: BOMs, a declared charset, else UTF-8 with replacement."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class BinaryFile(ValueError):
    """The bytes are not text."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    problem: str = ""  # set when bytes had to be replaced
    problem_line: int = 1


def decode(data: bytes, is_html: bool) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with(data, encoding)
    if b"\x00" in data[:8192]:
        raise BinaryFile("binary content (NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    declared = _declared_charset(data) if is_html else None
    if declared and declared not in ("utf-8", "utf8"):
        try:
            return Decoded(data.decode(declared), declared)
        except (LookupError, UnicodeDecodeError):
            pass
    line = data.count(b"\n", 0, first_bad) + 1
    problem = f"not valid UTF-8 (byte 0x{data[first_bad]:02x} at line {line}); undecodable bytes were replaced"
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", problem, line)


def _decode_with(data: bytes, encoding: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as error:
        return Decoded(
            data.decode(encoding, errors="replace"),
            encoding,
            f"not valid {encoding} at byte {error.start}; undecodable bytes were replaced",
        )


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
