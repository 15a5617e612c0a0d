"""The command line: `citewise check`, `inspect`, `rules`, `rule ID`.

Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage, config or I/O error, or an
internal error (a rule that crashed), whatever --exit-zero says.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from citewise import __version__
from citewise.reporters import FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _parse_today(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("expected a date as YYYY-MM-DD") from None


def _names(values: tuple[str, ...]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def _fail(message: str) -> None:
    click.echo(f"citewise: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="citewise")
def main() -> None:
    """Lint web pages (Markdown, HTML) for what keeps AI answer engines from citing them."""


@main.command()
@click.argument("targets", nargs=-1)
@click.option("--format", "output_format", default="text", show_default=True,
              type=click.Choice(list(FORMATS)), help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write the report to this file instead of stdout.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rules, codes or categories (comma-separated; repeatable).")
@click.option("--ignore", multiple=True, metavar="RULES",
              help="Skip these rules, codes or categories (comma-separated; repeatable).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="warning",
              show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--today", callback=_parse_today, metavar="YYYY-MM-DD",
              help="The date freshness rules count from (default: config, else today).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this config file for every checked file.")
@click.option("--stdin-filename", metavar="NAME", help="Name (and format) for content read from -.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option("--statistics", is_flag=True, help="Also print the number of findings per rule.")
@click.option("--no-cache", is_flag=True, envvar="CITEWISE_NO_CACHE",
              help="Do not read or write the result cache (.citewise_cache/).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Check files on N processes (default: one per CPU; 1: no worker processes).")
@click.option("--fail-under", type=click.IntRange(0, 100), metavar="SCORE",
              help="Also exit 1 when a page's citability score is below SCORE (0-100).")
@click.option("--diff-base", metavar="REV",
              help="Report only findings on lines added or changed since git revision REV.")
def check(targets, output_format, output, select, ignore, fail_on, exit_zero, today, config_path,
          stdin_filename, quiet, statistics, no_cache, jobs, fail_under, diff_base) -> None:
    """Check pages: files, folders (walked for .md/.markdown/.html/.htm), URLs, or - for stdin."""
    from citewise.diagnostic import severity_rank
    from citewise.engine import Linter
    from citewise.engine.config import ConfigError
    from citewise.engine.runner import Selection
    from citewise.reporters.progress import progress_bar

    if not targets:
        targets = (".",)
    try:
        linter = Linter(Selection(), config_path, stdin_filename, jobs=jobs,
                        use_cache=not no_cache)
        registry = linter.configs.for_path(Path.cwd()).registry
        selection = Selection(
            select=tuple(_resolve(registry, _names(select), "--select")) if select else None,
            ignore=tuple(_resolve(registry, _names(ignore), "--ignore")),
            today=today,
        )
        linter.selection = selection
        result = linter.run(list(targets), progress=progress_bar())
    except ConfigError as error:
        _fail(str(error))
    for message in result.errors:
        click.echo(f"citewise: error: {message}", err=True)
    scores = _scores(result) if fail_under is not None or output_format == "html" else {}
    if diff_base:
        from citewise.engine.gitdiff import DiffError, only_changed

        try:
            result.diagnostics = only_changed(result.diagnostics, diff_base)
        except DiffError as error:
            _fail(f"--diff-base {diff_base}: {error}")
    _print_report(result, output_format, registry, quiet, statistics, output, scores)
    if result.errors or result.internal_errors:
        sys.exit(EXIT_ERROR)
    threshold = severity_rank(fail_on)
    failing = any(severity_rank(d.severity) >= threshold for d in result.diagnostics)
    failing |= _below(scores, fail_under)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


def _resolve(registry, names: list[str], option: str) -> list[str]:
    ids: list[str] = []
    for name in names:
        expanded = registry.expand(name)
        if expanded is None:
            raise click.BadParameter(f"unknown rule or category {name!r}", param_hint=option)
        ids += expanded
    return ids


def _encodable(text: str) -> str:
    """`text` as valid UTF-8 whatever the locale: a file name that is not UTF-8 holds lone
    surrogates, written as `\\udcff` (in JSON, the escape that reads back as the same name)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _print_report(result, output_format, registry, quiet, statistics, output=None,
                  scores=None) -> None:
    from citewise.engine.registry import builtin_catalogue_dir
    from citewise.reporters import Report, renderer, rule_infos

    to_file = output is not None and str(output) != "-"
    rules = rule_infos(registry, builtin_catalogue_dir())
    report = Report(result.diagnostics, result.checked, rules, not to_file and sys.stdout.isatty(),
                    statistics=statistics, quiet=quiet, tool_version=__version__,
                    scores=scores or {})
    text = _encodable(renderer(output_format)(report))
    if not to_file:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        _fail(f"cannot write {output}: {error.strerror}")


def _scores(result) -> dict:
    from citewise.reporters.score import WeightsError, load_weights, page_scores

    try:
        return page_scores(result.diagnostics, result.checked, load_weights())
    except WeightsError as error:
        _fail(str(error))


def _below(scores: dict, fail_under: int | None) -> bool:
    """Name on stderr every page that scores below `fail_under`; True when there is one."""
    low = [s for s in scores.values() if fail_under is not None and s.score < fail_under]
    for s in sorted(low, key=lambda s: (s.score, s.path)):
        click.echo(f"citewise: {s.path}: citability score {s.score} is below {fail_under}",
                   err=True)
    return bool(low)


@main.command("score")
@click.argument("targets", nargs=-1)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--fail-under", type=click.IntRange(0, 100), metavar="SCORE",
              help="Exit 1 when a page's citability score is below SCORE (0-100).")
@click.option("--today", callback=_parse_today, metavar="YYYY-MM-DD",
              help="The date freshness rules count from (default: config, else today).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this config file for every checked file.")
@click.option("--stdin-filename", metavar="NAME", help="Name (and format) for content read from -.")
def score(targets, output_format, fail_under, today, config_path, stdin_filename) -> None:
    """Print each page's citability score (0-100, a heuristic from its findings), lowest first."""
    from citewise.engine import Linter
    from citewise.engine.config import ConfigError
    from citewise.engine.runner import Selection
    from citewise.reporters.progress import progress_bar
    from citewise.reporters.score import render_scores

    try:
        linter = Linter(Selection(today=today), config_path, stdin_filename)
        result = linter.run(list(targets or (".",)), progress=progress_bar())
    except ConfigError as error:
        _fail(str(error))
    for message in result.errors:
        click.echo(f"citewise: error: {message}", err=True)
    scores = _scores(result)
    click.echo(render_scores(scores, output_format), nl=False)
    if result.errors or result.internal_errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if _below(scores, fail_under) else EXIT_CLEAN)


@main.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("--stdin-filename", metavar="NAME", help="Name (and format) for content read from -.")
def inspect(targets, stdin_filename) -> None:
    """Print the document model citewise builds for each page, as one JSON array."""
    import json

    from citewise.engine import Linter, RunResult
    from citewise.engine.runner import Selection
    from citewise.inspection import inspect_target

    linter = Linter(Selection(), None, stdin_filename)
    result = RunResult()
    documents = [inspect_target(target, linter.parse_options(target))
                 for target in linter.expand(list(targets), result)]
    for message in result.errors:
        click.echo(f"citewise: error: {message}", err=True)
    click.echo(_encodable(json.dumps(documents, indent=2, ensure_ascii=False, default=str)))
    sys.exit(EXIT_ERROR if result.errors else EXIT_CLEAN)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Clear the cache of the project of this config file.")
def clean(paths, config_path) -> None:
    """Remove the result cache (.citewise_cache/) of the project of each path (default: .)."""
    from citewise.engine.cache import cache_dir_for, clear
    from citewise.engine.config import ConfigError, ConfigFinder

    try:
        finder = ConfigFinder(config_path)
        folders = {cache_dir_for(finder.for_path(Path(path))) for path in paths or (".",)}
    except ConfigError as error:
        _fail(str(error))
    for folder in sorted(folders):
        if clear(folder):
            click.echo(f"removed {folder}")


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def list_rules(output_format) -> None:
    """List every rule: code, id, category, default severity, summary."""
    from citewise.engine.registry import load_registry

    specs = list(load_registry())
    if output_format == "json":
        import json

        click.echo(json.dumps([{"id": s.id, "code": s.code, "category": s.category,
                                "severity": s.severity, "summary": s.summary} for s in specs],
                              indent=2))
        return
    width = max(len(spec.id) for spec in specs)
    for spec in specs:
        click.echo(f"{spec.code}  {spec.id:<{width}}  {spec.category:<11}  {spec.severity:<7}  "
                   f"{spec.summary}")


@main.command("rule")
@click.argument("name")
def explain_rule(name) -> None:
    """Show a rule's documentation: what it checks, why, options, bad and good example."""
    from citewise.docs import rule_markdown
    from citewise.engine.registry import load_registry

    spec = load_registry().get(name)
    if spec is None:
        _fail(f"unknown rule {name!r} (see `citewise rules`)")
    click.echo(rule_markdown(spec))
