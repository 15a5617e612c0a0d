"""stale-content: the page's newest date is older than max-age-days."""

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.dates import MODIFIED, choose, days_between, describe, stated


def check(doc, options, context):
    dates = context.dates(doc)
    today = context.today.isoformat()
    modified = [found for found in dates.found if found.kind == MODIFIED and found.value <= today]
    limit = options["max-age-days-by-kind"].get(doc.kind, options["max-age-days"])
    if modified:
        newest = max(modified, key=lambda found: found.value)  # the first of equals
        message = (f"newest modified date {describe(newest, newest.line)} is older than "
                   f"max-age-days ({limit})")
    else:
        # Only a published date: the page has never said it was reviewed, which is what an
        # evergreen page owes its readers once it is older than the limit.
        newest, _ = choose(stated(dates.found))
        if newest is None or newest.value > today:
            return
        message = (f"never marked as reviewed: no modified or review date, and the published "
                   f"{describe(newest, newest.line)} is older than max-age-days ({limit})")
    if days_between(newest.value, today) > limit:  # the message names no age: it would change daily
        yield Problem(Span(newest.line, newest.column), message)

