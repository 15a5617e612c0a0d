"""`--diff-base REV`: keep only findings on lines added or changed since a git revision.

The lines come from `git diff --unified=0 BASE`, where BASE is the merge base of REV and HEAD
(as `git diff REV...` has it: a branch is not blamed for what REV's branch changed since they
parted), the work tree against it so uncommitted edits count, plus files git does not track
yet, which are new in every line. A finding that spans several lines is kept when any of them
changed; a finding about the whole file (an unreadable file, a crashed rule) or the whole page
(a rule whose catalogue says `per-page = true`, such as date-missing: deleting `date:` leaves
no line to point at) is kept when the file changed at all.

REV is resolved to a commit first and never reaches git as an option (`--output=FILE` would
make git write a file). The diff is read the same whatever the user's git config says about
prefixes, and git's line numbers (lines end at LF) are turned into citewise's (a lone CR ends
a line too, as in editors).
"""

from __future__ import annotations

import codecs
import re
import subprocess
from pathlib import Path

from citewise.diagnostic import FILE_LEVEL_RULES, Diagnostic
from citewise.engine.config import resolved

WHOLE_FILE = None  # in ChangedLines: every line of the file is new
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class DiffError(Exception):
    pass


def _git(args: list[str], cwd: Path) -> str:
    try:
        result = subprocess.run(["git", "-c", "core.quotepath=false", *args], cwd=cwd,
                                capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError) as error:
        raise DiffError(f"cannot run git: {error}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(f"git {args[0]} failed: {message[-1] if message else result.returncode}")
    return result.stdout.decode("utf-8", "surrogateescape")


def _unquote(name: str) -> str:
    """A path as git prints it, C-quoted when it holds quotes, tabs or backslashes."""
    if not (name.startswith('"') and name.endswith('"')):
        return name
    raw = codecs.escape_decode(name[1:-1].encode("utf-8", "surrogateescape"))[0]
    return raw.decode("utf-8", "surrogateescape")


def base_commit(rev: str, root: Path) -> str:
    """The commit to compare with: the merge base of `rev` and HEAD, else `rev` itself."""
    if not rev or rev.startswith("-"):
        raise DiffError(f"not a revision: {rev!r}")
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                      root).strip()
    except DiffError:
        raise DiffError(f"unknown revision {rev!r} (not a commit git knows)") from None
    try:
        return _git(["merge-base", commit, "HEAD"], root).strip() or commit
    except DiffError:  # no common history, or no HEAD yet: compare with the commit itself
        return commit


def changed_lines(rev: str, cwd: Path | None = None) -> dict[Path, set[int] | None]:
    """Absolute path -> the new-side line numbers added or changed since `rev` (None: all)."""
    cwd = cwd or Path.cwd()
    root = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    base = base_commit(rev, root)
    diff = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-relative",
                 "--src-prefix=a/", "--dst-prefix=b/", "--diff-filter=d", base, "--"], root)
    changed: dict[Path, set[int] | None] = {}
    current: set[int] | None = None
    for line in diff.split("\n"):  # not splitlines(): a CR or U+2028 inside a line is content
        if line.startswith("+++ "):
            name = _unquote(line[4:].rstrip("\t"))
            current = changed.setdefault(resolved(root / name[2:]), set()) \
                if name.startswith("b/") else None
        elif line.startswith("@@") and current is not None:
            match = _HUNK.match(line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or 1)
                current.update(range(start, start + count))
    for path, lines in changed.items():
        if lines:
            changed[path] = _editor_lines(path, lines)
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], root)
    for name in untracked.split("\0"):
        if name:
            changed[resolved(root / name)] = WHOLE_FILE
    return changed


def _editor_lines(path: Path, lines: set[int]) -> set[int]:
    """git's line numbers of `path` as citewise counts lines: a git line holding lone CRs is
    several lines to citewise (and to an editor)."""
    try:
        data = path.read_bytes()
    except OSError:
        return lines
    if b"\r" not in data.replace(b"\r\n", b""):
        return lines
    mapped, editor_line = set(), 1
    for number, git_line in enumerate(data.split(b"\n"), 1):
        pieces = git_line.rstrip(b"\r").count(b"\r") + 1
        if number in lines:
            mapped.update(range(editor_line, editor_line + pieces))
        editor_line += pieces
    return mapped


def only_changed(diagnostics: list[Diagnostic], rev: str, cwd: Path | None = None,
                 page_rules: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """The diagnostics on changed lines; those of `page_rules` (and the engine's file-level
    rules) wherever they sit in a changed file."""
    changed = changed_lines(rev, cwd)
    base = cwd or Path.cwd()
    whole = set(FILE_LEVEL_RULES) | set(page_rules)
    kept = []
    for d in diagnostics:
        lines = changed.get(resolved(base / d.path), ())
        if (lines != () and d.rule in whole) or _on_changed_line(d, lines):
            kept.append(d)
    return kept


def on_changed_lines(diagnostics: list[Diagnostic], rev: str,
                     cwd: Path | None = None) -> frozenset[tuple[str, int]]:
    """(path, line) of the diagnostics that sit on lines changed since `rev`."""
    changed = changed_lines(rev, cwd)
    base = cwd or Path.cwd()
    return frozenset((d.path, d.line) for d in diagnostics
                     if _on_changed_line(d, changed.get(resolved(base / d.path), ())))


def _on_changed_line(d: Diagnostic, lines) -> bool:
    if lines is WHOLE_FILE:
        return True
    return bool(lines) and any(n in lines for n in range(d.line, max(d.end_line, d.line) + 1))
