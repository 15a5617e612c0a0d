"""Entity rules (entity-missing, author-missing, publisher-missing, sameas-missing) and the
entities service they share."""

from __future__ import annotations

from citewise.parsers import parse


def _html(text: str):
    return parse("page.html", text.encode(), "html")


def test_html_parser_records_rel_author_links_as_meta_tags():
    doc = _html(
        "<html><head>\n"
        '<link rel="author" href="https://example.com/@jane">\n'
        "</head><body><main>\n"
        '<p>By <a href="/authors/jane" rel="author noopener">Jane Doe</a></p>\n'
        '<p><a rel="nofollow" href="/x">Not an author</a></p>\n'
        "</main></body></html>\n")
    assert [(t.name, t.content, t.line) for t in doc.meta if t.name == "rel:author"] == [
        ("rel:author", "https://example.com/@jane", 2),
        ("rel:author", "Jane Doe", 4),
    ]
