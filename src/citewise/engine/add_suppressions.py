"""`citewise check --add-suppressions`: write a suppression comment for every current finding
(ruff's `--add-noqa`), so that a site with findings can adopt citewise and see only new ones.

Where each comment goes, in the directive forms engine/suppressions.py reads:

- above the finding's line, `citewise-disable-next-line RULE` (one comment per line, its
  rules merged; an existing next-line comment right above the line gets the new rules), when
  the line starts a block (a heading, a paragraph, a list item, a fence...) or starts outside
  any, and is no place a comment must not be (inside front matter, a code block, a `<script>`,
  a tag written over several lines);
- around the block, `citewise-disable RULE` before it and `citewise-enable RULE` after it, when
  the line is further down a block: a comment line inside a Markdown paragraph, list item or
  code block would split it or show up in it;
- once per file, `citewise-disable-file RULE`, for page-level findings (`per-page` rules: a
  missing date, no JSON-LD...), findings in the front matter, and any finding that the first
  two forms did not silence (each file is checked again after the comments are written).

Markdown and HTML get `<!-- ... -->`, MDX `{/* ... */}`. Comments are indented as the line they
precede (and keep its `>` quote markers). citewise's own trouble (internal-error,
unreadable-file) is never suppressed, nor unused-suppression (remove the comment instead).
Writes go through engine/fixes.py: atomic, encoding, BOM and line endings kept, refused when
the file changed since it was read. A second run adds nothing: nothing is left to suppress.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from citewise.diagnostic import INTERNAL_ERROR, UNREADABLE, UNUSED_SUPPRESSION, Diagnostic
from citewise.engine.fixes import FileFix, FixError, _read, write_fixed
from citewise.model import Document
from citewise.parsers import detect_format, parse_text
from citewise.parsers.mdx_comments import is_mdx

PAGE_FORMATS = ("html", "markdown")
NOT_SUPPRESSED = frozenset({INTERNAL_ERROR, UNREADABLE, UNUSED_SUPPRESSION})
MAX_PASSES = 2  # placed as planned, then in the file-level form what that did not silence
# Inserted at the same place, in this order: a range that ends there closes before the next
# opens, and a next-line comment sits right above its line.
_ORDER = {"enable": 0, "disable-file": 1, "disable": 2, "disable-next-line": 3}
_PREFIX = re.compile(r"[ \t>]*")
_NEXT_LINE = re.compile(r"^(?P<indent>[ \t>]*)(?P<open><!--|\{/\*)\s*citewise-disable-next-line"
                        r"(?P<names>[^\n]*?)\s*(?P<close>-->|\*/\})\s*$")
# HTML regions a comment line cannot start inside: comments, raw-text elements, tags.
_HTML_REGION = re.compile(r"<!--.*?-->|<(script|style|pre|textarea|title)\b.*?</\1\s*>|<[^>]*>",
                          re.S | re.I)
_ELEMENT_TAG = re.compile(r"<[a-zA-Z]")


def suppressible(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.rule not in NOT_SUPPRESSED]


@dataclass
class _Plan:
    """Comments to insert into one text: (line before which, kind, prefix) -> rules."""

    at_lines: dict[tuple[int, str, str], set[str]] = field(default_factory=dict)
    file_rules: set[str] = field(default_factory=set)
    merged: dict[int, set[str]] = field(default_factory=dict)  # existing next-line comments
    ranges: set[tuple[int, int, str]] = field(default_factory=set)  # (first, last, rule)

    def add(self, line: int, kind: str, prefix: str, rule: str) -> None:
        self.at_lines.setdefault((line, kind, prefix), set()).add(rule)

    def drop_covered(self) -> None:
        """Leave out a next-line comment's rules that a range or the file-level comment
        already covers there (a redundant comment would be an unused-suppression)."""
        for (line, kind, prefix), rules in list(self.at_lines.items()):
            if kind != "disable-next-line":
                continue
            rules -= self.file_rules | {rule for first, last, rule in self.ranges
                                        if first <= line <= last}
            if not rules:
                del self.at_lines[(line, kind, prefix)]
        for line, rules in list(self.merged.items()):
            rules -= self.file_rules
            if not rules:
                del self.merged[line]


class _Page:
    """What placing a comment needs to know of one page's text and Document."""

    def __init__(self, doc: Document, text: str, mdx: bool):
        self.doc, self.mdx, self.doc_text = doc, mdx, text
        self.lines = text.split("\n")
        self.html = doc.format == "html"
        matter = doc.front_matter
        self.matter_end = matter.span.last_line if matter is not None else 0
        blocks = [*doc.blocks, *doc.outside]
        self.regions = sorted({(b.span.line, b.span.last_line) for b in blocks
                               if b.span.last_line > b.span.line})
        self.first_tag_end = 0  # HTML: where the first element's start tag ends
        if self.html:
            self.regions, self.first_tag_end = _html_regions(text)
        self.unsafe = self._unsafe_line_starts(blocks, text)

    def _unsafe_line_starts(self, blocks, text: str) -> set[int]:
        """Lines a comment line cannot be put before: inside front matter or a region; in HTML
        before the first element's start tag ends or after `</html>` (the parser keeps no
        comment there); the first line of an indented code block (the comment, indented as
        it, would be code)."""
        unsafe = set(range(1, self.matter_end + 1))
        for first, last in self.regions:
            unsafe.update(range(first + 1, last + 1))
        if self.html:
            unsafe.update(range(1, text.count("\n", 0, self.first_tag_end) + 2))
            closing = text.lower().rfind("</html")
            if closing >= 0:
                unsafe.update(range(text.count("\n", 0, closing) + 2, len(self.lines) + 2))
        if not self.html:
            unsafe.update(b.span.line for b in blocks if b.kind == "code"
                          and not self.prefix(b.span.line).endswith(">")
                          and len(self.prefix(b.span.line).expandtabs(4)) >= 4
                          and not self._fenced(b.span.line))
        return unsafe

    def _fenced(self, line: int) -> bool:
        return self.lines[line - 1].lstrip(" \t>").startswith(("```", "~~~"))

    def prefix(self, line: int) -> str:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return _PREFIX.match(text).group(0)

    def region_of(self, line: int) -> tuple[int, int] | None:
        inside = [(first, last) for first, last in self.regions if first < line <= last]
        return min(inside, key=lambda r: r[1] - r[0]) if inside else None

    def comment(self, kind: str, rules) -> str:
        names = ", ".join(sorted(rules))
        return f"{{/* citewise-{kind} {names} */}}" if self.mdx else \
            f"<!-- citewise-{kind} {names} -->"


def _html_regions(text: str) -> tuple[list[tuple[int, int]], int]:
    """Line ranges of HTML comments, raw-text elements and tags that span lines; and the
    offset where the first element's start tag ends (0: none)."""
    import bisect

    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    regions, first_tag_end = [], 0
    for match in _HTML_REGION.finditer(text):
        if not first_tag_end and match.group(1) is None and _ELEMENT_TAG.match(match.group()):
            first_tag_end = match.end()
        first = bisect.bisect_right(starts, match.start())
        last = bisect.bisect_right(starts, max(match.end() - 1, match.start()))
        if last > first:
            regions.append((first, last))
    return regions, first_tag_end


def plan(page: _Page, findings: list[Diagnostic], per_page: frozenset[str],
         file_level: bool) -> _Plan:
    """Where each finding's comment goes (file_level: every one in the file-level form)."""
    result = _Plan()
    line_count = len(page.lines)
    for d in findings:
        line = d.line
        if file_level or d.rule in per_page or line <= page.matter_end or not \
                0 < line <= line_count:
            result.file_rules.add(d.rule)
            continue
        region = page.region_of(line)
        if region is None and line not in page.unsafe:
            existing = _NEXT_LINE.match(page.lines[line - 2]) if line > 1 else None
            if existing and (existing.group("open") == "{/*") == page.mdx:
                result.merged.setdefault(line - 1, set()).add(d.rule)
            else:
                result.add(line, "disable-next-line", page.prefix(line), d.rule)
            continue
        first, last = region or (line, line)
        if first in page.unsafe or last + 1 in page.unsafe:
            result.file_rules.add(d.rule)
            continue
        prefix = page.prefix(first)
        result.add(first, "disable", prefix, d.rule)
        result.add(last + 1, "enable", prefix, d.rule)
        result.ranges.add((first, last, d.rule))
    result.drop_covered()
    return result


def apply_plan(page: _Page, text: str, result: _Plan) -> str:
    """`text` with the planned comments inserted: whole lines, ended as most of its lines are
    (a lone CR ends a line, as for the parsers)."""
    lines = _split_lines(text)
    endings = [ending for _, ending in lines if ending]
    newline = max(("\r\n", "\n", "\r"), key=endings.count) if endings else "\n"
    for number, rules in result.merged.items():
        body, ending = lines[number - 1]
        match = _NEXT_LINE.match(body)
        names = {n for n in re.split(r"[\s,]+", match.group("names").strip()) if n}
        lines[number - 1] = (match.group("indent") + page.comment("disable-next-line",
                                                                   names | rules), ending)
    inserts: dict[int, list[str]] = {}
    for (number, kind, prefix), rules in sorted(result.at_lines.items(),
                                                key=lambda item: (item[0][0], _ORDER[item[0][1]])):
        inserts.setdefault(number, []).append(prefix + page.comment(kind, rules))
    if result.file_rules:
        _add_file_comment(page, lines, inserts, page.comment("disable-file", result.file_rules))
    for number in sorted(inserts, reverse=True):
        added = [(comment, newline) for comment in inserts[number]]
        if number > len(lines):  # after the last line
            if lines and not lines[-1][1]:
                lines[-1] = (lines[-1][0], newline)
                added[-1] = (added[-1][0], "")
            lines += added
            continue
        lines[number - 1:number - 1] = added
    return "".join(body + ending for body, ending in lines)


def _split_lines(text: str) -> list[tuple[str, str]]:
    """(line, line ending) pairs; the last line's ending may be empty. A text that ends with a
    line ending has no empty line after it."""
    parts = re.split(r"(\r\n|\r|\n)", text)
    lines = [(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
    if parts[-1]:
        lines.append((parts[-1], ""))
    return lines


def _add_file_comment(page: _Page, lines: list[tuple[str, str]], inserts: dict[int, list[str]],
                      comment: str) -> None:
    """The file-level comment: right after the first start tag in an HTML page (`<html ...>`:
    the parser keeps no comment before it), else on a line of its own after the front matter."""
    if page.html and page.first_tag_end:
        index = page.doc_text.count("\n", 0, page.first_tag_end)
        column = page.first_tag_end - (page.doc_text.rfind("\n", 0, page.first_tag_end) + 1)
        body, ending = lines[index]
        lines[index] = (body[:column] + comment + body[column:], ending)
        return
    inserts.setdefault(page.matter_end + 1, []).insert(0, comment)


def add_to_content(name: str, data: bytes, lint, config, per_page: frozenset[str]) -> FileFix:
    """Suppress every suppressible finding of `data`; `lint(data)` checks content as `name`."""
    fmt = detect_format(name, data)
    result = FileFix(name, data, data)
    findings = suppressible(lint(data))
    for number in range(MAX_PASSES):
        if not findings:
            break
        bom, encoding, text, _ = _read(result.fixed, fmt == "html")
        plain = re.sub(r"\r\n?", "\n", text)  # the same lines, each ended by "\n"
        doc = parse_text(name, plain, fmt, embedded=False, options=config.parse_options(name))
        page = _Page(doc, plain, is_mdx(name))
        planned = plan(page, findings, per_page, file_level=number > 0)
        fixed = bom + apply_plan(page, text, planned).encode(encoding)
        if fixed == result.fixed:
            break
        left = suppressible(lint(fixed))
        result.fixed, result.applied = fixed, result.applied + len(findings) - len(left)
        findings = left
    result.diagnostics = lint(result.fixed)
    if suppressible(result.diagnostics):
        result.fixed, result.applied = data, 0  # half done would grow on every run: as it was
    return result


def add_suppressions(linter, diagnostics: list[Diagnostic], write: bool,
                     errors: list[str]) -> tuple[list[Diagnostic], list[FileFix]]:
    """Suppress the findings of every checked file on disk. Returns the diagnostics left (the
    files' own after the comments) and the files' changes. Trouble goes to `errors`."""
    from citewise.engine.runner import lint_bytes

    paths = sorted({d.path for d in suppressible(diagnostics)})
    changes: list[FileFix] = []
    replaced: dict[str, list[Diagnostic]] = {}
    for name in paths:
        path = Path(name)
        if not path.is_file():
            continue  # stdin or a URL: nothing to write back
        if detect_format(name, path.read_bytes()[:4096]) not in PAGE_FORMATS:
            continue  # robots.txt, llms.txt: comments of their own, not written here
        config = linter.configs.for_path(path)
        per_page = frozenset(spec.id for spec in config.registry.rules.values() if spec.per_page)
        try:
            change = add_to_content(name, path.read_bytes(),
                                    lambda data: lint_bytes(name, data, config, linter.selection),
                                    config, per_page)
            if write and change.changed:
                write_fixed(path, change)
        except (FixError, OSError) as error:
            errors.append(f"{name}: {getattr(error, 'strerror', None) or error}")
            continue
        left = suppressible(change.diagnostics)
        if left:
            errors.append(f"{name}: {len(left)} finding(s) could not be suppressed (first: "
                          f"line {left[0].line}, {left[0].rule}); the file is left as it was")
        changes.append(change)
        replaced[name] = change.diagnostics if write else [d for d in diagnostics
                                                           if d.path == name]
    kept = [d for d in diagnostics if d.path not in replaced]
    kept += [d for found in replaced.values() for d in found]
    kept.sort(key=lambda d: d.sort_key)
    return kept, changes


def suppress_one(name: str, text: str, finding: Diagnostic, config) -> str:
    """`text` (a page's content, as the editor holds it) with the one comment that suppresses
    `finding`, placed as `--add-suppressions` places it: above its line, around the block it
    sits inside (a JSON-LD script, a paragraph), or file-wide for a page-level finding."""
    plain = re.sub(r"\r\n?", "\n", text)
    fmt = detect_format(name, plain.encode("utf-8")[:4096])
    doc = parse_text(name, plain, fmt, embedded=False, options=config.parse_options(name))
    page = _Page(doc, plain, is_mdx(name))
    per_page = frozenset(spec.id for spec in config.registry.rules.values() if spec.per_page)
    return apply_plan(page, text, plan(page, [finding], per_page, file_level=False))
