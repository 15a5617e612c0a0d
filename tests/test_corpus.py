"""The whole shared corpus (~1,950 real pages): no crash, every page accounted for, every
diagnostic inside its file. bench/robustness.py runs the same check and reports its time."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import CORPUS, line_count, needs_corpus
from citewise.engine import Linter
from citewise.engine.files import PAGE_SUFFIXES
from citewise.engine.runner import Selection


@pytest.mark.slow
@needs_corpus
def test_the_whole_corpus_is_checked_without_a_crash():
    on_disk = {str(path) for path in CORPUS.rglob("*")
               if path.suffix.lower() in PAGE_SUFFIXES and not path.is_dir()}
    linter = Linter(Selection(today=dt.date(2026, 11, 25)), jobs=None, use_cache=False)
    result = linter.run([str(CORPUS)])
    assert result.errors == []
    assert set(result.checked) == on_disk  # each page checked, none skipped in silence
    crashes = [f"{d.path}: {d.message}" for d in result.diagnostics if d.rule == "internal-error"]
    assert crashes == []
    unreadable = [f"{d.path}:{d.line}: {d.message}" for d in result.diagnostics
                  if d.rule == "unreadable-file"]
    assert unreadable == []  # real pages: none binary, none too large, none nested too deep
    line_counts: dict[str, int] = {}
    for d in result.diagnostics:
        if d.path not in line_counts:
            with open(d.path, "rb") as handle:
                line_counts[d.path] = line_count(handle.read())
        assert 1 <= d.line <= d.end_line <= line_counts[d.path], d
        assert d.column >= 1, d
