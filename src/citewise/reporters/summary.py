"""A Markdown summary of a run, for GitHub's job summary ($GITHUB_STEP_SUMMARY): counts by
rule and severity, the pages with most findings, and the top findings. GitHub shows only 10
annotations per type and step, so this is where the whole run can be read."""

from __future__ import annotations

from collections import Counter

from citewise.diagnostic import SEVERITIES
from citewise.reporters import Report, clean_text, repo_path
from citewise.reporters.ranking import by_value

WORST_PAGES = 10
TOP_FINDINGS = 20


def _cell(text: str) -> str:
    return " ".join(clean_text(text).replace("|", "\\|").split())


def job_summary(report: Report) -> str:
    diagnostics = report.diagnostics
    files = len(report.checked)
    lines = ["## citewise", ""]
    if not diagnostics:
        return "\n".join([*lines, f"All clear: {files} files checked, no problems.", ""])
    by_severity = Counter(d.severity for d in diagnostics)
    totals = ", ".join(f"{by_severity[s]} {s}" for s in reversed(SEVERITIES) if by_severity[s])
    pages = Counter(d.path for d in diagnostics)
    lines += [f"**{len(diagnostics)} findings** ({totals}) in {len(pages)} of {files} files.",
              "", "| Rule | Category | Errors | Warnings | Info | Why it matters |",
              "|---|---|---:|---:|---:|---|"]
    per_rule = Counter((d.rule, d.severity) for d in diagnostics)
    rules = sorted({d.rule for d in diagnostics},
                   key=lambda r: (-sum(per_rule[(r, s)] for s in SEVERITIES), r))
    for rule in rules:
        info = report.rules.get(rule)
        name = f"[{rule}]({info.help_uri})" if info and info.help_uri else rule
        lines.append(f"| {name} | {info.category if info else ''} | "
                     + " | ".join(str(per_rule[(rule, s)]) for s in reversed(SEVERITIES))
                     + f" | {_cell(info.summary) if info else ''} |")
    lines += ["", "### Pages with most findings", "", "| Page | Errors | Warnings | Info |",
              "|---|---:|---:|---:|"]
    by_page = Counter((d.path, d.severity) for d in diagnostics)
    worst = sorted(pages, key=lambda p: (-by_page[(p, "error")], -by_page[(p, "warning")],
                                         -pages[p], p))[:WORST_PAGES]
    for page in worst:
        lines.append(f"| `{_cell(repo_path(page))}` | "
                     + " | ".join(str(by_page[(page, s)]) for s in reversed(SEVERITIES)) + " |")
    top = by_value(diagnostics, report.changed, report.rules)[:TOP_FINDINGS]
    lines += ["", f"### Top {len(top)} findings", ""]
    lines += [f"- **{d.severity}** `{_cell(repo_path(d.path))}:{d.line}:{d.column}` "
              f"{d.rule}: {_cell(d.message)}" for d in top]
    if len(diagnostics) > len(top):
        lines.append(f"- … and {len(diagnostics) - len(top)} more "
                     f"(`citewise check --format html -o report.html` shows them all)")
    return "\n".join(lines) + "\n"
