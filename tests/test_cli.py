"""The command line end to end: exit codes, formats, stdin, listing and explaining rules."""

from __future__ import annotations

import json
import subprocess
import sys

from citewise import __version__

from conftest import FIXTURES, check_json, citewise

FILLER = FIXTURES / "answer-first" / "filler-intro.md"  # answer-first (warning) at line 8
DIRECT = FIXTURES / "answer-first" / "direct-answer.md"  # clean
LONG = FIXTURES / "long-paragraph" / "long.md"  # long-paragraph (info) at line 5
# These tests are about the command line, not about rules: they run two rules only, so that
# rules added later do not change what they see.
RULES = ("--select", "answer-first,long-paragraph")


def test_exit_0_when_clean_and_1_on_findings():
    assert citewise("check", *RULES, DIRECT).exit_code == 0
    assert citewise("check", *RULES, FILLER).exit_code == 1


def test_fail_on_sets_the_threshold():
    assert citewise("check", "--select", "long-paragraph", LONG).exit_code == 0
    assert citewise("check", "--select", "long-paragraph", "--fail-on", "info", LONG).exit_code == 1
    assert citewise("check", *RULES, "--fail-on", "error", FILLER).exit_code == 0


def test_exit_zero_keeps_the_findings():
    run = citewise("check", *RULES, "--exit-zero", FILLER)
    assert run.exit_code == 0
    assert f"{FILLER}:8:1: warning answer-first" in run.stdout


def test_missing_path_is_exit_2_and_other_files_still_checked(tmp_path):
    missing = tmp_path / "nope.md"
    run = citewise("check", *RULES, "--format", "json", missing, FILLER)
    assert run.exit_code == 2
    assert f"{missing}: no such file or directory" in run.stderr
    assert [(d["rule"], d["line"]) for d in json.loads(run.stdout)] == [("answer-first", 8)]


def test_usage_error_is_exit_2():
    assert citewise("check", "--format", "yaml", FILLER).exit_code == 2
    assert citewise("check", "--today", "2026-13-01", FILLER).exit_code == 2


def test_text_format_lines_and_summary():
    run = citewise("check", FILLER, LONG, "--select", "answer-first,long-paragraph")
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"{FILLER}:8:1: warning answer-first first paragraph opens with "
                               "filler \"In today's\"")
    assert lines[1].startswith(f"{LONG}:5:1: info long-paragraph paragraph is 160 words (max 150)")
    assert lines[2] == "Found 2 findings (1 warning, 1 info) in 2 of 2 files."


def test_quiet_and_statistics():
    run = citewise("check", *RULES, "-q", "--statistics", FILLER, LONG)
    assert run.stdout.splitlines()[-2:] == ["1  answer-first (warning)", "1  long-paragraph (info)"]
    assert "Found" not in run.stdout


def test_clean_run_summary():
    assert citewise("check", *RULES, DIRECT).stdout == "All clear: 1 file checked, no findings.\n"


def test_json_has_exactly_the_documented_keys():
    run = check_json(*RULES, FILLER)
    (diagnostic,) = run.diagnostics
    assert list(diagnostic) == ["path", "line", "column", "end_line", "end_column", "rule",
                                "category", "severity", "message", "help", "fix", "suggestion"]
    assert diagnostic["path"] == str(FILLER) and diagnostic["category"] == "structure"


def test_stdin_with_and_without_a_filename():
    html = (FIXTURES / "answer-first" / "buried.html").read_text()
    run = check_json(*RULES, "--stdin-filename", "page.html", "-", input=html)
    assert run.found() == [("answer-first", 13)]
    assert run.diagnostics[0]["path"] == "page.html"
    run = check_json(*RULES, "-", input=FILLER.read_text())  # no name: the content says Markdown
    assert run.found() == [("answer-first", 8)] and run.diagnostics[0]["path"] == "<stdin>"


def test_folder_walk_finds_pages_and_skips_other_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "sub" / "page.markdown").write_text(FILLER.read_text())
    (tmp_path / "node_modules" / "dep.md").write_text(FILLER.read_text())
    (tmp_path / "notes.txt").write_text(FILLER.read_text())
    run = check_json(*RULES, tmp_path)
    assert [d["path"] for d in run.diagnostics] == [str(tmp_path / "sub" / "page.markdown")]


def test_folder_walk_honours_gitignore(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("build/\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "out.html").write_text("<p>In today's world</p>")
    (tmp_path / "page.md").write_text(FILLER.read_text())
    run = check_json(*RULES, tmp_path)
    assert {d["path"] for d in run.diagnostics} == {str(tmp_path / "page.md")}


def test_rules_lists_every_rule_and_rule_explains_one():
    listing = citewise("rules").stdout
    # * marks the default set; long-paragraph is opt-in
    assert "CW101 * answer-first" in listing and "CW102   long-paragraph" in listing
    assert "* the default set" in listing
    rows = {row["id"]: row for row in json.loads(citewise("rules", "--format", "json").stdout)}
    assert rows["answer-first"]["default"] and not rows["long-paragraph"]["default"]
    doc = citewise("rule", "CW101").stdout
    assert doc.startswith("# answer-first (CW101)")
    for heading in ("## What it does", "## Why is this bad?", "## Options", "## Example"):
        assert heading in doc
    assert "`max-words` (default `60`)" in doc
    assert citewise("rule", "no-such-rule").exit_code == 2


def test_version_and_module_entry_point():
    assert citewise("--version").stdout.strip() == f"citewise, version {__version__}"
    result = subprocess.run([sys.executable, "-m", "citewise", "check", *RULES, str(DIRECT)],
                            capture_output=True, text=True)
    assert result.returncode == 0
