"""no-specifics: a long section with no number, date, name or proper noun."""

import re

from citewise.checks._language import figures_and_names
from citewise.diagnostic import Problem
from citewise.services.text import quote, word_count

# Certain signs of something specific, found without the NLP pipeline: a digit, an acronym, a
# mixed-case or code-like name ("GitHub", "iOS", "max_retries", "run()"), or a capitalised word
# inside a sentence (after a lower-case word or a comma: "serves Acme Corp").
_SPECIFIC = re.compile(
    r"\d|\b[A-Z]{2,}\b|\b[a-z]+[A-Z]\w*|\b[A-Z][a-z]+[A-Z]\w*|\w_\w|\w\(\)"
    r"|(?<=[a-z,;:] )[A-Z][a-z]"
)


def check(doc, options, context):
    months = options["months"]
    month = re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, months)), re.I) if months else None
    minimum = options["min-words"]
    for section in doc.sections():
        blocks = context.blocks(doc, section.blocks)
        count = sum(word_count(b.text) for b in blocks)
        if count < minimum:
            continue
        if any(_SPECIFIC.search(b.text) or (month and month.search(b.text)) for b in blocks):
            continue
        if any(figures_and_names(context, b.text) for b in blocks):
            continue  # names the pipeline finds at the start of a sentence ("Acme CRM serves")
        where = section.heading or blocks[0]
        what = f"section \"{quote(where.text)}\"" if section.heading else "opening text"
        yield Problem(where.span, f"{what} runs {count} words with no number, date or name: "
                                  f"nothing in it an engine could cite")
