"""no-subheadings: a long page whose main content has no heading below its title."""

from __future__ import annotations

from citewise.checks._prose import prose_words
from citewise.checks._structure import is_partial
from citewise.diagnostic import Problem
from citewise.model import Span


def check(doc, options, context):
    if is_partial(doc):
        return  # it sits under a heading of the page that includes it
    if _divided(doc):
        return
    prose = context.blocks(doc)
    count = sum(prose_words(block.text) for block in prose)
    if count <= options["min-words"]:
        return
    first = prose[0].span
    yield Problem(Span(first.line, first.column, first.line, first.column),
                  f"{count} words (more than {options['min-words']}) with no subheading: "
                  f"nothing tells a reader or an engine where each part begins")


def _divided(doc) -> bool:
    """Whether a heading below the page's title divides it: any H2-H6, or an H1 after the one
    that names the page (sections headed with H1s are single-h1's business, not this rule's)."""
    levels = [block.level for block in doc.headings]
    titles = 0 if doc.title_source == "front-matter" else 1
    return any(level > 1 for level in levels) or levels.count(1) > titles
