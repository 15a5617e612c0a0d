"""Turn a file's bytes into text: BOMs, a declared charset, else UTF-8 with replacement."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace

_BOMS = (  # the BOM is cut off before decoding, so error offsets are the file's own less it
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers re-decode a page whose <meta charset> comes late; real heads run past 50 KB of inline
# scripts and styles. Only read when the bytes are not UTF-8.
_CHARSET_SCAN = 64 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


_LONE_CR = re.compile(r"\r(?!\n)")


class BinaryFile(ValueError):
    """The bytes are not text."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    problem: str = ""  # set when bytes had to be replaced
    problem_line: int = 1
    problem_column: int = 1


def decode(data: bytes, is_html: bool) -> Decoded:
    decoded = _decode(data, is_html)
    if "\r" in decoded.text:  # old Mac line ends: a lone CR ends a line, as in editors
        decoded = replace(decoded, text=_LONE_CR.sub("\n", decoded.text))  # same offsets
    return decoded


def _decode(data: bytes, is_html: bool) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with(data[len(bom):], encoding)
    if b"\x00" in data[:8192]:
        raise BinaryFile("binary content (NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data) if is_html else None
    if declared and declared not in ("utf-8", "utf8"):
        try:
            return Decoded(data.decode(declared), declared)
        except (LookupError, UnicodeDecodeError):
            pass
    return _decode_with(data, "utf-8")


def _decode_with(data: bytes, encoding: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as error:
        first_bad = error.start
    # Where the first bad byte sits, as the user's editor shows it: decode what comes before.
    before = data[:first_bad].decode(encoding, errors="replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    text = data.decode(encoding, errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode(encoding))
    sequences = "1 undecodable byte sequence" if replaced == 1 else \
        f"{replaced} undecodable byte sequences"
    problem = (f"not valid {encoding.upper()}: {sequences} replaced with U+FFFD, "
               f"the first (0x{data[first_bad]:02x}) here")
    return Decoded(text, encoding, problem, line, column)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_CHARSET_SCAN])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
