"""meta-description: an HTML page with no meta description, or one longer than engines show."""

from __future__ import annotations

from citewise.checks._structure import head_written_by_generator, is_fragment
from citewise.diagnostic import Problem
from citewise.model import Span


def check(doc, options, context):
    if head_written_by_generator(doc) or is_fragment(doc):
        return
    tag = next((tag for tag in doc.meta if tag.name == "description"), None)
    if tag is None or not tag.content.strip():
        where = Span(doc.title_line or 1) if doc.title_source == "title-tag" else Span(1)
        yield Problem(where, "no meta description: engines write their own snippet for the page")
        return
    text = " ".join(tag.content.split())
    limit = options["max-length"]
    if len(text) > limit:
        yield Problem(Span(tag.line or 1),
                      f"meta description is {len(text)} characters (max {limit}): engines cut it "
                      f"after about {limit}")
