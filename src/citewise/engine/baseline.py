"""`--baseline FILE`: adopt citewise on a site that already has findings.

The first run writes every current finding to FILE (JSON, one entry per finding, keyed by its
stable fingerprint: see citewise/fingerprint.py) and reports none of them. Later runs report
only findings that are not in FILE, and name the entries of FILE that no longer occur in the
files they checked (fixed or changed findings: rewrite the baseline with --update-baseline).
Paths in FILE are relative to its folder, so it works from any working directory.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from citewise.diagnostic import Diagnostic
from citewise.fingerprint import fingerprints, stable_path

VERSION = 1


class BaselineError(Exception):
    pass


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    path: str
    rule: str
    line: int
    message: str


@dataclass
class Outcome:
    kept: list[Diagnostic]  # findings not in the baseline
    known: int  # findings the baseline holds
    gone: list[Entry]  # entries of checked files that no longer occur
    written: int | None = None  # entries written, when the baseline was (re)written


def read_baseline(path: Path) -> list[Entry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = [Entry(e["fingerprint"], e["path"], e["rule"], int(e["line"]), e["message"])
                   for e in data["findings"]]
    except OSError as error:
        raise BaselineError(f"cannot read baseline {path}: {error.strerror}") from None
    except (ValueError, KeyError, TypeError) as error:
        raise BaselineError(f"{path}: not a citewise baseline ({error})") from None
    return entries


def write_baseline(path: Path, diagnostics: list[Diagnostic]) -> int:
    root = path.absolute().parent
    entries = [{"fingerprint": fingerprint, "path": stable_path(d.path, root), "rule": d.rule,
                "line": d.line, "message": d.message}
               for d, fingerprint in zip(diagnostics, fingerprints(diagnostics, root))]
    document = {"version": VERSION, "tool": "citewise", "findings": entries}
    try:
        path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"cannot write baseline {path}: {error.strerror}") from None
    return len(entries)


def apply_baseline(path: Path, diagnostics: list[Diagnostic], checked: list[str],
                   update: bool = False) -> Outcome:
    """Write the baseline when it is missing (or `update`), else filter by it."""
    if update or not path.exists():
        return Outcome([], len(diagnostics), [], write_baseline(path, diagnostics))
    entries = read_baseline(path)
    root = path.absolute().parent
    known = {entry.fingerprint for entry in entries}
    ids = fingerprints(diagnostics, root)
    kept = [d for d, fingerprint in zip(diagnostics, ids) if fingerprint not in known]
    seen = set(ids)
    checked_paths = {stable_path(name, root) for name in checked}
    gone = [entry for entry in entries
            if entry.fingerprint not in seen and entry.path in checked_paths]
    return Outcome(kept, len(diagnostics) - len(kept), gone)
