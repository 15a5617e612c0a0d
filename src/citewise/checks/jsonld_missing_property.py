"""jsonld-missing-property: a schema.org node without the properties its type needs.

The table of required and recommended properties per type is the `types` option (the
catalogue file has it, with a source link per entry). "a|b" means either will do. Nodes with
the same @id are one node; an @id reference counts as a value. Required properties are checked
on every node (an entry's `nested` list, when it has one, replaces them on nested nodes);
recommended ones only on top-level nodes (a block's root or an @graph member), so that a nested
author or publisher is not asked for its logo.
"""

from citewise.diagnostic import Problem
from citewise.services.schema_graph import nodes_by_id, page_nodes, present


def check(doc, options, context):
    nodes = page_nodes(doc)
    if not nodes:
        return
    table = _by_type(options.get("types") or {})
    by_id = nodes_by_id(nodes)
    recommended_too = options.get("report-recommended", True)
    found: dict[tuple, list] = {}  # sibling nodes with the same gap: one finding and a count
    for node in nodes:
        if node.is_reference:
            continue
        entries = [(name, table[name]) for name in node.schema_types if name in table]
        if not entries:
            continue
        keys = _keys(node, by_id)
        type_name, entry = entries[0]
        wanted = entry.get("required", ())
        if not node.top_level and "nested" in entry:
            wanted = entry["nested"]
        siblings = (id(node.item), id(node.parent), node.key)
        required = _missing(wanted, keys)
        if required:
            _add(found, siblings, Problem(node.span("@type"), f"{type_name} lacks required "
                                                              f"{_names(required)}"))
        recommended = _missing(entry.get("recommended", ()), keys)
        if recommended and recommended_too and node.top_level:
            _add(found, siblings, Problem(node.span("@type"), f"{type_name} lacks recommended "
                                                              f"{_names(recommended)}", severity="info"))
    for problem, more in found.values():
        if more:
            problem = Problem(problem.span, f"{problem.message} (and {more} more like it in the "
                                            f"same list)", severity=problem.severity)
        yield problem


def _add(found: dict, siblings: tuple, problem: Problem) -> None:
    key = (*siblings, problem.message)
    if key in found:
        found[key][1] += 1
    else:
        found[key] = [problem, 0]


def _by_type(groups: dict) -> dict[str, dict]:
    table = {}
    for name, entry in groups.items():
        for type_name in entry.get("types") or [name]:
            table.setdefault(type_name, entry)
    return table


def _keys(node, by_id) -> set[str]:
    """The properties the node has a value for, with those of other nodes of the same @id."""
    same = by_id.get(node.id, [node]) if node.id is not None else [node]
    return {key for other in same for key, value in other.data.items() if present(value)}


def _missing(wanted, keys: set[str]) -> list[str]:
    return [want for want in wanted if not any(part in keys for part in want.split("|"))]


def _names(missing: list[str]) -> str:
    quoted = [" or ".join(f"\"{part}\"" for part in want.split("|")) for want in missing]
    return ", ".join(quoted)
