"""sitemap-unmapped-entry: URLs of the sitemap, under the site's base URL, that map to no page
of the checked tree, when `[tool.citewise.site]` says where the tree's pages are served."""

import fnmatch

from citewise.checks._sitemap import locs, sitemap_root
from citewise.diagnostic import Problem
from citewise.services.site import url_key


def check(doc, options, context):
    site = context.site
    root = sitemap_root(doc)
    if site is None or root is None or root.name != "urlset":
        return
    covered = [loc for loc in locs(root) if site.covers(loc.text)]
    if not any(site.page_for(loc.text) for loc in covered):
        return  # nothing here maps to the tree: base-url or the path rules are not this site's
    home = url_key(site.base_url)
    generated = options["generated-paths"]
    for loc in covered:
        url = loc.text
        if site.page_for(url) or url_key(url) == home or site.is_folder(url):
            continue  # a page, the home page, or a generator's listing of a folder's pages
        path = site.path_of(url)
        if any(fnmatch.fnmatch(path, pattern) for pattern in generated):
            continue
        yield Problem(loc.value_span, f"{url} maps to no page of the tree")
