"""robots-syntax: lines of a robots.txt that crawlers ignore or read otherwise than meant."""

from __future__ import annotations

import re

from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.robots import crawlers

_ABSOLUTE = re.compile(r"^https?://[^/\s]+", re.I)


def check(doc, options, context):
    robots = doc.robots
    if robots is None:
        return
    if robots.html:
        yield Problem(Span(1), "this is an HTML page, not a robots.txt: a server's error or "
                               "fallback page served at /robots.txt; no line of it was read "
                               "as a rule")
        return
    for issue in robots.issues:
        yield Problem(issue.span, issue.message)
    for group in robots.groups:
        for agent in group.agents:
            missed = _crawler_missed(agent)
            if missed:
                yield Problem(agent.span, f'User-agent "{agent.value}" is matched as '
                                          f'"{agent.token}", not {missed}: a crawler matches '
                                          "the name before the first space or /, so this group "
                                          f"does not apply to {missed}")
        for rule in group.rules:
            if rule.path and not rule.path.startswith(("/", "*")):
                what = "a full URL" if _ABSOLUTE.match(rule.path) else "no leading /"
                yield Problem(rule.value_span,
                              f'"{rule.path}" has {what}: a path pattern starts with "/" (or '
                              f'"*"), so this rule matches no URL')
    for record in robots.sitemaps:
        if not _ABSOLUTE.match(record.value):
            yield Problem(record.span, f'Sitemap "{record.value}" is not an absolute URL: '
                                       "crawlers need the full https://... address")
    if robots.limit_line:
        yield Problem(Span(robots.limit_line),
                      f"the file is {robots.size:,} bytes: crawlers must read only the first "
                      f"500 KiB (RFC 9309 2.5) and may ignore this line and the rest")


def _crawler_missed(agent) -> str:
    """A listed AI crawler named inside a User-agent value that crawlers read as another
    token (`Mozilla/5.0 (compatible; GPTBot/1.0)` is read as "mozilla"), else ""."""
    if agent.token == "*" or agent.value.lower() == agent.token:
        return ""
    for crawler in crawlers():
        name = crawler.name.lower()
        if name != agent.token and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])",
                                             agent.value.lower()):
            return crawler.name
    return ""
