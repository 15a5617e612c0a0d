"""Reporters: diagnostics in, text out. They read diagnostics and rule metadata only."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Callable

from citewise.diagnostic import Diagnostic
from citewise.fingerprint import fingerprints  # noqa: F401  (the formats' stable ids)

# format name -> module in this package; each module has `render(report) -> str`.
FORMATS = {
    "text": "text",
    "json": "json_format",
    "json-lines": "json_lines",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "gitlab": "gitlab",
    "html": "html",
}

PROJECT_URL = "https://github.com/citewise/citewise"
RULE_DOCS_URL = PROJECT_URL + "/blob/main/docs/rules/{id}.md"


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
    help_uri: str = ""  # the rule's documentation page; empty for rules of a third-party pack
    precision: str = "medium"  # SARIF's scale: very-high, high, medium, low (catalogue key)
    rationale: str = ""


@dataclass
class Report:
    diagnostics: list[Diagnostic]
    checked: list[str] = field(default_factory=list)
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    tool_version: str = ""
    scores: dict = field(default_factory=dict)  # path -> score.PageScore, for every checked page
    changed: frozenset = frozenset()  # (path, line) of findings on lines a pull request changed


def renderer(name: str) -> Callable[[Report], str]:
    return import_module(f"citewise.reporters.{FORMATS[name]}").render


def rule_infos(specs) -> dict[str, RuleInfo]:
    """RuleInfo for each catalogue spec, built in or from a pack."""
    return {spec.id: RuleInfo(spec.id, spec.code, spec.category, spec.severity, spec.summary,
                              spec.help, user_description(spec.description),
                              rule_docs_url(spec), spec.precision, spec.rationale)
            for spec in specs}


def rule_docs_url(spec) -> str:
    """Where a rule's docs are: a pack rule's catalogue `url`, a built-in rule's page in
    docs/rules/; "" for a pack rule without `url`."""
    if spec is None:
        return ""
    return spec.url or (RULE_DOCS_URL.format(id=spec.id) if spec.builtin else "")


def user_description(description: str) -> str:
    """A rule's description without the maintainers' notes: the paragraphs that report how it
    was measured on the test corpus (which users do not have)."""
    paragraphs = re.split(r"\n\s*\n", description.strip())
    return "\n\n".join(p for p in paragraphs if not p.lstrip().startswith("Measured on"))


# --- helpers shared by the machine-readable formats -----------------------------------------

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# C0 and C1 controls: terminals act on them (C1 U+009B is a CSI, U+009D an OSC to terminals
# that honour 8-bit controls), XML rejects most of them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# On a line a person reads: also bidirectional overrides and isolates (they reorder what the
# reader sees) and the Unicode line separators (line breaks to some readers, not to others).
_LINE_UNSAFE = re.compile("[\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def clean_text(text: str) -> str:
    """`text` without control characters (but tab, CR, LF) or lone surrogates, which terminals,
    XML, some JSON readers and CI log parsers act on or reject; each becomes U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", _CONTROL.sub("\ufffd", text))


def one_line(text: str) -> str:
    """`text` as one safe line for a terminal or CI log: cleaned, bidi overrides and line
    separators shown as U+FFFD, every line break and run of white space one space (a name with
    a newline cannot start a workflow command)."""
    return " ".join(_LINE_UNSAFE.sub("\ufffd", clean_text(text)).split())


def dump_json(data, indent: int | None = None) -> str:
    """JSON with non-ASCII text kept readable but every control, bidi override and line
    separator escaped (\\u0085 would split a JSON Lines record for a str.splitlines() reader)."""
    text = json.dumps(data, indent=indent, ensure_ascii=False, default=str)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def is_url(path: str) -> bool:
    return path.startswith(("http://", "https://"))


def repo_path(path: str) -> str:
    """The path as CI systems want it: relative to the working directory when it lies below it,
    with forward slashes; URLs and other absolute paths stay as they are."""
    if is_url(path) or path in ("-", "<stdin>"):
        return path
    return _relative_to(path, os.getcwd())


@lru_cache(maxsize=4096)
def _relative_to(path: str, cwd: str) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(cwd)
        except ValueError:
            return candidate.as_posix()
    return candidate.as_posix()
