"""What the sitemap rules share: the sitemaps.org vocabulary and the entries of a sitemap."""

from __future__ import annotations

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ROOTS = {"urlset": "url", "sitemapindex": "sitemap"}  # root element -> its entries
ENTRY_CHILDREN = {"url": ("loc", "lastmod", "changefreq", "priority"),
                  "sitemap": ("loc", "lastmod")}
MAX_ENTRIES = 50_000
MAX_BYTES = 50 * 1024 * 1024


def sitemap_root(doc):
    """The root of a sitemap file that parsed, or None (a template, an XML error)."""
    sitemap = doc.sitemap
    if sitemap is None or sitemap.template or sitemap.root is None:
        return None
    return sitemap.root


def entries(root) -> list:
    """The <url> (or <sitemap>) elements of a <urlset> (or <sitemapindex>): by local name, so
    that a sitemap with a wrong namespace is still read (sitemap-protocol reports it)."""
    wanted = ROOTS.get(root.name)
    return [child for child in root.children if child.name == wanted
            and child.namespace in (SITEMAP_NS, root.namespace)]


def locs(root) -> list:
    """The first <loc> of each entry that has one with text."""
    found = []
    for entry in entries(root):
        loc = next((child for child in entry.children if child.name == "loc"), None)
        if loc is not None and loc.text:
            found.append(loc)
    return found
