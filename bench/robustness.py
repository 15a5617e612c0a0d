"""Robustness benchmark: citewise on hostile and huge pages, at 1x and 2x size.

    python bench/robustness.py                # every case at 1x and 2x, then the whole corpus
    python bench/robustness.py --cases deep-html,tiny-paragraphs --no-corpus
    python bench/robustness.py --scale 0.1    # a quick run at a tenth of the sizes

Each case is generated into a temporary folder (with a citewise.toml that lifts max-file-size,
so the 2x cases are checked rather than skipped) and checked in this process with every default
rule, one job, no cache. Times are CPU seconds of this process (steadier than wall time on a
shared machine; wall time is printed too). Growth is linear when the 2x/1x ratio stays near 2;
a quadratic step would show as ~4. The results go in docs/robustness.md.

The generators are also used by tests/test_robustness.py at moderate sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "Acme Cloud stores backups in three regions, encrypted with keys the customer holds. "
MB = 1024 * 1024


# --- generators: each returns (file name, bytes) ---------------------------------------------

def long_line(size: int) -> tuple[str, bytes]:
    """A Markdown page whose body is one line of `size` bytes."""
    return "long-line.md", ("# One long line\n\n" + SENTENCE * (size // len(SENTENCE)) + "\n").encode()


def deep_html(depth: int) -> tuple[str, bytes]:
    """`depth` nested <div>s, text at every level, and a paragraph after them."""
    return "deep-html.html", (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Deep</title></head><body><main>\n"
        + "<div>level text\n" * depth + "</div>" * depth
        + "\n<p>After the nesting.</p>\n</main></body></html>\n").encode()


def unclosed_tags(count: int) -> tuple[str, bytes]:
    """`count` runs of <div><p><span><b> that are never closed."""
    return "unclosed-tags.html", (
        "<!DOCTYPE html>\n<html><head><title>Unclosed</title></head><body><main>\n"
        + "<div><p><span><b>Acme Cloud keeps three copies\n" * count).encode()


def jsonld_blocks(count: int) -> tuple[str, bytes]:
    """`count` JSON-LD blocks in the head, one in ten broken (a trailing comma)."""
    blocks = "".join(
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
        f'"Article", "headline": "Part {i}"{", " if i % 10 == 0 else ""}}}</script>\n'
        for i in range(count))
    return "jsonld-blocks.html", (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Blocks</title>\n" + blocks
        + "</head><body><main><h1>Blocks</h1><p>" + SENTENCE + "</p></main></body></html>\n"
    ).encode()


def deep_jsonld(depth: int) -> tuple[str, bytes]:
    """One JSON-LD block of objects nested `depth` levels deep."""
    nested = '{"@type": "Thing", "subjectOf": ' * depth + '"x"' + "}" * depth
    return "deep-jsonld.html", (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Deep JSON-LD</title>\n"
        '<script type="application/ld+json">\n' + nested + "\n</script>\n"
        "</head><body><main><h1>Deep</h1><p>" + SENTENCE + "</p></main></body></html>\n").encode()


def many_paragraphs(size: int) -> tuple[str, bytes]:
    """A Markdown page of `size` bytes: sections of paragraphs, lists and headings."""
    parts, total, number = ["# A very long page\n\n"], 0, 0
    while total < size:
        number += 1
        section = (f"## Part {number}\n\n" + (f"In {2000 + number % 25}, part {number} says: "
                                              + SENTENCE * 3 + "\n\n") * 4
                   + "- first point\n- second point\n\n")
        parts.append(section)
        total += len(section)
    return "many-paragraphs.md", "".join(parts).encode()


def tiny_paragraphs(count: int) -> tuple[str, bytes]:
    """An HTML page of `count` one-word paragraphs."""
    body = "".join(f"<p>p{number}</p>\n" for number in range(count))
    return "tiny-paragraphs.html", (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Tiny</title></head><body><main>\n"
        + body + "</main></body></html>\n").encode()


def html_table(size: int) -> tuple[str, bytes]:
    """An HTML table of `size` bytes."""
    row = "<tr><td>Acme Cloud</td><td>{n}</td><td>three regions</td></tr>\n"
    rows = "".join(row.format(n=n) for n in range(size // len(row)))
    return "table.html", (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Table</title></head><body><main>\n"
        "<h1>Prices</h1><table>\n" + rows + "</table></main></body></html>\n").encode()


def markdown_table(size: int) -> tuple[str, bytes]:
    """A Markdown (GFM) table of `size` bytes."""
    row = "| Acme Cloud | {n} | three regions |\n"
    rows = "".join(row.format(n=n) for n in range(size // len(row)))
    return "table.md", ("# Prices\n\n| Product | Number | Where |\n|---|---|---|\n" + rows).encode()


def unclosed_comments(count: int) -> tuple[str, bytes]:
    """Markdown with an HTML block of `count` comment openers and no closer (was quadratic)."""
    return "unclosed-comments.md", ("# Comments\n\n<!--\n" + "<!-- note\n" * count).encode()


def deep_markdown(depth: int) -> tuple[str, bytes]:
    """Block quotes nested `depth` deep, and lists nested `depth` // 10 deep."""
    quotes = "> " * depth + "deep quote\n\n"
    lists = "".join("  " * level + "- item\n" for level in range(depth // 10))
    return "deep-markdown.md", ("# Deep\n\n" + quotes + lists + "\nAfter.\n").encode()


def open_brackets(count: int) -> tuple[str, bytes]:
    """A paragraph of `count` unclosed link brackets (a known trap for Markdown parsers)."""
    return "open-brackets.md", ("# Brackets\n\n" + "[a](" * count + "\n").encode()


def many_suppressions(count: int) -> tuple[str, bytes]:
    """`count` long paragraphs, each under a disable-next-line comment (was quadratic)."""
    paragraph = " ".join([SENTENCE.strip()] * 14)
    return "many-suppressions.md", ("# Suppressed\n\n" + "".join(
        f"<!-- citewise-disable-next-line long-paragraph -->\n{paragraph}\n\n"
        for _ in range(count))).encode()


# name -> (generator, size at 1x, what the size counts)
CASES = {
    "long-line": (long_line, 5 * MB, "bytes on one line"),
    "deep-html": (deep_html, 10_000, "nested elements"),
    "unclosed-tags": (unclosed_tags, 10_000, "unclosed runs"),
    "jsonld-blocks": (jsonld_blocks, 1_000, "JSON-LD blocks"),
    "deep-jsonld": (deep_jsonld, 10_000, "JSON-LD levels"),
    "many-paragraphs": (many_paragraphs, 9 * MB, "bytes of Markdown"),
    "tiny-paragraphs": (tiny_paragraphs, 100_000, "paragraphs"),
    "html-table": (html_table, 2 * MB, "bytes of table"),
    "markdown-table": (markdown_table, 2 * MB, "bytes of table"),
    "unclosed-comments": (unclosed_comments, 50_000, "comment openers"),
    "deep-markdown": (deep_markdown, 10_000, "nested quotes"),
    "open-brackets": (open_brackets, 50_000, "open brackets"),
    "many-suppressions": (many_suppressions, 5_000, "suppressed paragraphs"),
}


# --- running -------------------------------------------------------------------------------

def check_folder(folder: Path, targets: list[str] | None = None):
    """Every default rule over `folder` (or the given targets), one job, no cache."""
    from citewise.engine import Linter
    from citewise.engine.runner import Selection

    linter = Linter(Selection(today=dt.date(2026, 11, 25)), jobs=1, use_cache=False)
    return linter.run(targets or [str(folder)])


def time_case(name: str, size: int, folder: Path) -> dict:
    generator = CASES[name][0]
    file_name, data = generator(size)
    case_dir = Path(tempfile.mkdtemp(prefix=f"{name}-{size}-", dir=folder))
    (case_dir / "citewise.toml").write_text("max-file-size = 1000000000\n")
    path = case_dir / file_name
    path.write_bytes(data)
    lines = len(re.split(rb"\r\n|\r|\n", data))  # as an editor counts them
    cpu, wall = time.process_time(), time.perf_counter()
    result = check_folder(case_dir, [str(path)])
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {
        "case": name, "size": size, "bytes": len(data), "cpu": cpu, "wall": wall,
        "diagnostics": len(result.diagnostics),
        "internal_errors": sum(d.rule == "internal-error" for d in result.diagnostics),
        "outside": sum(not 1 <= d.line <= lines or d.column < 1 for d in result.diagnostics),
        "rules": sorted({d.rule for d in result.diagnostics}),
    }


def corpus_run(corpus: Path) -> dict:
    """The whole corpus: every page checked or reported, and no internal error."""
    from citewise.engine.files import PAGE_SUFFIXES

    on_disk = sorted(str(p) for p in corpus.rglob("*")
                     if p.suffix.lower() in PAGE_SUFFIXES and not p.is_dir())
    cpu, wall = time.process_time(), time.perf_counter()
    result = check_folder(corpus)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {
        "pages": len(on_disk), "checked": len(result.checked), "cpu": cpu, "wall": wall,
        "missing": sorted(set(on_disk) - set(result.checked)),
        "internal_errors": [f"{d.path}: {d.message}" for d in result.diagnostics
                            if d.rule == "internal-error"],
        "unreadable": [f"{d.path}:{d.line}: {d.message}" for d in result.diagnostics
                       if d.rule == "unreadable-file"],
        "diagnostics": len(result.diagnostics),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated case names")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    parser.add_argument("--corpus", type=Path,
                        default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus")
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    rows, failed = [], False
    with tempfile.TemporaryDirectory(prefix="citewise-bench-") as tmp:
        for name in ("many-paragraphs", "jsonld-blocks"):  # warm up: imports, NLP models
            time_case(name, 1000, Path(tmp))
        print("| case | 1x size | MB 1x / 2x | CPU 1x | CPU 2x | CPU 2x/1x | per MB 2x/1x | "
              "wall 1x / 2x | rules reporting (2x) |\n|---|---|---|---|---|---|---|---|---|")
        for name in args.cases.split(","):
            _, base, unit = CASES[name]
            base = max(1, int(base * args.scale))
            one = time_case(name, base, Path(tmp))
            two = time_case(name, 2 * base, Path(tmp))
            ratio = two["cpu"] / one["cpu"] if one["cpu"] > 0 else float("nan")
            # per byte: some inputs (indentation that deepens) grow faster than their count
            per_byte = ratio * one["bytes"] / two["bytes"]
            rows.append({"one": one, "two": two, "ratio": ratio, "per_byte": per_byte,
                         "unit": unit})
            bad = one["internal_errors"] + two["internal_errors"] + one["outside"] + two["outside"]
            failed |= bool(bad)
            print(f"| {name} | {base:,} {unit} | {one['bytes'] / MB:.2f} / "
                  f"{two['bytes'] / MB:.2f} | {one['cpu']:.2f} s | {two['cpu']:.2f} s | "
                  f"{ratio:.2f} | {2 * per_byte:.2f} | {one['wall']:.1f} / {two['wall']:.1f} s | "
                  f"{', '.join(two['rules']) or '-'} |" + (" CRASH/OUTSIDE" if bad else ""),
                  flush=True)
    corpus = None
    if not args.no_corpus and args.corpus.is_dir():
        corpus = corpus_run(args.corpus)
        print(f"corpus: {corpus['checked']} of {corpus['pages']} pages checked in "
              f"{corpus['cpu']:.1f} s CPU ({corpus['wall']:.1f} s wall); "
              f"{len(corpus['internal_errors'])} internal errors; {len(corpus['missing'])} "
              f"pages not accounted for; {len(corpus['unreadable'])} unreadable-file")
        for line in corpus["internal_errors"][:20] + corpus["unreadable"][:20]:
            print("   ", line)
        failed |= bool(corpus["internal_errors"] or corpus["missing"])
    if args.json:
        args.json.write_text(json.dumps({"cases": rows, "corpus": corpus}, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
