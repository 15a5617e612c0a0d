"""Run the selected rules on one file: parse, check, apply suppressions, make diagnostics."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from citewise.diagnostic import (
    INTERNAL_ERROR, UNREADABLE, UNUSED_SUPPRESSION, Diagnostic, Problem, fix_data,
)
from citewise.engine.catalogue import RuleSpec
from citewise.engine.config import Config, ConfigError
from citewise.engine.suppressions import (
    ALL, KINDS, apply_suppressions, is_directive, read_suppressions,
)
from citewise.model import Document, PageSummary, Span
from citewise.parsers import BinaryFile, decode, detect_format, parse_decoded
from citewise.services import Context
from citewise.services.nlp import ModelNotInstalled



@dataclass
class PageResult:
    """One page's findings, and its summary for the site-wide rules (None when none of them
    runs on the page, or the page could not be read)."""

    diagnostics: list[Diagnostic]
    summary: PageSummary | None = None


@dataclass(frozen=True)
class Selection:
    """The command line's say over the rules, on top of each file's config. Names (ids, codes,
    categories, ALL) are kept as given and resolved per file, against that file's config."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    today: dt.date | None = None


def active_rules(config: Config, selection: Selection, path: str, fmt: str,
                 per_file: bool = True) -> list[RuleSpec]:
    """The rules to run on one file. The command line wins over the config file (as in ruff
    and eslint): `--select` sets the rules whatever the config's `select` and `ignore` say;
    `--ignore` drops them whatever it selects. per-file-ignores still apply."""
    registry = config.registry
    switched = config.enabled  # [rules.ID] enabled = true / false
    config_ignore = set(config.ignore)
    if selection.select is not None:
        chosen = _ids(registry, selection.select)
        config_ignore = set()  # the command line wins over the config (ruff, eslint)
    else:
        base = config.select if config.select is not None else [
            spec.id for spec in registry if spec.enabled]
        chosen = [*base, *(rule_id for rule_id, on in switched.items() if on)]
        chosen = [rule_id for rule_id in chosen if switched.get(rule_id, True)]
    chosen = [*chosen, *_ids(registry, selection.extend_select)]  # --extend-select: opt-in rules
    dropped = config_ignore | set(_ids(registry, selection.ignore))
    if per_file:  # per_file=False: what the run selects, whatever the file's name
        dropped |= config.ignored_for(path)
    return [
        registry.rules[rule_id]
        for rule_id in dict.fromkeys(chosen)
        if rule_id not in dropped and fmt in registry.rules[rule_id].formats
    ]


def _ids(registry, names) -> list[str]:
    """The rule ids `names` stand for; a name this registry does not know stands for none
    (Linter.run has already said so, naming the file and its config)."""
    return [rule_id for name in names for rule_id in registry.expand(name) or ()]


def context_for(config: Config, selection: Selection) -> Context:
    return Context(
        today=selection.today or config.today or dt.date.today(),
        entity_names=tuple(config.entities),
        language=config.language,
        nlp_model=config.nlp_model,
    )


def lint_path(path: Path, config: Config, selection: Selection) -> list[Diagnostic]:
    """Check one file on disk. Never raises: trouble becomes a diagnostic on the file."""
    return check_path(path, config, selection).diagnostics


def check_path(path: Path, config: Config, selection: Selection) -> PageResult:
    """lint_path, with the page's summary."""
    name = str(path)
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):  # a FIFO or a device would block or never end
            return PageResult([_file_problem(
                config, name, UNREADABLE,
                f"not a regular file ({_file_kind(status.st_mode)}); not checked")])
        pseudo = pseudo_filesystem(path)
        if pseudo:  # /proc/kmsg is "regular" and blocks on read
            return PageResult([_file_problem(
                config, name, UNREADABLE,
                f"a file of the kernel's {pseudo} pseudo-filesystem; not checked")])
        size = status.st_size
        if size <= config.max_file_size:
            # Non-blocking (no effect on a real file) and capped: the file may grow as it is read.
            data = read_file_capped(path, config.max_file_size + 1)
            size = len(data)
        if size > config.max_file_size:
            return PageResult([_file_problem(config, name, UNREADABLE,
                                             f"file is {size:,} bytes, over max-file-size "
                                             f"({config.max_file_size:,}); not checked")])
    except OSError as error:
        reason = error.strerror or type(error).__name__
        if path.is_symlink() and not path.exists():
            reason = f"broken symbolic link ({reason})"
        return PageResult([_file_problem(config, name, UNREADABLE, f"cannot read file: {reason}")])
    return check_bytes(name, data, config, selection)


def _nonblocking(path, flags: int) -> int:
    return os.open(path, flags | os.O_NONBLOCK)


def read_file_capped(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of the file, opened non-blocking (no effect on a real file; a
    special file that passed for regular cannot hang the run)."""
    with open(path, "rb", opener=_nonblocking) as stream:
        return read_capped(stream, limit)


def read_capped(stream, limit: int) -> bytes:
    """At most `limit` bytes of `stream`, read in pieces: `read(limit)` would allocate `limit`
    bytes up front (a max-file-size of 100 GB is a MemoryError, not a cap)."""
    chunks, size = [], 0
    while size < limit:
        chunk = stream.read(min(1 << 20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


_PSEUDO_FILESYSTEMS = ("/proc", "/sys")


def pseudo_filesystem(path: Path) -> str:
    real = os.path.realpath(path)
    return next((root for root in _PSEUDO_FILESYSTEMS
                 if real == root or real.startswith(root + os.sep)), "")


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def lint_bytes(
    path: str, data: bytes, config: Config, selection: Selection, fmt: str | None = None
) -> list[Diagnostic]:
    return check_bytes(path, data, config, selection, fmt).diagnostics


def check_bytes(
    path: str, data: bytes, config: Config, selection: Selection, fmt: str | None = None
) -> PageResult:
    """lint_bytes, with the page's summary."""
    fmt = fmt or detect_format(path, data)
    if len(data) > config.max_file_size:
        return PageResult([_file_problem(config, path, UNREADABLE,
                                         f"content is larger than max-file-size "
                                         f"({config.max_file_size:,} bytes); not checked")])
    rules = active_rules(config, selection, path, fmt)
    try:
        decoded = decode(data, fmt == "html")
        doc = parse_decoded(path, decoded, fmt,
                            embedded=any("extruct" in spec.needs for spec in rules),
                            options=config.parse_options(path))
    except BinaryFile as error:
        return PageResult([_file_problem(config, path, UNREADABLE, f"not a text file: {error}")])
    except Exception as error:  # a parser bug must not cost the other files their results
        return PageResult([_file_problem(config, path, INTERNAL_ERROR,
                                         f"parsing failed: {type(error).__name__}: {error}")])
    result = _lint(doc, config, selection, rules, decoded.text)
    result.diagnostics = with_source_lines(result.diagnostics, decoded.text)
    return result


def with_source_lines(diagnostics: list[Diagnostic], text: str) -> list[Diagnostic]:
    """Give each diagnostic the text of its line, for reporters that quote it."""
    if not diagnostics:
        return diagnostics
    lines = text.split("\n")
    return [dataclasses.replace(d, source_line=lines[d.line - 1].rstrip("\r"))
            if 0 < d.line <= len(lines) else d for d in diagnostics]


def lint_document(doc: Document, config: Config, selection: Selection,
                  rules: list[RuleSpec] | None = None) -> list[Diagnostic]:
    return _lint(doc, config, selection, rules).diagnostics


def _lint(doc: Document, config: Config, selection: Selection,
          rules: list[RuleSpec] | None = None, text: str | None = None) -> PageResult:
    """The page's findings; with `text` (its decoded source), its summary too when a
    site-wide rule runs on it."""
    if rules is None:
        rules = active_rules(config, selection, doc.path, doc.format)
    context = context_for(config, selection)
    if config.site is not None and any("site" in spec.needs for spec in rules):
        from citewise.engine.site import site_layout

        context = dataclasses.replace(context, site=site_layout(config))
    language = context.language_of(doc)
    diagnostics: list[Diagnostic] = []
    for spec in rules:
        if (spec.engine_made or spec.site_wide
                or doc.kind not in config.rule_kinds.get(spec.id, spec.kinds)):
            continue
        options = spec.resolve_options(config.options_for(spec.id), language)
        if options is None:
            continue  # a word list the rule needs has no entry for the page's language
        try:
            with contextlib.redirect_stdout(sys.stderr):  # a rule's print must not spoil a report
                problems = list(spec.check(doc, options, context.for_rule(spec.scope)))
            made = [_diagnostic(config, doc.path, spec, _within(problem, doc.line_count))
                    for problem in problems]
        except ModelNotInstalled as error:  # nlp-model names a model that is not there
            raise ConfigError(f"{config.path or 'configuration'}: {error}") from None
        except Exception as error:  # a rule that raises is a bug: report it, keep going
            reason = " ".join(str(error).split())
            reason = reason if len(reason) <= 300 else reason[:299] + "…"
            diagnostics.append(_file_problem(
                config, doc.path, INTERNAL_ERROR,
                f"rule {spec.id} failed: {type(error).__name__}: {reason}"))
            continue
        diagnostics += made
    unread = config.registry.rules[UNREADABLE]  # the parser stopped early: say where
    diagnostics += [_diagnostic(config, doc.path, unread, Problem(note.span, note.message))
                    for note in doc.notes if note.kind == "partial"]
    site_rules = {spec.id for spec in rules  # as engine/crosspage.py runs them on this page
                  if spec.site_wide and doc.kind in config.rule_kinds.get(spec.id, spec.kinds)}
    kept, used = _suppress(doc, config, rules, diagnostics, site_rules)
    # A page whose per-file-ignores drop the site-wide rules is still a page of the site: its
    # title is another page's duplicate, its headings are links' anchors.
    if text is None or not (site_rules or any(
            spec.site_wide for spec in active_rules(config, selection, doc.path, doc.format, False))):
        return PageResult(kept)
    from citewise.services.crosspage import summarize

    summary = dataclasses.replace(
        summarize(doc, text), used=used,
        directives=tuple(c for c in doc.comments if is_directive(c.text)))
    return PageResult(kept, summary)


def _within(problem: Problem, line_count: int) -> Problem:
    """The problem with its span inside the file: a rule pack's off-by-one never points past
    the last line, nor before the first line or column."""
    span = problem.span
    line = min(max(span.line, 1), line_count)
    end_line = min(max(span.last_line, line), line_count)
    column = max(span.column, 1)
    end_column = None if span.end_column is None else max(span.end_column, 1)
    if (line, end_line, column, end_column) == (span.line, span.last_line, span.column,
                                                span.end_column):
        return problem
    return dataclasses.replace(problem, span=Span(line, column, end_line, end_column))


def _suppress(doc: Document, config: Config, rules: list[RuleSpec],
              diagnostics: list[Diagnostic], site_rules: set[str] = frozenset()
              ) -> tuple[list[Diagnostic], tuple[int, ...]]:
    """The diagnostics left by the page's suppressions, with unused-suppression findings; and
    the indexes of the suppressions used. Whether a suppression of a site-wide rule (or of all
    rules, when one runs here) is unused is for the site-wide pass to say, after it."""
    suppressions, unknown = read_suppressions(doc.comments, doc.line_count,
                                              rule_resolver(config))
    # citewise's own trouble (a crashed rule, a file it could not read) is never suppressible:
    # a page's `citewise-disable-file` must not turn a crash into "All clear", exit 0.
    unsuppressible = [d for d in diagnostics if d.rule in (INTERNAL_ERROR, UNREADABLE)]
    kept = apply_suppressions([d for d in diagnostics if d.rule not in (INTERNAL_ERROR, UNREADABLE)],
                              suppressions) + unsuppressible
    used = tuple(index for index, suppression in enumerate(suppressions) if suppression.used)
    active = {spec.id for spec in rules}
    if UNUSED_SUPPRESSION not in active:
        return kept, used
    registry = config.registry
    spec = registry.rules[UNUSED_SUPPRESSION]
    for name in unknown:
        if name.directive:  # a misspelt directive suppresses nothing the user meant it to
            kept.append(_diagnostic(config, doc.path, spec, Problem(
                name.span, f"{name.name} is no citewise directive (one of: "
                           f"{', '.join('citewise-' + kind for kind in KINDS)}); "
                           f"it suppresses nothing", severity="warning")))
        else:
            kept.append(_diagnostic(config, doc.path, spec, Problem(
                name.span, f"suppression names no rule: {name.name!r}"
                           f"{_did_you_mean(name.name, registry)}")))
    deferred = site_rules | ({ALL} if site_rules else set())
    kept += unused_suppressions(config, doc.path, [
        suppression for suppression in suppressions if suppression.rule not in deferred], active)
    return kept, used


def rule_resolver(config: Config):
    """A suppression comment's rule name to a rule id of `config` (None: no such rule)."""
    registry = config.registry

    def resolve(name: str) -> str | None:
        spec = registry.get(name)
        return spec.id if spec else None

    return resolve


def unused_suppressions(config: Config, path: str, suppressions, active: set[str]
                        ) -> list[Diagnostic]:
    """unused-suppression findings for the suppressions that suppressed nothing."""
    spec = config.registry.rules[UNUSED_SUPPRESSION]
    found = []
    for suppression in suppressions:
        if not suppression.used and (suppression.rule == ALL or suppression.rule in active):
            what = "all rules" if suppression.rule == ALL else suppression.rule
            found.append(_diagnostic(config, path, spec, Problem(
                suppression.span, f"citewise-{suppression.kind} for {what} suppresses nothing")))
    return found


def _did_you_mean(name: str, registry) -> str:
    import difflib

    close = difflib.get_close_matches(name.lower(), list(registry.rules), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def make_diagnostic(config: Config, path: str, spec: RuleSpec, problem: Problem,
                    line_count: int) -> Diagnostic:
    """The diagnostic of `problem`, found by `spec` on `path` (a file of `line_count` lines),
    with the config's severity and its span inside the file."""
    return _diagnostic(config, path, spec, _within(problem, line_count))


def _diagnostic(config: Config, path: str, spec: RuleSpec, problem: Problem) -> Diagnostic:
    span = problem.span
    end_line = span.end_line if span.end_line is not None else span.line
    end_column = span.end_column if span.end_column is not None else span.column
    return Diagnostic(
        path=path,
        line=span.line,
        column=span.column,
        end_line=end_line,
        end_column=end_column,
        rule=spec.id,
        category=spec.category,
        severity=config.severity.get(spec.id) or problem.severity or spec.severity,
        message=problem.message,
        help=problem.help or spec.help,
        fix=fix_data(problem.fix, spec.fix == "safe") if problem.fix else None,
        suggestion="" if problem.fix else problem.suggestion or problem.help or spec.help,
    )


def refused_file(config: Config, path: str, message: str) -> Diagnostic:
    """The finding for a file citewise chose not to read (and says why)."""
    return _file_problem(config, path, UNREADABLE, message)


def _file_problem(config: Config, path: str, rule_id: str, message: str) -> Diagnostic:
    spec = config.registry.rules[rule_id]
    return _diagnostic(config, path, spec, Problem(Span(1, 1), message))
