"""date-inconsistent: the page's dates contradict each other or lie in the future."""

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.dates import (MODIFIED, PUBLISHED, UNKNOWN, choose, days_between,
                                     describe, is_created, stated)

# Sources compared with each other, the most authoritative first.
_COMPARED = ("jsonld", "meta", "frontmatter", "time", "text")


def check(doc, options, context):
    dates = context.dates(doc)
    tolerance = options["tolerance-days"]
    today = context.today.isoformat()
    problems = []
    published, modified = choose(stated(dates.found))
    if published and modified and days_between(modified.value, published.value) > tolerance:
        problems.append(_pair(modified, published, "modified date {a} is earlier than the "
                                                   "published date {b}"))
    reported = set()
    for found in dates.found:
        if found.kind == UNKNOWN and found.source != "meta" or found.source == "url":
            continue  # unlabelled <time> and text dates are events, not the page's own
        ahead = days_between(today, found.value)
        if ahead > tolerance and (found.line, found.value) not in reported:
            reported.add((found.line, found.value))
            problems.append(Problem(Span(found.line, found.column),
                                    f"{describe(found, found.line)} is {ahead} days in the future "
                                    f"(today is {today})"))
    for kind in (PUBLISHED, MODIFIED):
        firsts = _first_per_source(dates.found, kind)
        for other in firsts[1:]:
            apart = abs(days_between(firsts[0].value, other.value))
            if apart > tolerance:
                problems.append(_pair(firsts[0], other, "{a} disagrees with {b} by "
                                                        f"{apart} days"))
    yield from sorted(problems, key=lambda problem: (problem.span.line, problem.span.column))


def _first_per_source(found_dates, kind):
    """The first date of `kind` from each compared source, the most authoritative first."""
    firsts = {}
    for found in found_dates:
        if found.kind == kind and found.source in _COMPARED and not is_created(found):
            firsts.setdefault(found.source, found)
    return [firsts[source] for source in _COMPARED if source in firsts]


def _pair(a, b, template: str) -> Problem:
    """One problem for two conflicting dates: on the earlier line, naming the other."""
    first = a if (a.line, a.column) <= (b.line, b.column) else b
    return Problem(Span(first.line, first.column),
                   template.format(a=describe(a, first.line), b=describe(b, first.line)))
