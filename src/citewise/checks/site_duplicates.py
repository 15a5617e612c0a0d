"""duplicate-title and duplicate-description: the same title or meta description on several
pages of the run, reported on each of them, naming the others.

Two pages that share a title are left apart when the title is read with a context the other
page does not share: a step of a numbered series (`step-by-step/02-liquid.md` "Liquid" beside
the reference page `liquid.md` "Liquid"), or a page named exactly for its file, which documents
that identifier in the namespace its folder names (`methods/page/Title.md` and
`methods/menu-entry/Title.md`, both "Title"). A one-word title is compared with its case: `Alert`
and `alert` name two identifiers (a component and a function) in a case-sensitive language."""

from __future__ import annotations

import posixpath
import re

from citewise.diagnostic import Problem

MAX_NAMED = 3  # pages named in a message; the rest are counted


def check_titles(site, options, context):
    """Pages whose own title (<title>, front matter `title`) another page has too."""
    yield from _duplicates(site, "title", lambda page: (page.title, page.title_span),
                           options.get("min-length", 1), key=_title_key,
                           apart=_titles_apart(site))


def check_descriptions(site, options, context):
    """Pages whose meta description (or front matter `description`) another page has too."""
    yield from _duplicates(site, "description",
                           lambda page: (page.description, page.description_span),
                           options.get("min-length", 1))


def _duplicates(site, what: str, read, min_length: int, key=None, apart=None):
    key = key or (lambda text: " ".join(text.split()).casefold())
    groups: dict[str, list] = {}
    for page in site.pages:
        text, span = read(page)
        if span is None or len(text) < min_length or _templated(text):
            continue
        groups.setdefault(key(text), []).append((page, text, span))
    for group in groups.values():
        if len(group) < 2:
            continue
        for page, text, span in group:
            others = [other.path for other, other_text, _ in group
                      if other is not page and not _versions(other.path, page.path)
                      and not (apart and apart(page.path, text, other.path, other_text))]
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


def _title_key(text: str) -> str:
    """Titles compare with white space collapsed and case folded, except a one-word title:
    `Alert` (a component) and `alert` (a function) are two identifiers, not one title."""
    collapsed = " ".join(text.split())
    return collapsed if " " not in collapsed else collapsed.casefold()


# A file name that numbers a step: 01-setup, 2_install, 10 deployment (not a date: 2022-08-12-x)
_STEP = re.compile(r"^\d{1,3}[-_. ]+[^\W\d]")
SERIES = 3  # numbered pages in one folder that make it a series


def _titles_apart(site):
    """The test of two pages with one title that are read apart (see the module docstring)."""
    numbered: dict[str, int] = {}
    for page in site.pages:
        folder, name = _split(page.path)
        if _STEP.match(name):
            numbered[folder] = numbered.get(folder, 0) + 1

    def step(folder: str, name: str) -> bool:
        return bool(_STEP.match(name)) and numbered.get(folder, 0) >= SERIES

    def apart(first: str, first_title: str, second: str, second_title: str) -> bool:
        (one, one_name), (two, two_name) = _split(first), _split(second)
        if one == two:
            return False  # two pages of one folder: nothing tells them apart
        if step(one, one_name) or step(two, two_name):
            return True  # a step is read within its numbered series
        return (one_name == two_name and _named_for(one_name, first_title)
                and _named_for(two_name, second_title))

    return apart


def _split(path: str) -> tuple[str, str]:
    """A page's folder and its file name without the extension."""
    folder, name = posixpath.split(path.replace("\\", "/"))
    return folder, posixpath.splitext(name)[0]


def _named_for(name: str, title: str) -> bool:
    """Whether the title is the file's name spelled exactly (`Title.md` "Title"): a reference
    page for the identifier the file is named for."""
    collapsed = " ".join(title.split())
    return " " not in collapsed and collapsed == name


def _templated(text: str) -> bool:
    """A template's placeholder, which the generator replaces: not the page's own text."""
    return "{{" in text or "{%" in text


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _named(paths: list[str]) -> str:
    shown = ", ".join(paths[:MAX_NAMED])
    more = len(paths) - MAX_NAMED
    return shown + (f" and {more} more page{'s' if more > 1 else ''}" if more > 0 else "")
