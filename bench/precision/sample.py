"""Run citewise over the shared corpora and draw a stratified random sample of its findings to judge.

    python bench/precision/sample.py [--size 300] [--seed 13] [--select RULES] [--rules IDS]
                                     [--findings FILE] [--reuse] [-o sample.csv]

1. Runs `citewise check --format json --no-cache --jobs 2 --today 2026-12-01 --exit-zero` on
   each source folder of ../shared/corpus2 and ../shared/corpus, one run per source (a site:
   cross-page rules compare its pages only) (corpus2's
   hugo-docs/content/LICENSE.md left out: a license, not a page). `--select` is passed on to
   citewise (default: citewise's own default set). The findings are saved to `--findings`
   (default /tmp/citewise-precision/findings.json); `--reuse` reads that file instead of running.
2. Groups the findings into strata, rule x source (a source is a corpus folder such as
   `corpus2/hugo-docs`), and draws `--size` of them with a fixed `--seed`: every rule gets an
   equal share (a rule with fewer findings gives its unused share to the others), and within
   a rule each source gets at least one draw, the rest in proportion to its findings.
   `--rules` restricts the sample to the given rule ids (the population counts stay whole).
3. Writes a CSV to judge: `id, source, path, line, column, rule, message, stratum_size,
   rule_size, verdict, reason`. `stratum_size` is how many findings the rule had on that
   source and `rule_size` how many it had in all, so that `score.py` can weight the judged
   sample back to the population; `verdict` (TRUE, DEBATABLE
   or FALSE) and `reason` are left empty for the judge.

`show.py` prints each sampled finding with the page text around its line, for judging.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
TODAY = "2026-12-01"
LEFT_OUT = {"corpus2/hugo-docs/content/LICENSE.md"}
FIELDS = ["id", "source", "path", "line", "column", "rule", "message", "stratum_size",
          "rule_size", "verdict", "reason"]
DEFAULT_FINDINGS = Path("/tmp/citewise-precision/findings.json")


def targets(shared: Path) -> list[Path]:
    """Every source folder of both corpora, as citewise should walk them (no manifests)."""
    found = []
    for corpus in ("corpus2", "corpus"):
        for folder in sorted((shared / corpus).iterdir()):
            if not folder.is_dir():
                continue
            if folder.name == "hugo-docs":  # its content/ holds LICENSE.md beside en/
                found += [child for child in sorted((folder / "content").iterdir())
                          if f"{corpus}/hugo-docs/content/{child.name}" not in LEFT_OUT]
            else:
                found.append(folder)
    return found


def run_citewise(shared: Path, select: str | None, out: Path) -> list[dict]:
    """One run per source (a site, as its team would check it), so that the cross-page rules
    (duplicate titles, entity spellings) compare a site's pages with each other only, never
    with another corpus's; the findings of all runs are saved together to `out`."""
    by_source: dict[str, list[Path]] = defaultdict(list)
    for path in targets(shared):
        by_source[source_of(str(path.relative_to(shared)))].append(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    found: list[dict] = []
    for source, paths in sorted(by_source.items()):
        part = out.with_suffix(".part.json")
        command = [sys.executable, "-m", "citewise", "check", "--format", "json", "--no-cache",
                   "--jobs", "2", "--today", TODAY, "--exit-zero", "-o", str(part)]
        if select:
            command += ["--select", select]
        if source in COLLECTIONS:  # pages of unrelated sites: no site to compare across
            command += ["--ignore", ",".join(site_wide_rules())]
        command += [str(path) for path in paths]
        done = subprocess.run(command, cwd=shared, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            sys.exit(f"citewise failed on {source} ({done.returncode}): {done.stderr[-2000:]}")
        found += json.loads(part.read_text())
        part.unlink()
    out.write_text(json.dumps(found))
    return found


# Sources that are collections of pages from unrelated sites (test sets, benchmarks), not one
# site: the cross-page rules do not run on them, as no team would check them as one site.
COLLECTIONS = frozenset({"corpus/htmldate", "corpus/readability", "corpus/extruct",
                         "corpus2/zyte-article-benchmark"})


def site_wide_rules() -> list[str]:
    """The catalogue's cross-page rules (scope "site-wide")."""
    import tomllib

    found = []
    for path in sorted((REPO / "rules").glob("[!_]*.toml")):
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        if spec.get("scope") == "site-wide":
            found.append(spec["id"])
    return found


def source_of(path: str) -> str:
    """`corpus2/hugo-docs` for `corpus2/hugo-docs/content/en/x.md` (paths relative to shared)."""
    parts = Path(path).parts
    return "/".join(parts[:2])


def relative(path: str, shared: Path) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return str(candidate.relative_to(shared))
        except ValueError:
            return path
    return path


def allocate(sizes: dict, total: int) -> dict:
    """Share `total` draws equally among keys, capped at each key's size; unused shares go to
    the others (water filling)."""
    quota = {key: 0 for key in sizes}
    left = min(total, sum(sizes.values()))
    open_keys = [key for key in sizes if sizes[key] > 0]
    while left > 0 and open_keys:
        share = max(1, left // len(open_keys))
        for key in sorted(open_keys, key=lambda k: -sizes[k]):
            take = min(share, sizes[key] - quota[key], left)
            quota[key] += take
            left -= take
            if left == 0:
                break
        open_keys = [key for key in open_keys if quota[key] < sizes[key]]
    return quota


def proportional(sizes: dict, total: int) -> dict:
    """At least one draw per non-empty key (while draws last), the rest in proportion."""
    keys = sorted((key for key in sizes if sizes[key]), key=lambda k: -sizes[k])
    quota = {key: 0 for key in sizes}
    for key in keys[:total]:
        quota[key] = 1
    left = total - sum(quota.values())
    while left > 0:
        # the key furthest below its proportional share gets the next draw
        population = sum(sizes[key] for key in keys)
        key = max((k for k in keys if quota[k] < sizes[k]),
                  key=lambda k: sizes[k] / population * total - quota[k])
        quota[key] += 1
        left -= 1
    return quota


def draw(findings: list[dict], size: int, seed: int, rules: set[str] | None) -> list[dict]:
    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for finding in findings:
        strata[(finding["rule"], finding["source"])].append(finding)
    rule_sizes = Counter(finding["rule"] for finding in findings)
    for key, members in strata.items():
        for member in members:
            member["stratum_size"] = len(members)
            member["rule_size"] = rule_sizes[member["rule"]]
    per_rule = Counter()
    for (rule, _), members in strata.items():
        if rules is None or rule in rules:
            per_rule[rule] += len(members)
    rng = random.Random(seed)
    sample = []
    for rule, quota in sorted(allocate(dict(per_rule), size).items()):
        sources = {source: len(members) for (r, source), members in strata.items() if r == rule}
        for source, count in sorted(proportional(sources, quota).items()):
            members = sorted(strata[(rule, source)],
                             key=lambda f: (f["path"], f["line"], f["column"], f["message"]))
            sample += rng.sample(members, count)
    return sample


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--select", help="passed on to citewise check --select")
    parser.add_argument("--rules", help="comma-separated rule ids to sample from")
    parser.add_argument("--findings", type=Path, default=DEFAULT_FINDINGS)
    parser.add_argument("--reuse", action="store_true", help="read --findings, do not run")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("-o", "--output", type=Path, default=Path("sample.csv"))
    args = parser.parse_args(argv)
    shared = args.shared.resolve()
    if args.reuse:
        raw = json.loads(args.findings.read_text())
    else:
        raw = run_citewise(shared, args.select, args.findings)
    findings = []
    for finding in raw:
        path = relative(finding["path"], shared)
        if path in LEFT_OUT:
            continue
        findings.append({**finding, "path": path, "source": source_of(path)})
    rules = set(args.rules.split(",")) if args.rules else None
    sample = draw(findings, args.size, args.seed, rules)
    with args.output.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS, extrasaction="ignore")
        writer.writeheader()
        for number, finding in enumerate(sample, 1):
            writer.writerow({**finding, "id": number, "verdict": "", "reason": ""})
    counts = Counter(f["rule"] for f in findings)
    print(f"{len(findings)} findings on {len({f['path'] for f in findings})} files; "
          f"{len(sample)} drawn to {args.output}", file=sys.stderr)
    for rule, count in counts.most_common():
        drawn = sum(1 for f in sample if f["rule"] == rule)
        print(f"  {rule:28} {count:6} findings, {drawn:3} drawn", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
