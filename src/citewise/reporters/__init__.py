"""Reporters: diagnostics in, text out. They read diagnostics and rule metadata only."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Callable

from citewise.diagnostic import Diagnostic

# format name -> module in this package; each module has `render(report) -> str`.
FORMATS = {
    "text": "text",
    "json": "json_format",
}


@dataclass
class RuleInfo:
    """What a reporter may say of a rule (SARIF's rule table, the HTML report's help)."""

    id: str
    code: str
    category: str
    severity: str
    summary: str
    help: str
    description: str = ""


@dataclass
class Report:
    diagnostics: list[Diagnostic]
    checked: list[str] = field(default_factory=list)
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    tool_version: str = ""


def renderer(name: str) -> Callable[[Report], str]:
    return import_module(f"citewise.reporters.{FORMATS[name]}").render
