"""date-not-visible: dates in the markup, none shown to readers above or in the main content."""

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.dates import MACHINE_SOURCES, describe


def check(doc, options, context):
    dates = context.dates(doc)
    machine = [found for found in dates.found if found.source in MACHINE_SOURCES]
    if not machine or any(found.source == "text" for found in dates.found):
        return
    if any(time.text.strip() for time in doc.times):
        return  # a <time> with text shows its date, even as "3 days ago", wherever it sits
    first = machine[0]
    yield Problem(Span(first.line, first.column), f"{describe(first, first.line)} is not shown "
                                                  "to readers: the page shows no date")
