"""Every page in fixtures/<rule-id>/ is checked with that rule alone, and the (rule, line) pairs
found must be exactly those listed in the folder's expected.json:

    {"bad.md": [3, 9], "good.md": []}

Lines are 1-based lines of the fixture file as a user sees it.
"""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, check_json

CASES = [
    (folder.name, page, lines)
    for folder in sorted(FIXTURES.iterdir())
    if (folder / "expected.json").is_file()
    for page, lines in json.loads((folder / "expected.json").read_text()).items()
]


@pytest.mark.parametrize("rule, page, lines", CASES, ids=[f"{r}/{p}" for r, p, _ in CASES])
def test_fixture_page(rule, page, lines):
    path = FIXTURES / rule / page
    assert path.is_file(), f"expected.json names a missing fixture: {path}"
    run = check_json("--select", rule, "--no-cache", path)
    assert run.exit_code in (0, 1), run.output
    assert sorted(line for _, line in run.found(rule)) == sorted(lines)


def test_every_fixture_page_has_expectations():
    for folder in FIXTURES.iterdir():
        if not (folder / "expected.json").is_file():
            continue
        listed = set(json.loads((folder / "expected.json").read_text()))
        pages = {p.name for p in folder.iterdir() if p.suffix in (".md", ".html", ".htm")}
        assert pages == listed, f"{folder.name}: pages and expected.json disagree"
