"""How many of the items a careful reader flagged on pages read whole citewise reports.

    python bench/precision/recall.py RECALL.csv DEFAULT.json [ALL.json]

RECALL.csv has one row per item a reader listed (`page, line, item, rule, importance, caught`;
`rule` is the catalogue code of the rule that should report it, or `none` when citewise has no
such check). DEFAULT.json and ALL.json are `citewise check --format json` findings of runs over
the corpora (sample.py's `--findings`, with the default set and with `--select ALL`; paths
under ../shared). An item is caught when a finding of its rule is on its page within three lines
of it, or anywhere on the page for an item on lines 1-3 or of a rule about the whole page
(`PAGE_RULES`: no JSON-LD, no machine-readable date, an opening that does not name the subject). Prints the share caught by each run, overall and by importance, and the items
the default set misses.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

from citewise.engine.registry import load_registry

NEAR = 3
# Rules whose finding is about the whole page (no JSON-LD, no machine-readable date, the
# opening does not name the subject...): the reader may point at the title, the date line or
# the opening, the rule at another of them; any finding of the rule on the page catches it.
PAGE_RULES = frozenset({"jsonld-missing", "date-missing", "date-not-visible", "entity-missing",
                        "publisher-missing", "author-missing", "title-tag", "meta-description",
                        "frontmatter-missing", "thin-content", "duplicate-title",
                        "sameas-missing"})


def _findings(path: Path) -> dict[tuple[str, str], list[int]]:
    found: dict[tuple[str, str], list[int]] = {}
    for item in json.loads(path.read_text()):
        page = item["path"].split("/shared/", 1)[-1]
        found.setdefault((page, item["rule"]), []).append(item["line"])
    return found


def _caught(row: dict, found, codes: dict[str, str]) -> bool:
    rule = codes.get(row["rule"])
    lines = found.get((row["page"], rule), []) if rule else []
    line = int(row["line"] or 1)
    return any(line <= NEAR or rule in PAGE_RULES or abs(at - line) <= NEAR for at in lines)


def main(recall: Path, runs: list[Path]) -> None:
    codes = {spec.code: spec.id for spec in load_registry()}
    rows = list(csv.DictReader(recall.open(newline="")))
    for run in runs:
        found = _findings(run)
        caught = [row for row in rows if _caught(row, found, codes)]
        by_importance = Counter(row["importance"] for row in caught)
        total = Counter(row["importance"] for row in rows)
        parts = ", ".join(f"{level} {by_importance[level]}/{total[level]}"
                          for level in ("high", "medium", "low"))
        print(f"{run.name}: {len(caught)} of {len(rows)} items caught "
              f"({100 * len(caught) / len(rows):.1f}%; {parts})")
    found = _findings(runs[0])
    print(f"\nmissed by {runs[0].name}, by rule:")
    missed = Counter(codes.get(row["rule"], "no check") for row in rows
                     if not _caught(row, found, codes))
    for rule, count in missed.most_common():
        print(f"  {rule:28} {count}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), [Path(arg) for arg in sys.argv[2:]])
