"""sitemap-size: a sitemap over the protocol's limits (50,000 URLs, 50 MB uncompressed)."""

from citewise.checks._sitemap import MAX_BYTES, MAX_ENTRIES, entries, sitemap_root
from citewise.diagnostic import Problem


def check(doc, options, context):
    root = sitemap_root(doc)
    if root is None:
        return
    listed = entries(root)
    if len(listed) > MAX_ENTRIES:
        first_over = listed[MAX_ENTRIES]
        yield Problem(first_over.span, f"<{root.name}> lists {len(listed):,} entries; the "
                                       f"protocol allows {MAX_ENTRIES:,} per file (this is the "
                                       f"{MAX_ENTRIES + 1:,}th): split it and list the parts in "
                                       "a sitemap index")
    if doc.sitemap.size > MAX_BYTES:
        yield Problem(root.span, f"the file is {doc.sitemap.size:,} bytes; the protocol allows "
                                 f"{MAX_BYTES:,} (50 MB) uncompressed")
