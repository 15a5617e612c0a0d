"""Prose inside <pre> (RFC-style pages) becomes paragraphs with exact locations; code in <pre>
stays one code block."""

from __future__ import annotations

import pytest

from citewise.parsers import parse
from conftest import SHARED

_MEMO = """<html><body><main>
<pre>Network Working Group                                        L. Chen

Abstract

   This memo describes how a client asks a server for the <a href="#s2">list</a>
   of stored notes, and how the server answers it.

   Servers MUST answer within five seconds; a client that waits longer
   should retry once before it reports an error.

   GET /notes HTTP/1.1
   Host: example.org
</pre>
<pre>def notes(client):
    # ask the server for the list of stored notes, and wait for it
    return client.get("/notes", timeout=5)
</pre>
</main></body></html>"""


def test_an_rfc_style_pre_is_read_as_paragraphs_and_code_stays_code():
    doc = parse("memo.html", _MEMO.encode())
    assert [(b.kind, b.span.line, b.span.column, b.text) for b in doc.blocks] == [
        ("code", 2, 6, "Network Working Group                                        L. Chen"),
        ("code", 4, 1, "Abstract"),
        ("paragraph", 6, 4, "This memo describes how a client asks a server for the list of "
                            "stored notes, and how the server answers it."),
        ("paragraph", 9, 4, "Servers MUST answer within five seconds; a client that waits longer "
                            "should retry once before it reports an error."),
        ("code", 12, 4, "GET /notes HTTP/1.1 Host: example.org"),
        ("code", 15, 6, 'def notes(client): # ask the server for the list of stored notes, and '
                        'wait for it return client.get("/notes", timeout=5)'),
    ]
    paragraph = doc.blocks[2]
    start = paragraph.text.index("list")
    assert paragraph.locate(start).line == 6
    assert paragraph.locate(start).column == 73  # inside <a href="#s2">, the link's text


IETF = SHARED / "corpus" / "readability" / "test" / "test-pages" / "ietf-1" / "source.html"


@pytest.mark.skipif(not IETF.is_file(), reason="../shared/corpus is not present")
def test_an_ietf_draft_set_in_pre_has_prose_paragraphs_at_their_lines():
    doc = parse(str(IETF), IETF.read_bytes())
    lines = IETF.read_text(encoding="utf-8").splitlines()
    prose = [b for b in doc.blocks if b.kind == "paragraph" and b.span.line > 160]
    assert len(prose) >= 30
    assert (prose[0].span.line, prose[0].span.column) == (172, 5)
    assert prose[0].text.startswith("This draft describes a protocol by which client-side")
    for block in prose:  # every paragraph starts where its first word is in the file
        first_word = block.text.split()[0]
        line = lines[block.span.line - 1]
        assert line[block.span.column - 1:].startswith(first_word), (block.span, block.text)
