"""A run imports only what its files and rules need: spaCy, extruct, textstat and the parsers'
libraries cost from 0.1 to 1 s each at start-up, which pre-commit pays on every commit."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT

HEAVY = {"spacy", "thinc", "numpy", "extruct", "rdflib", "pyRdfa", "textstat", "dateparser",
         "htmldate", "lxml", "markdown_it", "yaml", "jinja2", "bs4"}

PROBE = """
import json, sys
sys.argv = ["citewise", *json.loads(sys.argv[1])]
from citewise.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def imported(*args: str, cwd=ROOT) -> set[str]:
    """The top-level packages a real `citewise ARGS` process imported, heavy ones only."""
    env = {name: value for name, value in os.environ.items() if name != "CITEWISE_NO_CACHE"}
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    line = done.stderr.rsplit("\nMODULES ", 1)
    assert len(line) == 2, done.stderr
    return set(json.loads(line[1])) & HEAVY


@pytest.mark.parametrize("args", [["--version"], ["rules"], ["rule", "long-paragraph"],
                                  ["check", "--help"]])
def test_commands_that_lint_nothing_import_nothing_heavy(args):
    assert imported(*args) == set()


def test_markdown_run_of_a_plain_rule_loads_no_html_or_nlp_library():
    page = FIXTURES / "long-paragraph"
    found = imported("check", "--no-cache", "--select", "long-paragraph", str(page))
    assert found <= {"markdown_it", "yaml"}
    assert "markdown_it" in found  # the probe does see what a run imports


def test_html_run_of_a_plain_rule_loads_no_markdown_or_nlp_library():
    pages = sorted(str(p) for p in FIXTURES.rglob("*.html"))[:5]
    found = imported("check", "--no-cache", "--select", "long-paragraph", *pages)
    assert "lxml" in found
    assert not found & {"spacy", "thinc", "numpy", "textstat", "markdown_it", "dateparser"}


def test_an_nlp_rule_does_load_spacy():
    page = FIXTURES / "long-sentence"
    assert "spacy" in imported("check", "--no-cache", "--select", "long-sentence", str(page))


def test_a_warm_cache_run_loads_no_parser_at_all(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Backups\n\nAcme keeps backups for 30 days. Restores take an hour.\n")
    cold = imported("check", str(page), cwd=tmp_path)
    assert "markdown_it" in cold
    assert imported("check", str(page), cwd=tmp_path) == set()


def test_an_nlp_rule_loads_spacy_without_its_command_line():
    """spaCy's __init__ imports spacy.cli for `spacy.info` alone: requests, httpx, typer and
    weasel, a third of spaCy's import time. citewise loads spaCy without it."""
    page = FIXTURES / "long-sentence"
    env = {name: value for name, value in os.environ.items() if name != "CITEWISE_NO_CACHE"}
    done = subprocess.run([sys.executable, "-c", PROBE.replace(
        "{m.split(\".\")[0] for m in sys.modules}", "set(sys.modules)"), json.dumps(
        ["check", "--no-cache", "--select", "long-sentence", str(page)])], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120, check=False)
    modules = set(json.loads(done.stderr.rsplit("\nMODULES ", 1)[1]))
    assert "spacy.tokens" in modules
    assert not modules & {"spacy.cli", "spacy.cli.info", "requests", "httpx", "typer", "weasel"}


def test_spacy_loaded_without_its_command_line_still_has_it():
    script = ("from citewise.services.nlp import import_spacy\n"
              "spacy = import_spacy()\n"
              "import spacy.cli\n"
              "print(callable(spacy.cli.download), sorted(spacy.info())[:1])\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout == "True ['location']\n"
