"""Entity rules (entity-missing, author-missing, publisher-missing, sameas-missing) and the
entities service they share."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from citewise.checks.author_missing import find_author
from citewise.checks.entity_missing import title_entity
from citewise.engine.registry import load_registry
from citewise.parsers import parse
from citewise.services import Context

from conftest import CORPUS, FIXTURES, check_json, needs_corpus

ENTITY_RULES = "entity-missing,author-missing,publisher-missing,sameas-missing"
LEAD_WORDS = ["announcing", "introducing", "the", "what's new in"]


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
        '<div id="byline-top">Dana Whitfield, 3 May 2026</div>\n'
        '<div class="comment-author">Troll McTrollface</div><span class="author">By</span>\n'
        "</main></body></html>\n")
    found = [(t.name, t.content, t.line) for t in doc.meta if t.name.endswith(("author", "byline"))]
    assert sorted(found) == [
        ("class:author", "Bo Li", 8),
        ("class:author", "Cy Ng", 9),
        ("class:byline", "Bo Li", 8),  # class="author vcard": a microformat and a byline
        ("class:byline", "Cy Ng", 9),
        ("class:byline", "Dana Whitfield, 3 May 2026", 11),  # not the comment's, not "By"
        ("itemprop:author", "Ann Lee", 7),
        ("rel:author", "Jane Doe", 5),
        ("rel:author", "https://example.com/@jane", 2),
        ("rel:author", "https://plus.example.com/+Erin", 3),
    ]


def test_microdata_and_rdfa_publishers_become_meta_tags():
    """A publisher declared in the markup (microdata itemprop, RDFa property) is read as the
    MetaTag "itemprop:publisher" naming it, for publisher-missing; Open Graph's
    article:publisher meta tag is not one."""
    doc = _html(
        "<html><head>\n"
        '<meta property="article:publisher" content="https://facebook.com/acme">\n'
        "</head><body><main><p>Text.</p></main>\n"
        '<div itemprop="publisher" itemscope><meta itemprop="name" content="Acme Media"></div>\n'
        '<p property="schema:publisher" typeof="Organization"><b property="name">Beta Inc</b></p>\n'
        '<span itemprop="publisher">Gamma Press</span>\n'
        "</body></html>\n")
    found = [(t.name, t.content, t.line) for t in doc.meta if t.name == "itemprop:publisher"]
    assert found == [("itemprop:publisher", "Acme Media", 4),
                     ("itemprop:publisher", "Beta Inc", 5),
                     ("itemprop:publisher", "Gamma Press", 6)]


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


# -- the entities service ----------------------------------------------------------------------


@pytest.mark.parametrize("title, name", [
    ("Announcing Rust 1.88.0", "Rust"),
    ("Announcing rustup 1.28.2", "rustup"),
    ("Node.js 16.15.0 (LTS)", "Node.js"),
    ("Farewell to Node.js v5, Preparing for v7", "Node.js"),
    ("What's new in Python 3.12?", "Python"),
    ("Announcing Visual Studio Code 1.80", "Visual Studio Code"),
    ("Updating the Android NDK in Rust 1.68", None),  # the subject is not "Rust"
    ("npm security updates v2.15.1 and v3.8.3", None),  # no name, a phrase
    ("Weekly Update 27.03.2015", None),  # a date, not a version
    ("How long does a passport renewal take?", None),
    ("The Node.js Foundation benefits all", None),
])
def test_title_entity_takes_the_name_before_a_version_or_nothing(title, name):
    found = title_entity(title, LEAD_WORDS)
    assert (found.name if found else None) == name


def test_node_js_may_be_named_node():
    assert title_entity("Node.js 0.10.0 (Stable)", LEAD_WORDS).names == ("Node.js", "Node")


def test_primary_entity_comes_from_jsonld_names_in_the_h1_not_from_the_author():
    doc = _html(textwrap.dedent("""\
        <html><head><title>Life Is a Highway – By Lorraine Weightman | Consett Magazine</title>
        <script type="application/ld+json">
        {"@context": "https://schema.org", "@graph": [
          {"@type": "WebPage", "name": "Life Is a Highway", "author": {"@id": "#lw"}},
          {"@type": "Person", "@id": "#lw", "name": "Lorraine Weightman"},
          {"@type": "Organization", "name": "Consett Magazine", "alternateName": "Consett Mag"}
        ]}
        </script></head><body><main>
        <h1>Life Is A Highway – By Lorraine Weightman</h1>
        <p>When I learned to drive I bought my first car for a hundred pounds in 1979.</p>
        </main></body></html>"""))
    context = Context()
    found = context.entities(doc)
    assert found.primary is None  # the author is not what the page is about
    assert [e.name for e in found.known] == ["Consett Magazine"]
    assert [e.name for e in found.publishers] == ["Consett Magazine"]
    assert found.known[0].aliases == ("Consett Mag",)
    assert context.entities(doc) is found  # computed once per document, kept on the context


def test_primary_entity_from_config_is_the_one_the_title_names_first():
    doc = _html("<html><body><main><h1>Acme Sync vs Dropbox: which syncs faster?</h1>"
                "<p>Acme Sync moved 10 GB in 4 minutes.</p></main></body></html>")
    found = Context(entity_names=("Dropbox", "Acme Sync")).entities(doc)
    assert found.primary.name == "Acme Sync" and found.primary.source == "config"


class _FakePipeline:
    def __init__(self, trained):
        self.trained = trained

    def entities(self, text):
        start = text.index("Wintermute")
        return [(start, start + len("Wintermute"), "ORG"), (0, 4, "DATE")]


@pytest.mark.parametrize("trained", [True, False])
def test_ner_names_the_subject_only_with_a_trained_model(monkeypatch, trained):
    import citewise.services.nlp as nlp

    monkeypatch.setattr(nlp, "get_pipeline", lambda model: _FakePipeline(trained))
    doc = _html("<html><body><main><h1>2026 plans at Wintermute</h1>"
                "<p>The company will open two offices in Lisbon and Porto next year.</p>"
                "</main></body></html>")
    found = Context(nlp_model="en_core_web_sm").entities(doc)
    assert (found.primary.name if found.primary else None) == ("Wintermute" if trained else None)


def test_entity_rules_do_not_import_spacy_without_a_trained_model():
    page = FIXTURES / "entity-missing" / "product-our.html"
    code = textwrap.dedent(f"""
        import sys
        from citewise.engine.config import Config
        from citewise.engine.runner import Selection, lint_bytes
        data = open({str(page)!r}, "rb").read()
        found = lint_bytes("page.html", data, Config(),
                           Selection(select=tuple({ENTITY_RULES!r}.split(","))))
        assert [d.rule for d in found] == ["entity-missing"], found
        assert "spacy" not in sys.modules
    """)
    subprocess.run([sys.executable, "-c", code], check=True)


# -- entity-missing with config entities ---------------------------------------------------------

def test_config_entity_we_voice_without_the_name_is_reported(tmp_path):
    page = tmp_path / "changes.md"
    page.write_text("# Changes to the release schedule\n\n"
                    "We are moving the release day from Tuesday to Thursday, starting in May.\n")
    config = tmp_path / "citewise.toml"
    config.write_text('entities = ["Acme Cloud"]\n')
    run = check_json("--select", "entity-missing", "--no-cache", "--config", config, page)
    assert run.found() == [("entity-missing", 3)]
    assert '"We"' in run.diagnostics[0]["message"]
    assert "Acme Cloud" in run.diagnostics[0]["message"]
    config.write_text("")
    assert check_json("--select", "entity-missing", "--no-cache", "--config", config,
                      page).found() == []  # no brand configured: nobody to name


def test_us_the_country_is_not_first_person(tmp_path):
    page = tmp_path / "trade.md"
    page.write_text("# Trade figures for March\n\n"
                    "US exports to the EU rose 4% in March, the third rise in a row.\n")
    config = tmp_path / "citewise.toml"
    config.write_text('entities = ["Acme Cloud"]\n')
    assert check_json("--select", "entity-missing", "--no-cache", "--config", config,
                      page).found() == []


# -- the real corpus -----------------------------------------------------------------------------

@needs_corpus
def test_author_found_on_nine_in_ten_readability_pages_with_a_known_byline():
    options = load_registry().rules["author-missing"].defaults
    pages = sorted((CORPUS / "readability" / "test" / "test-pages").iterdir())
    with_byline = [p for p in pages
                   if json.loads((p / "expected-metadata.json").read_text()).get("byline")]
    found = sum(1 for p in with_byline if find_author(
        parse(str(p / "source.html"), (p / "source.html").read_bytes(), "html"),
        options, Context()))
    assert len(with_byline) == 76
    assert found / len(with_byline) >= 0.9, found


@needs_corpus
def test_quiet_on_release_posts_that_name_their_product():
    run = check_json("--select", ENTITY_RULES, "--no-cache", CORPUS / "rust-blog")
    assert run.found() == []


def test_a_comment_author_is_not_the_article_author():
    doc = _html(textwrap.dedent("""\
        <html><head><title>Heat pumps cut bills</title>
        <script type="application/ld+json">
        {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Heat pumps",
         "comment": [{"@type": "Comment", "text": "Nice!", "author": {"name": "Troll"}}]}
        </script></head><body><main><h1>Heat pumps cut bills</h1>
        <p>Households in the trial paid 34% less for heating this winter.</p></main></body></html>
        """))
    options = load_registry().rules["author-missing"].defaults
    assert find_author(doc, options, Context()) == ""
    fresh = _html(textwrap.dedent("""\
        <html><head><script type="application/ld+json">
        {"@context": "https://schema.org", "@type": "BlogPosting", "author": "Jane Doe"}
        </script></head><body><main><h1>Heat pumps cut bills</h1></main></body></html>
        """))
    assert find_author(fresh, options, Context()) == "JSON-LD author"
