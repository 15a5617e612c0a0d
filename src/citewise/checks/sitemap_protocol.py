"""sitemap-protocol: what the sitemaps.org protocol asks of the elements of a sitemap, and its
limits on a file (50,000 entries, 50 MB uncompressed)."""

import urllib.parse

from citewise.checks._sitemap import (
    ENTRY_CHILDREN, MAX_BYTES, MAX_ENTRIES, ROOTS, SITEMAP_NS, entries, sitemap_root,
)
from citewise.diagnostic import Problem

CHANGEFREQS = ("always", "hourly", "daily", "weekly", "monthly", "yearly", "never")


def check(doc, options, context):
    root = sitemap_root(doc)
    if root is None:
        return
    if root.name not in ROOTS:
        yield Problem(root.span, f"the root element is <{root.name}>, not <urlset> (a sitemap) "
                                 "or <sitemapindex> (a sitemap index)")
        return
    if root.namespace != SITEMAP_NS:
        found = f"the namespace {root.namespace}" if root.namespace else "no namespace"
        yield Problem(root.span, f"<{root.name}> has {found}; the protocol's is "
                                 f'xmlns="{SITEMAP_NS}"')
    entry_name = ROOTS[root.name]
    for child in root.children:
        if child.namespace == root.namespace and child.name != entry_name:
            yield Problem(child.span, f"<{child.name}> does not belong in <{root.name}>, which "
                                      f"holds <{entry_name}> elements")
    listed = entries(root)
    if not listed:
        yield Problem(root.span, f"<{root.name}> lists no <{entry_name}>", severity="warning")
    for entry in listed:
        yield from _entry(entry, root.namespace)
    if root.name == "urlset":
        yield from _sitemaps_as_pages(listed)
    yield from _size(doc, root, listed)


def _sitemaps_as_pages(listed):
    """A <urlset> whose URLs are sitemaps: an index written as a sitemap, so readers take the
    sitemaps for pages and never read the pages they list."""
    locs = [loc for entry in listed for loc in entry.find("loc")[:1] if loc.text]
    if not locs or not all(_is_sitemap_url(loc.text) for loc in locs):
        return
    for loc in locs:
        yield Problem(loc.value_span, f"{loc.text} is a sitemap, listed as a page: list sitemaps "
                                      "in a <sitemapindex> of <sitemap> elements")


def _is_sitemap_url(url: str) -> bool:
    path = urllib.parse.urlsplit(url).path.lower()
    name = path.rsplit("/", 1)[-1]
    return "sitemap" in name and name.endswith((".xml", ".xml.gz"))


def _size(doc, root, listed):
    if len(listed) > MAX_ENTRIES:
        yield Problem(listed[MAX_ENTRIES].span,
                      f"<{root.name}> lists {len(listed):,} entries; the protocol allows "
                      f"{MAX_ENTRIES:,} per file (this is number {MAX_ENTRIES + 1:,}): split it "
                      "and list the parts in a sitemap index")
    if doc.sitemap.size > MAX_BYTES:
        yield Problem(root.span, f"the file is {doc.sitemap.size:,} bytes; the protocol allows "
                                 f"{MAX_BYTES:,} (50 MB) uncompressed: split it and list the "
                                 "parts in a sitemap index")


def _entry(entry, namespace: str):
    allowed = ENTRY_CHILDREN[entry.name]
    locs = [child for child in entry.children if child.name == "loc"
            and child.namespace == namespace]
    if not locs:
        yield Problem(entry.span, f"<{entry.name}> has no <loc>: a reader skips it")
    elif not locs[0].text:
        yield Problem(locs[0].span, "<loc> is empty")
    for extra in locs[1:]:
        yield Problem(extra.span, f"a second <loc> in one <{entry.name}>: one URL per entry")
    for child in entry.children:
        if child.namespace != namespace:
            continue  # an extension (image:, news:, xhtml:link) is another schema's business
        if child.name not in allowed:
            yield Problem(child.span, f"<{child.name}> is not part of <{entry.name}> (it holds "
                                      f"{', '.join(f'<{name}>' for name in allowed)})")
        elif child.name == "changefreq" and child.text.lower() not in CHANGEFREQS:
            yield Problem(child.value_span, f"changefreq {child.text!r} is none of "
                                            f"{', '.join(CHANGEFREQS)}")
        elif child.name == "priority" and not _priority(child.text):
            yield Problem(child.value_span, f"priority {child.text!r} is not a number from "
                                            "0.0 to 1.0")


def _priority(text: str) -> bool:
    try:
        return 0.0 <= float(text) <= 1.0 and text.strip().lower() not in ("nan", "inf")
    except ValueError:
        return False
