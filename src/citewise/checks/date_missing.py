"""date-missing: the page states no machine-readable date."""

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.dates import describe, is_machine_readable


def check(doc, options, context):
    if not doc.blocks and not doc.title:
        return  # an empty file has nothing to date
    dates = context.dates(doc)
    if any(is_machine_readable(found) for found in dates.found):
        return
    message = "no machine-readable date: no date in JSON-LD, meta tags, <time> or front matter"
    shown = next((found for found in dates.found if found.source == "text"), None)
    if shown is not None:
        message += f"; the only date is {describe(shown)}, as text"
    yield Problem(Span(doc.title_line or 1), message)
