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


def _say_error(message: str) -> None:
    """An error on stderr as one safe line: a page's name or a server's reason phrase with a
    newline or an escape sequence never reaches the terminal or the CI log as such."""
    from citewise.reporters import one_line

    click.echo(f"citewise: error: {one_line(message)}", err=True)


def _fail(message: str) -> None:
    _say_error(message)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="citewise")
def main() -> None:
    """Lint web pages (Markdown, HTML) for what keeps AI answer engines from citing them."""


def _selection_options(command):
    """--select, --ignore, --jobs, --no-cache: shared by `check` and `score`."""
    for option in reversed([
        click.option("--select", multiple=True, metavar="RULES",
                     help="Only these rules, codes or categories (comma-separated; repeatable). "
                          "Wins over the config's select and ignore."),
        click.option("--extend-select", multiple=True, metavar="RULES",
                     help="These rules too, on top of the selection (opt-in rules; repeatable)."),
        click.option("--ignore", multiple=True, metavar="RULES",
                     help="Skip these rules, codes or categories (comma-separated; repeatable)."),
        click.option("--no-cache", is_flag=True, envvar="CITEWISE_NO_CACHE",
                     help="Do not read or write the result cache (.citewise_cache/)."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
                     help="Check files on N processes (default: from the number of files to "
                          "check and of CPUs; 1: no worker processes)."),
    ]):
        command = option(command)
    return command


@main.command()
@click.argument("targets", nargs=-1)
@click.option("--format", "output_format", default="text", show_default=True,
              type=click.Choice(list(FORMATS)), help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write the report to this file instead of stdout.")
@_selection_options
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
@click.option("--fail-under", type=click.IntRange(0, 100), metavar="SCORE",
              help="Also exit 1 when a page's citability score is below SCORE (0-100).")
@click.option("--fix", "apply_fixes", is_flag=True, help="Apply the safe fixes to the files.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: the unsafe fixes too.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the fixes as a unified diff; write nothing.")
@click.option("--add-suppressions", is_flag=True,
              help="Write a citewise-disable-next-line comment (or the file-level form) for "
                   "every current finding, and report nothing (for adopting citewise on a site "
                   "with findings).")
@click.option("--diff-base", metavar="REV",
              help="Report only findings on lines added or changed since git revision REV "
                   "(and the page-level findings of changed files).")
@click.option("--force-exclude", is_flag=True,
              help="Apply the config's exclude to files named on the command line too "
                   "(pre-commit names every staged file).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Report only findings not in FILE; when FILE is missing, write every current "
                   "finding to it and report none.")
@click.option("--update-baseline", is_flag=True,
              help="With --baseline: rewrite FILE with the current findings.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour the text report (auto: on a terminal, unless "
                                      "NO_COLOR is set; FORCE_COLOR forces it).")
@click.option("--allow-private-urls", is_flag=True,
              help="Follow a URL's redirects into loopback, private or link-local addresses.")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL",
              help="Fetch this sitemap (and the sitemaps of an index) and check it and every "
                   "page it lists on its host (repeatable).")
@click.option("--max-pages", type=click.IntRange(min=1), default=1000, show_default=True,
              metavar="N", help="With --sitemap: fetch at most N pages.")
@click.option("--concurrency", type=click.IntRange(1, 32), default=4, show_default=True,
              metavar="N", help="With --sitemap: fetch N pages at a time.")
@click.option("--rate", type=click.FloatRange(min=0), default=2.0, show_default=True,
              metavar="PER_SECOND", help="With --sitemap: start at most this many fetches a "
                                         "second per host (0: no limit).")
@click.option("--isolated", is_flag=True, help="Read no config file: built-in defaults only.")
@click.option("--no-rule-paths", is_flag=True,
              help="Refuse configs that name rule-paths (Python code to run): for pull requests.")
@click.option("--robots", "check_robots", is_flag=True,
              help="Also fetch and check the /robots.txt of each checked URL's site, with the "
                   "URL's path among the paths AI crawlers must be able to fetch.")
def check(targets, output_format, output, select, extend_select, ignore, fail_on, exit_zero, today, config_path,
          stdin_filename, quiet, statistics, no_cache, jobs, fail_under, diff_base,
          force_exclude, baseline, update_baseline, color, allow_private_urls, isolated,
          no_rule_paths, apply_fixes, unsafe_fixes, show_diff, check_robots, sitemaps,
          max_pages, concurrency, rate, add_suppressions) -> None:
    """Check pages: files, folders (walked for .md/.markdown/.mdx/.html/.htm and site files),
    URLs, or - for stdin."""
    from citewise.diagnostic import severity_rank
    from citewise.engine.sitemap_audit import AuditLimits

    if add_suppressions and (apply_fixes or show_diff or baseline is not None):
        _fail("--add-suppressions cannot be combined with --fix, --diff or --baseline")
    scored = fail_under is not None or output_format == "html"
    result = _run(targets, select, ignore, today, config_path, stdin_filename, jobs, no_cache,
                  extend_select=extend_select, measured=scored, force_exclude=force_exclude,
                  allow_private_urls=allow_private_urls, isolated=isolated,
                  allow_rule_paths=not no_rule_paths, robots=check_robots, sitemaps=sitemaps,
                  audit_limits=AuditLimits(concurrency, rate, max_pages))
    if add_suppressions:
        from citewise.cli_fixes import run_add_suppressions

        run_add_suppressions(result.linter, result, quiet)
        sys.exit(EXIT_ERROR if result.errors or result.internal_errors else EXIT_CLEAN)
    if apply_fixes or show_diff:
        from citewise.cli_fixes import run_fixes

        if run_fixes(result.linter, result, unsafe_fixes, write=not show_diff, quiet=quiet):
            sys.exit(EXIT_ERROR if result.errors else EXIT_FINDINGS)
    scores = _scores(result) if scored else {}
    if update_baseline and baseline is None:
        _fail("--update-baseline needs --baseline FILE")
    if baseline is not None:
        _apply_baseline(result, baseline, update_baseline)
    if diff_base:
        from citewise.engine.gitdiff import DiffError, only_changed

        # A site-wide finding may come from a change to another page: kept on any changed page.
        page_rules = frozenset(spec.id for spec in result.rules.values()
                               if spec.per_page or spec.site_wide)
        try:
            result.diagnostics = only_changed(result.diagnostics, diff_base,
                                              page_rules=page_rules)
        except DiffError as error:
            _fail(f"--diff-base {diff_base}: {error}")
    changed = _changed_for_ranking(result, output_format, diff_base)
    _print_report(result, output_format, result.rules.values(), quiet, statistics, output, scores,
                  color, changed)
    if result.errors or result.internal_errors:
        sys.exit(EXIT_ERROR)
    threshold = severity_rank(fail_on)
    failing = any(severity_rank(d.severity) >= threshold for d in result.diagnostics)
    failing |= _below(scores, fail_under)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


def _apply_baseline(result, path: Path, update: bool) -> None:
    """Leave in `result` only the findings `path` does not know; say what it did on stderr."""
    from citewise.engine.baseline import BaselineError, apply_baseline

    try:
        outcome = apply_baseline(path, result.diagnostics, result.checked, update)
    except BaselineError as error:
        _fail(str(error))
    result.diagnostics = outcome.kept
    if outcome.written is not None:
        click.echo(f"citewise: wrote {outcome.written} findings to the baseline {path}; later "
                   f"runs with --baseline report only new ones", err=True)
        return
    if outcome.known:
        click.echo(f"citewise: {outcome.known} findings known to the baseline {path} are not "
                   f"reported", err=True)
    if outcome.gone:
        click.echo(f"citewise: {len(outcome.gone)} entries of the baseline {path} no longer "
                   f"occur (fixed, or changed); --update-baseline drops them:", err=True)
        for entry in outcome.gone:
            click.echo(f"  {entry.path}:{entry.line}: {entry.rule} {entry.message}", err=True)


def _changed_for_ranking(result, output_format, diff_base) -> frozenset:
    """For the GitHub format, which shows 10 annotations per type: the findings on lines the
    change touched, from --diff-base or, in a pull request, its base branch."""
    import os

    if output_format != "github":
        return frozenset()
    base = os.environ.get("GITHUB_BASE_REF")
    rev = diff_base or (f"origin/{base}" if base else None)
    if rev is None:
        return frozenset()
    from citewise.engine.gitdiff import DiffError, on_changed_lines

    try:
        return on_changed_lines(result.diagnostics, rev)
    except DiffError:
        return frozenset()  # ranking only: a shallow clone without the base loses nothing


def _run(targets, select, ignore, today, config_path, stdin_filename, jobs, no_cache,
         extend_select=(), measured=False, **linter_options):
    """Check `targets` (default: .) with the command line's selection, its rule names resolved
    per file against that file's config; errors and notes on stderr. `measured`: a score will
    be made, so the rules it reads on every page run too (their findings are reported only
    where the selection asks for them)."""
    import dataclasses

    from citewise.engine import Linter
    from citewise.engine.config import ConfigError
    from citewise.engine.runner import Selection
    from citewise.reporters import one_line
    from citewise.reporters.progress import progress_bar

    try:
        selection = Selection(select=tuple(_names(select)) if select else None,
                              extend_select=tuple(_names(extend_select)),
                              ignore=tuple(_names(ignore)), today=today)
        measures = _score_measures() if measured else ()
        run_selection = dataclasses.replace(
            selection, extend_select=(*selection.extend_select, *measures))
        linter = Linter(run_selection, config_path, stdin_filename, jobs=jobs,
                        use_cache=not no_cache, **linter_options)
        default = () if linter_options.get("sitemaps") else (".",)  # --sitemap alone: no "."
        result = linter.run(list(targets or default), progress=progress_bar())
        result.linter = linter  # --fix re-checks each file it fixes with the same linter
        if measures:
            from citewise.engine.score import split_score_only

            result.diagnostics, result.score_only = split_score_only(
                result.diagnostics, linter.configs, selection, frozenset(measures))
    except ConfigError as error:
        _fail(str(error))
    for message in result.errors:
        _say_error(message)
    for message in result.notes:
        click.echo(f"citewise: {one_line(message)}", err=True)
    return result


def _encodable(text: str) -> str:
    """`text` as valid UTF-8 whatever the locale: a file name that is not UTF-8 holds lone
    surrogates, written as `\\udcff` (in JSON, the escape that reads back as the same name)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _print_report(result, output_format, specs, quiet, statistics, output=None,
                  scores=None, color="auto", changed=frozenset()) -> None:
    from citewise.reporters import Report, renderer, rule_infos
    from citewise.reporters.color import use_color

    to_file = output is not None and str(output) != "-"
    rules = rule_infos(specs)
    colored = use_color(color, not to_file and sys.stdout.isatty())
    report = Report(result.diagnostics, result.checked, rules, colored,
                    statistics=statistics, quiet=quiet, tool_version=__version__,
                    scores=scores or {}, changed=changed)
    text = _encodable(renderer(output_format)(report))
    if output_format == "github":
        _write_job_summary(report)
    if not to_file:
        click.echo(text, nl=False, color=colored or None)  # click strips ANSI off a terminal
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        _fail(f"cannot write {output}: {error.strerror}")


def _write_job_summary(report) -> None:
    """Append the run's summary to $GITHUB_STEP_SUMMARY (set by GitHub Actions)."""
    import os

    from citewise.reporters.summary import job_summary

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(_encodable(job_summary(report)))
    except OSError as error:
        click.echo(f"citewise: cannot write the job summary to {target}: {error.strerror}",
                   err=True)


def _score_measures() -> tuple[str, ...]:
    from citewise.engine.score import WeightsError, load_weights

    try:
        return load_weights().measures
    except WeightsError as error:
        _fail(str(error))


def _scores(result) -> dict:
    from citewise.engine.score import WeightsError, load_weights, page_scores

    try:
        site_files = set(result.site_files)  # a sitemap is no page: it has no citability
        return page_scores([d for d in [*result.diagnostics, *result.score_only]
                            if d.path not in site_files],
                           [name for name in result.checked if name not in site_files],
                           load_weights())
    except WeightsError as error:
        _fail(str(error))


def _below(scores: dict, fail_under: int | None) -> bool:
    """Name on stderr every page that scores below `fail_under`; True when there is one."""
    low = [s for s in scores.values() if fail_under is not None and s.score < fail_under]
    for s in sorted(low, key=lambda s: (s.score, s.path)):
        from citewise.reporters import one_line

        click.echo(f"citewise: {one_line(s.path)}: citability score {s.score} is below "
                   f"{fail_under}", err=True)
    return bool(low)


@main.command("score")
@click.argument("targets", nargs=-1)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--fail-under", type=click.IntRange(0, 100), metavar="SCORE",
              help="Exit 1 when a page's citability score is below SCORE (0-100).")
@_selection_options
@click.option("--today", callback=_parse_today, metavar="YYYY-MM-DD",
              help="The date freshness rules count from (default: config, else today).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this config file for every checked file.")
@click.option("--stdin-filename", metavar="NAME", help="Name (and format) for content read from -.")
def score(targets, output_format, fail_under, select, extend_select, ignore, no_cache, jobs, today, config_path,
          stdin_filename) -> None:
    """Print each page's citability score (0-100, a heuristic from its findings), lowest first."""
    from citewise.reporters.score import render_scores

    result = _run(targets, select, ignore, today, config_path, stdin_filename, jobs, no_cache,
                  extend_select=extend_select, measured=True)
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
    from citewise.engine import Linter, RunResult
    from citewise.engine.runner import Selection
    from citewise.inspection import inspect_target

    linter = Linter(Selection(), None, stdin_filename)
    result = RunResult()
    documents = [inspect_target(target, linter.parse_options(target))
                 for target in linter.expand(list(targets), result)]
    for message in result.errors:
        _say_error(message)
    from citewise.reporters import dump_json

    click.echo(_encodable(dump_json(documents, indent=2)))
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
        said = clear(folder)
        if said:
            click.echo(said)


@main.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(["blog", "docs"]),
              help="The kind of site (default: what the generator usually builds).")
@click.option("--force", is_flag=True, help="Overwrite an existing citewise.toml.")
def init(folder, kind, force) -> None:
    """Write a citewise.toml for the site generator found in FOLDER (default: .): Hugo, Jekyll,
    Docusaurus, VitePress, MkDocs, Astro, Nuxt."""
    from citewise.init import InitError, write_config

    try:
        target, generator, kind = write_config(folder, kind, force)
    except InitError as error:
        _fail(str(error))
    found = f"{generator.name} {kind} site" if generator else f"{kind} site (no generator found)"
    click.echo(f"wrote {target} for a {found}")


# The commands about rules (rules, rule, test-rules, new-rule, config) live in their own module.
from citewise.catalogue_cli import register  # noqa: E402

register(main)


@main.command("server")
def language_server() -> None:
    """Run the language server on stdio (diagnostics, hover, fixes in the editor)."""
    try:
        from citewise.server import serve
    except ImportError as error:
        _fail(f"the language server needs pygls: pip install 'citewise[server]' ({error})")
    serve()


@main.command("mcp")
def mcp_server() -> None:
    """Run the Model Context Protocol server on stdio (tools for writing assistants)."""
    try:
        from citewise.mcp_server import serve
    except ImportError as error:
        _fail(f"the MCP server needs the mcp SDK: pip install 'citewise[server]' ({error})")
    serve()
