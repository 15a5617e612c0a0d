"""Prose inside `<pre>`: RFC-style pages (an IETF draft rendered by rfcmarkup, a plain-text
memo) set their whole text in `<pre>` blocks. Their paragraphs are prose a reader reads, while
real code in `<pre>` stays code. Decided by content, conservatively: a `<pre>` is read as text
only when most of its words sit in paragraphs shaped like sentences (letters, sentence ends,
lines of a page's width, no code tokens), and then only those paragraphs become prose.
"""

from __future__ import annotations

import re

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_WORD = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"[a-z0-9)\]\"'][.?!](?:\s|$)")
# what code has and prose does not: braces, statements, operators, prompts, leaders
_CODE_TOKEN = re.compile(
    r"[{}=<>|`$\\]|;[ \t]*$|\.{4,}|^\s*(?:#|//|/\*|\*|>>>|\$ |def |class |import |return )|[a-z]\(|::|->|&&",
    re.M,
)
_CODE_MARKS = re.compile(r"\b(?:code|highlight|language-|lang-|sourceCode|hljs|prettyprint)", re.I)
_MIN_WORDS = 8  # a paragraph of prose: at least this many words...
_MAX_LINE = 100  # ...on lines no wider than a page of text
_PROSE_SHARE = 0.5  # of the <pre>'s words in prose paragraphs, for it to be read as text


def text_pieces(element, skip) -> list[str]:
    """The text under `element` as it is in the source: its own text, each descendant's text
    and tail, in document order, without recursion; comments and the elements `skip(node)`
    names are left out, their tails kept."""
    parts: list[str] = []
    stack = [(element, False)]
    while stack:
        node, tail_only = stack.pop()
        if tail_only:
            parts.append(node.tail or "")
            continue
        if isinstance(node.tag, str) and not skip(node):
            parts.append(node.text or "")
            for child in reversed(node):
                stack.append((child, True))
                stack.append((child, False))
    return parts


def paragraphs(pieces: list[str]) -> list[list[str]]:
    """The pieces regrouped into paragraphs at blank lines (a piece split where one falls)."""
    chunks: list[list[str]] = [[]]
    for piece in pieces:
        for number, part in enumerate(_BLANK_LINE.split(piece)):
            if number:
                chunks.append([])
            chunks[-1].append(part)
    return [chunk for chunk in chunks if "".join(chunk).strip()]


def is_prose(text: str) -> bool:
    """A paragraph shaped like sentences: words, a sentence end, no code tokens, page-wide
    lines, and mostly letters."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or max(len(line.rstrip()) for line in lines) > _MAX_LINE:
        return False
    words = _WORD.findall(text)
    if len(words) < _MIN_WORDS or _CODE_TOKEN.search(text) or not _SENTENCE_END.search(text):
        return False
    visible = sum(1 for char in text if not char.isspace())
    letters = sum(1 for char in text if char.isalpha())
    return letters >= 0.8 * visible


def prose_paragraphs(element, pieces: list[str]) -> list[tuple[bool, list[str]]] | None:
    """(is prose, pieces) for each paragraph of a <pre> read as text, else None (code)."""
    if _CODE_MARKS.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
        return None
    if next(element.iter("code", "kbd", "samp"), None) is not None:
        return None
    chunks = paragraphs(pieces)
    verdicts = [(is_prose("".join(chunk)), chunk) for chunk in chunks]
    total = sum(len(_WORD.findall("".join(chunk))) for chunk in chunks)
    prose = sum(len(_WORD.findall("".join(chunk))) for shaped, chunk in verdicts if shaped)
    if not total or prose < _PROSE_SHARE * total:
        return None
    return verdicts
