"""orphan-page: a page that no other page of the run links to."""

from __future__ import annotations

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.crosspage import is_index_page, is_partial


def check(site, options, context):
    if len(site.pages) < 2:
        return  # one page links to nothing else: nothing to say about a site
    incoming = site.incoming
    for page in site.pages:
        if is_index_page(page.path) or is_partial(page.path) or incoming.get(page.path):
            continue
        span = page.title_span or Span(1, 1, 1, 1)
        yield page.path, Problem(span, "no other page of the run links to this page")
