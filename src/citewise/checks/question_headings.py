"""question-headings: a page of several sections with no heading phrased as a question.

Only headings that head prose count as sections: a heading with nothing but links, a list or
other headings under it ("Related posts", "Share this:", a row of teaser headlines) is site
furniture, not a section a reader asks a question about.
"""

from __future__ import annotations

from citewise.checks._prose import ends_sentence, is_question, page_text, reads_as
from citewise.diagnostic import Problem
from citewise.services.text import quote, word_count


def check(doc, options, context):
    question_words = context.word_list(options, "question-words", doc)
    common = context.word_list(options, "function-words", doc)
    if question_words is None or common is None:
        return  # no word lists for this language
    if any(is_question(h.text, question_words) for h in doc.headings):
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
    if not reads_as(page_text(doc), common):
        return  # written in another language than the one declared (or assumed)
    first = next((h for h in sections if h.level == 2), sections[0])
    yield Problem(first.locate(0, len(first.text)),
                  f"none of the {len(sections)} section headings is phrased as a question "
                  f"(first: \"{quote(first.text, 10)}\")")
