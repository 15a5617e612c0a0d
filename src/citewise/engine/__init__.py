"""The rule engine: turn targets (files, folders, stdin) into sorted diagnostics."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from citewise.diagnostic import INTERNAL_ERROR, Diagnostic
from citewise.engine.cache import CacheEntry, ResultCache
from citewise.engine.config import Config, ConfigError, ConfigFinder
from citewise.engine.files import has_url_scheme, is_url, nothing_found_note, walk_pages
from citewise.engine.runner import (
    PageResult, Selection, check_bytes, check_path, read_capped, refused_file,
)
from citewise.parsers import is_sitemap_name

STDIN = "-"


def read_capped_file(path: Path, limit: int) -> bytes:
    from citewise.engine.runner import read_file_capped

    return read_file_capped(path, limit + 1)


@dataclass
class RunResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # usage and I/O errors: exit code 2
    notes: list[str] = field(default_factory=list)  # why a named folder yielded no page
    checked: list[str] = field(default_factory=list)
    rules: dict = field(default_factory=dict)  # id -> RuleSpec: every rule the pages' configs know
    site_files: list[str] = field(default_factory=list)  # checked, but no page: no score
    # Findings of the rules the score runs on every page (Weights.measures) where the run's
    # selection does not select them: they count in the score, and are not reported.
    score_only: list[Diagnostic] = field(default_factory=list)

    @property
    def internal_errors(self) -> bool:
        return any(d.rule == INTERNAL_ERROR for d in self.diagnostics)


@dataclass
class Target:
    """One page to check: a file on disk, stdin, or fetched content."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    fmt: str | None = None
    refused: str = ""  # why the file is not read (reported as unreadable-file)
    # A robots.txt fetched for checked URLs (--robots): their paths, checked as content paths.
    content_paths: tuple[str, ...] = ()


class Linter:
    """Checks targets. `jobs`: worker processes (None: from the files to check and the CPUs;
    1: in this process).
    `use_cache`: reuse and store results in `.citewise_cache/` (see engine/cache.py)."""

    def __init__(self, selection: Selection, config_path: Path | None = None,
                 stdin_filename: str | None = None, jobs: int | None = 1,
                 use_cache: bool = False, force_exclude: bool = False,
                 allow_private_urls: bool = False, isolated: bool = False,
                 allow_rule_paths: bool = True, robots: bool = False,
                 sitemaps: tuple[str, ...] = (), audit_limits=None):
        self.selection = selection
        self.sitemaps = sitemaps  # --sitemap URL: audit the pages it lists (sitemap_audit.py)
        self.audit_limits = audit_limits
        self.force_exclude = force_exclude  # the config's exclude also drops named files
        self.allow_private_urls = allow_private_urls
        self.robots = robots  # also check the /robots.txt of each checked URL's site
        self.configs = ConfigFinder(config_path, isolated, allow_rule_paths)
        self.stdin_filename = stdin_filename
        self.jobs = jobs
        self.use_cache = use_cache

    def expand(self, targets: list[str], result: RunResult) -> list[Target]:
        pages = self._expand(targets, result)
        if self.robots:
            pages += self._robots_of_urls([t for t in targets if is_url(t)], result)
        return pages

    def _expand(self, targets: list[str], result: RunResult) -> list[Target]:
        pages: list[Target] = []
        for target in targets:
            if target == STDIN:  # read up to just past the limit: lint_bytes reports the size
                name = Path(self.stdin_filename or "stdin").absolute()
                data = read_capped(sys.stdin.buffer, self.configs.for_path(name).max_file_size + 1)
                pages.append(Target(self.stdin_filename or "<stdin>", data=data))
            elif is_url(target):
                pages.append(self._fetch(target, result))
            else:
                path = Path(target)
                try:
                    os.stat(path)
                except PermissionError:  # a folder on the way cannot be searched
                    result.errors.append(f"{target}: permission denied (a folder on its path "
                                         "cannot be searched)")
                    continue
                except OSError:
                    pass  # missing, or a broken link: said below
                if path.is_dir():
                    pages += self._folder(path, result)
                elif path.exists() or path.is_symlink():
                    if not (self.force_exclude and self.configs.for_path(path).is_excluded(path)):
                        pages.append(Target(target, path))
                elif has_url_scheme(target):
                    result.errors.append(f"{target}: only http and https URLs can be checked")
                else:
                    result.errors.append(f"{target}: no such file or directory")
        return [page for page in pages if page is not None]

    def _folder(self, folder: Path, result: RunResult) -> list[Target]:
        """The pages of a folder named on the command line, minus the config's exclude and a
        Hugo site's templates; when none is left, a note says why."""
        from citewise.engine.generators import template_dirs

        config = self.configs.for_path(folder)
        outside: list[Path] = []
        found = walk_pages(folder, result.errors, outside)
        templates = template_dirs(folder)

        def wanted(page: Path) -> bool:
            return not config.is_excluded(page) and not any(
                d in page.absolute().parents for d in templates)

        kept = [page for page in found if wanted(page)]
        refused = [Target(str(page), refused=f"a symbolic link to a file outside {folder}: not "
                          "followed (name it to check it)") for page in outside if wanted(page)]
        if not kept and not refused:
            result.notes.append(nothing_found_note(folder, len(found)))
        return [Target(str(page), page) for page in kept] + refused

    def _fetch(self, url: str, result: RunResult) -> Target | None:
        from citewise.engine.fetch import FetchError, fetch
        from citewise.engine.files import site_file_of_url

        site_file = site_file_of_url(url)
        try:
            if site_file:  # any Content-Type: an HTML page served there is reported as such
                return Target(url, data=fetch(url, allow_private=self.allow_private_urls,
                                              types=None), fmt=site_file)
            return Target(url, data=fetch(url, allow_private=self.allow_private_urls),
                          fmt="html")
        except FetchError as error:
            result.errors.append(f"{url}: {error}{_status_meaning(site_file, error.status)}")
            return None

    def _audit(self, url: str, result: RunResult, progress) -> list[Target]:
        """The sitemap at `url` and the pages it lists, as targets; a note sums it up."""
        from citewise.engine.fetch import FetchError
        from citewise.engine.sitemap_audit import AuditLimits, audit_sitemap

        try:
            audit = audit_sitemap(url, self.audit_limits or AuditLimits(),
                                  self.allow_private_urls, progress)
        except FetchError as error:
            result.errors.append(f"{url}: {error}")
            return []
        result.notes.append(audit.summary(url))
        return [Target(item.url, data=item.data, fmt=item.fmt, refused=item.failure)
                for item in (*audit.sitemaps, *audit.pages)]

    def _robots_of_urls(self, urls: list[str], result: RunResult) -> list[Target]:
        """The /robots.txt of each site among `urls` (once a site), with the URLs' paths as
        the content paths its crawler rules are checked for. No robots.txt (4xx) is a note:
        crawlers may then fetch everything."""
        from citewise.engine.fetch import FetchError, fetch
        from citewise.engine.files import robots_url, site_file_of_url

        paths: dict[str, list[str]] = {}
        for url in urls:
            if site_file_of_url(url) is None:
                robots, path = robots_url(url)
                if robots:
                    paths.setdefault(robots, []).append(path)
        found = []
        for robots, content in paths.items():
            try:
                data = fetch(robots, allow_private=self.allow_private_urls, types=None)
            except FetchError as error:
                if error.status is not None and 400 <= error.status < 500:
                    result.notes.append(f"{robots}: HTTP {error.status}, no robots.txt: "
                                        "crawlers may fetch every page (RFC 9309 2.3.1.3)")
                else:
                    result.errors.append(f"{robots}: {error}"
                                         f"{_status_meaning('robots', error.status)}")
                continue
            found.append(Target(robots, data=data, fmt="robots",
                                content_paths=tuple(dict.fromkeys(content))))
        return found

    def config_for(self, target: Target) -> Config:
        if target.path is None and target.refused:
            return self.configs.for_path(Path(target.name))
        return self.configs.for_path(target.path or Path(self.stdin_filename or "stdin").absolute())

    def parse_options(self, target: Target):
        """What the target's config tells the parsers (page kinds, dialect)."""
        return self.config_for(target).parse_options(target.name)

    def lint(self, target: Target) -> list[Diagnostic]:
        return self.check(target).diagnostics

    def check(self, target: Target) -> PageResult:
        """The target's findings, and its summary when a site-wide rule runs."""
        config = self.config_for(target)
        if target.refused:
            return PageResult([refused_file(config, target.name, target.refused)])
        if target.content_paths:  # the checked URLs' paths, beside the configured ones
            config = _with_content_paths(config, target.content_paths)
        if target.data is not None:
            return check_bytes(target.name, target.data, config, self.selection, target.fmt)
        return check_path(target.path, config, self.selection)

    def run(self, targets: list[str],
            progress: Callable[[int, int], None] | None = None) -> RunResult:
        """Check every target; `progress(done, total)` is called after each page.

        Diagnostics come out sorted: the same for any number of jobs, cached or not. Each file
        is read once: for its cache entry's hash, and the same bytes are then checked.
        """
        result = RunResult()
        pages = self.expand(targets, result)
        for url in self.sitemaps:
            pages += self._audit(url, result, progress)
        result.checked = [page.name for page in pages]
        result.site_files = [page.name for page in pages
                             if page.fmt == "sitemap" or is_sitemap_name(page.name)]
        configs = [self.config_for(page) for page in pages]
        result.rules = self._check_selection(pages, configs)
        found: list[list[Diagnostic]] = [[] for _ in pages]
        summaries: dict[int, object] = {}  # index -> PageSummary, for the site-wide pass
        finished = 0

        def record(index: int, page_result: PageResult) -> None:
            nonlocal finished
            found[index] = page_result.diagnostics
            if page_result.summary is not None:
                summaries[index] = page_result.summary
            finished += 1
            if progress is not None:
                progress(finished, len(pages))

        cache = ResultCache(self.selection) if self.use_cache else None
        misses: list[int] = []  # indexes of the pages to check
        entries: dict[int, CacheEntry] = {}  # a miss's cache entry, to store its result in
        for index, page in enumerate(pages):
            entry = cache.entry(page, configs[index]) if cache is not None else None
            hit = entry.hit if entry is not None else None
            if hit is not None:
                record(index, hit)
                continue
            misses.append(index)
            if entry is not None:
                entries[index] = entry
                page.data = entry.data  # read once: hashed for the cache, checked as is

        def checked(position: int, page_result: PageResult) -> None:
            index = misses[position]
            if index in entries:
                entries[index].store_result(page_result)
            record(index, page_result)

        self._lint_all([pages[index] for index in misses], checked)
        if cache is not None:
            cache.save()
        found.append(self._site_pass(pages, configs, summaries))
        result.diagnostics = sorted((d for page in found for d in page), key=lambda d: d.sort_key)
        return result

    def _site_pass(self, pages: list[Target], configs: list[Config],
                   summaries: dict) -> list[Diagnostic]:
        """The site-wide rules over the summaries of the run's pages (engine/crosspage.py)."""
        if not summaries:
            return []
        from citewise.engine.crosspage import RunPage, site_diagnostics

        site_pages = [RunPage(summary, configs[index], self._source_of(pages[index]))
                      for index, summary in sorted(summaries.items())]
        return site_diagnostics(site_pages, self.selection)

    def _source_of(self, page: Target) -> Callable[[], str | None]:
        """The page's text, read when a site-wide finding on it quotes its line."""
        def source() -> str | None:
            from citewise.parsers import decode

            data = page.data
            if data is None and page.path is not None:
                try:
                    data = read_capped_file(page.path, self.config_for(page).max_file_size)
                except OSError:
                    return None
            if data is None:
                return None
            try:
                return decode(data, (page.fmt or "") == "html"
                              or page.name.lower().endswith((".html", ".htm"))).text
            except Exception:  # a binary file has no summary: this is only for quoting
                return None

        return source

    def _check_selection(self, pages: list[Target], configs: list[Config]) -> dict:
        """Every rule of the configs the pages use, by id; a ConfigError when --select or
        --ignore names a rule that one of those configs does not know (names are resolved per
        file, against that file's config and its rule packs)."""
        rules: dict = {}
        seen: set[int] = set()
        for page, config in zip(pages, configs):
            if id(config) in seen:
                continue
            seen.add(id(config))
            registry = config.registry
            for option, names in (("--select", self.selection.select or ()),
                                  ("--ignore", self.selection.ignore)):
                for name in names:
                    if registry.expand(name) is None:
                        raise ConfigError(
                            f"{option}: unknown rule or category {name!r} for {page.name} "
                            f"(config: {config.path or 'none, the defaults'})")
            rules.update(registry.rules)
        return rules

    def _lint_all(self, targets: list[Target],
                  done: Callable[[int, PageResult], None]) -> None:
        """Check targets in-process, or files on disk on worker processes when there are many."""
        from citewise.engine.parallel import auto_worker_count, default_jobs, worker_count

        on_disk = [index for index, target in enumerate(targets) if target.path is not None]
        if self.jobs is None:  # the files left after the cache decide, not only the CPUs
            workers = auto_worker_count(default_jobs(), len(on_disk))
        else:
            workers = worker_count(self.jobs, len(on_disk))
        handled: set[int] = set()
        if workers > 1:
            from citewise.engine.parallel import lint_parallel

            # The first file is checked here, before the workers are forked: what it loads
            # (parsers, spaCy and its pipeline, the rules' word lists) is then shared by every
            # worker instead of being loaded again in each.
            first, rest = on_disk[0], on_disk[1:]
            done(first, self.check(targets[first]))
            lint_parallel(self, [targets[index] for index in rest], workers,
                          lambda position, page_result: done(rest[position], page_result))
            handled = set(on_disk)
        for index, target in enumerate(targets):
            if index not in handled:
                done(index, self.check(target))


def _status_meaning(site_file: str | None, status: int | None) -> str:
    """What an error status at /robots.txt means to crawlers (RFC 9309 2.3.1.3, 2.3.1.4):
    the response is not a robots.txt, and is not parsed as one."""
    if site_file != "robots" or status is None:
        return ""
    if 400 <= status < 500:
        return ("; not a robots.txt, so not checked: crawlers read a 4xx as \"no robots.txt\" "
                "and may fetch every page (RFC 9309 2.3.1.3)")
    if status >= 500:
        return ("; not a robots.txt, so not checked: while /robots.txt answers 5xx, crawlers "
                "must treat the whole site as disallowed (RFC 9309 2.3.1.4)")
    return ""


CONTENT_PATH_RULES = ("robots-blocks-ai-search", "robots-blocks-ai-training")


def _with_content_paths(config: Config, paths: tuple[str, ...]) -> Config:
    """`config` with `paths` added to the content paths of the robots.txt crawler rules."""
    import dataclasses

    options = dict(config.rule_options)
    for rule in CONTENT_PATH_RULES:
        rule_options = dict(options.get(rule, {}))
        rule_options["extend-content-paths"] = [*rule_options.get("extend-content-paths", []),
                                                *paths]
        options[rule] = rule_options
    return dataclasses.replace(config, rule_options=options)
