"""bench/precision: the sample allocation and the weighted precision figures."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "precision"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"precision_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sample = _load("sample")
score = _load("score")


def test_equal_shares_with_unused_shares_passed_on():
    assert sample.allocate({"a": 100, "b": 3, "c": 50}, 30) == {"a": 14, "b": 3, "c": 13}


def test_every_source_gets_a_draw_then_proportional():
    assert sample.proportional({"x": 90, "y": 9, "z": 1}, 10) == {"x": 8, "y": 1, "z": 1}


def test_draw_is_fixed_by_the_seed_and_respects_strata():
    findings = [{"rule": rule, "source": source, "path": f"{source}/{i}.md", "line": i,
                 "column": 1, "message": "m"}
                for rule, source, n in (("r1", "s1", 20), ("r1", "s2", 5), ("r2", "s1", 2))
                for i in range(n)]
    first = sample.draw(findings, 8, 7, None)
    again = sample.draw([dict(f) for f in findings], 8, 7, None)
    assert [(f["path"], f["line"]) for f in first] == [(f["path"], f["line"]) for f in again]
    assert sum(f["rule"] == "r2" for f in first) == 2
    assert {f["source"] for f in first if f["rule"] == "r1"} == {"s1", "s2"}
    assert sample.draw(findings, 8, 7, {"r2"}) and all(
        f["rule"] == "r2" for f in sample.draw(findings, 8, 7, {"r2"}))


def test_rates_are_weighted_by_stratum_size(tmp_path):
    path = tmp_path / "judged.csv"
    rows = [("r1", "big", 90, "TRUE"), ("r1", "big", 90, "TRUE"),
            ("r1", "small", 10, "FALSE"), ("r1", "small", 10, "FALSE"),
            ("r2", "big", 100, "DEBATABLE"), ("r2", "big", 100, "")]
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, sample.FIELDS)
        writer.writeheader()
        for number, (rule, source, size, verdict) in enumerate(rows, 1):
            writer.writerow({"id": number, "rule": rule, "source": source, "path": "p",
                             "line": 1, "stratum_size": size, "verdict": verdict})
    judged, unjudged = score.read_rows([path])
    assert unjudged == 1
    rules = score.tally(judged)
    assert rules["r1"].rate("TRUE") == 0.9 and rules["r1"].rate("FALSE") == 0.1
    true, false, count, findings = score.weighted(rules, {"r1", "r2"})
    assert (round(true, 3), round(false, 3), count, findings) == (0.45, 0.05, 5, 200)
