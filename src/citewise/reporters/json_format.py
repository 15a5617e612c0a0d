"""`--format json`: one JSON array of every diagnostic, with the documented keys only."""

from __future__ import annotations

import json

from citewise.reporters import Report


def render(report: Report) -> str:
    return json.dumps([d.as_dict() for d in report.diagnostics], indent=2, ensure_ascii=False) + "\n"
