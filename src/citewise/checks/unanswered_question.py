"""unanswered-question: a question heading whose next block is not a direct answer.

A direct answer is a paragraph whose first sentence answers (no filler opening, not an empty
"It depends.", at most `max-words` words), or a list, table or code block right under the
heading (a how-to's steps). A paragraph that leads into a list or table ("In this section we…"
then numbered steps) counts with what it leads into. An admonition right under the heading (a
"note" caveat) is looked past to what follows it; raw HTML blocks in Markdown (wrappers such as `<div>`) are looked through.
An image is looked past the same way. Another heading, a code block or nothing at all is not an
answer; a parenthetical aside does not count toward the first sentence's length.

Two kinds of question heading are not sections that owe an answer: one whose next block is a
deeper subheading with sibling subheadings after it (an umbrella such as "What's in 1.54.0
stable" whose subsections are the answer, which engines read as a list), and on HTML pages
one with no content at all before the next heading of its level (a teaser headline in a
"related stories" row or a menu). In Markdown too, a question heading followed straight by a
heading of its own level or higher labels the sections after it ("What's in 1.90.0 stable"
then "## Cleaner panic messages", "## Cargo improvements"...), when two or more such sections
follow; a single one is an empty section, reported.

Three openings are the start of an answer rather than a way round it. A hedge (`hedges`: "It's
complicated.", "It depends.") followed in the same paragraph by a sentence that answers: the
second sentence is judged in its place. A question that asks for a procedure or a mechanism
(`walkthrough-questions`: "How do I use X?", "How does it work?") whose signpost paragraph ("In
this section, I'll walk through...", "First, let's...") is followed within the first three
blocks of its section by the steps (a list, a table or a code block). And an example shown
before the answer: code blocks right under the heading, then a paragraph that answers ("As shown
above, there is no difference...").
"""

from __future__ import annotations

import re

from citewise.checks._prose import (fold, is_question, opening, page_text,
                                    prose_words, reads_as)
from citewise.diagnostic import Problem
from citewise.services.text import quote

_ANSWERS = frozenset({"list_item", "table"})
# A caveat box, a wrapper or a picture: looked past to the answer under it
_ASIDES = frozenset({"admonition", "html", "image"})
_PARENTHETICAL = re.compile(r"\([^()]*\)")
# A procedure's steps, which a walk-through's signpost paragraph leads into
_STEPS = frozenset({"list_item", "table", "code"})
WALKTHROUGH_BLOCKS = 3  # blocks of a section (asides looked past) where the steps must start
_NOT_ANSWERS = {"heading": "another heading", "image": "an image", "code": "a code block",
                "admonition": "an admonition"}


def check(doc, options, context):
    question_words = options["question-words"]
    fillers = options["filler-openers"]
    empty = options["non-answers"]
    common = options["function-words"]
    empty = {_bare(text) for text in empty}
    hedges = {_bare(text) for text in options["hedges"]}
    walkthroughs = options["walkthrough-questions"]
    blocks = doc.blocks
    answers = _ANSWERS
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
        following = _after_asides(blocks, index + 1)
        after = following[0] if following else None
        if _subsections(blocks, index) >= 2:
            continue  # an umbrella question: its subsections answer it
        if doc.format == "html" and (after is None or after.kind == "heading"):
            continue  # a heading with nothing under it: a teaser headline or a menu entry
        if _labels_sections(blocks, index, after) or _misleveled_umbrella(blocks, index, after):
            continue  # "What's in 1.90.0 stable" then "## LLD is now the default": a label
            # over the sections that follow it, not a section of its own
        why = _not_an_answer(after, options, context, fillers, empty, answers, hedges)
        if why and len(following) > 1 and after.kind == "paragraph" \
                and following[1].kind in answers:
            continue  # the paragraph leads into the steps, table or code that answer
        if why.startswith("filler") and opening(_plain(heading.text), walkthroughs) \
                and _steps_follow(blocks, index):
            continue  # "How do I use X?", "In this section, I'll walk through...", the steps
        if after is not None and after.kind == "code":
            shown = _after_example(blocks, index)
            if shown is not None and shown.kind == "paragraph" and not _not_an_answer(
                    shown, options, context, fillers, empty, answers, hedges):
                continue  # an example first, then the sentence that answers about it
        if why:
            yield Problem(heading.locate(0, len(heading.text)),
                          f"question \"{quote(heading.text, 12)}\" is followed by {why}")


def _after_asides(blocks, start: int) -> list:
    """The first two blocks from `start` on, admonitions and raw HTML looked past (the
    admonition itself when only such blocks follow); [] when nothing follows. An image between
    the heading and the answer is looked past too: a picture is not an evasion."""
    found = []
    for block in blocks[start:]:
        if block.kind in _ASIDES and not found:
            continue
        found.append(block)
        if len(found) == 2:
            break
    if not found:
        return [next((b for b in blocks[start:] if b.kind != "html"), None)] \
            if any(b.kind != "html" for b in blocks[start:]) else []
    return found


def _section(blocks, index) -> list:
    """The blocks under the heading at `index` up to the next heading, asides looked past."""
    found = []
    for block in blocks[index + 1:]:
        if block.kind == "heading":
            break
        if block.kind not in _ASIDES:
            found.append(block)
    return found


def _steps_follow(blocks, index) -> bool:
    """Whether a list, table or code block is among the first blocks of the section under the
    heading at `index`: the procedure a signpost paragraph leads into."""
    return any(block.kind in _STEPS for block in _section(blocks, index)[:WALKTHROUGH_BLOCKS])


def _after_example(blocks, index):
    """The first block of the section under the heading at `index` after the code blocks that
    open it (asides looked past), or None."""
    return next((block for block in _section(blocks, index) if block.kind != "code"), None)


def _plain(text: str) -> str:
    """A heading's text without the emphasis or code marks round its first word."""
    return text.strip().lstrip("*_`#0123456789.) ")


def _labels_sections(blocks, index, after) -> bool:
    """Whether the heading at `index` is followed straight by two or more headings of one
    level no deeper than its own (before a heading above that level): a label over them."""
    heading = blocks[index]
    if after is None or after.kind != "heading" or after.level > heading.level:
        return False
    siblings = 0
    for block in blocks[index + 1:]:
        if block.kind == "heading":
            if block.level < after.level:
                break
            siblings += block.level == after.level
    return siblings >= 2


def _misleveled_umbrella(blocks, index, after) -> bool:
    """Whether the heading at `index` is followed straight by a heading of a higher level and
    then by more headings before its next sibling: "## What's in 1.90.0 stable" then "# LLD is
    now the default", "### Cargo adds...": subsections written at the wrong level."""
    heading = blocks[index]
    if after is None or after.kind != "heading" or after.level >= heading.level:
        return False
    count = 0
    for block in blocks[index + 1:]:
        if block.kind == "heading":
            if block is not after and block.level <= heading.level:
                break
            count += 1
    return count >= 2


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


def _not_an_answer(block, options, context, fillers, empty, answers, hedges=frozenset()) -> str:
    """Why `block` is not a direct answer, or "" when it is one."""
    if block is None:
        return "nothing"
    if block.kind in answers:
        return ""
    if not context.in_scope(block):
        return _NOT_ANSWERS.get(block.kind, "no answer")
    sentences = [sentence.text.strip() for sentence in context.nlp().sentences(block.text)
                 if sentence.text.strip()] or [block.text.strip()]
    sentence = sentences[0]
    if len(sentences) > 1 and _bare(sentence) in hedges:
        sentence = sentences[1]  # "It's complicated. Desquamation can only...": the hedge's
        # reason follows in its paragraph, and is the answer
    filler = opening(sentence, fillers)
    if filler:
        return f"filler: \"{filler}\""
    if _bare(sentence) in empty:
        return f"an empty answer: \"{quote(sentence)}\""
    # An aside in parentheses does not delay the answer: "The feature allows X (because Y,
    # so Z) and W" answers in its first words however long the aside.
    count = prose_words(_PARENTHETICAL.sub(" ", sentence))
    if count > options["max-words"]:
        return f"a {count}-word first sentence (max {options['max-words']})"
    return ""


def _bare(text: str) -> str:
    return fold(text).strip(" .!,;:…-–—")
