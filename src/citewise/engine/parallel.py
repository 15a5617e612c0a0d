"""Check many files on several processes; the result is the same as checking them in order.

Each worker process is a fork (a spawn where fork is unsafe) that holds its own Linter and
builds its own shared services (NLP pipeline, registry) once, on first use. Files go out in
chunks, by index, and come back as plain tuples put back in their places, so the caller sees
exactly what an in-process run would produce, whatever the number of workers.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Callable

from citewise.diagnostic import Diagnostic
from citewise.engine.runner import PageResult
from citewise.model import PageSummary

MIN_FILES = 16  # fewer files than this are checked in-process: starting workers costs more
MIN_FILES_PER_WORKER = 8
MAX_CHUNK = 8

_worker_linter = None  # the Linter of a worker process


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def worker_count(jobs: int, files: int) -> int:
    """How many worker processes `files` files deserve; 0 or 1 means check in-process."""
    if jobs <= 1 or files < MIN_FILES:
        return 1
    return max(1, min(jobs, files // MIN_FILES_PER_WORKER))


# With no --jobs, workers start only for this many files per worker: starting one (a fork,
# then spaCy and the rules warming up in it) costs about as much as checking dozens of pages,
# so on 2 CPUs 50 files took 8.7 s on workers against 6.3 s in-process (issue 18).
AUTO_FILES_PER_WORKER = 64


def auto_worker_count(cpus: int, files: int) -> int:
    """Workers for a run without --jobs: as many as the work pays for, at most one per CPU."""
    return max(1, min(cpus, files // AUTO_FILES_PER_WORKER))


def chunk_size(files: int, workers: int) -> int:
    """Small enough to balance big and small files across workers, big enough to be cheap."""
    return max(1, min(MAX_CHUNK, files // (workers * 8)))


def lint_parallel(linter, targets: list, workers: int,
                  done: Callable[[int, PageResult], None]) -> None:
    """Check `targets` on `workers` processes, calling `done(index, PageResult)` per target
    (its diagnostics, and its summary for the site-wide rules).

    If a worker dies (a crash in a C extension, the OOM killer), the files it had not
    returned are checked in this process, as a run with --jobs 1 would.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    remaining = set(range(len(targets)))
    # What the main process loaded stays out of the workers' garbage collections: they would
    # otherwise touch, and so copy, every page of it that fork shares.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                                 initializer=_start_worker, initargs=(linter,)) as pool:
            chunks = _chunks(len(targets), chunk_size(len(targets), workers))
            jobs = [pool.submit(_lint_chunk, [(i, targets[i]) for i in chunk]) for chunk in chunks]
            try:
                for job in as_completed(jobs):
                    for index, rows, summary in job.result():
                        remaining.discard(index)
                        made = None if summary is None else PageSummary.from_data(summary, True)
                        done(index, PageResult([Diagnostic.from_row(row) for row in rows], made))
            except BaseException:
                for job in jobs:
                    job.cancel()
                raise
    except BrokenProcessPool:
        pass
    finally:
        gc.unfreeze()
    for index in sorted(remaining):
        done(index, linter.check(targets[index]))


def _chunks(count: int, size: int) -> list[range]:
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def _context():
    import multiprocessing

    # fork shares the parent's loaded modules, registry and config for free; it is the
    # safe default on Linux only (macOS system libraries are not fork-safe).
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def _start_worker(linter) -> None:
    global _worker_linter
    _worker_linter = linter


def _lint_chunk(items: list) -> list[tuple[int, list[tuple], tuple | None]]:
    out = []
    for index, target in items:
        result = _worker_linter.check(target)
        summary = None if result.summary is None else result.summary.as_data()
        out.append((index, [d.as_row() for d in result.diagnostics], summary))
    return out
