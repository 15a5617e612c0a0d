"""Markdown (CommonMark + GFM tables) into the document model, via markdown-it-py."""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from citewise.model import Anchor, Block, Comment, Document, Image, LineIndex, Link, Span
from citewise.parsers.dialects import FILLER, detect_dialect, mask
from citewise.parsers.frontmatter import parse_front_matter, split_front_matter
from citewise.parsers.limits import note_partial
from citewise.parsers.mdx_comments import add_mdx_comments, is_mdx
from citewise.parsers.textmap import TextBuilder

_ATTR_LIST = re.compile(r"\s*\{\s*[#.][^}]*\}\s*$")  # MkDocs `## Title { #anchor }`
_ADMONITION = re.compile(r"^(!!!|\?\?\?\+?|///|:::)")  # MkDocs, pymdownx blocks, Docusaurus
_GAP = re.compile(rf"[ \t]*{FILLER}+[ \t]*|[ \t]{{2,}}")
_INLINE_TEXT = frozenset({"text", "code_inline"})
_CONTAINERS = frozenset({"blockquote_open", "bullet_list_open", "ordered_list_open",
                         "list_item_open"})


# Callouts: their paragraphs are admonitions. A tab's body is the page's own text.
_CALLOUT_OPEN = frozenset({"container_callout_open", "container_block_open", "admonition_open"})
_CALLOUT_CLOSE = frozenset({"container_callout_close", "container_block_close",
                            "admonition_close"})
_TAB = re.compile(r'===\+?[ \t]+"[^"\n]*"[ \t]*$')


@cache
def _markdown(indented_code: bool = True) -> MarkdownIt:
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    if not indented_code:  # MDX has no indented code: JSX children are indented prose
        md.disable("code")
    # :::tip / ::: details Title (Docusaurus, VitePress), /// tip | Title (pymdownx blocks),
    # !!! note / ??? question (MkDocs), === "Tab" (MkDocs content tabs): their bodies are blocks.
    container_plugin(md, "callout", validate=_named)
    container_plugin(md, "block", marker="/", validate=_named)
    admon_plugin(md)
    # Footnotes (GFM, kramdown, Goldmark, Python-Markdown): the `[^1]` marker is no word of its
    # sentence, and the note's own text is a footnote block, not a paragraph of the page.
    footnote_plugin(md, inline=False, move_to_end=False)  # blocks stay in source order
    md.block.ruler.before("fence", "tab", _tab, {"alt": ["paragraph", "reference", "blockquote",
                                                          "list"]})
    # Link and image URLs end up only in attributes that the model never reads: skip their
    # percent-encoding and punycode (a seventh of the parse). validateLink still sees the URL,
    # and what it rejects (javascript: and the like) does not change with that encoding.
    md.normalizeLink = _same_url
    return md


def _named(params: str, *_: object) -> bool:
    return bool(params.strip())


def _tab(state, start_line: int, end_line: int, silent: bool) -> bool:
    """MkDocs content tabs: `=== "Label"` and a body indented four spaces."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    line = state.src[start : state.eMarks[start_line]]
    if not line.startswith("===") or not _TAB.match(line):
        return False
    if silent:
        return True
    old_indent, old_line_max = state.blkIndent, state.lineMax
    state.blkIndent = state.sCount[start_line] + 4
    next_line = start_line + 1
    while next_line < end_line:
        empty = state.isEmpty(next_line)
        if not empty and state.sCount[next_line] < state.blkIndent:
            break
        next_line += 1
    while next_line - 1 > start_line and state.isEmpty(next_line - 1):
        next_line -= 1
    state.lineMax = next_line
    token = state.push("tab_open", "div", 1)
    token.map = [start_line, next_line]
    state.md.block.tokenize(state, start_line + 1, next_line)
    state.push("tab_close", "div", -1)
    state.blkIndent, state.lineMax = old_indent, old_line_max
    state.line = next_line
    return True


def _same_url(url: str) -> str:
    return url


def parse_markdown(path: str, text: str, dialect: str | None = None) -> Document:
    # Lines end at "\n" only, as in LineIndex and markdown-it: str.splitlines would also
    # split at form feeds and U+2028 and shift every line after them.
    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    index = LineIndex(text)
    doc = Document(path=path, format="markdown", line_count=index.line_count)
    body = text
    fence = split_front_matter(lines)
    if fence:
        fmt, closing = fence
        doc.front_matter = parse_front_matter(lines, fmt, closing)
        # Blank the front matter out so markdown-it's line numbers stay the file's own.
        body = "\n" * (closing + 1) + "".join(lines[closing + 1 :])
    doc.dialect = dialect or detect_dialect(path, body, doc.front_matter)
    # The dialect's markup becomes spaces: markdown-it never reads it, offsets do not move.
    body = mask(body, doc.dialect)
    markdown = _markdown(indented_code=doc.dialect != "mdx")
    tokens = markdown.parse(body)
    _Walker(doc, text, index).walk(tokens)
    doc.ids = explicit_ids(text)
    if doc.dialect == "mdx" or is_mdx(path):  # Docusaurus reads .md as MDX too
        add_mdx_comments(doc, text, index)
    _note_nesting_limit(doc, tokens)
    _set_title(doc)
    return doc


def _note_nesting_limit(doc: Document, tokens: list[Token]) -> None:
    """markdown-it skips what lies deeper than maxNesting, to the end of the enclosing block."""
    limit = _markdown(True).options["maxNesting"]
    for token in tokens:
        if token.type in _CONTAINERS and token.level >= limit - 1 and token.map:
            note_partial(doc, token.map[0] + 1, f"lists or quotes nest more than {limit} levels "
                                                f"deep here: the parser skipped the rest of the "
                                                f"enclosing block")
            return


def _set_title(doc: Document) -> None:
    matter = doc.front_matter.data if doc.front_matter else {}
    title = matter.get("title")
    if isinstance(title, str) and title.strip():
        doc.title = title.strip()
        doc.title_line = doc.front_matter.key_lines.get("title", 1)
        doc.title_source = "front-matter"
    elif doc.h1 is not None:
        doc.title, doc.title_line, doc.title_source = doc.h1.text, doc.h1.span.line, "h1"
    language = matter.get("lang") or matter.get("language")
    if isinstance(language, str):
        doc.language = language.strip()


class _Walker:
    def __init__(self, doc: Document, source: str, index: LineIndex):
        self.doc, self.source, self.index = doc, source, index
        self.list_depth = 0
        self.quote_depth = 0
        self.callout_depth = 0  # inside a container, admonition or tab
        self.footnote_depth = 0  # inside a footnote's text
        self.comment_cursor = 0  # comments are found in order: each search starts past the last
        self.raw_image_cursor = 0  # so are raw <img> tags: two on one line or in one paragraph

    def walk(self, tokens: list[Token]) -> None:
        position = 0
        while position < len(tokens):
            token = tokens[position]
            kind = token.type
            if kind == "bullet_list_open" or kind == "ordered_list_open":
                self.list_depth += 1
            elif kind == "bullet_list_close" or kind == "ordered_list_close":
                self.list_depth -= 1
            elif kind == "blockquote_open":
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth -= 1
            elif kind in _CALLOUT_OPEN:
                self.callout_depth += 1
                self._callout_title(token)
            elif kind in _CALLOUT_CLOSE:
                self.callout_depth -= 1
            elif kind == "footnote_reference_open":
                self.footnote_depth += 1
            elif kind == "footnote_reference_close":
                self.footnote_depth -= 1
            elif kind == "admonition_title_open":
                position += 2  # the title is in the opening token (and may be made up)
            elif kind == "heading_open":
                self._heading(token, tokens[position + 1])
                position += 2
            elif kind == "paragraph_open":
                self._paragraph(tokens[position + 1])
                position += 2
            elif kind == "table_open":
                position = self._table(tokens, position)
            elif kind in ("fence", "code_block"):
                self._code(token)
            elif kind == "html_block":
                self._html(token)
            position += 1

    def _builder(self, token: Token) -> TextBuilder:
        return TextBuilder(self.source, self.index, self.index.offset(token.map[0] + 1))

    def _add_inline(self, builder: TextBuilder, inline: Token) -> None:
        for child in inline.children or ():
            if child.type == "text" and ("  " in child.content or FILLER in child.content):
                # Masked markup left a run of spaces: add the words on each side apart, so
                # each is found where it is and the text reads with one space.
                for number, piece in enumerate(_GAP.split(child.content)):
                    if number:
                        builder.separate(" ")
                    builder.add(piece)
            elif child.type in _INLINE_TEXT:
                builder.add(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                builder.separate(" ")
            elif child.type == "link_open":
                self._link(child.attrs.get("href"), builder.cursor, self._end_of(inline))
            elif child.type == "image":
                self._image(child.content or None, child.attrs.get("src") or "",
                            self.source.find("![", builder.cursor))
                builder.add(child.content)
            elif child.type == "html_inline":
                self._comments_in(child.content, builder.cursor, self._end_of(inline))
                self._raw_images(child.content, builder.cursor)
                self._raw_links(child.content, builder.cursor)

    def _heading(self, opening: Token, inline: Token) -> None:
        builder = self._builder(inline)
        self._add_inline(builder, inline)
        text, anchors, span = builder.build()
        text = _ATTR_LIST.sub("", text)
        if span is not None:
            level = int(opening.tag[1])
            self.doc.blocks.append(Block("heading", text, span, level, anchors))

    def _paragraph(self, inline: Token) -> None:
        builder = self._builder(inline)
        self._add_inline(builder, inline)
        text, anchors, span = builder.build()
        if span is None:
            return
        children = inline.children or ()
        if self.footnote_depth:
            kind = "footnote"
        elif self.list_depth:
            kind = "list_item"
        elif self.quote_depth:
            kind = "blockquote"
        elif self.callout_depth or _ADMONITION.match(inline.content):
            kind = "admonition"
        elif _only_images(children):
            kind = "image"
        else:
            kind = "paragraph"
        self.doc.blocks.append(
            Block(kind, text, span, self.list_depth, anchors)
        )

    def _callout_title(self, token: Token) -> None:
        """The title a writer gave a container or admonition (`:::warning Deprecated`,
        `!!! note "Read this"`, `/// tip | Title`): its own block, at its place on the line."""
        if not token.map:
            return
        params = token.info.strip()
        if token.type == "container_block_open":
            title = params.split("|", 1)[1].strip() if "|" in params else ""
        elif token.type == "admonition_open":
            quoted = re.search(r'"([^"]*)"', params)
            title = quoted.group(1).strip() if quoted else ""
        else:
            title = params.split(None, 1)[1].strip() if " " in params else ""
            title = title.strip("{}").strip() if title.startswith("{") else title
        if not title:
            return
        line_start = self.index.offset(token.map[0] + 1)
        builder = TextBuilder(self.source, self.index, line_start)
        builder.add(title)
        text, anchors, span = builder.build()
        if span is not None and span.line == token.map[0] + 1:
            self.doc.blocks.append(Block("admonition", text, span, 0, anchors))

    def _table(self, tokens: list[Token], position: int) -> int:
        builder = self._builder(tokens[position])
        while tokens[position].type != "table_close":
            token = tokens[position]
            if token.type == "inline":
                builder.separate(" | ")
                self._add_inline(builder, token)
            position += 1
        text, anchors, span = builder.build()
        if span is not None:
            self.doc.blocks.append(Block("table", text.removeprefix(" | "), span, 0, anchors))
        return position

    def _code(self, token: Token) -> None:
        first_line = token.map[0] + 1
        span = Span(first_line, 1, max(token.map[1], first_line), 1)
        content_line = first_line + (1 if token.type == "fence" else 0)
        anchor = Anchor(0, content_line, 1)
        self.doc.blocks.append(Block("code", token.content, span, 0, (anchor,)))

    def _end_of(self, token: Token) -> int:
        """The offset just past the last line of a block token."""
        return self.index.offset(token.map[1] + 1) if token.map else len(self.source)

    def _html(self, token: Token) -> None:
        start = self.index.offset(token.map[0] + 1)
        self._comments_in(token.content, start, self._end_of(token))
        self._raw_images(token.content, start)
        self._raw_links(token.content, start)
        line = token.map[0] + 1
        span = Span(line, 1, max(token.map[1], line), 1)
        self.doc.blocks.append(Block("html", token.content, span))

    def _image(self, alt: str | None, src: str, offset: int) -> None:
        line, column = self.index.position(max(offset, 0))
        self.doc.images.append(Image(alt, src.strip(), Span(line, column, line, column)))

    def _link(self, href, near: int, limit: int) -> None:
        """A Markdown link: its span is its href in the source (a reference link's href is in
        its definition, elsewhere: then the link's text, where the cursor is)."""
        if not isinstance(href, str) or not href:
            return
        found = self.source.find(href, near, limit)
        offset = found if found != -1 else near
        line, column = self.index.position(min(offset, len(self.source)))
        end = column + len(href) if found != -1 else column
        self.doc.links.append(Link(href, Span(line, column, line, end)))

    def _raw_links(self, html: str, near: int) -> None:
        """The `<a href>` tags of raw HTML in the Markdown (found in the source from `near`)."""
        for match in _A_TAG.finditer(html):
            href = _attributes(match.group(0), skip=2).get("href")
            found = self.source.find(match.group(0), near)
            start = found if found != -1 else near
            if href:
                at = self.source.find(href, start, start + len(match.group(0)))
                self.doc.links.append(self._link_at(href, at if at != -1 else start, at != -1))
            near = found + len(match.group(0)) if found != -1 else near

    def _link_at(self, href: str, offset: int, verbatim: bool) -> Link:
        line, column = self.index.position(min(offset, len(self.source)))
        return Link(href, Span(line, column, line, column + len(href) if verbatim else column))

    def _raw_images(self, html: str, near: int) -> None:
        """The `<img>` tags of raw HTML in the Markdown (found in the source from `near`)."""
        near = max(near, self.raw_image_cursor)
        for match in _IMG_TAG.finditer(html):
            attributes = _attributes(match.group(0))
            found = self.source.find(match.group(0), near)
            if found == -1:  # not verbatim (MDX expressions in it were masked): its "<img"
                start = _IMG_START.search(self.source, near)
                found = start.start() if start else -1
            self._image(attributes.get("alt"), attributes.get("src", ""),
                        found if found != -1 else near)
            near = found + len(match.group(0)) if found != -1 else near
            self.raw_image_cursor = near

    def _comments_in(self, html: str, near: int, limit: int) -> None:
        """Record the `<!-- -->` comments of `html`, which lies in the source between `near` and
        `limit` (inside a quote or list its lines lose their `>` prefix, so it may not be verbatim).
        Linear: plain finds, and each search starts past the comment found before."""
        position = html.find("<!--")
        while position != -1:
            close = html.find("-->", position + 4)
            if close == -1:
                return
            markup = html[position : close + 3]
            start = max(near, self.comment_cursor)
            found = self.source.find(markup, start, limit)
            offset = found if found != -1 else start
            if found != -1:
                self.comment_cursor = found + len(markup)
            line, column = self.index.position(min(offset, len(self.source)))
            end_line, end_column = self.index.position(min(offset + len(markup) - 1,
                                                            len(self.source)))
            comment = Comment(html[position + 4 : close], Span(line, column, end_line, end_column + 1))
            self.doc.comments.append(comment)
            position = html.find("<!--", close + 3)


_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
_IMG_START = re.compile(r"<img\b", re.I)
_A_TAG = re.compile(r"<a\s[^>]*>", re.I)
# Ids a #fragment may name, wherever they are written: `{#id}`, `{: #id}`, `{ #id .class }`
# (kramdown, Pandoc, markdown-it-attrs, MkDocs attr_list) and id= / name= attributes of raw
# HTML or attribute lists. Read generously: an id too many only keeps a link from being reported.
_EXPLICIT_ID = re.compile(r"\{[:\s]*#([^\s}#]+)|\b(?:id|name)\s*=\s*(?:\"([^\"]+)\"|'([^']+)')")


def explicit_ids(text: str) -> list[str]:
    """Every id the page's source names explicitly (see _EXPLICIT_ID), in order, once each."""
    found = (next(group for group in match.groups() if group)
             for match in _EXPLICIT_ID.finditer(text))
    return list(dict.fromkeys(found))
_ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def _attributes(tag: str, skip: int = 4) -> dict[str, str]:
    """The attributes of one HTML start tag (`skip`: the length of `<img`), names lower-cased
    ("" for a bare attribute)."""
    found = {}
    for name, value in _ATTRIBUTE.findall(tag[skip:].rstrip(">/")):
        found.setdefault(name.lower(), value.strip("\"'"))
    return found


def _only_images(children: list[Token]) -> bool:
    seen_image = False
    for child in children:
        if child.type == "image":
            seen_image = True
        elif child.type in ("link_open", "link_close", "softbreak", "hardbreak"):
            continue
        elif child.type == "text" and not child.content.replace(FILLER, "").strip():
            continue  # white space, or a dialect's markup beside the image ({ align=left })
        else:
            return False
    return seen_image
