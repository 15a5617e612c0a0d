"""`--format html`: one self-contained page (no scripts, no network assets) for humans.

A summary of every checked page with its citability score, then the findings of each page
grouped by category, each with its source line quoted and the rule's help. Everything that comes
from a checked page is escaped by the template (autoescape) and the report forbids scripts with
a Content-Security-Policy, so a page's own markup can neither run nor render in the report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from citewise.diagnostic import Diagnostic
from citewise.reporters import Report, clean_text

QUOTE_WIDTH = 300  # characters of a long source line shown around the finding
CATEGORY_TITLES = {
    "structure": "Structure",
    "sentences": "Sentences",
    "entities": "Entities and sources",
    "schema": "Structured data",
    "freshness": "Freshness",
    "readability": "Readability",
    "file": "File",
}


@dataclass
class Quote:
    before: str
    marked: str
    after: str
    clipped_start: bool = False
    clipped_end: bool = False


@dataclass
class Finding:
    d: Diagnostic
    quote: Quote | None
    code: str = ""
    summary: str = ""
    help_uri: str = ""


@dataclass
class Page:
    path: str
    anchor: str
    score: int | None
    findings: int
    categories: list[tuple[str, list[Finding]]] = field(default_factory=list)
    severities: Counter = field(default_factory=Counter)


def render(report: Report) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("citewise.reporters", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    pages = _pages(report)
    scored = [page.score for page in pages if page.score is not None]
    severities = Counter(d.severity for d in report.diagnostics)
    return env.get_template("report.html.j2").render(
        pages=pages,
        total=len(report.diagnostics),
        severities=severities,
        mean_score=round(sum(scored) / len(scored)) if scored else None,
        version=report.tool_version,
        generated=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        band=_band,
    )


def _pages(report: Report) -> list[Page]:
    by_page: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_page.setdefault(d.path, []).append(d)
    paths = list(dict.fromkeys([*report.checked, *by_page]))
    pages = []
    for number, path in enumerate(paths, 1):
        score = report.scores.get(path)
        found = sorted(by_page.get(path, []), key=lambda d: (d.line, d.column, d.rule))
        page = Page(clean_text(path), f"page-{number}", score.score if score else None,
                    len(found), severities=Counter(d.severity for d in found))
        grouped: dict[str, list[Finding]] = {}
        for d in found:
            rule = report.rules.get(d.rule)
            shown = dataclasses.replace(d, message=clean_text(d.message), help=clean_text(d.help))
            grouped.setdefault(d.category, []).append(Finding(
                shown, _quote(d), rule.code if rule else "", rule.summary if rule else "",
                rule.help_uri if rule else ""))
        page.categories = [(CATEGORY_TITLES.get(name, name.title()), grouped[name])
                           for name in sorted(grouped, key=_category_order)]
        pages.append(page)
    pages.sort(key=lambda page: (page.score if page.score is not None else 101, page.path))
    return pages


def _category_order(name: str) -> int:
    names = list(CATEGORY_TITLES)
    return names.index(name) if name in names else len(names)


def _quote(d: Diagnostic) -> Quote | None:
    """The finding's source line, its own columns marked, long lines clipped around them."""
    if d.source_line is None or not d.source_line.strip():
        return None
    text = clean_text(d.source_line.replace("\t", " "))  # one character per column
    start = min(max(d.column - 1, 0), len(text))
    end = len(text) if d.end_line > d.line else min(max(d.end_column - 1, start), len(text))
    indent = min(len(text) - len(text.lstrip(" ")), start)  # leading blanks are not shown
    window_start = max(indent, min(start - 40, end - QUOTE_WIDTH))
    window_start = min(window_start, start)
    window_end = min(len(text), max(window_start + QUOTE_WIDTH, start + 1))
    marked_end = min(end, window_end)
    return Quote(text[window_start:start], text[start:marked_end], text[marked_end:window_end],
                 window_start > indent, window_end < len(text) or marked_end < end)


def _band(score: int | None) -> str:
    if score is None:
        return "none"
    return "good" if score >= 80 else "fair" if score >= 50 else "poor"
