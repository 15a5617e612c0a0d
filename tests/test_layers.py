"""The import layers of the DEVELOPERS brief, as a contract on every module of the package:

    cli > reporters | engine > checks > services > parsers > model

A module may import its own layer and the layers below it, never above; reporters and the
engine do not import each other. Lazy imports inside functions count as much as top-level ones.
"""

from __future__ import annotations

import ast
from pathlib import Path

import citewise

PACKAGE = Path(citewise.__file__).parent

# Layer of each module (the first match of its dotted name, longest prefix first).
LAYERS = {
    "citewise.data": 0,  # a leaf: the package's data files, importing nothing of citewise
    "citewise.model": 0,
    "citewise.diagnostic": 1,  # Problem and Diagnostic: built on the model's Span
    "citewise.fingerprint": 2,  # a finding's stable id, from the diagnostic alone (baseline, SARIF)
    "citewise.parsers": 1,
    "citewise.services": 2,
    "citewise.checks": 3,
    "citewise.engine": 4,
    "citewise.reporters": 4,
    "citewise": 5,  # cli and the commands' modules (harness, scaffold, docs, inspection)
}
SIBLINGS = {("citewise.engine", "citewise.reporters"), ("citewise.reporters", "citewise.engine")}
# The citability score is being moved out of reporters/ (it decides an exit code) by its owner.
PENDING = {"citewise.reporters.score"}


def _group(module: str) -> str:
    return max((name for name in LAYERS if module == name or module.startswith(name + ".")),
               key=len)


def _imports(path: Path, module: str) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = module.rsplit(".", node.level)[0]
                found.append((f"{base}.{node.module}" if node.module else base, node.lineno))
            elif node.module:
                found.append((node.module, node.lineno))
    return [(name, line) for name, line in found if name.split(".")[0] == "citewise"]


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        yield path, ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_every_import_goes_down_the_layers():
    wrong = []
    for path, module in _modules():
        if module in PENDING:
            continue
        group = _group(module)
        for name, line in _imports(path, module):
            if name == "citewise":
                continue  # the package itself: __version__
            target = _group(name)
            if target == group:
                continue
            if LAYERS[target] > LAYERS[group] or (group, target) in SIBLINGS or (
                    LAYERS[target] == LAYERS[group] and group != "citewise"):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {module} imports {name}")
    assert wrong == []


def test_the_data_module_is_a_leaf():
    assert _imports(PACKAGE / "data.py", "citewise.data") == []
