"""`--format gitlab`: a GitLab Code Quality report (a subset of the Code Climate format)."""

from __future__ import annotations


from citewise.reporters import Report, clean_text, dump_json, fingerprints, repo_path

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(report: Report) -> str:
    issues = [
        {
            "type": "issue",
            "description": clean_text(d.message),
            "check_name": d.rule,
            "fingerprint": fingerprint,
            "severity": SEVERITIES[d.severity],
            "location": {"path": repo_path(d.path),
                         "lines": {"begin": d.line, "end": max(d.end_line, d.line)}},
        }
        for d, fingerprint in zip(report.diagnostics, fingerprints(report.diagnostics))
    ]
    return dump_json(issues, indent=2) + "\n"
