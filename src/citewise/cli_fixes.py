"""`citewise check --fix / --unsafe-fixes / --diff / --add-suppressions`: the command line's
side of engine/fixes.py and engine/add_suppressions.py."""

from __future__ import annotations

import sys

import click


def run_fixes(linter, result, unsafe: bool, write: bool, quiet: bool) -> bool:
    """Fix (or, with write=False, show as a diff) what result.diagnostics offer to fix.
    True when the command is done (--diff printed its diff): exit then, 1 if there was one."""
    from citewise.engine.fixes import fix_files, unified_diff

    known_errors = len(result.errors)  # already said
    result.diagnostics, fixes = fix_files(linter, result.diagnostics, unsafe, write,
                                          result.errors)
    changed = [fix for fix in fixes if fix.changed]
    if not write:
        for fix in changed:
            click.echo(unified_diff(fix), nl=False)
        for message in result.errors[known_errors:]:
            click.echo(f"citewise: error: {message}", err=True)
        if not quiet:
            click.echo(f"citewise: {_count(sum(f.applied for f in changed), 'fix')} would be "
                       f"applied to {_count(len(changed), 'file')}", err=True)
        if not changed and not result.errors:
            sys.exit(0)
        return True
    for message in result.errors[known_errors:]:
        click.echo(f"citewise: error: {message}", err=True)
    if not quiet and changed:
        click.echo(f"citewise: applied {_count(sum(f.applied for f in changed), 'fix')} to "
                   f"{_count(len(changed), 'file')}", err=True)
    return False


def run_add_suppressions(linter, result, quiet: bool) -> None:
    """Write a suppression comment for every finding of the checked files; say how many."""
    from citewise.engine.add_suppressions import add_suppressions

    known_errors = len(result.errors)
    result.diagnostics, changes = add_suppressions(linter, result.diagnostics, True,
                                                   result.errors)
    for message in result.errors[known_errors:]:
        click.echo(f"citewise: error: {message}", err=True)
    changed = [change for change in changes if change.changed]
    if not quiet:
        click.echo(f"citewise: suppressed {_count(sum(c.applied for c in changed), 'finding')} "
                   f"in {_count(len(changed), 'file')}", err=True)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 'es' if noun.endswith('x') else 's'}"
