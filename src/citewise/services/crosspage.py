"""The run as a site: page summaries, and what links between them resolve to.

The per-file pass makes one PageSummary per page (`summarize`); the site-wide rules read them
all through a `Site`: the pages by path, where a relative link leads, which #fragments a page
answers. Resolution is conservative, because a site generator's routing is not known here:

- absolute URLs, protocol-relative and site-relative links (`/docs/x`), links with template
  syntax (`{{ }}`, `{% %}`) and `mailto:`-like ones are never resolved (`Target.kind` "unknown");
- a link naming a content file (`x.md`, `../y.html`) resolves against the linking file's folder;
- an extensionless link (`./install`, `guide/`) resolves only when exactly one page of the run
  fits it (`install.md`, `install/index.md`, `guide/README.md`...); otherwise it is unknown.

A heading's id is the generator's, and generators disagree (GitHub and markdown-it-anchor keep
`--` where `&` was, Python-Markdown folds it, kramdown drops leading digits, VitePress folds
every symbol, duplicates take `-1` or `_1`): a fragment is taken as found when it matches a
heading under any of them, or an explicit id (`{#id}`, `id=`, `<a name>`).
"""

from __future__ import annotations

import bisect
import os
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import unquote

from citewise.model import Document, PageSummary, Span

MARKDOWN_SUFFIXES = (".md", ".mdx", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_TEMPLATE = ("{{", "{%", "${", "<", "`", "\\")
_INDEX_NAMES = ("index", "README", "readme", "_index")

# Words spelled with a capital, whole (not part of a path, handle, URL or identifier): a
# Capitalized word of 4+ letters, or one with a capital inside (GitHub, JavaScript, macOS).
_NAME = re.compile(r"(?<![\w./@#$%&*+=~\\-])([A-Z][a-z]{3,}|[A-Za-z][a-z]*[A-Z][A-Za-z]*)"
                   r"(?![\w/@\\-]|[.:][\w])")
_NAME_BLOCKS = frozenset({"heading", "paragraph", "list_item", "blockquote", "table",
                          "admonition", "footnote"})
MAX_PLACES = 50  # occurrences kept per word and page: enough to report, small to cache


def summarize(doc: Document, text: str) -> PageSummary:
    """The summary of one parsed page; `text` is its decoded source."""
    lines = text.split("\n")
    title_span = _title_span(doc, lines)
    description, description_span = _description(doc, lines)
    return PageSummary(
        path=doc.path, format=doc.format, line_count=doc.line_count, kind=doc.kind,
        language=doc.language, title=doc.title if title_span else "",
        title_source=doc.title_source, title_span=title_span,
        description=description, description_span=description_span,
        links=tuple(doc.links),
        headings=tuple(block.text for block in doc.headings) + _terms(doc, lines),
        ids=tuple(dict.fromkeys(doc.ids)), names=_names(doc, lines),
        includes=_includes(doc, text))


# What pulls content into a page at build time: Hugo shortcodes, MkDocs snippets, Liquid
# includes, MkDocs comment markers; in Markdown, MDX imports and components (Svelte, Vue, JSX).
_INCLUDE_MARKS = ("{{<", "{{%", "--8<--")
_LIQUID_INCLUDE = re.compile(r"\{%-?\s*include|<!--\s*md:")
_COMPONENT = re.compile(r"^(?:import\s|<[A-Z]\w*[\s/>])", re.M)


def _includes(doc: Document, text: str) -> bool:
    """Whether the source pulls in content at build time (plain finds first: pages are big).
    An HTML page without front matter is a built page, not a generator's source."""
    if doc.format == "html" and doc.front_matter is None:
        return False
    if any(mark in text for mark in _INCLUDE_MARKS):
        return True
    if ("{%" in text or "md:" in text) and _LIQUID_INCLUDE.search(text):
        return True
    return doc.format == "markdown" and _COMPONENT.search(text) is not None
_TERM_DEFINITION = re.compile(r"^:[ \t]+\S")


def _terms(doc: Document, lines: list[str]) -> tuple[str, ...]:
    """Definition-list terms of a Markdown page (a line, then `: definition`): generators and
    their themes give them ids as they do headings."""
    if doc.format != "markdown":
        return ()
    return tuple(lines[i].strip().strip("`*_ ") for i in range(len(lines) - 1)
                 if lines[i].strip() and _TERM_DEFINITION.match(lines[i + 1]))


def _line_span(lines: list[str], line: int, needle: str) -> Span:
    """The span of `needle` on `line` (1-based), else of the line's text."""
    text = lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else ""
    found = text.find(needle) if needle else -1
    if found != -1:
        return Span(line, found + 1, line, found + 1 + len(needle))
    start = len(text) - len(text.lstrip())
    return Span(line, start + 1, line, max(len(text), start) + 1)


def _title_span(doc: Document, lines: list[str]) -> Span | None:
    """Where the title is written: the <title> element or the front matter's `title`; a title
    taken from the H1 (or none) is no page title of its own."""
    if doc.title_source not in ("title-tag", "front-matter") or not doc.title_line:
        return None
    if doc.title_source == "title-tag":
        return _line_span(lines, doc.title_line, "<title")
    return _line_span(lines, doc.title_line, doc.title.split("\n")[0])


def _description(doc: Document, lines: list[str]) -> tuple[str, Span | None]:
    tag = doc.meta_content("description") if doc.format == "html" else None
    if tag is not None and doc.meta_content("description") is tag and tag.name == "description":
        return " ".join(tag.content.split()), _line_span(lines, tag.line, tag.content[:40])
    matter = doc.front_matter
    value = matter.data.get("description") if matter and not matter.error else None
    if isinstance(value, str) and value.strip():
        line = matter.key_lines.get("description", 1)
        return " ".join(value.split()), _line_span(lines, line, value.strip().split("\n")[0][:40])
    return "", None


def _names(doc: Document, lines: list[str]) -> tuple:
    """Capitalised words of the page's text (not its code), with where each occurs."""
    places: dict[str, list[tuple[int, int]]] = {}
    code = _InlineCode(lines, doc.format)
    for block in doc.blocks:
        if block.kind not in _NAME_BLOCKS:
            continue
        matches = [(match.start(1), match.group(1)) for match in _NAME.finditer(block.text)
                   if not match.group(1).isupper()]  # an acronym, a heading in capitals
        if not matches:
            continue
        for (_, form), (line, column) in zip(matches, block.positions(m[0] for m in matches)):
            if code.holds(line, column, form):
                continue
            found = places.setdefault(form, [])
            if len(found) < MAX_PLACES:
                found.append((line, column))
    return tuple((form, tuple(found)) for form, found in sorted(places.items()))


class _InlineCode:
    """Whether a word at a place of the source is not where the source says it is, or sits in
    inline code (`like this`, <code>): an identifier there is spelled as the code spells it.
    Per line, the marks are found once: a minified page's one line is megabytes long."""

    _HTML_MARK = re.compile(r"<(/?)code\b", re.I)

    def __init__(self, lines: list[str], fmt: str):
        self.lines, self.markdown = lines, fmt == "markdown"
        self.marks: dict[int, tuple[list[int], list[bool]]] = {}

    def holds(self, number: int, column: int, form: str) -> bool:
        if not 0 < number <= len(self.lines):
            return True
        line = self.lines[number - 1]
        start = column - 1
        if not line.startswith(form, start):
            return True  # an entity or an escape moved it: no place to point at
        offsets, opening = self._marks(number, line)
        before = bisect.bisect_left(offsets, start)
        if self.markdown:
            return before % 2 == 1  # an odd number of backticks before it: inside `code`
        return before > 0 and opening[before - 1]  # the last tag before it opens <code>

    def _marks(self, number: int, line: str) -> tuple[list[int], list[bool]]:
        known = self.marks.get(number)
        if known is None:
            if self.markdown:
                known = ([i for i, char in enumerate(line) if char == "`"], [])
            else:
                found = list(self._HTML_MARK.finditer(line))
                known = ([m.start() for m in found], [not m.group(1) for m in found])
            self.marks[number] = known
        return known


@dataclass(frozen=True)
class Target:
    """Where a link leads. kind: "page" (a page of the run, `path`), "file" (a file on disk
    that is not a page of the run), "missing" (a content file that does not exist), or
    "unknown" (outside the run, or routing citewise cannot know). `fragment`: the #part."""

    kind: str
    path: str = ""
    fragment: str = ""


UNKNOWN = Target("unknown")


class Site:
    """The pages of one run (summaries), and what their links resolve to."""

    def __init__(self, pages, exists=os.path.exists):
        self.pages: tuple[PageSummary, ...] = tuple(sorted(pages, key=lambda page: page.path))
        self._exists = exists
        self._by_path = {_key(page.path): page for page in self.pages}
        self._anchors: dict[str, frozenset[str]] = {}

    def page(self, path: str) -> PageSummary | None:
        return self._by_path.get(_key(path))

    def resolve(self, page: PageSummary, href: str) -> Target:
        """Where `href`, a link of `page`, leads (see the module's docstring)."""
        href = href.strip()
        if (not href or href.startswith(("/", "?")) or _SCHEME.match(href)
                or any(mark in href for mark in _TEMPLATE)):
            return UNKNOWN
        link_path, _, fragment = href.partition("#")
        link_path = unquote(link_path.partition("?")[0])
        fragment = unquote(fragment)
        if not link_path:
            return Target("page", page.path, fragment)
        base = posixpath.dirname(page.path.replace(os.sep, "/"))
        joined = posixpath.normpath(posixpath.join(base, link_path))
        suffix = posixpath.splitext(link_path.rstrip("/"))[1].lower()
        if suffix in MARKDOWN_SUFFIXES or suffix in HTML_SUFFIXES:
            found = self.page(joined)
            if found is not None:
                return Target("page", found.path, fragment)
            if self._exists(joined):
                return Target("file", joined, fragment)
            # A link to an .html file may be to what the generator makes of a source file.
            return Target("missing", joined, fragment) if suffix in MARKDOWN_SUFFIXES else UNKNOWN
        if suffix:
            return UNKNOWN  # an image, a PDF, an archive: not a page
        candidates = [self.page(joined + ending) for ending in _EXTENSIONLESS]
        found = {page.path for page in candidates if page is not None}
        if len(found) == 1:
            return Target("page", found.pop(), fragment)
        return UNKNOWN

    def anchors(self, page: PageSummary) -> frozenset[str]:
        """The ids a #fragment of `page` can name (heading ids under every generator's rules,
        explicit ids), folded by anchor_key()."""
        known = self._anchors.get(page.path)
        if known is None:
            keys = set()
            for heading in page.headings:
                key = anchor_key(heading)
                keys |= {key, key.lstrip("0123456789")}
            keys |= {anchor_key(element_id) for element_id in page.ids}
            known = self._anchors[page.path] = frozenset(keys)
        return known

    def has_anchor(self, page: PageSummary, fragment: str) -> bool:
        """Whether `fragment` names a heading or an id of `page`, as some generator writes it;
        `#` and `#top` name the top of any page (HTML's own rule)."""
        if not fragment or fragment.lower() == "top" or fragment in page.ids:
            return True
        if page.includes or not _SLUG_SHAPE.match(fragment):
            return True  # an id made at build time (an include, a plugin, a script): unknown
        anchors = self.anchors(page)
        key = anchor_key(fragment)
        if key in anchors or not key:
            return True
        unnumbered = _DUPLICATE_SUFFIX.sub("", fragment)  # the second "Usage": usage-1, usage_1
        return unnumbered != fragment and anchor_key(unnumbered) in anchors

    @cached_property
    def incoming(self) -> dict[str, set[str]]:
        """For each page, the other pages whose links resolve to it."""
        found: dict[str, set[str]] = {page.path: set() for page in self.pages}
        for page in self.pages:
            for link in page.links:
                target = self.resolve(page, link.href)
                if target.kind == "page" and target.path != page.path:
                    found[target.path].add(page.path)
        return found


_EXTENSIONLESS = (*MARKDOWN_SUFFIXES, *HTML_SUFFIXES,
                  *(f"/{name}{suffix}" for name in _INDEX_NAMES
                    for suffix in (*MARKDOWN_SUFFIXES, *HTML_SUFFIXES)))
_DUPLICATE_SUFFIX = re.compile(r"[-_]\d+$")
# What a slug of a heading looks like under every generator: lower-case letters, digits, `-`
# and `_`. Anything else (`config.blog_dir`, `Comment:Twitter`) can only be an explicit id,
# and one that the source does not show is made by a plugin or a script.
_SLUG_SHAPE = re.compile(r"^[^\W A-Z]+(?:-[^\W A-Z]*)*$")


def anchor_key(text: str) -> str:
    """An id or a heading folded to what every slug rule keeps: letters and digits, lower-case,
    accents dropped (`Hello, World!`, `hello-world` and `Hello_World` fold alike)."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(char for char in folded if char.isalnum()).lower()


def _key(path: str) -> str:
    return posixpath.normpath(path.replace(os.sep, "/"))


def is_index_page(path: str) -> bool:
    """A folder's own page (index.md, README.md, _index.md): reached as the folder's URL."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return stem in _INDEX_NAMES


def is_partial(path: str) -> bool:
    """A file a generator includes into other pages, never a page of its own: `_snippet.md`
    (but not Hugo's `_index.md`), anything under `_includes/`, `includes/`, `partials/`."""
    parts = path.replace(os.sep, "/").split("/")
    name = parts[-1]
    return (name.startswith("_") and not is_index_page(name)) or any(
        part in _PARTIAL_FOLDERS for part in parts[:-1])


_PARTIAL_FOLDERS = frozenset({"_includes", "includes", "partials", "_partials", "snippets"})
