"""`--format json-lines`: one JSON object per diagnostic per line, the keys of `--format json`."""

from __future__ import annotations

import json

from citewise.reporters import Report


def render(report: Report) -> str:
    return "".join(json.dumps(d.as_dict(), ensure_ascii=False) + "\n" for d in report.diagnostics)
