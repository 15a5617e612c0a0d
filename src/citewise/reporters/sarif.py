"""`--format sarif`: SARIF 2.1.0, one run, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from citewise.reporters import PROJECT_URL, Report, clean_text, dump_json, fingerprints, is_url, repo_path

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"


def render(report: Report) -> str:
    rules = sorted(report.rules.values(), key=lambda rule: rule.code)
    index = {rule.id: position for position, rule in enumerate(rules)}
    results = []
    for d, fingerprint in zip(report.diagnostics, fingerprints(report.diagnostics)):
        result = {
            "ruleId": d.rule,
            "level": LEVELS[d.severity],
            "message": {"text": clean_text(d.message)},
            "locations": [{"physicalLocation": {
                "artifactLocation": _artifact(d.path),
                "region": {
                    "startLine": d.line,
                    "startColumn": d.column,
                    "endLine": max(d.end_line, d.line),
                    "endColumn": d.end_column if d.end_line > d.line else max(d.end_column,
                                                                               d.column),
                },
            }}],
            "partialFingerprints": {"citewiseFindingHash/v2": fingerprint},
            "properties": {"category": d.category},
        }
        if d.rule in index:
            result["ruleIndex"] = index[d.rule]
        if d.fix:
            result["fixes"] = [_fix(d)]
        elif d.suggestion:
            result["properties"]["suggestion"] = clean_text(d.suggestion)
        results.append(result)
    run = {
        "tool": {"driver": {
            "name": "citewise",
            "informationUri": PROJECT_URL,
            "rules": [_rule(rule) for rule in rules],
            **({"version": report.tool_version} if report.tool_version else {}),
        }},
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return dump_json(log, indent=2) + "\n"


def _fix(d) -> dict:
    """A diagnostic's fix as a SARIF fix: its edits as replacements in the file."""
    fix = d.fix
    return {
        "description": {"text": clean_text(fix["description"])},
        "artifactChanges": [{
            "artifactLocation": _artifact(d.path),
            "replacements": [{
                "deletedRegion": {"startLine": edit["line"], "startColumn": edit["column"],
                                  "endLine": edit["end_line"], "endColumn": edit["end_column"]},
                "insertedContent": {"text": edit["replacement"]},
            } for edit in fix["edits"]],
        }],
        "properties": {"applicability": fix["applicability"]},
    }


def _rule(rule) -> dict:
    entry = {
        "id": rule.id,
        "name": rule.code,
        "shortDescription": {"text": clean_text(rule.summary)},
        "fullDescription": {"text": clean_text(rule.description or rule.summary)},
        "help": {"text": clean_text(rule.help), "markdown": clean_text(_help_markdown(rule))},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "tags": [rule.category],
                       "precision": rule.precision},
    }
    if rule.help_uri:
        entry["helpUri"] = rule.help_uri
    return entry


def _help_markdown(rule) -> str:
    """What code scanning shows under an alert: the fix, why it matters, the rule's page."""
    parts = [f"**{rule.summary}**", rule.help]
    if rule.rationale:
        parts.append("Why it matters: " + " ".join(rule.rationale.split()))
    if rule.help_uri:
        parts.append(f"[{rule.id} documentation]({rule.help_uri})")
    return "\n\n".join(parts)


def _artifact(path: str) -> dict:
    if is_url(path):
        return {"uri": path}
    relative = repo_path(path)
    if Path(relative).is_absolute():
        return {"uri": Path(relative).as_uri()}
    uri = urllib.parse.quote(relative, safe="/", errors="surrogateescape")
    return {"uri": uri, "uriBaseId": SRCROOT}
