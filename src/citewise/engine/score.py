"""The citability score: one 0-100 figure per page, condensed from its findings.

A heuristic, documented in docs/score.md; the weights live in the catalogue's `_score.toml`.
It lives in the engine, not in a reporter, because it decides an exit code (`--fail-under`);
the CLI, `citewise score` and the HTML report all read it from here.
"""

from __future__ import annotations

import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from citewise.diagnostic import SEVERITIES, Diagnostic

WEIGHTS_FILE = "_score.toml"


class WeightsError(ValueError):
    pass


@dataclass(frozen=True)
class Weights:
    severity: dict[str, float]
    category: dict[str, float]
    rules: dict[str, float] = field(default_factory=dict)
    repeat: float = 0.5
    precision: dict[str, float] = field(default_factory=dict)  # rule -> measured trust, 0-1
    unmeasured: float = 0.5  # the trust of a rule no judged sample has measured
    measures: tuple[str, ...] = ()  # rules the score runs on every page, selected or not

    def trust(self, rule: str) -> float:
        return self.precision.get(rule, self.unmeasured)

    def cost(self, d: Diagnostic) -> float:
        """What the first finding of this kind costs a page: severity x category x how often
        the rule's findings were judged right (a rule that is often wrong costs less)."""
        if d.rule in self.rules:
            return self.rules[d.rule]
        return (self.severity.get(d.severity, 0.0) * self.category.get(d.category, 1.0)
                * self.trust(d.rule))


@dataclass
class PageScore:
    path: str
    score: int
    findings: int = 0
    penalties: dict[str, float] = field(default_factory=dict)  # category -> points lost

    def as_dict(self) -> dict:
        return {"path": self.path, "score": self.score, "findings": self.findings,
                "penalties": {name: round(value, 1) for name, value in self.penalties.items()}}


def load_weights(path: Path | None = None) -> Weights:
    if path is None:
        from citewise.engine.registry import builtin_catalogue_dir

        path = builtin_catalogue_dir() / WEIGHTS_FILE
    try:
        with open(path, "rb") as handle:
            raw = tomllib.load(handle)["score"]
        weights = Weights(
            severity={name: float(raw["severity"][name]) for name in SEVERITIES},
            category={name: float(value) for name, value in raw.get("category", {}).items()},
            rules={name: float(value) for name, value in raw.get("rules", {}).items()},
            repeat=float(raw.get("repeat", 0.5)),
            precision={name: float(value) for name, value in raw.get("precision", {}).items()},
            unmeasured=float(raw.get("unmeasured", 0.5)),
            measures=tuple(str(name) for name in raw.get("measures", ())),
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise WeightsError(f"{path}: bad score weights: {error!r}") from None
    if not 0 <= weights.repeat < 1:
        raise WeightsError(f"{path}: score.repeat must be at least 0 and below 1")
    if not all(0 <= value <= 1 for value in [*weights.precision.values(), weights.unmeasured]):
        raise WeightsError(f"{path}: score.precision and score.unmeasured must be from 0 to 1")
    return weights


def split_score_only(diagnostics: list[Diagnostic], configs, selection,
                     measures: frozenset[str]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """The findings to report, and those of the score's own rules (`Weights.measures`) that
    `selection` and the file's config would not have run: those count in the score only.
    `configs` is the run's ConfigFinder."""
    from citewise.engine.runner import active_rules
    from citewise.parsers import detect_format

    asked: dict[tuple[str, str], bool] = {}

    def reported(d: Diagnostic) -> bool:
        if d.rule not in measures:
            return True
        key = (d.path, d.rule)
        if key not in asked:
            active = active_rules(configs.for_path(Path(d.path)), selection, d.path,
                                  detect_format(d.path))
            asked[key] = any(spec.id == d.rule for spec in active)
        return asked[key]

    kept, score_only = [], []
    for d in diagnostics:
        (kept if reported(d) else score_only).append(d)
    return kept, score_only


def page_scores(diagnostics: list[Diagnostic], pages: list[str],
                weights: Weights) -> dict[str, PageScore]:
    """A score for every page in `pages` (100 when it has no findings), in `pages` order. A
    site file (robots.txt, llms.txt) is not a page: it has no score."""
    from citewise.parsers.sitefiles import site_file_format

    pages = [page for page in pages if site_file_format(page) is None]
    by_page: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        if site_file_format(d.path) is None:
            by_page[d.path].append(d)
    scores = {}
    for page in dict.fromkeys([*pages, *by_page]):
        found = by_page.get(page, [])
        seen: Counter[str] = Counter()
        penalties: dict[str, float] = defaultdict(float)
        for d in sorted(found, key=weights.cost, reverse=True):
            penalties[d.category] += weights.cost(d) * weights.repeat ** seen[d.rule]
            seen[d.rule] += 1
        lost = sum(penalties.values())
        scores[page] = PageScore(page, max(0, round(100 - lost)), len(found),
                                 {name: value for name, value in penalties.items() if value})
    return scores
