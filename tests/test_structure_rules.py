"""Structure rules beyond their fixtures: the HTML block kinds they rely on, the preamble and
title logic of answer-first, question detection, and their fire rates on the real corpus."""

from __future__ import annotations

import pytest

from citewise.parsers.html import parse_html
from conftest import CORPUS, check_json, needs_corpus


def _blocks(html: str) -> list[tuple[str, str, int]]:
    doc = parse_html("page.html", html)
    return [(b.kind, b.text, b.span.line) for b in doc.blocks]


# -- HTML block kinds -----------------------------------------------------------------------

def test_heading_wrapped_in_link_and_div_stays_one_heading():
    html = "<main>\n<h3><a href='/x'>\n<div>Flying start-ups</div></a></h3>\n<p>Text.</p>\n</main>"
    assert _blocks(html) == [("heading", "Flying start-ups", 3), ("paragraph", "Text.", 4)]


def test_custom_elements_around_paragraphs_do_not_merge_them():
    html = ("<main>\n<paragraph><div class='paragraph'><p>One.</p></div></paragraph>\n"
            "<paragraph><div class='paragraph'><h2>Range</h2><p>Two.</p></div></paragraph>\n"
            "</main>")
    assert _blocks(html) == [("paragraph", "One.", 2), ("heading", "Range", 3),
                             ("paragraph", "Two.", 3)]


def test_layout_table_is_read_as_content_but_data_table_stays_a_table():
    html = """<body>
<table><tr><td>
<h1>Roomba virtual wall</h1>
<p>An Arduino can stand in for the virtual wall.</p>
</td></tr></table>
<table><tr><th>Item</th><th>Fee</th></tr><tr><td>Book</td><td>$130</td></tr></table>
</body>"""
    assert _blocks(html) == [
        ("heading", "Roomba virtual wall", 3),
        ("paragraph", "An Arduino can stand in for the virtual wall.", 4),
        ("table", "Item | Fee | Book | $130", 6),
    ]


def test_paragraph_inside_list_item_is_a_list_item_not_a_paragraph():
    html = "<main>\n<ul><li><p>Hourly backups, kept for a week and checked.</p></li></ul>\n</main>"
    assert [kind for kind, _, _ in _blocks(html)] == ["list_item"]


# -- helpers --------------------------------------------------------------------------------

def _found(tmp_path, name: str, text: str, rule: str, config: str = "") -> list[int]:
    """Lines `rule` reports on a page written to tmp_path/name (with an optional config)."""
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    args = ["--select", rule, "--no-cache"]
    if config:
        (tmp_path / "citewise.toml").write_text(config, encoding="utf-8")
        args += ["--config", tmp_path / "citewise.toml"]
    run = check_json(*args, page)
    assert run.exit_code in (0, 1), run.output
    return [line for _, line in run.found(rule)]


# -- question detection ---------------------------------------------------------------------

QUESTION_WORDS = ["what", "how", "why", "is", "can", "where", "what's"]


@pytest.mark.parametrize("heading, lead_in, expected", [
    ("How long does a renewal take?", False, True),
    ("Renewal times?", False, True),                     # the question mark alone
    ("How to rotate a key", False, True),                # a question word, no mark
    ("What's in 1.54.0 stable", False, True),
    ("**Why rotate keys**", False, True),                 # emphasis around it
    ("2. Where to buy", False, True),                     # numbering before it
    ("Timing", False, False),
    ("Island life", False, False),                        # "is" must be a whole word
    ("was founded in 1990 by two engineers", False, False),  # a fragment, not a question
    ("Background: why keys expire", False, False),       # a lead-in counts only when asked
    ("Background: why keys expire", True, True),
    ("MORE: Is Acme a good host", False, False),
])
def test_is_question(heading, lead_in, expected):
    from citewise.checks._prose import is_question

    assert is_question(heading, QUESTION_WORDS, lead_in=lead_in) is expected


def test_reads_as_tells_english_from_german():
    from citewise.checks._prose import reads_as

    common = ["the", "a", "of", "and", "is", "to", "in", "it"]
    assert reads_as("The fee is $130 and it is paid by check to the State.", common)
    assert not reads_as("Die Gebühr beträgt 130 Dollar und wird per Scheck bezahlt.", common)


# -- question-headings ----------------------------------------------------------------------

SECTIONS = """---
layout: product
---

# Acme Cloud backups

Acme Cloud keeps every backup in three regions and encrypts it with a key that the customer
holds, so that nobody at Acme can read the data. Backups run every hour, which means the most
work a customer can lose is one hour, and each backup is checked after it is written.

## {one}

Restores start from the dashboard or from the API. A folder usually comes back in a few minutes
and a full account within an hour; the restore log records who asked for it.

## {two}

Backups are billed by the gigabyte at the same rate in every region. A restore that fails through
Acme's fault is not billed, and enterprise customers get four free restores each month.

## {three}

Unused free restores lapse at the end of the month and do not carry over to the next one. Support
can start a restore for a customer who asks in writing; it takes as long as one started from the
dashboard, and the activity log names the person who asked for it and the snapshot it came from.
"""


@pytest.mark.parametrize("headings, expected", [
    (("Backup schedule", "Restores", "Pricing"), [11]),            # "Pricing" labels an answer
    (("Backup schedule", "Restores", "Limitations of restores"), [11]),
    (("Backup schedule", "Restores", "Impact on restores"), []),  # a relation names a subsection
    (("Backup schedule", "How restores work", "Pricing"), []),    # one question is enough
    (("Backup schedule", "Restores", "Is it cheap?"), []),
    (("Install the agent", "Start a backup", "Restore a folder"), []),  # steps: no answer label
    (("Backup schedule", "Restores", "Timing attacks"), []),      # a name, not the label "Timing"
])
def test_question_headings(tmp_path, headings, expected):
    text = SECTIONS.format(one=headings[0], two=headings[1], three=headings[2])
    assert _found(tmp_path, "page.md", text, "question-headings") == expected


def test_question_headings_only_on_product_and_faq_pages(tmp_path):
    """The same sections on a page of another kind (a guide by its shape, an article by its
    layout) are left alone: their headings are the genre's labels. Config can widen the kinds."""
    product = SECTIONS.format(one="Backup schedule", two="Restores", three="Pricing")
    guide = product.replace("---\nlayout: product\n---\n\n", "")
    article = product.replace("layout: product", "layout: post")
    assert _found(tmp_path, "guide.md", guide, "question-headings") == []
    assert _found(tmp_path, "article.md", article, "question-headings") == []
    config = '[rules.question-headings]\nkinds = ["article"]\n'
    assert _found(tmp_path, "article.md", article, "question-headings", config) == [11]


def test_question_headings_ignores_furniture_sections(tmp_path):
    from conftest import FIXTURES

    html = (FIXTURES / "question-headings" / "chrome-sections.html").read_text()
    assert _found(tmp_path, "chrome.html", html, "question-headings") == []
    # The same page with two real sections in place of "Share this:" and "Related posts".
    more = "Backups stay in the region the customer picked, and support answers within an hour."
    real = html.replace("<h2>Share this:</h2>", f"<h2>Regions</h2><p>{more}</p>")
    real = real.replace("<h2>Related posts</h2>", f"<h2>Support</h2><p>{more}</p>")
    assert _found(tmp_path, "real.html", real, "question-headings") == [8]


def test_question_headings_extend_topics_from_config(tmp_path):
    from conftest import FIXTURES

    text = (FIXTURES / "question-headings" / "tutorial-steps.md").read_text()
    assert _found(tmp_path, "steps.md", text, "question-headings") == []
    config = ('[rules.question-headings]\nkinds = ["guide"]\n'
              'extend-question-topics = ["install the package"]\n')
    assert _found(tmp_path, "steps.md", text, "question-headings", config) == [5]


def test_word_list_rules_are_silent_on_a_german_page(tmp_path):
    """Undeclared: the page reads as German, so the English lists do not judge it; declared:
    the catalogue has no German lists. A config that adds German lists turns the rule on."""
    from conftest import FIXTURES

    html = (FIXTURES / "question-headings" / "german.html").read_text()
    declared = html.replace("<html>", '<html lang="de">')
    for rule in ("question-headings", "answer-first", "unanswered-question"):
        assert _found(tmp_path, "undeclared.html", html, rule) == []
        assert _found(tmp_path, "declared.html", declared, rule) == []
    config = """[rules.question-headings]
question-words = {de = ["was", "wie", "warum", "wann", "wo", "wer"]}
question-topics = {de = ["zeitplan", "preise", "limitations"]}
function-words = {de = ["der", "die", "das", "und", "in", "den", "von", "zu", "mit", "ist", "ein",
                        "eine", "nach", "im", "es", "sie", "wird", "werden", "nicht", "oder"]}
"""
    assert _found(tmp_path, "declared.html", declared, "question-headings", config) == [8]


# -- unanswered-question --------------------------------------------------------------------

QUESTION = "# Passport renewal\n\nA renewal takes weeks.\n\n## How long does a renewal take?\n\n"
LONG_SENTENCE = " ".join(["The timing depends on the season"] * 11) + "."


@pytest.mark.parametrize("answer, expected", [
    ("Routine service takes 6 to 8 weeks.\n", []),
    ("- Routine: 6 to 8 weeks\n- Expedited: 2 to 3 weeks\n", []),
    ("| Service | Weeks |\n|---|---|\n| Routine | 6-8 |\n", []),
    ("It depends on the service: routine takes 6 to 8 weeks.\n", []),
    ("It depends.\n\nRoutine service takes 6 to 8 weeks.\n", [5]),   # "It depends." alone
    ("It depends. Routine service takes 6 to 8 weeks.\n", []),      # the hedge's answer follows
    ("It depends. Let's take a look.\n", [5]),                      # ... but not filler
    ("```\n6-8 weeks\n```\n\nAs shown, routine service takes 6 to 8 weeks.\n", []),  # example first
    ("```\n6-8 weeks\n```\n\nGreat question! Many things affect it.\n", [5]),
    ("It depends!\n", [5]),
    ("Great question! Many things affect it.\n", [5]),
    ("Before we get to that, a word on mailing times.\n", [5]),
    ("![A calendar](calendar.png)\n\nRoutine service takes 6 to 8 weeks.\n", []),  # looked past
    ("![A calendar](calendar.png)\n\nGreat question! Many things affect it.\n", [5]),
    ("![A calendar](calendar.png)\n", [5]),                        # a picture and nothing else
    ("```\n6-8 weeks\n```\n", [5]),
    ("## Fees\n\nThe fee is $130.\n", [5]),                         # an empty section
    ("", [5]),                                                      # the end of the page
    (LONG_SENTENCE + "\n", [5]),                                    # 66 words before a stop
    ("### Routine\n\nSix to eight weeks.\n\n### Expedited\n\nTwo to three weeks.\n", []),
    ("### Routine\n\nSix to eight weeks.\n", [5]),                  # one subsection: no umbrella
])
def test_direct_answer_detection(tmp_path, answer, expected):
    assert _found(tmp_path, "page.md", QUESTION + answer, "unanswered-question") == expected


@pytest.mark.parametrize("question, expected", [
    ("How do I renew?", []),            # a procedure: the signpost leads into the steps
    ("How does renewal work?", []),     # a mechanism, walked through the same way
    ("What is a renewal?", [5]),        # a definition owes its answer at once
    ("How long does a renewal take?", [5]),  # a figure, not a procedure
])
def test_a_walkthrough_signpost_followed_by_steps_answers_a_how_question(tmp_path, question,
                                                                        expected):
    text = QUESTION.replace("How long does a renewal take?", question) + (
        "In this section, we walk through the renewal.\n\nFirst, fill in the form.\n\n"
        "```\nForm DS-82\n```\n")
    assert _found(tmp_path, "page.md", text, "unanswered-question") == expected


def test_unanswered_question_quotes_the_question_and_the_reason(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(QUESTION + "Great question! Many things affect it.\n")
    run = check_json("--select", "unanswered-question", "--no-cache", page)
    assert [d["message"] for d in run.diagnostics] == [
        'question "How long does a renewal take?" is followed by filler: "Great question"']
    assert (run.diagnostics[0]["line"], run.diagnostics[0]["column"]) == (5, 4)


def test_unanswered_question_word_lists_extend_from_config(tmp_path):
    text = QUESTION + "Not sure.\n\nRoutine service takes 6 to 8 weeks.\n"
    assert _found(tmp_path, "page.md", text, "unanswered-question") == []
    config = '[rules.unanswered-question]\nextend-non-answers = ["not sure"]\n'
    assert _found(tmp_path, "page.md", text, "unanswered-question", config) == [5]


def test_html_teaser_headline_is_not_an_unanswered_question(tmp_path):
    html = ('<html lang="en"><body><main>\n<h1>Backups</h1>\n<p>Acme keeps backups.</p>\n'
            '<h3>Can you restore a single file?</h3>\n<h3>Five ways to test a restore</h3>\n'
            '<h2>What does it cost?</h2>\n<figure><img src="a.png" alt="Prices"></figure>\n'
            '<p>Great question, and one we hear a lot.</p>\n</main></body></html>')
    assert _found(tmp_path, "page.html", html, "unanswered-question") == [6]
    # An image between the question and a direct answer is looked past.
    answered = html.replace("Great question, and one we hear a lot.", "The fee is $5.")
    assert _found(tmp_path, "page.html", answered, "unanswered-question") == []


# -- answer-first ---------------------------------------------------------------------------

def test_answer_first_steps_over_preamble_to_the_filler(tmp_path):
    html = """<html lang="en"><head><title>What is a VAT number?</title></head><body><main>
<p><a href="/">Home</a> &gt; <a href="/blog">Blog</a> &gt; VAT</p>
<h1>What is a VAT number?</h1>
<p>By Jane Doe</p>
<p>Updated: March 3, 2024</p>
<figure><img src="vat.png" alt="A VAT invoice"></figure>
<p>Have you ever wondered what the long number on an invoice means? Read on.</p>
</main></body></html>"""
    assert _found(tmp_path, "page.html", html, "answer-first") == [7]
    direct = html.replace("Have you ever wondered what the long number on an invoice means? "
                          "Read on.", "A VAT number identifies a business registered for VAT.")
    assert _found(tmp_path, "page.html", direct, "answer-first") == []


def test_answer_first_buried_answer_english_but_not_german(tmp_path):
    story = ("In the summer of 1898, a chemist in London cooled air until it turned to liquid and "
             "let it boil away, one gas at a time, and in the last of them he saw a crimson light "
             "that no one had seen before; he called the gas after the Greek for new, and it took "
             "another decade before anyone thought to put it in a glass tube and sell the light "
             "to shops.")
    english = f"# Why neon signs glow red\n\n{story}\n"
    assert _found(tmp_path, "en.md", english, "answer-first") == [3]
    german = ("# Warum Neonröhren rot leuchten\n\nIm Sommer 1898 kühlte ein Chemiker in London "
              "Luft, bis sie flüssig wurde, und ließ sie Gas um Gas verdampfen; im letzten sah er "
              "ein karminrotes Leuchten, das niemand zuvor gesehen hatte. Er nannte das Gas nach "
              "dem griechischen Wort für neu, und es dauerte ein weiteres Jahrzehnt, bis jemand "
              "auf die Idee kam, es in eine Glasröhre zu füllen und das Licht an Geschäfte zu "
              "verkaufen, die damit ihre Schaufenster und Namen in die Nacht schrieben.\n")
    assert _found(tmp_path, "de.md", german, "answer-first") == []


# -- wall-of-text and long-paragraph --------------------------------------------------------

PROSE = ("Acme Cloud stores backups in three regions and encrypts each one with a key that the "
         "customer controls, so nobody at Acme can read them. ")  # 24 words


@pytest.mark.parametrize("body, expected", [
    (PROSE * 13, [1]),                                        # 312 words under one heading
    (PROSE * 12, []),                                         # 288 words
    (PROSE * 7 + "\n\n- one item\n\n" + PROSE * 7, []),       # a list breaks it up
    (PROSE * 7 + "\n\n## Part two\n\n" + PROSE * 7, []),      # so does a subheading
])
def test_wall_of_text(tmp_path, body, expected):
    assert _found(tmp_path, "page.md", f"# Backups\n\n{body}\n", "wall-of-text") == expected


def test_a_url_is_one_word(tmp_path):
    """A download list of 30 "label: URL" lines is 120 words, not the 270 pieces of its URLs."""
    lines = [f"Binary {n}: https://example.org/dist/v1.{n}.0/acme-v1.{n}.0-x64.tar.gz \\"
             for n in range(30)]
    text = "# Downloads\n\n" + "\n".join(lines) + "\n"
    assert _found(tmp_path, "page.md", text, "long-paragraph") == []
    assert _found(tmp_path, "page.md", text.replace("Binary", "Binary file for you"),
                  "long-paragraph") == [3]


def test_wall_of_text_and_long_paragraph_thresholds_are_options(tmp_path):
    text = f"# Backups\n\n{PROSE * 3}\n"  # 72 words
    assert _found(tmp_path, "page.md", text, "wall-of-text") == []
    assert _found(tmp_path, "page.md", text, "long-paragraph") == []
    config = "[rules.wall-of-text]\nmax-words = 50\n[rules.long-paragraph]\nmax-words = 50\n"
    assert _found(tmp_path, "page.md", text, "wall-of-text", config) == [1]
    assert _found(tmp_path, "page.md", text, "long-paragraph", config) == [3]


# -- fire rates on the real corpus (docs/design/structure-rules.md) --------------------------------

STRUCTURE = ("answer-first", "question-headings", "unanswered-question", "wall-of-text",
             "long-paragraph")
# Measured 2026-11-25 on 1,952 pages: 1.9%, 3.2%, 0.4%, 22.3%, 9.5% of pages. The bounds leave
# room for parser changes, not for a rule that starts firing on good pages wholesale.
BOUNDS = {"answer-first": 3.0, "question-headings": 5.0, "unanswered-question": 1.0,
          "wall-of-text": 30.0, "long-paragraph": 13.0}
WORD_LISTS = ("answer-first", "question-headings", "unanswered-question")


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    # question-headings judges product, service and FAQ pages only, and the corpus has none:
    # its word lists are measured here on every kind of page.
    config = tmp_path_factory.mktemp("config") / "citewise.toml"
    config.write_text('[rules.question-headings]\nkinds = ["article", "guide", "reference", '
                      '"landing", "faq", "other"]\n', encoding="utf-8")
    run = check_json("--select", ",".join(STRUCTURE), "--no-cache", "--exit-zero",
                     "--config", config, CORPUS)
    assert run.exit_code == 0, run.output[-2000:]
    pages = [p for p in CORPUS.rglob("*") if p.suffix in (".md", ".mdx", ".html", ".htm")]
    return run.diagnostics, pages


@needs_corpus
@pytest.mark.parametrize("rule", STRUCTURE)
def test_corpus_fire_rate_stays_low(corpus_run, rule):
    diagnostics, pages = corpus_run
    fired = {d["path"] for d in diagnostics if d["rule"] == rule}
    assert fired, f"{rule} found nothing on the whole corpus: broken, not precise"
    assert 100 * len(fired) / len(pages) < BOUNDS[rule]


@needs_corpus
def test_corpus_word_list_rules_silent_on_pages_in_other_languages(corpus_run):
    """No English list judges a page declared in another language (most htmldate pages are
    German), nor a German page that declares nothing."""
    import re

    diagnostics, _ = corpus_run
    declared = re.compile(rb"<html[^>]*\blang=[\"']?([a-zA-Z]{2})", re.I)
    for d in diagnostics:
        if d["rule"] in WORD_LISTS and d["path"].endswith((".html", ".htm")):
            found = declared.search(open(d["path"], "rb").read(20000))
            assert found is None or found.group(1).lower() == b"en", (d["path"], d["rule"])
    german = [CORPUS / "htmldate/tests/cache/klimawandel-global.de.html",
              CORPUS / "htmldate/tests/eval/die-tagespost.de.Demut.html"]  # no lang attribute
    assert not [d for d in diagnostics
                if d["rule"] in WORD_LISTS and d["path"] in {str(p) for p in german}]
