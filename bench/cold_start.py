"""Cold start for one file: `citewise check FILE`, a new process each run, no cache, default
rules, alternated with markdownlint-cli2 on the same file (issue 16: at most 2x its time).

    python bench/cold_start.py [--repeat 5] [--before-src PATH] FILE...

--before-src runs a second citewise (another checkout's src/) in the same rounds, so that a
change is measured against what it changes under the same load. markdownlint-cli2 is the one
bench.py installs (~/.cache/citewise-bench); it is skipped when absent.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MARKDOWNLINT = Path.home() / ".cache" / "citewise-bench" / "node" / "node_modules" / ".bin" / \
    "markdownlint-cli2"


def timed(command: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before-src", type=Path)
    args = parser.parse_args()
    cwd = "/tmp"  # no project config: the default rules
    base = dict(os.environ, NO_COLOR="1", PYTHONHASHSEED="0")
    base.pop("CITEWISE_NO_CACHE", None)
    tools = {"citewise": (dict(base, PYTHONPATH=str(REPO / "src")), None)}
    if args.before_src:
        tools["citewise (before)"] = (dict(base, PYTHONPATH=str(args.before_src)), None)
    for name in args.files:
        commands = {tool: [sys.executable, "-m", "citewise", "check", "--no-cache",
                           "--exit-zero", name] for tool in tools}
        if MARKDOWNLINT.exists():
            commands["markdownlint-cli2"] = [str(MARKDOWNLINT), ":" + name]
        times: dict[str, list[tuple[float, float]]] = {tool: [] for tool in commands}
        for _ in range(args.repeat):
            for tool, command in commands.items():
                env = tools[tool][0] if tool in tools else base
                times[tool].append(timed(command, env, cwd))
        print(f"\n{name} ({os.path.getsize(name):,} bytes), median of {args.repeat}")
        print("| run | wall s | CPU s |\n|---|---|---|")
        for tool, runs in times.items():
            print(f"| {tool} | {statistics.median(w for w, _ in runs):.3f} | "
                  f"{statistics.median(c for _, c in runs):.3f} |")


if __name__ == "__main__":
    main()
