"""The commands about rules: `rules`, `rule`, `test-rules`, `new-rule`, `config`.

Each reads the rules a file's config knows (built-ins, installed packs and the config's
`rule-paths`), so that a rule pack is listed, documented and tested like a built-in rule.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

EXIT_ERROR = 2
_CONFIG = click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                       help="Use this config file (default: the one that applies to PATH).")


def _fail(message: str) -> None:
    click.echo(f"citewise: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _config(path: str, config_path: Path | None):
    from citewise.engine.config import ConfigError, ConfigFinder

    try:
        config = ConfigFinder(config_path).for_path(Path(path))
        config.registry  # a broken rule pack is a config error, said here
        return config
    except ConfigError as error:
        _fail(str(error))


@click.command("rules")
@click.argument("path", default=".")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@_CONFIG
def list_rules(path, output_format, config_path) -> None:
    """List every rule for PATH (default .): code, id, category, default severity, summary.
    Rule packs of PATH's config are listed with the built-in rules."""
    specs = list(_config(path, config_path).registry)
    if output_format == "json":
        click.echo(json.dumps([{"id": s.id, "code": s.code, "category": s.category,
                                "severity": s.severity, "summary": s.summary,
                                "builtin": s.builtin, "source": str(s.source)} for s in specs],
                              indent=2))
        return
    width = max(len(spec.id) for spec in specs)
    for spec in specs:
        click.echo(f"{spec.code}  {spec.id:<{width}}  {spec.category:<11}  {spec.severity:<7}  "
                   f"{spec.summary}")


@click.command("rule")
@click.argument("name", required=False)
@click.option("--all", "every", is_flag=True, help="Every rule's documentation.")
@click.option("--format", "output_format", type=click.Choice(["markdown", "json"]),
              default="markdown", show_default=True)
@click.option("--path", default=".", show_default=True,
              help="Whose config's rules (built-ins and rule packs) to look in.")
@_CONFIG
def explain_rule(name, every, output_format, path, config_path) -> None:
    """Show a rule's documentation: what it does, why, options, bad and good example."""
    from citewise.docs import rule_dict, rule_markdown

    registry = _config(path, config_path).registry
    if every == bool(name):
        _fail("name one rule, or give --all")
    if every:
        specs = list(registry)
    else:
        spec = registry.get(name)
        if spec is None:
            _fail(f"unknown rule {name!r} (see `citewise rules`)")
        specs = [spec]
    if output_format == "json":
        data = [rule_dict(spec) for spec in specs]
        click.echo(json.dumps(data if every else data[0], indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(rule_markdown(spec) for spec in specs), nl=False)


@click.command("test-rules")
@click.argument("folder", default=".")
@click.option("--update", is_flag=True,
              help="Rewrite each fixture folder's expected.txt from what the rules find now.")
@_CONFIG
def test_rules(folder, update, config_path) -> None:
    """Run the rules' bad/good examples and fixture folders, built-ins and rule packs alike.

    FOLDER is a rule folder (its rules are tested) or a project (every rule its config knows).
    A rule's fixtures are in fixtures/<rule-id>/ beside its catalogue file or one folder up.
    """
    from citewise.harness import fixture_folders, check_example, check_fixture

    config = _config(folder, config_path)
    specs = list(config.registry)
    own = [spec for spec in specs if spec.source.parent.resolve() == Path(folder).resolve()]
    outcomes = []
    for spec in own or specs:
        outcomes.append(check_example(spec, config))
        outcomes += [check_fixture(path, update) for path in fixture_folders(spec)]
    failed = [outcome for outcome in outcomes if not outcome.passed]
    for outcome in outcomes:
        click.echo(f"{'ok  ' if outcome.passed else 'FAIL'}  {outcome.name}")
        for problem in outcome.problems:
            click.echo("      " + problem.replace("\n", "\n      "))
    click.echo(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


def register(main: click.Group) -> None:
    for command in (list_rules, explain_rule, test_rules):
        main.add_command(command)
