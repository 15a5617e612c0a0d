"""thin-content: a page whose prose is too short to hold a passage worth quoting."""

from citewise.checks._prose import prose_words
from citewise.diagnostic import Problem
from citewise.model import Span

# What a reader reads; not headings, code, images or raw markup.
_COUNTED = frozenset({"paragraph", "list_item", "blockquote", "admonition", "table"})


def check(doc, options, context):
    minimum = options["min-words"]
    count = sum(prose_words(block.text) for block in doc.blocks if block.kind in _COUNTED)
    if count >= minimum:
        return
    where = doc.h1 or next((block for block in doc.blocks if block.kind in _COUNTED), None)
    span = where.span if where else Span(1, 1, 1, 1)
    yield Problem(span, f"the page has {count} words of prose (min {minimum}): too little for "
                        f"an engine to quote or to trust")
