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
                                "severity": s.severity, "default": s.enabled,
                                "summary": s.summary, "builtin": s.builtin,
                                "source": str(s.source)} for s in specs], indent=2))
        return
    width = max(len(spec.id) for spec in specs)
    for spec in specs:
        mark = "*" if spec.enabled else " "
        click.echo(f"{spec.code} {mark} {spec.id:<{width}}  {spec.category:<11}  "
                   f"{spec.severity:<7}  {spec.summary}")
    click.echo("* the default set: on unless `select` says otherwise; the others are opt-in "
               "(`extend-select`, or `select = [\"ALL\"]`)")


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
            where = "here" if path == "." else f"for {path}"
            _fail(f"unknown rule {name!r} {where} (see `citewise rules`); a rule pack's rules "
                  f"are known under the config that loads them: "
                  f"`citewise rule {name} --path SITE`")
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


@click.command("new-rule")
@click.argument("rule_id", metavar="ID")
@click.option("--category", required=True, help="The rule's category (structure, sentences...).")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path),
              help="The rule folder (default: the first rule-paths folder of the config here; "
                   "in a citewise checkout, rules/ for a built-in rule).")
@click.option("--prefix", help="Code prefix of a pack rule (default: the folder's, else PACK).")
def new_rule(rule_id, category, folder, prefix) -> None:
    """Write a new rule: its catalogue file with the next free code, its check, a fixture
    folder and (built-in rules) its docs page. It passes `citewise test-rules` as written."""
    from citewise.engine.registry import builtin_catalogue_dir, load_registry
    from citewise.scaffold import ScaffoldError, new_rule as scaffold

    if folder is None:
        paths = _config(".", None).rule_paths
        if not paths:
            _fail("no rule folder: give --folder, or set rule-paths in the config")
        folder = paths[0]
    folder.mkdir(parents=True, exist_ok=True)
    try:
        written = scaffold(rule_id, category, folder, builtin_catalogue_dir(), prefix)
    except ScaffoldError as error:
        _fail(str(error))
    load_registry.cache_clear()  # the folder has one more rule now
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: edit them, then `citewise test-rules {folder} --update` and review the diff")


@click.command("config")
@click.argument("path", default=".")
@click.option("--format", "output_format", type=click.Choice(["toml", "json"]), default="toml",
              show_default=True)
@_CONFIG
def show_config(path, output_format, config_path) -> None:
    """Print the effective config for PATH (a file or folder) and the files it came from."""
    config = _config(path, config_path)
    settings = effective_settings(config)
    files = [str(source) for source in config.sources]
    if output_format == "json":
        click.echo(json.dumps({"path": path, "files": files, "settings": settings}, indent=2,
                              default=str))
        return
    click.echo(f"# config for {path}")
    if not files:
        click.echo("# from: no config file (the defaults)")
    for number, source in enumerate(files):
        click.echo(f"# {'from:' if number == 0 else '      '} {source}"
                   f"{' (extended)' if number else ''}")
    click.echo(_toml(settings))


def effective_settings(config) -> dict:
    """What applies under `config`, every setting spelled out (defaults too)."""
    return {
        "select": config.select,
        "ignore": config.ignore,
        "per-file-ignores": config.per_file_ignores,
        "exclude": config.exclude,
        "entities": config.entities,
        "language": config.language,
        "today": config.today.isoformat() if config.today else None,
        "nlp-model": config.nlp_model,
        "max-file-size": config.max_file_size,
        "rule-paths": [str(p) for p in config.rule_paths],
        "severity": config.severity,
        "rules": {rule_id: {**options, **({"enabled": config.enabled[rule_id]}
                                          if rule_id in config.enabled else {})}
                  for rule_id, options in config.rule_options.items()}
        | {rule_id: {"enabled": on} for rule_id, on in config.enabled.items()
           if rule_id not in config.rule_options},
    }


def _toml(settings: dict) -> str:
    """Settings as TOML (values in their JSON spelling, which TOML reads the same); unset
    values as comments."""
    lines, tables = [], []
    for key, value in settings.items():
        if isinstance(value, dict):
            tables.append((key, value))
        elif value is None:
            lines.append(f"# {key}: not set")
        else:
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    for key, table in tables:
        nested = {name: value for name, value in table.items() if isinstance(value, dict)}
        flat = {name: value for name, value in table.items() if not isinstance(value, dict)}
        if flat or not nested:
            lines += ["", f"[{key}]"] + [f"{json.dumps(name)} = {json.dumps(value)}"
                                          for name, value in flat.items()]
        for name, options in nested.items():
            lines += ["", f"[{key}.{name}]"] + [f"{option} = {json.dumps(value, ensure_ascii=False)}"
                                                for option, value in options.items()]
    return "\n".join(lines)


def register(main: click.Group) -> None:
    for command in (list_rules, explain_rule, test_rules, new_rule, show_config):
        main.add_command(command)
