"""Where citewise's time goes: CPU seconds per parser, shared service and rule, in one process.

    python bench/where.py [--corpus PATH] [--select RULES] [--today YYYY-MM-DD] [PATH...]

Every file of the corpus is checked as `citewise check --jobs 1 --no-cache` checks it (through
engine/runner.py's lint_path), with timers around the parsers, the shared services (NLP
pipeline, page dates, page entities, extruct) and each rule's check. A timer's time excludes
the timers running inside it, so a rule's figure is its own work: what the first rule to ask
for a page's sentences pays for the NLP pipeline is counted under "service: nlp", not under
that rule. "engine" is the rest: reading files, config, suppressions, making diagnostics.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

clock = time.process_time
spent: dict[str, float] = defaultdict(float)
calls: dict[str, int] = defaultdict(int)
_stack: list[list] = []  # [bucket, start, time spent in timers inside]


def timed(bucket: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        frame = [bucket, clock(), 0.0]
        _stack.append(frame)
        try:
            result = function(*args, **kwargs)
            if bucket.startswith("rule:"):
                result = list(result)  # a check is a generator: its work happens here
            return result
        finally:
            _stack.pop()
            elapsed = clock() - frame[1]
            spent[bucket] += elapsed - frame[2]
            calls[bucket] += 1
            if _stack:
                _stack[-1][2] += elapsed

    return wrapper


def patch(module_name: str, attribute: str, bucket: str, owner: str | None = None) -> None:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return
    target = getattr(module, owner) if owner else module
    if hasattr(target, attribute):
        setattr(target, attribute, timed(bucket, getattr(target, attribute)))


def instrument() -> None:
    patch("citewise.parsers.html", "parse_html", "parse: html (lxml + walk)")
    patch("citewise.parsers.html", "embedded_items", "parse: microdata/RDFa (extruct)")
    patch("citewise.parsers.html", "parse_jsonld", "parse: JSON-LD")
    patch("citewise.parsers.markdown", "parse_markdown", "parse: markdown (markdown-it + walk)")
    patch("citewise.parsers.markdown", "parse_front_matter", "parse: front matter")
    patch("citewise.parsers", "decode", "parse: decode")
    for method in ("_doc", "_sentences", "_entities"):
        patch("citewise.services.nlp", method, "service: nlp (spaCy)", owner="Pipeline")
    patch("citewise.services.nlp", "get_pipeline", "service: nlp start-up (import spaCy)")
    patch("citewise.services.dates", "page_dates", "service: page dates")
    patch("citewise.services.entities", "page_entities", "service: page entities")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--select", help="comma-separated rule ids (default: the defaults)")
    parser.add_argument("--today", default="2026-11-25")
    parser.add_argument("targets", nargs="*", help="files or folders (default: the corpus)")
    args = parser.parse_args()

    instrument()
    from citewise.engine import Linter
    from citewise.engine.runner import Selection

    linter = Linter(Selection(), jobs=1, use_cache=False)
    registry = linter.configs.for_path(args.corpus).registry
    for spec in registry.rules.values():
        if not spec.engine_made:
            spec.__dict__["check"] = timed(f"rule: {spec.id}", spec.check)
    select = tuple(args.select.split(",")) if args.select else None
    linter.selection = Selection(select=select, today=dt.date.fromisoformat(args.today))
    start = clock()
    result = linter.run(args.targets or [str(args.corpus)])
    total = clock() - start
    spent["engine (read, config, suppressions, diagnostics)"] = total - sum(spent.values())

    pages = len(result.checked)
    print(f"{pages} pages, {len(result.diagnostics)} diagnostics, {total:.2f} CPU s in all "
          f"({1000 * total / pages:.1f} ms a page, one process)\n")
    print("| where | CPU s | share | calls | ms a page |")
    print("|---|---|---|---|---|")
    for bucket, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"| {bucket} | {seconds:.2f} | {100 * seconds / total:.1f}% | "
              f"{calls.get(bucket, '-')} | {1000 * seconds / pages:.2f} |")


if __name__ == "__main__":
    main()
