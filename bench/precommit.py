"""pre-commit latency: the hook as pre-commit runs it, on 1 and on 50 staged Markdown files,
beside markdownlint-cli2 on the same files.

    python bench/precommit.py                  # prints a Markdown table
    python bench/precommit.py --write bench/PRECOMMIT.md

Each run is a fresh process, as pre-commit starts one per commit: the hook's own entry
(`citewise check --force-exclude -- FILES`, default --jobs, so the worker count is citewise's
own choice) with no cache (a first commit, or files just edited) and with a warm cache (files
unchanged since the last run), then markdownlint-cli2. The files are the 50 Markdown files of
median size of the corpus (the typical commit's pages), the single file the median one.
Median of --repeat runs. Peers are installed as bench.py installs them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import DEFAULT_CORPUS, Tools, best, corpus_files, install_peers, run  # noqa: E402


def median_files(files: list[str], count: int) -> list[str]:
    """`count` Markdown files around the median size."""
    sized = sorted((os.path.getsize(name), name) for name in files)
    start = max(0, len(sized) // 2 - count // 2)
    return [name for _, name in sized[start:start + count]]


def hook(tools: Tools, files: list[str], cwd: Path, cache: bool):
    command = [sys.executable, "-m", "citewise", "check", "--force-exclude",
               *([] if cache else ["--no-cache"]), "--", *files]
    return run(command, cwd, tools.env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    versions = install_peers(proselint=False)
    markdown = [name for name in corpus_files(args.corpus) if name.endswith((".md", ".mdx"))]
    lines = ["# pre-commit latency", "",
             f"- Date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; "
             f"{os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
             f" (shared machine: CPU seconds are the steadier figure)",
             f"- Python {platform.python_version()}; peer: {versions['markdownlint-cli2']}",
             f"- Files: Markdown files of median size from {args.corpus.name}/; median of "
             f"{args.repeat} runs, a new process each", "",
             "| staged files | run | wall s | CPU s |", "|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as work:
        tools = Tools(jobs=1, workdir=Path(work))
        for count in (1, 50):
            files = median_files(markdown, count)
            cache_dir = Path(work) / f"cache-{count}"
            cache_dir.mkdir()
            hook(tools, files, cache_dir, cache=True)  # fills the cache
            rows = [
                ("citewise hook, no cache", best([hook(tools, files, Path(work), False)
                                                  for _ in range(args.repeat)])),
                ("citewise hook, warm cache", best([hook(tools, files, cache_dir, True)
                                                    for _ in range(args.repeat)])),
                ("markdownlint-cli2", best([tools.markdownlint(files)
                                            for _ in range(args.repeat)])),
            ]
            lines += [f"| {count} | {name} | {m.wall:.2f} | {m.cpu:.2f} |" for name, m in rows]
    lines += ["", "Rerun: `python bench/precommit.py --write bench/PRECOMMIT.md`."]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.write:
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
