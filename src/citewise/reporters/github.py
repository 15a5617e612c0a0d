"""`--format github`: GitHub Actions workflow commands, one annotation per diagnostic.

    ::warning file=docs/a.md,line=3,endLine=3,col=1,endColumn=9,title=citewise (rule)::message

Data is escaped as the Actions runner expects (`%` `\\r` `\\n`), properties also `:` and `,`.
GitHub shows only 10 annotations per type and step, so they come in order of value (errors, then
findings on changed lines, then warnings; see ranking.py), and a last notice points to the job
summary when some cannot be shown.
"""

from __future__ import annotations

from citewise.reporters import Report, clean_text, repo_path
from citewise.reporters.ranking import by_value

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
SHOWN_PER_TYPE = 10  # annotations GitHub shows per type and step


def escape_data(text: str) -> str:
    return clean_text(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for d in by_value(report.diagnostics, report.changed, report.rules):
        properties = {
            "file": repo_path(d.path),
            "line": d.line,
            "endLine": d.end_line,
            "col": d.column,
            "endColumn": d.end_column,
            "title": f"citewise ({d.rule})",
        }
        joined = ",".join(f"{key}={escape_property(str(value))}"
                          for key, value in properties.items())
        message = d.message if not d.help else f"{d.message}\n{d.help}"
        lines.append(f"::{LEVELS[d.severity]} {joined}::{escape_data(message)}\n")
    per_type = {level: sum(LEVELS[d.severity] == level for d in report.diagnostics)
                for level in LEVELS.values()}
    hidden = sum(max(0, count - SHOWN_PER_TYPE) for count in per_type.values())
    if hidden:
        lines.append(f"::notice title=citewise::{len(report.diagnostics)} findings; GitHub "
                     f"shows {SHOWN_PER_TYPE} annotations of each type, so {hidden} are not "
                     f"shown here: see the job summary or the log\n")
    return "".join(lines)
