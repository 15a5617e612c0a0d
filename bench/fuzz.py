"""Fuzz: mutated corpus pages through every rule, counting crashes, internal errors and slow pages.

    python bench/fuzz.py                          # 5,000 mutations of corpus pages, seed 19
    python bench/fuzz.py --count 500 --seed 3     # a quick run
    python bench/fuzz.py --select ALL             # every rule, opt-in ones included

Issue 19's attack class "5,053 fuzz mutations of corpus pages", rerun on the current code. Pages
are drawn (fixed seed) from ../shared/corpus and ../shared/corpus2 (HTML and Markdown), and each
is mutated once by one of the mutators below: random byte flips, truncation mid-token, a
duplicated or deleted slice, an inserted hostile snippet (unclosed JSON-LD, a front-matter fence
mid-file, deep nesting, NUL and control bytes, bidi overrides, lone CR, huge numbers, a
suppression comment naming no rule...), or the page's bytes re-encoded. Each mutated page is
checked in this process through the engine's `lint_bytes` (the path a real run takes: decode,
parse, every selected rule, suppressions), timing each page's CPU seconds.

Reported: pages checked, exceptions that escaped `lint_bytes` (a crash: must be 0), pages with an
`internal-error` finding (a rule or parser raised: must be 0), the slowest pages, and CPU time.
Every failure is printed with its seed, page and mutator, so it can be replayed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

SUFFIXES = {".html", ".htm", ".md", ".mdx", ".markdown"}
SNIPPETS = [
    b'<script type="application/ld+json">{"@context": "https://schema.org", "@type": ',
    b'<script type="application/ld+json">{"@graph": [' * 50,
    b"\n---\ntitle: [unclosed\n---\n",
    b"\n+++\ndate = 2025-13-45\n+++\n",
    b"<div>" * 3000,
    b"<span itemscope itemtype='https://schema.org/Thing'>" * 400,
    b"\x00\x01\x02\x1b[31m\x9b\x9d",
    "\u202e\u2028\u0085\ufeff".encode(),
    b"\r\r\r lone CR \r",
    b'{"@context":"https://schema.org","@type":"Article","wordCount":' + b"9" * 5000 + b"}",
    b"<!-- citewise-disable-next-line -->\n<!-- citewise-disable -->\n{/* citewise-enable",
    b"\n```\nunclosed fence\n",
    b"<time datetime='99999-99-99'>yesterday</time>",
    b"\n# " + b"Why? " * 2000 + b"\n",
    b"[link](" * 500,
    b"&#x" + b"F" * 100 + b";&#99999999;",
    "Am 31. Februar 2025 wird das Produkt erscheinen. Updated: 2025-02-30.".encode(),
    b"<svg><foreignObject><math><style><![CDATA[</style>]]></math></svg>",
    b"{{< shortcode " + b"{{" * 200,
    b"{% raw %}" * 100,
]


def corpus_pages(shared: Path) -> list[Path]:
    pages = []
    for corpus in ("corpus", "corpus2"):
        pages += [path for path in sorted((shared / corpus).rglob("*"))
                  if path.suffix.lower() in SUFFIXES and path.is_file()]
    return pages


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        if buffer:
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def duplicate_slice(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, 20_000))
    return data[:end] + data[start:end] * rng.randint(1, 8) + data[end:]


def delete_slice(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 5_000):]


def insert_snippet(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(SNIPPETS) + data[at:]


def reencode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    encoding = rng.choice(["utf-16", "utf-16-be", "latin-1", "cp1252", "utf-32"])
    return text.encode(encoding, "replace")


MUTATORS = [flip_bytes, truncate, duplicate_slice, delete_slice, insert_snippet, insert_snippet,
            reencode]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--select", default=None, help="rules to run (default: the default set)")
    parser.add_argument("--slow", type=float, default=5.0, help="CPU seconds that make a page slow")
    args = parser.parse_args(argv)

    from citewise.engine.config import Config
    from citewise.engine.runner import Selection, lint_bytes

    pages = corpus_pages(SHARED)
    if not pages:
        print(f"no corpus under {SHARED}", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    config = Config()
    selection = Selection(select=tuple(args.select.split(",")) if args.select else None)
    crashes, internal, slow = [], [], []
    lint_bytes("warm.md", pages[0].read_bytes(), config, selection)  # imports, models, lists
    cpu_started, wall_started, total_bytes = time.process_time(), time.perf_counter(), 0
    for number in range(args.count):
        page = rng.choice(pages)
        mutator = rng.choice(MUTATORS)
        data = mutator(page.read_bytes(), rng)
        total_bytes += len(data)
        name = f"fuzz-{number}{page.suffix}"
        where = f"#{number} {mutator.__name__} {page.relative_to(SHARED)}"
        started = time.process_time()
        try:
            found = lint_bytes(name, data, config, selection)
        except BaseException as error:  # noqa: BLE001 - counting what escapes is the point
            if isinstance(error, KeyboardInterrupt):
                raise
            crashes.append(where)
            print(f"CRASH {where}: {type(error).__name__}: {error}", flush=True)
            traceback.print_exc()
            continue
        seconds = time.process_time() - started  # CPU: steadier than wall on a shared machine
        if seconds > args.slow:
            slow.append((seconds, where))
        errors = [d for d in found if d.rule == "internal-error"]
        if errors:
            internal.append(where)
            print(f"INTERNAL {where}: {errors[0].message}", flush=True)
        if (number + 1) % 500 == 0:
            print(f"... {number + 1} pages", file=sys.stderr, flush=True)
    cpu = time.process_time() - cpu_started
    wall = time.perf_counter() - wall_started
    print(f"pages checked: {args.count} (seed {args.seed}, {total_bytes / 1e6:.1f} MB, "
          f"from {len(pages)} corpus pages; rules: {args.select or 'default set'})")
    print(f"crashes (exceptions out of lint_bytes): {len(crashes)}")
    print(f"pages with an internal-error finding: {len(internal)}")
    print(f"pages over {args.slow:.0f} CPU s: {len(slow)}")
    for seconds, where in sorted(slow, reverse=True)[:10]:
        print(f"  {seconds:6.1f} s  {where}")
    print(f"time: {cpu:.1f} CPU s, {wall:.1f} s wall ({1000 * cpu / args.count:.1f} ms/page)")
    return 1 if crashes or internal else 0


if __name__ == "__main__":
    sys.exit(main())
