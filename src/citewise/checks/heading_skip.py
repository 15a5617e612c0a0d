"""heading-skip: a Markdown heading more than one level below the heading before it (H2, H4).

Markdown only: in HTML the main content still holds theme widgets ("Share this", "Most
popular", a comment form) whose heading levels the page's author does not choose.

The page's title counts as the H1 above the first heading: a Markdown page with a front matter
title may start at H2, and an HTML page whose H1 sits in the page header above the main content
starts at H1 too.
"""

from __future__ import annotations

from citewise.checks._structure import is_partial
from citewise.diagnostic import Problem


def check(doc, options, context):
    if is_partial(doc):
        return  # its headings continue the outline of the page that includes it
    previous = _title_level(doc)
    for block in doc.headings:
        if previous and block.level > previous + 1:
            skipped = [f"H{n}" for n in range(previous + 1, block.level)]
            yield Problem(block.locate(0, len(block.text)),
                          f"H{block.level} follows H{previous}: heading level"
                          f"{'s' if len(skipped) > 1 else ''} {', '.join(skipped)} skipped")
        previous = block.level


def _title_level(doc) -> int:
    """1 when the page has a title heading above its first heading, else 0 (not known)."""
    first = next((b for b in doc.blocks if b.kind == "heading"), None)
    if first is not None and first.level == 1:
        return 0
    if doc.title_source == "front-matter":
        return 1
    return 1 if any(b.kind == "heading" and b.level == 1 for b in doc.outside) else 0
