"""answer-first: the first paragraph under the title must state the answer."""

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.text import quote, words, word_count


def check(doc, options, context):
    title_block = doc.h1
    start = doc.blocks.index(title_block) + 1 if title_block else 0
    first = next((b for b in doc.blocks[start:] if b.kind == "paragraph"), None)
    if first is None:
        if doc.blocks:
            where = title_block.span if title_block else doc.blocks[0].span
            yield Problem(where, "no opening paragraph: the page never states its answer in prose")
        return
    reasons = []
    fillers = context.word_list(options, "filler-openers", doc)
    opener = _filler_opener(first.text, fillers or ())
    if opener:
        reasons.append(f"opens with filler \"{opener}\"")
    count = word_count(first.text)
    if count > options["max-words"]:
        reasons.append(f"is {count} words (max {options['max-words']})")
    stopwords = context.word_list(options, "stopwords", doc)
    title = title_block.text if title_block else doc.title
    if stopwords is not None and title and not _shares_content_word(title, first.text, stopwords):
        reasons.append(f"shares no word with the title \"{quote(title)}\"")
    if reasons:
        yield Problem(_first_line(first.span), f"first paragraph {' and '.join(reasons)}: "
                                               f"\"{quote(first.text)}\"")


def _filler_opener(text: str, fillers) -> str:
    """The filler words as written on the page, or ""."""
    opening = " ".join(text.split())
    folded = opening.lower().replace("’", "'")
    filler = next((f for f in fillers if folded.startswith(f.lower().replace("’", "'"))), "")
    return opening[: len(filler)]


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s")
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _content_words(text: str, stopwords) -> set[str]:
    stop = {word.lower() for word in stopwords}
    return {_stem(word) for word in words(text) if word.lower() not in stop and len(word) > 1}


def _shares_content_word(title: str, paragraph: str, stopwords) -> bool:
    title_words = _content_words(title, stopwords)
    if not title_words:
        return True  # a title of stopwords gives nothing to compare with
    return bool(title_words & _content_words(paragraph, stopwords))


def _first_line(span: Span) -> Span:
    return Span(span.line, span.column, span.line, span.column)
