"""Findings whose location or quoted text is site-dialect markup, on corpus2's Markdown sources.

    python bench/dialect_markup.py                       # runs citewise on ../shared/corpus2
    python bench/dialect_markup.py --json saved.json     # scans a saved `--format json` run
    python bench/dialect_markup.py --show 20             # and prints the first 20 hits

A finding counts when the text it points at starts with markup (its span's first characters),
or when any text its message quotes (inline code spans removed) holds markup that a site generator turns into something else: MDX
import/export lines, JSX tags and {/* comments */}, Nuxt MDC ::components and :inline{},
::: containers, MkDocs !!! / ??? admonitions and === "tabs", pymdownx /// blocks, Hugo
shortcodes, Liquid tags and {{ variables }}, kramdown IALs {: .x}, heading ids {#id},
<script> blocks and --8<-- snippets. File-level findings (an empty span at 1:1) say nothing
about a place and are not counted. The zyte-article-benchmark folder (HTML pages) is left out.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus2"
SOURCES = ("docusaurus-react-native", "gitpod-website", "hugo-docs", "jekyll-docs",
           "mkdocs-material", "vespa-blog", "vitepress-vue")

MARKUP = {
    "hugo shortcode": re.compile(r"\{\{[<%]|[>%]\}\}"),
    "liquid tag": re.compile(r"\{%-?\s*\w|\w\s*-?%\}"),
    "mustache variable": re.compile(r"\{\{-?\s*[\w.'\"]"),
    "container fence": re.compile(r"(^|\s):::+\s*\w*"),
    "MDC component": re.compile(r"(^|\s)::[a-z][\w-]*|(?<![\w:]):[a-z][\w-]*\{"),
    "admonition": re.compile(r"(^|\s)(!!!|\?\?\?\+?)\s+\w"),
    "content tab": re.compile(r'(^|\s)===\+?\s+"'),
    "pymdownx block": re.compile(r"(^|\s)///\s*\w"),
    "attribute list": re.compile(r"\{:\s*[.#\w]|\{\s*[#.][\w-]+[^}]*\}"),
    "ESM line": re.compile(r"(^|\n)\s*(import\s+[\w{*]|export\s+(const|default|function)\b)"),
    "JSX comment": re.compile(r"\{/\*|\*/\}"),
    "JSX tag": re.compile(r"</?[A-Z][\w.]*(\s[^>]*)?/?>"),
    "JSX expression": re.compile(r"=\{[^}]*\}"),
    "script block": re.compile(r"</?script\b"),
    "snippet": re.compile(r"--8<--"),
}
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')


def run_citewise(corpus: Path, out: Path) -> None:
    targets = [str(corpus / name) for name in SOURCES if (corpus / name).is_dir()]
    subprocess.run([sys.executable, "-m", "citewise", "check", "--format", "json", "--no-cache",
                    "--jobs", "2", "--today", "2026-11-25", "--exit-zero", "-o", str(out),
                    *targets], check=True)


def span_text(lines: list[str], finding: dict) -> str:
    line, column = finding["line"], finding["column"]
    end_line, end_column = finding["end_line"], finding["end_column"]
    if not 0 < line <= len(lines):
        return ""
    if end_line == line:
        return lines[line - 1][column - 1 : max(end_column - 1, column)]
    part = [lines[line - 1][column - 1 :]]
    part += lines[line : end_line - 1]
    if 0 < end_line <= len(lines):
        part.append(lines[end_line - 1][: end_column - 1])
    return "\n".join(part)


def _code_spans(lines: list[str], finding: dict) -> list[str]:
    """The contents of the inline code spans on the finding's lines."""
    text = "\n".join(lines[finding["line"] - 1 : finding["end_line"]])
    return [match.group()[len(match.group(1)) : -len(match.group(1))].strip()
            for match in _CODE_SPAN.finditer(text)]


def _in_code_span(lines: list[str], finding: dict) -> bool:
    if not 0 < finding["line"] <= len(lines):
        return False
    line, column = lines[finding["line"] - 1], finding["column"] - 1
    if line[:column].rstrip().endswith("\\"):
        return True  # `\<script setup>`: escaped, shown as text
    return any(match.start() < column < match.end() for match in _CODE_SPAN.finditer(line))


def markup_in(text: str) -> list[str]:
    text = _CODE_SPAN.sub(" ", text)
    return [name for name, pattern in MARKUP.items() if pattern.search(text)]


def markup_at_start(text: str) -> list[str]:
    """Markup that the text opens with (after spaces): a link target further on is not where
    the finding points."""
    head = text[:80]
    found = []
    for name, pattern in MARKUP.items():
        match = pattern.search(head)
        if match and not head[: match.start()].strip():
            found.append(name)
    return found


def scan(findings: list[dict]) -> list[tuple[dict, list[str], str]]:
    hits, sources = [], {}
    for finding in findings:
        if (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) \
                == (1, 1, 1, 1):
            continue
        path = finding["path"]
        if path not in sources:
            try:
                sources[path] = Path(path).read_text(encoding="utf-8",
                                                     errors="replace").split("\n")
            except OSError:
                sources[path] = []
        lines = sources[path]
        located = span_text(lines, finding)
        if _in_code_span(lines, finding):
            located = ""  # the finding points into `code` or escaped text: not markup
        # A quote cut short ("…<script…") ends in a partial word: not the page's markup.
        quoted = " ".join(re.sub(r"\S*…$", "", a or b)
                          for a, b in _QUOTED.findall(finding["message"]))
        for code in _code_spans(lines, finding):  # quoted words the page shows as code
            quoted = quoted.replace(code, " ")
        names = sorted(set(markup_at_start(located)) | set(markup_in(quoted)))
        if names:
            hits.append((finding, names, located))
    return hits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, help="a saved `citewise check --format json` run")
    parser.add_argument("--show", type=int, default=0, help="print the first N hits")
    args = parser.parse_args()
    if args.json is None:
        if not args.corpus.is_dir():
            print(f"no corpus at {args.corpus}", file=sys.stderr)
            return 2
        args.json = Path(tempfile.mkdtemp()) / "findings.json"
        run_citewise(args.corpus, args.json)
    findings = [f for f in json.loads(args.json.read_text())
                if not any(f"/{name}/" in f"/{f['path']}" for name in ("zyte-article-benchmark",))]
    hits = scan(findings)
    by_kind = Counter(name for _, names, _ in hits for name in names)
    by_rule = Counter(finding["rule"] for finding, _, _ in hits)
    print(f"{len(hits)} of {len(findings)} findings are located at or quote dialect markup")
    print("by markup:", ", ".join(f"{name} {n}" for name, n in by_kind.most_common()) or "-")
    print("by rule:", ", ".join(f"{name} {n}" for name, n in by_rule.most_common()) or "-")
    for finding, names, located in hits[: args.show]:
        print(f"{finding['path']}:{finding['line']}:{finding['column']}: {finding['rule']} "
              f"[{', '.join(names)}] {located[:100]!r} | {finding['message'][:120]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
