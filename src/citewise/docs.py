"""Rule documentation, built from the catalogue: `citewise rule ID` and docs/rules/."""

from __future__ import annotations

import json

from citewise.engine.catalogue import RuleSpec


def rule_markdown(spec: RuleSpec) -> str:
    parts = [
        f"# {spec.id} ({spec.code})",
        "",
        f"Category: {spec.category} · default severity: {spec.severity} · "
        f"formats: {', '.join(spec.formats)}" + ("" if spec.enabled else " · off by default"),
        "",
        spec.summary,
        "",
        "## What it does",
        "",
        spec.description,
        "",
        "## Why is this bad?",
        "",
        spec.rationale,
        "",
        "## How to fix it",
        "",
        spec.help,
    ]
    if spec.options:
        parts += ["", "## Options", ""]
        for option in spec.options.values():
            default = json.dumps(option.default, ensure_ascii=False)
            if len(default) > 70:
                default = default[:67] + "…"
            parts.append(f"- `{option.name}` (default `{default}`): {option.doc}")
        parts += ["", f"Set them in `[tool.citewise.rules.{spec.id}]`; a list option `x` can be "
                      f"extended with `extend-x`."]
    if spec.example:
        fence = spec.example.format
        parts += ["", "## Example", "", "Bad:", "", f"```{fence}", spec.example.bad.strip(), "```",
                  "", "Good:", "", f"```{fence}", spec.example.good.strip(), "```"]
    return "\n".join(parts) + "\n"


def rule_dict(spec: RuleSpec) -> dict:
    """Everything the catalogue says of a rule, as JSON-able data (`citewise rule --format
    json`)."""
    example = spec.example
    return {
        "id": spec.id, "code": spec.code, "category": spec.category, "severity": spec.severity,
        "enabled": spec.enabled, "builtin": spec.builtin, "source": str(spec.source),
        "summary": spec.summary, "description": spec.description, "rationale": spec.rationale,
        "help": spec.help, "known_problems": spec.known_problems,
        "references": list(spec.references), "formats": list(spec.formats),
        "kinds": list(spec.kinds), "scope": list(spec.scope_names), "needs": list(spec.needs),
        "options": {name: {"default": option.default, "doc": option.doc,
                           "per_language": option.per_language, "required": option.required}
                    for name, option in spec.options.items()},
        "example": None if example is None else {
            "format": example.format, "bad": example.bad, "good": example.good},
    }
