"""HTML into the document model, via lxml.html (fast, and `sourceline` on every element).

The parser is hardened: no network, no entity expansion beyond HTML's own, no DTD loading.
Only the main content becomes blocks (parsers/maincontent.py chooses it on the same tree, so
every block keeps its source line and column); the visible text above it goes to
`Document.outside`.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from citewise.model import (Block, Comment, Document, Image, LineIndex, Link, MetaTag, Span,
                             TimeElement)
from citewise.parsers.embedded import embedded_items
from citewise.parsers.frontmatter import parse_front_matter, split_front_matter
from citewise.parsers.jsonld import parse_jsonld
from citewise.parsers.labels import is_date_line, is_label
from citewise.parsers.limits import note_partial
from citewise.parsers.maincontent import MainContent, is_hidden
from citewise.parsers.pretext import prose_paragraphs, text_pieces
from citewise.parsers.tagoffsets import TagOffsets
from citewise.parsers.textmap import CITATION_MARKER, TextBuilder

# libxml2 stores line numbers in 16 bits: past this one, `sourceline` is not to be trusted.
_LINE_CAP = 65535
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.I)
_HEAD_TAG = re.compile(r"<head[\s>]", re.I)

_SKIPPED = frozenset(
    "script style noscript template svg math nav aside form button select textarea iframe "
    "object canvas head title dialog".split()
)
# After the main content, at most this many lines of this many words are its footer.
_POSTAMBLE_LINES, _POSTAMBLE_WORDS = 3, 12
_POSTAMBLE_STOPS = frozenset({"footer", "nav", "aside", "form"})
_DATE_ITEMPROPS = frozenset({"datepublished", "datemodified", "datecreated", "uploaddate"})
_PAGE_CHROME = frozenset({"header", "footer"})  # skipped only when the content root is <body>
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_LIST_ITEMS = frozenset({"li", "dt", "dd"})
_IMAGES = frozenset({"figure", "picture", "img"})
_BLOCK_LEVEL = frozenset(
    "address article aside blockquote body center details dialog div dl dt dd fieldset "
    "figcaption figure footer form header hgroup hr li main nav ol p pre section summary "
    "table ul search h1 h2 h3 h4 h5 h6 picture".split()
) | _SKIPPED


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(
        no_network=True,
        remove_comments=False,
        remove_pis=True,
        collect_ids=False,
        default_doctype=False,
    )


_PARSER = _parser()


def parse_html(path: str, text: str, embedded: bool = True) -> Document:
    index = LineIndex(text)
    doc = Document(path=path, format="html", line_count=index.line_count)
    # lxml refuses a str that declares its encoding; blank the declaration, keeping offsets.
    markup = _XML_DECLARATION.sub(lambda m: " " * len(m.group(0)), text, count=1)
    markup = _read_front_matter(doc, markup)
    try:
        root = lxml.html.document_fromstring(markup, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return doc  # empty or whitespace-only: a document with no content
    stopped = next((e for e in _PARSER.error_log if e.level_name == "FATAL"), None)
    # lxml drops a <head> that comes after stray text (a PHP warning above <html>): look at
    # the markup too. A <head> that declares nothing (no title, meta, link or base: empty, or a
    # lone script) is a test page's or a hand-made snippet's, not a published page's head.
    head = root.find("head")
    doc.html_head = _HEAD_TAG.search(markup) is not None if head is None else \
        next(head.iter("title", "meta", "link", "base"), None) is not None
    body = root.find("body")
    if body is not None:
        doc.body_classes = tuple((body.get("class") or "").split())
    _Reader(doc, text, index).read(root)
    _title_from_front_matter(doc)
    if embedded:  # microdata and RDFa (extruct, slow), Open Graph
        doc.structured_data += embedded_items(root, markup, doc)
    if stopped is not None:  # libxml2 gave up (nesting past 256 levels): the rest is unread
        reason = "elements nest more than 256 levels deep" if "depth" in stopped.message.lower() \
            else f"the HTML parser stopped ({stopped.message.strip()})"
        note_partial(doc, stopped.line, f"{reason}: the rest of the page was not read")
    return doc


def _read_front_matter(doc: Document, markup: str) -> str:
    """An HTML page of a site generator (Jekyll, Hugo) may open with front matter, which the
    generator strips and its layout turns into the <head>: read it as in Markdown, and blank it
    out of the markup (offsets kept) so that it is not read as page text."""
    if not markup.startswith(("---", "+++")):
        return markup
    lines = markup.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + [lines[-1]]
    fence = split_front_matter(lines)
    if fence is None:
        return markup
    fmt, closing = fence
    doc.front_matter = parse_front_matter(lines, fmt, closing)
    head = "".join(lines[: closing + 1])
    return re.sub(r"[^\n]", " ", head) + markup[len(head):]


def _title_from_front_matter(doc: Document) -> None:
    """A generator page's front matter `title` is what its layout puts in <title> and <h1>."""
    title = doc.front_matter.data.get("title") if doc.front_matter else None
    if doc.title_source != "title-tag" and isinstance(title, str) and title.strip():
        doc.title, doc.title_source = title.strip(), "front-matter"
        doc.title_line = doc.front_matter.key_lines.get("title", 1)


class _Reader:
    def __init__(self, doc: Document, source: str, index: LineIndex):
        self.doc, self.source, self.index = doc, source, index
        self.tags: TagOffsets | None = None
        self.cursor = 0  # furthest source offset reached, for elements past the line cap
        self.run_end = 0  # where the last block emitted ends in the source
        self.contexts: dict = {}  # element -> the kind its descendants' paragraphs take
        self.link_cursor = 0  # past the last href found: two links on one line keep apart

    def _offset(self, element) -> int:
        line = element.sourceline
        if line is None or line >= _LINE_CAP:
            return self.cursor
        if isinstance(element.tag, str) and self.tags.is_long(line):
            exact = self.tags.start_tag(element)  # a minified line: its copy in <title> or a
            if exact is not None:  # <meta> comes first on the line, the element's text later
                return exact
        return self.index.offset(line)

    def read(self, root) -> None:
        doc = self.doc
        self.tags = TagOffsets(self.source, self.index, root)
        language = root.get("lang") or root.get("xml:lang") or ""
        doc.language = language.strip()
        script_cursor = 0
        for element in root.iter():
            tag = element.tag
            if not isinstance(tag, str):
                if tag is etree.Comment:
                    self._comment(element)
                continue
            element_id = element.get("id")
            if element_id:
                doc.ids.append(element_id.strip())
            if element.get("itemtype") and element.get("itemscope") is not None:
                line = min(element.sourceline or 1, _LINE_CAP)
                doc.itemtypes += [(name.rstrip("/").rsplit("/", 1)[-1], line)
                                  for name in element.get("itemtype").split()]
            if tag == "a":
                self._link(element)
            if tag == "meta":
                self._meta(element)
            elif tag == "time" or _DATE_ITEMPROPS.intersection(
                    (element.get("itemprop") or "").lower().split()):
                self._time(element)  # <time>, or microdata's <div itemprop="datePublished">
            elif tag == "title" and not doc.title:
                doc.title = " ".join((element.text_content() or "").split())
                doc.title_line = min(element.sourceline or 1, _LINE_CAP)
                doc.title_source = "title-tag" if doc.title else ""
            elif tag == "script" and "ld+json" in (element.get("type") or "").lower():
                script_cursor = self._jsonld(element, script_cursor)
            elif tag == "link" and "canonical" in (element.get("rel") or "").lower().split():
                self._rel_canonical(element)
            elif tag in ("a", "link") and "author" in (element.get("rel") or "").lower().split():
                self._author_link(element, "rel:author")
            if tag != "meta" and "author" in (element.get("itemprop") or "").lower().split():
                self._author_link(element, "itemprop:author")
            if tag != "meta" and _names_publisher(element):
                self._publisher_item(element)
            if "author" in (element.get("class") or "") and _microformat_author(element):
                self._author_link(element, "class:author")
            if tag not in _NOT_BYLINES and _byline_markup(element):
                self._class_byline(element)
        self.main = MainContent(root)
        content = self.main.root
        if content is not None:
            self._blocks(root, content)
            self._images(content)
        if not doc.title and doc.h1 is not None:
            doc.title, doc.title_line, doc.title_source = doc.h1.text, doc.h1.span.line, "h1"

    def _link(self, element) -> None:
        """`<a href>` becomes a Link at its href in the source; `<a name>` an id."""
        name = element.get("name")
        if name:
            self.doc.ids.append(name.strip())
        href = element.get("href")
        if href is None or not href.strip():
            return
        href = href.strip()
        start = max(self._offset(element), self.link_cursor)
        found = self.source.find(href, start, start + 65536)
        if found == -1:  # an entity or a line break in the attribute: the element's line
            line = min(element.sourceline or 1, _LINE_CAP)
            span = Span(line, 1, line, 1)
        else:
            self.link_cursor = found + len(href)
            line, column = self.index.position(found)
            span = Span(line, column, line, column + len(href))
        self.doc.links.append(Link(href, span))

    def _images(self, content) -> None:
        """The <img> elements of the main content that a reader sees: not in what the parser
        leaves out of the content (navigation, asides, hidden parts), not marked decorative
        (aria-hidden, role="presentation"), not a 1x1 tracking pixel."""
        body_level = content.tag == "body"
        cursor = 0  # tags are met in source order: several may share a line
        for img in content.iter("img"):
            offset = max(self._offset(img), cursor)
            found = _IMG_TAG.search(self.source, offset, offset + 65536)
            line = img.sourceline
            if line and line < _LINE_CAP and (found is None or
                                              self.index.position(found.start())[0] > line):
                found = self._tag_before(line, cursor) or found
            cursor = found.end() if found else offset
            if _decorative(img) or _left_out(img, content, body_level, self.main):
                continue
            line, column = self.index.position(found.start()) if found else (
                min(img.sourceline or 1, _LINE_CAP), 1)
            src = (img.get("src") or img.get("data-src") or "").strip()
            self.doc.images.append(Image(img.get("alt"), src, Span(line, column, line, column)))

    def _tag_before(self, line: int, cursor: int):
        """The last "<img" that starts at or after `cursor` and by the end of `line`: libxml2
        gives a start tag that spans lines the line where it ends, so its "<img" is earlier."""
        end = self.index.offset(line + 1) if line < self.index.line_count else len(self.source)
        start = max(cursor, self.index.offset(max(1, line - 50)))
        found = None
        for found in _IMG_TAG.finditer(self.source, start, end):
            pass
        return found

    def _comment(self, element) -> None:
        text = element.text or ""
        markup = f"<!--{text}-->"
        start = self._offset(element)
        found = self.source.find(markup, start, start + 65536 + len(markup))
        if found == -1:  # lxml normalised it: keep the line it gave
            line = min(element.sourceline or 1, _LINE_CAP)
            span = Span(line, 1, line + text.count("\n"), 1)
        else:
            line, column = self.index.position(found)
            end_line, end_column = self.index.position(found + len(markup) - 1)
            span = Span(line, column, end_line, end_column + 1)
            self.cursor = max(self.cursor, found)
        self.doc.comments.append(Comment(text, span))

    def _meta(self, element) -> None:
        content = element.get("content")
        if content is None:
            return
        for attribute in ("name", "property", "itemprop", "http-equiv"):
            name = element.get(attribute)
            if name:
                line = min(element.sourceline or 1, _LINE_CAP)
                self.doc.meta.append(MetaTag(name.strip().lower(), content.strip(), line))
                return

    def _author_link(self, element, name: str) -> None:
        """`<a rel="author">` / `<link rel="author">` become a MetaTag named "rel:author", a
        microdata `itemprop="author"` element one named "itemprop:author", a microformat author
        (h-entry `p-author`, hAtom `author vcard`) one named "class:author": the element's text
        (the author's name) when it has some, else its title, href or content attribute."""
        text = " ".join(element.text_content().split())[:200] if element.tag != "link" else ""
        content = text or (element.get("title") or element.get("href")
                           or element.get("content") or "").strip()
        if content:
            line = min(element.sourceline or 1, _LINE_CAP)
            self.doc.meta.append(MetaTag(name, content, line))

    def _publisher_item(self, element) -> None:
        """A microdata `itemprop="publisher"` or RDFa `property="publisher"` element (the
        Organization that publishes the page, declared in the markup rather than in JSON-LD)
        becomes a MetaTag named "itemprop:publisher": its `name` property when it has one, else
        its text, else its content or href attribute."""
        named = next((child for child in element.iter() if child is not element
                      and "name" in _item_properties(child)), None)
        source = named if named is not None else element
        text = " ".join((source.text_content() or "").split())[:200]
        content = (source.get("content") or text or element.get("content")
                   or element.get("href") or "").strip()
        line = min(element.sourceline or 1, _LINE_CAP)
        self.doc.meta.append(MetaTag("itemprop:publisher", content or "publisher", line))

    def _class_byline(self, element) -> None:
        """An element whose class or id says byline or author ("byline", "author-name",
        "writtenby"), holding a short text of two to twelve words, becomes a MetaTag named
        "class:byline": the markup Readability reads bylines from."""
        text = " ".join(element.text_content().split())
        if len(text) <= 100 and 2 <= len(text.split()) <= 12:
            line = min(element.sourceline or 1, _LINE_CAP)
            self.doc.meta.append(MetaTag("class:byline", text, line))

    def _rel_canonical(self, element) -> None:
        """`<link rel="canonical" href>` becomes a MetaTag named "rel:canonical" (its href)."""
        href = (element.get("href") or "").strip()
        if href:
            line = min(element.sourceline or 1, _LINE_CAP)
            self.doc.meta.append(MetaTag("rel:canonical", href, line))

    def _time(self, element) -> None:
        if element.get("itemprop") and _of_a_reply(element):
            return  # a visitor's comment or review dates itself, not the page
        text = " ".join(element.text_content().split())
        # Blogger's <abbr itemprop="datePublished" title="2017-09-09T10:52:00+02:00">10:52</abbr>
        title = element.get("title") if element.tag == "abbr" else None
        value = (element.get("datetime") or element.get("content") or title or text).strip()
        if value:
            line = min(element.sourceline or 1, _LINE_CAP)
            self.doc.times.append(TimeElement(value, text, line, element.get("itemprop") or ""))

    def _jsonld(self, element, script_cursor: int) -> int:
        raw = element.text or ""
        start = max(self._offset(element), script_cursor)
        match = _SCRIPT_TAG.search(self.source, start)
        while match and "ld+json" not in match.group(0).lower():
            match = _SCRIPT_TAG.search(self.source, match.end())
        content_offset = match.end() if match else start
        if raw and not self.source.startswith(raw, content_offset):
            # bounded: lxml turns CRLF into LF, and 1,000 blocks must not each scan the file
            found = self.source.find(raw, content_offset, content_offset + 2 * len(raw) + 4096)
            content_offset = found if found != -1 else content_offset
        self.doc.structured_data.append(parse_jsonld(raw, content_offset, self.index))
        return content_offset + len(raw)

    def _blocks(self, root, content) -> None:
        body_level = content.tag == "body"
        h1 = next(root.iter("h1"), None)
        # a title above <main> heads the page, unless the content has its own (the first H1
        # may be the site's logo in the page header)
        title_above = h1 is not None and not _contains(content, h1) and \
            next(content.iter("h1"), None) is None and _precedes(h1, content)
        if not body_level:
            self._preamble(root, content, h1 if title_above else None)
            self._postamble(root, content)
        self.main.reading_content = True  # furniture labels are looked for from here on
        stack = [content]
        if title_above:
            stack.append(h1)  # a title above <main> still heads the page
        while stack:
            item = stack.pop()
            if isinstance(item, _Run):
                self._emit(item)
                continue
            if item is not content and (_meta_line(item) or _standfirst(item)):
                self._emit_all(item, self.doc.outside)  # a byline or date line in the article,
                continue  # or the standfirst under its title
            stack.extend(reversed(self._expand(item, body_level)))

    def _emit_all(self, element, into: list[Block]) -> None:
        stack = [element]
        while stack:
            item = stack.pop()
            if isinstance(item, _Run):
                self._emit(item, into)
            else:
                stack.extend(reversed(self._expand(item, False)))

    def _preamble(self, root, content, title) -> None:
        """Visible text above the main content (a page header's byline or date line), kept
        apart in `doc.outside`: it tells who wrote the page and when, not what it says."""
        body = next(root.iter("body"), None)
        stack = [body] if body is not None else []
        while stack:
            item = stack.pop()
            if isinstance(item, _Run):
                self._emit(item, self.doc.outside)
            elif item is content:
                return  # the rest of the page comes after its main content
            elif item is not title:
                stack.extend(reversed(self._expand(item, False)))

    def _postamble(self, root, content) -> None:
        """The first short lines right after the main content (a post's footer: "Published:
        22 August 2012", "Filed under"), kept in `doc.outside` like the header's; it ends at
        the first heading (related posts, comments) or longer text, and skips page chrome."""
        body = next(root.iter("body"), None)
        stack, passed, kept = ([body] if body is not None else []), False, 0
        while stack and kept < _POSTAMBLE_LINES:
            item = stack.pop()
            if item is content:
                passed = True
            elif isinstance(item, _Run):
                if not passed:
                    continue
                words = len(" ".join(item.pieces).split())
                if item.kind == "heading" or words > _POSTAMBLE_WORDS:
                    return
                if words:
                    self._emit(item, self.doc.outside)
                    kept += 1
            elif not passed and not _contains(item, content):
                continue  # above the main content: the preamble's part
            elif passed and (not isinstance(item.tag, str) or item.tag in _POSTAMBLE_STOPS):
                return
            else:
                stack.extend(reversed(self._expand(item, False)))

    def _expand(self, element, body_level: bool) -> list:
        """The block children and inline runs of `element`, in document order."""
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIPPED or (body_level and tag in _PAGE_CHROME):
            return []
        if is_hidden(element):
            return []
        if self.main.skips(element, tag):
            if tag in _LINK_ITEMS_PARENTS:
                self._keep_date_items(element)
            return []  # page furniture inside the main content: share bar, related links...
        if tag == "table" and not _layout_table(element):
            return [_Run("table", 0, element, _cell_texts(element), cells=True)]
        if tag == "pre":
            return _pre_runs(element)
        if tag in _HEADINGS and not _holds_headings(element):
            return [_heading_run(element)]  # all of a heading is its text (<h3><a><div>)
        if tag in _IMAGES:
            return [_Run("image", 0, element, [_image_text(element)])]
        kind, level = _run_kind(element)
        items: list = []
        run = _Run(kind, level, element, [element.text or ""])
        for child in element:
            child_tag = child.tag
            if isinstance(child_tag, str) and (child_tag in _BLOCK_LEVEL or _wraps_blocks(child)):
                items.append(run)
                items.append(child)
                run = _Run(kind, level, child, [])
            elif child_tag == "br":
                run.pieces.append("\n")  # a line break parts two words ("FL<br>June")
            elif isinstance(child_tag, str):
                run.pieces.append(_inline_text(child))
            run.pieces.append(child.tail or "")
        items.append(run)
        return items

    def _keep_date_items(self, element) -> None:
        """A list left out as links may hold the article's date line ("<li>27 juin 2019</li>"
        beside the author's and the blog's links): it goes to `doc.outside`, as ever."""
        for item in element.iter(*_LIST_ITEMS):  # nested lists too (a work's stats)
            if next(item.iter("a", *_LINK_ITEMS_PARENTS), item) is item:
                text = _inline_text(item)
                if len(text) < 200 and is_date_line(" ".join(text.split())):
                    self._emit(_Run("list_item", 0, item, [text]), self.doc.outside)

    def _emit(self, run: _Run, into: list[Block] | None = None) -> None:
        if not any(piece.strip() for piece in run.pieces):
            return
        start = self.run_end if run.follows else self._offset(run.element)
        builder = TextBuilder(self.source, self.index, start)
        for piece in run.pieces:
            if not builder.parts:
                piece = piece.lstrip()
            if piece and run.cells:
                builder.separate(" | ")
            if piece:
                builder.add(piece)
        text, anchors, span = builder.build()
        if span is None:
            return
        self.cursor = max(self.cursor, builder.cursor)
        self.run_end = builder.cursor
        kind, level = run.kind, run.level
        if kind == "paragraph":
            kind = self._context_kind(run.element)
        if kind == "paragraph" and _only_image(run.element):
            kind = "image"
        block = Block(kind, text, span, level, anchors)
        if into is None and kind in _DATE_LINE_KINDS and is_date_line(text):
            into = self.doc.outside  # a date line in the article, unmarked: as a marked one
        elif into is None and is_label(text):
            return  # a furniture label in loose text ("Share", "To Read the Full Story")
        (self.doc.blocks if into is None else into).append(block)


    def _context_kind(self, element) -> str:
        """A paragraph inside a list item or a quote takes that kind. Remembered per ancestor,
        so a deeply nested page costs one walk up, not one per paragraph."""
        walked, kind = [], "paragraph"
        for ancestor in element.iterancestors():
            known = self.contexts.get(ancestor)
            if known is None:
                known = _own_context(ancestor.tag)
            if known is not None:
                kind = known
                break
            walked.append(ancestor)
        for ancestor in walked:
            self.contexts[ancestor] = kind
        return kind


class _Run:
    """Inline text that belongs to one block: the pieces, and the element it starts in."""

    __slots__ = ("kind", "level", "element", "pieces", "cells", "follows")

    def __init__(self, kind: str, level: int, element, pieces: list[str], cells: bool = False,
                 follows: bool = False):
        self.kind, self.level, self.element, self.pieces = kind, level, element, pieces
        self.cells = cells  # pieces are table cells, kept apart by " | "
        self.follows = follows  # found in the source from where the previous run ended


def _pre_runs(element) -> list[_Run]:
    """A <pre> is one code block, unless it is text (an RFC's pages): then each paragraph is a
    block of its own, prose or code, each one looked up where the one before it ended."""
    pieces = text_pieces(element, lambda node: node.tag in _SKIPPED)
    verdicts = prose_paragraphs(element, pieces)
    if verdicts is None:
        return [_Run("code", 0, element, ["".join(pieces)])]
    return [_Run("paragraph" if prose else "code", 0, element, chunk, follows=number > 0)
            for number, (prose, chunk) in enumerate(verdicts)]


def _run_kind(element) -> tuple[str, int]:
    tag = element.tag
    if tag in _HEADINGS:
        return "heading", _HEADINGS[tag]
    if tag in _LIST_ITEMS:
        return "list_item", 0
    if tag == "blockquote":
        return "blockquote", 0
    return "paragraph", 0


def _own_context(tag) -> str | None:
    """The kind a paragraph inside this element takes, or None: ask the element's parent."""
    if tag in _LIST_ITEMS:
        return "list_item"
    if tag == "blockquote":
        return "blockquote"
    if tag in ("article", "main", "section", "body"):
        return "paragraph"
    return None


_DATE_LINE_KINDS = frozenset({"paragraph", "list_item"})
_LINK_ITEMS_PARENTS = frozenset({"ul", "ol", "dl"})
_BYLINE_MARKUP = re.compile(r"byline|author|writtenby", re.I)
_NOT_BYLINES = frozenset({"meta", "link", "script", "style", "img", "html", "body", "head"})


def _byline_markup(element) -> bool:
    """A class or id that names a byline or an author, but not a comment's author."""
    marks = f"{element.get('class') or ''} {element.get('id') or ''}"
    return _BYLINE_MARKUP.search(marks) is not None and "comment" not in marks.lower()


_META_LINE = re.compile(
    r"(?:^|[\s_-])(?:byline|bylines|author|authors|dateline|timestamp|date|pubdate|published|"
    r"post-meta|entry-meta|article-meta|meta)(?=$|[\s_-])", re.I)
_META_LINE_WORDS = 20


def _meta_line(element) -> bool:
    """A byline or date line inside the article ("By Lee Chen", "Nov. 19, 2019 8:03 am ET"):
    who wrote it and when, kept in `doc.outside` like the header's. Short, and marked so."""
    if not isinstance(element.tag, str) or element.tag in _HEADINGS:
        return False
    marks = f"{element.get('class') or ''} {element.get('id') or ''}"
    if _META_LINE.search(marks) is None or "comment" in marks.lower():
        return False
    return len(element.text_content().split()) <= _META_LINE_WORDS


def _item_properties(element) -> set[str]:
    """The microdata `itemprop` and RDFa `property` names of an element, prefixes dropped
    (`schema:publisher` is `publisher`)."""
    names = f"{element.get('itemprop') or ''} {element.get('property') or ''}".lower().split()
    return {name.rsplit(":", 1)[-1].rsplit("/", 1)[-1] for name in names}


def _names_publisher(element) -> bool:
    return "publisher" in _item_properties(element)


_STANDFIRST_WORDS = 8


def _standfirst(element) -> bool:
    """The summary sentence set as a heading right under the page's H1 ("There are more
    devices... Here's how to figure out what's best"): the title's subtitle, not the heading of
    a section, so it is kept with the page header in `doc.outside`."""
    if element.tag not in _HEADINGS or element.tag == "h1":
        return False
    before = element.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()  # a comment between them
    if before is None or before.tag != "h1" or (before.tail or "").strip():
        return False  # (any H1: the page's first may be the site's logo)
    return len(element.text_content().split()) >= _STANDFIRST_WORDS


def _microformat_author(element) -> bool:
    """h-entry's `p-author`, or hAtom's `author vcard` (the markup of many WordPress themes)."""
    classes = set((element.get("class") or "").lower().split())
    return "p-author" in classes or {"author", "vcard"} <= classes


_STRUCTURE = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol dl li table blockquote pre section article figure".split()
)


def _wraps_blocks(element) -> bool:
    """An inline or unknown element around paragraphs, headings or lists (Angular's
    `<paragraph><div><p>`, a link around a card): a container, not a run of text."""
    if element.tag in _SKIPPED:
        return False
    return next(element.iterdescendants(*_STRUCTURE), None) is not None


def _holds_headings(element) -> bool:
    return next(element.iterdescendants(*_HEADINGS), None) is not None


def _heading_run(element) -> _Run:
    pieces = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            pieces.append(_inline_text(child))
        pieces.append(child.tail or "")
    return _Run("heading", _HEADINGS[element.tag], element, pieces)


def _layout_table(table) -> bool:
    """A table used for page layout (headings or another table inside): read as content."""
    return _holds_headings(table) or next(table.iterdescendants("table"), None) is not None


def _cell_texts(table) -> list[str]:
    return [_inline_text(cell) for cell in table.iter("td", "th")]


def _inline_text(element) -> str:
    """All visible text under `element`: scripts, styles, comments and footnote markers (no
    word of the sentence they follow) left out."""
    return "".join(text_pieces(element, _skipped_inline))


def _skipped_inline(node) -> bool:
    return node.tag in _SKIPPED or (node.tag == "sup" and _citation(node))


_IMG_TAG = re.compile(r"<img\b", re.I)
_CITATION_MARKS = re.compile(r"reference|footnote|noprint|cite|fnref|endnote", re.I)


def _citation(sup) -> bool:
    """A footnote or citation marker: `<sup class="reference"><a href="#cite_note-12">[12]
    </a></sup>`, `<sup>[citation needed]</sup>`, a footnote link `<sup><a href="#fn1">1</a>`;
    not an exponent or ordinal (m<sup>2</sup>, 1<sup>st</sup>)."""
    text = "".join(sup.itertext()).strip()
    if CITATION_MARKER.fullmatch(text):
        return True
    if not text or len(text) > 12:
        return False
    marks = f"{sup.get('class') or ''} {sup.get('id') or ''}"
    return _CITATION_MARKS.search(marks) is not None or any(
        (a.get("href") or "").startswith("#") for a in sup.iter("a"))


def _decorative(img) -> bool:
    if img.get("aria-hidden") == "true" or (img.get("role") or "") in ("presentation", "none"):
        return True
    return any((img.get(size) or "").strip() in ("0", "1", "0px", "1px") for size in ("width", "height"))


def _left_out(element, content, body_level: bool, main: MainContent) -> bool:
    """Whether an ancestor of `element` below `content` is something _expand skips."""
    for ancestor in element.iterancestors():
        if ancestor is content:
            return False
        tag = ancestor.tag
        if tag in _SKIPPED or (body_level and tag in _PAGE_CHROME) or main.skips(ancestor, tag):
            return True
        if is_hidden(ancestor):
            return True
    return False


# Microdata items that are someone's reply on the page, whose dates are theirs.
_REPLY_TYPES = frozenset({"comment", "usercomments", "review", "answer", "question"})


def _of_a_reply(element) -> bool:
    """Whether the microdata item the element's property belongs to (its nearest itemscope
    ancestor) is a Comment, Review or Answer: its datePublished is when that was written."""
    for node in element.iterancestors():
        if node.get("itemscope") is not None:
            kind = (node.get("itemtype") or "").split()
            return any(name.rstrip("/").rsplit("/", 1)[-1].lower() in _REPLY_TYPES
                       for name in kind)
    return False


def _image_text(element) -> str:
    texts = [img.get("alt") or "" for img in element.iter("img")]
    texts += [_inline_text(caption) for caption in element.iter("figcaption")]
    return " ".join(text for text in texts if text.strip()) or " "


def _only_image(element) -> bool:
    return element.tag == "p" and not (element.text or "").strip() and all(
        child.tag in ("img", "a", "picture") and not (child.tail or "").strip() for child in element
    ) and any(True for _ in element.iter("img"))


def _contains(ancestor, element) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def _precedes(first, second) -> bool:
    for element in first.getroottree().getroot().iter():
        if element is first:
            return True
        if element is second:
            return False
    return False
