"""duplicate-title and duplicate-description: the same title or meta description on several
pages of the run, reported on each of them, naming the others."""

from __future__ import annotations

import re

from citewise.diagnostic import Problem

MAX_NAMED = 3  # pages named in a message; the rest are counted


def check_titles(site, options, context):
    """Pages whose own title (<title>, front matter `title`) another page has too."""
    yield from _duplicates(site, "title", lambda page: (page.title, page.title_span),
                           options.get("min-length", 1))


def check_descriptions(site, options, context):
    """Pages whose meta description (or front matter `description`) another page has too."""
    yield from _duplicates(site, "description",
                           lambda page: (page.description, page.description_span),
                           options.get("min-length", 1))


def _duplicates(site, what: str, read, min_length: int):
    groups: dict[str, list] = {}
    for page in site.pages:
        text, span = read(page)
        if span is None or len(text) < min_length or _templated(text):
            continue
        groups.setdefault(" ".join(text.split()).casefold(), []).append((page, text, span))
    for group in groups.values():
        if len(group) < 2:
            continue
        for page, text, span in group:
            others = [other.path for other, _, _ in group
                      if other is not page and not _versions(other.path, page.path)]
            if others:
                yield page.path, Problem(span, f'{what} "{_short(text)}" is also the {what} '
                                               f"of {_named(others)}")


# A folder that names a version of the docs: 0.4.0, v2, 1.x, version-3.1 (Docusaurus), latest.
_VERSION = re.compile(r"^(?:v?\d+(?:\.(?:\d+|x))*|version-[\w.-]+|latest|next|current|stable)$",
                      re.I)


def _versions(first: str, second: str) -> bool:
    """Whether two paths differ only in version folders: two versions of one page, whose
    shared title is the versioned docs' design (the generator marks one canonical)."""
    one, two = first.replace("\\", "/").split("/"), second.replace("\\", "/").split("/")
    if len(one) != len(two):
        return False
    differ = [(a, b) for a, b in zip(one, two) if a != b]
    return bool(differ) and all(_VERSION.match(a) and _VERSION.match(b) for a, b in differ)


def _templated(text: str) -> bool:
    """A template's placeholder, which the generator replaces: not the page's own text."""
    return "{{" in text or "{%" in text


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _named(paths: list[str]) -> str:
    shown = ", ".join(paths[:MAX_NAMED])
    more = len(paths) - MAX_NAMED
    return shown + (f" and {more} more page{'s' if more > 1 else ''}" if more > 0 else "")
