"""HTML main content: what the Document's blocks hold, measured on the Zyte article-extraction
benchmark (../shared/corpus2) with bench/main_content_f1.py, the benchmark's own metric."""

from __future__ import annotations

import importlib.util
import json

import pytest

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
    assert figures["f1"] >= 0.80, figures  # measured 2026-12-01: see bench/RESULTS.md
