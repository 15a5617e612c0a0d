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


def breakdown(command: list[str], env: dict[str, str], cwd: str, repeat: int) -> str:
    """Median cumulative import time of each top-level package, as a Markdown table row set."""
    runs: list[dict[str, float]] = []
    for _ in range(repeat):
        done = subprocess.run([command[0], "-X", "importtime", *command[1:]], env=env, cwd=cwd,
                              capture_output=True, text=True, check=False)
        packages: dict[str, float] = {}
        for line in done.stderr.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[0].startswith("import time:") and \
                    not parts[2].startswith("  "):  # top level: no indentation
                name = parts[2].strip().split(".")[0]
                try:
                    packages[name] = packages.get(name, 0.0) + int(parts[1]) / 1000
                except ValueError:
                    continue
        runs.append(packages)
    names = sorted({n for run in runs for n in run},
                   key=lambda n: -statistics.median(run.get(n, 0.0) for run in runs))
    rows = [f"| {n} | {statistics.median(run.get(n, 0.0) for run in runs):.0f} |"
            for n in names[:12]]
    return "| package | ms |\n|---|---|\n" + "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before-src", type=Path)
    parser.add_argument("--breakdown", action="store_true",
                        help="also: import time per top-level package (python -X importtime), "
                             "median of the runs")
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
        if args.breakdown:
            for tool, (env, _) in tools.items():
                print(f"\nimports of {tool} (ms, cumulative per top-level package):")
                print(breakdown(commands[tool], env, cwd, args.repeat))
        print("| run | wall s | CPU s |\n|---|---|---|")
        for tool, runs in times.items():
            print(f"| {tool} | {statistics.median(w for w, _ in runs):.3f} | "
                  f"{statistics.median(c for _, c in runs):.3f} |")


if __name__ == "__main__":
    main()
