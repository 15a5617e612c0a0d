"""long-sentence: a sentence of more than `max-words` words."""

from citewise.checks._language import prose_blocks
from citewise.diagnostic import Problem
from citewise.services.text import quote, word_count


def check(doc, options, context):
    limit = options["max-words"]
    for block in prose_blocks(doc):
        if word_count(block.text) <= limit:
            continue  # no sentence of it can be too long: not worth splitting
        for sentence in context.nlp().sentences(block.text):
            count = word_count(sentence.text)
            if count > limit:
                yield Problem(block.locate(sentence.start, sentence.end),
                              f"sentence is {count} words (max {limit}): "
                              f"\"{quote(sentence.text)}\"")
