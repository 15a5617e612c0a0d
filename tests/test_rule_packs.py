"""A rule pack is a built-in rule's equal in every command (issue 15).

fixtures/rule-pack/ is a project whose config points `rule-paths` at its own folder of rules
(house-rules/: the no-lorem rule, its check, and its fixture folder), written by following
docs/writing-rules.md. Each verified defect of the issue has a test here.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from conftest import FIXTURES, check_json, citewise
from citewise.engine.catalogue import CatalogueError, load_rule_file
from citewise.engine.config import Config
from citewise.engine.registry import load_registry
from citewise.engine.runner import Selection, lint_bytes, lint_document
from citewise.parsers import parse
from citewise.services import Context

PROJECT = FIXTURES / "rule-pack"
PAGES = PROJECT / "pages"
PACK = PROJECT / "house-rules"


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """Run from a folder that has no config: names must be resolved per file, not per cwd."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_rules_lists_the_pack_of_the_project(elsewhere, monkeypatch):
    assert "ACME001 * no-lorem" in citewise("rules", PROJECT).stdout  # * : in the default set
    listed = json.loads(citewise("rules", PROJECT, "--format", "json").stdout)
    (pack,) = [rule for rule in listed if rule["id"] == "no-lorem"]
    assert pack["code"] == "ACME001" and pack["builtin"] is False
    monkeypatch.chdir(PROJECT)  # was: the registry was loaded without the project's config
    assert "no-lorem" in citewise("rules").stdout


def test_rule_shows_the_docs_of_a_pack_rule(elsewhere, monkeypatch):
    run = citewise("rule", "ACME001", "--path", PROJECT)
    assert run.exit_code == 0 and run.stdout.startswith("# no-lorem (ACME001)")
    outside = citewise("rule", "no-lorem")  # was: "unknown rule", with no word of --path
    assert outside.exit_code == 2 and outside.stderr == (
        "citewise: error: unknown rule 'no-lorem' here (see `citewise rules`); a rule pack's "
        "rules are known under the config that loads them: `citewise rule no-lorem --path "
        "SITE`\n")
    monkeypatch.chdir(PROJECT)
    assert citewise("rule", "no-lorem").exit_code == 0  # was: exit 2 "unknown rule"
    data = json.loads(citewise("rule", "no-lorem", "--format", "json").stdout)
    assert data["scope"] == ["prose", "heading"] and data["example"]["format"] == "markdown"
    assert data["url"] == "https://acme.example/citewise/no-lorem"
    assert citewise("rule", "no-lorem").stdout.endswith(
        "\nDocs: <https://acme.example/citewise/no-lorem>\n")


def test_select_and_ignore_resolve_pack_names_against_each_files_config(elsewhere):
    # was: names resolved against the current directory's config: "unknown rule" from here
    for name in ("no-lorem", "ACME001", "acme001"):
        run = check_json("--select", name, PAGES)
        assert run.exit_code == 1, run.stderr
        assert run.found() == [("no-lorem", 6)]  # line 4 is suppressed
    run = check_json("--select", "no-lorem,long-paragraph", "--ignore", "ACME001", PAGES)
    assert run.found() == []


def test_an_unknown_name_names_the_file_and_its_config(elsewhere):
    (elsewhere / "a.md").write_text("# A\n\nText.\n")
    run = check_json("--select", "no-lorem", elsewhere / "a.md", PAGES)
    assert run.exit_code == 2
    assert "unknown rule or category 'no-lorem' for " in run.stderr and "a.md" in run.stderr


def test_suppressions_name_pack_rules_and_unused_ones_are_reported(elsewhere):
    run = check_json("--select", "sentences,unused-suppression", PAGES)
    assert ("no-lorem", 6) in run.found() and ("no-lorem", 4) not in run.found()
    source = "# Plans\n\n<!-- citewise-disable-next-line no-lorem -->\nReal text.\n"
    config = Config(path=PROJECT / "citewise.toml", root=PROJECT, rule_paths=(PACK,))
    found = lint_bytes(str(PROJECT / "x.md"), source.encode(), config,
                       Selection(select=("no-lorem", "unused-suppression")))
    assert [(d.rule, d.line) for d in found] == [("unused-suppression", 3)]


def test_sarif_carries_the_pack_rules_metadata(elsewhere):
    run = citewise("check", "--format", "sarif", "--select", "no-lorem", PAGES)
    (tool,) = [r["tool"]["driver"] for r in json.loads(run.stdout)["runs"]]
    (rule,) = [r for r in tool["rules"] if r["id"] == "no-lorem"]
    assert rule["shortDescription"]["text"] == "Placeholder text left on the page."
    assert rule["helpUri"] == "https://acme.example/citewise/no-lorem"  # was: none (no key)


def test_the_editor_links_a_rule_to_its_own_docs():
    from citewise.reporters import rule_docs_url
    from citewise.server import to_lsp

    config = Config(path=PROJECT / "citewise.toml", root=PROJECT, rule_paths=(PACK,))
    found = lint_bytes(str(PAGES / "page.md"), (PAGES / "page.md").read_bytes(), config,
                       Selection(select=("no-lorem", "thin-content")))
    links = {d.rule: to_lsp(d, [], rule_docs_url(config.registry.get(d.rule)))
             .code_description for d in found}
    # was: every rule, a pack's too, linked to citewise's docs/rules/<id>.md
    assert links["no-lorem"].href == "https://acme.example/citewise/no-lorem"
    assert links["thin-content"].href.endswith("/docs/rules/thin-content.md")
    no_url = dataclasses.replace(config.registry.get("no-lorem"), url="")
    assert rule_docs_url(no_url) == ""


def test_test_rules_runs_the_packs_example_and_fixtures(elsewhere):
    run = citewise("test-rules", PACK)
    assert run.exit_code == 0, run.output
    assert "ok    example no-lorem" in run.stdout
    assert "fixtures/no-lorem" in run.stdout and run.stdout.endswith("2 passed, 0 failed\n")


def test_test_rules_fails_on_a_pack_example_that_does_not_fire(tmp_path):
    pack = tmp_path / "rules"
    pack.mkdir()
    for name in ("no_lorem.py", "no-lorem.toml"):
        (pack / name).write_text((PACK / name).read_text())
    toml = pack / "no-lorem.toml"
    toml.write_text(toml.read_text().replace('bad = "# Pricing\\n\\nLorem', 'bad = "# Pricing\\n\\nLoren'))
    (tmp_path / "citewise.toml").write_text('rule-paths = ["rules"]\n')
    run = citewise("test-rules", pack)  # was: a pack's [example] was never run
    assert run.exit_code == 1 and "example.bad is not reported" in run.stdout


def _pack(tmp_path, **keys) -> str:
    """A pack with one rule whose catalogue keys are overridden by `keys`; its config's path."""
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    (pack / "no_lorem.py").write_text((PACK / "no_lorem.py").read_text())
    fields = {"id": '"no-lorem"', "code": '"ACME001"', "category": '"sentences"',
              "severity": '"error"', "check": '"no_lorem.py:check"', "summary": '"s"',
              "description": '"d"', "rationale": '"r"', "help": '"h"', **keys}
    (pack / "no-lorem.toml").write_text("".join(f"{key} = {value}\n" for key, value in
                                                fields.items() if value is not None))
    (tmp_path / "citewise.toml").write_text('rule-paths = ["pack"]\n')
    (tmp_path / "a.md").write_text("# A\n\nLorem ipsum.\n")
    return str(pack / "no-lorem.toml")


def test_a_pack_may_not_take_a_builtin_code(tmp_path):
    source = _pack(tmp_path, code='"CW101"')
    run = check_json("--select", "CW101", tmp_path / "a.md")
    # was: it loaded, and --select CW101 ran the pack's rule instead of answer-first
    assert run.exit_code == 2 and source in run.stderr and "reserved for built-in" in run.stderr


def test_a_code_clash_between_packs_names_both_files(tmp_path):
    _pack(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "dup.toml").write_text(
        (tmp_path / "pack" / "no-lorem.toml").read_text().replace('"no-lorem"', '"dup"')
        .replace('"no_lorem.py:check"', '"../pack/no_lorem.py:check"'))
    (tmp_path / "citewise.toml").write_text('rule-paths = ["pack", "other"]\n')
    run = check_json(tmp_path / "a.md")
    assert run.exit_code == 2
    assert str(other / "dup.toml") in run.stderr and str(tmp_path / "pack" / "no-lorem.toml") in run.stderr


@pytest.mark.parametrize("key, value, message", [
    ("formats", '["markdwn"]', "formats: 'markdwn' is not one of markdown, html, robots, llms, sitemap (did you mean 'markdown'?)"),
    ("severty", '"error"', "unknown key 'severty' (did you mean 'severity'?)"),
    ("kinds", '["articel"]', "kinds: 'articel' is not one of"),
    ("scope", '["prose", "paragrph"]', "scope: 'paragrph' is not one of"),
    ("category", '"grammar"', "category: 'grammar' is not one of"),
    ("code", '"acme-1"', "code: 'acme-1' is not letters then digits"),
    ("options", '{ word = { default = 1 } }', "options.word: missing doc"),
    ("options", '{ word = { default = 1, doc = "d", dflt = 2 } }', "options.word: unknown key 'dflt'"),
    ("options", '{ word = { default = [1], doc = "d", per-language = true } }', "a per-language option's default is a table"),
    ("example", '{ bad = "x" }', "example: missing good"),
    ("example", '{ bad = "x", good = "y", format = "txt" }', "example: format: 'txt' is not one of"),
    # was: each of these loaded, then every page got internal-error (FileNotFoundError...)
    ("check", '"no_lorm.py:check"', "no_lorm.py (did you mean 'no_lorem.py'?)"),
    ("check", '"no_lorem.py:chek"', "check: no_lorem.py has no function 'chek' (did you mean 'check'?)"),
    ("check", '"no_lorem.py:PLACEHOLDER"', "check: no_lorem.py:PLACEHOLDER is not a function"),
    ("check", '"acme_no_such_rules.lorem:check"', "check: cannot import 'acme_no_such_rules.lorem': ModuleNotFoundError"),
    ("url", '"docs/no-lorem.html"', "url: expected an http(s) address, got 'docs/no-lorem.html'"),
    ("url", "1", "url: expected a string, got 1"),
])
def test_every_catalogue_key_is_validated_with_file_and_key(tmp_path, key, value, message):
    source = _pack(tmp_path, **{key: value})
    with pytest.raises(CatalogueError) as error:  # was: formats/severty loaded silently
        load_rule_file(tmp_path / "pack" / "no-lorem.toml")
    assert str(error.value).startswith(source + ": ") and message in str(error.value)
    run = check_json(tmp_path / "a.md")
    assert run.exit_code == 2 and source in run.stderr and message in run.stderr


DATES_RULE = """
from citewise.diagnostic import Problem
from citewise.model import Span

def check(doc, options, context):
    yield Problem(Span(1), f"published {context.dates(doc).published}")
"""


def test_a_rule_sees_the_same_dates_whatever_ran_before_it(tmp_path):
    _pack(tmp_path, id='"dated"', check='"dated.py:check"')
    (tmp_path / "pack" / "dated.py").write_text(DATES_RULE)
    page = "---\ntitle: A\ndate: 2026-01-05\n---\n# A\n\nText.\n"
    config = Config(path=tmp_path / "citewise.toml", root=tmp_path,
                    rule_paths=((tmp_path / "pack").resolve(),))
    registry = load_registry(config.rule_paths)

    def run(*rule_ids):
        doc = parse("a.md", page.encode())
        rules = [registry.rules[rule_id] for rule_id in rule_ids]
        found = lint_document(doc, config, Selection(select=rule_ids), rules)
        assert not hasattr(doc, "dates")  # was: the date service wrote doc.dates
        return [d.message for d in found if d.rule == "dated"]

    assert run("dated") == run("date-missing", "dated") == ["published 2026-01-05"]
    assert Context().dates(parse("a.md", page.encode())).published == "2026-01-05"


def test_an_unknown_suppression_name_says_which_rule_was_meant():
    page = "# A\n\n<!-- citewise-disable-next-line answer-frist -->\nText.\n"
    found = lint_bytes("a.md", page.encode(), Config(), Selection(select=("unused-suppression",)))
    assert [d.message for d in found] == [
        "suppression names no rule: 'answer-frist' (did you mean 'answer-first'?)"]


def test_test_rules_fails_on_a_check_that_crashes(tmp_path):
    source = _pack(tmp_path)
    pack = tmp_path / "pack"
    check = pack / "no_lorem.py"
    check.write_text(check.read_text() + '''

_find = check


def check(doc, options, context):  # crashes on a page with nothing to report
    found = list(_find(doc, options, context))
    if not found:
        raise LookupError("nothing to report")
    yield from found
''')
    toml = pack / "no-lorem.toml"
    toml.write_text(toml.read_text() + '[example]\nbad = "# A\\n\\nLorem ipsum.\\n"\n'
                                       'good = "# A\\n\\nAcme costs $12.\\n"\n')
    fixtures = pack / "fixtures" / "no-lorem"
    fixtures.mkdir(parents=True)
    (fixtures / "clean.md").write_text("# Plans\n\nAcme costs $12 per user.\n")
    run = citewise("test-rules", pack, "--update")
    # was: "2 passed": the crash on the good example counted as "not reported", and --update
    # wrote the fixture's internal-error into expected.txt as the rule's expected output
    assert run.exit_code == 1, run.output
    assert run.stdout.splitlines() == [
        "FAIL  example no-lorem",
        f"      {source}: example.good: example.md:1:1: internal-error rule no-lorem failed: "
        "LookupError: nothing to report",
        f"FAIL  fixtures {fixtures}",
        f"      {fixtures}: clean.md:1:1: internal-error rule no-lorem failed: "
        "LookupError: nothing to report",
        "0 passed, 2 failed"]
    assert not (fixtures / "expected.txt").exists()


@pytest.mark.parametrize("command", [["check"], ["rules"], ["rule", "no-lorem", "--path"],
                                     ["test-rules"]])
def test_a_check_file_that_does_not_import_is_a_config_error_in_every_command(tmp_path, command):
    source = _pack(tmp_path)
    (tmp_path / "pack" / "no_lorem.py").write_text("import re\n\ndef check(doc, options, context)\n")
    run = citewise(*command, tmp_path)
    assert run.exit_code == 2, run.output  # was: internal-error on every page, exit 1
    assert f"{tmp_path / 'citewise.toml'}: rule-paths: {source}: check: cannot import " in run.stderr
    assert "SyntaxError" in run.stderr


def test_an_example_page_is_example_md_at_the_project_root_from_any_cwd(tmp_path, monkeypatch):
    # A guide by its content (sections, no date); under docs/ the project's pages are "other".
    _pack(tmp_path, kinds='["guide"]', example='{ bad = "# A\\n\\n## B\\n\\nLorem ipsum.\\n", '
                                                'good = "# A\\n\\n## B\\n\\nText.\\n" }')
    (tmp_path / "citewise.toml").write_text('rule-paths = ["pack"]\n[page-kinds]\n"docs/**" = "other"\n')
    (tmp_path / "docs").mkdir()
    for cwd in (tmp_path, tmp_path / "docs", tmp_path / "pack"):
        monkeypatch.chdir(cwd)  # was: example.md was read relative to the cwd ("docs/example.md")
        run = citewise("test-rules", tmp_path / "pack")
        assert run.stdout == "ok    example no-lorem\n1 passed, 0 failed\n", (cwd, run.output)


def test_test_rules_leaves_no_cache_in_a_fixture_folder(tmp_path, monkeypatch):
    _pack(tmp_path)
    fixtures = tmp_path / "pack" / "fixtures" / "no-lorem"
    fixtures.mkdir(parents=True)
    (fixtures / "citewise.toml").write_text('language = "en"\n')  # the folder's own config
    (fixtures / "a.md").write_text("# A\n\nLorem ipsum.\n")
    monkeypatch.delenv("CITEWISE_NO_CACHE", raising=False)  # as a user runs it
    assert citewise("test-rules", tmp_path / "pack", "--update").exit_code == 0
    assert citewise("test-rules", tmp_path / "pack").exit_code == 0
    assert sorted(p.name for p in fixtures.iterdir()) == ["a.md", "citewise.toml", "expected.txt"]
