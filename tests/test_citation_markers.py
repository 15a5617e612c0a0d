"""Citation markers, reference lists and navigation rows as a reader sees them: the markers are
no words of the sentences around them, the lists and rows are no paragraphs to judge."""

from __future__ import annotations

from citewise.parsers import parse
from citewise.services.nlp import get_pipeline

_WIKI_PAGE = """<html><body><main>
<h1>Harbour town</h1>
<p>The town grew quickly after 1850.<sup id="cite_ref-1" class="reference"><a href="#cite_note-1">[1]</a></sup> Its harbour handled 2 million m<sup>2</sup> of timber a year.<sup><a href="#fn2">2</a></sup> Rents doubled.<sup class="noprint Inline-Template"><i>[<a href="/wiki/Citation_needed"><span>citation needed</span></a>]</i></sup> The 1<sup>st</sup> bridge opened in 1901.</p>
<p><a href="/">Home</a> | <a href="/history">History</a> | <a href="/contact">Contact</a></p>
<h2>References</h2>
<div class="reflist"><ol class="references">
<li id="cite_note-1"><a href="#cite_ref-1">^</a> Smith, J. (1999). <i>A history of the harbour</i>. Harbour Press. p. 12.</li>
</ol></div>
<p>See the <a href="/a">museum</a> and the <a href="/b">archive</a> for more.</p>
</main></body></html>"""


def test_footnote_markers_are_left_out_of_the_text_and_the_words_keep_their_columns():
    doc = parse("town.html", _WIKI_PAGE.encode())
    assert [(b.kind, b.span.line, b.span.column, b.text) for b in doc.blocks] == [
        ("heading", 2, 5, "Harbour town"),
        ("paragraph", 3, 4, "The town grew quickly after 1850. Its harbour handled 2 million m2 of "
                            "timber a year. Rents doubled. The 1st bridge opened in 1901."),
        ("heading", 5, 5, "References"),
        ("paragraph", 9, 4, "See the museum and the archive for more."),
    ]
    paragraph = doc.blocks[1]
    line = _WIKI_PAGE.splitlines()[2]
    for word in ("Its harbour", "Rents doubled.", "bridge opened"):
        span = paragraph.locate(paragraph.text.index(word))
        assert (span.line, line[span.column - 1:].startswith(word)) == (3, True), word
    assert [s.text for s in get_pipeline().sentences(paragraph.text)] == [
        "The town grew quickly after 1850.", "Its harbour handled 2 million m2 of timber a year.",
        "Rents doubled.", "The 1st bridge opened in 1901."]


def test_markdown_footnote_markers_are_no_words_and_the_notes_are_footnote_blocks():
    path = "fixtures/parsers/footnotes.md"
    with open(path, "rb") as handle:
        source = handle.read()
    doc = parse(path, source)
    assert [(b.kind, b.span.line, b.span.column, b.text) for b in doc.blocks] == [
        ("paragraph", 5, 1, "Most sites deploy from a CI/CD platform, where a push to the remote "
                            "repository triggers a build. Hugo builds 10,000 pages in under a "
                            "second."),
        ("footnote", 8, 7, "The repository holds the whole project, without the public directory."),
        ("footnote", 9, 11, "See the release notes for Gitlab 17.4. A second line of the same note."),
        ("heading", 12, 4, "Hosting"),
        ("paragraph", 14, 1, "Pick a host that serves static files."),
    ]
    paragraph, note = doc.blocks[0], doc.blocks[2]
    lines = source.decode().splitlines()
    for block, word, line in ((paragraph, "to the remote", 5), (paragraph, "Hugo builds", 6),
                              (note, "A second line", 10)):
        span = block.locate(block.text.index(word))
        assert (span.line, lines[line - 1][span.column - 1:].startswith(word)) == (line, True), word
    assert [s.text for s in get_pipeline().sentences(paragraph.text)] == [
        "Most sites deploy from a CI/CD platform, where a push to the remote repository triggers "
        "a build.", "Hugo builds 10,000 pages in under a second."]
