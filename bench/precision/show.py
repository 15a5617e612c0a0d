"""Print sampled findings with the page text around each, for judging.

    python bench/precision/show.py sample.csv [--ids 1-40] [--rule RULE] [--before 4 --after 10]

Markdown pages are shown as source lines around the finding's line; HTML pages as the blocks
citewise read (heading, paragraph, list item...), with their first line, around the finding,
since one raw HTML line may hold a whole page. The page's kind, title and front matter keys
are printed too: several rules' premises depend on them.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from citewise.parsers import parse  # noqa: E402

SHARED = REPO.parent / "shared"


def wanted_ids(spec: str | None):
    if not spec:
        return None
    ids = set()
    for part in spec.split(","):
        low, _, high = part.partition("-")
        ids.update(range(int(low), int(high or low) + 1))
    return ids


def clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def show_markdown(lines: list[str], line: int, before: int, after: int, width: int) -> None:
    for number in range(max(1, line - before), min(len(lines), line + after) + 1):
        mark = ">>" if number == line else "  "
        print(f"{mark}{number:5} {lines[number - 1][:width]}")


def show_html(doc, line: int, before: int, after: int, width: int) -> None:
    blocks = doc.outside + doc.blocks
    blocks.sort(key=lambda b: (b.span.line, b.span.column))
    at = next((i for i, b in enumerate(blocks) if b.span.line >= line), len(blocks))
    for block in blocks[max(0, at - before): at + after]:
        mark = ">>" if block.span.line <= line <= block.span.end_line else "  "
        level = f"h{block.level}" if block.kind == "heading" else block.kind
        print(f"{mark}{block.span.line:5} [{level}] {clip(block.text, width)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--ids")
    parser.add_argument("--rule")
    parser.add_argument("--before", type=int, default=4)
    parser.add_argument("--after", type=int, default=10)
    parser.add_argument("--width", type=int, default=220)
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args(argv)
    ids = wanted_ids(args.ids)
    with args.csv.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if ids is not None and int(row["id"]) not in ids:
            continue
        if args.rule and row["rule"] != args.rule:
            continue
        path = args.shared / row["path"]
        line = int(row["line"])
        print(f"==== #{row['id']} {row['rule']} {row['path']}:{line}:{row.get('column', '')}")
        print(f"     {row['message']}")
        data = path.read_bytes()
        doc = parse(str(path), data)
        keys = ", ".join(doc.front_matter.data) if doc.front_matter and isinstance(
            getattr(doc.front_matter, "data", None), dict) else "-"
        print(f"     kind={doc.kind} title={clip(doc.title, 80)!r} front matter keys: {keys}")
        if doc.format == "html":
            raw = data.decode("utf-8", "replace").splitlines()
            column = int(row.get("column") or 1)
            if line <= len(raw):
                start = max(0, column - 1 - args.width // 2)
                print(f"  raw {line}: {clip(raw[line - 1][start:start + args.width], args.width)}")
            show_html(doc, line, args.before, args.after, args.width)
        else:
            show_markdown(data.decode("utf-8", "replace").splitlines(), line, args.before,
                          args.after, args.width)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
