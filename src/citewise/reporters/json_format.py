"""`--format json`: one JSON array of every diagnostic, with the documented keys only."""

from __future__ import annotations


from citewise.reporters import Report, dump_json


def render(report: Report) -> str:
    return dump_json([d.as_dict() for d in report.diagnostics], indent=2) + "\n"
