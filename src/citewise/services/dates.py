"""The freshness layer: every date a page states about itself, where, and what it means.

`page_dates(doc)` collects dates from JSON-LD (`datePublished`, `dateModified`, `dateCreated`
anywhere in the graph), `<meta>` tags, `<time>` elements, visible text ("Updated 3 November
2024"), front matter and URLs, classifies each as published, modified or unknown, and picks the
page's published and modified dates. The result is cached on the document.

Dates are parsed by the small parser below (ISO 8601, RFC 2822, English and European written
forms), not by dateparser or htmldate: docs/design/freshness.md has the measurements behind that choice.
Word lists (month names, labels such as "Updated" or "Veröffentlicht am") live in the data file
rules/_dates.toml.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Iterator

from citewise.model import Dates, Document, FoundDate, LineIndex, Span

PUBLISHED, MODIFIED, UNKNOWN = "published", "modified", "unknown"
MACHINE_SOURCES = ("jsonld", "meta", "time", "frontmatter")

# <meta> names (name, property, itemprop or http-equiv; lower case) and what they state.
META_KINDS: dict[str, str] = {
    **dict.fromkeys((
        "article:published_time", "article:published", "article:published_date",
        "article:post_date", "article.published", "article:publicationdate", "article.created",
        "og:article:published_time", "og:published_time", "og:pubdate", "og:publish_date",
        "datepublished", "datecreated", "date_published", "date_created", "dateposted",
        "pubdate", "publishdate", "publish_date", "publish-date", "publish_time",
        "published_date", "published-date", "published_time", "publisheddate",
        "publication_date", "citation_publication_date", "citation_date",
        "citation_online_date", "dc.date.issued", "dc.date.created", "dc.date.publication",
        "dc.created", "dc:created", "dcterms.issued", "dcterms.created",
        "originalpublicationdate", "parsely-pub-date", "sailthru.date", "rnews:datepublished",
        "article_date_original", "displaydate", "shareaholic:article_published_time",
        "cxenseparse:recs:publishtime", "bt:pubdate", "rbpubdate", "mediator_published_time",
        "vr:published_time", "twt-published-at",
    ), PUBLISHED),
    **dict.fromkeys((
        "article:modified_time", "article:modified", "article:modified_date",
        "og:updated_time", "og:modified_time", "og:article:modified_time", "updated_time",
        "modified_time", "datemodified", "dateupdate", "last-modified", "lastmodified",
        "lastmod", "last_modified", "modified", "dc.modified", "dc.date.modified",
        "dcterms.modified", "revised", "revision_date", "modificationdate", "bt:moddate",
        "article:post_modified",
    ), MODIFIED),
    **dict.fromkeys(("date", "dc.date", "dc:date", "dcterms.date", "dc.date.available"), UNKNOWN),
}
URL_METAS = ("rel:canonical", "og:url", "twitter:url")

# JSON-LD keys (lower case), and the parts of a graph whose dates are not the page's own.
# uploadDate: a VideoObject or other MediaObject page's publication.
JSONLD_KINDS = {"datepublished": PUBLISHED, "datecreated": PUBLISHED, "datemodified": MODIFIED,
                "uploaddate": PUBLISHED}
JSONLD_SKIPPED_KEYS = frozenset((
    "comment", "comments", "review", "reviews", "author", "publisher", "creator",
    "contributor", "editor", "citation", "isbasedon", "image", "thumbnail", "logo", "video",
    "associatedmedia", "subjectof", "haspart", "itemlistelement", "suggestedanswer",
    "acceptedanswer", "mentions", "about", "workexample", "offers", "sourceorganization",
    "ispartof", "recipeinstructions", "potentialaction", "breadcrumb",
))
JSONLD_SKIPPED_TYPES = frozenset((
    "comment", "review", "answer", "imageobject", "person", "organization", "website",
    "offer", "rating", "aggregaterating", "breadcrumblist",
))

# Front matter keys, compared without case, "_" or "-".
FRONT_MATTER_KINDS: dict[str, str] = {
    **dict.fromkeys((
        "date", "pubdate", "published", "publishdate", "publishedat", "publishedon",
        "datepublished", "created", "createdat", "datecreated", "firstpublished",
    ), PUBLISHED),
    **dict.fromkeys((
        "lastmod", "updated", "updatedat", "updatedon", "lastmodifiedat", "lastmodified",
        "modified", "modifiedat", "datemodified", "lastupdated", "lastreviewed", "reviewed",
    ), MODIFIED),
}
FRONT_MATTER_URLS = frozenset(("path", "url", "permalink", "slug", "canonical", "canonicalurl"))
FRONT_MATTER_URL_LABELS = frozenset(f"front matter {key}" for key in FRONT_MATTER_URLS)
FILE_NAME = "file name"

_FIRST_YEAR, _LAST_YEAR = 1990, 2099
_YEAR = r"(?:199\d|20\d\d)"
_MONTH = r"(?:1[0-2]|0?[1-9])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_URL_DATE = re.compile(rf"(?<!\d)({_YEAR})[/_-]({_MONTH})[/_-]({_DAY})(?!\d)")
_URL_DAY_FIRST = re.compile(rf"(?<![\d-])({_DAY})-({_MONTH})-({_YEAR})(?![\d-])")
_ISO_START = re.compile(rf"\s*({_YEAR})-?({_MONTH})-?({_DAY})(?:$|[T\s_]|[^\d])")
_WORDS = re.compile(r"\S+")
_LABEL_CUT = re.compile(r"[\s:–—|·•/(,;\-]+$")
_LABEL_START = re.compile(r"(?:^|[|·•—–]\s*|[.!?]\s+|\n)$")
_SHORT_BLOCK = 24  # words: a byline, a date line; longer blocks are prose
_DATELINE = 2  # words: a date after at most this many opens its block ("Bonn, 11.10.2021")
# What may stand before an update note's label in its block: emphasis, a bracket, an
# admonition marker (":::note", '!!! info "').
_NOTE_OPENING = re.compile(r"(?:(?::::?|!!!|\?\?\?)\s*\w*)?[\s*_(\[\"'>:]*$")
# A capitalised word glued to a lower-case letter before it (text of adjacent inline elements).
_GLUED = r"(?<=(?-i:[a-zà-ÿ]))(?=(?-i:[A-ZÀ-Þ]))"
_VERSION_BEFORE = re.compile(r"(?:version|ver|v|release|rev|build)\.?\s*$", re.I)
_COPYRIGHT = re.compile(r"©|\(c\)|copyright", re.I)
_TEXT_KINDS = frozenset(("heading", "paragraph", "list_item", "blockquote", "admonition", "table"))


def page_dates(doc: Document) -> Dates:
    """The page's dates. Checks ask `context.dates(doc)`, which computes them once per
    document; nothing is written back into the document."""
    instants: dict[FoundDate, dt.datetime] = {}
    found = sorted(_collect(doc, instants), key=lambda f: (f.line, f.column))
    published, modified = choose(found)
    if published is not None and any(_is_early_note(f, published) for f in found):
        # Every such note, not only a chosen one: a live ticker's dated entries ("Update vom
        # 03. Mai 2020") are not changes to the page, and rules compare each source's first.
        found = [dataclasses.replace(f, kind=UNKNOWN) if _is_early_note(f, published) else f
                 for f in found]
        published, modified = choose(found)
    if published is not None:
        published = _local_day(published, found, instants)
    if published is None and modified is None and doc.markup:  # no date at all
        published = _htmldate_guess(doc.markup)
        if published is not None:
            found = sorted([*found, published], key=lambda f: (f.line, f.column))
    return Dates(published and published.value, modified and modified.value, found)


HTMLDATE = "htmldate"


def _is_early_note(found: FoundDate, published: FoundDate) -> bool:
    """An update note ("Update (2025-03-15):") dated before the page's published date: a note
    the page quotes (a project's progress log), not a change to the page."""
    return (found.source == "text" and found.kind == MODIFIED and found.value < published.value
            and found.label.lower() in _vocabulary().note_labels)


def _local_day(published: FoundDate, found: list[FoundDate],
               instants: dict[FoundDate, dt.datetime]) -> FoundDate:
    """The page's own day for a published date read from a UTC timestamp ("...T23:00Z",
    "+0000"): that day is a conversion, the page's is the one it writes in its own zone. When
    the page states the same moment with its own offset, or writes the day next to the UTC one
    (a date without a time, as text or in markup) and that day is the UTC moment's in some time
    zone (UTC-12 to UTC+14), that date is the published one, at its own line."""
    instant = instants.get(published)
    if instant is None or instant.utcoffset():
        return published
    day = dt.date.fromisoformat(published.value)
    for other in found:
        if other.kind == MODIFIED or other.value == published.value:
            continue
        moment = instants.get(other)
        if moment is not None:
            if moment == instant and moment.utcoffset():
                return other  # the same moment, written in the page's zone
            continue  # another moment says nothing of this one's zone
        if instant.minute or instant.second or instant.microsecond:
            continue  # a real time of day: its UTC day may well be the page's
        step = (dt.date.fromisoformat(other.value) - day).days
        if step == 1 and instant.hour >= 10 or step == -1 and instant.hour < 12:
            return other  # a local midnight ("T23:00Z"): the page's day, as it writes it
    return published


def _htmldate_guess(markup: str) -> FoundDate | None:
    """htmldate's extensive search, as a last resort on an HTML page where citewise finds no
    date at all (4% of pages, so it costs little on average; a page that states only when it
    was modified keeps no published date): it reads what the model leaves out
    (scripts, attributes, comments, URLs in links). Its date is a guess: kind `unknown`, so no
    rule takes it for a date the page states; it is located at its first spelling in the file."""
    try:
        from htmldate import find_date
    except ImportError:  # an optional helper: without it the page simply has no date
        return None
    try:
        value = find_date(markup, original_date=True, extensive_search=True)
    except Exception:  # a third-party parser must not cost the page its other findings
        return None
    if not value or not parse_value(value):
        return None
    offset = _spelling_offset(markup, value)
    if offset is None:
        return None
    line, column = LineIndex(markup).position(offset)
    return FoundDate(value, UNKNOWN, HTMLDATE, line, column, HTMLDATE)


def _spelling_offset(markup: str, value: str) -> int | None:
    """Where `value` (YYYY-MM-DD) is first written in the markup, in any common spelling."""
    year, month, day = value.split("-")
    m, d = str(int(month)), str(int(day))
    spellings = (value, f"{year}/{month}/{day}", f"{year}{month}{day}", f"{day}.{month}.{year}",
                 f"{d}.{m}.{year}", f"{month}/{day}/{year}", f"{year}.{month}.{day}",
                 f"{day}/{month}/{year}", f"{year}/{m}/{d}", f"{year}-{m}-{d}")
    offsets = [at for at in (markup.find(s) for s in spellings) if at != -1]
    written = next((start for start, _, found, _ in _vocabulary().dates_in(markup)
                    if found == value), None)
    if written is not None:
        offsets.append(written)
    return min(offsets) if offsets else None


# -- choosing ------------------------------------------------------------------------------------

# A file name's date comes last: front matter `date` overrides it, as in Jekyll.
_PUBLISHED_ORDER = ("url", "meta", "jsonld", "frontmatter", "time", "text", FILE_NAME)
_MODIFIED_ORDER = ("meta", "jsonld", "frontmatter", "time", "text")


def choose(found: list[FoundDate]) -> tuple[FoundDate | None, FoundDate | None]:
    """citewise's judgement of the published and modified dates among what the page states.

    `found` is in document order. The published date is the first one labelled so by the most
    reliable source that has one: a date in the page's URL (set once, at publication), meta
    tags, JSON-LD, front matter, `<time itemprop>`, a labelled visible date ("Published
    3 May 2025"), a Markdown file name. Failing all of these, the first visible date with a
    generic label ("Date: ..."), then the first unlabelled `<time>` or visible date, and last a
    generic `<meta name="date">`, which often records when the page was generated. The
    modified date is the first labelled so by the most reliable source. Within one source a
    `datePublished` wins over a `dateCreated`. docs/design/freshness.md has the measurements.
    """
    published = _pick(found, PUBLISHED, _PUBLISHED_ORDER)
    if published is None:
        unknown = [f for f in found if f.kind == UNKNOWN]
        published = next((f for f in unknown if f.source == "text" and f.label),
                         next((f for f in unknown if f.source != "meta"),
                              unknown[0] if unknown else None))
    return published, _pick(found, MODIFIED, _MODIFIED_ORDER)


def _pick(found: list[FoundDate], kind: str, order: tuple[str, ...]) -> FoundDate | None:
    """The first date of `kind` from the most reliable source that has one; a creation date
    (`dcterms.created`) only when no source states the publication itself."""
    for pass_created in (False, True):
        for source in order:
            dates = [f for f in found if f.kind == kind and _source(f) == source
                     and is_created(f) == pass_created]
            if dates:
                return dates[0]
    return None


def _source(found: FoundDate) -> str:
    return FILE_NAME if found.label == FILE_NAME else found.source


def is_created(found: FoundDate) -> bool:
    """A creation date (`dateCreated`, `dcterms.created`): close to, but not, the published one;
    a media object's `uploadDate` too (an embedded video's upload is not the article's date)."""
    label = found.label.lower()
    return "creat" in label or "erstellt" in label or label == "uploaddate"


def is_machine_readable(found: FoundDate) -> bool:
    """A date a crawler reads without guessing: JSON-LD, meta, `<time>`, front matter, and a
    date in a Markdown page's own front matter path or file name (its generator dates the page
    from it, as Jekyll and the Rust blog do). A date in an HTML page's URL does not count."""
    if found.source in MACHINE_SOURCES:
        return True
    return found.source == "url" and (found.label == FILE_NAME
                                      or found.label in FRONT_MATTER_URL_LABELS)


def stated(found: list[FoundDate]) -> list[FoundDate]:
    """The dates a page states as its own, for rules to judge: machine-readable ones and
    labelled visible ones. Unlabelled visible dates (they may be events or examples) and
    dates in an HTML page's URL help to guess the published date, not to judge the page."""
    return [f for f in found if is_machine_readable(f) or f.source == "text" and f.kind != UNKNOWN]


_PROSE_KINDS = frozenset(("paragraph", "list_item", "table"))


def relative_time(doc: Document) -> tuple[str, Span] | None:
    """The first phrase of relative time in the page's prose ("recently", "this year",
    "derzeit") and where it is: words that mean nothing without the page's date."""
    pattern = _relative_pattern()
    for block in doc.blocks:
        if block.kind in _PROSE_KINDS:
            match = pattern.search(block.text)
            if match:
                return match.group(0), block.locate(match.start(), match.end())
    return None


@cache
def _relative_pattern() -> re.Pattern:
    return re.compile(rf"(?<![^\W\d_])(?:{_words(_data(), 'relative')})(?![^\W\d_])", re.I)


def days_between(earlier: str, later: str) -> int:
    """Days from one YYYY-MM-DD date to another (negative when `later` is earlier)."""
    return (dt.date.fromisoformat(later) - dt.date.fromisoformat(earlier)).days


_SOURCE_NAMES = {"jsonld": "JSON-LD", "meta": "meta", "time": "<time>", "text": "visible text",
                 "frontmatter": "front matter", "url": "URL", HTMLDATE: "htmldate's guess"}


def describe(found: FoundDate, reported_line: int = 0) -> str:
    """`JSON-LD dateModified 2024-03-05 (line 12)`, `visible "Updated" 2024-03-05 (line 40)`;
    without the line when it is `reported_line`, the line the diagnostic points at."""
    if found.source == "text":
        what = f'visible "{found.label}"' if found.kind != UNKNOWN else "visible date"
    elif found.source == "time":
        what = f"<time itemprop={found.label}>" if found.label != "time" else "<time>"
    elif found.source == HTMLDATE:
        what = "htmldate's guess"
    elif found.source == "url":
        what = f"date in {found.label}"
    else:
        what = f"{_SOURCE_NAMES[found.source]} {found.label}"
    where = "" if found.line == reported_line else f" (line {found.line})"
    return f"{what} {found.value}{where}"


# -- collecting ----------------------------------------------------------------------------------

def _collect(doc: Document, instants: dict) -> list[FoundDate]:
    found = [*_jsonld_dates(doc, instants), *_meta_dates(doc, instants),
             *_time_dates(doc, instants), *_front_matter_dates(doc), *_url_dates(doc)]
    return found + list(_text_dates(doc, {f.value for f in found}))


def _jsonld_dates(doc: Document, instants: dict) -> Iterator[FoundDate]:
    for item in doc.jsonld:
        raw = item.raw
        if not raw or "date" not in raw.lower():
            continue
        places = _JsonPlaces(raw, item.span.line, item.span.column)
        if item.data is None:  # broken JSON: read what the keys say anyway
            for match in places.keys:
                value = _JSON_STRING.match(raw, match.end())
                if value:
                    yield from _found(value.group(1), JSONLD_KINDS[match.group(1).lower()],
                                      "jsonld", *places.at(match.start()), match.group(1),
                                      instants)
            continue
        for key, value, offset in places.walk(item.data):
            yield from _found(value, JSONLD_KINDS[key.lower()], "jsonld", *places.at(offset), key,
                              instants)


_JSON_KEY = re.compile(r'"(datePublished|dateModified|dateCreated|uploadDate)"\s*:', re.I)
_JSON_STRING = re.compile(r'\s*"([^"]{4,80})"')


class _JsonPlaces:
    """Walks parsed JSON-LD for date keys and finds each key's own place in the raw text."""

    def __init__(self, raw: str, line: int, column: int):
        self.raw = raw
        self.keys = list(_JSON_KEY.finditer(raw))
        self._offsets: dict[str, list[int]] = {}
        for match in self.keys:
            self._offsets.setdefault(match.group(1).lower(), []).append(match.start())
        lead = len(raw) - len(raw.lstrip())
        self._line = line - raw.count("\n", 0, lead)  # the line where raw begins
        self._column = column - (lead - raw.rfind("\n", 0, lead) - 1)  # of raw[0]

    def at(self, offset: int) -> tuple[int, int]:
        newlines = self.raw.count("\n", 0, offset)
        if newlines:
            return self._line + newlines, offset - self.raw.rfind("\n", 0, offset)
        return self._line, self._column + offset

    def walk(self, data: Any) -> Iterator[tuple[str, Any, int]]:
        """(key, value, offset) of each date key outside skipped parts, in document order:
        the n-th date key met is the n-th one in the raw text, skipped or not."""
        seen: dict[str, int] = {}
        stack = [iter([("", data, False)])]
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            key, value, skipped = entry
            folded = key.lower()
            if folded in JSONLD_KINDS:
                index = seen.get(folded, 0)
                seen[folded] = index + 1
                offsets = self._offsets.get(folded, ())
                if not skipped and index < len(offsets) and isinstance(value, str):
                    yield key, value, offsets[index]
            elif isinstance(value, list):
                stack.append(iter([("", child, skipped) for child in value]))
            elif isinstance(value, dict):
                types = value.get("@type")
                types = types if isinstance(types, list) else [types]
                skipped = skipped or any(
                    isinstance(t, str) and t.lower() in JSONLD_SKIPPED_TYPES for t in types)
                stack.append(iter([(k, v, skipped or k.lower() in JSONLD_SKIPPED_KEYS)
                                   for k, v in value.items()]))


def _meta_dates(doc: Document, instants: dict) -> Iterator[FoundDate]:
    for tag in doc.meta:
        kind = META_KINDS.get(tag.name)
        if kind is not None:
            yield from _found(tag.content, kind, "meta", tag.line, 1, tag.name, instants)


# `<time itemprop>` of an event or an offer: when something happens, not when the page did.
EVENT_PROPS = frozenset(("startdate", "enddate", "doortime", "validfrom", "validthrough",
                         "availabilitystarts", "availabilityends", "birthdate", "deathdate"))


def _time_dates(doc: Document, instants: dict) -> Iterator[FoundDate]:
    for time in doc.times:
        prop = time.itemprop.lower()
        if prop in EVENT_PROPS:
            continue
        kind = JSONLD_KINDS.get(prop) or (PUBLISHED if prop == "pubdate" else UNKNOWN)
        yield from _found(time.datetime, kind, "time", time.line, 1, prop or "time", instants)


def _front_matter_dates(doc: Document) -> Iterator[FoundDate]:
    matter = doc.front_matter
    if matter is None:
        return
    for key, value in matter.data.items():
        key = str(key)  # YAML keys may be numbers or dates
        folded = key.lower().replace("_", "").replace("-", "")
        line = matter.key_lines.get(key, matter.span.line)
        kind = FRONT_MATTER_KINDS.get(folded)
        if kind is not None and isinstance(value, dict):
            # Material for MkDocs' blog: `date:` holds `created:` and `updated:`.
            for sub, sub_value in value.items():
                sub_kind = FRONT_MATTER_KINDS.get(str(sub).lower().replace("_", ""))
                if sub_kind is not None:
                    label = f"{key}.{sub}"
                    yield from _found(sub_value, sub_kind, "frontmatter",
                                      matter.key_lines.get(label, line), 1, label)
        elif kind is not None:
            yield from _found(value, kind, "frontmatter", line, 1, key)
        elif folded in FRONT_MATTER_URLS and isinstance(value, str):
            yield from _found_in_url(value, line, f"front matter {folded}")


def _url_dates(doc: Document) -> Iterator[FoundDate]:
    for tag in doc.meta:  # the page's own URL, wherever it is stated first with a date
        found = tag.name in URL_METAS and list(_found_in_url(tag.content, tag.line, tag.name))
        if found:
            yield from found
            break
    if doc.format == "markdown":  # Jekyll's _posts/2024-03-05-title.md; releases/2019-04-05/
        parts = doc.path.replace("\\", "/").rsplit("/", 2)
        name = parts[-1]
        if len(parts) == 3 and not _URL_DATE.search(name) and _URL_DATE.fullmatch(parts[-2]):
            name = parts[-2]  # the page's own folder is named for its date
        yield from _found_in_url(name, 1, FILE_NAME)


def _found_in_url(url: str, line: int, label: str) -> Iterator[FoundDate]:
    match = _URL_DATE.search(url)
    if match:
        value = _make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    else:  # ".../meldungen/29-10-2021": day first, as the site's language writes it
        match = _URL_DAY_FIRST.search(url)
        value = match and _make_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    if match and value:
        yield FoundDate(value, PUBLISHED, "url", line, 1, label)


def _found(value: Any, kind: str, source: str, line: int, column: int,
           label: str, instants: dict | None = None) -> Iterator[FoundDate]:
    parsed = parse_value(value)
    if parsed:
        found = FoundDate(parsed, kind, source, line, column, label)
        if instants is not None and isinstance(value, str):
            instant = _instant(value)
            if instant is not None:
                instants[found] = instant
        yield found


# "2020-01-20T09:49:32+0000", "2019-10-18T22:04:00Z", "Sat, 19 Oct 2019 00:04:00 +0200"
_ISO_INSTANT = re.compile(r"\s*(\d{4})-(\d\d)-(\d\d)[T\s](\d\d):(\d\d)(?::(\d\d))?(?:[.,]\d+)?\s*"
                          r"(Z|UTC|GMT|[+-]\d\d(?::?\d\d)?)?\s*$", re.I)
_RFC_INSTANT = re.compile(r"(?:\w+,\s*)?\d{1,2}\s+\w+\s+\d{4}\s+\d\d:\d\d(?::\d\d)?\s*"
                          r"(?:GMT|UTC|Z|[+-]\d{4})\s*$", re.I)


def _instant(value: str) -> dt.datetime | None:
    """The moment a machine-readable timestamp names, with its offset (None without a time
    or a zone): what lets a UTC timestamp be read in the page's own time zone."""
    match = _ISO_INSTANT.match(value)
    if match:
        zone = match.group(7)
        if not zone:
            return None
        zone = zone.upper()
        if zone in ("Z", "UTC", "GMT"):
            offset = dt.timedelta(0)
        else:
            digits = zone[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
            offset = dt.timedelta(hours=hours, minutes=minutes) * (-1 if zone[0] == "-" else 1)
        try:
            return dt.datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)),
                               int(match.group(4)), int(match.group(5)), int(match.group(6) or 0),
                               tzinfo=dt.timezone(offset))
        except ValueError:
            return None
    if _RFC_INSTANT.match(value):
        from email.utils import parsedate_to_datetime

        try:
            return parsedate_to_datetime(value.strip())
        except (TypeError, ValueError, IndexError):
            return None
    return None


def _text_dates(doc: Document, stated: set[str]) -> Iterator[FoundDate]:
    """Visible dates: labelled ones ("Updated 3 May 2025") anywhere, unlabelled ones only in
    short blocks (a byline, a date line) or opening a block (a dateline), not in prose.
    An ambiguous numeric date (11/01/2021) takes the reading that a date in `stated` (the
    page's machine-readable dates) confirms, else the one the page's language implies."""
    vocabulary = _vocabulary()
    for block in (*doc.outside, *doc.blocks):
        if block.kind not in _TEXT_KINDS:
            continue
        text = block.text
        if not vocabulary.hint.search(text):
            continue
        short = len(_WORDS.findall(text)) <= _SHORT_BLOCK
        # Where the word after the dateline's first words starts: a date past it is in prose
        # (found once per block; counting the words before each date is quadratic).
        opening = [word.start() for word in itertools.islice(_WORDS.finditer(text), _DATELINE + 1)]
        prose_from = opening[_DATELINE] if len(opening) > _DATELINE else len(text) + 1
        for start, end, value, other in vocabulary.dates_in(text, doc.language):
            if _COPYRIGHT.search(text, max(0, start - 24), start):
                continue  # "© 3 May 2024 Acme": the copyright line, not a publication date
            label, kind = vocabulary.label_before(text, start, short)
            if not label and (block.kind == "blockquote"
                              or not short and prose_from < start):
                continue  # a date in prose or in a quotation is about something else
            if other and value not in stated and (other in stated or _nearer(other, value,
                                                                             stated)):
                value = other
            span = block.locate(start, end)
            yield FoundDate(value, kind, "text", span.line, span.column, label)


def _nearer(other: str, value: str, stated: set[str]) -> bool:
    """Whether the other reading of an ambiguous date ("11.02.23": 2 November or 11 February)
    is nearer to the page's machine-readable dates: an update note is close to the page's own
    dates, months away from them only by misreading."""
    if not stated:
        return False
    def distance(day: str) -> int:
        return min(abs(days_between(day, known)) for known in stated)
    return distance(other) < distance(value)


# -- parsing -------------------------------------------------------------------------------------

def parse_value(value: Any, language: str = "") -> str | None:
    """A machine-readable date (ISO 8601, RFC 2822, YAML/TOML date) as YYYY-MM-DD, or None."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat() if _FIRST_YEAR <= value.year <= _LAST_YEAR else None
    if not isinstance(value, str):
        return None
    match = _ISO_START.match(value + " ")
    if match:
        return _make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    found = next(_vocabulary().dates_in(value[:120], language), None)
    return found[2] if found else None


def written_dates(text: str, language: str = "") -> Iterator[tuple[int, int, str]]:
    """(start, end, YYYY-MM-DD) of each written date in `text`, in order."""
    for start, end, value, _ in _vocabulary().dates_in(text, language):
        yield start, end, value


def parse_text_date(text: str, language: str = "") -> str | None:
    """The first written date in `text` ("3 November 2024", "03.11.2024") as YYYY-MM-DD."""
    found = next(_vocabulary().dates_in(text, language), None)
    return found[2] if found else None


def _make_date(year: int, month: int, day: int) -> str | None:
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


@dataclass
class _Vocabulary:
    months: dict[str, int]
    pattern: re.Pattern
    hint: re.Pattern
    labels: dict[str, str]  # label words (lower case) -> published | modified | unknown
    label_pattern: re.Pattern
    joiner_pattern: re.Pattern
    byline_pattern: re.Pattern
    note_labels: frozenset[str]
    leading_labels: frozenset[str]

    def dates_in(self, text: str,
                 language: str = "") -> Iterator[tuple[int, int, str, str | None]]:
        """(start, end, YYYY-MM-DD, other reading or None) of each written date in `text`.
        "03.11.2024" is day first; "11/03/2024" is month first in English, else day first,
        and its other reading is returned too."""
        month_first = language.lower().startswith("en-us") or language.lower() == "en"
        for match in self.pattern.finditer(text):
            group = match.group
            other = None
            if group("iy"):
                value = _make_date(int(group("iy")), int(group("im")), int(group("id")))
            elif group("ny") or group("ty"):
                if group("ny"):
                    first, second, year = int(group("na")), int(group("nb")), int(group("ny"))
                    separator = group("ns")
                else:
                    if _VERSION_BEFORE.search(text, max(0, match.start() - 12), match.start()):
                        continue
                    first, second, separator = int(group("ta")), int(group("tb")), group("ts")
                    year = int(group("ty"))
                    year += 1900 if year >= _FIRST_YEAR % 100 else 2000
                if separator != "." and (month_first and first <= 12 or second > 12):
                    first, second = second, first  # 11/03/2024 in American English
                value = _make_date(year, second, first)
                # "Updated 11.02.23, 11:52 EST" (wired.co.uk): a dotted two-digit year is
                # month first in American use, so it too has another reading
                if (separator != "." or group("ty")) and first != second and \
                        max(first, second) <= 12:
                    other = _make_date(year, first, second)
            elif group("dy"):
                value = _make_date(int(group("dy")), self._month(group("dm")), int(group("dd")))
            else:
                value = _make_date(int(group("my")), self._month(group("mm")), int(group("md")))
            if value:
                yield match.start(), match.end(), value, other

    def _month(self, name: str) -> int:
        return self.months.get(name.lower().rstrip("."), 0)

    def label_before(self, text: str, start: int, short: bool) -> tuple[str, str]:
        """The label right before a date and its kind, or ("", "unknown")."""
        before = text[max(0, start - 60):start]
        cut = len(before)
        while True:  # drop joiners: "Updated on: ", "Veröffentlicht am "
            trimmed = _LABEL_CUT.sub("", before[:cut])
            joiner = self.joiner_pattern.search(trimmed)
            if joiner is None:
                cut = len(trimmed)
                break
            cut = joiner.start()
        match = self.label_pattern.search(before[:cut])
        kind = UNKNOWN
        if match is not None and match.group(0).lower() in self.note_labels and \
                not _NOTE_OPENING.match(text[:max(0, start - 60) + match.start()]):
            return "", UNKNOWN  # "the platform update on 24 February": not an update note
        if match is not None and match.group(0).lower() in self.leading_labels and not (
                _NOTE_OPENING.match(text[:max(0, start - 60) + match.start()])
                or _LABEL_START.search(before[: match.start()])):
            return "", UNKNOWN  # "version 7.520.3, released 2021-12-22": not the page's date
        if match is not None:
            kind = self.labels[match.group(0).lower()]
        else:  # "By Lee Chen, 3 May 2025": a byline labels the date without saying which
            match = self.byline_pattern.search(before[:cut])
            if match is None or not all(w[0].isupper() for w in match.group("name").split()):
                return "", UNKNOWN
        if not short and not _LABEL_START.search(before[: match.start()]):
            return "", UNKNOWN  # "...was published 3 May 2019 in Nature": a citation
        return match.group("label") if "name" in match.groupdict() else match.group(0), kind


@cache
def _vocabulary() -> _Vocabulary:
    data = _data()
    months: dict[str, int] = {}
    for names in data["months"].values():
        for number, spellings in enumerate(names, start=1):
            for spelling in spellings:
                months.setdefault(spelling, number)
    names = "|".join(re.escape(name) for name in sorted(months, key=len, reverse=True))
    month = rf"(?:{names})\.?(?![^\W\d_])"
    pattern = re.compile(
        rf"(?<![\d.])(?P<iy>{_YEAR})(?P<is>[-/.])(?P<im>{_MONTH})(?P=is)(?P<id>{_DAY})(?![\d])"
        rf"|(?<![\d./-])(?P<na>{_DAY})(?P<ns>[./-]|\s?\|\s?)\s?(?P<nb>{_DAY})(?P=ns)\s?"
        rf"(?P<ny>{_YEAR})(?![\d])"
        # "8.5.12", "31.10.23", "26/10/13": a two-digit year, never in a version ("v2.1.12",
        # "1.2.10.4") or a time ("10.12.19:30")
        rf"|(?<![\w./-])(?P<ta>{_DAY})(?P<ts>[./])(?P<tb>{_DAY})(?P=ts)(?P<ty>\d\d)"
        r"(?![\d.:/-]?\d)(?![^\W\d_])"
        # "Original Research7 April 2020": a day glued to the lower-case word before it
        rf"|(?:(?<![\w.])|(?<=(?-i:[a-zà-ÿ])))(?P<dd>{_DAY})(?:st|nd|rd|th|er|\.)?\s+(?:of\s+|de\s+)?(?P<dm>{month}),?"
        rf"\s+(?:de\s+)?(?P<dy>{_YEAR})(?!\d)"
        # "Rashanda CobbinsSeptember 11, 2018": a byline's name and date in adjacent spans
        rf"|(?:(?<![\w])|{_GLUED})(?P<mm>{month})\s+(?P<md>{_DAY})(?:st|nd|rd|th)?,?\s+"
        rf"(?P<my>{_YEAR})(?!\d)",
        re.I,
    )
    hint = re.compile(rf"(?<!\d){_YEAR}(?!\d)|(?<![\w.])\d\d?[./]\d\d?[./]\d\d(?![\d.])")
    labels: dict[str, str] = {}
    for kind in (MODIFIED, PUBLISHED, "generic"):
        for words in data[kind].values():
            for word in words:
                labels.setdefault(word.lower(), UNKNOWN if kind == "generic" else kind)
    label_names = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    label_pattern = re.compile(rf"(?<![^\W\d_])(?:{label_names})$", re.I)
    joiners = _words(data, "joiners", "weekdays")
    joiner_pattern = re.compile(rf"(?<![^\W\d_])(?:{joiners})$", re.I)
    name = r"[^\W\d_][\w.'’-]*"  # a word of a name; capitalisation is checked by the caller
    byline_pattern = re.compile(rf"(?<![^\W\d_])(?P<label>{_words(data, 'bylines')})\s+"
                                rf"(?P<name>(?:{name}\s+){{0,3}}{name})$", re.I)
    note_labels = frozenset(word.lower() for group in data["note-labels"].values()
                            for word in group)
    leading_labels = frozenset(word.lower() for group in data["leading-labels"].values()
                               for word in group)
    return _Vocabulary(months, pattern, hint, labels, label_pattern, joiner_pattern,
                       byline_pattern, note_labels, leading_labels)


def _words(data: dict, *tables: str) -> str:
    """A regex alternation of the words in `tables` of every language, longest first."""
    words = {word.lower() for table in tables for group in data[table].values() for word in group}
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _data() -> dict:
    from citewise.data import table

    return table("_dates.toml")
