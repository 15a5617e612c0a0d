"""`--format text`: `path:line:col: severity rule-id message`, then a summary line."""

from __future__ import annotations

from collections import Counter

import click

from citewise.diagnostic import SEVERITIES
from citewise.reporters import Report, one_line

_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}


def render(report: Report) -> str:
    style = click.style if report.color else (lambda text, **_: text)
    lines = []
    for d in report.diagnostics:
        # A page's control characters (ESC, BEL) must not reach a terminal: no recolouring,
        # retitling or hiding of lines by what a page or a file name says.
        path = one_line(d.path)
        location = style(f"{path}:{d.line}:{d.column}:", bold=True)
        severity = style(d.severity, fg=_COLORS[d.severity])
        message = one_line(d.message)
        lines.append(f"{location} {severity} {style(d.rule, dim=True)} {message}")
    if report.statistics:
        lines += _statistics(report)
    if not report.quiet:
        lines.append(_summary(report))
    return "\n".join(lines) + "\n" if lines else ""


def _statistics(report: Report) -> list[str]:
    counts = Counter((d.rule, d.severity) for d in report.diagnostics)
    width = max((len(str(n)) for n in counts.values()), default=1)
    return [f"{count:>{width}}  {rule} ({severity})"
            for (rule, severity), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _summary(report: Report) -> str:
    files = len(report.checked)
    noun = "file" if files == 1 else "files"
    if not report.diagnostics:
        return f"All clear: {files} {noun} checked, no findings."
    by_severity = Counter(d.severity for d in report.diagnostics)
    parts = [f"{by_severity[s]} {s}{'s' if by_severity[s] != 1 else ''}"
             for s in reversed(SEVERITIES) if by_severity[s]]
    total = len(report.diagnostics)
    with_problems = len({d.path for d in report.diagnostics})
    return (f"Found {total} finding{'s' if total != 1 else ''} ({', '.join(parts)}) "
            f"in {with_problems} of {files} {noun}.")
