"""wall-of-text: a section of more than `max-words` words with no list, table or subheading."""

from __future__ import annotations

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.checks._prose import prose_words

_BREAKS = frozenset({"list_item", "table"})


def check(doc, options, context):
    limit = options["max-words"]
    for section in doc.sections():
        if any(block.kind in _BREAKS for block in section.blocks):
            continue
        prose = [block for block in section.blocks if context.in_scope(block)]
        if not prose:
            continue
        count = sum(prose_words(block.text) for block in prose)
        if count <= limit:
            continue
        where = section.heading or prose[0]
        span = Span(where.span.line, where.span.column, where.span.line, where.span.column)
        name = (f"section \"{section.heading.text}\"" if section.heading
                else "text before the first heading")
        yield Problem(span, f"{name} runs {count} words (max {limit}) with no list, table or "
                            f"subheading")
