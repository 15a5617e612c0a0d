"""Parsers: a file's bytes into one Document, whatever its format."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from citewise.model import Document, Note, Span
from citewise.parsers.decode import BinaryFile, Decoded, decode

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdx", ".mkd"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
# Site files, found by name rather than suffix: sitemap.xml, sitemap-posts.xml, sitemap_index.xml.
SITEMAP_NAME = re.compile(r"sitemap[^/\\]*\.xml", re.IGNORECASE)
# The Markdown dialects (`[tool.citewise] dialect = ...` picks one; else suffix + front matter).
DIALECTS = ("commonmark", "mdx", "mdc", "vitepress", "mkdocs", "hugo", "jekyll", "mdsvex")

__all__ = ["BinaryFile", "ParseOptions", "decode", "detect_format", "is_sitemap_name", "parse",
           "parse_decoded", "parse_text"]


@dataclass(frozen=True)
class ParseOptions:
    """What the project's configuration tells the parsers about its pages."""

    page_kinds: tuple[tuple[str, str], ...] = ()  # (glob, kind), first match wins
    # The file's path relative to the project root (Document.project_path): page-kinds globs
    # and path evidence read it, so that a page's kind never depends on the working directory.
    project_path: str | None = None
    dialect: str | None = None  # forces the Markdown dialect


DEFAULT_OPTIONS = ParseOptions()


def is_sitemap_name(path: str) -> bool:
    return SITEMAP_NAME.fullmatch(PurePath(path).name) is not None


def detect_format(path: str, data: bytes = b"") -> str:
    """`markdown` or `html`, by suffix; content decides for stdin and unknown suffixes. A site
    file is known by its name: `robots` (robots.txt), `llms` (llms.txt, llms-full.txt),
    `sitemap` (sitemap*.xml)."""
    from citewise.parsers.sitefiles import site_file_format

    site_file = site_file_format(path)
    if site_file:
        return site_file
    suffix = PurePath(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<?xml") and re.search(rb"<(?:\w+:)?(?:urlset|sitemapindex)\b", head):
        return "sitemap"
    return "html" if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head")) else "markdown"


def parse(path: str, data: bytes, fmt: str | None = None, embedded: bool = True,
          options: ParseOptions = DEFAULT_OPTIONS) -> Document:
    """Decode and parse a file. Raises BinaryFile for bytes that are not text. `embedded=False`
    skips microdata and RDFa (extruct, slow) for runs whose rules do not read them."""
    fmt = fmt or detect_format(path, data)
    return parse_decoded(path, decode(data, fmt == "html"), fmt, embedded, options)


def parse_decoded(path: str, decoded: Decoded, fmt: str, embedded: bool = True,
                  options: ParseOptions = DEFAULT_OPTIONS) -> Document:
    """Parse text that `decode` made, noting where bytes had to be replaced."""
    doc = parse_text(path, decoded.text, fmt, embedded, options)
    if decoded.problem:
        doc.notes.append(Note("decoding", decoded.problem,
                              Span(decoded.problem_line, decoded.problem_column)))
    return doc


def parse_text(path: str, text: str, fmt: str, embedded: bool = True,
               options: ParseOptions = DEFAULT_OPTIONS) -> Document:
    from citewise.parsers.kinds import classify

    # Each format's parser (lxml, markdown-it) is imported on first use: a run over Markdown
    # files never loads lxml, and `citewise rules` loads neither.
    if fmt in ("robots", "llms", "sitemap"):  # site files, not pages: no page kind
        from citewise.parsers.sitefiles import parse_llms, parse_robots
        from citewise.parsers.sitemap import parse_sitemap

        parser = {"robots": parse_robots, "llms": parse_llms, "sitemap": parse_sitemap}[fmt]
        doc = parser(path, text)
        doc.project_path = options.project_path or path.replace("\\", "/")
        return doc
    if fmt == "html":
        doc = _parse_html_page(path, text, embedded, options)
        doc.markup = text
    else:
        from citewise.parsers.markdown import parse_markdown

        doc = parse_markdown(path, text, options.dialect)
    doc.project_path = options.project_path or path.replace("\\", "/")
    doc.kind, doc.kind_evidence = classify(doc, options.page_kinds)
    return doc


def _parse_html_page(path: str, text: str, embedded: bool, options: ParseOptions) -> Document:
    """An HTML page; a generator's content file (Hugo, Jekyll) may open with front matter, which
    is read as such and blanked, so the HTML parser sees neither it nor shifted lines. Its
    Liquid / Go template markup is masked as in Markdown."""
    from citewise.parsers.dialects import FILLER, mask
    from citewise.parsers.frontmatter import parse_front_matter, split_front_matter
    from citewise.parsers.html import parse_html

    if not text.startswith(("---", "+++")):
        return parse_html(path, text, embedded)
    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    fence = split_front_matter(lines)
    if fence is None:
        return parse_html(path, text, embedded)
    fmt, closing = fence
    matter = parse_front_matter(lines, fmt, closing)
    dialect = options.dialect or ("hugo" if fmt == "toml" or "{{" in text and "{%" not in text
                                  else "jekyll")
    body = mask("\n" * (closing + 1) + "".join(lines[closing + 1 :]), dialect)
    body = body.replace(FILLER, " ")  # HTML folds spaces; no indented code to avoid
    doc = parse_html(path, body, embedded)
    doc.front_matter, doc.dialect = matter, dialect
    title = matter.data.get("title") if isinstance(matter.data, dict) else None
    if not doc.title and isinstance(title, str) and title.strip():
        doc.title, doc.title_line = title.strip(), matter.key_lines.get("title", 1)
    return doc
