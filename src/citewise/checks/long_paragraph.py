"""long-paragraph: a paragraph of more than `max-words` words."""

from citewise.diagnostic import Problem
from citewise.services.text import quote, word_count


def check(doc, options, context):
    limit = options["max-words"]
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        count = word_count(block.text)
        if count > limit:
            yield Problem(block.span, f"paragraph is {count} words (max {limit}): "
                                      f"\"{quote(block.text)}\"")
