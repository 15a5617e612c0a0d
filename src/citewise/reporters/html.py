"""`--format html`: one self-contained page for humans, readable at 300 pages and at 400 px.

A summary by rule (counts by severity, pages hit, a one-line why) and by category, then the
pages, lowest score first, each collapsed to its worst findings (the rest one click away), each
finding with its source line quoted and the rule's help. A small script of the report's own
filters by severity, rule, category and path and sorts the pages; the Content-Security-Policy
allows that one script by its hash and nothing else, and everything that comes from a checked
page is escaped by the template (autoescape), so a page's own markup never runs or renders.
Without the script (a viewer that blocks it) the report is complete, only not filterable.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources

from citewise.diagnostic import Diagnostic, severity_rank
from citewise.reporters import Report, clean_text

QUOTE_WIDTH = 300  # characters of a long source line shown around the finding
WORST_SHOWN = 3  # findings of a page shown before "more"
CATEGORY_TITLES = {
    "structure": "Structure",
    "sentences": "Sentences",
    "entities": "Entities and sources",
    "schema": "Structured data",
    "freshness": "Freshness",
    "readability": "Readability",
    "site": "Site files",
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
    category_title: str = ""


@dataclass
class Page:
    path: str
    anchor: str
    score: int | None
    findings: int
    worst: list[Finding] = field(default_factory=list)  # shown open
    rest: list[Finding] = field(default_factory=list)  # behind "more"
    severities: Counter = field(default_factory=Counter)


@dataclass
class RuleRow:
    id: str
    code: str
    category: str
    category_title: str
    counts: Counter
    pages: int
    why: str
    help_uri: str

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def render(report: Report) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("citewise.reporters", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    script = resources.files("citewise.reporters").joinpath("templates/report.js").read_text(
        encoding="utf-8")
    pages = _pages(report)
    scored = [page.score for page in pages if page.score is not None]
    severities = Counter(d.severity for d in report.diagnostics)
    rules = _rule_rows(report)
    categories = Counter(d.category for d in report.diagnostics)
    return env.get_template("report.html.j2").render(
        pages=[page for page in pages if page.findings],
        clean_pages=[page for page in pages if not page.findings],
        checked=len(pages),
        total=len(report.diagnostics),
        severities=severities,
        mean_score=round(sum(scored) / len(scored)) if scored else None,
        below=sum(1 for score in scored if score < 80),
        rules=rules,
        categories=[(name, CATEGORY_TITLES.get(name, name.title()), count)
                    for name, count in sorted(categories.items(),
                                              key=lambda kv: (-kv[1], _category_order(kv[0])))],
        version=report.tool_version,
        generated=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        band=_band,
        worst_shown=WORST_SHOWN,
        script=script,
        script_hash=base64.b64encode(hashlib.sha256(script.encode()).digest()).decode(),
    )


def _finding(report: Report, d: Diagnostic) -> Finding:
    rule = report.rules.get(d.rule)
    shown = dataclasses.replace(d, message=clean_text(d.message), help=clean_text(d.help))
    return Finding(shown, _quote(d), rule.code if rule else "", rule.summary if rule else "",
                   rule.help_uri if rule else "", CATEGORY_TITLES.get(d.category,
                                                                      d.category.title()))


def _pages(report: Report) -> list[Page]:
    by_page: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_page.setdefault(d.path, []).append(d)
    paths = list(dict.fromkeys([*report.checked, *by_page]))
    pages = []
    for number, path in enumerate(paths, 1):
        score = report.scores.get(path)
        # worst first: severity, then the category order, then where it is on the page
        found = sorted(by_page.get(path, []),
                       key=lambda d: (-severity_rank(d.severity), d.line, d.column, d.rule))
        findings = [_finding(report, d) for d in found]
        pages.append(Page(clean_text(path), f"page-{number}", score.score if score else None,
                          len(found), findings[:WORST_SHOWN], findings[WORST_SHOWN:],
                          Counter(d.severity for d in found)))
    pages.sort(key=lambda page: (page.score if page.score is not None else 101, page.path))
    return pages


def _rule_rows(report: Report) -> list[RuleRow]:
    counts: dict[str, Counter] = {}
    pages: dict[str, set[str]] = {}
    categories: dict[str, str] = {}
    for d in report.diagnostics:
        counts.setdefault(d.rule, Counter())[d.severity] += 1
        pages.setdefault(d.rule, set()).add(d.path)
        categories[d.rule] = d.category
    rows = []
    for rule_id, counter in counts.items():
        info = report.rules.get(rule_id)
        category = categories[rule_id]
        rows.append(RuleRow(rule_id, info.code if info else "", category,
                            CATEGORY_TITLES.get(category, category.title()), counter,
                            len(pages[rule_id]), _why(info), info.help_uri if info else ""))
    # what costs most first: errors, then warnings, then info
    rows.sort(key=lambda row: (-row.counts["error"], -row.counts["warning"], -row.total, row.id))
    return rows


def _why(info) -> str:
    """One line on why a rule matters: the first sentence of its rationale, else its summary."""
    if info is None:
        return ""
    text = " ".join((info.rationale or info.summary).split())
    match = re.match(r"(.+?[.!?])(?=\s+[A-Z(\"'`]|$)", text)
    sentence = match.group(1) if match else text
    return sentence if len(sentence) <= 220 else sentence[:219].rstrip() + "…"


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
