"""Notes a parser leaves when it could not read a file to the end (nesting past its limit).

The engine reports each as `unreadable-file` at the note's line: the part of the page past that
point was not checked, and a file is never dropped silently, not even in part.
"""

from __future__ import annotations

from citewise.model import Document, Note, Span


def note_partial(doc: Document, line: int, reason: str) -> None:
    line = min(max(line, 1), doc.line_count)
    doc.notes.append(Note("partial", reason, Span(line)))
