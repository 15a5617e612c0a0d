"""title-tag: an HTML page with no <title>, or a title (<title>, or a front matter title the
generator makes it from) longer than engines show."""

from __future__ import annotations

import html
import re

from citewise.checks._structure import head_written_by_generator, is_fragment
from citewise.diagnostic import Problem
from citewise.model import Span

# " | The Guardian", " - handwerk magazin": site and section names after the headline.
_SUFFIX = re.compile(r"\s+[|–—·:-]{1,2}\s+[^|–—·]{1,40}$")
# Engines cut by width, not by characters: a title up to a tenth over the limit may be shown
# whole or lose a word or two (81-87 characters judged DEBATABLE, 91 and up TRUE).
_MARGIN = 0.1


# Front matter keys that give the <title> a text of its own, beside the page's `title`.
_SEO_TITLE_KEYS = ("seo_title", "seotitle", "meta_title", "metatitle", "title_tag", "page_title",
                   "html_title", "head_title")


def check(doc, options, context):
    limit = options["max-length"]
    if doc.format == "markdown" or head_written_by_generator(doc):
        # The generator writes the <title> from the front matter's `title` (the site name
        # after it): a title too long there is too long in the <title>. A missing one is
        # frontmatter-missing's.
        title = html.unescape(doc.title)
        if doc.title_source == "front-matter" and not _seo_title(doc) and \
                _too_long(title, limit):
            matter = doc.front_matter
            where = matter.key_spans.get("title") if matter is not None else None
            yield Problem(where or Span(doc.title_line or 1),
                          f"front matter title is {len(title)} characters (max {limit}): "
                          f"engines cut the <title> made from it after about {limit}")
        return
    if is_fragment(doc):
        return
    if doc.title_source != "title-tag":
        yield Problem(Span(1), "no <title>: engines and browsers have no name to show for the page")
        return
    if _too_long(doc.title, limit):
        yield Problem(Span(doc.title_line or 1),
                      f"<title> is {len(doc.title)} characters (max {limit}): engines cut it "
                      f"after about {limit}")


def _too_long(title: str, limit: int) -> bool:
    return len(title) > limit * (1 + _MARGIN) and len(_headline(title)) > limit


def _seo_title(doc) -> bool:
    """Whether the front matter sets the <title> apart from `title` (`seo_title`, `seo:
    {title}`): the page's `title` is then only its heading."""
    data = doc.front_matter.data if doc.front_matter is not None else None
    if not isinstance(data, dict):
        return False
    nested = [data.get(key) for key in ("seo", "meta", "head")]
    return any(data.get(key) for key in _SEO_TITLE_KEYS) or \
        any(isinstance(block, dict) and block.get("title") for block in nested)


def _headline(title: str) -> str:
    """The title without the site and section names after it: when only those pass the
    limit, the engine's cut loses the site name, not the page's words."""
    while True:
        shorter = _SUFFIX.sub("", title)
        if shorter == title or not shorter.strip():
            return title
        title = shorter
