"""jsonld-missing: an HTML page without a JSON-LD block (info when it has microdata or RDFa)."""

from citewise.checks._structure import head_written_by_generator
from citewise.diagnostic import Problem
from citewise.model import Span

_NAMES = {"microdata": "microdata", "rdfa": "RDFa"}
# Types WordPress themes put on their page furniture: markup of the layout, not of the page.
_LAYOUT_TYPES = frozenset({"WPHeader", "WPFooter", "WPSideBar", "WPAdBlock",
                           "SiteNavigationElement", "WebPageElement", "Brand", "BreadcrumbList",
                           "ListItem", "ImageObject", "SearchAction", "WebSite"})


def check(doc, options, context):
    if doc.jsonld or not _has_title_element(doc):
        return  # JSON-LD present (syntax errors are jsonld-syntax's), or a fragment, not a page
    if head_written_by_generator(doc):
        return  # front matter: the layout writes the <head> (jekyll-seo-tag, Hugo's schema)
    where = Span(doc.title_line or 1)
    other = [item for item in doc.structured_data if item.syntax in _NAMES and item.data
             and _describes(item.data)]
    if other:
        if not options["report-other-syntaxes"]:
            return  # the page describes itself; JSON-LD instead is a preference (judged so)
        kinds = sorted({_NAMES[item.syntax] for item in other})
        types = sorted(set().union(*(_type_names(item.data) for item in other)))
        about = f" ({', '.join(types[:3])}{', …' if len(types) > 3 else ''})" if types else ""
        yield Problem(where, f"no JSON-LD block; the page has {' and '.join(kinds)}{about} "
                             f"instead, which fewer consumers read", severity="info")
        return
    graph = " (only Open Graph tags, which carry no schema.org types)" if any(
        item.syntax == "opengraph" for item in doc.structured_data) else ""
    yield Problem(where, f"no JSON-LD block (<script type=\"application/ld+json\">){graph}")


def _describes(data) -> bool:
    """Whether a microdata or RDFa item says something about the page: not only the theme's
    furniture (WPHeader, SiteNavigationElement...) nor a bare `<body itemtype=WebPage>` that
    states no property of it."""
    types = _type_names(data)
    if not types:
        return True  # untyped statements (RDFa properties): data about the page all the same
    if types <= _LAYOUT_TYPES:
        return False
    properties = data.get("properties") if isinstance(data, dict) else None
    return bool(properties) or not types <= {"WebPage", *_LAYOUT_TYPES}


def _type_names(data) -> set[str]:
    """All of an item's types, short names: a set, as extruct's order of them is not stable."""
    value = data.get("type") or data.get("@type") if isinstance(data, dict) else None
    values = value if isinstance(value, list) else [value]
    return {v.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            for v in values if isinstance(v, str)} - {""}


def _has_title_element(doc) -> bool:
    """A <title>: the parser falls back to the H1 for the title when there is none."""
    h1 = doc.h1
    return bool(doc.title) and (h1 is None or (doc.title, doc.title_line) != (h1.text, h1.span.line))
