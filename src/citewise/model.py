"""The document model: what every parser builds and every check reads.

Plain data. Every location is 1-based and refers to the ORIGINAL file (front matter, HTML head
and all), so a diagnostic built from it points where the user looks.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A region of the original file: 1-based lines and columns, end column exclusive."""

    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    @property
    def last_line(self) -> int:
        return self.end_line if self.end_line is not None else self.line


class LineIndex:
    """Turns character offsets in a text into (line, column) pairs."""

    __slots__ = ("starts",)

    def __init__(self, text: str):
        starts = [0]
        find = text.find
        position = find("\n")
        while position != -1:
            starts.append(position + 1)
            position = find("\n", position + 1)
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def offset(self, line: int, column: int = 1) -> int:
        line = min(max(line, 1), len(self.starts))
        return self.starts[line - 1] + column - 1

    @property
    def line_count(self) -> int:
        return len(self.starts)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Text offset `offset` of a block's text sits at `line`:`column` of the file."""

    offset: int
    line: int
    column: int


@dataclass(slots=True)
class Block:
    """One unit of content: a heading, paragraph, list item, table, quote, code block...

    `kind` is a BlockKind (a str). `anchors` map offsets in `text` back to the file, so a check
    can point at the exact words it is about with `locate()`.
    """

    kind: str
    text: str
    span: Span
    level: int = 0  # heading level; list depth for list items
    anchors: tuple[Anchor, ...] = ()

    def locate(self, start: int, end: int | None = None) -> Span:
        """The span in the file of text[start:end]."""
        line, column = self._position(start)
        if end is None or end <= start:
            return Span(line, column, line, column)
        end_line, end_column = self._position(end - 1)
        return Span(line, column, end_line, end_column + 1)

    def positions(self, offsets) -> list[tuple[int, int]]:
        """(line, column) in the file of each of `offsets` into `text`: locate() for many
        offsets at once, the anchors' offsets listed once."""
        starts = [a.offset for a in self.anchors]
        return [self._position(offset, starts) for offset in offsets]

    def _position(self, offset: int, starts: list[int] | None = None) -> tuple[int, int]:
        anchors = self.anchors
        if not anchors:
            return self.span.line, self.span.column
        if starts is None:
            starts = [a.offset for a in anchors]
        index = bisect.bisect_right(starts, offset) - 1
        if index < 0:
            return self.span.line, self.span.column
        anchor = anchors[index]
        # Inside one anchored run the text is a verbatim copy of the source, up to a newline.
        run = self.text[anchor.offset : offset]
        newlines = run.count("\n")
        if newlines:
            return anchor.line + newlines, offset - (anchor.offset + run.rfind("\n"))
        return anchor.line, anchor.column + offset - anchor.offset


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE = "table"
    BLOCKQUOTE = "blockquote"
    CODE = "code"
    IMAGE = "image"
    HTML = "html"
    ADMONITION = "admonition"
    FOOTNOTE = "footnote"  # a Markdown footnote's text ([^1]: ...): a note or a source, not prose


BLOCK_KINDS = tuple(kind.value for kind in BlockKind)

# Named sets of block kinds that a rule's catalogue `scope` may use beside single kinds: defined
# here once, so that "prose" means the same blocks to every rule that reads prose.
BLOCK_SCOPES: dict[str, frozenset[str]] = {
    # Running text a sentence rule reads: not code, tables, headings, admonition stubs, HTML.
    "prose": frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.BLOCKQUOTE}),
    "all": frozenset(BLOCK_KINDS),
}


def block_scope(names) -> frozenset[str]:
    """The block kinds named by `names` (kinds and BLOCK_SCOPES names); ValueError on others."""
    kinds: set[str] = set()
    for name in names:
        kinds |= BLOCK_SCOPES[name] if name in BLOCK_SCOPES else {BlockKind(name).value}
    return frozenset(kinds)


@dataclass(slots=True)
class Section:
    """A heading (None for the part before the first heading) and the blocks under it."""

    heading: Block | None
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class FrontMatter:
    format: str  # "yaml" | "toml"
    data: dict[str, Any]
    key_lines: dict[str, int]
    span: Span
    error: str | None = None  # set when it does not parse; error_span says where
    error_span: Span | None = None
    key_spans: dict[str, Span] = field(default_factory=dict)  # where each top-level key is written


@dataclass(slots=True)
class StructuredData:
    """One JSON-LD block (or one microdata / RDFa / OpenGraph item found by extruct)."""

    syntax: str  # "json-ld" | "microdata" | "rdfa" | "opengraph"
    span: Span
    raw: str = ""
    data: Any = None
    error: str | None = None
    error_span: Span | None = None
    content_offset: int = 0  # offset in the file where `raw` starts (JSON-LD)


@dataclass(frozen=True, slots=True)
class MetaTag:
    name: str  # the name, property, itemprop or http-equiv, lower-cased
    content: str
    line: int


@dataclass(frozen=True, slots=True)
class TimeElement:
    datetime: str  # the datetime attribute, or the element text when it has none
    text: str
    line: int
    itemprop: str = ""


@dataclass(frozen=True, slots=True)
class Image:
    """An image of the main content: `![alt](src)` or `<img>`. `alt` is None when the image
    has no alt text: no alt attribute, or a Markdown `![](src)`; "" is an empty alt attribute,
    HTML's mark of a decorative image."""

    alt: str | None
    src: str
    span: Span


@dataclass(frozen=True, slots=True)
class Link:
    """A link of the page, as written: `[text](href)`, `<a href>`. `span` is where the href
    sits in the file (or the link's text when the href is not found verbatim)."""

    href: str
    span: Span


@dataclass(frozen=True, slots=True)
class Comment:
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: str  # YYYY-MM-DD
    kind: str  # "published" | "modified" | "unknown"
    source: str  # "jsonld" | "meta" | "time" | "text" | "frontmatter" | "url"
    line: int
    column: int = 1
    label: str = ""  # what said so: the key, meta name or visible wording


@dataclass(frozen=True, slots=True)
class Note:
    """Trouble a parser met: `kind` is one of NOTE_KINDS, so a check asks by kind, not by text."""

    kind: str
    message: str
    span: Span


# "decoding": bytes that are not valid in the file's encoding (replaced with U+FFFD);
# "partial": the parser stopped early (nesting past its limit), the rest was not read.
NOTE_KINDS = ("decoding", "partial")


@dataclass(slots=True)
class Dates:
    published: str | None = None
    modified: str | None = None
    found: list[FoundDate] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class XmlElement:
    """One element of an XML site file: local name, namespace URI, text (stripped; all the
    text inside for an element without children), the span of its start tag and of its text
    (the start tag when it has none)."""

    name: str
    namespace: str
    text: str
    span: Span
    value_span: Span
    children: tuple[XmlElement, ...] = ()

    def find(self, name: str) -> list[XmlElement]:
        return [child for child in self.children if child.name == name]


@dataclass(slots=True)
class SitemapFile:
    """A sitemap.xml (or sitemap index): the root element, or why there is none."""

    size: int = 0  # bytes, as UTF-8
    root: XmlElement | None = None
    error: str | None = None  # not well-formed XML; error_span says where
    error_span: Span | None = None
    template: bool = False  # a generator's template (front matter, Liquid): not checked


# What a page is, which decides what rules ask of it (see docs: page kinds).
# article: a dated record (post, news, announcement, release notes, changelog entry, event);
# guide: evergreen docs, how-to, tutorial, concept; reference: API / CLI / config reference,
# glossary, error list; landing: home, product, pricing, marketing; faq; other;
# placeholder: a page whose text is placeholder ("Lorem ipsum..."), a draft or a template's test
# page, which rules about what a published page says or declares do not judge.
PAGE_KINDS = ("article", "guide", "reference", "landing", "faq", "other", "placeholder")
# Named sets a rule's `kinds` may use: "published" leaves placeholder pages out (the rules about
# what a page says or declares), "any" is every kind (the default).
PUBLISHED_KINDS = tuple(kind for kind in PAGE_KINDS if kind != "placeholder")
PAGE_KIND_SETS = {"any": PAGE_KINDS, "published": PUBLISHED_KINDS}


@dataclass(frozen=True, slots=True)
class KindEvidence:
    """One piece of evidence for the page's kind: where it came from and what it said."""

    source: str  # "config" | "jsonld" | "microdata" | "og:type" | "front-matter" | "path" | "content"
    detail: str  # e.g. '@type BlogPosting', 'layout: post', 'path blog/'
    kind: str
    line: int = 0


# Site files: a robots.txt (RFC 9309) and an llms.txt (llmstxt.org), kept line by line so that
# every finding points at the line and column it is about.


@dataclass(frozen=True, slots=True)
class SyntaxIssue:
    """A line the file's own grammar does not allow (a parser's observation, not a finding)."""

    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class RobotsRule:
    """An `Allow` or `Disallow` line of a group. `path` is the pattern as written (may be "")."""

    allow: bool
    path: str
    span: Span  # the whole line, directive to end of value
    value_span: Span  # the pattern


@dataclass(frozen=True, slots=True)
class RobotsAgent:
    """A `User-agent` line: `token` is the product token crawlers match ("*" for all)."""

    token: str
    value: str  # the value as written ("GPTBot/1.0")
    span: Span  # the value


@dataclass(slots=True)
class RobotsGroup:
    """Consecutive `User-agent` lines and the rules after them, up to the next `User-agent`
    line that follows a rule (RFC 9309 2.1)."""

    agents: list[RobotsAgent] = field(default_factory=list)
    rules: list[RobotsRule] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.agents[0].span.line if self.agents else 0


@dataclass(frozen=True, slots=True)
class RobotsRecord:
    """Any other `name: value` line (Sitemap, Crawl-delay, Host...): `name` lower-cased."""

    name: str
    value: str
    span: Span  # the value


@dataclass(slots=True)
class RobotsFile:
    groups: list[RobotsGroup] = field(default_factory=list)
    records: list[RobotsRecord] = field(default_factory=list)  # outside the group grammar
    issues: list[SyntaxIssue] = field(default_factory=list)
    html: bool = False  # the file is an HTML page (an error page served as robots.txt)
    size: int = 0  # bytes (UTF-8)
    limit_line: int = 0  # the first line past the 500 KiB crawlers must read (0: none)

    @property
    def sitemaps(self) -> list[RobotsRecord]:
        return [record for record in self.records if record.name == "sitemap"]


@dataclass(frozen=True, slots=True)
class LlmsLink:
    """`- [name](url): notes` in a list: `section` is the H2 it is under ("" before any)."""

    name: str
    url: str
    notes: str
    section: str
    span: Span  # the list item
    url_span: Span


@dataclass(frozen=True, slots=True)
class LlmsLine:
    """One line of an llms.txt outside code fences and comments: `kind` is "heading" (with
    `level`), "quote", "item" (a list item), or "text"."""

    kind: str
    text: str  # the line without its marker (`# `, `> `, `- `)
    span: Span  # from the marker to the end of the line
    level: int = 0


@dataclass(slots=True)
class LlmsFile:
    lines: list[LlmsLine] = field(default_factory=list)
    links: list[LlmsLink] = field(default_factory=list)  # list items that open with a link
    full: bool = False  # llms-full.txt: the site's content in one file, not an index
    size: int = 0  # bytes (UTF-8)


@dataclass(slots=True)
class Document:
    path: str  # as the file was named (on the command line, or by the folder walk)
    format: str  # "markdown" | "html" | "robots" | "llms" | "sitemap"
    line_count: int
    # The path relative to the project root (the folder of the config that applies, else the
    # git root), "/"-separated: the same whatever the working directory. `path` when there is
    # no root (stdin, a URL, a file outside any project).
    project_path: str = ""
    kind: str = "other"  # one of PAGE_KINDS
    kind_evidence: tuple[KindEvidence, ...] = ()  # what decided `kind`, strongest first
    dialect: str = ""  # the site dialect the Markdown was read in: "commonmark", "mdx", "hugo"...
    title: str = ""
    title_line: int = 0
    title_source: str = ""  # where `title` came from: "title-tag", "front-matter", "h1" or ""
    html_head: bool = False  # HTML: the page has a <head> (a snippet or an include has none)
    # HTML: the class names of <body>, where themes say what the page is (WordPress `single-post`)
    body_classes: tuple[str, ...] = ()
    # HTML: the type (local name, "BlogPosting") and line of every microdata item (itemscope
    # itemtype), read from the markup whether or not extruct reads the items themselves
    itemtypes: list[tuple[str, int]] = field(default_factory=list)
    language: str = ""
    blocks: list[Block] = field(default_factory=list)
    # HTML: visible text above the main content (page header, byline, date line). Rules about
    # the content read `blocks`; who wrote the page and when may be stated here.
    outside: list[Block] = field(default_factory=list)
    front_matter: FrontMatter | None = None
    structured_data: list[StructuredData] = field(default_factory=list)
    meta: list[MetaTag] = field(default_factory=list)
    times: list[TimeElement] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)  # the main content's, in page order
    links: list[Link] = field(default_factory=list)  # every link of the page, in page order
    # Ids a link's #fragment can name beside the headings' generated ones: HTML id and
    # <a name> attributes, explicit heading ids (`## Title {#id}`, kramdown `{: #id}`).
    ids: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # decoding or parsing trouble
    robots: RobotsFile | None = None  # format "robots": the robots.txt, line by line
    llms: LlmsFile | None = None  # format "llms": the llms.txt (or llms-full.txt), line by line
    # HTML: the decoded markup, for services that read what the model leaves out (htmldate's
    # last-resort date search). Checks never read it.
    markup: str = field(default="", repr=False)
    sitemap: SitemapFile | None = None  # format "sitemap": the file's XML

    @property
    def headings(self) -> list[Block]:
        return [block for block in self.blocks if block.kind == "heading"]

    @property
    def h1(self) -> Block | None:
        return next((b for b in self.blocks if b.kind == "heading" and b.level == 1), None)

    @property
    def jsonld(self) -> list[StructuredData]:
        return [item for item in self.structured_data if item.syntax == "json-ld"]

    def meta_content(self, *names: str) -> MetaTag | None:
        wanted = {name.lower() for name in names}
        return next((tag for tag in self.meta if tag.name in wanted and tag.content), None)

    def sections(self) -> list[Section]:
        """Split the blocks at every heading; blocks before the first heading come first."""
        sections = [Section(None)]
        for block in self.blocks:
            if block.kind == "heading":
                sections.append(Section(block))
            else:
                sections[-1].blocks.append(block)
        if not sections[0].blocks:
            sections.pop(0)
        return sections


@dataclass(frozen=True, slots=True)
class PageSummary:
    """What the checks across pages need to know of one page, small enough to be cached and
    sent back by a worker process: built once per page (services/crosspage.py) by the per-file
    pass, then read by the site-wide rules with the summaries of every other page of the run.

    Spans are 1-based, of the original file, as everywhere in the model. `names`: each word
    spelled with a capital (`GitHub`, `Github`, `Vue`) in the page's text outside code, with
    where it occurs. `directives`: the page's citewise suppression comments, and `used` the
    indexes (in the order engine/suppressions.py reads them) of those the page's own findings
    used up, so that the site-wide pass suppresses and reports unused ones as the page's pass.
    """

    path: str
    format: str
    line_count: int
    kind: str = "other"
    language: str = ""
    title: str = ""
    title_source: str = ""  # "title-tag" | "front-matter" | "h1" | ""
    title_span: Span | None = None
    description: str = ""
    description_span: Span | None = None
    links: tuple[Link, ...] = ()
    headings: tuple[str, ...] = ()  # heading texts, in order: their ids are the generator's
    ids: tuple[str, ...] = ()  # explicit ids (Document.ids)
    names: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = ()
    # The source pulls in content or ids citewise does not see (shortcodes, includes, MDX
    # components, snippets): ids may exist that no heading or attribute of the source shows.
    includes: bool = False
    directives: tuple[Comment, ...] = ()
    used: tuple[int, ...] = ()

    def as_data(self) -> tuple:
        """Plain data (tuples, strings, numbers: marshal, pickle, JSON)."""
        return (self.path, self.format, self.line_count, self.kind, self.language, self.title,
                self.title_source, _span_data(self.title_span), self.description,
                _span_data(self.description_span),
                tuple((link.href, _span_data(link.span)) for link in self.links),
                self.headings, self.ids, self.names, self.includes,
                tuple((c.text, _span_data(c.span)) for c in self.directives), self.used)

    @classmethod
    def from_data(cls, data, trusted: bool = False) -> PageSummary:
        """The summary as_data() made; TypeError or ValueError on anything else. `trusted`:
        data this run made (a worker's), not read from a file: the words are taken as they
        are, unchecked."""
        (path, fmt, line_count, kind, language, title, title_source, title_span, description,
         description_span, links, headings, ids, names, includes, directives, used) = data
        texts = (path, fmt, kind, language, title, title_source, description)
        if not all(type(text) is str for text in texts) or type(line_count) is not int:
            raise TypeError("not a page summary")
        if not trusted:
            headings, ids = tuple(str(h) for h in headings), tuple(str(i) for i in ids)
            names = tuple((str(form), tuple((int(line), int(column)) for line, column in places))
                          for form, places in names)
            used = tuple(int(index) for index in used)
        return cls(path, fmt, line_count, kind, language, title, title_source,
                   _span_of(title_span), description, _span_of(description_span),
                   tuple(Link(str(href), _span_of(span)) for href, span in links),
                   headings, ids, names, bool(includes),
                   tuple(Comment(str(text), _span_of(span)) for text, span in directives), used)


def _span_data(span: Span | None) -> tuple | None:
    return None if span is None else (span.line, span.column, span.last_line,
                                      span.end_column if span.end_column is not None
                                      else span.column)


def _span_of(data) -> Span | None:
    if data is None:
        return None
    line, column, end_line, end_column = data
    if not type(line) is type(column) is type(end_line) is type(end_column) is int:
        # a store read back from disk: made of ints unless someone else wrote it
        line, column, end_line, end_column = int(line), int(column), int(end_line), int(end_column)
    if line < 1 or column < 1 or end_line < 1 or end_column < 1:
        raise ValueError("a span before line 1")
    return Span(line, column, end_line, end_column)  # tens of thousands per warm run: kept lean
