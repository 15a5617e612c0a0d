"""sitemap-lastmod: a <lastmod> that is not a W3C datetime, or that lies in the future."""

import datetime as dt
import re

from citewise.checks._sitemap import entries, sitemap_root
from citewise.diagnostic import Problem

# W3C Datetime (https://www.w3.org/TR/NOTE-datetime): YYYY, YYYY-MM, YYYY-MM-DD, or a date and
# hh:mm[:ss[.s]] with a time zone (Z or +hh:mm / -hh:mm), which a time may not go without.
W3C_DATETIME = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:\d{2}))?)?)?")


def check(doc, options, context):
    root = sitemap_root(doc)
    if root is None:
        return
    for entry in entries(root):
        for lastmod in entry.find("lastmod"):
            if lastmod.namespace != entry.namespace:
                continue
            yield from _lastmod(lastmod, context.today)


def _lastmod(element, today: dt.date):
    value = element.text
    parsed = parse_w3c(value)
    if parsed is None:
        yield Problem(element.value_span, f"lastmod {value!r} is not a W3C datetime "
                                          "(YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss+00:00)")
    elif parsed > today:
        yield Problem(element.value_span, f"lastmod {value} is in the future (today is "
                                          f"{today.isoformat()})")


def parse_w3c(value: str) -> dt.date | None:
    """The date a W3C datetime stands for (in UTC when it has a time), or None."""
    match = W3C_DATETIME.fullmatch(value)
    if not match:
        return None
    part = match.groupdict()
    try:
        if part["hour"] is None:
            return dt.date(int(part["year"]), int(part["month"] or 1), int(part["day"] or 1))
        zone = dt.timezone.utc if part["tz"] == "Z" else _zone(part["tz"])
        moment = dt.datetime(int(part["year"]), int(part["month"]), int(part["day"]),
                             int(part["hour"]), int(part["minute"]), int(part["second"] or 0),
                             tzinfo=zone)
    except ValueError:  # month 13, hour 25, a zone past 24 hours
        return None
    return moment.astimezone(dt.timezone.utc).date()


def _zone(text: str) -> dt.timezone:
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    if minutes > 59:
        raise ValueError(text)
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
