"""robots-sitemap-missing: a robots.txt with no Sitemap line."""

from __future__ import annotations

from citewise.diagnostic import Problem
from citewise.model import Span


def check(doc, options, context):
    robots = doc.robots
    if robots is None or robots.html or robots.sitemaps:
        return
    yield Problem(Span(1), "no Sitemap line: crawlers that read the robots.txt are not told "
                           "where the site's sitemap is")
