"""Speed fixes in the parsers' hot paths give exactly what the plain versions gave."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from citewise.model import LineIndex
from citewise.parsers.textmap import _FIRST_WORD, _LINE_BREAK, TextBuilder

# Words that repeat and touch each other, with non-ASCII letters, digits and underscores.
ALPHABET = st.sampled_from(list("ab_1é ß.-\n\t") + ["ab", "ba", " a ", "\u00a0"])
TEXT = st.lists(ALPHABET, max_size=60).map("".join)


def regex_first_word(source: str, cursor: int, piece: str, limit: int) -> tuple[int, int]:
    """The original: a whole-word regex built for each piece."""
    word = _FIRST_WORD.search(piece)
    if not word:
        return -1, 0
    pattern = re.compile(r"(?<!\w)" + re.escape(word.group()) + r"(?!\w)")
    match = pattern.search(source, cursor, limit)
    return (match.start(), len(word.group())) if match else (-1, 0)


@given(TEXT, TEXT, st.integers(0, 70), st.integers(0, 80))
@example("abab", "ab", 0, 2)  # a word ending at the limit: the limit counts as the text's end
@example("xab ab", "ab!", 1, 9)  # the character before the cursor still counts
@example("é_ab ab", "ab", 0, 9)  # non-ASCII letters and _ are word characters
def test_first_word_search_matches_the_regex(source, piece, cursor, extra):
    cursor = min(cursor, len(source))
    limit = cursor + extra
    builder = TextBuilder(source, LineIndex(source), cursor)
    assert builder._find_first_word(piece, limit) == regex_first_word(source, cursor, piece,
                                                                       limit)


@given(TEXT, st.lists(TEXT, max_size=6))
def test_add_matches_splitting_every_piece(source, pieces):
    fast = TextBuilder(source, LineIndex(source), 0)
    plain = TextBuilder(source, LineIndex(source), 0)
    for piece in pieces:
        fast.add(piece)
        for number, line_piece in enumerate(_LINE_BREAK.split(piece)):
            if number:
                plain.separate(" ")
            if line_piece:
                plain._add_line_piece(line_piece)
    assert fast.build() == plain.build()
    assert (fast.parts, fast.anchors, fast.cursor) == (plain.parts, plain.anchors, plain.cursor)


LINKS = """# Links

A [bad](javascript:alert(1)) link, a [DATA](data:text/html;base64,xx) one, [ok](data:image/png;base64,x),
![alt text](<weird url.png> "title") and <http://exämple.com/ä?q=1 2> autolink, <mailto:x@exämple.com>.
[ref][r] and [Java%73cript](java%73cript:x) and [upper](JAVASCRIPT:x) and [tab](java&#x09;script:x).

[r]: javascript:void(0) "t"
"""


def test_markdown_without_url_normalisation_reads_the_same(monkeypatch):
    from markdown_it import MarkdownIt

    import citewise.parsers.markdown as markdown
    from citewise.parsers import parse

    def model(doc):
        return (doc.blocks, doc.comments, doc.title, doc.notes)

    fast = model(parse("links.md", LINKS.encode()))
    md = markdown._markdown()
    monkeypatch.setattr(md, "normalizeLink", MarkdownIt.normalizeLink.__get__(md))
    assert model(parse("links.md", LINKS.encode())) == fast
    assert "bad" in fast[0][1].text and "[Java%73cript]" not in fast[0][1].text
