"""Inline suppressions, written as HTML comments in Markdown and HTML alike.

    <!-- citewise-disable rule-a, rule-b -->   ... until citewise-enable or the end of the file
    <!-- citewise-enable [rule-a] -->
    <!-- citewise-disable-next-line rule -->   the line after the comment
    <!-- citewise-disable-line rule -->        the line of the comment (markdownlint, eslint)
    <!-- citewise-disable-file rule -->        the whole file

In MDX, which has no HTML comments, the same directives are written `{/* citewise-... */}`.
With no rule named, a directive covers every rule. A directive that suppresses nothing is
reported as `unused-suppression`, and so is a `citewise-` comment that is no directive (a
misspelt one must not silently do something else).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citewise.diagnostic import Diagnostic
from citewise.model import Comment, Span

_DIRECTIVE = re.compile(
    # Greedy, names stripped after: a lazy group before `\s*$` rescans every whitespace run.
    r"^\s*citewise-([A-Za-z][\w-]*)(.*)$", re.S
)
def is_directive(text: str) -> bool:
    """Whether a comment's text is a citewise directive (or a misspelt one)."""
    return _DIRECTIVE.match(text) is not None


KINDS = ("disable", "enable", "disable-line", "disable-next-line", "disable-file")
ALL = "*"


@dataclass
class Suppression:
    """One rule (or ALL) silenced over a range of lines by one comment."""

    kind: str  # "disable" | "disable-next-line" | "disable-file"
    rule: str  # a rule id, or ALL
    span: Span  # the comment that says so
    first_line: int
    last_line: int
    used: bool = False

    def covers(self, diagnostic: Diagnostic) -> bool:
        if self.rule != ALL and diagnostic.rule != self.rule:
            return False
        return self.first_line <= diagnostic.line <= self.last_line


@dataclass(frozen=True)
class UnknownName:
    name: str
    span: Span
    directive: bool = False  # True: `citewise-NAME` is no directive (not a rule name)


def read_suppressions(
    comments: list[Comment], line_count: int, resolve
) -> tuple[list[Suppression], list[UnknownName]]:
    """Directives in document order; `resolve(name)` gives a rule id, or None for no rule."""
    found: list[Suppression] = []
    unknown: list[UnknownName] = []
    open_ranges: list[Suppression] = []
    for comment in comments:
        match = _DIRECTIVE.match(comment.text)
        if not match:
            continue
        kind, names_text = match.groups()
        if kind not in KINDS:
            unknown.append(UnknownName(f"citewise-{kind}", comment.span, directive=True))
            continue
        rules = []
        for name in re.split(r"[\s,]+", names_text.strip()):
            if name:
                rule_id = resolve(name)
                rules.append(rule_id) if rule_id else unknown.append(UnknownName(name, comment.span))
        if not names_text.strip():
            rules = [ALL]
        line, end = comment.span.line, comment.span.last_line
        if kind == "enable":
            for suppression in list(open_ranges):
                if ALL in rules or suppression.rule in rules:
                    suppression.last_line = line
                    open_ranges.remove(suppression)
            continue
        first, last = {
            "disable-file": (1, line_count),
            "disable-next-line": (end + 1, end + 1),
            "disable-line": (line, end),
            "disable": (line, line_count),
        }[kind]
        for rule in rules:
            suppression = Suppression(kind, rule, comment.span, first, last)
            found.append(suppression)
            if kind == "disable":
                open_ranges.append(suppression)
    return found, unknown


def apply_suppressions(
    diagnostics: list[Diagnostic], suppressions: list[Suppression]
) -> list[Diagnostic]:
    """The diagnostics no suppression covers; marks the suppressions that were used.

    A sweep per rule over diagnostics and suppressions sorted by line, so that a page with
    thousands of each costs n log n, not n times m."""
    if not suppressions:
        return diagnostics
    by_rule: dict[str, list[Suppression]] = {}
    for suppression in suppressions:
        by_rule.setdefault(suppression.rule, []).append(suppression)
    covered: set[int] = set()
    for rule, group in by_rule.items():
        ranges = sorted(group, key=lambda suppression: suppression.first_line)
        targets = sorted((d.line, index) for index, d in enumerate(diagnostics)
                         if rule == ALL or d.rule == rule)
        started, reach, waiting = 0, 0, []  # waiting: started ranges not yet marked used
        for line, index in targets:
            while started < len(ranges) and ranges[started].first_line <= line:
                reach = max(reach, ranges[started].last_line)
                if not ranges[started].used:
                    waiting.append(ranges[started])
                started += 1
            if reach >= line:
                covered.add(index)
                for suppression in waiting:  # those ending before this line end before all later
                    if suppression.last_line >= line:
                        suppression.used = True
            waiting = []
    return [d for index, d in enumerate(diagnostics) if index not in covered]
