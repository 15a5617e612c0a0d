"""long-paragraph: a paragraph of more than `max-words` words (a URL counts as one)."""

from citewise.diagnostic import Problem
from citewise.checks._prose import prose_words
from citewise.services.text import quote


def check(doc, options, context):
    limit = options["max-words"]
    for block in doc.blocks:
        if block.kind != "paragraph":
            continue
        count = prose_words(block.text)
        if count > limit:
            yield Problem(block.span, f"paragraph is {count} words (max {limit}): "
                                      f"\"{quote(block.text)}\"")
