"""title-tag: an HTML page with no <title>, or one longer than engines show."""

from __future__ import annotations

from citewise.checks._structure import head_written_by_generator, is_fragment
from citewise.diagnostic import Problem
from citewise.model import Span


def check(doc, options, context):
    if head_written_by_generator(doc) or is_fragment(doc):
        return
    if doc.title_source != "title-tag":
        yield Problem(Span(1), "no <title>: engines and browsers have no name to show for the page")
        return
    limit = options["max-length"]
    if len(doc.title) > limit:
        yield Problem(Span(doc.title_line or 1),
                      f"<title> is {len(doc.title)} characters (max {limit}): engines cut it "
                      f"after about {limit}")
