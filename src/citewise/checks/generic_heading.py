"""generic-heading: a heading that says nothing ("Overview", "Details") over a long section."""

from __future__ import annotations

from citewise.checks._prose import NUMBERING, fold, folded_set, prose_words
from citewise.diagnostic import Problem

_TRIM = " \t:.-–—#*`'\"()[]"


def check(doc, options, context):
    generic = folded_set(tuple(options["generic-headings"]))
    for section in doc.sections():
        heading = section.heading
        if heading is None or fold(NUMBERING.sub("", heading.text).strip(_TRIM)) not in generic:
            continue
        count = sum(prose_words(b.text) for b in context.blocks(doc, section.blocks))
        if count < options["min-words"]:
            continue
        yield Problem(heading.locate(0, len(heading.text)),
                      f"heading \"{heading.text.strip()}\" over {count} words says nothing about "
                      f"what the section answers")
