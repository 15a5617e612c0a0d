"""dangling-reference: a passage opens with a pronoun or demonstrative that points outside it."""

import re

from citewise.checks._language import phrase_pattern
from citewise.diagnostic import Problem

NEXT_WORD = re.compile(r"\s*([^\W\d_]*['’]?[^\W\d_]+)")


def check(doc, options, context):
    openers = phrase_pattern(options["openers"])
    if openers is None:
        return  # an empty list: nothing to look for
    self_nouns = {w.lower() for w in options["self-references"]}
    demonstratives = {w.lower() for w in options["demonstratives"] or ()}
    verbs = {w.lower() for w in options["pronoun-verbs"] or ()}
    expletives = [re.compile(p, re.IGNORECASE)
                  for p in options["expletives"]]
    for block in _passage_openings(doc, options["every-paragraph"], context):
        text = block.text
        start = len(text) - len(text.lstrip())
        match = openers.match(text, start)
        if not match:
            continue
        following = NEXT_WORD.match(text, match.end())
        if following and following.group(1).lower() in self_nouns:
            continue  # "This guide explains...": the page itself, which the citation names
        word = match.group()
        if word.lower() in demonstratives and not _verb_follows(word, following, verbs):
            continue  # "This option", "These rules": a noun follows and names the thing
        if any(pattern.match(text, start) for pattern in expletives):
            continue  # "It is easy to...": "it" points forward, not outside
        yield Problem(block.locate(match.start(), match.end()),
                      f"passage opens with \"{word}\", which points outside it: quoted alone "
                      f"the sentence does not say what \"{word}\" is")


def _verb_follows(opener: str, following, verbs) -> bool:
    """Whether the word after a demonstrative is a verb, making it a pronoun: one of `verbs`,
    or after "this"/"that" a third-person -s form ("This keeps", not "This process")."""
    if following is None:
        return True  # "This." alone
    word = following.group(1).lower()
    if word in verbs:
        return True
    return (opener.lower() in ("this", "that") and len(word) > 3 and word.endswith("s")
            and not word.endswith(("ss", "us", "is", "ics")))


def _passage_openings(doc, every_paragraph: bool, context):
    """The first prose block of each section; with every-paragraph, every paragraph too."""
    for section in doc.sections():
        first = True
        for block in section.blocks:
            if context.in_scope(block) and block.text.strip():
                if first or (every_paragraph and block.kind == "paragraph"):
                    yield block
                first = False
            elif block.kind not in ("image", "html"):
                first = False  # a list, table or code block came first: the passage began there
