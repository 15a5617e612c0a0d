"""Stable finding ids: for SARIF partialFingerprints, GitLab fingerprints and baselines.

An id must survive what does not change the finding (lines moving, the day passing, an edit
elsewhere on the page changing a word count) and change when the finding does. So it is made of
the path, the rule and the words the finding is anchored on (the text of its span in the
source), never of the message: messages carry day counts ("412 days old ... today 2026-11-25")
and scores ("577 words", "Flesch 42.2"). Without the source text, the message stands in with
every number taken out. A counter tells apart otherwise identical findings of one page.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from citewise.diagnostic import Diagnostic

_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")


def anchored_words(d: Diagnostic) -> str:
    """The source text the finding points at, whitespace normalised; '' when not known."""
    if d.source_line is None:
        return ""
    line = d.source_line
    start = max(d.column - 1, 0)
    end = d.end_column - 1 if d.end_line == d.line and d.end_column > d.column else len(line)
    return " ".join(line[start:end].split())


def finding_key(d: Diagnostic, path: str) -> str:
    """What identifies a finding, before the counter: path, rule, anchored words (or message
    without numbers)."""
    anchor = anchored_words(d) or "message:" + _NUMBER.sub("#", " ".join(d.message.split()))
    return "\0".join((path, d.rule, anchor))


def stable_path(path: str, root: Path | None = None) -> str:
    """The path relative to `root` (default: the working directory), with forward slashes (as
    CI stores it); a path outside `root` stays as given."""
    if path.startswith(("http://", "https://")) or path in ("-", "<stdin>"):
        return path
    try:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root or os.getcwd()))
    except ValueError:  # another drive
        return Path(path).as_posix()
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return Path(path).as_posix()
    return Path(relative).as_posix()


def fingerprints(diagnostics: Iterable[Diagnostic], root: Path | None = None) -> list[str]:
    """One hex id per diagnostic, in order; identical findings of a page get a counter. Paths
    count relative to `root` (a baseline's folder), by default the working directory."""
    seen: dict[str, int] = {}
    result = []
    for d in diagnostics:
        base = finding_key(d, stable_path(d.path, root))
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        digest = hashlib.sha256(f"{base}\0{occurrence}".encode("utf-8", "surrogatepass"))
        result.append(digest.hexdigest())
    return result
