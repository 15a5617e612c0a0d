"""Both parsers build the same model, with locations in the ORIGINAL file."""

from __future__ import annotations

import json

from citewise.parsers import parse
from citewise.services.dates import page_dates

from conftest import FIXTURES, citewise

PARSERS = FIXTURES / "parsers"


def _blocks(name: str) -> list[tuple]:
    doc = parse(str(PARSERS / name), (PARSERS / name).read_bytes())
    return [(b.kind, b.span.line, b.span.column, b.text) for b in doc.blocks]


def test_markdown_lines_count_the_yaml_front_matter():
    assert _blocks("yaml-front-matter.md") == [
        ("heading", 9, 3, "Acme CRM pricing"),
        ("paragraph", 11, 1,
         "Acme CRM costs $12 per user per month, billed yearly; the Team plan costs $20."),
        ("heading", 14, 4, "What does the free plan include?"),
        ("list_item", 16, 3, "Up to 3 users"),
        ("list_item", 17, 3, "1,000 contacts"),
        ("table", 19, 3, "Plan | Price | Team | $20"),
        ("code", 23, 1, 'print("not prose")\n'),
        ("blockquote", 27, 3, "Acme CRM paid for itself in a month."),
    ]


def test_front_matter_keys_keep_their_lines_and_values():
    doc = parse("x.md", (PARSERS / "yaml-front-matter.md").read_bytes())
    assert doc.front_matter.format == "yaml"
    assert doc.front_matter.key_lines == {"title": 2, "description": 3, "date": 4, "tags": 5}
    assert doc.title == "Acme CRM: pricing" and doc.title_line == 2
    toml = parse("x.md", (PARSERS / "toml-front-matter.md").read_bytes())
    assert toml.front_matter.format == "toml"
    assert toml.front_matter.key_lines == {"title": 2, "authors": 3, "path": 4}
    assert toml.front_matter.data["authors"] == ["The Rust Release Team"]
    assert [(b.kind, b.span.line) for b in toml.blocks] == [
        ("paragraph", 7), ("heading", 9), ("paragraph", 11)]


def test_markdown_without_front_matter():
    assert _blocks("no-front-matter.md") == [
        ("paragraph", 1, 1, "Intro paragraph before any heading."),
        ("heading", 3, 3, "Title"),
        ("paragraph", 5, 3, "Indented emphasis text with code inside."),
    ]


def test_locate_points_at_words_inside_a_wrapped_markdown_paragraph():
    doc = parse("x.md", (PARSERS / "yaml-front-matter.md").read_bytes())
    paragraph = doc.blocks[1]
    start = paragraph.text.index("Team plan")
    span = paragraph.locate(start, start + len("Team plan"))
    assert (span.line, span.column, span.end_line, span.end_column) == (12, 21, 12, 30)


def test_html_main_content_only_with_nested_lines():
    assert _blocks("nested.html") == [
        ("heading", 17, 13, "Acme CRM pricing"),
        ("paragraph", 18, 12, "By Jane Doe, 1 June 2025"),
        ("paragraph", 22, 15,
         "Acme CRM costs $12 per user per month, billed yearly & paid up front."),
        ("heading", 26, 15, "What does the free plan include?"),
        ("list_item", 28, 17, "Up to 3 users"),
        ("list_item", 29, 20, "1,000 contacts"),
        ("table", 31, 26, "Plan | Price | Team | $20"),
        ("code", 34, 22, "curl https://acme.example/api"),
    ]


def test_html_locate_across_lines_and_entities():
    doc = parse("x.html", (PARSERS / "nested.html").read_bytes())
    paragraph = doc.blocks[2]
    start = paragraph.text.index("billed")
    span = paragraph.locate(start, start + len("billed"))
    assert (span.line, span.column, span.end_column) == (23, 15, 21)


def test_html_metadata_with_lines():
    doc = parse("x.html", (PARSERS / "nested.html").read_bytes())
    assert doc.title == "Acme CRM pricing | Acme" and doc.title_line == 5
    assert doc.language == "en-GB"
    assert [(m.name, m.line) for m in doc.meta] == [
        ("description", 6), ("article:published_time", 7), ("rel:author", 18)]
    assert [(t.datetime, t.text, t.line) for t in doc.times] == [
        ("2025-06-01", "1 June 2025", 18)]
    (jsonld,) = doc.jsonld
    assert (jsonld.span.line, jsonld.span.column) == (9, 3)
    assert jsonld.data["@type"] == "Article" and jsonld.error is None
    (comment,) = doc.comments
    assert (comment.span.line, comment.span.column) == (33, 11)


def test_broken_jsonld_error_is_located_in_the_file():
    html = ('<html><head>\n<script type="application/ld+json">\n{"@type": "Article",\n'
            ' "headline": "x",}\n</script></head><body><p>Hi</p></body></html>')
    (item,) = parse("x.html", html.encode()).jsonld
    assert item.error == "trailing comma before }"
    assert (item.error_span.line, item.error_span.column) == (4, 17)  # the comma itself
    assert item.data == {"@type": "Article", "headline": "x"}  # recovered for the other rules


def test_inspect_prints_one_json_array():
    run = citewise("inspect", PARSERS / "yaml-front-matter.md", PARSERS / "nested.html")
    assert run.exit_code == 0
    documents = json.loads(run.stdout)
    assert [d["format"] for d in documents] == ["markdown", "html"]
    assert documents[0]["blocks"][0] == {
        "kind": "heading", "line": 9, "column": 3, "end_line": 9, "end_column": 19,
        "level": 1, "text": "Acme CRM pricing"}
    assert set(documents[1]["dates"]) == {"published", "modified", "found"}


def test_html_text_above_the_main_content_is_kept_apart():
    html = """<html><body>
<header><a href="/">Acme</a><nav><a href="/blog">Blog</a></nav>
  <p class="byline">By Dana Whitfield, updated 2 November 2026</p></header>
<h1>Acme CRM pricing</h1>
<main><p>Acme CRM costs $12 per user per month.</p></main>
<footer><p>Copyright 2026 Acme</p></footer>
</body></html>"""
    doc = parse("x.html", html.encode())
    assert [(b.kind, b.span.line, b.text) for b in doc.outside] == [
        ("paragraph", 2, "Acme"),
        ("paragraph", 3, "By Dana Whitfield, updated 2 November 2026"),
    ]
    assert [(b.kind, b.span.line) for b in doc.blocks] == [("heading", 4), ("paragraph", 5)]
    assert [(f.value, f.kind, f.source, f.line) for f in page_dates(doc).found] == [
        ("2026-11-02", "modified", "text", 3)]


def test_short_lines_right_after_the_main_content_are_kept_apart_as_its_footer():
    # A post's footer line ("Veröffentlicht: 22. August 2012") says when it was published;
    # related posts (after a heading) and the site footer are not the post's.
    page = FIXTURES / "date-not-visible" / "good-post-footer.html"
    doc = parse(str(page), page.read_bytes())
    assert [(b.kind, b.span.line, b.span.column, b.text) for b in doc.outside] == [
        ("paragraph", 5, 53, "Veröffentlicht: 22. August 2012")]
    assert all("Ähnliche" not in b.text and "Sommer" not in b.text for b in doc.blocks)
