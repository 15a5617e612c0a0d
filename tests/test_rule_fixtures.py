"""Every fixture folder fixtures/<rule-id>/ is checked with that rule alone, and the output must
be exactly the folder's expected.txt (`page:line:col: severity rule message`, paths relative to
the folder; see citewise/harness.py). After a deliberate change, rewrite them with

    python -m pytest tests/test_rule_fixtures.py --update-golden

and review the diff. A folder that still has an expected.json (line numbers per page) is
compared by lines, and converted to expected.txt by --update-golden when they agree.
"""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from citewise.harness import GOLDEN, LEGACY, check_fixture, fixture_lines

FOLDERS = [folder for folder in sorted(FIXTURES.iterdir())
           if (folder / GOLDEN).is_file() or (folder / LEGACY).is_file()]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_fixture_output_is_exactly_the_golden_file(folder, request):
    outcome = check_fixture(folder, update=request.config.getoption("--update-golden"))
    assert outcome.passed, "\n".join(outcome.problems)


def test_a_changed_finding_shows_as_a_diff_of_the_golden_file(tmp_path):
    folder = tmp_path / "long-paragraph"
    folder.mkdir()
    (folder / "page.md").write_text("# T\n\n" + "Word " * 200 + "\n")
    (folder / GOLDEN).write_text("page.md:3:1: warning long-paragraph an old message\n")
    outcome = check_fixture(folder)
    assert not outcome.passed
    (found,) = fixture_lines(folder)
    assert f"-page.md:3:1: warning long-paragraph an old message\n+{found}" in outcome.problems[0]
    assert check_fixture(folder, update=True).passed and check_fixture(folder).passed
    assert (folder / GOLDEN).read_text() == found + "\n"


def test_a_fixture_folder_may_carry_its_own_config(tmp_path):
    folder = tmp_path / "long-paragraph"
    folder.mkdir()
    (folder / "page.md").write_text("# T\n\n" + "Word " * 60 + "\n")
    assert fixture_lines(folder) == []
    (folder / "citewise.toml").write_text("[rules.long-paragraph]\nmax-words = 50\n")
    (found,) = fixture_lines(folder)
    assert found.startswith("page.md:3:1: ") and "long-paragraph" in found


def test_expected_json_folders_are_converted_when_their_lines_agree(tmp_path):
    folder = tmp_path / "long-paragraph"
    folder.mkdir()
    (folder / "long.md").write_text("# T\n\n" + "Word " * 200 + "\n")
    (folder / "short.md").write_text("# T\n\nWord.\n")
    (folder / LEGACY).write_text('{"long.md": [4], "short.md": []}')
    assert not check_fixture(folder, update=True).passed  # line 3, not 4: nothing converted
    assert (folder / LEGACY).is_file() and not (folder / GOLDEN).exists()
    (folder / LEGACY).write_text('{"long.md": [3], "short.md": []}')
    assert check_fixture(folder).passed
    assert check_fixture(folder, update=True).passed
    assert not (folder / LEGACY).exists() and (folder / GOLDEN).read_text().startswith("long.md:3:1:")
