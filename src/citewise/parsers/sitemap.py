"""sitemap.xml files (sitemaps.org): the XML as a plain tree of elements, each with its span.

lxml says whether the file is well-formed XML (and where it is not) and resolves namespaces;
it gives no columns, so the start tags are found in the text by a scanner of our own. That is
exact for well-formed XML: outside comments, CDATA sections, processing instructions and the
DOCTYPE every `<` opens a tag (it may not appear raw in text or attribute values), and start
tags come in document order, as lxml's elements do. The parser knows nothing of the protocol:
which elements a sitemap must have is for the checks to say.
"""

from __future__ import annotations

import re

from citewise.model import Comment, Document, LineIndex, SitemapFile, Span, XmlElement

# A Jekyll or Hugo template of a sitemap (front matter, Liquid or Go template markup) is not a
# sitemap yet: what the generator writes from it is.
_TEMPLATE_MARKUP = re.compile(r"\{\{|\{%")
_LIBXML_WHERE = re.compile(r",? line \d+, column \d+$")
_ABOUT_A_TAG = re.compile(r"tag|declaration|Extra content|StartTag|EndTag", re.IGNORECASE)
# The markup of well-formed XML, in one pass: comments, CDATA, PIs and the DOCTYPE (with an
# internal subset in brackets) are skipped whole; a start tag's quoted attribute values may
# hold a `>`.
_TOKEN = re.compile(
    r"(?P<comment><!--(?P<body>.*?)-->)"
    r"|(?P<skipped><!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[[^\]]*\])*>)"
    r"|(?P<end></[^>]*>)"
    r"|(?P<start><[^\s/>!?][^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>)",
    re.DOTALL | re.IGNORECASE)


def parse_sitemap(path: str, text: str) -> Document:
    index = LineIndex(text)
    doc = Document(path=path, format="sitemap", line_count=index.line_count)
    sitemap = SitemapFile(size=len(text.encode("utf-8", "surrogatepass")))
    doc.sitemap = sitemap
    if text.lstrip().startswith(("---", "+++")) or _TEMPLATE_MARKUP.search(text):
        sitemap.template = True
        return doc
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             encoding="utf-8", huge_tree=False, remove_comments=False)
    try:
        root = etree.fromstring(text.encode("utf-8", "surrogatepass"), parser)
    except etree.XMLSyntaxError as error:
        sitemap.error = _LIBXML_WHERE.sub("", error.msg or "not well-formed XML")
        sitemap.error_span = _error_span(text, index, error.position, sitemap.error)
        return doc
    tags, comments = _scan(text)
    doc.comments = [Comment(body, _span(index, start, end)) for body, start, end in comments]
    elements = [node for node in root.iter() if isinstance(node.tag, str)]
    if len(elements) != len(tags):  # never for well-formed XML; a scanner bug loses no columns
        tags = []
    sitemap.root = _tree(root, elements, tags, text, index)
    return doc


def _error_span(text: str, index: LineIndex, position, message: str) -> Span:
    """libxml2 (2.11 and later) counts columns in characters, and points past what it could
    not read (the name of a mismatched end tag, an entity): move to the `&` of the entity or
    the `<` of the tag it is about when that is on the same line."""
    line, column = position if position else (1, 1)
    line = min(max(line or 1, 1), index.line_count)
    start = index.offset(line)
    end = text.find("\n", start)
    line_text = text[start:] if end == -1 else text[start:end]
    column = min(max(column or 1, 1), len(line_text) + 1)
    opener = "&" if "entity" in message.lower() else "<" if _ABOUT_A_TAG.search(message) else ""
    found = line_text.rfind(opener, 0, column - 1) if opener else -1
    if found != -1:
        column = found + 1
    return Span(line, min(column, len(line_text) + 1))


def _scan(text: str) -> tuple[list[tuple[int, int, int]], list[tuple[str, int, int]]]:
    """Each start tag as (offset of `<`, offset past `>`, offset of the end of its content),
    in document order, and each comment as (text, start, end)."""
    tags: list[list[int]] = []
    open_tags: list[int] = []
    comments: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "start":
            start, end = match.span()
            tags.append([start, end, end])
            if text[end - 2] != "/":  # <loc/> opens and closes
                open_tags.append(len(tags) - 1)
        elif kind == "end":
            if open_tags:
                tags[open_tags.pop()][2] = match.start()
        elif kind == "comment":
            comments.append((match.group("body"), *match.span()))
    return [tuple(tag) for tag in tags], comments


def _tree(root, elements, tags, text: str, index: LineIndex) -> XmlElement:
    where = {id(node): number for number, node in enumerate(elements)}

    def build(node) -> XmlElement:
        number = where[id(node)]
        namespace, _, name = node.tag[1:].rpartition("}") if node.tag.startswith("{") \
            else ("", "", node.tag)
        children = tuple(build(child) for child in node if isinstance(child.tag, str))
        if children or not len(node):  # len counts comments and entities too
            content = node.text or ""
        else:
            content = "".join(node.itertext())
        if not tags:
            span = value_span = Span(node.sourceline or 1)
        else:
            start, tag_end, content_end = tags[number]
            span = _span(index, start, tag_end)
            value_span = _value_span(text, index, start, tag_end, content_end, children)
        return XmlElement(name, namespace, content.strip(), span, value_span, children)

    return build(root)


def _value_span(text: str, index: LineIndex, start: int, tag_end: int, content_end: int,
                children: tuple) -> Span:
    """Where an element's text is: its content without the blanks around it; the start tag
    when it has none (or holds elements)."""
    if children or content_end <= tag_end:
        return _span(index, start, tag_end)
    raw = text[tag_end:content_end]
    stripped = raw.strip()
    if not stripped:
        return _span(index, start, tag_end)
    first = tag_end + (len(raw) - len(raw.lstrip()))
    return _span(index, first, first + len(stripped))


def _span(index: LineIndex, start: int, end: int) -> Span:
    line, column = index.position(start)
    end_line, end_column = index.position(max(end - 1, start))
    return Span(line, column, end_line, end_column + 1)
