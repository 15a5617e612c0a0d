"""Apply the fixes that diagnostics carry (`citewise check --fix`, `--unsafe-fixes`, `--diff`).

A fix is plain data on a diagnostic: edits with spans in the original file (see
citewise.diagnostic.Fix). Fixing a file re-checks it after each pass until no fix is left
(a fix may uncover another; overlapping fixes wait for the next pass), so a second --fix
changes nothing. A file is written atomically, in its own encoding, BOM and line endings, and
only when it is still what was read.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from citewise.diagnostic import Diagnostic
from citewise.model import LineIndex
from citewise.parsers import BinaryFile, decode, detect_format

MAX_PASSES = 10
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


class FixError(Exception):
    """A file that cannot be fixed: said in words, with the file's name."""


@dataclass
class FileFix:
    path: str
    original: bytes
    fixed: bytes
    applied: int = 0  # fixes applied
    diagnostics: list[Diagnostic] = field(default_factory=list)  # of the fixed content

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def wanted(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    return fix is not None and (unsafe or fix["applicability"] == "safe")


def fix_content(name: str, data: bytes, lint, unsafe: bool) -> FileFix:
    """Apply fixes to `data` until none is left; `lint(data)` checks content as `name`."""
    result = FileFix(name, data, data)
    diagnostics = lint(data)
    for _ in range(MAX_PASSES):
        fixes = [d.fix for d in diagnostics if wanted(d, unsafe)]
        if not fixes:
            break
        fixed, applied = apply_fixes(result.fixed, fixes, detect_format(name, data) == "html")
        if not applied or fixed == result.fixed:
            break
        result.fixed, result.applied = fixed, result.applied + applied
        diagnostics = lint(fixed)
    result.diagnostics = diagnostics
    return result


def apply_fixes(data: bytes, fixes: list[dict], is_html: bool) -> tuple[bytes, int]:
    """`data` with every fix applied that overlaps no earlier one; and how many were."""
    bom, encoding, text, lines = _read(data, is_html)
    newline = "\r\n" if "\r\n" in text else "\n"
    taken: list[tuple[int, int, str]] = []
    applied = 0
    for fix in fixes:
        edits = [(lines.offset(e["line"], e["column"]), lines.offset(e["end_line"], e["end_column"]),
                  e["replacement"].replace("\n", newline)) for e in fix["edits"]]
        if any(start > end or end > len(text) for start, end, _ in edits):
            continue  # a span outside the file: a rule's bug, never guessed at
        if any(_overlap(edit, other) for edit in edits for other in taken):
            continue  # applied in the next pass, on the fixed text
        taken += edits
        applied += 1
    for start, end, replacement in sorted(taken, reverse=True):
        text = text[:start] + replacement + text[end:]
    return bom + text.encode(encoding), applied


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return a[0] < b[1] and b[0] < a[1] or a[0] == b[0]


def _read(data: bytes, is_html: bool) -> tuple[bytes, str, str, LineIndex]:
    try:
        decoded = decode(data, is_html)
    except BinaryFile as error:
        raise FixError(f"not a text file: {error}") from None
    if decoded.problem:
        raise FixError(f"{decoded.problem}; not fixed (writing it back would lose bytes)")
    bom = next((mark for mark, _ in _BOMS if data.startswith(mark)), b"")
    # Positions are counted in the parser's text (a lone CR ends a line, as in editors); the
    # edits go into the file's own text, which has the same offsets.
    original = data[len(bom):].decode(decoded.encoding)
    return bom, decoded.encoding, original, LineIndex(decoded.text)


def write_fixed(path: Path, fix: FileFix) -> None:
    """Replace the file with the fixed content, atomically, if it is still what was read."""
    try:
        if path.read_bytes() != fix.original:
            raise FixError("changed since it was read; not fixed")
        mode = os.stat(path).st_mode
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".citewise")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(fix.fixed)
            os.chmod(temporary, mode & 0o7777)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise FixError(f"cannot write: {error.strerror or error}") from None


def unified_diff(fix: FileFix) -> str:
    """What fixing would change, as a unified diff of the file's text."""
    is_html = detect_format(fix.path, fix.original) == "html"
    before = _read(fix.original, is_html)[2]
    after = _read(fix.fixed, is_html)[2]
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{fix.path}", tofile=f"b/{fix.path}")
    # A last line with no newline is marked as patch and git apply expect, not glued to the next.
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def fix_files(linter, diagnostics: list[Diagnostic], unsafe: bool, write: bool,
              errors: list[str]) -> tuple[list[Diagnostic], list[FileFix]]:
    """Fix every checked file on disk that has a wanted fix. Returns the diagnostics with those
    files' replaced by the fixed content's, and the files' fixes. Trouble goes to `errors`."""
    from citewise.engine.runner import lint_bytes

    paths = sorted({d.path for d in diagnostics if wanted(d, unsafe)})
    fixes: list[FileFix] = []
    replaced: dict[str, list[Diagnostic]] = {}
    for name in paths:
        path = Path(name)
        if not path.is_file():
            continue  # stdin or a URL: nothing to write back
        config = linter.configs.for_path(path)
        try:
            fix = fix_content(name, path.read_bytes(),
                              lambda data: lint_bytes(name, data, config, linter.selection),
                              unsafe)
            if write and fix.changed:
                write_fixed(path, fix)
        except (FixError, OSError) as error:
            errors.append(f"{name}: {getattr(error, 'strerror', None) or error}")
            continue
        fixes.append(fix)
        replaced[name] = fix.diagnostics if write else [
            d for d in diagnostics if d.path == name]
    kept = [d for d in diagnostics if d.path not in replaced]
    kept += [d for found in replaced.values() for d in found]
    kept.sort(key=lambda d: d.sort_key)
    return kept, fixes
