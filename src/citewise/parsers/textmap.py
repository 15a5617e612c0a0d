"""Build a block's plain text while remembering where each piece sits in the source."""

from __future__ import annotations

import re

from citewise.model import Anchor, LineIndex, Span

_LINE_BREAK = re.compile(r"[ \t\r\f\v]*\n\s*")
_FIRST_WORD = re.compile(r"\w+")
# A citation marker in running text: "[12]", "[3, 4]", "[5-7]", "[a]", "[note 2]",
# "[citation needed]", "[who?]" (Wikipedia's inline templates)
CITATION_MARKER = re.compile(
    r"\[(?:\d{1,4}(?:\s*[-–,]\s*\d{1,4})*|[a-zA-Z]|note\s+\d{1,4}|"
    r"[a-z][a-z ]{2,30}(?:needed|\?))\]")
SEARCH_WINDOW = 4096  # how far past the cursor a piece is looked for: keeps bad input linear


def _is_word(char: str) -> bool:
    """What `\\w` matches in a str pattern."""
    return char.isalnum() or char == "_"


class TextBuilder:
    """Concatenates text pieces found in order in `source`, anchoring each to its position.

    Pieces are looked up from a moving cursor, so repeated words map to the right occurrence.
    A piece that is not verbatim in the source (HTML entities, escapes) is anchored on its first
    word, or failing that at the cursor: the line stays right, the column may drift.
    """

    def __init__(self, source: str, index: LineIndex, cursor: int):
        self.source = source
        self.index = index
        self.cursor = cursor
        self.parts: list[str] = []
        self.anchors: list[Anchor] = []
        self.length = 0
        self.first_offset: int | None = None
        self.last_offset: int | None = None

    def add(self, piece: str) -> None:
        """Add a piece of text, folding line breaks (and the indentation after them) to spaces."""
        if "\n" not in piece:  # the common case, and what the split below would give
            if piece:
                self._add_line_piece(piece)
            return
        for number, line_piece in enumerate(_LINE_BREAK.split(piece)):
            if number:
                self.separate(" ")
            if line_piece:
                self._add_line_piece(line_piece)

    def separate(self, separator: str = " ") -> None:
        """Add unanchored glue text (a space between words, a cell separator)."""
        if self.parts and not self.parts[-1].endswith(separator):
            self.parts.append(separator)
            self.length += len(separator)

    def _add_line_piece(self, piece: str) -> None:
        limit = self.cursor + SEARCH_WINDOW + 2 * len(piece)
        found = self.source.find(piece, self.cursor, limit)
        advance = len(piece)
        if found == -1:
            found, advance = self._find_first_word(piece, limit)
        if found == -1:
            found = self.cursor
        line, column = self.index.position(found)
        self.anchors.append(Anchor(self.length, line, column))
        self.parts.append(piece)
        self.length += len(piece)
        if self.first_offset is None:
            self.first_offset = found
        self.last_offset = found + advance
        self.cursor = found + advance

    def _find_first_word(self, piece: str, limit: int) -> tuple[int, int]:
        """The first whole-word occurrence of the piece's first word in source[cursor:limit]
        (a word character neither before nor after it), as (offset, length), else (-1, 0)."""
        word = _FIRST_WORD.search(piece)
        if not word:
            return -1, 0
        text, source = word.group(), self.source
        end = min(limit, len(source))
        found = source.find(text, self.cursor, end)
        while found != -1:
            after = found + len(text)
            if (found == 0 or not _is_word(source[found - 1])) and \
                    (after >= end or not _is_word(source[after])):
                return found, len(text)
            found = source.find(text, found + 1, end)
        return -1, 0

    def build(self) -> tuple[str, tuple[Anchor, ...], Span | None]:
        """The text (trailing glue dropped), its anchors, and the span it covers in the file."""
        text = "".join(self.parts)
        stripped = text.rstrip()
        if not stripped.strip() or self.first_offset is None:
            return "", (), None
        line, column = self.index.position(self.first_offset)
        end_line, end_column = self.index.position(max(self.last_offset - 1, self.first_offset))
        return stripped, tuple(self.anchors), Span(line, column, end_line, end_column + 1)
