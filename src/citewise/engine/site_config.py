"""`[tool.citewise.site]`: how the checked tree maps to the site's URLs, for site-file rules.

Read and validated as strictly as the rest of the config: an unknown key (with a "did you
mean"), a value of the wrong type or a base URL that is not absolute is an error naming the file.
Without this table nothing maps pages to URLs, and the rules that need it say nothing.
"""

from __future__ import annotations

import difflib
import urllib.parse
from typing import Any

from citewise.services.site import SiteRules

DEFAULT_CONTENT = ("content", "docs")  # the first that exists, when `content` is not set
_KEYS = {
    "base-url": str,
    "content": list,
    "trailing-slash": bool,
    "suffix": str,
    "index-names": list,
    "sitemap-exclude": list,
}


def site_rules(value: Any, where: str, error: type[Exception]) -> SiteRules:
    """The `site` table as SiteRules; `error` (ConfigError) for anything wrong in it."""
    if not isinstance(value, dict):
        raise error(f"{where}: site must be a table")
    for key, item in value.items():
        if key not in _KEYS:
            close = difflib.get_close_matches(key, sorted(_KEYS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise error(f"{where}: site: unknown key {key!r}{hint}")
        kind = _KEYS[key]
        if not isinstance(item, kind) or (kind is list and not all(isinstance(x, str)
                                                                    for x in item)):
            wanted = "a list of strings" if kind is list else kind.__name__
            raise error(f"{where}: site.{key} must be {wanted}, got {item!r}")
    if "base-url" not in value:
        raise error(f"{where}: site: base-url is required (the URL the content folder is "
                    f"served at, e.g. \"https://example.com/\")")
    base = value["base-url"]
    parts = urllib.parse.urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise error(f"{where}: site.base-url must be an absolute http(s) URL, got {base!r}")
    suffix = value.get("suffix", "")
    if suffix and not suffix.startswith("."):
        raise error(f"{where}: site.suffix must start with a dot (\".html\"), got {suffix!r}")
    return SiteRules(
        base_url=base if base.endswith("/") else base + "/",
        content=tuple(value.get("content", ())),
        trailing_slash=value.get("trailing-slash", True),
        suffix=suffix,
        index_names=tuple(value.get("index-names", SiteRules.index_names)),
        sitemap_exclude=tuple(value.get("sitemap-exclude", SiteRules.sitemap_exclude)),
    )
