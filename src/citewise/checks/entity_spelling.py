"""entity-spelling: a name spelled one way across the run and another way here ("Github"
where the run writes "GitHub" on most pages). The canonical spelling is the config's
`entities`, else a spelling with a capital inside (GitHub, JavaScript) that dominates the run;
only spellings that differ past the first letter count (sentence case is no other spelling)."""

from __future__ import annotations

from citewise.diagnostic import Problem
from citewise.model import Span


def check(site, options, context):
    min_pages = options.get("min-pages", 3)
    ratio = options.get("ratio", 3)
    canonical = _configured(context.entity_names)
    spellings = _spellings(site, canonical)
    for lower, forms in spellings.items():
        best = canonical.get(lower) or _dominant(forms, min_pages, ratio)
        if best is None:
            continue
        best_pages = len(forms.get(best, {}))
        for form, pages in sorted(forms.items()):
            if form == best or form[1:] == best[1:] or form.isupper():
                continue
            if lower not in canonical and best_pages < ratio * len(pages):
                continue
            if lower in canonical:
                message = f'"{form}" is spelled "{best}" in the config\'s entities'
            else:
                message = (f'"{form}" is spelled "{best}" elsewhere in the run '
                           f"({_count(best_pages)}; this spelling: {_count(len(pages))})")
            for path, places in sorted(pages.items()):
                for line, column in places:
                    yield path, Problem(Span(line, column, line, column + len(form)), message,
                                        suggestion=f"Write {best}.")


def _spellings(site, canonical: dict) -> dict[str, dict[str, dict[str, tuple]]]:
    """lower-cased word -> spelling -> page path -> where the page has it: the words spelled
    more than one way, and those the config names."""
    found: dict[str, dict[str, dict[str, tuple]]] = {}
    for page in site.pages:
        for form, places in page.names:
            found.setdefault(form.lower(), {}).setdefault(form, {})[page.path] = places
    return {lower: forms for lower, forms in found.items()
            if len(forms) > 1 or lower in canonical}


def _configured(names) -> dict[str, str]:
    """The config's one-word entity names, by their lower case: the canonical spellings."""
    return {name.lower(): name for name in names if name.isalpha() and len(name) > 2}


def _dominant(forms: dict, min_pages: int, ratio: int) -> str | None:
    """The spelling with a capital past the first letter used on the most pages, when it is on
    at least `min_pages` pages; None when none is or two tie."""
    inner = sorted(((len(pages), form) for form, pages in forms.items()
                    if form[1:] != form[1:].lower() and not form.isupper()), reverse=True)
    if not inner or inner[0][0] < min_pages:
        return None
    if len(inner) > 1 and inner[1][0] * ratio > inner[0][0]:
        return None  # two inner-capital spellings in use (macOS, MacOS): no clear winner
    return inner[0][1]


def _count(pages: int) -> str:
    return f"{pages} page{'s' if pages != 1 else ''}"
