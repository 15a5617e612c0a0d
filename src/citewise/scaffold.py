"""`citewise new-rule ID --category C`: the files of a new rule, ready to edit and passing.

It writes the catalogue file with the next free code, the check, a fixture folder (a bad and a
good page and expected.txt, what the check as written finds on them) and, for a built-in rule, its docs page. The new rule is a
working one (it reports the words of its `words` option in prose), so `citewise test-rules`
passes before the author changes anything, and every later change shows as a diff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from citewise.engine.catalogue import (
    BUILTIN_CODE_PREFIX, CATEGORIES, CATEGORY_DIGITS, RULE_CODE, RULE_ID, load_catalogue_dir,
)

CATALOGUE = '''id = "{id}"
code = "{code}"
category = "{category}"
severity = "warning"
check = "{check}"
scope = "prose"
summary = "One line: what the rule reports."
description = """
What the rule does, exactly: which blocks it reads, what it reports and where.
"""
rationale = """
Why it keeps an answer engine from citing the page.
"""
help = "How to fix a finding."

[options.words]
doc = "Words to report."
default = ["lorem"]

[example]
format = "markdown"
bad = "# Title\\n\\nLorem dolor sit amet.\\n"
good = "# Title\\n\\nA sentence an engine can quote.\\n"
'''

CHECK = '''"""{id}: one line on what it reports."""

import re

from citewise.diagnostic import Problem


def check(doc, options, context):
    words = "|".join(re.escape(word) for word in options["words"])
    if not words:
        return
    pattern = re.compile(rf"\\b(?:{{words}})\\b", re.IGNORECASE)
    for block in context.blocks(doc):  # the blocks of the rule's `scope`
        for match in pattern.finditer(block.text):
            yield Problem(block.locate(match.start(), match.end()),
                          f'"{{match.group()}}" on the page')
'''

BAD_PAGE = "# Title\n\nLorem dolor sit amet.\n"
GOOD_PAGE = "# Title\n\nA sentence an engine can quote.\n"
# What the check as written finds on BAD_PAGE, as `citewise check` prints it.
EXPECTED = 'bad.md:3:1: warning {id} "Lorem" on the page\n'


class ScaffoldError(ValueError):
    """The rule cannot be made as asked (a bad id, a taken id, an unknown category)."""


@dataclass
class Layout:
    """Where a new rule's files go."""

    catalogue: Path  # the folder of catalogue files
    checks: Path  # the folder of the check module
    fixtures: Path  # the folder that holds fixtures/<id>/
    docs: Path | None  # docs/rules/ for a built-in rule
    builtin: bool


def layout_for(folder: Path, builtin_dir: Path) -> Layout:
    folder = folder.resolve()
    if folder == builtin_dir.resolve():
        root = folder.parent
        return Layout(folder, root / "src" / "citewise" / "checks", root / "fixtures",
                      root / "docs" / "rules", True)
    return Layout(folder, folder, folder / "fixtures", None, False)


def next_code(layout: Layout, category: str, prefix: str | None) -> str:
    codes = [spec.code for spec in load_catalogue_dir(layout.catalogue)]
    if layout.builtin:
        digit = CATEGORY_DIGITS[category]
        used = [int(code[2:]) for code in codes if code.startswith(BUILTIN_CODE_PREFIX)
                and code[2:3] == str(digit)]
        return f"{BUILTIN_CODE_PREFIX}{max(used, default=digit * 100) + 1}"
    prefixes = [re.match(r"[A-Z]+", code).group() for code in codes]
    prefix = prefix or (max(set(prefixes), key=prefixes.count) if prefixes else "PACK")
    if prefix.startswith(BUILTIN_CODE_PREFIX):
        raise ScaffoldError(f"prefix {prefix!r}: codes starting with {BUILTIN_CODE_PREFIX} are "
                            f"reserved for built-in rules")
    used = [int(code[len(prefix):]) for code in codes
            if code.startswith(prefix) and code[len(prefix):].isdigit()]
    code = f"{prefix}{max(used, default=0) + 1:03d}"
    if not RULE_CODE.match(code):
        raise ScaffoldError(f"prefix {prefix!r}: a code is upper-case letters then digits")
    return code


def new_rule(rule_id: str, category: str, folder: Path, builtin_dir: Path,
             prefix: str | None = None) -> list[Path]:
    """Write the new rule's files; the paths written."""
    if not RULE_ID.match(rule_id):
        raise ScaffoldError(f"{rule_id!r}: a rule id is lower-case words joined by dashes")
    if category not in CATEGORIES:
        raise ScaffoldError(f"category {category!r} is not one of {', '.join(CATEGORIES)}")
    layout = layout_for(folder, builtin_dir)
    module = rule_id.replace("-", "_")
    check = f"citewise.checks.{module}" if layout.builtin else f"{module}.py:check"
    code = next_code(layout, category, prefix)
    fixtures = layout.fixtures / rule_id
    files = {
        layout.catalogue / f"{rule_id}.toml":
            CATALOGUE.format(id=rule_id, code=code, category=category, check=check),
        layout.checks / f"{module}.py": CHECK.format(id=rule_id),
        fixtures / "bad.md": BAD_PAGE,
        fixtures / "good.md": GOOD_PAGE,
        fixtures / "expected.txt": EXPECTED.format(id=rule_id),
    }
    taken = [path for path in files if path.exists()]
    if taken:
        raise ScaffoldError(f"{taken[0]} exists already")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    written = list(files)
    if layout.docs is not None:
        from citewise.docs import rule_markdown
        from citewise.engine.catalogue import load_rule_file

        spec = load_rule_file(layout.catalogue / f"{rule_id}.toml", builtin=True)
        page = layout.docs / f"{rule_id}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<!-- Generated by scripts/build_rule_docs.py from rules/{rule_id}.toml;"
                        f" do not edit. -->\n\n" + rule_markdown(spec), encoding="utf-8")
        written.append(page)
    return written
