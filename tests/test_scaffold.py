"""`citewise new-rule`: a new rule's files with the next free code, passing test-rules as
written (issue 15)."""

from __future__ import annotations

import shutil

from conftest import ROOT, citewise
from citewise.engine.catalogue import load_rule_file
from citewise.scaffold import new_rule


def test_new_pack_rule_takes_the_next_code_and_passes_test_rules(tmp_path, monkeypatch):
    pack = tmp_path / "house-rules"
    pack.mkdir()
    shutil.copy(ROOT / "fixtures" / "rule-pack" / "house-rules" / "no-lorem.toml", pack)
    shutil.copy(ROOT / "fixtures" / "rule-pack" / "house-rules" / "no_lorem.py", pack)
    (tmp_path / "citewise.toml").write_text('rule-paths = ["house-rules"]\n')
    monkeypatch.chdir(tmp_path)
    run = citewise("new-rule", "no-todo", "--category", "sentences")
    assert run.exit_code == 0, run.output
    assert load_rule_file(pack / "no-todo.toml").code == "ACME002"
    assert (pack / "no_todo.py").is_file() and (pack / "fixtures" / "no-todo" / "bad.md").is_file()
    expected = pack / "fixtures" / "no-todo" / "expected.txt"
    assert expected.read_text() == 'bad.md:3:1: warning no-todo "Lorem" on the page\n'
    run = citewise("test-rules", pack)  # as written: was "no expected.txt (write it with --update)"
    assert run.exit_code == 0 and run.stdout.endswith("3 passed, 0 failed\n"), run.output
    assert citewise("test-rules", pack, "--update").exit_code == 0
    assert expected.read_text() == 'bad.md:3:1: warning no-todo "Lorem" on the page\n'
    assert "no-todo" in citewise("rules").stdout
    again = citewise("new-rule", "no-todo", "--category", "sentences")
    assert again.exit_code == 2 and "exists already" in again.stderr


def test_new_builtin_rule_is_numbered_in_its_category(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    for name in ("vague-claim.toml", "long-sentence.toml", "reading-ease.toml"):
        shutil.copy(ROOT / "rules" / name, rules)
    written = new_rule("hedge-words", "sentences", rules, builtin_dir=rules)
    spec = load_rule_file(rules / "hedge-words.toml", builtin=True)
    assert spec.code == "CW206" and spec.check_ref == "citewise.checks.hedge_words"
    assert tmp_path / "src" / "citewise" / "checks" / "hedge_words.py" in written
    assert (tmp_path / "docs" / "rules" / "hedge-words.md").read_text().count("# hedge-words (CW206)") == 1
    assert (tmp_path / "fixtures" / "hedge-words" / "good.md").is_file()
    assert (tmp_path / "fixtures" / "hedge-words" / "expected.txt").read_text() == (
        'bad.md:3:1: warning hedge-words "Lorem" on the page\n')
