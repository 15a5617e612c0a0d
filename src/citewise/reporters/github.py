"""`--format github`: GitHub Actions workflow commands, one annotation per diagnostic.

    ::warning file=docs/a.md,line=3,endLine=3,col=1,endColumn=9,title=citewise (rule)::message

Data is escaped as the Actions runner expects (`%` `\\r` `\\n`), properties also `:` and `,`.
"""

from __future__ import annotations

from citewise.reporters import Report, clean_text, repo_path

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return clean_text(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for d in report.diagnostics:
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
    return "".join(lines)
