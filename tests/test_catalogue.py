"""The catalogue documents every rule, and each rule's own bad/good example is tested."""

from __future__ import annotations

import pytest

from citewise.docs import rule_markdown
from citewise.engine.config import Config
from citewise.engine.registry import load_registry
from citewise.harness import check_example

SPECS = list(load_registry())
WITH_EXAMPLES = [spec for spec in SPECS if spec.example]


@pytest.mark.parametrize("spec", WITH_EXAMPLES, ids=lambda s: s.id)
def test_bad_example_is_reported_and_good_example_is_not(spec):
    outcome = check_example(spec, Config())
    assert outcome.passed, outcome.problems


@pytest.mark.parametrize("spec", [s for s in SPECS if not s.engine_made], ids=lambda s: s.id)
def test_checked_rules_have_examples_and_import(spec):
    assert spec.example is not None, f"{spec.id} needs a bad/good example"
    assert callable(spec.check)


def test_ids_and_codes_are_unique_and_docs_render():
    assert len({s.id for s in SPECS}) == len({s.code for s in SPECS}) == len(SPECS)
    for spec in SPECS:
        text = rule_markdown(spec)
        assert "## What it does" in text and "## Why is this bad?" in text
