"""Structure rules beyond their fixtures: the HTML block kinds they rely on, the preamble and
title logic of answer-first, question detection, and their fire rates on the real corpus."""

from __future__ import annotations

import pytest

from citewise.parsers.html import parse_html
from conftest import CORPUS, check_json, needs_corpus


def _blocks(html: str) -> list[tuple[str, str, int]]:
    doc = parse_html("page.html", html)
    return [(b.kind, b.text, b.span.line) for b in doc.blocks]


# -- HTML block kinds -----------------------------------------------------------------------

def test_heading_wrapped_in_link_and_div_stays_one_heading():
    html = "<main>\n<h3><a href='/x'>\n<div>Flying start-ups</div></a></h3>\n<p>Text.</p>\n</main>"
    assert _blocks(html) == [("heading", "Flying start-ups", 3), ("paragraph", "Text.", 4)]


def test_custom_elements_around_paragraphs_do_not_merge_them():
    html = ("<main>\n<paragraph><div class='paragraph'><p>One.</p></div></paragraph>\n"
            "<paragraph><div class='paragraph'><h2>Range</h2><p>Two.</p></div></paragraph>\n"
            "</main>")
    assert _blocks(html) == [("paragraph", "One.", 2), ("heading", "Range", 3),
                             ("paragraph", "Two.", 3)]


def test_layout_table_is_read_as_content_but_data_table_stays_a_table():
    html = """<body>
<table><tr><td>
<h1>Roomba virtual wall</h1>
<p>An Arduino can stand in for the virtual wall.</p>
</td></tr></table>
<table><tr><th>Item</th><th>Fee</th></tr><tr><td>Book</td><td>$130</td></tr></table>
</body>"""
    assert _blocks(html) == [
        ("heading", "Roomba virtual wall", 3),
        ("paragraph", "An Arduino can stand in for the virtual wall.", 4),
        ("table", "Item | Fee | Book | $130", 6),
    ]


def test_paragraph_inside_list_item_is_a_list_item_not_a_paragraph():
    html = "<main>\n<ul><li><p>Hourly backups, kept for a week and checked.</p></li></ul>\n</main>"
    assert [kind for kind, _, _ in _blocks(html)] == ["list_item"]
