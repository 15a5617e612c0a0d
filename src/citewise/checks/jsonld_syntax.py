"""jsonld-syntax: a JSON-LD block that does not parse, at the line and column of the problem;
with the repaired JSON as a fix when it can be repaired as text."""

from citewise.diagnostic import Edit, Fix, Problem
from citewise.parsers.jsonld import block_edit, repaired_text


def check(doc, options, context):
    for item in doc.jsonld:
        if item.error:
            note = (" (citewise read it leniently; strict parsers drop the whole block)"
                    if item.data is not None else "; no data can be read from it")
            yield Problem(item.error_span or item.span, f"JSON-LD does not parse: {item.error}{note}",
                          fix=_fix(item))


def _fix(item) -> Fix | None:
    repaired = repaired_text(item.raw)
    if repaired is None:
        return None
    text, keeps_data = repaired
    span, replacement = block_edit(item, text)
    what = "repair the JSON" if keeps_data else "repair the JSON (guessing what was meant)"
    return Fix(what, (Edit(span, replacement),), unsafe=not keeps_data)
