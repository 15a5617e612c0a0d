"""Config like ruff's: `extend`, `extend-select`, `severity`/`enabled` in [rules.ID], rule packs
that survive a subfolder config, and `citewise config PATH` (issue 15)."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES, check_json, citewise

PACK = FIXTURES / "rule-pack" / "house-rules"
LONG = "# A\n\n" + "Word " * 70 + "\n\nLorem ipsum here.\n"


@pytest.fixture
def project(tmp_path):
    shutil.copytree(PACK, tmp_path / "pack", ignore=shutil.ignore_patterns("fixtures"))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.citewise]\nrule-paths = ["pack"]\nselect = ["long-paragraph"]\n'
        '[tool.citewise.rules.long-paragraph]\nmax-words = 50\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text(LONG)
    return tmp_path


def test_a_subfolder_config_keeps_the_projects_rule_packs(project):
    (project / "sub" / "citewise.toml").write_text("[rules.long-paragraph]\nmax-words = 10\n")
    run = check_json("--select", "no-lorem", project / "sub" / "a.md")
    # was: the subfolder's config replaced the root's, and its rule-paths vanished
    assert run.exit_code == 1 and run.found() == [("no-lorem", 5)]


def test_extend_starts_from_the_base_and_overrides_key_by_key(project):
    (project / "sub" / "citewise.toml").write_text(
        'extend = "../pyproject.toml"\nextend-select = ["no-lorem"]\n'
        '[rules.long-paragraph]\nseverity = "error"\n')
    found = check_json(project / "sub" / "a.md").diagnostics
    assert [(d["rule"], d["severity"]) for d in found] == [
        ("long-paragraph", "error"), ("no-lorem", "error")]  # max-words 50 from the base


def test_enabled_false_turns_a_rule_off_and_true_on(project):
    (project / "sub" / "citewise.toml").write_text(
        'extend = "../pyproject.toml"\n[rules.long-paragraph]\nenabled = false\n'
        '[rules.no-lorem]\nenabled = true\n')
    assert check_json(project / "sub" / "a.md").found() == [("no-lorem", 5)]


@pytest.mark.parametrize("content, message", [
    ('extend = "missing.toml"\n', "extend: no such file"),
    ('extend = "citewise.toml"\n', "extends itself in a loop"),
    ('[rules.long-paragraph]\nenabled = "no"\n', "rules.long-paragraph.enabled: expected true or false"),
    ('[rules.long-paragraph]\nseverity = "fatal"\n', "rules.long-paragraph.severity: must be one of"),
    ('extend-selct = ["x"]\n', "unknown key 'extend-selct' (did you mean 'extend-select'?)"),
])
def test_config_errors_name_the_file_and_key(project, content, message):
    config = project / "sub" / "citewise.toml"
    config.write_text(content)
    run = check_json(project / "sub" / "a.md")
    assert run.exit_code == 2 and str(config) in run.stderr and message in run.stderr


def test_config_command_prints_the_effective_config_and_its_files(project):
    (project / "sub" / "citewise.toml").write_text(
        'extend = "../pyproject.toml"\n[rules.long-paragraph]\nmax-words = 60\n')
    run = citewise("config", project / "sub" / "a.md")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines[1] == f"# from: {project / 'sub' / 'citewise.toml'}"
    assert lines[2].endswith(f"{project / 'pyproject.toml'} (extended)")
    assert 'select = ["long-paragraph"]' in lines and "max-words = 60" in lines
    data = json.loads(citewise("config", project / "sub", "--format", "json").stdout)
    assert data["settings"]["rule-paths"] == [str((project / "pack").resolve())]
