"""date-not-visible: dates in the markup, none shown to readers in the main content."""

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.dates import MACHINE_SOURCES, describe


def check(doc, options, context):
    dates = context.dates(doc)
    machine = [found for found in dates.found if found.source in MACHINE_SOURCES]
    if not machine or any(found.source == "text" for found in dates.found):
        return
    if any(_in_main_content(time.line, doc.blocks) for time in doc.times):
        return  # a <time> in the main content shows a date, even as "3 days ago"
    first = machine[0]
    yield Problem(Span(first.line, first.column),
                  f"{describe(first)} is not shown to readers: the main content shows no date")


def _in_main_content(line: int, blocks) -> bool:
    return any(block.span.line <= line <= block.span.last_line for block in blocks)
