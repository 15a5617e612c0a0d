"""The llms.txt rules (llmstxt.org): llms-structure (layout and size) and llms-link. The file: an H1 title first, an optional blockquote summary, optional paragraphs,
then H2 sections of Markdown link lists `- [name](url): notes`; a section named `Optional`
holds what may be skipped. llms-full.txt (the site's content in one file) is only checked for
what applies to any such file: being an HTML page, and its size.
"""

from __future__ import annotations

import re
import urllib.parse

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.sitetree import MISSING, site_path_status

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def check_structure(doc, options, context):
    llms = doc.llms
    if llms is None:
        return
    if llms.lines and llms.lines[0].kind == "html":
        yield Problem(Span(1), "this is an HTML page, not an llms.txt: a server's error or "
                               "fallback page served in its place")
        return
    yield from _size(llms, options)
    if llms.full:
        return
    yield from _title(llms)
    yield from _sections(llms)


def _title(llms):
    h1s = [line for line in llms.lines if line.kind == "heading" and line.level == 1]
    first = llms.lines[0] if llms.lines else None
    if not h1s:
        yield Problem(first.span if first else Span(1),
                      "no H1 title: an llms.txt opens with `# ` and the site's name, the one "
                      "part the proposal requires")
        return
    if first is not h1s[0]:
        yield Problem(first.span, f"the file opens with {_what(first)}, not with the H1 title "
                                  f"(line {h1s[0].span.line}): the title comes first")
    elif not h1s[0].text:
        yield Problem(h1s[0].span, "the H1 title is empty: it names the site or project")
    for extra in h1s[1:]:
        yield Problem(extra.span, f'a second H1 "{extra.text}": an llms.txt has one title; '
                                  "sections are H2 (`## `)")


def _sections(llms):
    """An empty H2 section; a section whose list is mostly URLs written as text, not as links
    (`- Docs: https://...`), which a reader of the proposal's link lists does not find (each
    such item is reported); a file with no link list at all. Prose and fact lists inside a
    section (`- Founded: 2019`, one `- Website: https://...` among facts) are left alone:
    models read them as text."""
    linked = {link.span.line for link in llms.links}
    for heading, lines in _h2_sections(llms):
        if not lines:
            yield _empty(heading)
            continue
        items = [line for line in lines if line.kind == "item" and line.level == 0]
        as_text = [line for line in items
                   if line.span.line not in linked and _URL_IN_TEXT.search(line.text)]
        if len(as_text) >= 2 and len(as_text) * 2 > len(items):
            for line in as_text:
                yield Problem(line.span, f'list item "{_short(line.text)}" in section '
                                         f'"{heading.text}" gives a URL, not a link: readers '
                                         "of an llms.txt take `- [name](url): notes` items")
    if not llms.links:
        title = next((line for line in llms.lines if line.kind == "heading"), None)
        yield Problem(title.span if title else Span(1),
                      "the llms.txt lists no link (`- [name](url)` under an H2 section): it "
                      "points a model at none of the site's pages")


def _h2_sections(llms):
    """(H2 heading, the lines under it up to the next H1 or H2)."""
    sections = []
    for line in llms.lines:
        if line.kind == "heading" and line.level <= 2:
            sections.append((line if line.level == 2 else None, []))
        elif sections:
            sections[-1][1].append(line)
    return [(heading, lines) for heading, lines in sections if heading is not None]


_URL_IN_TEXT = re.compile(r"https?://|\]\((?:https?:|/)")


def _empty(section):
    return Problem(section.span, f'section "{section.text}" is empty: an H2 section of an '
                                 "llms.txt lists `- [name](url)` entries")


def _what(line) -> str:
    if line.kind == "heading":
        return f"an H{line.level} heading"
    return {"quote": "a blockquote", "item": "a list item"}.get(line.kind, "text")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_links(doc, options, context):
    llms = doc.llms
    if llms is None or llms.full:
        return
    yield from _link_urls(llms, options)
    if "://" not in doc.path:  # a file fetched by URL has no tree beside it
        yield from _missing_files(doc.path, llms)


def _link_urls(llms, options):
    for link in llms.links:
        url = link.url
        if not url:
            yield Problem(link.span, f'link "{link.name}" has no URL')
            continue
        scheme = _SCHEME.match(url)
        host = urllib.parse.urlsplit(url).hostname if scheme else None
        if scheme and scheme.group(1).lower() in _NOT_PAGES:
            yield Problem(link.url_span, f'"{_short(url)}" is a {scheme.group(1).lower()}: URL, '
                                         "not a page a reader can fetch")
        elif host and (host in _LOCAL_HOSTS or host.endswith(".localhost")):
            yield Problem(link.url_span, f'"{_short(url)}" points at {host}, a development '
                                         "address: no reader outside your machine can fetch it")
        elif not scheme and not url.startswith(("/", "#")) and options["report-relative"]:
            yield Problem(link.url_span, f'"{url}" is a relative URL: write it absolute '
                                         f'(https://...) or site-relative ("/{url.lstrip("./")}"); '
                                         "a reader that copies the llms.txt apart from the site "
                                         "has no base to resolve it against")


_NOT_PAGES = frozenset({"javascript", "data", "file", "about", "vbscript"})
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]"})


def _missing_files(path: str, llms):
    for link in llms.links:
        status, looked_for = site_path_status(path, link.url)
        if status == MISSING:
            yield Problem(link.url_span, f'"{link.url}" names no file of the site: '
                                         f"{looked_for} does not exist below the llms.txt's folder")


def _size(llms, options):
    limit = options["max-kilobytes-full" if llms.full else "max-kilobytes"]
    kilobytes = llms.size / 1000
    if kilobytes > limit:
        what = "llms-full.txt" if llms.full else "llms.txt"
        yield Problem(Span(1), f"the {what} is {kilobytes:,.0f} kB (max {limit:,}): too large "
                               f"for a model to read in one go"
                               + ("" if llms.full else "; an llms.txt is a short index, its "
                                  "detail belongs in the pages it links to"), severity="info")
