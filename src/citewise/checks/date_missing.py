"""date-missing: the page states no machine-readable date (the one finding for a page's
missing date: frontmatter-missing leaves the date to it)."""

import re

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.dates import (HTMLDATE, describe, is_machine_readable, relative_time,
                                     written_dates)
from citewise.services.schema_graph import present

_LOG_ENTRIES = 3  # dated headings that make a page a log (a changelog, release notes)

# Where each site generator reads a page's date from its front matter.
_GENERATOR_KEYS = {
    "hugo": "`date` (or `lastmod`)",
    "jekyll": "`date` (or a YYYY-MM-DD- file name prefix)",
    "mdx": "`date` (blog) or `last_update` (docs)",
    "mkdocs": "`date`",
    "vitepress": "`date`",
    "mdsvex": "`date`",
}


def check(doc, options, context):
    if not doc.blocks and not doc.title:
        return  # an empty file has nothing to date (a generator-filled listing is kind other)
    dates = context.dates(doc)
    if any(is_machine_readable(found) for found in dates.found):
        return
    if _is_scheduled_event(doc, context):
        return  # an event's page is dated by when it happens (startDate), not when it was posted
    if _is_log(doc):
        return  # a changelog's entries carry their own dates: a page date would add nothing
    shown = next((found for found in dates.found if found.source == "text"), None)
    if _dated_by_og_type_only(doc) and _shows_no_record_date(doc, dates):
        # WordPress themes and SEO plugins write og:type "article" on every page: a page with
        # nothing else to say it is a post, which states no date (htmldate's guess from its
        # scripts is none it states) or only when something happens ("20. Februar 2019, 14:45
        # Uhr bis 15:45 Uhr", "vom 24. April bis 2. Oktober 2017"), is a service page, an
        # event's page or a notice, not a record dated by it.
        return
    placeholder = _placeholder_date(doc, context)
    relative = relative_time(doc) if shown is None else None
    if placeholder is not None:
        key, value, span = placeholder
        message = (f'JSON-LD {key} "{value}" is no date (a CMS default): set it to the '
                   f"page's date; engines read it before the text")
    elif relative is not None:
        phrase, span = relative
        message = f'no date for "{phrase}" to count from: {_where(doc, None)}'
    else:
        span = Span(doc.title_line or 1)
        message = f"no machine-readable date: {_where(doc, shown)}"
    yield Problem(span, message)


_NO_YEAR = re.compile(r"^\s*00\d\d-\d\d-\d\d")  # years 0000-0099: "0001-01-01T00:00:00Z"


def _placeholder_date(doc, context):
    """A JSON-LD datePublished or dateModified that is a CMS's empty value ("0001-01-01..."):
    the page's dates are written, but as nothing; the fix is there, not in the text."""
    for node in context.entities(doc).nodes:
        for key in ("datePublished", "dateModified"):
            value = node.data.get(key)
            if isinstance(value, str) and _NO_YEAR.match(value):
                return key, value.strip(), node.span(key)
    return None


def _shows_no_record_date(doc, dates) -> bool:
    stated = [found for found in dates.found if found.source != HTMLDATE]
    return all(found.source == "text" and _is_event_time(doc, found) for found in stated)


def _dated_by_og_type_only(doc) -> bool:
    return bool(doc.kind_evidence) and all(
        evidence.source in ("og:type", "path") or evidence.kind != "article"
        for evidence in doc.kind_evidence) and doc.kind_evidence[0].source == "og:type"


# A time span after a date ("2019, 14:45 Uhr bis 15:45 Uhr", ", 9:00-17:00") or a date that
# opens or closes a range ("bis 2. Oktober 2017", "May 3 - June 5, 2026"): an event's time.
_TIME_SPAN_AFTER = re.compile(
    r"^[\s,]*(\w+[\s,]+)?\d{1,2}[:.]\d{2}\s*(uhr|h|am|pm)?\s*(bis|to|until|[-\u2013\u2014])\s*"
    r"\d{1,2}[:.]\d{2}", re.IGNORECASE)
_RANGE_AFTER = re.compile(  # a day and month follow, not a clock time ("2019 - 11:28 AM")
    r"^\s*(bis|to|until|au|[-\u2013\u2014])\s*\d{1,2}(\.\s*\d{1,2}\.|\.?\s+[^\W\d]{3,})",
    re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"\d{1,2}\.?\s*[^\W\d]*\.?\s*(bis|to|until|au|[\u2013\u2014-])\s*$",
                           re.IGNORECASE)


def _is_event_time(doc, found) -> bool:
    """Whether the visible date `found` is the time of an event or the end of a period, by the
    words written around it."""
    for block in (*doc.outside, *doc.blocks):
        if not block.span.line <= found.line <= block.span.last_line:
            continue
        for start, end, _ in written_dates(block.text, doc.language):
            span = block.locate(start, end)
            if (span.line, span.column) == (found.line, found.column):
                after, before = block.text[end:end + 60], block.text[max(0, start - 30):start]
                return bool(_TIME_SPAN_AFTER.match(after) or _RANGE_AFTER.match(after)
                            or _RANGE_BEFORE.search(before))
    return False


def _is_scheduled_event(doc, context) -> bool:
    """Whether the page's JSON-LD describes an Event (MusicEvent, EducationEvent...) with a
    `startDate`, or a microdata item is one: its machine-readable date is the event's."""
    return any(node.top_level and any(t.endswith("Event") for t in node.schema_types)
               and present(node.data.get("startDate")) for node in context.entities(doc).nodes) \
        or any(type_name.endswith("Event") for type_name, _ in doc.itemtypes)


def _is_log(doc) -> bool:
    """Whether the page is a log of dated entries: `_LOG_ENTRIES` headings or more carry a date
    ("## 9.5.0 - March 19, 2026", "### 0.118.0 (2025-07-29)")."""
    dated = (block for block in doc.blocks if block.kind == "heading"
             and any(True for _ in written_dates(block.text, doc.language)))
    return sum(1 for _ in zip(range(_LOG_ENTRIES), dated)) == _LOG_ENTRIES


def _where(doc, shown) -> str:
    """Where this page's date belongs, for its format and generator."""
    if shown is not None:
        if doc.format == "html":
            return f"mark the {describe(shown)} up as <time datetime>"
        return f"the {describe(shown)} is text only; add it to the front matter"
    if doc.format == "html":
        if doc.jsonld:
            return "add datePublished / dateModified to the page's JSON-LD"
        return ("add a <meta property=\"article:published_time\"> or a visible "
                "<time datetime> date line")
    key = _GENERATOR_KEYS.get(doc.dialect, "`date`")
    if doc.front_matter is None:
        return f"add front matter with {key}"
    return f"add {key} to the front matter"
