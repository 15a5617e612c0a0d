"""unanswered-question: a question heading whose next block is not a direct answer.

A direct answer is a paragraph whose first sentence answers (no filler opening, not an empty
"It depends.", at most `max-words` words), or a list or table right under the heading. Another
heading, an image, a code block, an admonition or nothing at all is not. Raw HTML blocks in
Markdown (wrappers such as `<div>`) are looked through.
"""

from __future__ import annotations

from citewise.checks._prose import first_sentence, fold, is_question, opening
from citewise.diagnostic import Problem
from citewise.services.text import quote, word_count

_ANSWERS = frozenset({"list_item", "table"})
_PROSE = frozenset({"paragraph", "blockquote"})
_NOT_ANSWERS = {"heading": "another heading", "image": "an image", "code": "a code block",
                "admonition": "an admonition"}


def check(doc, options, context):
    question_words = context.word_list(options, "question-words", doc)
    fillers = context.word_list(options, "filler-openers", doc)
    empty = context.word_list(options, "non-answers", doc)
    if question_words is None or fillers is None or empty is None:
        return  # no word lists for this language
    empty = {_bare(text) for text in empty}
    blocks = doc.blocks
    for index, heading in enumerate(blocks):
        if heading.kind != "heading" or heading.level < 2:
            continue  # the title's answer is answer-first's business
        if not is_question(heading.text, question_words):
            continue
        after = next((b for b in blocks[index + 1 :] if b.kind != "html"), None)
        why = _not_an_answer(after, options, context, fillers, empty)
        if why:
            yield Problem(heading.locate(0, len(heading.text)),
                          f"question \"{quote(heading.text, 12)}\" is followed by {why}")


def _not_an_answer(block, options, context, fillers, empty) -> str:
    """Why `block` is not a direct answer, or "" when it is one."""
    if block is None:
        return "nothing"
    if block.kind in _ANSWERS:
        return ""
    if block.kind not in _PROSE:
        return _NOT_ANSWERS.get(block.kind, "no answer")
    sentence = first_sentence(block.text, context)
    filler = opening(sentence, fillers)
    if filler:
        return f"filler: \"{filler}\""
    if _bare(sentence) in empty:
        return f"an empty answer: \"{quote(sentence)}\""
    count = word_count(sentence)
    if count > options["max-words"]:
        return f"a {count}-word first sentence (max {options['max-words']})"
    return ""


def _bare(text: str) -> str:
    return fold(text).strip(" .!,;:…-–—")
