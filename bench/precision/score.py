"""Per-rule TRUE / DEBATABLE / FALSE of judged samples and the weighted precision of the default set.

    python bench/precision/score.py bench/precision/before.csv [more.csv ...] [--markdown]

Reads CSVs written by sample.py and filled in by a judge (`verdict` is TRUE, DEBATABLE or
FALSE; rows with no verdict are skipped and counted). For each rule it prints the judged counts
and the rule's TRUE and FALSE rates, weighted back to the population: each rule x source
stratum counts by its `stratum_size` (how many findings the rule had on that source), so a
source that was over-sampled does not outweigh the others.

The default-set figure weighs every default rule by how often it fires on the corpora (the sum
of its strata sizes): it is the share of TRUE (and of FALSE) among all the findings a user of
the default set would see. The default set is read from the catalogue (the rules citewise runs
when nothing is selected), so it follows changes. A default rule with findings in the
population but no judged row is named: the figure does not cover it.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

VERDICTS = ("TRUE", "DEBATABLE", "FALSE")


def default_rules() -> set[str]:
    """The rules citewise runs with no --select and no config: those its catalogue enables."""
    from citewise.engine.registry import load_registry

    return {spec.id for spec in load_registry() if spec.enabled and not spec.engine_made}


def read_rows(paths: list[Path]) -> tuple[list[dict], int]:
    rows, unjudged = [], 0
    for path in paths:
        with path.open(newline="") as handle:
            for row in csv.DictReader(handle):
                verdict = (row.get("verdict") or "").strip().upper()
                if verdict not in VERDICTS:
                    unjudged += 1
                    continue
                rows.append({**row, "verdict": verdict})
    return rows, unjudged


class RuleTally:
    """Judged verdicts of one rule, per source stratum, with the strata's population sizes."""

    def __init__(self):
        self.counts = {verdict: 0 for verdict in VERDICTS}
        self.strata: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(VERDICTS, 0))
        self.sizes: dict[str, int] = {}
        self.total = 0  # the rule's findings on the corpora, sampled sources or not

    def add(self, row: dict) -> None:
        self.counts[row["verdict"]] += 1
        source = row.get("source", "")
        self.strata[source][row["verdict"]] += 1
        self.sizes[source] = int(row.get("stratum_size") or 1)
        self.total = max(self.total, int(row.get("rule_size") or 0))

    @property
    def judged(self) -> int:
        return sum(self.counts.values())

    @property
    def population(self) -> int:
        """All the rule's findings; sources with no draw count at the judged sources' rates."""
        return max(self.total, sum(self.sizes.values()))

    def rate(self, verdict: str) -> float:
        """Share of `verdict` in the rule's population, each judged stratum weighted by its size."""
        total = sum(self.sizes[source] for source in self.strata)
        return sum(self.sizes[source] * counts[verdict] / sum(counts.values())
                   for source, counts in self.strata.items()) / total


def tally(rows: list[dict]) -> dict[str, RuleTally]:
    rules: dict[str, RuleTally] = defaultdict(RuleTally)
    for row in rows:
        rules[row["rule"]].add(row)
    return dict(sorted(rules.items()))


def report(rules: dict[str, RuleTally], default: set[str], markdown: bool) -> list[str]:
    lines = []
    if markdown:
        lines += ["| rule | default | judged | TRUE / DEB / FALSE | TRUE (weighted) | "
                  "FALSE (weighted) | findings |", "|---|---|---|---|---|---|---|"]
    else:
        lines.append(f"{'rule':28} {'dflt':4} {'n':>4} {'T/D/F':>11} {'TRUE%':>6} "
                     f"{'FALSE%':>6} {'findings':>8}")
    for rule, t in rules.items():
        mark = "yes" if rule in default else "no"
        tdf = f"{t.counts['TRUE']}/{t.counts['DEBATABLE']}/{t.counts['FALSE']}"
        true, false = 100 * t.rate("TRUE"), 100 * t.rate("FALSE")
        if markdown:
            lines.append(f"| {rule} | {mark} | {t.judged} | {tdf} | {true:.0f}% | {false:.0f}% "
                         f"| {t.population} |")
        else:
            lines.append(f"{rule:28} {mark:4} {t.judged:4} {tdf:>11} {true:5.0f}% {false:5.0f}% "
                         f"{t.population:8}")
    return lines


def weighted(rules: dict[str, RuleTally], chosen: set[str]) -> tuple[float, float, int, int]:
    """TRUE and FALSE shares over every finding of the chosen rules; judged rows, findings."""
    covered = {rule: t for rule, t in rules.items() if rule in chosen}
    findings = sum(t.population for t in covered.values())
    if not findings:
        return 0.0, 0.0, 0, 0
    true = sum(t.population * t.rate("TRUE") for t in covered.values()) / findings
    false = sum(t.population * t.rate("FALSE") for t in covered.values()) / findings
    return true, false, sum(t.judged for t in covered.values()), findings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", nargs="+", type=Path)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    rows, unjudged = read_rows(args.csv)
    rules = tally(rows)
    default = default_rules()
    for line in report(rules, default, args.markdown):
        print(line)
    print()
    true, false, judged, findings = weighted(rules, default)
    print(f"default set: {100 * true:.1f}% TRUE, {100 * false:.1f}% FALSE, weighted by "
          f"{findings} findings of {len(default & set(rules))} default rules ({judged} judged)")
    everything = weighted(rules, set(rules))
    print(f"all judged rules: {100 * everything[0]:.1f}% TRUE, {100 * everything[1]:.1f}% FALSE "
          f"({everything[2]} judged)")
    unjudged_rules = sorted(default - set(rules))
    if unjudged_rules:
        print(f"default rules with no judged finding (not in the figure): "
              f"{', '.join(unjudged_rules)}")
    if unjudged:
        print(f"{unjudged} rows have no verdict yet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
