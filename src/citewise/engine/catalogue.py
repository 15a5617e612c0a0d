"""The rule catalogue: one TOML file per rule, built in or from a rule pack.

A catalogue file declares everything about a rule but its logic: id, code, category, default
severity, what it reads (formats, page kinds, block scope), options with defaults, the docs and
a bad and a good example. `check` names the Python function that does the work
("module:function", or "file.py:function" relative to the catalogue file); an empty `check`
marks a rule that the engine itself reports (unreadable files, internal errors, unused
suppressions). The schema is strict: docs/writing-rules.md lists every key, and any other key,
or a value of the wrong kind, is an error naming the file and the key.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import re
import sys
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from citewise.diagnostic import SEVERITIES
from citewise.model import BLOCK_KINDS, BLOCK_SCOPES, PAGE_KIND_SETS, PAGE_KINDS, block_scope

# Each category and the first digit of its built-in codes (CW1xx structure... CW9xx file).
CATEGORY_DIGITS = {"structure": 1, "sentences": 2, "entities": 3, "schema": 4, "freshness": 5,
                   "readability": 6, "site": 7, "file": 9}
CATEGORIES = tuple(CATEGORY_DIGITS)
PAGE_FORMATS = ("markdown", "html")
# Site files (robots.txt, llms.txt, sitemap.xml) are formats of their own: a rule checks them
# only when its `formats` names them, so no page rule ever reads one.
SITE_FORMATS = ("robots", "llms", "sitemap")
FORMATS = (*PAGE_FORMATS, *SITE_FORMATS)
# `scope = "site-wide"`: a rule over the pages of the whole run, run after the per-file pass on
# their summaries (citewise.model.PageSummary); its check is check(site, options, context) and
# yields (path, Problem) pairs (see engine/crosspage.py and docs/writing-rules.md). Not the
# `site` category, which holds the rules of the site files (robots.txt, llms.txt, sitemap.xml).
SITE_SCOPE = "site-wide"
SERVICES = ("nlp", "dates", "extruct", "site")
RULE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
RULE_CODE = re.compile(r"^[A-Z]+[0-9]+$")
BUILTIN_CODE_PREFIX = "CW"  # reserved: a rule pack's codes use a prefix of their own

_TEXT = ("summary", "description", "rationale", "help")
_REQUIRED = ("id", "code", "category", "severity", *_TEXT)
_OPTIONAL = ("check", "formats", "kinds", "scope", "enabled", "needs", "options", "example",
             "known-problems", "measured", "references", "precision", "per-page", "fix", "url")
PRECISIONS = ("very-high", "high", "medium", "low")  # SARIF's scale
FIX_KINDS = ("safe", "unsafe")  # `fix`: the rule's fixes are applied by --fix, or only with
                                # --unsafe-fixes
_OPTION_KEYS = ("doc", "default", "per-language", "required")
_EXAMPLE_KEYS = ("format", "bad", "good", "options")


class CatalogueError(Exception):
    """A catalogue file is malformed: a bug in the rule pack, named with its file."""


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    default: Any
    doc: str
    per_language: bool = False  # the default is a table {language: value}; see resolve_options
    required: bool = False  # per-language: a page whose language has no value is not checked


@dataclass(frozen=True, slots=True)
class Example:
    format: str
    bad: str
    good: str
    options: dict = field(default_factory=dict)  # the rule's options the example runs with


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
    needs: tuple[str, ...] = ()  # shared services the check uses: "nlp", "dates", "extruct",
                                 # "site" (the tree's pages and URLs, from the config's [site])
    kinds: tuple[str, ...] = PAGE_KINDS  # the page kinds the rule checks
    scope: frozenset[str] = BLOCK_SCOPES["all"]  # the block kinds the rule reads
    scope_names: tuple[str, ...] = ("all",)  # `scope` as the catalogue wrote it
    known_problems: str = ""
    measured: str = ""  # figures measured on a corpus: generated docs keep them apart
    references: tuple[str, ...] = ()
    builtin: bool = False
    precision: str = "medium"  # SARIF's precision: measured on the corpus, else medium
    per_page: bool = False  # a finding about the whole page: --diff-base keeps it on any change
    fix: str = ""  # "safe" | "unsafe": the rule offers fixes (see citewise.diagnostic.Fix)
    url: str = ""  # a pack rule's docs page (SARIF helpUri, the editor's link)

    @property
    def defaults(self) -> dict[str, Any]:
        return {name: option.default for name, option in self.options.items()}

    @property
    def site_wide(self) -> bool:
        """A site-wide rule: it reads every page's summary, after the per-file pass."""
        return self.scope_names == (SITE_SCOPE,)

    @property
    def engine_made(self) -> bool:
        return not self.check_ref

    @cached_property
    def check(self) -> Callable:
        """The check function, imported on first use so unused built-in rules cost nothing (a
        pack's is imported when its catalogue file is loaded, so a wrong `check` is a
        configuration error, not a crash on every page)."""
        return check_function(self.check_ref, self.source)

    def resolve_options(self, options: dict[str, Any], language: str) -> dict[str, Any] | None:
        """`options` with each per-language option replaced by its value for `language`;
        None when a required one has no value for it (the rule does not check that page)."""
        resolved = dict(options)
        for name, option in self.options.items():
            if not option.per_language:
                continue
            value = (options.get(name) or {}).get(language)
            if value is None:
                if option.required:
                    return None
                value = []
            resolved[name] = value
        return resolved


def load_rule_file(path: Path, builtin: bool = False) -> RuleSpec:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogueError(f"{path}: {error}") from None
    where = str(path)
    _known_keys(raw, (*_REQUIRED, *_OPTIONAL), where)
    missing = [key for key in _REQUIRED if key not in raw]
    if missing:
        raise CatalogueError(f"{where}: missing {', '.join(missing)}")
    for key in ("id", "code", "check", *_TEXT, "known-problems", "measured"):
        _expect(raw, key, str, where)
    if not RULE_ID.match(raw["id"]):
        raise CatalogueError(f"{where}: id: {raw['id']!r} is not lower-case-with-dashes")
    if not RULE_CODE.match(raw["code"]):
        raise CatalogueError(f"{where}: code: {raw['code']!r} is not letters then digits "
                             f"(e.g. ACME101)")
    _one_of(raw["severity"], SEVERITIES, f"{where}: severity")
    _one_of(raw["category"], CATEGORIES, f"{where}: category")
    _expect(raw, "enabled", bool, where)
    _expect(raw, "per-page", bool, where)
    _one_of(raw.get("precision", "medium"), PRECISIONS, f"{where}: precision")
    if "fix" in raw:
        _one_of(raw["fix"], FIX_KINDS, f"{where}: fix")
    scope_names = tuple(_names(raw, "scope", (*BLOCK_SCOPES, *BLOCK_KINDS, SITE_SCOPE), where)
                        or ("all",))
    if SITE_SCOPE in scope_names and len(scope_names) > 1:
        raise CatalogueError(f"{where}: scope: {SITE_SCOPE!r} stands alone (a site-wide rule "
                             f"reads page summaries, not blocks)")
    _expect(raw, "url", str, where)
    if "url" in raw:
        _web_address(raw["url"], f"{where}: url")
    spec = RuleSpec(
        id=raw["id"],
        code=raw["code"],
        category=raw["category"],
        severity=raw["severity"],
        summary=raw["summary"].strip(),
        description=raw["description"].strip(),
        rationale=raw["rationale"].strip(),
        help=" ".join(raw["help"].split()),
        # A rule the engine reports itself (unreadable file...) applies to every format.
        formats=tuple(_names(raw, "formats", FORMATS, where)
                      or (PAGE_FORMATS if raw.get("check") else FORMATS)),
        options=_options(raw, where),
        example=_example(raw, where),
        check_ref=raw.get("check", ""),
        source=path,
        enabled=raw.get("enabled", True),
        needs=tuple(_names(raw, "needs", SERVICES, where)),
        kinds=_kinds(raw, where),
        scope=frozenset() if scope_names == (SITE_SCOPE,) else block_scope(scope_names),
        scope_names=scope_names,
        known_problems=raw.get("known-problems", "").strip(),
        measured=raw.get("measured", "").strip(),
        references=tuple(_names(raw, "references", None, where)),
        builtin=builtin,
        precision=raw.get("precision", "medium"),
        per_page=raw.get("per-page", False),
        fix=raw.get("fix", ""),
        url=raw.get("url", ""),
    )
    if spec.check_ref and not builtin:
        try:
            spec.check  # noqa: B018 - import it now: a wrong `check` is the pack's error
        except CatalogueError as error:
            raise CatalogueError(f"{where}: check: {error}") from None
    return spec


def _web_address(value: str, where: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise CatalogueError(f"{where}: expected an http(s) address, got {value!r}")


def check_function(check_ref: str, source: Path) -> Callable:
    """The function that `check` names: "file.py:function" (beside `source`) or
    "package.module:function"; CatalogueError saying what is wrong with it."""
    module_ref, _, function = check_ref.partition(":")
    function = function or "check"
    if module_ref.endswith(".py"):
        path = source.parent / module_ref
        if not path.is_file():
            beside = sorted(p.name for p in source.parent.glob("*.py"))
            close = difflib.get_close_matches(module_ref, beside, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise CatalogueError(f"no file {path}{hint}")
        module = _import_file(path)
    else:
        try:
            module = importlib.import_module(module_ref)
        except Exception as error:  # the pack's module is broken or missing
            raise CatalogueError(f"cannot import {module_ref!r}: "
                                 f"{type(error).__name__}: {error}") from None
    found = getattr(module, function, None)
    if found is None:
        names = [name for name in vars(module) if callable(getattr(module, name))]
        close = difflib.get_close_matches(function, names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise CatalogueError(f"{module_ref} has no function {function!r}{hint}")
    if not callable(found):
        raise CatalogueError(f"{module_ref}:{function} is not a function")
    return found


def _known_keys(table: dict, known: tuple[str, ...], where: str) -> None:
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (keys: {', '.join(known)})"
            raise CatalogueError(f"{where}: unknown key {key!r}{hint}")


def _expect(table: dict, key: str, kind: type, where: str) -> None:
    if key in table and not isinstance(table[key], kind):
        raise CatalogueError(f"{where}: {key}: expected {_KIND_NAMES[kind]}, "
                             f"got {table[key]!r}")


_KIND_NAMES = {str: "a string", bool: "true or false", dict: "a table"}


def _one_of(value: Any, allowed, where: str) -> None:
    if value not in allowed:
        close = difflib.get_close_matches(str(value), allowed, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise CatalogueError(f"{where}: {value!r} is not one of {', '.join(allowed)}{hint}")


def _kinds(raw: dict, where: str) -> tuple[str, ...]:
    """The page kinds a rule checks: its `kinds` (kinds, or named sets: "published", "any"),
    else every kind."""
    names = _names(raw, "kinds", (*PAGE_KINDS, *PAGE_KIND_SETS), where)
    kinds = [kind for name in names for kind in PAGE_KIND_SETS.get(name, (name,))]
    return tuple(dict.fromkeys(kinds)) or PAGE_KINDS


def _names(raw: dict, key: str, allowed, where: str) -> list[str]:
    """A list of strings (a single string counts as one), each in `allowed` unless None."""
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise CatalogueError(f"{where}: {key}: expected a list of strings, got {value!r}")
    if allowed is not None:
        for item in value:
            _one_of(item, allowed, f"{where}: {key}")
    return value


def _options(raw: dict, where: str) -> dict[str, Option]:
    _expect(raw, "options", dict, where)
    options = {}
    for name, spec in raw.get("options", {}).items():
        at = f"{where}: options.{name}"
        if not isinstance(spec, dict):
            raise CatalogueError(f"{at}: expected a table with doc and default")
        _known_keys(spec, _OPTION_KEYS, at)
        if "default" not in spec or "doc" not in spec:
            raise CatalogueError(f"{at}: missing {'default' if 'default' not in spec else 'doc'}")
        _expect(spec, "doc", str, at)
        _expect(spec, "per-language", bool, at)
        _expect(spec, "required", bool, at)
        per_language = spec.get("per-language", False)
        if per_language and not isinstance(spec["default"], dict):
            raise CatalogueError(f"{at}: default: a per-language option's default is a table "
                                 f"of languages (default.en = ...)")
        if spec.get("required") and not per_language:
            raise CatalogueError(f"{at}: required: only a per-language option can be required")
        options[name] = Option(name, spec["default"], spec["doc"], per_language,
                               spec.get("required", False))
    return options


def _example(raw: dict, where: str) -> Example | None:
    if "example" not in raw:
        return None
    _expect(raw, "example", dict, where)
    example, at = raw["example"], f"{where}: example"
    _known_keys(example, _EXAMPLE_KEYS, at)
    for key in ("bad", "good"):
        if key not in example:
            raise CatalogueError(f"{at}: missing {key}")
        _expect(example, key, str, at)
    fmt = example.get("format", "markdown")
    _one_of(fmt, FORMATS, f"{at}: format")
    _expect(example, "options", dict, at)
    options = example.get("options", {})
    for name in options:
        _one_of(name, tuple(raw.get("options", {})), f"{at}: options")
    return Example(fmt, example["bad"], example["good"], options)


def load_catalogue_dir(folder: Path, builtin: bool = False) -> list[RuleSpec]:
    """Every rule file in `folder`; files named `_*.toml` hold shared data, not rules."""
    return [load_rule_file(path, builtin) for path in sorted(folder.glob("*.toml"))
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
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # a syntax error, a failing import: the pack's bug, said once
        del sys.modules[name]
        raise CatalogueError(f"cannot import {path}: {type(error).__name__}: {error}") from None
    return module
