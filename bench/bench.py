"""citewise against markdownlint-cli2 and proselint, side by side, in one run.

    python bench/bench.py                      # everything; prints Markdown tables
    python bench/bench.py --write bench/RESULTS.md
    python bench/bench.py --quick              # no proselint, no 4x corpus, fewer repeats

It measures, on the real corpus (../shared/corpus by default), each tool as a user runs it (a
fresh process, output to a file): the whole corpus with default rules and no cache, then cold
and warm cache runs, the Markdown part next to markdownlint-cli2 and proselint, one Markdown
file as pre-commit runs it, --jobs 1 against the default, 1x/2x/4x the corpus, and the floor
(reading and parsing every file, no rules). Wall time and CPU time (user + sys, workers
included) are both reported: CPU time does not depend on what else the machine is doing.

The peers are installed on first use into ~/.cache/citewise-bench (npm and pip, from the
registries), never into the repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
PEERS = Path(os.environ.get("CITEWISE_BENCH_PEERS", Path.home() / ".cache" / "citewise-bench"))
MARKDOWNLINT = ("markdownlint-cli2", "0.22")
PROSELINT = ("proselint", "0.16.0")

# The targets of issue 8.
MIN_PAGES_PER_SECOND = 60
MIN_MARKDOWNLINT_RATIO = 1.5
MIN_WARM_SPEEDUP = 10
MAX_FLOOR_MULTIPLE = 3


@dataclass
class Measure:
    wall: float
    cpu: float  # user + sys of the process and every child it waited for
    code: int
    output: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.output).hexdigest()[:12]


def run(command: list[str], cwd: Path, env: dict | None = None) -> Measure:
    """Run a command to completion, its stdout in a file; wall and CPU time of it alone."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        output, errors = out.read(), err.read()
    if process.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(command[:4])}... exited {process.returncode}:\n"
                 f"{errors.decode(errors='replace')[-2000:]}")
    return Measure(wall, usage.ru_utime + usage.ru_stime, process.returncode, output)


def difference(first: Measure, second: Measure) -> str:
    """The first finding that is in one JSON output and not the other, if they differ."""
    import json

    if first.output == second.output:
        return ""
    one, two = (json.loads(m.output) for m in (first, second))
    only = [d for d in one if d not in two][:1] + [d for d in two if d not in one][:1]
    return f" ({len(one)} vs {len(two)} findings; e.g. {only})"


def best(measures: list[Measure]) -> Measure:
    """The median run by wall time (repeats smooth out a busy machine)."""
    ordered = sorted(measures, key=lambda m: m.wall)
    return ordered[len(ordered) // 2]


# -- the tools --------------------------------------------------------------------------------


class Tools:
    def __init__(self, jobs: int, workdir: Path):
        self.jobs = jobs
        self.workdir = workdir
        # One version of the code for the whole run, whatever changes in the checkout meanwhile.
        snapshot = workdir / "citewise"
        for part in ("src", "rules"):
            shutil.copytree(REPO / part, snapshot / part,
                            ignore=shutil.ignore_patterns("__pycache__"))
        # A fixed hash seed: output comparisons then test the engine (jobs, cache), not the
        # order of sets in rules; the seed itself is compared once, on its own.
        self.env = dict(os.environ, PYTHONPATH=str(snapshot / "src"), NO_COLOR="1",
                        PYTHONHASHSEED="0")
        self.env.pop("CITEWISE_NO_CACHE", None)

    def citewise(self, args: list[str], cwd: Path | None = None, jobs: int | None = None,
                 fmt: str = "json", seed: str = "0") -> Measure:
        command = [sys.executable, "-m", "citewise", "check", "--exit-zero", "--format", fmt,
                   "--jobs", str(jobs or self.jobs), *args]
        return run(command, cwd or self.workdir, dict(self.env, PYTHONHASHSEED=seed))

    def floor(self, listfile: Path, jobs: int | None = None) -> Measure:
        command = [sys.executable, str(REPO / "bench" / "floor.py"), "--jobs",
                   str(jobs or self.jobs), str(listfile)]
        return run(command, self.workdir, self.env)

    def markdownlint(self, files: list[str]) -> Measure:
        binary = PEERS / "node" / "node_modules" / ".bin" / "markdownlint-cli2"
        return run([str(binary), *(":" + name for name in files)], self.workdir)

    def proselint(self, files: list[str]) -> Measure:
        binary = PEERS / "venv" / "bin" / "proselint"
        return run([str(binary), "check", *files], self.workdir)


def install_peers(proselint: bool) -> dict[str, str]:
    """Install the peers into PEERS when absent; their versions."""
    node = PEERS / "node"
    if not (node / "node_modules" / ".bin" / "markdownlint-cli2").exists():
        node.mkdir(parents=True, exist_ok=True)
        (node / "package.json").write_text('{"private": true}\n')
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent",
                        "@".join(MARKDOWNLINT)], cwd=node, check=True)
    versions = {"markdownlint-cli2": _first_line([str(node / "node_modules" / ".bin" /
                                                       "markdownlint-cli2"), "--help"])}
    if proselint:
        venv = PEERS / "venv"
        if not (venv / "bin" / "proselint").exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet",
                            "==".join(PROSELINT)], check=True)
        versions["proselint"] = _first_line([str(venv / "bin" / "proselint"), "version"])
    return versions


def _first_line(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).strip().splitlines()[0]


# -- the corpus ------------------------------------------------------------------------------


def corpus_files(corpus: Path) -> list[str]:
    """Every page below `corpus`, as citewise walks it."""
    sys.path.insert(0, str(REPO / "src"))
    from citewise.engine.files import walk_pages

    return [str(path) for path in walk_pages(corpus)]


def typical_markdown(files: list[str]) -> str:
    """The Markdown file of median size: what a pre-commit run typically gets."""
    sized = sorted((os.path.getsize(name), name) for name in files)
    return sized[len(sized) // 2][1]


# -- the report ------------------------------------------------------------------------------


class Report:
    def __init__(self):
        self.lines: list[str] = []
        self.checks: list[tuple[str, bool, str]] = []

    def say(self, line: str = "") -> None:
        self.lines.append(line)
        print(line, flush=True)

    def table(self, header: tuple[str, ...], rows: list[tuple]) -> None:
        self.say("| " + " | ".join(header) + " |")
        self.say("|" + "---|" * len(header))
        for row in rows:
            self.say("| " + " | ".join(str(cell) for cell in row) + " |")
        self.say()

    def target(self, name: str, passed: bool, detail: str) -> None:
        self.checks.append((name, passed, detail))


def rate(count: int, measure: Measure) -> str:
    return f"{count / measure.wall:.1f}"


def row(name: str, files: int, measure: Measure, *extra) -> tuple:
    return (name, files, f"{measure.wall:.2f}", f"{measure.cpu:.2f}", rate(files, measure),
            *extra)


def machine() -> list[str]:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                            capture_output=True, text=True, check=False).stdout.strip()
    return [
        f"- Date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; citewise commit "
        f"{commit or '?'} (plus uncommitted changes, if any)",
        f"- Machine: {os.cpu_count()} CPUs ({model}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}",
        f"- Load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        "(other processes share these CPUs: CPU seconds are the steadier figure)",
    ]


# -- the benchmark ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--repeat", type=int, default=5, help="runs of the one-file case")
    parser.add_argument("--quick", action="store_true",
                        help="skip proselint and the 4x corpus; 3 one-file runs")
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="also write the report (Markdown) to FILE")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"bench: no corpus at {args.corpus}")
    repeat = 3 if args.quick else args.repeat
    report = Report()
    versions = install_peers(proselint=not args.quick)
    pages = corpus_files(args.corpus)
    markdown = [name for name in pages if name.endswith(".md")]

    with tempfile.TemporaryDirectory(prefix="citewise-bench-") as temp:
        work = Path(temp)
        tools = Tools(args.jobs, work)
        lists = {}
        for name, files in (("pages", pages), ("markdown", markdown)):
            lists[name] = work / f"{name}.txt"
            lists[name].write_text("\n".join(files) + "\n")

        report.say("# citewise benchmark")
        report.say()
        for line in machine():
            report.say(line)
        report.say(f"- Corpus: {args.corpus} — {len(pages)} pages, of which {len(markdown)} "
                   f".md files; citewise --jobs {args.jobs}; peers: "
                   + ", ".join(versions.values()))
        report.say()

        # 1. The whole corpus.
        cold = tools.citewise(["--no-cache", str(args.corpus)])
        floor = tools.floor(lists["pages"])
        serial = tools.citewise(["--no-cache", str(args.corpus)], jobs=1)
        cache_dir = work / "project"
        cache_dir.mkdir()
        seeded = tools.citewise([str(args.corpus)], cwd=cache_dir)
        warm = best([tools.citewise([str(args.corpus)], cwd=cache_dir) for _ in range(3)])
        report.say("## Whole corpus (HTML and Markdown), default rules")
        report.say()
        report.table(
            ("run", "files", "wall s", "CPU s", "files/s (wall)", "output"),
            [row(f"citewise, no cache, --jobs {args.jobs}", len(pages), cold, cold.digest),
             row("citewise, no cache, --jobs 1", len(pages), serial, serial.digest),
             row("citewise, empty cache (cold, writes it)", len(pages), seeded, seeded.digest),
             row("citewise, warm cache, nothing changed", len(pages), warm, warm.digest),
             row(f"floor: read + parse only, {args.jobs} processes", len(pages), floor, "-")])
        reseeded = tools.citewise(["--no-cache", str(args.corpus)], seed="1")
        report.target("same output whatever PYTHONHASHSEED", cold.output == reseeded.output,
                      f"{cold.digest} / {reseeded.digest}" + difference(cold, reseeded))
        speed = len(pages) / cold.wall
        report.target(f"whole corpus >= {MIN_PAGES_PER_SECOND} pages/s", speed >= MIN_PAGES_PER_SECOND,
                      f"{speed:.1f} pages/s ({cold.wall:.1f} s wall, {cold.cpu:.1f} CPU s)")
        report.target("same output for --jobs 1 and --jobs N", cold.output == serial.output,
                      f"{cold.digest} / {serial.digest}" + difference(cold, serial))
        report.target("same output cold, seeded and warm cache",
                      cold.output == seeded.output == warm.output,
                      f"{cold.digest} / {seeded.digest} / {warm.digest}"
                      + difference(cold, seeded) + difference(seeded, warm))
        speedup = seeded.wall / warm.wall
        report.target(f"warm cache >= {MIN_WARM_SPEEDUP}x faster than cold",
                      speedup >= MIN_WARM_SPEEDUP,
                      f"{speedup:.1f}x ({seeded.wall:.2f} s -> {warm.wall:.2f} s)")
        multiple_wall, multiple_cpu = cold.wall / floor.wall, cold.cpu / floor.cpu
        report.target(f"citewise <= {MAX_FLOOR_MULTIPLE}x the parse floor",
                      max(multiple_wall, multiple_cpu) <= MAX_FLOOR_MULTIPLE,
                      f"{multiple_wall:.2f}x wall, {multiple_cpu:.2f}x CPU")
        report.say(f"Parallel speed-up, --jobs {args.jobs} over --jobs 1: "
                   f"{serial.wall / cold.wall:.2f}x wall. citewise / floor: {multiple_wall:.2f}x "
                   f"wall, {multiple_cpu:.2f}x CPU.")
        report.say()

        # 2. The Markdown part, side by side with the peers.
        ours = tools.citewise(["--no-cache", *markdown])
        lint = tools.markdownlint(markdown)
        rows = [row("citewise (default rules, no cache)", len(markdown), ours, "1.00"),
                row("markdownlint-cli2", len(markdown), lint, f"{lint.wall / ours.wall:.2f}")]
        if not args.quick:
            prose = tools.proselint(markdown)
            rows.append(row("proselint", len(markdown), prose, f"{prose.wall / ours.wall:.2f}"))
        report.say("## Markdown part: the same files for every tool")
        report.say()
        report.table(("tool", "files", "wall s", "CPU s", "files/s (wall)",
                      "citewise is N x faster"), rows)
        ratio = lint.wall / ours.wall
        report.target(f"Markdown part >= {MIN_MARKDOWNLINT_RATIO}x markdownlint-cli2's files/s",
                      ratio >= MIN_MARKDOWNLINT_RATIO, f"{ratio:.2f}x")

        # 3. One Markdown file, a cold process each time, as pre-commit runs it.
        one = typical_markdown(markdown)
        single = best([tools.citewise(["--no-cache", one], fmt="text") for _ in range(repeat)])
        tools.citewise([one], fmt="text", cwd=cache_dir)
        cached = best([tools.citewise([one], fmt="text", cwd=cache_dir) for _ in range(repeat)])
        version = best([run([sys.executable, "-m", "citewise", "--version"], work, tools.env)
                        for _ in range(repeat)])
        peer_one = best([tools.markdownlint([one]) for _ in range(repeat)])
        rows = [("citewise check FILE (no cache)", f"{single.wall:.3f}", f"{single.cpu:.3f}"),
                ("citewise check FILE (cached result)", f"{cached.wall:.3f}",
                 f"{cached.cpu:.3f}"),
                ("citewise --version (interpreter + CLI)", f"{version.wall:.3f}",
                 f"{version.cpu:.3f}"),
                ("markdownlint-cli2 FILE", f"{peer_one.wall:.3f}", f"{peer_one.cpu:.3f}")]
        if not args.quick:
            prose_one = best([tools.proselint([one]) for _ in range(repeat)])
            rows.append(("proselint check FILE", f"{prose_one.wall:.3f}",
                         f"{prose_one.cpu:.3f}"))
        report.say(f"## One Markdown file, a new process each run (median of {repeat})")
        report.say()
        report.say(f"File: `{Path(one).relative_to(args.corpus)}` "
                   f"({os.path.getsize(one):,} bytes, the median .md size).")
        report.say()
        report.table(("run", "wall s", "CPU s"), rows)

        # 4. Cost against corpus size.
        sizes = [(1, cold)]
        for times in (2,) if args.quick else (2, 4):
            sizes.append((times, tools.citewise(["--no-cache", *[str(args.corpus)] * times])))
        report.say("## Cost against corpus size (the corpus listed 1, 2, 4 times; no cache)")
        report.say()
        report.table(("corpus", "files", "wall s", "CPU s", "files/s (wall)", "wall / 1x"),
                     [row(f"{times}x", times * len(pages), measure,
                          f"{measure.wall / cold.wall:.2f}") for times, measure in sizes])
        last_times, last = sizes[-1]
        growth = (last.cpu / cold.cpu) / last_times
        report.target("cost grows linearly with corpus size", 0.8 <= growth <= 1.2,
                      f"{last_times}x corpus costs {last.cpu / cold.cpu:.2f}x the CPU time")

    report.say("## Targets (issue 8)")
    report.say()
    report.table(("target", "met", "measured"),
                 [(name, "yes" if passed else "**no**", detail)
                  for name, passed, detail in report.checks])
    if args.write:
        kept = _kept_sections(args.write)
        args.write.write_text("\n".join(report.lines) + "\n" + RERUN + kept)


def _kept_sections(path: Path) -> str:
    """Sections other bench scripts write into the same file (from the first `<!-- kept: `
    marker on), carried over when this report is rewritten."""
    text = path.read_text() if path.is_file() else ""
    start = text.find("<!-- kept: ")
    return "\n" + text[start:] if start != -1 else ""


RERUN = """
## How to rerun

From the repository root (peers are installed on first use into ~/.cache/citewise-bench):

    python bench/bench.py --write bench/RESULTS.md

`--quick` skips proselint and the 4x corpus; `--corpus PATH` and `--jobs N` change what is
measured. Figures vary with the load on the machine: compare ratios and CPU seconds within
one run rather than wall times across runs.
"""


if __name__ == "__main__":
    main()
