"""How far the citability score spreads pages apart on each corpus source.

    python bench/score_spread.py [--today 2026-12-01] [SOURCE ...]

Runs `citewise score --format json` on every source folder of ../shared/corpus2 and
../shared/corpus (or the folders given) with citewise's default set, and prints per source the
number of pages, min / 10th percentile / median / 90th percentile / max, the standard deviation
and the p90 - p10 spread. A score that ranks pages needs a wide spread: docs/score.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def sources() -> list[Path]:
    return [folder for corpus in ("corpus2", "corpus") if (SHARED / corpus).is_dir()
            for folder in sorted((SHARED / corpus).iterdir()) if folder.is_dir()]


def scores(folder: Path, today: str) -> list[int]:
    done = subprocess.run([sys.executable, "-m", "citewise", "score", "--format", "json",
                           "--today", today, str(folder)], capture_output=True, text=True)
    return [page["score"] for page in json.loads(done.stdout or "[]")]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--today", default="2026-12-01")
    args = parser.parse_args(argv)
    print("| source | pages | min | p10 | median | p90 | max | sd | p90-p10 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for folder in args.folders or sources():
        found = sorted(scores(folder, args.today))
        if not found:
            continue
        p10, p90 = found[len(found) // 10], found[9 * len(found) // 10]
        print(f"| {folder.parent.name}/{folder.name} | {len(found)} | {found[0]} | {p10} | "
              f"{statistics.median(found):g} | {p90} | {found[-1]} | "
              f"{statistics.pstdev(found):.1f} | {p90 - p10} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
