"""title-tag: an HTML page with no <title>, or one longer than engines show."""

from __future__ import annotations

import re

from citewise.checks._structure import head_written_by_generator, is_fragment
from citewise.diagnostic import Problem
from citewise.model import Span

# " | The Guardian", " - handwerk magazin": site and section names after the headline.
_SUFFIX = re.compile(r"\s+[|–—·:-]{1,2}\s+[^|–—·]{1,40}$")
# Engines cut by width, not by characters: a title up to a tenth over the limit may be shown
# whole or lose a word or two (81-87 characters judged DEBATABLE, 91 and up TRUE).
_MARGIN = 0.1


def check(doc, options, context):
    if head_written_by_generator(doc) or is_fragment(doc):
        return
    if doc.title_source != "title-tag":
        yield Problem(Span(1), "no <title>: engines and browsers have no name to show for the page")
        return
    limit = options["max-length"]
    if len(doc.title) > limit * (1 + _MARGIN) and len(_headline(doc.title)) > limit:
        yield Problem(Span(doc.title_line or 1),
                      f"<title> is {len(doc.title)} characters (max {limit}): engines cut it "
                      f"after about {limit}")


def _headline(title: str) -> str:
    """The title without the site and section names after it: when only those pass the
    limit, the engine's cut loses the site name, not the page's words."""
    while True:
        shorter = _SUFFIX.sub("", title)
        if shorter == title or not shorter.strip():
            return title
        title = shorter
