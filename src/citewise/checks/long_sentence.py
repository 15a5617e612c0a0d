"""long-sentence: a sentence of more than `max-words` words."""

from citewise.diagnostic import Problem
from citewise.services.nlp import certain_breaks
from citewise.services.text import quote, word_count


def check(doc, options, context):
    if context.language_of(doc) not in options["languages"]:
        return  # the word limit is a convention of these languages only
    limit = options["max-words"]
    for block in context.blocks(doc):
        if not _may_hold_long_sentence(block.text, limit):
            continue  # no sentence of it can be too long: not worth splitting
        for sentence in context.nlp().sentences(block.text):
            count = word_count(sentence.text)
            if count > limit:
                yield Problem(block.locate(sentence.start, sentence.end),
                              f"sentence is {count} words (max {limit}): "
                              f"\"{quote(sentence.text)}\"")


def _may_hold_long_sentence(text: str, limit: int) -> bool:
    """False when every piece between certain sentence breaks is within the limit: each piece
    holds whole sentences, so none of them can be longer (no spaCy needed to know it)."""
    if word_count(text) <= limit:
        return False
    edges = [0, *certain_breaks(text), len(text)]
    return any(word_count(text[a:b]) > limit for a, b in zip(edges, edges[1:]))
