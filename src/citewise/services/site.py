"""The site as a whole: where each page of the checked tree is served, as site-file rules see it.

Plain data and pure functions: the engine walks the tree and reads each page's front matter
(engine/site.py), this module says which URL a content path has under the config's path rules,
and how two URLs compare (host case, `www.`, scheme, a trailing slash or `index.html` are
not differences a sitemap reader cares about).
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import urllib.parse
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SiteRules:
    """`[tool.citewise.site]`: the base URL and how a content path maps to a URL."""

    base_url: str  # ends with "/"
    content: tuple[str, ...] = ()  # folders relative to the config; () : content/ or docs/
    trailing_slash: bool = True  # guide.md -> /guide/ (else /guide, or /guide.html with suffix)
    suffix: str = ""  # ".html": guide.md -> /guide.html
    index_names: tuple[str, ...] = ("index", "_index", "README")  # stand for their folder
    sitemap_exclude: tuple[str, ...] = ("404.*", "*/404.*")  # pages no sitemap lists


@dataclass(frozen=True)
class SitePage:
    path: str  # relative to the config's folder (the project)
    url: str


@dataclass(frozen=True)
class SiteLayout:
    """The pages of the tree a sitemap should list, with their URLs; the site's sitemap
    files (a page missing from one sitemap may be in another)."""

    base_url: str
    pages: tuple[SitePage, ...] = ()
    sitemaps: tuple[str, ...] = ()  # relative to `root`
    root: str = ""  # the config's folder
    by_key: dict = field(default_factory=dict, compare=False, repr=False)
    folders: set = field(default_factory=set, compare=False, repr=False)

    def __post_init__(self):
        base = url_key(self.base_url)
        for page in self.pages:
            key = url_key(page.url)
            self.by_key.setdefault(key, page)
            while "/" in key.rstrip("/") and key != base:  # /a/b/ -> /a -> the host
                key = key.rsplit("/", 1)[0] or key
                self.folders.add(key)

    def other_sitemaps(self, path: str) -> list[str]:
        """The project's sitemap files but the one at `path` (a gitignored build folder's
        sitemap, named on the command line, is not among them at all)."""
        here = os.path.abspath(path)
        return [name for name in self.sitemaps if os.path.abspath(os.path.join(self.root, name))
                != here]

    def page_for(self, url: str) -> SitePage | None:
        return self.by_key.get(url_key(url))

    def is_folder(self, url: str) -> bool:
        """Whether `url` is a folder of the tree's pages: a generator's listing of them."""
        return url_key(url) in self.folders

    def path_of(self, url: str) -> str:
        """`url`'s path below the base URL, without slashes at the ends ("" for the base)."""
        base = urllib.parse.urlsplit(self.base_url).path
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
        return path[len(base):].strip("/") if path.startswith(base) else path.strip("/")

    def covers(self, url: str) -> bool:
        """Whether `url` is under the base URL (the part of the site the tree makes)."""
        base = url_key(self.base_url)
        key = url_key(url)
        return key == base or key.startswith(base.rstrip("/") + "/")


def page_url(rules: SiteRules, relative: str, permalink: str = "", slug: str = "") -> str:
    """The URL of a content file at `relative` (POSIX, relative to its content folder)."""
    if permalink:  # front matter `url` / `permalink` decides, relative to the site's root
        return urllib.parse.urljoin(rules.base_url, permalink)
    folder, name = posixpath.split(relative)
    stem = name.rsplit(".", 1)[0]
    if slug:
        stem = slug
    if name.rsplit(".", 1)[0] in rules.index_names:
        path = folder + "/" if folder else ""
    elif rules.suffix:
        path = posixpath.join(folder, stem + rules.suffix)
    else:
        path = posixpath.join(folder, stem) + ("/" if rules.trailing_slash else "")
    return rules.base_url + urllib.parse.quote(path)


def excluded_from_sitemap(rules: SiteRules, relative: str) -> bool:
    return any(fnmatch.fnmatch(relative, pattern) for pattern in rules.sitemap_exclude)


def url_key(url: str) -> str:
    """A URL as a page of the tree and a sitemap entry are matched: no scheme, host without
    `www.`, path percent-decoded, without `index.html` and trailing slash, the query kept; and
    in any case, spaces as dashes, without the punctuation generators drop from a file name
    (Hugo makes `How-To《X》.md` `/how-to-x/`). Two pages that differ only so would be taken
    for one: a missed finding, never a false one."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
    except ValueError:
        return url
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if _port(parts) else ""
    path = urllib.parse.unquote(parts.path or "/")
    for index in ("/index.html", "/index.htm"):
        if path.endswith(index):
            path = path[: -len(index) + 1]
    path = _slugged(path.rstrip("/")) or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{port}{path}{query}"


def _slugged(path: str) -> str:
    path = path.lower().replace(" ", "-")
    return "".join(char for char in path if char.isalnum() or char in "-_./~")


def _port(parts) -> int | None:
    try:
        port = parts.port
    except ValueError:
        return None
    return None if port in (None, 80, 443) else port
