"""The site-wide pass: the rules over the whole run, after the per-file pass.

A site-wide rule (catalogue `scope = "site-wide"`) reads the summaries of every page of the run
(citewise.model.PageSummary, made by the per-file pass, cached with the page's findings and
sent back by worker processes) through a citewise.services.crosspage.Site, and yields
(path, Problem) pairs. Each pair becomes a diagnostic of that page exactly as a page's own
finding does: the page's config decides whether the rule runs on it (select, ignore,
per-file-ignores, page kinds) and its severity, the page's suppression comments apply, and an
unused suppression of a site-wide rule is reported here, once the pass knows. The pass is
never cached: it is cheap, and a change to one page changes findings on others.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from typing import Callable

from citewise.diagnostic import INTERNAL_ERROR, Diagnostic, Problem
from citewise.engine.catalogue import RuleSpec
from citewise.engine.config import Config
from citewise.engine.runner import (
    Selection, active_rules, context_for, make_diagnostic, rule_resolver, unused_suppressions,
    with_source_lines,
)
from citewise.engine.suppressions import ALL, apply_suppressions, read_suppressions
from citewise.model import PageSummary, Span


@dataclass
class RunPage:
    """One page of the run as the site-wide pass sees it."""

    summary: PageSummary
    config: Config
    source: Callable[[], str | None]  # the page's decoded text, for the lines findings quote


def site_diagnostics(pages: list[RunPage], selection: Selection) -> list[Diagnostic]:
    """The findings of the site-wide rules on `pages`, suppressed and checked as page findings."""
    from citewise.services.crosspage import Site

    if not pages:
        return []
    active = {page.summary.path: _site_rules(page, selection) for page in pages}
    specs = _rules_to_run(pages, active)
    if not specs:
        return []
    by_path = {page.summary.path: page for page in pages}
    site = Site([page.summary for page in pages])
    found: dict[str, list[Diagnostic]] = {}
    failures: list[Diagnostic] = []
    for rule_id, (spec, config) in specs.items():
        problems, failure = _run_rule(spec, config, site, selection, pages, active)
        if failure is not None:
            failures.append(failure)
        for named, problem in problems:
            summary = site.page(named)  # "./docs/a.md" is docs/a.md
            path = summary.path if summary is not None else named
            page = by_path.get(path)
            page_spec = active.get(path, {}).get(rule_id)
            if page is None or page_spec is None:
                continue  # not a page of the run, or the rule is off there
            found.setdefault(path, []).append(make_diagnostic(
                page.config, path, page_spec, problem, page.summary.line_count))
    diagnostics: list[Diagnostic] = list(failures)
    for page in pages:
        path = page.summary.path
        if not active[path]:
            continue
        kept = _suppressed(page, found.get(path, []), set(active[path]), selection)
        if kept:
            diagnostics += with_source_lines(kept, page.source() or "")
    return diagnostics


def _site_rules(page: RunPage, selection: Selection) -> dict[str, RuleSpec]:
    summary, config = page.summary, page.config
    return {spec.id: spec for spec in active_rules(config, selection, summary.path, summary.format)
            if spec.site_wide and summary.kind in config.rule_kinds.get(spec.id, spec.kinds)}


def _rules_to_run(pages: list[RunPage], active: dict) -> dict[str, tuple[RuleSpec, Config]]:
    """Each site-wide rule that runs on some page, with the config of the first such page:
    its options are the rule's options for the whole run."""
    specs: dict[str, tuple[RuleSpec, Config]] = {}
    for page in pages:
        for rule_id, spec in active[page.summary.path].items():
            specs.setdefault(rule_id, (spec, page.config))
    return dict(sorted(specs.items()))


def _run_rule(spec: RuleSpec, config: Config, site, selection: Selection,
              pages: list[RunPage], active: dict) -> tuple[list[tuple[str, Problem]],
                                                            Diagnostic | None]:
    """The rule's (path, Problem) pairs; a rule that raises is an internal error on the first
    page it runs on (never suppressed), and the other rules still run."""
    options = spec.resolve_options(config.options_for(spec.id), "")
    context = context_for(config, selection).for_rule(frozenset())
    try:
        with contextlib.redirect_stdout(sys.stderr):  # a rule's print must not spoil a report
            return [(str(path), problem)
                    for path, problem in spec.check(site, options or {}, context)], None
    except Exception as error:  # a bug in the rule: reported, never a crash of the run
        first = next(page for page in pages if spec.id in active[page.summary.path])
        reason = " ".join(str(error).split())
        reason = reason if len(reason) <= 300 else reason[:299] + "…"
        return [], make_diagnostic(
            first.config, first.summary.path, first.config.registry.rules[INTERNAL_ERROR],
            Problem(Span(1, 1), f"site-wide rule {spec.id} failed: {type(error).__name__}: "
                                f"{reason}"), first.summary.line_count)


def _suppressed(page: RunPage, diagnostics: list[Diagnostic], active: set[str],
                selection: Selection) -> list[Diagnostic]:
    """The page's site-wide findings its suppression comments leave, and unused-suppression
    findings for the comments of site-wide rules that suppressed nothing on either pass."""
    summary, config = page.summary, page.config
    suppressions, _ = read_suppressions(list(summary.directives), summary.line_count,
                                        rule_resolver(config))
    for index in summary.used:
        if index < len(suppressions):
            suppressions[index].used = True
    kept = apply_suppressions(diagnostics, suppressions)
    page_rules = {spec.id for spec in active_rules(config, selection, summary.path,
                                                   summary.format)}
    deferred = [s for s in suppressions if s.rule == ALL or s.rule in active]
    return kept + unused_suppressions(config, summary.path, deferred, page_rules) \
        if "unused-suppression" in page_rules else kept
