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
    assert figures["f1"] >= 0.956, figures  # measured 2026-12-02: 0.958, see bench/RESULTS.md
    body, _ = f1.citewise_texts(ZYTE, truth, body=True)
    figures = f1.score(truth, body)  # less headline and images, as articleBody counts
    assert figures["f1"] >= 0.974, figures  # measured 2026-12-02: 0.976
    assert figures["recall"] >= 0.985, figures  # 0.987: leaving furniture out kept the text


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


MAIN_CONTENT = ROOT / "fixtures" / "parsers" / "main-content"


def _read(name):
    doc = parse(str(MAIN_CONTENT / name), (MAIN_CONTENT / name).read_bytes())
    blocks = [(b.kind, b.span.line, b.span.column, b.text) for b in doc.blocks]
    outside = [(b.kind, b.span.line, b.span.column, b.text) for b in doc.outside]
    return blocks, outside


def test_a_date_line_without_a_date_class_goes_to_outside():
    # express.co.uk's <time> runs and a Portuguese weekday date line: when, not what; a time
    # of day alone ("10 p.m.", a live report's entry) stays
    blocks, outside = _read("date-lines.html")
    assert blocks == [
        ("heading", 7, 50, "Hong Kong chaos: China deploys troops and warns SURRENDER is only "
                           "option"),
        ("paragraph", 14, 4, "Chinese soldiers were seen clearing roadblocks near the Hong Kong "
                             "Baptist University on Saturday morning."),
        ("paragraph", 16, 4, "The move came after a week of clashes between police and "
                             "protesters on several campuses across the city."),
        ("paragraph", 17, 4, "10 p.m."),
        ("paragraph", 18, 4, "Police said they had arrested more than 1,000 people since the "
                             "clashes began last Monday."),
    ]
    assert outside == [
        ("heading", 8, 5, "CHINA has sent troops to Hong Kong in a bid to restore order "
                          "following the months of violent riots."),
        ("paragraph", 10, 65, "PUBLISHED:  10:48, Tue, Nov 19, 2019   | UPDATED: 11:05, Tue, "
                              "Nov 19, 2019"),
        ("paragraph", 15, 23, "segunda-feira, 22 de janeiro de 2018 às 0:13"),
    ]


def test_a_date_line_moved_to_outside_is_still_the_pages_date():
    from citewise.services.dates import page_dates
    doc = parse(str(MAIN_CONTENT / "date-lines.html"),
                (MAIN_CONTENT / "date-lines.html").read_bytes())
    found = [(f.value, f.line, f.column) for f in page_dates(doc).found if f.source == "text"]
    assert found == [("2019-11-19", 10, 89), ("2019-11-19", 10, 195)]


def test_a_box_of_other_posts_under_a_related_label_is_not_the_article():
    # the box holds more text than the article, in <article> tags of its own
    blocks, outside = _read("related-box.html")
    assert blocks == [
        ("heading", 6, 64, "Só quem se Ama…"),
        ("paragraph", 7, 4, "Viver uma verdadeira experiência amorosa é um dos maiores prazeres "
                            "da vida. Gostar é sentir com a alma, mas expressar os sentimentos "
                            "depende das idéias de cada um."),
    ]


def test_a_label_and_the_headline_links_under_it_are_left_out():
    # "You may also like..." and its link-only paragraphs (an empty ad slot between them),
    # "SEE MORE:" and "Tags" beside their links, a link in capitals (a promotion), a paywall
    # stub in loose text
    blocks, _ = _read("label-rows.html")
    assert blocks == [
        ("heading", 6, 5, "Doobie Brothers to reunite with Michael McDonald"),
        ("paragraph", 8, 4, "CLEVELAND, Ohio – The Doobie Brothers will look to ride a potential "
                            "Rock and Roll Hall of Fame induction into a tour."),
        ("paragraph", 13, 4, "The band currently sits in third place in the annual Fan Vote."),
        ("paragraph", 16, 4, "Tickets go on sale to the general public on Friday at 10 a.m. "
                             "local time."),
    ]


def test_the_standfirst_under_the_h1_goes_to_outside_and_a_breadcrumb_is_left_out():
    # the breadcrumb list is indented: its white space is no prose beside the link text
    blocks, outside = _read("standfirst.html")
    assert blocks == [
        ("heading", 22, 36, "Google Stadia, Microsoft xCloud, Apple Arcade: So Many Ways to Play"),
        ("paragraph", 35, 4, "Gaming used to be so simple. We'd buy a game, sit down in front of "
                             "a console or PC, grind our way to the end, then repeat."),
        # <br> parts the lines' words
        ("paragraph", 36, 4, "Tour dates: June 9 -- Coral Sky Amphitheatre June 12 -- "
                             "Bridgestone Arena"),
    ]
    assert outside == [
        ("heading", 23, 49, "There are more devices, platforms and services to choose from than "
                            "ever before."),
        ("paragraph", 28, 23, "By Sarah E. Needleman"),
        ("paragraph", 31, 5, "Nov. 19, 2019 8:03 am ET"),
    ]


def test_a_footer_beside_the_marked_article_body_is_not_content():
    # the footer holds more text than the short article; the date line in the list of links
    # above the article is kept in outside
    blocks, outside = _read("footer-beside-body.html")
    assert blocks == [
        ("heading", 7, 27, "Son of former German president stabbed to death in Berlin"),
        ("paragraph", 10, 1, "The son of former German President Richard von Weizsäcker was "
                             "stabbed to death, while another man was critically injured trying "
                             "to stop the assailant."),
    ]
    assert outside == [("list_item", 8, 87, "20 November 2019")]


def test_the_page_marked_main_content_is_read_and_an_off_canvas_drawer_is_not():
    # a theme's slide-down drawer of demo text, outside what schema.org's
    # itemprop="mainContentOfPage" marks as the page's own section
    blocks, _ = _read("offcanvas.html")
    assert blocks == [
        ("heading", 10, 5, "Wilson Surf: neue Boards im Laden"),
        ("paragraph", 11, 4, "Die neuen Wilson-Boards sind da: drei Größen, ab 590 Euro, im "
                             "Laden in Kiel zu testen."),
        ("paragraph", 12, 4, "Das kleinste Board wiegt 2,1 Kilogramm und passt in jede "
                             "Boardtasche unseres Sortiments."),
    ]
