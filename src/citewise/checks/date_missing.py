"""date-missing: the page states no machine-readable date (the one finding for a page's
missing date: frontmatter-missing leaves the date to it)."""

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.dates import describe, is_machine_readable, relative_time

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
        return  # an empty file has nothing to date
    dates = context.dates(doc)
    if any(is_machine_readable(found) for found in dates.found):
        return
    shown = next((found for found in dates.found if found.source == "text"), None)
    relative = relative_time(doc) if shown is None else None
    if relative is not None:
        phrase, span = relative
        message = f'no date for "{phrase}" to count from: {_where(doc, None)}'
    else:
        span = Span(doc.title_line or 1)
        message = f"no machine-readable date: {_where(doc, shown)}"
    yield Problem(span, message)


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
