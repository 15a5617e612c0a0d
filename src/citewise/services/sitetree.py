"""Whether a site-relative URL of a site file (llms.txt) names a file of the checked tree.

Only a certain answer counts: the site file's folder is taken as the site root, and a URL is
"missing" only when the tree plainly mirrors the URL there (its parent folder exists and holds
checked pages) and no file could be the source of it (no file or folder of the same stem, which
a generator would turn into that URL). Anything else, including a site generator's config at
the root (permalinks, content folders), is "unknown", never reported.
"""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path, PurePosixPath

# Files a site serves as they are; a URL without such a suffix is a generator's route.
STATIC_SUFFIXES = frozenset({".md", ".txt", ".html", ".htm", ".pdf", ".json", ".xml"})
GENERATOR_CONFIGS = ("mkdocs.yml", "mkdocs.yaml", "_config.yml", "hugo.toml", "hugo.yaml",
                     "config.toml", "docusaurus.config.js", "docusaurus.config.ts",
                     "astro.config.mjs", "astro.config.ts", "next.config.js", "next.config.mjs",
                     "gatsby-config.js", "nuxt.config.ts", ".vitepress", "_quarto.yml",
                     "conf.py", "book.toml", "antora.yml", "eleventy.config.js", ".eleventy.js")
EXISTS, MISSING, UNKNOWN = "exists", "missing", "unknown"


def site_path_status(site_file: str, url: str) -> tuple[str, str]:
    """(status, the file looked for) of a site-relative `url` ("/docs/a.md") read from the site
    file at `site_file` (a path on disk)."""
    root = Path(site_file).parent
    # Only a file on disk has a tree around it (not stdin, an example or a fetched file).
    if not url.startswith("/") or url.startswith("//") or not Path(site_file).is_file():
        return UNKNOWN, ""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    parts = PurePosixPath(path).parts[1:]
    if not parts or ".." in parts or PurePosixPath(path).suffix.lower() not in STATIC_SUFFIXES:
        return UNKNOWN, ""
    target = root.joinpath(*parts)
    shown = "/".join(parts)
    if target.exists():
        return EXISTS, shown
    if any((root / name).exists() for name in GENERATOR_CONFIGS):
        return UNKNOWN, shown
    parent = target.parent
    if not parent.is_dir():
        return UNKNOWN, shown
    stem = target.stem.lower()
    try:
        names = os.listdir(parent)
    except OSError:
        return UNKNOWN, shown
    if any(Path(name).stem.lower() == stem or name.lower() == stem for name in names):
        return UNKNOWN, shown  # intro.mdx or intro/ becomes /intro.md or /intro.html
    if not any(Path(name).suffix.lower() in STATIC_SUFFIXES | {".mdx", ".markdown"}
               for name in names):
        return UNKNOWN, shown  # the folder holds no pages: not where pages are kept
    return MISSING, shown
