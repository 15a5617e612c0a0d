"""Placeholder text ("Lorem ipsum dolor sit amet..."): the filler a draft, a theme demo or a
test page carries instead of its own words.

A block is placeholder text when the page has "lorem ipsum" in its main content and at least
half of the block's words (three in four of a block under eight words) are the filler's
pseudo-Latin: the classic passage, its common
variant ("consetetur sadipscing elitr"), and the words generators draw from Cicero's *de
Finibus* (Emmet's `lorem`, lipsum.com). Asking for "lorem ipsum" on the page keeps real Latin
(a motto, a quotation, a classics page) from being read as filler, and filler that repeats a
code block of the page, or comes right under one, is the rendering of the example shown there
(a docs page showing what an admonition looks like), not filler left in.
"""

from __future__ import annotations

import re

from citewise.model import Block, Document

# Blocks whose words a reader reads as the page's text.
TEXT_KINDS = frozenset({"heading", "paragraph", "list_item", "blockquote", "table", "admonition"})
_MARK = re.compile(r"\blorem\s+ipsum\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
# A block is filler when half its words are, if it has 8 words or more; a shorter one must be
# nearly all filler ("Lorem ipsum dolor sit amet:"), so that a line about lorem ipsum is not.
_MIN_WORDS = 4
_LONG_BLOCK = 8
_SHARE, _SHORT_SHARE = 0.5, 0.75

_FILLER = frozenset("""
lorem ipsum dolor sit amet consectetur consectetuer adipiscing adipisicing adipisci elit sed do
eiusmod tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud
exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in
reprehenderit voluptate velit esse cillum eu fugiat nulla pariatur excepteur sint occaecat
cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum
consetetur sadipscing elitr diam nonumy eirmod invidunt aliquyam erat voluptua at vero eos
accusam justo duo dolores rebum stet clita kasd gubergren no sea takimata sanctus
perspiciatis unde omnis iste natus error voluptatem accusantium doloremque laudantium totam rem
aperiam eaque ipsa quae ab illo inventore veritatis quasi architecto beatae vitae dicta
explicabo nemo ipsam quia voluptas aspernatur aut odit fugit consequuntur magni ratione sequi
nesciunt neque porro quisquam dolorem numquam eius modi tempora incidunt magnam aliquam quaerat
minima nostrum exercitationem ullam corporis suscipit laboriosam aliquid commodi consequatur
autem vel eum iure quam nihil molestiae illum quo accusamus iusto odio dignissimos ducimus
blanditiis praesentium voluptatum deleniti atque corrupti quos quas molestias excepturi
occaecati cupiditate provident similique mollitia animi dolorum fuga harum quidem rerum facilis
expedita distinctio nam libero tempore cum soluta nobis eligendi optio cumque impedit minus quod
maxime placeat facere possimus assumenda repellendus temporibus quibusdam officiis debitis
necessitatibus saepe eveniet voluptates repudiandae recusandae itaque earum hic tenetur a
sapiente delectus reiciendis voluptatibus maiores alias perferendis doloribus asperiores
repellat obcaecati
curabitur vivamus pellentesque mauris morbi aenean donec phasellus integer nunc fusce
suspendisse praesent etiam quisque maecenas proin cras vestibulum nullam tortor finibus justo
purus auctor massa nec semper quam euismod volutpat urna facilisi vehicula ultricies efficitur
dapibus felis porttitor venenatis rutrum aliquet lacus dictum mi placerat ante pharetra leo
sapien lectus ligula turpis tellus risus eros metus nibh orci augue arcu dui mollis nisl
posuere sagittis sem tincidunt tristique varius viverra vulputate ac eget
""".split())


def placeholder_blocks(doc: Document) -> list[Block]:
    """The main content's blocks that are placeholder text, in page order."""
    if not any(_MARK.search(block.text) for block in doc.blocks if block.kind in TEXT_KINDS):
        return []
    shown = " ".join(" ".join(_WORD.findall(block.text)).lower()
                     for block in doc.blocks if block.kind == "code")
    found, previous = [], None
    for block in doc.blocks:
        if block.kind in TEXT_KINDS and _is_filler(block.text) and \
                not _rendered_example(block.text, shown) and previous != "code":
            found.append(block)
        if block.kind not in ("image", "html"):  # a result box's <div> wraps the rendering
            previous = block.kind
    return found


def is_placeholder_page(doc: Document, filler: list[Block]) -> bool:
    """Most of the main content's words (three in five) are placeholder text (`filler`, the
    page's placeholder_blocks)."""
    if not filler:
        return False
    total = sum(_count(block.text) for block in doc.blocks if block.kind in TEXT_KINDS)
    return sum(_count(block.text) for block in filler) >= 0.6 * total


def _is_filler(text: str) -> bool:
    words = [word.lower() for word in _WORD.findall(text)]
    share = _SHARE if len(words) >= _LONG_BLOCK else _SHORT_SHARE
    return len(words) >= _MIN_WORDS and \
        sum(word in _FILLER for word in words) >= share * len(words)


def _rendered_example(text: str, shown: str) -> bool:
    """Filler that repeats a code block of the page is the rendering of an example shown in
    that code (a docs page showing what an admonition looks like), put there on purpose; so is
    filler right under a code block (images and raw HTML between), the result the example
    renders."""
    opening = " ".join(_WORD.findall(text)[:8]).lower()
    return bool(shown) and opening in shown


def _count(text: str) -> int:
    return len(_WORD.findall(text))
