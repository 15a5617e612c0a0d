"""The catalogue documents every rule, and each rule's own bad/good example is tested."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, citewise
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
    # A rule that compares a file with the rest of the tree ("site") cannot show it in one
    # text: its fixtures hold the tree instead.
    assert spec.example is not None or "site" in spec.needs, f"{spec.id} needs a bad/good example"
    assert callable(spec.check)


def test_ids_and_codes_are_unique_and_docs_render():
    assert len({s.id for s in SPECS}) == len({s.code for s in SPECS}) == len(SPECS)
    for spec in SPECS:
        text = rule_markdown(spec)
        assert "## What it does" in text and "## Why is this bad?" in text


USER_DOCS = ["README.md", "docs/writing-rules.md", "docs/configuration.md", "docs/suppressions.md",
             "docs/integrations.md", *(f"docs/rules/{spec.id}.md" for spec in SPECS)]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_a_description_says_what_the_rule_does_and_figures_go_to_measured(spec):
    assert not re.search(r"\bcorpus\b|\bfires on\b", spec.description), (
        f"{spec.source}: corpus figures belong in `measured`")
    for text in (spec.summary, spec.description, spec.rationale, spec.help, spec.measured):
        assert "../shared" not in text, f"{spec.source}: a user cannot follow ../shared paths"


@pytest.mark.parametrize("name", USER_DOCS)
def test_user_docs_have_no_lab_paths(name):
    assert "../shared" not in (ROOT / name).read_text(encoding="utf-8")


def test_rule_all_prints_every_rule_and_json_carries_the_catalogue():
    pages = citewise("rule", "--all").stdout
    assert all(f"# {spec.id} ({spec.code})" in pages for spec in SPECS)
    data = json.loads(citewise("rule", "--all", "--format", "json").stdout)
    assert [rule["id"] for rule in data] == [spec.id for spec in SPECS]
    (vague,) = [rule for rule in data if rule["id"] == "vague-claim"]
    assert vague["scope"] == ["prose"] and vague["options"]["sources"]["required"] is True
    assert vague["measured"].startswith("On the test corpus")
    assert citewise("rule").exit_code == 2  # neither a name nor --all
