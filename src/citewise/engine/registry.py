"""Which rules exist: the built-in catalogue, installed rule packs, and a project's own folders.

A rule pack is a Python package registered under the entry-point group `citewise.rules`; its
folder holds catalogue files (`*.toml`) beside their checks, in the built-in format.
"""

from __future__ import annotations

from functools import cache
from importlib import metadata
from pathlib import Path

from citewise.data import catalogue_dir
from citewise.engine.catalogue import (
    BUILTIN_CODE_PREFIX, CATEGORIES, CatalogueError, RuleSpec, load_catalogue_dir,
)

ENTRY_POINT_GROUP = "citewise.rules"


def builtin_catalogue_dir() -> Path:
    return catalogue_dir()


class Registry:
    def __init__(self, specs: list[RuleSpec]):
        self.rules: dict[str, RuleSpec] = {}
        self.aliases: dict[str, str] = {}
        for spec in specs:
            self._add(spec)

    def _add(self, spec: RuleSpec) -> None:
        if not spec.builtin and spec.code.upper().startswith(BUILTIN_CODE_PREFIX):
            raise CatalogueError(f"{spec.source}: code {spec.code!r}: codes starting with "
                                 f"{BUILTIN_CODE_PREFIX} are reserved for built-in rules")
        for name in (spec.id, spec.code):
            key = name.lower()
            taken = self.rules.get(key) or self.rules.get(self.aliases.get(key, ""))
            if taken is not None:
                raise CatalogueError(f"{spec.source}: rule name {name!r} is already taken by "
                                     f"{taken.source}")
        self.rules[spec.id] = spec
        self.aliases[spec.code.lower()] = spec.id

    def __iter__(self):
        return iter(sorted(self.rules.values(), key=lambda spec: spec.code))

    def get(self, name: str) -> RuleSpec | None:
        """A rule by id or alias code, case-insensitively."""
        key = name.strip().lower()
        rule_id = key if key in self.rules else self.aliases.get(key)
        return self.rules.get(rule_id) if rule_id else None

    def expand(self, name: str) -> list[str] | None:
        """Rule ids named by an id, code, category or ALL; None when the name means nothing."""
        key = name.strip().lower()
        if key == "all":
            return list(self.rules)
        if key in CATEGORIES:
            return [spec.id for spec in self.rules.values() if spec.category == key]
        spec = self.get(key)
        return [spec.id] if spec else None


@cache
def _installed_specs() -> tuple[RuleSpec, ...]:
    specs = load_catalogue_dir(builtin_catalogue_dir(), builtin=True)
    for entry_point in metadata.entry_points(group=ENTRY_POINT_GROUP):
        package = entry_point.load()
        specs += load_catalogue_dir(Path(package.__file__).parent)
    return tuple(specs)


@cache
def load_registry(rule_paths: tuple[Path, ...] = ()) -> Registry:
    specs = list(_installed_specs())
    for folder in rule_paths:
        if not folder.is_dir():
            raise CatalogueError(f"rule folder {folder} does not exist")
        specs += load_catalogue_dir(folder)
    return Registry(specs)
