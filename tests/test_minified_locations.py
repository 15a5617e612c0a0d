"""Locations on minified HTML (the whole page on one line): a finding points at the text it
quotes, not at its copy in <title>, a <meta name="description">, an aria-label or an SVG."""

from __future__ import annotations

import pytest

from conftest import SHARED, check_json

_SENTENCE = ("The harbour bridge that the city closed in March for repairs reopened on Monday "
             "morning after eight months of work by three contractors, who replaced twelve "
             "hundred cables, resurfaced the deck and repainted the towers, at a cost that the "
             "transport office now puts at forty million dollars.")
_MINIFIED = (
    f'<!DOCTYPE html><html lang="en"><head><title>{_SENTENCE}</title>'
    f'<meta name="description" content="{_SENTENCE}"><meta property="og:title" '
    f'content="{_SENTENCE}"></head><body><header><a href="/" aria-label="{_SENTENCE}">Home</a>'
    f'<svg viewBox="0 0 10 10"><title>{_SENTENCE}</title><path d="M0 0h10v10H0z"/></svg>'
    f'</header><main><article><h1>Bridge reopens</h1><p>{_SENTENCE}</p><p>Traffic was light on '
    f'the first day.</p></article></main></body></html>'
)


def test_a_finding_on_a_minified_page_points_at_the_paragraph(tmp_path):
    page = tmp_path / "bridge.html"
    page.write_text(_MINIFIED)
    found = check_json("--no-cache", "--select", "long-sentence", str(page)).diagnostics
    column = _MINIFIED.index(f"<p>{_SENTENCE}") + len("<p>") + 1
    assert [(d["rule"], d["line"], d["column"], d["end_line"], d["end_column"])
            for d in found] == [("long-sentence", 1, column, 1, column + len(_SENTENCE))]


# real minified pages of the shared corpora (lines of 20,000+ characters) with prose findings
_PAGES = [
    "corpus/htmldate/tests/eval/nbcnews.com-GOP.html",
    "corpus/htmldate/tests/eval/linkedin.com.hoeltmann.html",
    "corpus/htmldate/tests/eval/munich2022.com-topathleten.html",
    "corpus/htmldate/tests/eval/tagesanzeiger.ch.umweltzerstoerung.html",
    "corpus2/zyte-article-benchmark/html/"
    "5a822960e9a2cb1e664d334b6c936c5cb6e41fb5331877538c2c8339cb59d57e.html",
    "corpus2/zyte-article-benchmark/html/"
    "7a457a4f71735c17b8b34fafc88835d225cf879b2d812311857a64cfc891eee9.html",
]
_PASSAGE_RULES = "long-sentence,wall-of-text,no-subheadings,long-paragraph,reading-ease"


@pytest.mark.skipif(not all((SHARED / page).is_file() for page in _PAGES),
                    reason="../shared corpora are not present")
def test_every_passage_finding_on_real_minified_pages_points_into_body_text():
    paths = [str(SHARED / page) for page in _PAGES]
    found = check_json("--no-cache", "--jobs", "1", "--select", _PASSAGE_RULES,
                       *paths).diagnostics
    assert len(found) >= 10
    for finding in found:
        source = open(finding["path"], encoding="utf-8", errors="replace", newline="").read()
        lines = source.split("\n")
        line = lines[finding["line"] - 1]
        before, at = line[:finding["column"] - 1], line[finding["column"] - 1:]
        offset = sum(len(earlier) + 1 for earlier in lines[:finding["line"] - 1]) + len(before)
        assert offset > source.lower().index("<body"), finding  # not <title> or <meta>
        assert before.rfind("<") < before.rfind(">"), finding  # not inside a tag
        assert at[:1] not in ("<", " ", ""), finding  # at a word, not at markup
        if finding["rule"] == "long-sentence":  # the sentence it quotes starts there
            quoted = finding["message"].split(': "', 1)[1]
            first_word = quoted.split()[0].strip('"“”…')
            assert at.lstrip('"“').startswith(first_word), (finding, at[:60])
