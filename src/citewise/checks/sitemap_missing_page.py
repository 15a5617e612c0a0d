"""sitemap-missing-page: pages of the checked tree that the site's sitemap does not list,
when `[tool.citewise.site]` says where the tree's pages are served."""

from citewise.checks._sitemap import locs, sitemap_root
from citewise.diagnostic import Problem


def check(doc, options, context):
    site = context.site
    root = sitemap_root(doc)
    # The site's one sitemap (not an index, not one of several files): a page missing here is
    # missing.
    if site is None or root is None or root.name != "urlset" or site.other_sitemaps(doc.path):
        return
    listed = {site.page_for(loc.text) for loc in locs(root) if site.covers(loc.text)}
    listed.discard(None)
    if not listed:
        return  # nothing here maps to the tree: base-url or the path rules are not this site's
    for page in site.pages:
        if page not in listed:
            yield Problem(root.span, f"{page.path} is not listed (its URL: {page.url})")
