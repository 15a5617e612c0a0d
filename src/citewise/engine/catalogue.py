"""The rule catalogue: one TOML file per rule, built in or from a rule pack.

A catalogue file declares everything about a rule but its logic: id, alias code, category,
default severity, the formats it reads, options with defaults, the docs and a bad and a good
example. `check` names the Python function that does the work ("module:function", or
"file.py:function" relative to the catalogue file); an empty `check` marks a rule that the
engine itself reports (unreadable files, internal errors, unused suppressions).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from citewise.diagnostic import SEVERITIES

CATEGORIES = ("structure", "sentences", "entities", "schema", "freshness", "readability", "file")
FORMATS = ("markdown", "html")
_REQUIRED = ("id", "code", "category", "severity", "summary", "description", "rationale", "help")


class CatalogueError(Exception):
    """A catalogue file is malformed: a bug in the rule pack, named with its file."""


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    default: Any
    doc: str


@dataclass(frozen=True, slots=True)
class Example:
    format: str
    bad: str
    good: str
    language_note: str = ""


@dataclass
class RuleSpec:
    id: str
    code: str
    category: str
    severity: str
    summary: str
    description: str
    rationale: str
    help: str
    formats: tuple[str, ...]
    options: dict[str, Option]
    example: Example | None
    check_ref: str
    source: Path
    enabled: bool = True
    needs: tuple[str, ...] = ()  # shared services the check uses: "nlp", "dates", "extruct"
    extra: dict[str, Any] = field(default_factory=dict)  # catalogue data a check may read

    @property
    def defaults(self) -> dict[str, Any]:
        return {name: option.default for name, option in self.options.items()}

    @property
    def engine_made(self) -> bool:
        return not self.check_ref

    @cached_property
    def check(self) -> Callable:
        """The check function, imported on first use so unused rules cost nothing."""
        module_ref, _, function = self.check_ref.partition(":")
        if module_ref.endswith(".py"):
            module = _import_file(self.source.parent / module_ref)
        else:
            module = importlib.import_module(module_ref)
        return getattr(module, function or "check")


def load_rule_file(path: Path) -> RuleSpec:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogueError(f"{path}: {error}") from None
    missing = [key for key in _REQUIRED if key not in raw]
    if missing:
        raise CatalogueError(f"{path}: missing {', '.join(missing)}")
    if raw["severity"] not in SEVERITIES:
        raise CatalogueError(f"{path}: severity must be one of {', '.join(SEVERITIES)}")
    if raw["category"] not in CATEGORIES:
        raise CatalogueError(f"{path}: category must be one of {', '.join(CATEGORIES)}")
    formats = tuple(raw.get("formats", FORMATS))
    options = {
        name: Option(name, spec.get("default"), spec.get("doc", ""))
        for name, spec in raw.get("options", {}).items()
    }
    example = raw.get("example")
    known = set(_REQUIRED) | {"formats", "options", "example", "check", "enabled", "needs"}
    return RuleSpec(
        id=raw["id"],
        code=raw["code"],
        category=raw["category"],
        severity=raw["severity"],
        summary=raw["summary"].strip(),
        description=raw["description"].strip(),
        rationale=raw["rationale"].strip(),
        help=" ".join(raw["help"].split()),
        formats=formats,
        options=options,
        example=Example(example.get("format", "markdown"), example["bad"], example["good"],
                        example.get("note", "")) if example else None,
        check_ref=raw.get("check", ""),
        source=path,
        enabled=raw.get("enabled", True),
        needs=tuple(raw.get("needs", ())),
        extra={key: value for key, value in raw.items() if key not in known},
    )


def load_catalogue_dir(folder: Path) -> list[RuleSpec]:
    """Every rule file in `folder`; files named `_*.toml` hold shared data, not rules."""
    return [load_rule_file(path) for path in sorted(folder.glob("*.toml"))
            if not path.name.startswith("_")]


def _import_file(path: Path):
    name = f"citewise_rulepack_{abs(hash(str(path.resolve())))}_{path.stem}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CatalogueError(f"cannot import check file {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
