"""robots-sitemap-missing: a robots.txt with no Sitemap line."""

from __future__ import annotations

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.robots import decide, groups_for


def check(doc, options, context):
    robots = doc.robots
    if robots is None or robots.html or robots.sitemaps:
        return
    if not decide(groups_for(robots, "*"), "/").allowed:
        return  # every crawler is kept out: a sitemap would list pages none may fetch
    yield Problem(Span(1), "no Sitemap line: crawlers that read the robots.txt are not told "
                           "where the site's sitemap is")
