"""The rule engine: turn targets (files, folders, stdin) into sorted diagnostics."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from citewise.diagnostic import Diagnostic
from citewise.engine.config import ConfigFinder
from citewise.engine.files import is_url, walk_pages
from citewise.engine.runner import Selection, lint_bytes, lint_path

STDIN = "-"


@dataclass
class RunResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # usage and I/O errors: exit code 2
    checked: list[str] = field(default_factory=list)

    @property
    def internal_errors(self) -> bool:
        return any(d.rule == "internal-error" for d in self.diagnostics)


@dataclass
class Target:
    """One page to check: a file on disk, stdin, or fetched content."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    fmt: str | None = None


class Linter:
    def __init__(self, selection: Selection, config_path: Path | None = None,
                 stdin_filename: str | None = None):
        self.selection = selection
        self.configs = ConfigFinder(config_path)
        self.stdin_filename = stdin_filename

    def expand(self, targets: list[str], result: RunResult) -> list[Target]:
        pages: list[Target] = []
        for target in targets:
            if target == STDIN:
                data = sys.stdin.buffer.read()
                pages.append(Target(self.stdin_filename or "<stdin>", data=data))
            elif is_url(target):
                pages.append(self._fetch(target, result))
            else:
                path = Path(target)
                if path.is_dir():
                    config = self.configs.for_path(path)
                    pages += [Target(str(page), page) for page in walk_pages(path)
                              if not config.is_excluded(page)]
                elif path.exists() or path.is_symlink():
                    pages.append(Target(target, path))
                else:
                    result.errors.append(f"{target}: no such file or directory")
        return [page for page in pages if page is not None]

    def _fetch(self, url: str, result: RunResult) -> Target | None:
        from citewise.engine.fetch import FetchError, fetch

        try:
            return Target(url, data=fetch(url), fmt="html")
        except FetchError as error:
            result.errors.append(f"{url}: {error}")
            return None

    def lint(self, target: Target) -> list[Diagnostic]:
        config_base = target.path or Path(self.stdin_filename or "stdin").absolute()
        config = self.configs.for_path(config_base)
        if target.data is not None:
            return lint_bytes(target.name, target.data, config, self.selection, target.fmt)
        return lint_path(target.path, config, self.selection)

    def run(self, targets: list[str],
            progress: Callable[[int, int], None] | None = None) -> RunResult:
        """Check every target; `progress(done, total)` is called after each page."""
        result = RunResult()
        pages = self.expand(targets, result)
        for done, target in enumerate(pages, 1):
            result.checked.append(target.name)
            result.diagnostics += self.lint(target)
            if progress is not None:
                progress(done, len(pages))
        result.diagnostics.sort(key=lambda d: d.sort_key)
        return result
