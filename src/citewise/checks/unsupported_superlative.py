"""unsupported-superlative: "best", "leading", "#1" about the page's own subject, unsupported."""

import re

from citewise.checks._language import (
    blank_out, figures_and_names, phrase_pattern, sentence_at, subject_names,
)
from citewise.checks._prose import fold
from citewise.diagnostic import Problem

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def check(doc, options, context):
    pattern = phrase_pattern(options["superlatives"])
    if pattern is None:
        return  # an empty list: nothing to look for
    not_before = phrase_pattern(options["not-before"])
    self_words = phrase_pattern(options["self-words"])
    support = phrase_pattern(options["support-words"])
    verbs = [fold(verb) for verb in options["claim-verbs"]]
    subject = None
    for block in context.blocks(doc):
        if block.kind == "blockquote":
            continue  # a quotation speaks for someone else
        text = block.text
        reported = set()
        for match in pattern.finditer(text):
            after = len(text) - len(text[match.end():].lstrip())
            if not_before and not_before.match(text, after):
                continue  # "the best way to", "leading zeros"
            sentence = sentence_at(context, text, match.start())
            if sentence is None or sentence.start in reported:
                continue
            if subject is None:
                subject = subject_names(doc, context)
            own = blank_out(sentence.text, match.start() - sentence.start,
                            match.end() - sentence.start)
            before = text[sentence.start:match.start()]
            if not _said_of_subject(before, self_words, verbs, subject):
                continue  # not said of the page's own subject
            if (support and support.search(own)) or figures_and_names(context, own, subject):
                continue  # backed by a figure, a source or a comparison
            reported.add(sentence.start)
            yield Problem(block.locate(match.start(), match.end()),
                          f"unsupported superlative \"{' '.join(match.group().split())}\" about "
                          f"the page's own subject: back it with a figure, a source or a "
                          f"comparison, or say what it is instead")


def _said_of_subject(before: str, self_words, verbs, subject) -> bool:
    """Whether the words before a superlative predicate it of the page's own subject: "we are
    the leading...", "Acme CRM is the best...", "our world-class support", "we offer the
    fastest...". The subject (a self word or one of the page's names) must come at most two
    words before the claim verb, which comes at most one word before the superlative."""
    words = [part for word in WORD.findall(before) for part in _split_clitic(fold(word))][-6:]
    if not words:
        return False
    if self_words and self_words.fullmatch(words[-1]) and words[-1] in ("our", "ours"):
        return True  # "our world-class support"
    text = " ".join(words)
    for verb in verbs:
        index = _rfind_words(words, verb.split())
        if index is None or len(words) - (index + len(verb.split())) > 1:
            continue
        head = words[max(0, index - 3):index]
        if any(self_words and self_words.fullmatch(word) for word in head):
            return True
        if any(name and name in text for name in subject):
            return True
    return False


def _rfind_words(words: list[str], wanted: list[str]) -> int | None:
    for index in range(len(words) - len(wanted), -1, -1):
        if words[index:index + len(wanted)] == wanted:
            return index
    return None


def _split_clitic(word: str) -> list[str]:
    """"we're" -> "we", "'re"; "acme's" -> "acme", "'s": a claim verb can hide in a clitic."""
    base, apostrophe, rest = word.partition("'")
    return [base, apostrophe + rest] if apostrophe and base else [word]
