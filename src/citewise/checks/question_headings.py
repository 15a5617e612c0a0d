"""question-headings: a page of several sections with no heading phrased as a question."""

from __future__ import annotations

from citewise.checks._prose import is_question
from citewise.diagnostic import Problem
from citewise.services.text import quote, word_count


def check(doc, options, context):
    question_words = context.word_list(options, "question-words", doc)
    if question_words is None:
        return  # no question words for this language
    headings = doc.headings
    sections = [h for h in headings if h.level in (2, 3)]
    if len(sections) < options["min-sections"]:
        return
    if any(is_question(h.text, question_words) for h in headings):
        return
    prose = sum(word_count(b.text) for b in doc.blocks if b.kind == "paragraph")
    listed = sum(word_count(b.text) for b in doc.blocks
                 if b.kind in ("list_item", "table", "code"))
    if prose < options["min-words"] or prose < listed:
        return  # a digest, a changelog, a code walk-through: not answers to questions
    first = next((h for h in sections if h.level == 2), sections[0])
    yield Problem(first.locate(0, len(first.text)),
                  f"none of the {len(sections)} section headings is phrased as a question "
                  f"(first: \"{quote(first.text, 10)}\")")
