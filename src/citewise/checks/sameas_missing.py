"""sameas-missing: an Organization or Person in the JSON-LD must link to its profiles elsewhere."""

from __future__ import annotations

from urllib.parse import urlsplit

from citewise.diagnostic import Problem
from citewise.services.entities import is_organization, is_person, text_of


def check(doc, options, context):
    groups: dict[str, list] = {}  # one entity: the nodes that share its name or @id
    keys: dict[str, str] = {}
    for node in context.entities(doc).nodes:
        types = node.schema_types
        if node.is_reference or not (is_organization(types) or is_person(types)):
            continue
        if not options["nested"] and not node.top_level:
            continue
        name = text_of(node.data.get("name"))
        if not name:
            continue
        key = keys.get(node.id) if node.id else None
        key = key or keys.get(name.casefold()) or name.casefold()
        keys[name.casefold()] = key
        if node.id:
            keys[node.id] = key
        groups.setdefault(key, []).append(node)
    for nodes in groups.values():
        links = [link for node in nodes for link in _links(node.data.get("sameAs"))]
        first = nodes[0]
        kind = next(t for t in first.schema_types if is_person([t]) or is_organization([t]))
        name = text_of(first.data.get("name"))
        if not links:
            yield Problem(first.span("@type"), f"{kind} \"{name}\" has no sameAs links to its "
                                               f"profiles on other sites")
            continue
        own = {_host(text_of(node.data.get("url"))) for node in nodes} - {""}
        if own and all(_host(link) in own for link in links):
            yield Problem(first.span("@type"), f"{kind} \"{name}\" has sameAs links only to its "
                                               f"own site ({sorted(own)[0]})")


def _links(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def _host(url: str) -> str:
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
