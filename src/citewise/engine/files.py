"""Which files a `check` covers: named files as they are, folders walked for pages."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from citewise.parsers import HTML_SUFFIXES, MARKDOWN_SUFFIXES
from citewise.parsers.sitefiles import site_file_format

PAGE_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES


def is_checked_file(name: str) -> bool:
    """A page (by suffix) or a site file (robots.txt, llms.txt, sitemap*.xml, by name): what a
    walk keeps."""
    return Path(name).suffix.lower() in PAGE_SUFFIXES or site_file_format(name) is not None
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                          ".citewise_cache", ".tox", ".mypy_cache", ".pytest_cache"})


def site_file_of_url(url: str) -> str | None:
    """"robots" or "llms" for a URL whose path names such a file (/robots.txt, /llms.txt)."""
    from urllib.parse import urlsplit

    try:
        return site_file_format(urlsplit(url).path or "/")
    except ValueError:
        return None


def robots_url(url: str) -> tuple[str, str]:
    """The /robots.txt URL of `url`'s site and `url`'s path (with its query), or ("", "")."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "", ""
    if not parts.netloc:
        return "", ""
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", "")), path


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def has_url_scheme(target: str) -> bool:
    """`file:///etc/passwd`, `ftp://host/x`: a URL, though not one citewise fetches."""
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", target) is not None


def walk_pages(folder: Path, errors: list[str] | None = None,
               outside: list[Path] | None = None) -> list[Path]:
    """Pages below `folder`, sorted; what .gitignore ignores is left out inside a git checkout,
    unless `folder` itself is ignored (a build folder such as public/ named on the command line
    is what the user wants checked). A folder that cannot be read is named in `errors`, never
    skipped in silence. A symbolic link whose target is outside `folder` is not followed (a
    committed `leak.md -> ../secret.txt` would be read and quoted into annotations): such pages
    go to `outside`."""
    listed = _git_listed(folder, errors)
    if listed is not None and (listed or not _git_ignored(folder)):
        return _inside(folder, listed, outside)

    def unreadable(error: OSError) -> None:
        if errors is not None:
            errors.append(f"{error.filename}: cannot read folder: {error.strerror}")

    root = os.path.realpath(folder)
    found: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()
    for directory, dirnames, filenames in os.walk(folder, onerror=unreadable, followlinks=True):
        if not _within(os.path.realpath(directory), root):
            dirnames[:] = []  # a linked folder elsewhere: its pages are not this folder's
            continue
        try:
            stat = os.stat(directory)
        except OSError as error:
            unreadable(error)
            continue
        if (stat.st_dev, stat.st_ino) in seen_dirs:  # a symlink loop: each folder once
            dirnames[:] = []
            continue
        seen_dirs.add((stat.st_dev, stat.st_ino))
        dirnames[:] = sorted(name for name in dirnames if name not in SKIPPED_DIRS)
        base = Path(directory)
        found += [base / name for name in filenames if is_checked_file(name)]
    return _inside(folder, sorted(found), outside)


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _inside(folder: Path, pages: list[Path], outside: list[Path] | None) -> list[Path]:
    """The pages that are, or link to, files inside `folder`; the others go to `outside`."""
    root = os.path.realpath(folder)
    kept = []
    for page in pages:
        # A broken link reads nothing: it stays, and is reported as broken.
        if _within(os.path.realpath(page), root) or not os.path.exists(page):
            kept.append(page)
        elif outside is not None:
            outside.append(page)
    return kept


def nothing_found_note(folder: Path, before_excludes: int) -> str:
    """Why a folder named on the command line gave no page to check."""
    if before_excludes:
        return (f"{folder}: no page checked: all {before_excludes} pages are excluded (the "
                f"config's exclude, or a Hugo site's layouts/ and themes/)")
    suffixes = ", ".join(sorted(PAGE_SUFFIXES))
    return (f"{folder}: no page checked: it holds no file ending in {suffixes}, nor a "
            f"robots.txt or llms.txt")


def _git_ignored(folder: Path) -> bool:
    try:
        result = subprocess.run(["git", "check-ignore", "-q", "--", "."], cwd=folder,
                                capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def _git_listed(folder: Path, errors: list[str] | None = None) -> list[Path] | None:
    """Tracked and untracked-but-not-ignored pages, or None outside a git work tree. When git
    refuses the work tree (dubious ownership), the folder is walked whole and `errors` says
    why .gitignore was not honoured: never a silent change of what is checked."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=folder, capture_output=True, timeout=30, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace")
        if "dubious ownership" in message and errors is not None:
            errors.append(f"{folder}: git refuses this repository (dubious ownership: it belongs "
                          "to another user), so .gitignore could not be read and every page "
                          "below was checked; mark it safe with `git config --global --add "
                          "safe.directory PATH` if you trust it")
        return None
    names = {name for name in result.stdout.decode("utf-8", "surrogateescape").split("\0") if name}
    pages = []
    for name in names:
        path = folder / name
        parts = Path(name).parts
        # lexists, not is_file: a broken link or a FIFO is reported, a deleted file is gone.
        if is_checked_file(name) and not SKIPPED_DIRS.intersection(parts) \
                and os.path.lexists(path) and not path.is_dir():
            pages.append(path)
    return sorted(pages)
