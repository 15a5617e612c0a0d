"""Rule documentation, built from the catalogue: `citewise rule ID` and docs/rules/."""

from __future__ import annotations

import json

from citewise.engine.catalogue import RuleSpec
from citewise.model import PAGE_KINDS, PUBLISHED_KINDS


def rule_markdown(spec: RuleSpec) -> str:
    """A rule's page, in ruff's sections: what it does, why, how to fix it, example, options,
    known problems, measured figures, references."""
    reads = f"formats: {', '.join(spec.formats)}"
    if set(spec.kinds) == set(PUBLISHED_KINDS):
        reads += " · page kinds: all but placeholder"
    elif set(spec.kinds) != set(PAGE_KINDS):
        reads += f" · page kinds: {', '.join(spec.kinds)}"
    if spec.scope_names != ("all",):
        reads += f" · reads: {', '.join(spec.scope_names)}"
    parts = [
        f"# {spec.id} ({spec.code})",
        "",
        f"Category: {spec.category} · default severity: {spec.severity} · {reads}"
        + ("" if spec.enabled else " · off by default"),
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
    if spec.example:
        # A robots.txt is plain text, an llms.txt Markdown: fence languages a renderer knows.
        fence = {"robots": "text", "llms": "markdown"}.get(spec.example.format,
                                                           spec.example.format)
        parts += ["", "## Example", ""]
        if spec.example.options:
            settings = ", ".join(f"`{k} = {json.dumps(v)}`" for k, v in spec.example.options.items())
            parts += [f"With the option {settings} (`[rules.{spec.id}]`):", ""]
        parts += ["Bad:", "", f"```{fence}", spec.example.bad.strip(), "```",
                  "", "Good:", "", f"```{fence}", spec.example.good.strip(), "```"]
    if spec.options:
        parts += ["", "## Options", ""]
        for option in spec.options.values():
            parts += _option_lines(option)
        parts += ["", f"Set them in `[tool.citewise.rules.{spec.id}]`; a list option `x` can be "
                      f"extended with `extend-x`."]
    for title, text in (("Known problems", spec.known_problems), ("Measured", spec.measured)):
        if text:
            parts += ["", f"## {title}", "", text]
    if spec.references:
        parts += ["", "## References", ""] + [f"- {reference}" for reference in spec.references]
    if spec.url:  # a pack rule's own docs page
        parts += ["", f"Docs: <{spec.url}>"]
    return "\n".join(parts) + "\n"


def _option_lines(option) -> list[str]:
    """An option and its whole default (word lists in full: they are what the rule reads)."""
    note = " A page in a language with no list is not checked." if option.required else ""
    default = json.dumps(option.default, ensure_ascii=False)
    if len(default) <= 60:
        return [f"- `{option.name}` (default `{default}`): {option.doc}{note}"]
    tables = option.default if isinstance(option.default, dict) else {"": option.default}
    lines = []
    for key, value in tables.items():
        name = f"{option.name}.{key}" if key else option.name
        lines += _toml_value_lines(name, value)
    return [f"- `{option.name}`: {option.doc}{note} Default:", "", "  ```toml",
            *("  " + line for line in lines), "  ```", ""]


def _toml_value_lines(name: str, value) -> list[str]:
    """`name = value`, a long list wrapped between its items (never inside one)."""
    if not isinstance(value, list):
        return [f"{name} = {json.dumps(value, ensure_ascii=False)}"]
    lines, line = [], f"{name} = ["
    for index, item in enumerate(value):
        piece = json.dumps(item, ensure_ascii=False) + ("," if index < len(value) - 1 else "]")
        if len(line) + len(piece) + 1 > 96 and line.strip():
            lines.append(line.rstrip())
            line = "    "
        line += piece + " "
    return lines + [line.rstrip() if value else f"{name} = []"]


def rule_dict(spec: RuleSpec) -> dict:
    """Everything the catalogue says of a rule, as JSON-able data (`citewise rule --format
    json`)."""
    example = spec.example
    return {
        "id": spec.id, "code": spec.code, "category": spec.category, "severity": spec.severity,
        "enabled": spec.enabled, "builtin": spec.builtin, "source": str(spec.source),
        "url": spec.url,
        "summary": spec.summary, "description": spec.description, "rationale": spec.rationale,
        "help": spec.help, "known_problems": spec.known_problems, "measured": spec.measured,
        "references": list(spec.references), "formats": list(spec.formats),
        "kinds": list(spec.kinds), "scope": list(spec.scope_names), "needs": list(spec.needs),
        "options": {name: {"default": option.default, "doc": option.doc,
                           "per_language": option.per_language, "required": option.required}
                    for name, option in spec.options.items()},
        "example": None if example is None else {
            "format": example.format, "bad": example.bad, "good": example.good,
            **({"options": example.options} if example.options else {})},
    }
