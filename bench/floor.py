"""The floor: read and parse every file (citewise.parsers.parse alone), no rules, no report.

    python bench/floor.py --jobs N LISTFILE

LISTFILE names one file per line. Files are spread over N processes the way `citewise check`
spreads them (fork, chunks), so the floor and a citewise run are timed on equal terms.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def parse_files(names: list[str]) -> int:
    from citewise.parsers import BinaryFile, parse

    parsed = 0
    for name in names:
        try:
            parse(name, Path(name).read_bytes())
            parsed += 1
        except (BinaryFile, OSError):
            pass
    return parsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("listfile", type=Path)
    args = parser.parse_args()
    names = [line for line in args.listfile.read_text().splitlines() if line]
    if args.jobs <= 1:
        parsed = parse_files(names)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from citewise.engine.parallel import chunk_size

        size = chunk_size(len(names), args.jobs)
        chunks = [names[start:start + size] for start in range(0, len(names), size)]
        with ProcessPoolExecutor(args.jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            parsed = sum(pool.map(parse_files, chunks))
    print(f"parsed {parsed} of {len(names)} files", file=sys.stderr)


if __name__ == "__main__":
    main()
