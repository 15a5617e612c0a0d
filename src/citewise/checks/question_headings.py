"""question-headings: a page of several sections with no heading phrased as a question.

Only headings that head prose count as sections: a heading with nothing but links, a list or
other headings under it ("Related posts", "Share this:", a row of teaser headlines) is site
furniture, not a section a reader asks a question about. The page is reported only when one of
its sections labels the answer to a question ("Pricing", "Requirements"): release notes, news,
step-by-step tutorials and progress reports, whose sections answer no question a reader would
put to an engine, are left alone. The catalogue limits the rule to product, service and FAQ
pages (`kinds`): on articles, guides and reference pages section labels are the genre's
convention ("Impact" in an advisory, "Prerequisites" in an install guide).
"""

from __future__ import annotations

from citewise.checks._prose import (NUMBERING, ends_sentence, fold, folded_set, is_question,
                                    opening, page_text, reads_as)
from citewise.diagnostic import Problem
from citewise.services.text import quote, word_count, words


def check(doc, options, context):
    question_words = options["question-words"]
    common = options["function-words"]
    topics = options["question-topics"]
    if any(is_question(h.text, question_words, lead_in=True) for h in doc.headings):
        return
    sections = [section.heading for section in doc.sections()
                if section.heading is not None and section.heading.level in (2, 3)
                and any(b.kind == "paragraph" and ends_sentence(b.text) for b in section.blocks)]
    if len(sections) < options["min-sections"]:
        return
    prose = sum(word_count(b.text) for b in doc.blocks if b.kind == "paragraph")
    listed = sum(word_count(b.text) for b in doc.blocks
                 if b.kind in ("list_item", "table", "code"))
    if prose < options["min-words"] or prose < listed:
        return  # a digest, a changelog, a code walk-through: not answers to questions
    joiners = options["joiners"]
    labelled = next((h for h in sections if _labels_answer(h.text, topics, joiners)), None)
    if labelled is None:
        return  # no section answers a question in all but name: steps, news, reports
    if not reads_as(page_text(doc), common):
        return  # written in another language than the one declared (or assumed)
    first = next((h for h in sections if h.level == 2), sections[0])
    yield Problem(first.locate(0, len(first.text)),
                  f"none of the {len(sections)} section headings is phrased as a question; "
                  f"\"{quote(labelled.text, 10)}\" (line {labelled.span.line}) labels the answer "
                  f"to one")


def _labels_answer(text: str, topics, joiners) -> bool:
    """Whether a heading is one of `topics`, alone or followed by a joiner or a stop
    ("Pricing", "2.1 Limitations and workarounds", "Use cases: webhooks"), not a longer name
    that merely starts with one ("Timing attacks", "Use case testing", "Impact on SSR
    hydration": a preposition makes the heading a subsection's name)."""
    text = NUMBERING.sub("", text).strip()
    topic = opening(text, topics)
    if not topic:
        return False
    rest = text[len(topic):].strip()
    following = words(rest)
    return (not following or not rest[:1].isalnum()
            or fold(following[0]) in folded_set(tuple(joiners or ())))
