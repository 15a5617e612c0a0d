"""The catalogue documents every rule, and each rule's own bad/good example is tested."""

from __future__ import annotations

import datetime as dt

import pytest

from citewise.docs import rule_markdown
from citewise.engine.config import Config
from citewise.engine.registry import load_registry
from citewise.engine.runner import Selection, lint_bytes

SPECS = list(load_registry())
WITH_EXAMPLES = [spec for spec in SPECS if spec.example]
TODAY = dt.date(2026, 11, 25)  # as in check_json: examples with dates must not age


def _rules_found(spec, source: str) -> list[str]:
    suffix = ".html" if spec.example.format == "html" else ".md"
    # a check alone, selected, so that an opt-in rule's example is tested too; a rule the
    # engine reports (unused-suppression) needs the default set around it
    chosen = None if spec.engine_made else (spec.id,)
    diagnostics = lint_bytes(f"example{suffix}", source.encode(), Config(),
                             Selection(select=chosen, today=TODAY))
    return [d.rule for d in diagnostics]


@pytest.mark.parametrize("spec", WITH_EXAMPLES, ids=lambda s: s.id)
def test_bad_example_is_reported(spec):
    assert spec.id in _rules_found(spec, spec.example.bad)


@pytest.mark.parametrize("spec", WITH_EXAMPLES, ids=lambda s: s.id)
def test_good_example_is_not_reported(spec):
    assert spec.id not in _rules_found(spec, spec.example.good)


@pytest.mark.parametrize("spec", [s for s in SPECS if not s.engine_made], ids=lambda s: s.id)
def test_checked_rules_have_examples_and_import(spec):
    assert spec.example is not None, f"{spec.id} needs a bad/good example"
    assert callable(spec.check)


def test_ids_and_codes_are_unique_and_docs_render():
    assert len({s.id for s in SPECS}) == len({s.code for s in SPECS}) == len(SPECS)
    for spec in SPECS:
        text = rule_markdown(spec)
        assert "## What it does" in text and "## Why is this bad?" in text
