"""What the page-outline checks (single-h1, heading-skip, no-subheadings, title-tag,
meta-description) need to know about a file before judging it as a whole page.

Not a rule (no `check`).
"""

from __future__ import annotations

from pathlib import PurePath


def is_partial(doc) -> bool:
    """A Markdown partial, included into other pages, not a page of its own: a `_name.md`
    (Docusaurus, Jekyll; Hugo's `_index.md` is a section's page and counts) or a file in an
    includes/partials folder (Hugo's `_common/`), as the page-kind evidence says."""
    if doc.format != "markdown":
        return False
    name = PurePath(doc.path).name
    if name.startswith("_") and not name.startswith("_index."):
        return True
    return any(e.source == "path" and e.detail.startswith("partial") for e in doc.kind_evidence)


def is_fragment(doc) -> bool:
    """An HTML snippet with no <head> (an example or an include), not a page to judge whole."""
    return doc.format == "html" and not doc.html_head


def head_written_by_generator(doc) -> bool:
    """An HTML page with front matter: the site generator's layout writes its <head> and page
    header from that front matter."""
    return doc.format == "html" and doc.front_matter is not None
