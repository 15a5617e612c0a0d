"""Configuration: `[tool.citewise]` in pyproject.toml, or citewise.toml / .citewise.toml.

The nearest file walking up from each checked file wins; `--config PATH` overrides. A file may
`extend = "../pyproject.toml"`: it starts from that file's settings and overrides them key by
key (`extend-select` adds to `select`, `[rules.ID]` tables merge). Rule packs (`rule-paths`) of
every config above a file stay loaded under a nearer config, so a subfolder's own config never
loses the project's rules. Every key is validated against the catalogue: an unknown rule id or
option is an error naming the file. docs/configuration.md documents every key.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import json
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any

from citewise.diagnostic import SEVERITIES
from citewise.engine.registry import Registry, load_registry
from citewise.model import PAGE_KIND_SETS, PAGE_KINDS
from citewise.parsers import DIALECTS, ParseOptions

CONFIG_NAMES = ("citewise.toml", ".citewise.toml", "pyproject.toml")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
_KEYS = frozenset(
    "extend select extend-select ignore per-file-ignores severity rules today entities language "
    "nlp-model max-file-size rule-paths exclude page-kinds dialect site".split()
)
_RULE_SETTINGS = ("severity", "enabled")  # in [rules.ID] beside the rule's options


class ConfigError(Exception):
    """A configuration problem the user must fix (exit code 2)."""


@dataclass
class Config:
    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: list[str] | None = None  # None: the default set (rules enabled in the catalogue)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    rule_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)  # [rules.X] kinds
    today: dt.date | None = None
    entities: list[str] = field(default_factory=list)
    language: str = "en"
    nlp_model: str | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    rule_paths: tuple[Path, ...] = ()
    exclude: list[str] = field(default_factory=list)
    enabled: dict[str, bool] = field(default_factory=dict)  # [rules.ID] enabled
    page_kinds: tuple[tuple[str, str], ...] = ()  # (glob, kind), in the file's order
    dialect: str | None = None
    site: Any = None  # SiteRules from [site]: how the tree maps to the site's URLs
    raw: dict[str, Any] = field(default_factory=dict)
    sources: tuple[Path, ...] = ()  # the files the settings came from, nearest first

    @property
    def registry(self) -> Registry:
        return load_registry(self.rule_paths)

    @property
    def fingerprint(self) -> str:
        """Everything in this config that can change a result, as one string."""
        return json.dumps(self.raw, sort_keys=True, default=str)

    def is_excluded(self, path: Path) -> bool:
        if not self.exclude:
            return False  # no path resolving (system calls) for every file of the run
        relative = _relative(path, self.root)
        return any(fnmatch.fnmatch(relative, pattern) for pattern in self.exclude)

    def parse_options(self, path: str) -> ParseOptions:
        """What the parsers need to know of this config to read the file at `path`."""
        return ParseOptions(self.page_kinds, self.project_path(path), self.dialect)

    def project_path(self, path: str) -> str | None:
        """`path` relative to the project root: the folder of this config file, else the git
        root above the file. None for stdin, a URL or a file in no project (the parsers then
        read the path as given)."""
        if "://" in path or path in ("-", "stdin"):
            return None
        root = self.root if self.path is not None else git_root(resolved(Path(path)).parent)
        if root is None:
            return None
        try:
            return resolved(Path(path)).relative_to(resolved(root)).as_posix()
        except ValueError:
            return None

    def ignored_for(self, path: str) -> set[str]:
        """Rule ids that per-file-ignores turn off for this path."""
        if not self.per_file_ignores:
            return set()
        relative = _relative(Path(path), self.root)
        ignored: set[str] = set()
        for pattern, names in self.per_file_ignores.items():
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(PurePath(path).name, pattern):
                ignored.update(names)
        return ignored

    def options_for(self, rule_id: str) -> dict[str, Any]:
        spec = self.registry.rules[rule_id]
        options = spec.defaults
        for name, value in self.rule_options.get(rule_id, {}).items():
            if name.startswith("extend-"):
                base = name.removeprefix("extend-")
                options[base] = _extended(options[base], value)
            else:
                options[name] = value
        return options


def _extended(current: list | dict, added: list | dict) -> list | dict:
    """A list option plus more items; a per-language table takes a list for every language."""
    if isinstance(current, list):
        return current + list(added)
    if isinstance(added, list):
        return {language: items + added for language, items in current.items()}
    merged = dict(current)
    for language, items in added.items():
        merged[language] = list(merged.get(language, [])) + list(items)
    return merged


@lru_cache(maxsize=1024)
def git_root(directory: Path) -> Path | None:
    """The nearest folder at or above `directory` holding `.git` (a folder, or a worktree's
    file), if any."""
    for folder in (directory, *directory.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _relative(path: Path, root: Path) -> str:
    try:
        return resolved(path).relative_to(resolved(root)).as_posix()
    except ValueError:
        return path.as_posix()


def resolved(path: Path) -> Path:
    """`path.resolve()`, or its absolute form when symlinks loop (a file is never lost to that)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def read_config_file(path: Path, inherited_rule_paths: tuple[Path, ...] = (),
                     allow_rule_paths: bool = True) -> Config:
    """The config of one file, with what it extends; `inherited_rule_paths` are the rule packs
    of the configs above it. `allow_rule_paths=False`: a config naming rule-paths (Python code
    to run) is an error (--no-rule-paths)."""
    data, sources = _read_with_extends(path, ())
    if not allow_rule_paths and data.get("rule-paths"):
        raise ConfigError(f"{path}: rule-paths runs Python code named by this file; "
                          "refused by --no-rule-paths")
    config = build_config(data, path, inherited_rule_paths)
    config.sources = sources
    return config


def _read_table(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"cannot read config file {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except UnicodeDecodeError as error:  # TOML is UTF-8
        raise ConfigError(f"{path}: not UTF-8 (byte {error.start}); TOML files are UTF-8") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deep") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("citewise", {})
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [tool.citewise] must be a table")
    return data


def _read_with_extends(path: Path, chain: tuple[Path, ...]) -> tuple[dict, tuple[Path, ...]]:
    """The file's settings over those of the file it extends (recursively), with rule-paths
    made absolute (each relative to the file that names it); the files, nearest first."""
    data = dict(_read_table(path))
    where = str(path)
    if "rule-paths" in data:
        data["rule-paths"] = [str((path.parent / p).resolve())
                              for p in _strings(data, "rule-paths", where)]
    base = data.pop("extend", None)
    if base is None:
        return data, (path,)
    if not isinstance(base, str):
        raise ConfigError(f"{where}: extend must be the path of a config file")
    base_path = resolved(path.parent / base)
    if base_path in chain or base_path == resolved(path):
        raise ConfigError(f"{where}: extend: {base_path} extends itself in a loop")
    if not base_path.is_file():
        raise ConfigError(f"{where}: extend: no such file {base_path}")
    inherited, sources = _read_with_extends(base_path, (*chain, resolved(path)))
    return _merged(inherited, data), (path, *sources)


def _merged(base: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """`data` over `base`: tables merge (per rule for `rules`), lists and values replace, but
    rule-paths and extend-select add up."""
    merged = dict(base)
    for key, value in data.items():
        old = merged.get(key)
        if key in ("rule-paths", "extend-select") and isinstance(old, list):
            merged[key] = old + [item for item in value if item not in old]
        elif key == "rules" and isinstance(old, dict) and isinstance(value, dict):
            merged[key] = {**old, **{rule: {**old.get(rule, {}), **options}
                                     if isinstance(options, dict) else options
                                     for rule, options in value.items()}}
        elif isinstance(old, dict) and isinstance(value, dict):
            merged[key] = {**old, **value}
        else:
            merged[key] = value
    return merged


def build_config(data: dict[str, Any], path: Path | None,
                 inherited_rule_paths: tuple[Path, ...] = ()) -> Config:
    where = str(path) if path else "configuration"
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        close = difflib.get_close_matches(unknown[0], sorted(_KEYS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}{hint}")
    root = path.parent if path else Path.cwd()
    config = Config(path=path, root=root, raw=data)
    own = tuple((root / p).resolve() for p in _strings(data, "rule-paths", where))
    config.rule_paths = tuple(dict.fromkeys((*inherited_rule_paths, *own)))
    if inherited_rule_paths:  # the cache's key must change when an inherited pack does
        config.raw = {**data, "inherited-rule-paths": [str(p) for p in inherited_rule_paths]}
    try:
        registry = config.registry
    except Exception as error:  # a broken rule pack is a configuration problem
        raise ConfigError(f"{where}: rule-paths: {error}") from None
    if "select" in data:
        config.select = _rule_names(registry, _strings(data, "select", where), f"{where}: select")
    if "extend-select" in data:
        added = _rule_names(registry, _strings(data, "extend-select", where),
                            f"{where}: extend-select")
        base = config.select if config.select is not None else [
            spec.id for spec in registry if spec.enabled]
        config.select = list(dict.fromkeys(base + added))
    config.ignore = _rule_names(registry, _strings(data, "ignore", where), f"{where}: ignore")
    ignores = _table(data, "per-file-ignores", where)
    for pattern in ignores:
        names = _strings(ignores, pattern, f"{where}: per-file-ignores")
        config.per_file_ignores[pattern] = _rule_names(
            registry, names, f"{where}: per-file-ignores {pattern!r}"
        )
    for name, severity in _table(data, "severity", where).items():
        spec = registry.get(name)
        if spec is None:
            raise ConfigError(f"{where}: severity: unknown rule {name!r}")
        if severity not in SEVERITIES:
            raise ConfigError(f"{where}: severity.{name}: must be one of {', '.join(SEVERITIES)}")
        config.severity[spec.id] = severity
    for name, options in _table(data, "rules", where).items():
        spec = registry.get(name)
        if spec is None:
            raise ConfigError(f"{where}: rules: unknown rule {name!r}")
        if not isinstance(options, dict):
            raise ConfigError(f"{where}: rules.{name}: must be a table of options")
        options = dict(options)
        if "kinds" in options:
            config.rule_kinds[spec.id] = _kinds(options.pop("kinds"), f"{where}: rules.{name}")
        _rule_settings(config, spec, options, f"{where}: rules.{name}")
        config.rule_options[spec.id] = _rule_options(spec, options, f"{where}: rules.{name}")
    if "today" in data:
        config.today = _date(data["today"], f"{where}: today")
    config.entities = _strings(data, "entities", where)
    config.exclude = _strings(data, "exclude", where)
    config.language = _string(data, "language", where, "en")
    config.nlp_model = _string(data, "nlp-model", where, "") or None
    for pattern, kind in _table(data, "page-kinds", where).items():
        if kind not in PAGE_KINDS:
            raise ConfigError(f"{where}: page-kinds {pattern!r}: kind must be one of "
                              f"{', '.join(PAGE_KINDS)}, got {kind!r}")
        config.page_kinds += ((pattern, kind),)
    if "dialect" in data:
        if data["dialect"] not in DIALECTS:
            raise ConfigError(f"{where}: dialect must be one of {', '.join(DIALECTS)}, "
                              f"got {data['dialect']!r}")
        config.dialect = data["dialect"]
    if "site" in data:
        from citewise.engine.site_config import site_rules

        config.site = site_rules(data["site"], where, ConfigError)
    size = data.get("max-file-size", DEFAULT_MAX_FILE_SIZE)
    if type(size) is not int or size <= 0:  # `true` is an int to Python, not a size
        raise ConfigError(f"{where}: max-file-size must be a positive number of bytes")
    config.max_file_size = size
    return config


def _kinds(value: Any, where: str) -> tuple[str, ...]:
    """A rule's `kinds` in the config: the page kinds it checks, replacing its catalogue's."""
    if not isinstance(value, list) or any(kind not in (*PAGE_KINDS, *PAGE_KIND_SETS)
                                          for kind in value):
        raise ConfigError(f"{where}: kinds must be a list of page kinds "
                          f"({', '.join(PAGE_KINDS)}; or \"published\", \"any\"), got {value!r}")
    return tuple(dict.fromkeys(kind for name in value
                               for kind in PAGE_KIND_SETS.get(name, (name,))))


def _rule_settings(config: Config, spec, options: dict, where: str) -> None:
    """`severity` and `enabled` in [rules.ID], taken out of the rule's options."""
    if "severity" in options and "severity" not in spec.options:
        severity = options.pop("severity")
        if severity not in SEVERITIES:
            raise ConfigError(f"{where}.severity: must be one of {', '.join(SEVERITIES)}")
        config.severity[spec.id] = severity
    if "enabled" in options and "enabled" not in spec.options:
        enabled = options.pop("enabled")
        if not isinstance(enabled, bool):
            raise ConfigError(f"{where}.enabled: expected true or false, got {enabled!r}")
        config.enabled[spec.id] = enabled


def _rule_names(registry: Registry, names: list[str], where: str) -> list[str]:
    ids: list[str] = []
    for name in names:
        expanded = registry.expand(name)
        if expanded is None:
            raise ConfigError(f"{where}: unknown rule or category {name!r}")
        ids += expanded
    return ids


def _rule_options(spec, options: Any, where: str) -> dict[str, Any]:
    if not isinstance(options, dict):
        raise ConfigError(f"{where}: must be a table of options")
    checked = {}
    for name, value in options.items():
        base = name.removeprefix("extend-")
        option = spec.options.get(base)
        extendable = isinstance(option.default, (list, dict)) if option else False
        if option is None or (name != base and not extendable):
            known = ", ".join(sorted(spec.options)) or "none"
            raise ConfigError(f"{where}: unknown option {name!r} (options: {known})")
        expected = (list, dict) if name != base else (type(option.default),)
        if not any(_fits(value, kind) for kind in expected):
            wanted = " or ".join(kind.__name__ for kind in expected)
            raise ConfigError(f"{where}.{name}: expected {wanted}, got {value!r}")
        if name == base:
            shaped = _shaped_like(value, option.default)
        elif isinstance(option.default, dict) and isinstance(value, list):  # every language
            shaped = _shaped_like(value, next(iter(option.default.values()), []))
        else:
            shaped = _shaped_like(value, option.default)
        if not shaped:
            raise ConfigError(f"{where}.{name}: not shaped like the default "
                              f"{option.default!r:.80}, got {value!r:.80}")
        checked[name] = value
    return checked


def _fits(value: Any, expected: type) -> bool:
    if expected is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def _shaped_like(value: Any, default: Any, depth: int = 0) -> bool:
    """Whether `value` has the shape of the option's default, all the way down: a list of the
    default's item kinds (a list option of phrases takes no numbers or tables), a table whose
    values are shaped like the default's (per-language lists, per-type settings)."""
    if depth > 8:
        return False
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    if isinstance(default, list):
        kinds = {type(item) for item in default} or {str, int, float}
        return isinstance(value, list) and all(
            any(_fits(item, kind) for kind in kinds) for item in value)
    if isinstance(default, dict):
        sample = next(iter(default.values()), None)
        return isinstance(value, dict) and all(
            sample is None or _shaped_like(item, sample, depth + 1) for item in value.values())
    return default is None or isinstance(value, type(default))


def _string(data: dict, key: str, where: str, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {key} must be a string, got {value!r}")
    return value


def _strings(data: dict, key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return value


def _table(data: dict, key: str, where: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must be a table")
    return value


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where}: expected a date YYYY-MM-DD, got {value!r}") from None


class ConfigFinder:
    """Finds the config for each checked file, reading each config file once.

    `isolated`: read no config file at all (defaults only, like ruff's --isolated).
    `allow_rule_paths=False`: a config that names rule-paths (Python code to run) is an error,
    for runs on content whose config nobody reviewed (a pull request's nested citewise.toml)."""

    def __init__(self, override: Path | None = None, isolated: bool = False,
                 allow_rule_paths: bool = True):
        self._allow_rule_paths = allow_rule_paths
        if isolated:
            self._override: Config | None = Config()
        else:
            self._override = (read_config_file(override, allow_rule_paths=allow_rule_paths)
                              if override else None)
        self._by_dir: dict[Path, Config] = {}
        self._by_file: dict[Path, Config] = {}

    def for_path(self, path: Path) -> Config:
        if self._override is not None:
            return self._override
        directory = resolved(path).parent if not path.is_dir() else resolved(path)
        return self._for_dir(directory)

    def _for_dir(self, directory: Path) -> Config:
        cached = self._by_dir.get(directory)
        if cached is not None:
            return cached
        config = self._config_in(directory)
        if config is None:
            parent = directory.parent
            config = Config() if parent == directory else self._for_dir(parent)
        self._by_dir[directory] = config
        return config

    def _config_in(self, directory: Path) -> Config | None:
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and not _has_citewise_table(candidate):
                continue
            if candidate not in self._by_file:
                parent = directory.parent
                above = self._for_dir(parent) if parent != directory else Config()
                self._by_file[candidate] = read_config_file(candidate, above.rule_paths,
                                                            self._allow_rule_paths)
            return self._by_file[candidate]
        return None


def _has_citewise_table(path: Path) -> bool:
    try:
        return b"[tool.citewise" in path.read_bytes()
    except OSError:
        return False
