"""HTML main content: what the Document's blocks hold, measured on the Zyte article-extraction
benchmark (../shared/corpus2) with bench/main_content_f1.py, the benchmark's own metric."""

from __future__ import annotations

import importlib.util
import json

import pytest

from citewise.parsers import parse
from conftest import ROOT, SHARED

ZYTE = SHARED / "corpus2" / "zyte-article-benchmark"
needs_zyte = pytest.mark.skipif(not ZYTE.is_dir(), reason="../shared/corpus2 is not present")

_spec = importlib.util.spec_from_file_location("main_content_f1", ROOT / "bench" / "main_content_f1.py")
f1 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(f1)


def test_shingle_counts_of_one_page():
    # 5 tokens -> 2 shingles; the prediction shares one and adds one
    assert f1.page_counts("a b c d e", "b c d e f") == (1 / 3, 1 / 3, 1 / 3)
    assert f1.page_counts("", "") == (0.0, 0.0, 0.0)
    assert f1.shingles("one two") == {"one two": 1}


def _truth():
    return {key: item["articleBody"]
            for key, item in json.loads((ZYTE / "ground-truth.json").read_text()).items()}


@needs_zyte
@pytest.mark.parametrize("baseline, published", [("trafilatura", 0.958), ("readability_js", 0.947)])
def test_the_metric_reproduces_the_published_baselines(baseline, published):
    output = json.loads((ZYTE / "baselines" / f"{baseline}.json").read_text())["output"]
    predicted = {key: item.get("articleBody", "") for key, item in output.items()}
    assert round(f1.score(_truth(), predicted)["f1"], 3) == published


@needs_zyte
def test_citewise_reads_the_main_content_of_news_pages():
    truth = _truth()
    texts, _ = f1.citewise_texts(ZYTE, truth)
    figures = f1.score(truth, texts)
    assert figures["f1"] >= 0.94, figures  # measured 2026-12-02: 0.942, see bench/RESULTS.md
    body, _ = f1.citewise_texts(ZYTE, truth, body=True)
    figures = f1.score(truth, body)  # less headline and images, as articleBody counts
    assert figures["f1"] >= 0.958, figures  # measured 2026-12-02: 0.960


_NEWS_PAGE = """<html><body>
<div class="site-header"><a href="/">Daily</a> <a href="/world">World</a></div>
<div class="layout has-sidebar">
<article>
<h1>Harbour bridge reopens</h1>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<p>The harbour bridge reopened on Monday after eight months of repairs costing $40 million.</p>
<p>Engineers replaced 1,200 cables and resurfaced the deck, the city's transport office said.</p>
<ul><li><a href="/a">Bridge closures in 2025</a></li><li><a href="/b">Ferry timetable</a></li></ul>
<div style="display: none" itemprop="description">The harbour bridge reopened, a hidden copy.</div>
<div class="newsletter">Get the morning briefing in your inbox every day, free of charge.</div>
<section class="related-stories"><p>Tunnel works delayed again as contractors dispute the bill.</p></section>
</article>
<aside class="sidebar"><p>Most read: a long teaser about something else entirely, in the sidebar.</p></aside>
</div>
<div id="comments"><p>Great news, I have been waiting for this bridge for months now!</p></div>
<div class="footer">Copyright 2026 Daily News. All rights reserved by the publisher.</div>
</body></html>"""


def test_page_furniture_inside_and_around_the_article_is_not_content():
    doc = parse("news.html", _NEWS_PAGE.encode())
    assert [(b.kind, b.span.line, b.span.column, b.text) for b in doc.blocks] == [
        ("heading", 5, 5, "Harbour bridge reopens"),
        ("paragraph", 7, 4, "The harbour bridge reopened on Monday after eight months of repairs "
                            "costing $40 million."),
        ("paragraph", 8, 4, "Engineers replaced 1,200 cables and resurfaced the deck, the city's "
                            "transport office said."),
    ]


_LINK_BOX_PAGE = """<html><body><article>
<h1>Council votes on the budget</h1>
<p>The council approved the 2027 budget by seven votes to two on Tuesday evening.</p>
<div class="well"><b>Tags</b> <a href="/t/a">budget</a> <a href="/t/b">council</a>
<a href="/t/c">city hall</a> <a href="/t/d">taxes</a></div>
<div class="PromoSmall"><p>Library hours will change next month, the mayor's office announced.</p></div>
<p>Spending on <a href="/roads">roads</a>, <a href="/parks">parks</a> and
<a href="/schools">schools</a> rises by four percent.</p>
</article></body></html>"""


def test_a_box_of_links_and_a_camel_case_promo_are_not_content():
    # a tag cloud (mostly link text) and a "PromoSmall" teaser are left out; a paragraph with
    # several links is still prose
    doc = parse("budget.html", _LINK_BOX_PAGE.encode())
    assert [(b.kind, b.span.line, b.span.column, b.text) for b in doc.blocks] == [
        ("heading", 2, 5, "Council votes on the budget"),
        ("paragraph", 3, 4, "The council approved the 2027 budget by seven votes to two on "
                            "Tuesday evening."),
        ("paragraph", 7, 4, "Spending on roads, parks and schools rises by four percent."),
    ]


_BYLINE_PAGE = """<html><body><article>
<h1>Storm closes the coast road</h1>
<div class="byline">By <a href="/staff/lee">Lee Chen</a></div>
<p class="article-date">Nov. 19, 2019 8:03 am ET</p>
<p>The coast road was closed on Tuesday after waves washed stones across both lanes.</p>
<div class="gallery"><img src="a.jpg" alt="Stones on the road"><p>Crews cleared stones from the road near the harbour.</p></div>
<div class="caption">Waves broke over the sea wall at high tide on Tuesday morning.</div>
</article></body></html>"""


def test_a_byline_inside_the_article_is_kept_apart_and_a_gallery_is_left_out():
    doc = parse("storm.html", _BYLINE_PAGE.encode())
    assert [(b.kind, b.span.line, b.span.column, b.text) for b in doc.blocks] == [
        ("heading", 2, 5, "Storm closes the coast road"),
        ("paragraph", 5, 4, "The coast road was closed on Tuesday after waves washed stones "
                            "across both lanes."),
    ]
    assert [(b.span.line, b.span.column, b.text) for b in doc.outside] == [
        (3, 21, "By Lee Chen"), (4, 25, "Nov. 19, 2019 8:03 am ET")]
