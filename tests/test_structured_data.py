"""Structured data: JSON-LD diagnoses and recovery, schema.org vocabulary, microdata/RDFa via
extruct, no network, lazy imports, and the extruct corpus (every block found, on its line)."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citewise.engine.config import Config
from citewise.engine.runner import Selection, lint_bytes
from citewise.model import LineIndex
from citewise.parsers import parse
from citewise.parsers.decode import decode
from citewise.parsers.jsonld import parse_jsonld
from citewise.services.schema_vocab import vocabulary
from conftest import CORPUS, FIXTURES, check_json, needs_corpus

SCHEMA_RULES = ("jsonld-missing", "jsonld-syntax", "jsonld-unknown-type",
                "jsonld-unknown-property", "jsonld-missing-property", "faq-schema-mismatch")
EXTRUCT_SAMPLES = CORPUS / "extruct" / "tests" / "samples"


def _page(block: str) -> str:
    """A page whose JSON-LD block text starts on line 3, column 1."""
    return ('<html><head><title>Acme</title>\n<script type="application/ld+json">\n'
            f'{block}\n</script></head><body><main><h1>Acme</h1><p>Acme CRM.</p></main>'
            '</body></html>')


# jsonld-missing reports a microdata or RDFa page only when asked (report-other-syntaxes).
OTHER_SYNTAXES = Config(rule_options={"jsonld-missing": {"report-other-syntaxes": True}})


def _findings(source: str, *rules: str, name: str = "page.html",
              config: Config | None = None) -> list[tuple[str, int, str]]:
    diagnostics = lint_bytes(name, source.encode(), config or Config(), Selection(select=rules))
    return [(d.rule, d.line, d.message) for d in diagnostics]


# Each real-world breakage gets its own words, at its own line and column of the file.
DIAGNOSES = [
    ('{"@type": "Article",\n "headline": "x",\n}', "trailing comma before }", (4, 17), True),
    ('{"a": [1, 2,]}', "trailing comma before ]", (3, 12), True),
    ('{"@type": "Article", // the type\n "headline": "x"}', 'JavaScript comment "// the type"',
     (3, 22), True),
    ('/* generated */ {"@type": "Article"}', "JavaScript comment", (3, 1), True),
    ('<![CDATA[\n{"@type": "Article"}\n]]>', "CDATA wrapper", (3, 1), True),
    ('//<![CDATA[\n{"@type": "Article"}\n//]]>', "CDATA wrapper", (3, 1), True),
    ('<!-- SEO plugin -->\n{"@type": "Article"}', 'HTML comment "<!-- SEO plugin -->"', (3, 1),
     True),
    ('{"headline": "one\ntwo"}', "unescaped line break inside a string", (3, 18), True),
    ('{"headline": "a\tb"}', "unescaped tab inside a string", (3, 16), True),
    ('{&quot;@type&quot;: &quot;Article&quot;}', 'HTML entity "&quot;"', (3, 2), True),
    ('{ & #34;@type&# 34;: & #34;Article&# 34;}', 'mangled HTML entity "& #34;"', (3, 3), True),
    ('{"@type": "Article"}\n{"@type": "Person"}', "several JSON values in a row", (4, 1), True),
    ('[{"@type": "Article"}];', "semicolon after the JSON", (3, 23), True),
    ("{\"headline\": 'Acme'}", "single-quoted string", (3, 14), True),
    ('{headline: "Acme"}', "unquoted property name headline", (3, 2), True),
    ('{"image": "<img src="a.png">"}', "unescaped double quote inside a string", (3, 21), True),
    ('{"a": 1\n "b": 2}', "missing comma", (4, 2), True),
    ('{"author": undefined}', "undefined is not a JSON value", (3, 12), True),
    ("", "the block is empty", (2, 36), False),
    ("Acme CRM pricing", 'not JSON: the block starts with text "Acme CRM pricing"', (3, 1), False),
    ('{"headline": "Acme', "unterminated string", (3, 14), False),
]


@pytest.mark.parametrize("block, words, where, recovered", DIAGNOSES,
                         ids=[case[1][:30] for case in DIAGNOSES])
def test_jsonld_syntax_says_what_is_wrong_and_where(block, words, where, recovered):
    (item,) = parse("page.html", _page(block).encode()).jsonld
    assert words in item.error
    assert (item.error_span.line, item.error_span.column) == where
    assert (item.data is not None) == recovered
    found = _findings(_page(block), "jsonld-syntax")
    assert [(rule, line) for rule, line, _ in found] == [("jsonld-syntax", where[0])]
    assert words in found[0][2]


def test_further_problems_in_a_block_are_listed_with_their_lines():
    block = '{\n "a": 1, // first\n "b": [1,],\n}'
    (item,) = parse("page.html", _page(block).encode()).jsonld
    assert item.error.startswith('JavaScript comment "// first"')
    assert "trailing comma before ] (line 5)" in item.error
    assert "trailing comma before } (line 5)" in item.error
    assert item.data == {"a": 1, "b": [1]}


def test_crlf_pages_are_located_in_the_file():
    source = _page('{\n  "@type": "Articel",\n  "headline": "x",\n}').replace("\n", "\r\n")
    found = _findings(source, "jsonld-syntax", "jsonld-unknown-type")
    assert sorted(found)[0][:2] == ("jsonld-syntax", 5)
    assert ("jsonld-unknown-type", 4) in [(rule, line) for rule, line, _ in found]
    (item,) = parse("page.html", source.encode()).jsonld
    assert (item.span.line, item.span.column) == (3, 1)
    assert (item.error_span.line, item.error_span.column) == (5, 18)


def test_repaired_blocks_are_still_checked_by_the_schema_rules():
    block = '<![CDATA[\n{"@context": "https://schema.org",\n "@type": "Articel",\n' \
            ' "datepublished": "2026-01-02",}\n]]>'
    found = [(rule, line) for rule, line, _ in _findings(_page(block), *SCHEMA_RULES)]
    assert ("jsonld-syntax", 3) in found
    assert ("jsonld-unknown-type", 5) in found
    assert ("jsonld-unknown-property", 6) in found


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('{}[]",:/*<>!-&#;\' \n\t\r\\abtrue0123@CDAT')),
               max_size=120))
def test_parse_jsonld_never_raises_and_points_inside_the_block(raw):
    source = f"<script>{raw}</script>"
    item = parse_jsonld(raw, 8, LineIndex(source))
    if item.error:
        last = 1 + raw.count("\n")
        assert 1 <= item.error_span.line <= last
        assert item.error_span.column >= 1


def test_type_and_property_typos_get_the_closest_real_term():
    block = ('{"@context": "https://schema.org", "@graph": [\n'
             '  {"@type": ["Article", "NewsArticel"], "headline": "x",\n'
             '   "autor": {"@type": "person", "name": "Ana"}},\n'
             '  {"@type": "foaf:Person", "foaf:nick": "ana"}]}')
    found = _findings(_page(block), "jsonld-unknown-type", "jsonld-unknown-property")
    assert sorted(found) == [
        ("jsonld-unknown-property", 5, '"autor" on Article is not a schema.org property (did '
                                       'you mean "author"?)'),
        ("jsonld-unknown-type", 4, '"NewsArticel" is not a schema.org type (did you mean '
                                   '"NewsArticle"?)'),
        ("jsonld-unknown-type", 5, '"person" is not a schema.org type (did you mean "Person"?)'),
    ]


def test_extra_types_and_properties_options_extend_the_vocabulary(tmp_path):
    (tmp_path / "citewise.toml").write_text(
        '[rules.jsonld-unknown-type]\nextra-types = ["MemberProgram"]\n'
        '[rules.jsonld-unknown-property]\nextra-properties = ["hasTierBenefit"]\n')
    page = tmp_path / "page.html"
    page.write_text(_page('{"@context": "https://schema.org", "@type": "MemberProgram",\n'
                          ' "name": "Club", "hasTierBenefit": "x", "hasTeir": "y"}'))
    from conftest import check_json
    run = check_json("--select", "jsonld-unknown-type,jsonld-unknown-property", str(page))
    assert run.found() == [("jsonld-unknown-property", 4)]


def test_vocabulary_is_rdflib_schema_org_loaded_once():
    vocab = vocabulary()
    assert vocab is vocabulary()
    assert "2021-12-01" in vocab.version and "rdflib" in vocab.version
    assert {"Article", "FAQPage", "3DModel"} <= vocab.types
    assert {"headline", "datePublished", "yield"} <= vocab.properties
    assert "Articel" not in vocab.types and "headline" not in vocab.types


def test_missing_properties_required_is_warning_recommended_is_info():
    block = ('{"@context": "https://schema.org", "@type": "BlogPosting",\n'
             ' "headline": "x", "author": {"@type": "Person", "url": "https://a.example"},\n'
             ' "publisher": {"@type": "Organization", "name": "Acme"}}')
    diagnostics = lint_bytes("page.html", _page(block).encode(), Config(),
                             Selection(select=("jsonld-missing-property",)))
    assert [(d.line, d.severity, d.message) for d in diagnostics] == [
        (3, "warning", 'BlogPosting lacks required "datePublished"'),
        (3, "info", 'BlogPosting lacks recommended "dateModified", "image"'),
        (4, "warning", 'Person lacks required "name"'),
    ]


def test_microdata_and_rdfa_become_structured_data_with_lines():
    source = ('<html><head><title>Anvil</title>\n<meta property="og:title" content="Anvil">\n'
              '</head><body vocab="https://schema.org/">\n'
              '<div itemscope itemtype="https://schema.org/Product">\n'
              '<h1 itemprop="name">Anvil</h1></div>\n'
              '<div typeof="Person"><p property="name">Ana</p></div></body></html>')
    doc = parse("page.html", source.encode())
    kinds = {item.syntax: item for item in doc.structured_data}
    assert kinds["microdata"].data["properties"]["name"] == "Anvil"
    assert kinds["microdata"].span.line == 4
    assert kinds["rdfa"].span.line == 6
    assert kinds["opengraph"].data == {"og:title": ["Anvil"]}
    assert kinds["opengraph"].span.line == 2
    found = _findings(source, "jsonld-missing", config=OTHER_SYNTAXES)
    assert found == [("jsonld-missing", 1, "no JSON-LD block; the page has RDFa and microdata "
                                            "(Person, Product) instead, which fewer consumers read")]


def test_extruct_and_rdflib_are_imported_only_when_needed():
    script = (
        "import sys\n"
        "from citewise.engine.config import Config\n"
        "from citewise.engine.runner import Selection, lint_bytes\n"
        "page = b'<html><head><title>T</title><script type=\"application/ld+json\">"
        "{\"@type\": \"Article\"}</script></head><body><p>x</p></body></html>'\n"
        "lint_bytes('a.html', page, Config(), Selection(select=('long-paragraph',)))\n"
        "print('extruct' in sys.modules, 'rdflib' in sys.modules)\n"
        "lint_bytes('a.html', page, Config(), Selection(select=('jsonld-unknown-type',)))\n"
        "print('extruct' in sys.modules, 'rdflib' in sys.modules)\n"
        "micro = (b'<html><head><title>T</title></head><body><div itemscope>'\n"
        "         b'<p itemprop=\"name\">x</p></div></body></html>')\n"
        "lint_bytes('b.html', micro, Config(), Selection(select=('long-paragraph',)))\n"
        "print('extruct' in sys.modules)\n"
        "lint_bytes('b.html', micro, Config(), Selection(select=('jsonld-missing',)))\n"
        "print('extruct' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split("\n")[:4] == ["False False", "False True", "False", "True"]


XXE_PAGE = """<!DOCTYPE html [
  <!ENTITY secret SYSTEM "file:///etc/passwd">
  <!ENTITY remote SYSTEM "http://attacker.invalid/xxe">
]>
<html lang="en" prefix="ex: http://attacker.invalid/ns#">
<head>
<title>Passport FAQ &secret; &remote;</title>
<link rel="profile" href="http://attacker.invalid/profile">
<script type="application/ld+json">
{"@context": ["https://schema.org", "https://attacker.invalid/context.jsonld"],
 "@type": "FAQPage",
 "mainEntity": [{"@type": "Question", "name": "Where is &remote;?",
   "acceptedAnswer": {"@type": "Answer", "text": "Nowhere."}}]}
</script>
<script type="application/ld+json">
{"@context": ["https://schema.org", "http://attacker.invalid/ctx"], "@type": "Articel"}
</script>
</head>
<body>
<main itemscope itemtype="http://attacker.invalid/Type" itemid="http://attacker.invalid/item">
<h1 property="name" itemprop="name">Passport FAQ &secret;</h1>
<p><img src="http://attacker.invalid/pixel.png" alt="x"> How long does renewal take?</p>
<div vocab="https://schema.org/" typeof="WebPage" resource="http://attacker.invalid/page">
<p property="name">Passport FAQ</p></div>
</main>
</body>
</html>
"""


def test_remote_contexts_and_xxe_are_never_fetched(monkeypatch):
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise OSError("network access attempted during a check")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    doc = parse("xxe.html", XXE_PAGE.encode())
    assert all("root:" not in block.text for block in doc.blocks)
    diagnostics = lint_bytes("xxe.html", XXE_PAGE.encode(), Config(),
                             Selection(select=SCHEMA_RULES + ("internal-error",)))
    found = sorted((d.rule, d.line) for d in diagnostics)
    assert found == [("faq-schema-mismatch", 12), ("jsonld-unknown-type", 16)]
    # Without JSON-LD, extruct reads the microdata and the RDFa (pointing at remote IRIs).
    without = re.sub(r"<script.*?</script>", "", XXE_PAGE, flags=re.S)
    doc = parse("xxe.html", without.encode())
    assert {item.syntax for item in doc.structured_data} == {"microdata", "rdfa"}
    diagnostics = lint_bytes("xxe.html", without.encode(), OTHER_SYNTAXES,
                             Selection(select=SCHEMA_RULES + ("internal-error",)))
    assert [(d.rule, d.severity) for d in diagnostics] == [("jsonld-missing", "info")]
    assert calls == []


@needs_corpus
def test_every_jsonld_block_extruct_finds_is_found_on_its_line():
    """Over the extruct samples: each block extruct reads, citewise finds, reads to the same
    data (repairing the deliberately broken ones the way extruct does), and locates at the
    line and column where the block's first characters are in the file."""
    from extruct.jsonld import JsonLdExtractor
    from extruct.utils import parse_html

    extractor = JsonLdExtractor()
    expected = found = located = same = 0
    for page in sorted(EXTRUCT_SAMPLES.rglob("*.html")):
        data = page.read_bytes()
        text = decode(data, True).text
        lines = text.split("\n")
        unused = list(parse(str(page), data).jsonld)
        for script in extractor._xp_jsonld(parse_html(text.encode(), encoding="UTF-8")):
            items = [item for item in extractor._extract_items(script) if item]
            if not items:
                continue
            expected += 1
            raw = script.xpath("string()")
            block = next((b for b in unused if b.raw == raw), None)
            if block is None:
                continue
            unused = unused[unused.index(block) + 1:]
            found += 1
            head = raw.lstrip()[:20].split("\n")[0].rstrip("\r")
            line = lines[block.span.line - 1]
            located += line[block.span.column - 1:].startswith(head) and \
                block.span.line >= script.sourceline
            mine = block.data if isinstance(block.data, list) else [block.data]
            same += [item for item in mine if item] == items
    assert expected == found == located == same == 87


@needs_corpus
def test_extruct_expected_output_of_broken_samples_is_recovered():
    for page in sorted((EXTRUCT_SAMPLES / "custom.invalid").glob("*.html")):
        expected = json.loads(page.with_suffix(".jsonld").read_text())
        (block,) = parse(str(page), page.read_bytes()).jsonld
        assert block.error, page.name
        assert [block.data] == expected, page.name


@needs_corpus
def test_readability_cdata_and_mangled_entities_are_diagnosed_and_read():
    pages = CORPUS / "readability" / "test" / "test-pages"
    cdata = 0
    for page in sorted(pages.glob("*/source.html")):
        doc = parse(str(page), page.read_bytes())
        lines = decode(page.read_bytes(), True).text.split("\n")
        for block in doc.jsonld:
            if block.raw.lstrip().startswith("<![CDATA["):
                cdata += 1
                assert block.error.startswith("CDATA wrapper"), page
                assert lines[block.error_span.line - 1][block.error_span.column - 1:] \
                    .startswith("<![CDATA[")
                assert isinstance(block.data, (dict, list))
    assert cdata == 26
    telegraph = pages / "telegraph" / "source.html"
    (block,) = [b for b in parse(str(telegraph), telegraph.read_bytes()).jsonld if b.error]
    assert block.error.startswith('mangled HTML entity "& #34;"')
    assert block.data["@type"] == "BreadcrumbList"


def test_sibling_nodes_with_the_same_gap_are_one_finding_with_a_count():
    events = ",\n".join('{"@type": "Event", "name": "Talk %d", "startDate": "2026-01-0%d",'
                        ' "eventStatus": "https://schema.org/EventScheduled"}' % (n, n)
                        for n in range(1, 4))
    block = '{"@context": "https://schema.org", "@graph": [\n' + events + "]}"
    diagnostics = lint_bytes("page.html", _page(block).encode(), Config(),
                             Selection(select=("jsonld-missing-property",)))
    assert [(d.line, d.severity, d.message) for d in diagnostics] == [
        (4, "warning", 'Event lacks required "location" (and 2 more like it in the same list)'),
        (4, "info", 'Event lacks recommended "description", "endDate", "image", "offers", '
                    '"organizer", "performer" (and 2 more like it in the same list)'),
    ]


def test_frontmatter_key_names_are_options(tmp_path):
    (tmp_path / "citewise.toml").write_text(
        '[rules.frontmatter-missing]\ndate-keys = ["published_at"]\n'
        'extend-description-keys = ["lede"]\n')
    page = tmp_path / "post.md"
    page.write_text("---\ntitle: Acme CRM pricing\nlede: What it costs.\ndate: 2026-03-02\n---\n\n"
                    "Acme CRM costs $12 per user per month.\n")
    from conftest import check_json
    run = check_json("--select", "frontmatter-missing", str(page))
    assert [(d["line"], d["message"]) for d in run.diagnostics] == [
        (1, "front matter lacks a date (published_at)")]
    page.write_text("---\ntitle: Acme CRM pricing\nlede: What it costs.\n"
                    "published_at: 2026-03-02\n---\n\nAcme CRM costs $12 per user per month.\n")
    assert check_json("--select", "frontmatter-missing", str(page)).diagnostics == []


def test_nested_contexts_change_the_vocabulary_only_through_vocab():
    block = ('{"@context": "https://schema.org", "@type": "Article", "headline": "x",\n'
             ' "author": {"@context": {"ex": "https://example.com/ns#"}, "@type": "Persn"},\n'
             ' "about": {"@context": {"@vocab": "http://xmlns.com/foaf/0.1/"}, "@type": "Agent",'
             ' "nick": "ana"},\n'
             ' "mentions": {"@context": ["https://example.com/ctx"], "@type": "Thing2"}}')
    found = [(rule, line) for rule, line, _ in
             _findings(_page(block), "jsonld-unknown-type", "jsonld-unknown-property")]
    assert found == [("jsonld-unknown-type", 4)]


def test_a_microdata_page_is_not_asked_for_json_ld_unless_configured(tmp_path):
    # Judged 2026-12-02: "has microdata, add JSON-LD too" was DEBATABLE on every sampled page.
    page = tmp_path / "product.html"
    page.write_text((FIXTURES / "jsonld-missing" / "microdata.html").read_text())
    assert check_json("--select", "jsonld-missing", "--no-cache", page).found() == []
    (tmp_path / "citewise.toml").write_text("[rules.jsonld-missing]\nreport-other-syntaxes = true\n")
    assert check_json("--select", "jsonld-missing", "--no-cache", page).found() == [
        ("jsonld-missing", 6)]
