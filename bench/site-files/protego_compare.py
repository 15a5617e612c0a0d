#!/usr/bin/env python3
"""Compare citewise's RFC 9309 matcher (citewise.services.robots) with protego's on robots.txt
files, for the catalogue's AI crawlers and a few paths, and time both.

    pip install protego   # not a citewise dependency; only this comparison needs it
    python bench/site-files/protego_compare.py fixtures/robots-* [more robots.txt or folders]

Prints each disagreement (file, crawler, path, both verdicts) and the time per decision.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from protego import Protego

from citewise.parsers import parse
from citewise.services.robots import allowed, crawlers

PATHS = ("/", "/docs/page.html", "/example/page.html", "/image.gif", "/publications/a.gif",
         "/search?q=1", "/about/", "/api/x")


def robots_files(args: list[str]) -> list[Path]:
    found: list[Path] = []
    for arg in args:
        path = Path(arg)
        found += sorted(path.rglob("robots.txt")) if path.is_dir() else [path]
    return found


def main(args: list[str]) -> int:
    files = robots_files(args)
    agents = [crawler.name for crawler in crawlers()] + ["foobot", "barbot", "bazbot", "quxbot",
                                                         "otherbot"]
    ours_time = theirs_time = 0.0
    decisions = disagreements = 0
    for file in files:
        text = file.read_text(encoding="utf-8", errors="replace")
        start = time.perf_counter()
        robots = parse("robots.txt", text.encode()).robots
        ours = {(a, p): allowed(robots, a, p) for a in agents for p in PATHS}
        ours_time += time.perf_counter() - start
        start = time.perf_counter()
        parsed = Protego.parse(text)
        theirs = {(a, p): parsed.can_fetch("https://example.com" + p, a)
                  for a in agents for p in PATHS}
        theirs_time += time.perf_counter() - start
        for key, verdict in ours.items():
            decisions += 1
            if theirs[key] != verdict:
                disagreements += 1
                print(f"{file}: {key[0]} {key[1]}: citewise {verdict}, protego {theirs[key]}")
    print(f"{len(files)} files, {decisions} decisions, {disagreements} disagreements; "
          f"citewise {ours_time / max(decisions, 1) * 1e6:.1f} us, "
          f"protego {theirs_time / max(decisions, 1) * 1e6:.1f} us per decision "
          "(parse included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
