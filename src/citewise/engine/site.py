"""The site's pages as `[tool.citewise.site]` maps them to URLs, for the sitemap rules.

The tree is walked once per config (git's file list, .gitignore honoured, the config's exclude
and a Hugo site's templates left out). A page a sitemap need not list is left out too: a draft
or unlisted page, a page its front matter keeps out of the sitemap or search engines
(`sitemap: false`, `noindex`), an HTML page with `<meta name="robots" content="noindex">`, a
redirect or a canonical link to another URL, and what the config's `sitemap-exclude` names
(404 pages by default). Only the first
kilobytes of each page are read: front matter and the head are at the top.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from pathlib import Path

from citewise.engine.files import PAGE_SUFFIXES, walk_pages
from citewise.engine.generators import template_dirs
from citewise.parsers import is_sitemap_name
from citewise.parsers.frontmatter import parse_front_matter, split_front_matter
from citewise.services.site import (
    SiteLayout, SitePage, excluded_from_sitemap, page_url, url_key,
)

HEAD_BYTES = 16 * 1024
_CANONICAL = re.compile(
    rb"<link\s[^>]*rel\s*=\s*[\"']?canonical[\"']?[^>]*href\s*=\s*[\"']([^\"']+)[\"']"
    rb"|<link\s[^>]*href\s*=\s*[\"']([^\"']+)[\"'][^>]*rel\s*=\s*[\"']?canonical\b",
    re.IGNORECASE)
_NOINDEX_META = re.compile(
    rb"<meta\s[^>]*name\s*=\s*[\"']?(?:robots|googlebot)[\"']?[^>]*content\s*=\s*[\"'][^\"']*"
    rb"noindex|<meta\s[^>]*http-equiv\s*=\s*[\"']?refresh", re.IGNORECASE)


def site_layout(config) -> SiteLayout | None:
    """The site of `config`, or None when it maps no page to a URL (no [site] table, or no
    content folder)."""
    if config.site is None:
        return None
    # Kept on the config, which lives as long as one run's ConfigFinder: a later run (a test,
    # the server, --fix re-checking) walks the tree again and sees the pages it has now.
    cached = config.__dict__.get("_site_layout", ())
    if cached == ():
        cached = config.__dict__["_site_layout"] = _layout(config.site, config.root,
                                                           tuple(config.exclude))
    return cached


def layout_digest(config) -> str:
    """What the site's layout is, hashed: a cached sitemap result is stale when it changes."""
    layout = site_layout(config)
    if layout is None:
        return ""
    listing = [layout.base_url, *layout.sitemaps, *(f"{p.path}\0{p.url}" for p in layout.pages)]
    return hashlib.sha256("\n".join(listing).encode("utf-8", "surrogateescape")).hexdigest()


def _layout(rules, root: Path, exclude: tuple[str, ...]) -> SiteLayout | None:
    import fnmatch

    base = Path(root)
    folders = [base / name for name in rules.content] if rules.content else \
        [base / name for name in ("content", "docs") if (base / name).is_dir()][:1]
    folders = [folder for folder in folders if folder.is_dir()]
    if not folders:
        return None
    templates = template_dirs(base)

    def wanted(path: Path) -> bool:
        relative = _relative(path, base)
        return not any(fnmatch.fnmatch(relative, pattern) for pattern in exclude) and not any(
            folder in path.absolute().parents for folder in templates)

    sitemaps = tuple(_relative(path, base) for path in walk_pages(base)
                     if is_sitemap_name(path.name) and wanted(path))
    pages = []
    for folder in folders:
        for path in walk_pages(folder):
            if path.suffix.lower() not in PAGE_SUFFIXES or not wanted(path):
                continue
            relative = _relative(path, folder)
            if _private(relative) or excluded_from_sitemap(rules, relative):
                continue
            listed = _listing(path)
            if listed is None:
                continue
            url = page_url(rules, relative, *listed[:2])
            if listed[2] and url_key(urllib.parse.urljoin(url, listed[2])) != url_key(url):
                continue  # its canonical URL is another page's: that one belongs in the sitemap
            pages.append(SitePage(_relative(path, base), url))
    return SiteLayout(rules.base_url, tuple(pages), sitemaps, str(base))


def _private(relative: str) -> bool:
    """Jekyll's `_posts/`, `_includes/`, dot folders: not served at their path."""
    return any(part.startswith(("_", ".")) for part in relative.split("/")[:-1])


def _listing(path: Path) -> tuple[str, str, str] | None:
    """(permalink, slug) from the page's front matter and its HTML canonical link; None for a
    page no sitemap lists."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return ("", "", "")  # the run reports the file; the sitemap should still list it
    if _NOINDEX_META.search(head):
        return None
    found = _CANONICAL.search(head)
    canonical = (found.group(1) or found.group(2)).decode("utf-8", "replace") if found else ""
    text = head.decode("utf-8", "replace")
    lines = text.splitlines(keepends=True)
    fence = split_front_matter(lines)
    if fence is None:
        return ("", "", canonical)
    data = parse_front_matter(lines, *fence).data
    if not isinstance(data, dict):
        return ("", "", canonical)
    if _unlisted(data):
        return None
    permalink = data.get("url") or data.get("permalink") or ""
    slug = data.get("slug") or ""
    return (permalink if isinstance(permalink, str) else "",
            slug if isinstance(slug, str) else "", canonical)


def _unlisted(data: dict) -> bool:
    sitemap, build, robots = data.get("sitemap"), data.get("build"), data.get("robots")
    return (data.get("draft") is True or data.get("published") is False
            or data.get("unlisted") is True or data.get("headless") is True
            or data.get("noindex") is True or sitemap is False
            or isinstance(sitemap, dict) and (sitemap.get("disable") is True
                                              or sitemap.get("exclude") in (True, "yes"))
            or isinstance(build, dict) and build.get("render") in ("never", False)
            or isinstance(robots, str) and "noindex" in robots.lower()
            or bool(data.get("redirect_to") or data.get("redirect")))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return path.as_posix()
