"""vague-claim: a vague quantity, an unnamed source or a vague scope standing in for a fact."""

import re

from citewise.checks._language import (
    blank_out, figures_and_names, phrase_pattern, sentence_at, subject_names,
)
from citewise.diagnostic import Problem

NEXT_WORDS = re.compile(r"\s+([^\W\d_]+)(?:[\s-]+([^\W\d_]+))?")

# option name -> what to say instead
KINDS = {
    "quantities": ("vague quantity", "give the figure: how many, how much, how often"),
    "quantifiers": ("vague quantity", "give the figure: how many, how much, how often"),
    "sources": ("unnamed source", "name who says so, and where"),
    "scope": ("vague scope", "name the places, or give their number"),
}


def check(doc, options, context):
    patterns = [(kind, phrase_pattern(options[kind])) for kind in KINDS]
    patterns = [(kind, pattern) for kind, pattern in patterns if pattern is not None]
    plurals = {word.lower() for word in options["irregular-plurals"]}
    conditionals = phrase_pattern(options["conditionals"])
    subject = None
    followed_by_items = _followed_by_items(doc)
    for block in context.blocks(doc):
        if block.kind == "blockquote":
            continue  # a quotation speaks for someone else
        text = block.text
        hits = sorted((match.start(), match.end(), kind) for kind, pattern in patterns
                      for match in pattern.finditer(text))
        reported = set()  # one finding per sentence: the first vague phrase in it
        for start, end, kind in hits:
            if kind == "quantifiers" and not _countable_follows(text, end, plurals):
                continue
            # The six words before the hit, from a bounded window: not the whole text before
            # each hit, which made a long paragraph dense with hits quadratic.
            if conditionals and conditionals.search(" ".join(text[max(0, start - 300):start]
                                                             .split()[-6:])):
                continue  # "when there are a large number of features": a case, not a claim
            sentence = sentence_at(context, text, start)
            if sentence is None or sentence.start in reported:
                continue
            if subject is None:
                subject = subject_names(doc, context)
            rest = blank_out(sentence.text, start - sentence.start, end - sentence.start)
            if figures_and_names(context, rest, subject):
                continue  # the sentence already carries a figure, a date or a name
            if _introduces_items(sentence, text, id(block) in followed_by_items):
                continue  # "a number of benefits:" and the list of them: the specifics follow
            reported.add(sentence.start)
            what, instead = KINDS[kind]
            yield Problem(block.locate(start, end),
                          f"{what} \"{' '.join(text[start:end].split())}\" with no figure, "
                          f"date or named source in the sentence: {instead}")


def _followed_by_items(doc) -> set[int]:
    """ids of the blocks right before a list or a table (raw HTML wrappers looked through)."""
    found, previous = set(), None
    for block in doc.blocks:
        if block.kind == "html":
            continue
        if previous is not None and block.kind in ("list_item", "table") \
                and previous.kind != "list_item":
            found.add(id(previous))
        previous = block
    return found


def _introduces_items(sentence, text: str, before_items: bool) -> bool:
    """Whether the sentence leads into the items it is vague about: it ends with a colon, or it
    ends its block and a list or table comes next."""
    said = sentence.text.rstrip()
    if said.endswith(":"):
        return True
    return before_items and not text[sentence.end:].strip()


def _countable_follows(text: str, end: int, plurals) -> bool:
    """Whether one of the two words after text[:end] is a plural ("various teams", "a lot of
    new users"), not a mass noun ("a lot of work")."""
    match = NEXT_WORDS.match(text, end)
    if not match:
        return False
    return any(word and (word.lower() in plurals or _plural(word)) for word in match.groups())


def _plural(word: str) -> bool:
    word = word.lower()
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))
