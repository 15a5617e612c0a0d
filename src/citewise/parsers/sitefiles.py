"""Site files, parsed line by line with exact positions: robots.txt (RFC 9309) and llms.txt
(the llmstxt.org proposal).

Both parsers keep every line they read, with its line and column, and record what the file's
own grammar does not allow as SyntaxIssue; what that means for citation is the checks' call.
"""

from __future__ import annotations

import difflib
import re
from pathlib import PurePath

from citewise.model import (
    Comment, Document, LineIndex, LlmsFile, LlmsLine, LlmsLink, RobotsAgent, RobotsFile,
    RobotsGroup, RobotsRecord, RobotsRule, Span, SyntaxIssue,
)

ROBOTS_NAMES = frozenset({"robots.txt"})
LLMS_NAMES = frozenset({"llms.txt", "llms-full.txt"})
# A crawler reads at least this much of a robots.txt; it MAY ignore the rest (RFC 9309 2.5).
ROBOTS_PARSE_LIMIT = 500 * 1024


def site_file_format(path: str) -> str | None:
    """"robots", "llms" or "sitemap" (sitemap*.xml) for a file named like one, else None."""
    from citewise.parsers import is_sitemap_name

    name = PurePath(path).name.lower()
    if name in ROBOTS_NAMES:
        return "robots"
    if name in LLMS_NAMES:
        return "llms"
    if is_sitemap_name(name):
        return "sitemap"
    return None


def looks_like_html(text: str) -> bool:
    """An HTML page (a server's error or fallback page) where a text file was expected."""
    head = text[:1024].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<?xml", "<!--")) and \
        ("<html" in head or "<body" in head or "<head" in head or "<!doctype" in head)


# ---------------------------------------------------------------------------------- robots.txt

# RFC 9309 defines user-agent, allow, disallow; sitemap is sitemaps.org's; the others are
# extensions that some crawlers read (RFC 9309 2.2.4: other records MAY be interpreted).
ROBOTS_GROUP_KEYS = ("user-agent", "allow", "disallow")
ROBOTS_OTHER_KEYS = ("sitemap", "crawl-delay", "host", "clean-param", "request-rate",
                     "visit-time", "noindex", "content-signal", "content-usage")
# Misspellings Google's parser reads as the directive (robots.cc KeyMatches*): they work for
# Googlebot, and for crawlers with a strict parser they are unknown lines.
ROBOTS_TYPOS = {"useragent": "user-agent", "user agent": "user-agent",
                "dissallow": "disallow", "dissalow": "disallow", "disalow": "disallow",
                "diasllow": "disallow", "disallaw": "disallow", "site-map": "sitemap"}
PRODUCT_TOKEN = re.compile(r"[A-Za-z_-]+")
_KEY = re.compile(r"[A-Za-z][A-Za-z _-]*[A-Za-z]|[A-Za-z]")


def parse_robots(path: str, text: str) -> Document:
    index = LineIndex(text)
    doc = Document(path=path, format="robots", line_count=index.line_count)
    robots = doc.robots = RobotsFile(size=len(text.encode("utf-8")))
    if looks_like_html(text):
        robots.html = True
        return doc
    group: RobotsGroup | None = None
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        offset += len(raw.encode("utf-8")) + 1
        if not robots.limit_line and offset > ROBOTS_PARSE_LIMIT:
            robots.limit_line = number
        line = raw.rstrip("\r")
        content, _, comment = line.partition("#")
        if _:
            column = len(content) + 2
            doc.comments.append(Comment(comment.strip(), Span(number, column - 1, number,
                                                              len(line) + 1)))
        group = _robots_line(robots, group, number, content)
    return doc


def _robots_line(robots: RobotsFile, group: RobotsGroup | None, number: int,
                 content: str) -> RobotsGroup | None:
    """Read one line (its comment cut off) into `robots`; return the group now open."""
    stripped = content.strip()
    if not stripped:
        return group
    start = len(content) - len(content.lstrip()) + 1
    whole = Span(number, start, number, len(content.rstrip()) + 1)
    name, colon, value = stripped.partition(":")
    if not colon:
        robots.issues.append(SyntaxIssue(_no_colon(stripped), whole))
        return group
    key = " ".join(name.split()).lower()
    value = value.strip()
    value_column = content.index(":", start - 1) + 2
    value_column += len(content[value_column - 1:]) - len(content[value_column - 1:].lstrip())
    value_span = Span(number, value_column, number, value_column + len(value))
    if key in ROBOTS_TYPOS:
        robots.issues.append(SyntaxIssue(
            f'"{name.strip()}" is a misspelling of "{_spelt(ROBOTS_TYPOS[key])}": Google reads '
            f"it, other crawlers may skip the line", Span(number, start, number,
                                                         start + len(name.rstrip()))))
        key = ROBOTS_TYPOS[key]
    if key == "user-agent":
        if group is None or group.rules:
            group = RobotsGroup()
            robots.groups.append(group)
        named = PRODUCT_TOKEN.match(value)
        token = "*" if value.startswith("*") else named.group() if named else ""
        if not value:
            robots.issues.append(SyntaxIssue("User-agent with no name: it names no crawler",
                                             whole))
        group.agents.append(RobotsAgent(token.lower() if token != "*" else "*", value,
                                        value_span))
    elif key in ("allow", "disallow"):
        if group is None:
            robots.issues.append(SyntaxIssue(
                f"{_spelt(key)} before any User-agent line: it belongs to no group, crawlers "
                "ignore it", whole))
            return group
        group.rules.append(RobotsRule(key == "allow", value, whole, value_span))
    elif key in ROBOTS_OTHER_KEYS:
        robots.records.append(RobotsRecord(key, value, value_span))
    else:
        known = (*ROBOTS_GROUP_KEYS, *ROBOTS_OTHER_KEYS)
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
        hint = f' (did you mean "{_spelt(close[0])}"?)' if close else ""
        robots.issues.append(SyntaxIssue(
            f'unknown directive "{name.strip()}"{hint}: crawlers ignore the line',
            Span(number, start, number, start + len(name.rstrip()))))
    return group


def _no_colon(line: str) -> str:
    word = line.split()[0]
    if word.lower() in (*ROBOTS_GROUP_KEYS, *ROBOTS_OTHER_KEYS, *ROBOTS_TYPOS):
        return f'no ":" after "{word}": crawlers ignore the line'
    return "not a robots.txt line (\"name: value\"): crawlers ignore it"


def _spelt(key: str) -> str:
    """A directive as robots.txt files usually spell it: User-agent, Disallow, Sitemap."""
    return "User-agent" if key == "user-agent" else key.capitalize()


# ------------------------------------------------------------------------------------ llms.txt

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
_QUOTE = re.compile(r"^ {0,3}>[ ]?")
_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+")
# `[name](url "title"): notes`; the name may hold brackets one level deep.
_LINK = re.compile(r"\[(?P<name>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<url><[^>]*>|[^\s()]*)"
                   r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_NOTES = re.compile(r"^\s*:?\s*")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


def parse_llms(path: str, text: str) -> Document:
    index = LineIndex(text)
    doc = Document(path=path, format="llms", line_count=index.line_count)
    llms = doc.llms = LlmsFile(full=PurePath(path).name.lower() == "llms-full.txt",
                               size=len(text.encode("utf-8")))
    if looks_like_html(text):
        llms.lines.append(LlmsLine("html", text[:80], Span(1, 1)))
        return doc
    for match in _COMMENT.finditer(text):
        line, column = index.position(match.start())
        end_line, end_column = index.position(match.end())
        doc.comments.append(Comment(match.group(1).strip(),
                                    Span(line, column, end_line, end_column)))
    masked = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    fence = ""
    section = ""
    for number, raw in enumerate(masked.split("\n"), start=1):
        line = raw.rstrip("\r")
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        if not line.strip():
            continue
        read = _llms_line(number, line)
        llms.lines.append(read)
        if read.kind == "heading":
            section = read.text if read.level == 2 else section if read.level > 2 else ""
        elif read.kind == "item":
            link = _link(read, section)
            if link is not None:
                llms.links.append(link)
    return doc


def _llms_line(number: int, line: str) -> LlmsLine:
    start = len(line) - len(line.lstrip()) + 1
    span = Span(number, start, number, len(line.rstrip()) + 1)
    heading = _HEADING.match(line)
    if heading:
        return LlmsLine("heading", (heading.group(2) or "").strip(), span,
                        len(heading.group(1)))
    quote = _QUOTE.match(line)
    if quote:
        return LlmsLine("quote", line[quote.end():].strip(), span)
    item = _ITEM.match(line)
    if item:
        marker = item.end()
        return LlmsLine("item", line[marker:].rstrip(), Span(number, marker + 1, number,
                                                            len(line.rstrip()) + 1),
                        level=len(item.group(1)))
    return LlmsLine("text", line.strip(), span)


def _link(item: LlmsLine, section: str) -> LlmsLink | None:
    """The link an item opens with (`[name](url): notes`), or None when it opens otherwise."""
    match = _LINK.match(item.text)
    if not match:
        return None
    url = match.group("url")
    url_column = item.span.column + match.start("url")
    if url.startswith("<") and url.endswith(">"):
        url, url_column = url[1:-1], url_column + 1
    notes = _NOTES.sub("", item.text[match.end():], count=1).strip()
    return LlmsLink(match.group("name").strip(), url, notes, section, item.span,
                    Span(item.span.line, url_column, item.span.line, url_column + len(url)))
