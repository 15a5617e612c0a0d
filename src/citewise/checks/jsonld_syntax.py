"""jsonld-syntax: a JSON-LD block that does not parse, at the line and column of the problem."""

from citewise.diagnostic import Problem


def check(doc, options, context):
    for item in doc.jsonld:
        if item.error:
            note = (" (citewise read it leniently; strict parsers drop the whole block)"
                    if item.data is not None else "; no data can be read from it")
            yield Problem(item.error_span or item.span, f"JSON-LD does not parse: {item.error}{note}")
