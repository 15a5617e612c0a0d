"""A one-line progress bar on stderr for long runs; nothing at all when stderr is not a TTY."""

from __future__ import annotations

import sys
from typing import Callable, TextIO

MIN_PAGES = 21  # shorter runs finish before a bar would help
WIDTH = 30


def progress_bar(stream: TextIO | None = None,
                 min_pages: int = MIN_PAGES) -> Callable[[int, int], None] | None:
    """A `progress(done, total)` callback that draws on `stream` (stderr), or None when the
    stream is not a terminal. Runs of fewer than `min_pages` pages draw nothing; the bar is
    erased when the run is done so the report starts on a clean line."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None

    def update(done: int, total: int) -> None:
        if total < min_pages:
            return
        filled = WIDTH * done // total
        stream.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} pages")
        if done >= total:
            stream.write("\r\x1b[K")
        stream.flush()

    return update
