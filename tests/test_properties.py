"""Property-based tests over random Markdown and HTML: no exception, every diagnostic inside the
file, the same output every time, and with any number of worker processes.

Pages are built from fragments that exercise the parsers' edges (front matter fences, nested
lists and quotes, tables, HTML blocks, comments, JSON-LD, entities, CRLF, astral characters)
mixed with arbitrary text. The whole module takes ~10 s (fixed examples, no deadline).
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import check_json, line_count
from citewise.engine.config import Config
from citewise.engine.runner import Selection, lint_bytes

SELECTION = Selection(today=dt.date(2026, 11, 25))
SETTINGS = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = ["Acme", "Cloud", "costs", "$12", "per", "month", "in", "2026.", "It", "is", "the",
         "best", "tool", "Dr.", "Smith", "says", "e.g.", "3.5%", "http://example.com/a.b",
         "café", "naïve", "漢字", "🎉", "\u200b", "&amp;", "&nbsp;", "&#x27;", "*", "_", "`",
         "[", "]", "(", ")", "<", ">", "\\", "\"", "'", "|", "\t", "ünïcødé", "\u202e"]

MARKDOWN_LINES = [
    "---", "+++", "...", "title: Acme: pricing", 'title = "Acme"', "date: 2025-13-45",
    "# Acme Cloud pricing", "## What does it cost?", "### Setup { #setup }", "Heading", "===",
    "- item", "  - nested item", "    - deeper", "1. first", "10) tenth", "> quote", "> > deeper",
    "> - quoted item", "```", "```python", "~~~", "    indented code", "| a | b |", "|---|:-:|",
    "| 1 | 2 | 3 |", "<div>", "</div>", "<!-- citewise-disable-next-line long-paragraph -->",
    "<!-- citewise-disable answer-first", "-->", "<!--", "<p>raw <b>html</b></p>",
    '<script type="application/ld+json">', '{"@type": "Article", "headline": "x",}', "</script>",
    "![alt text](image.png)", "[link](http://example.com)", "[ref]: http://example.com",
    "!!! note", "/// tip", ":::", "***", "", "", "", "\t", "   ", "Last updated: March 3, 2024.",
]

HTML_FRAGMENTS = [
    "<!DOCTYPE html>", "<?xml version='1.0' encoding='utf-8'?>", "<html lang='en'>", "</html>",
    "<head>", "</head>", "<title>Acme</title>", "<meta name='description' content='Acme'>",
    "<meta property='article:published_time' content='2024-02-30'>", "<body>", "</body>",
    "<main>", "</main>", "<article>", "</article>", "<section>", "<nav>", "</nav>", "<header>",
    "<footer>", "<aside>", "<h1>", "</h1>", "<h2>", "</h2>", "<h3 id='x'>", "<p>", "</p>",
    "<ul>", "</ul>", "<ol>", "<li>", "</li>", "<dl><dt>Term</dt><dd>", "<table>", "<tr>",
    "<td>", "<th>", "</td>", "</table>", "<blockquote>", "</blockquote>", "<pre>", "</pre>",
    "<span>", "</span>", "<b>", "<a href='#x'>", "</a>", "<img src='x.png' alt='Acme'>",
    "<br>", "<figure><figcaption>Chart</figcaption></figure>", "<div hidden>", "<div>",
    "</div>", "<time datetime='2025-01-01'>", "</time>", "<!--", "-->", "<!-- note -->",
    "<!-- citewise-disable-file -->", "<script type='application/ld+json'>",
    '{"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [', "]}",
    "</script>", "<script>var a = '<p>';</script>", "<style>p{}</style>", "<![CDATA[", "]]>",
    "<div itemscope itemtype='https://schema.org/Person'><span itemprop='name'>Ann</span>",
    "<div vocab='https://schema.org/' typeof='Person'><span property='name'>Bo</span>",
    "&amp;", "&lt;", "&bogus;", "&#0;", "<", ">", "\n", "\r\n", "\r", "\n\n",
]

text_piece = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
word_run = st.lists(st.sampled_from(WORDS) | text_piece, max_size=12).map(" ".join)
markdown_line = st.sampled_from(MARKDOWN_LINES) | word_run | st.tuples(
    st.sampled_from(["", "# ", "- ", "> ", "1. ", "| ", "    "]), word_run).map("".join)
newline = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"])
markdown_pages = st.lists(st.tuples(markdown_line, newline).map("".join), max_size=40).map("".join)
html_pages = st.lists(st.sampled_from(HTML_FRAGMENTS) | word_run, max_size=60).map("".join)


def _check(name: str, data: bytes) -> list:
    diagnostics = lint_bytes(name, data, Config(), SELECTION)
    internal = [d.message for d in diagnostics if d.rule == "internal-error"]
    assert not internal, internal
    lines = line_count(data)
    for d in diagnostics:
        assert 1 <= d.line <= lines, d
        assert d.line <= d.end_line <= lines, d
        assert d.column >= 1 and d.end_column >= 1, d
        assert d.message.strip(), d
    return diagnostics


def _same_twice(name: str, data: bytes) -> None:
    first = [d.as_dict() for d in _check(name, data)]
    again = [d.as_dict() for d in lint_bytes(name, data, Config(), SELECTION)]
    assert first == again


@SETTINGS
@given(markdown_pages)
def test_random_markdown(text):
    _same_twice("page.md", text.encode("utf-8"))


@SETTINGS
@given(html_pages)
def test_random_html(text):
    _same_twice("page.html", text.encode("utf-8"))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.binary(max_size=300), st.sampled_from(["page.md", "page.html"]))
def test_random_bytes(data, name):
    """Any bytes at all: decoded or refused as binary, never a crash."""
    diagnostics = _check(name, data)
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        assert [d.rule for d in diagnostics] == ["unreadable-file"]


def _random_pages(rng: random.Random, count: int) -> dict[str, str]:
    """The same kind of pages, drawn with a seeded generator (for a folder on disk)."""
    pages = {}
    for number in range(count):
        if number % 2:
            parts = [rng.choice(HTML_FRAGMENTS + WORDS) for _ in range(rng.randint(5, 80))]
            pages[f"page{number:02}.html"] = " ".join(parts)
        else:
            lines = [rng.choice(MARKDOWN_LINES) if rng.random() < 0.6 else
                     " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 30)))
                     for _ in range(rng.randint(1, 50))]
            pages[f"page{number:02}.md"] = "\n".join(lines) + "\n"
    return pages


@pytest.mark.parametrize("seed", [7, 2026])
def test_the_same_output_with_one_or_two_worker_processes(tmp_path, seed, monkeypatch):
    from citewise.engine.parallel import worker_count

    monkeypatch.setenv("CITEWISE_NO_CACHE", "1")
    assert worker_count(2, 24) == 2  # --jobs 2 really starts two workers for 24 files
    for name, text in _random_pages(random.Random(seed), 24).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    every = ("--select", "ALL")  # every rule: random pages are not the default set's premise
    one = check_json("--jobs", "1", "--exit-zero", *every, tmp_path)
    two = check_json("--jobs", "2", "--exit-zero", *every, tmp_path)
    again = check_json("--jobs", "2", "--exit-zero", *every, tmp_path)
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert one.stdout == two.stdout == again.stdout
    assert len({d["path"] for d in one.diagnostics}) >= 15  # the pages were really checked
    assert not [d for d in one.diagnostics if d["rule"] == "internal-error"]
