"""claim-expired: a time-bound claim that has gone by ("will launch on 1 October 2025" read
after that day; "coming soon" on a page last dated years ago)."""

from citewise.checks._language import phrase_pattern
from citewise.diagnostic import Problem
from citewise.services.dates import MODIFIED, days_between, written_dates
from citewise.services.update_notes import update_note

_EVERGREEN = frozenset({"guide", "landing", "faq", "reference"})  # not "other": kind unknown
_WINDOW = 80  # characters before a date in which a future marker makes it a claim


def check(doc, options, context):
    if doc.kind == "article" and not options["dated-records"]:
        return  # a dated record is read in its own time: its deadlines and dates are the record
    markers = phrase_pattern(options["future-markers"])
    past = phrase_pattern(options["past-markers"])
    relative = phrase_pattern(options["relative-claims"])
    # In a dated record only a promised outcome ("will be released on") is asked about: its
    # deadlines, meeting times and event days ("applications close April 2") are read in its time.
    outcomes = phrase_pattern(options["outcome-words"]) if doc.kind == "article" else None
    spans = phrase_pattern(options["span-words"])
    today = context.today.isoformat()
    dates = context.dates(doc)
    reviewed = _last_dated(dates)
    note = update_note(doc, options["update-note-labels"], doc.language)
    if note is not None and note.value is None:
        return  # an undated update note says what happened: what the rule asks for is there
    if note is not None and (reviewed is None or note.value > reviewed):
        reviewed = note.value  # a dated note the date layer could not read still dates the page
    # A relative phrase ("next week") in a dated record reads from the record's own date; on an
    # evergreen page it reads from today, and goes stale with the page.
    stale = (doc.kind in _EVERGREEN and reviewed is not None
             and days_between(reviewed, today) > options["max-age-days"])
    for block in context.blocks(doc):
        text = block.text
        found = False
        asked = set()  # one claim, one finding: "will be cut to beta on 3 Jan, announced 9 Jan"
        for start, end, value in written_dates(text, doc.language):
            if value >= today or (reviewed is not None and reviewed >= value):
                continue  # still ahead, or the page was dated after the day it names
            if _in_address(text, start, end):
                continue  # example.com/2016-02-01-test: a name, not a claim
            marker = _marker_before(text, start, markers, past)
            if marker is None or marker in asked or _quoted(text, marker):
                continue  # no claim, or someone else's words (dialogue, a quotation)
            claim = text[marker:start]
            if spans is not None and spans.search(claim):
                continue  # "will be held until 31 October": how long something ran, not a promise
            if doc.kind == "article" and (outcomes is None or not outcomes.search(claim)):
                continue
            found = True
            asked.add(marker)
            yield Problem(block.locate(marker, end),
                          f'"{text[marker:end]}": a claim about {value}, which has gone by; '
                          "say what happened, or add an update note")
        if stale and not found and relative is not None:
            match = relative.search(text)
            if match and not _quoted(text, match.start()):
                yield Problem(block.locate(match.start(), match.end()),
                              f'"{match.group(0)}" on a page last dated {reviewed}: say whether '
                              "it still holds, or add an update note")


def _last_dated(dates) -> str | None:
    """The page's newest stated date: its last update, else its publication."""
    modified = [found.value for found in dates.found if found.kind == MODIFIED]
    return max(modified) if modified else dates.published


_QUOTES = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c"}


def _quoted(text: str, offset: int) -> bool:
    """Whether text[offset] stands inside quotation marks: someone's words, not the page's."""
    before = text[:offset]
    if before.count('"') % 2 == 1:
        return True
    return any(before.count(opening) > before.count(closing) for opening, closing
               in _QUOTES.items() if opening != closing)


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether the date at text[start:end] is part of a URL or a path."""
    token_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    token_end = min((at for at in (text.find(" ", end), text.find("\n", end)) if at != -1),
                    default=len(text))
    return "/" in text[token_start:token_end]


def _marker_before(text: str, start: int, markers, past) -> int | None:
    """Where a future marker opens the claim that ends at the date at `start`, in its sentence
    ("will launch on"), unless past tense follows it ("was scheduled for")."""
    if markers is None:
        return None
    window_start = max(0, start - _WINDOW)
    stop = max(text.rfind(". ", window_start, start), text.rfind("; ", window_start, start))
    window = text[stop + 1 if stop >= 0 else window_start:start]
    offset = start - len(window)
    last = None
    for match in markers.finditer(window):
        last = match
    if last is None:
        return None
    if past is not None and past.search(window[max(0, last.start() - 12):last.start()]):
        return None  # "was expected on", "had planned for"
    return offset + last.start()
