"""single-h1: a Markdown page has more than one H1, or a page has no H1 and no title.

Several H1s are reported in Markdown only: in HTML a second H1 in the main content is nearly
always the theme's (the site name, a hidden "Navigation" heading), which the page's author does
not write.

A Markdown page's front matter `title` is its H1 (Hugo, Jekyll, Docusaurus and VitePress themes
print it as the page heading), so a page with that title and no H1 in the body is fine.
"""

from __future__ import annotations

from citewise.checks._structure import head_written_by_generator, is_fragment, is_partial
from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.text import quote


def check(doc, options, context):
    if is_partial(doc) or is_fragment(doc) or head_written_by_generator(doc):
        return
    h1s = [block for block in doc.blocks if block.kind == "heading" and block.level == 1]
    if len(h1s) > 1 and doc.format == "markdown":
        second = h1s[1]
        yield Problem(second.locate(0, len(second.text)),
                      f"{len(h1s)} H1 headings in the main content; the first is "
                      f"\"{quote(h1s[0].text, 8)}\" (line {h1s[0].span.line}): one H1 names "
                      f"the page, the others should be H2")
        return
    if h1s or doc.title_source == "front-matter":
        return
    if any(b.kind == "heading" and b.level == 1 for b in doc.outside):
        return  # the page header above the main content holds the H1
    if not context.blocks(doc):
        return  # no content to head: an empty page, a redirect, a list of includes
    first = next((b for b in doc.blocks if b.kind == "heading"), doc.blocks[0])
    where = "front matter title" if doc.format == "markdown" else "<h1>"
    yield Problem(Span(first.span.line, first.span.column, first.span.line, first.span.column),
                  f"no H1 and no {where}: the page has no heading that names what it is about")
