"""What a robots.txt lets a crawler fetch, by RFC 9309, and which line decides it.

Group: the crawler's product token matched case-insensitively against each group's
User-agent tokens; every group that names it counts, merged into one (2.2.1); the `*` groups
only when no group names it, so a crawler's own group is never overridden by `*`. Rules: the
longest matching pattern wins, Allow on a tie (2.2.2); `*` matches any run of characters and a
final `$` anchors the end (2.2.3); /robots.txt is always allowed (2.2.2).

The library `protego` answers the same question, but not which line decided it: a finding must
point at the rule that blocks, so the matcher is this module's (see docs/site-files.md for the
comparison).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from functools import cache

from citewise.data import table
from citewise.model import RobotsFile, RobotsGroup, RobotsRule

CRAWLER_DATA = "_crawlers.toml"
ROLES = ("search", "user", "training")


@dataclass(frozen=True)
class Crawler:
    name: str  # its product token, as the vendor spells it
    role: str  # "search" (answer/search index), "user" (fetches for a user), "training"
    vendor: str
    source: str  # the vendor's documentation of the crawler


@cache
def crawlers() -> tuple[Crawler, ...]:
    """The AI crawlers of the catalogue's `_crawlers.toml`."""
    found = []
    for entry in table(CRAWLER_DATA)["crawler"]:
        if entry["role"] not in ROLES:
            raise ValueError(f"{CRAWLER_DATA}: {entry['name']}: role {entry['role']!r} is not "
                             f"one of {', '.join(ROLES)}")
        found.append(Crawler(entry["name"], entry["role"], entry["vendor"], entry["source"]))
    return tuple(found)


def groups_for(robots: RobotsFile, token: str) -> list[RobotsGroup]:
    """The groups that apply to the crawler named `token`: those naming it, else the `*`
    groups, else none (everything allowed)."""
    token = token.lower()
    named = [group for group in robots.groups
             if any(agent.token == token for agent in group.agents)]
    if named:
        return named
    return [group for group in robots.groups if any(agent.token == "*" for agent in group.agents)]


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    rule: RobotsRule | None  # the rule that decided (None: no rule matched, allowed)


def decide(groups: list[RobotsGroup], path: str) -> Verdict:
    """Whether `path` may be fetched under the merged `groups`, and the deciding rule."""
    path = normalize_path(path)
    if path == "/robots.txt":
        return Verdict(True, None)
    best: RobotsRule | None = None
    best_length = -1
    for group in groups:
        for rule in group.rules:
            if not rule.path or not matches(rule.path, path):
                continue  # an empty Disallow disallows nothing
            length = len(normalize_path(rule.path))
            if length > best_length or length == best_length and rule.allow and not best.allow:
                best, best_length = rule, length
    return Verdict(best is None or best.allow, best)


def matches(pattern: str, path: str) -> bool:
    """Whether the rule pattern matches the start of the (normalized) path."""
    pattern = normalize_path(pattern)
    anchored = pattern.endswith("$")
    return _wildcard_match(pattern[:-1] if anchored else pattern + "*", path)


def _wildcard_match(pattern: str, text: str) -> bool:
    """`*` matches any run of characters, the rest itself; the whole of `text` must match.
    Iterative, with one backtrack point: O(len(pattern) x len(text)) at worst, where a regex
    of many `.*?` can take exponential time on a hostile robots.txt."""
    p = t = 0
    star, star_t = -1, 0
    while t < len(text):
        if p < len(pattern) and pattern[p] == "*":
            star, star_t = p, t
            p += 1
        elif p < len(pattern) and pattern[p] == text[t]:
            p += 1
            t += 1
        elif star >= 0:
            p, star_t = star + 1, star_t + 1
            t = star_t
        else:
            return False
    while p < len(pattern) and pattern[p] == "*":
        p += 1
    return p == len(pattern)


_UNRESERVED_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def normalize_path(path: str) -> str:
    """Path and pattern compared alike (RFC 9309 2.2.2): non-ASCII characters percent-encoded,
    escapes in upper case, escaped unreserved characters decoded (`%62` is `b`)."""
    encoded = urllib.parse.quote(path, safe="".join(chr(c) for c in range(33, 127)))

    def unescape(match: re.Match) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _UNRESERVED_ESCAPE.sub(unescape, encoded)


def allowed(robots: RobotsFile, token: str, path: str) -> bool:
    return decide(groups_for(robots, token), path).allowed
