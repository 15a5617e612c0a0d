"""Entity rules (entity-missing, author-missing, publisher-missing, sameas-missing) and the
entities service they share."""

from __future__ import annotations

from citewise.parsers import parse


def _html(text: str):
    return parse("page.html", text.encode(), "html")


def test_html_parser_records_author_links_microdata_and_microformats_as_meta_tags():
    doc = _html(
        "<html><head>\n"
        '<link rel="author" href="https://example.com/@jane">\n'
        '<link rel="author" content="https://plus.example.com/+Erin">\n'
        "</head><body><main>\n"
        '<p>By <a href="/authors/jane" rel="author noopener">Jane Doe</a></p>\n'
        '<p><a rel="nofollow" href="/x">Not an author</a></p>\n'
        '<span itemprop="author" itemscope><span itemprop="name">Ann  Lee</span></span>\n'
        '<span class="byline"><span class="author vcard"><a class="url fn n">Bo Li</a></span>\n'
        '<div class="h-entry"><a class="p-author h-card" href="/cy">Cy Ng</a></div>\n'
        '<div class="vcard">Acme Inc., 1 Main St</div><p class="author-bio">Bio.</p>\n'
        "</main></body></html>\n")
    assert [(t.name, t.content, t.line) for t in doc.meta if "author" in t.name] == [
        ("rel:author", "https://example.com/@jane", 2),
        ("rel:author", "https://plus.example.com/+Erin", 3),
        ("rel:author", "Jane Doe", 5),
        ("itemprop:author", "Ann Lee", 7),
        ("class:author", "Bo Li", 8),
        ("class:author", "Cy Ng", 9),
    ]


def test_context_entities_is_callable_with_config_entities_set():
    """The config's `entities` list is `Context.entity_names`; `Context.entities(doc)` stays the
    service (a field of the same name used to shadow the method)."""
    from citewise.engine.config import Config
    from citewise.engine.runner import Selection, context_for

    config = Config()
    config.entities = ["Acme"]
    context = context_for(config, Selection())
    assert context.entity_names == ("Acme",)
    doc = _html("<html><body><main><h1>Acme pricing</h1><p>Plans.</p></main></body></html>")
    assert context.entities(doc).primary.name == "Acme"
