"""Which files a `check` covers: named files as they are, folders walked for pages."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from citewise.parsers import HTML_SUFFIXES, MARKDOWN_SUFFIXES

PAGE_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                          ".citewise_cache", ".tox", ".mypy_cache", ".pytest_cache"})


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def walk_pages(folder: Path) -> list[Path]:
    """Pages below `folder`, sorted; what .gitignore ignores is left out inside a git checkout."""
    listed = _git_listed(folder)
    if listed is not None:
        return listed
    found: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()
    for directory, dirnames, filenames in os.walk(folder, followlinks=True):
        stat = os.stat(directory)
        if (stat.st_dev, stat.st_ino) in seen_dirs:  # a symlink loop: each folder once
            dirnames[:] = []
            continue
        seen_dirs.add((stat.st_dev, stat.st_ino))
        dirnames[:] = sorted(name for name in dirnames if name not in SKIPPED_DIRS)
        base = Path(directory)
        found += [base / name for name in filenames if Path(name).suffix.lower() in PAGE_SUFFIXES]
    return sorted(found)


def _git_listed(folder: Path) -> list[Path] | None:
    """Tracked and untracked-but-not-ignored pages, or None outside a git work tree."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=folder, capture_output=True, timeout=30, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    names = {name for name in result.stdout.decode("utf-8", "surrogateescape").split("\0") if name}
    pages = []
    for name in names:
        path = folder / name
        parts = Path(name).parts
        if path.suffix.lower() in PAGE_SUFFIXES and not SKIPPED_DIRS.intersection(parts) \
                and path.is_file():
            pages.append(path)
    return sorted(pages)
