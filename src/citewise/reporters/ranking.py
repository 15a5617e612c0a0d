"""Findings in order of value, for outputs that show only the first few (GitHub shows 10
annotations per type and step): errors, then findings on the lines a change touched, then
warnings, then info; within each, the rule's precision, then path and line."""

from __future__ import annotations

from citewise.diagnostic import Diagnostic, severity_rank

_PRECISION = {"very-high": 0, "high": 1, "medium": 2, "low": 3}


def by_value(diagnostics: list[Diagnostic], changed: frozenset = frozenset(),
             rules: dict | None = None) -> list[Diagnostic]:
    rules = rules or {}

    def key(d: Diagnostic) -> tuple:
        info = rules.get(d.rule)
        precision = _PRECISION.get(info.precision if info else "medium", 2)
        tier = 0 if d.severity == "error" else 1 if (d.path, d.line) in changed else 2
        return (tier, -severity_rank(d.severity), precision)

    return sorted(diagnostics, key=key)  # stable: path and line order within each group
