"""Carry verdicts over to a new sample from samples judged before, for identical findings.

    python bench/precision/carry.py SAMPLE.csv JUDGED.csv [JUDGED.csv ...]

A finding is identical when its path, line, rule and message are: the page and the code that
reported it say the same thing, so the earlier reading holds. Rows of SAMPLE.csv with no verdict
get the first matching verdict (files in the order given) and a reason prefixed "carried from
FILE:"; rows with a verdict are kept. Prints how many were carried and how many are left to
judge; SAMPLE.csv is rewritten in place.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def _key(row: dict) -> tuple:
    return row["path"], row["line"], row["rule"], row["message"]


def main(sample: Path, judged: list[Path]) -> None:
    known: dict[tuple, tuple[str, str, str]] = {}
    for path in judged:
        for row in csv.DictReader(path.open(newline="")):
            if row.get("verdict"):
                known.setdefault(_key(row), (row["verdict"], row["reason"], path.name))
    rows = list(csv.DictReader(sample.open(newline="")))
    carried = 0
    for row in rows:
        if not row["verdict"] and _key(row) in known:
            verdict, reason, source = known[_key(row)]
            if not reason.startswith("carried from "):  # name the file that judged it
                reason = f"carried from {source}: {reason}"
            row["verdict"], row["reason"] = verdict, reason
            carried += 1
    with sample.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    left = sum(not row["verdict"] for row in rows)
    print(f"{carried} verdicts carried over, {left} of {len(rows)} left to judge")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), [Path(arg) for arg in sys.argv[2:]])
