"""Update notes: the line an author adds to a dated record to say what happened since
("(Update 04-November-2022) Security releases available", "> The results of the survey can be
found [here](...)").

Kept apart from services/dates.py on purpose: a note counts whether or not its date can be
read (the date layer reads dated notes as modified dates; this reads the note itself).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from citewise.services.dates import written_dates

# Where a note stands: an author adds it above the text or below it, not inside the body.
_EDGE_BLOCKS = 3
# A note that points at the outcome is short: one or two sentences and a link.
_NOTE_WORDS = 40
# What may stand before a note's label: emphasis, a bracket, a quote mark, an admonition marker.
_OPENING = r"^(?:(?::::?|!!!|\?\?\?)\s*\w*\s*)?[\s*_(\[\"'>:]*"
# A label is a note's only when a date, a bracket or a colon follows it ("Update:", "Update
# (2025-03-15)", "Edit 3 May"): "Update your settings first" is an instruction.
_AFTER_LABEL = r"(?=\s*(?:[:(\[\])_*–—-]|\d|[^\W\d_]+\s+\d))"
_NOTE_KINDS = frozenset(("heading", "paragraph", "blockquote", "admonition"))
_SET_APART = frozenset(("blockquote", "admonition"))  # a note framed off the running text


class UpdateNote(NamedTuple):
    line: int
    value: str | None  # the note's date (YYYY-MM-DD), or None for an undated note


def update_note(doc, labels, language: str = "") -> UpdateNote | None:
    """The page's update note at its top or its end, or None. A note is a heading, paragraph,
    quote or admonition opening with one of `labels` ("Update:", "_(Edit 3 May)_"), or a short
    quote or admonition at the top or end that links elsewhere (the outcome's page)."""
    labelled = _label_pattern(tuple(labels))
    blocks = [block for block in doc.blocks if block.kind != "heading" or block.level > 1]
    edges = blocks[:_EDGE_BLOCKS] + blocks[-_EDGE_BLOCKS:]
    for block in edges:
        if block.kind not in _NOTE_KINDS:
            continue
        if (labelled is not None and labelled.match(block.text)) or _links_onward(doc, block):
            dates = [value for _, _, value in written_dates(block.text, language)]
            return UpdateNote(block.span.line, max(dates) if dates else None)
    return None


def _links_onward(doc, block) -> bool:
    """A short quote or admonition holding a link: a pointer to what came of the record."""
    if block.kind not in _SET_APART or len(block.text.split()) > _NOTE_WORDS:
        return False
    last = block.span.end_line or block.span.line
    return any(block.span.line <= link.span.line <= last for link in doc.links)


def _label_pattern(labels: tuple[str, ...]) -> re.Pattern | None:
    words = [re.escape(label.strip()) for label in labels if label.strip()]
    if not words:
        return None
    return re.compile(rf"{_OPENING}(?:{'|'.join(sorted(words, key=len, reverse=True))})\b"
                      rf"{_AFTER_LABEL}", re.IGNORECASE)
