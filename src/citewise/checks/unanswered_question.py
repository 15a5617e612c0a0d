"""unanswered-question: a question heading whose next block is not a direct answer.

A direct answer is a paragraph whose first sentence answers (no filler opening, not an empty
"It depends.", at most `max-words` words), or a list or table right under the heading. Another
heading, an image, a code block, an admonition or nothing at all is not. Raw HTML blocks in
Markdown (wrappers such as `<div>`) are looked through.

Two kinds of question heading are not sections that owe an answer: one whose next block is a
deeper subheading with sibling subheadings after it (an umbrella such as "What's in 1.54.0
stable" whose subsections are the answer, which engines read as a list), and on HTML pages
one with no content at all before the next heading of its level (a teaser headline in a
"related stories" row or a menu).
"""

from __future__ import annotations

from citewise.checks._prose import (first_sentence, fold, is_question, opening, page_text,
                                    prose_words, reads_as)
from citewise.diagnostic import Problem
from citewise.services.text import quote

_ANSWERS = frozenset({"list_item", "table"})
_NOT_ANSWERS = {"heading": "another heading", "image": "an image", "code": "a code block",
                "admonition": "an admonition"}


def check(doc, options, context):
    question_words = options["question-words"]
    fillers = options["filler-openers"]
    empty = options["non-answers"]
    common = options["function-words"]
    empty = {_bare(text) for text in empty}
    blocks = doc.blocks
    checked = None  # whether the page reads as the language of the lists, once asked
    for index, heading in enumerate(blocks):
        if heading.kind != "heading" or heading.level < 2:
            continue  # the title's answer is answer-first's business
        if not is_question(heading.text, question_words):
            continue
        if checked is None:
            checked = reads_as(page_text(doc), common)
        if not checked:
            return  # written in another language than the one declared (or assumed)
        after = next((b for b in blocks[index + 1 :] if b.kind != "html"), None)
        if _subsections(blocks, index) >= 2:
            continue  # an umbrella question: its subsections answer it
        if doc.format == "html" and (after is None or after.kind == "heading"):
            continue  # a heading with nothing under it: a teaser headline or a menu entry
        why = _not_an_answer(after, options, context, fillers, empty)
        if why:
            yield Problem(heading.locate(0, len(heading.text)),
                          f"question \"{quote(heading.text, 12)}\" is followed by {why}")


def _subsections(blocks, index) -> int:
    """How many subheadings of one level sit under the heading at `index`, when the first
    block under it is one of them (0 otherwise)."""
    heading, after = blocks[index], blocks[index + 1] if index + 1 < len(blocks) else None
    if after is None or after.kind != "heading" or after.level <= heading.level:
        return 0
    count = 0
    for block in blocks[index + 1 :]:
        if block.kind == "heading":
            if block.level <= heading.level:
                break
            count += block.level == after.level
    return count


def _not_an_answer(block, options, context, fillers, empty) -> str:
    """Why `block` is not a direct answer, or "" when it is one."""
    if block is None:
        return "nothing"
    if block.kind in _ANSWERS:
        return ""
    if not context.in_scope(block):
        return _NOT_ANSWERS.get(block.kind, "no answer")
    sentence = first_sentence(block.text, context)
    filler = opening(sentence, fillers)
    if filler:
        return f"filler: \"{filler}\""
    if _bare(sentence) in empty:
        return f"an empty answer: \"{quote(sentence)}\""
    count = prose_words(sentence)
    if count > options["max-words"]:
        return f"a {count}-word first sentence (max {options['max-words']})"
    return ""


def _bare(text: str) -> str:
    return fold(text).strip(" .!,;:…-–—")
