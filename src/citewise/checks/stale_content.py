"""stale-content: the page's newest date is older than max-age-days."""

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.dates import MODIFIED, choose, days_between, describe, stated


def check(doc, options, context):
    dates = context.dates(doc)
    today = context.today.isoformat()
    modified = [found for found in dates.found if found.kind == MODIFIED and found.value <= today]
    if modified:
        newest = max(modified, key=lambda found: found.value)  # the first of equals
        what = "newest modified date"
    else:
        newest, _ = choose(stated(dates.found))
        what = "no modified date; published"
        if newest is None or newest.value > today:
            return
    limit = options["max-age-days-by-kind"].get(doc.kind, options["max-age-days"])
    if days_between(newest.value, today) > limit:  # the message names no age: it would change daily
        yield Problem(Span(newest.line, newest.column),
                      f"{what} {describe(newest, newest.line)} is older than max-age-days "
                      f"({limit})")

