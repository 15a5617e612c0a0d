"""robots-blocks-ai-search and robots-blocks-ai-training: AI crawlers a robots.txt keeps out of
the site's content, found by RFC 9309 group and longest-match rules (services/robots.py).

One finding per blocking rule line, naming every crawler it blocks and the group it is in:
a `Disallow: /` under `User-agent: *` blocks every listed crawler without a group of its own.
"""

from __future__ import annotations

from citewise.diagnostic import Problem
from citewise.services.robots import crawlers, decide, groups_for

ROLE_WORDS = {"search": "AI search crawlers", "user": "user-triggered AI fetchers",
              "training": "AI training crawlers"}
CONSEQUENCES = {"search": "the site is hidden from their answers and citations",
                "user": "assistants cannot open the site's pages when a user asks",
                "training": "a choice about training, which does not affect citations"}


def check_search(doc, options, context):
    yield from _blocked(doc, options, ("search", "user"))


def check_training(doc, options, context):
    yield from _blocked(doc, options, ("training",))


def _blocked(doc, options, roles):
    robots = doc.robots
    if robots is None or robots.html:
        return
    paths = options["content-paths"]
    # rule line -> (rule, group, {crawler name: role}, [blocked paths])
    found: dict[int, tuple] = {}
    for crawler in crawlers():
        if crawler.role not in roles:
            continue
        groups = groups_for(robots, crawler.name)
        for path in paths:
            verdict = decide(groups, path)
            if verdict.allowed:
                continue
            rule = verdict.rule
            group = next(g for g in groups if rule in g.rules)
            entry = found.setdefault(rule.span.line, (rule, group, {}, []))
            entry[2][crawler.name] = crawler.role
            if path not in entry[3]:
                entry[3].append(path)
    for line in sorted(found):
        rule, group, blocked, blocked_paths = found[line]
        only_user = set(blocked.values()) == {"user"}  # some vendors' fetchers ignore robots.txt
        if only_user and not options.get("report-user-fetchers", False):
            continue
        yield Problem(rule.span, _message(rule, group, blocked, blocked_paths),
                      severity="info" if only_user else "")


def _message(rule, group, blocked: dict[str, str], paths: list[str]) -> str:
    where = "the whole site" if paths == ["/"] else " and ".join(paths)
    roles = [role for role in ROLE_WORDS if role in blocked.values()]
    who = " and ".join(
        f"{ROLE_WORDS[role]} ({', '.join(n for n, r in blocked.items() if r == role)})"
        for role in roles)
    agents = ", ".join(agent.value for agent in group.agents)
    told = "; ".join(CONSEQUENCES[role] for role in roles)
    return (f'blocks {where} for {who}, in the group of "User-agent: {agents}" '
            f"(line {group.line}): {told}")
