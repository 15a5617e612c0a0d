"""`--format json-lines`: one JSON object per diagnostic per line, the keys of `--format json`."""

from __future__ import annotations


from citewise.reporters import Report, dump_json


def render(report: Report) -> str:
    return "".join(dump_json(d.as_dict()) + "\n" for d in report.diagnostics)
