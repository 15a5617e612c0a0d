"""Configuration: discovery walking up from each file, keys, validation errors (exit 2)."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, check_json, citewise

FILLER = FIXTURES / "answer-first" / "filler-intro.md"  # answer-first on line 8
LONG = FIXTURES / "long-paragraph" / "long.md"  # long-paragraph on line 5


@pytest.fixture
def site(tmp_path):
    """A site folder with a nested docs/ folder, each holding pages."""
    (tmp_path / "docs").mkdir()
    shutil.copy(FILLER, tmp_path / "filler.md")
    shutil.copy(FILLER, tmp_path / "docs" / "filler.md")
    shutil.copy(LONG, tmp_path / "docs" / "long.md")
    return tmp_path


# The structure category's site-wide rules, for configs that select the whole category.
SITE = '"duplicate-title", "duplicate-description", "broken-link", "orphan-page"'


def _rules(run) -> set[tuple[str, str, int]]:
    return {(d["path"].rsplit("/", 2)[-2] + "/" + d["path"].rsplit("/", 1)[-1], d["rule"], d["line"])
            for d in run.diagnostics}


def test_pyproject_table_applies_to_files_below_it(site):
    # The site's two copies of filler.md share a title: the site-wide rules are not this
    # test's business.
    (site / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.citewise]\n'
                                         'select = ["structure"]\n'
                                         f'ignore = ["answer-first", "thin-content", {SITE}]\n')
    run = check_json(site)
    assert [d["rule"] for d in run.diagnostics] == ["long-paragraph"]
    assert run.exit_code == 0  # info only, below the default --fail-on warning


def test_nearest_config_wins_walking_up(site):
    (site / "citewise.toml").write_text('select = ["structure"]\n'
                                        'ignore = ["answer-first", "thin-content"]\n')
    (site / "docs" / ".citewise.toml").write_text('select = ["answer-first"]\n')
    found = {(d["path"].split("/")[-2], d["rule"], d["line"]) for d in check_json(site).diagnostics}
    assert found == {("docs", "answer-first", 8)}


def test_pyproject_without_citewise_table_is_skipped(site):
    (site / "citewise.toml").write_text('select = ["long-paragraph"]\n')
    (site / "docs" / "pyproject.toml").write_text('[project]\nname = "docs"\n')
    found = {(d["rule"], d["line"]) for d in check_json(site).diagnostics}
    assert found == {("long-paragraph", 5)}


def test_config_option_overrides_rule_threshold(site):
    (site / "citewise.toml").write_text(
        'select = ["long-paragraph"]\n[rules.long-paragraph]\nmax-words = 200\n')
    assert check_json(site).diagnostics == []


def test_severity_override_and_category_selection(site):
    (site / "citewise.toml").write_text(
        f'select = ["structure"]\nignore = ["thin-content", {SITE}]\n'
        '[severity]\nanswer-first = "error"\nCW102 = "warning"\n')
    severities = {(d["rule"], d["severity"]) for d in check_json(site).diagnostics}
    assert severities == {("answer-first", "error"), ("long-paragraph", "warning")}


def test_per_file_ignores_by_glob(site):
    (site / "citewise.toml").write_text('[per-file-ignores]\n"docs/*" = ["answer-first"]\n')
    found = {(d["path"].split("/")[-2], d["rule"]) for d in check_json(site).diagnostics}
    assert ("docs", "answer-first") not in found
    assert (site.name, "answer-first") in found


def test_extend_list_option(site):
    page = site / "welcome.md"
    page.write_text("# How much does Acme cost?\n\nAs promised, Acme starts at $5.\n")
    (site / "citewise.toml").write_text(
        'select = ["answer-first"]\n[rules.answer-first]\nextend-filler-openers = ["as promised"]\n')
    run = check_json(page)
    assert run.found() == [("answer-first", 3)]
    assert 'opens with filler "As promised"' in run.diagnostics[0]["message"]


def test_explicit_config_overrides_discovery(site, tmp_path_factory):
    other = tmp_path_factory.mktemp("cfg") / "strict.toml"
    other.write_text('select = ["long-paragraph"]\n')
    (site / "citewise.toml").write_text('select = ["answer-first"]\n')
    run = check_json("--config", other, site)
    assert {d["rule"] for d in run.diagnostics} == {"long-paragraph"}


@pytest.mark.parametrize("content, message", [
    ('select = ["no-such-rule"]\n', "select: unknown rule or category 'no-such-rule'"),
    ('colour = "red"\n', "unknown key 'colour'"),
    ('[rules.answer-first]\nmax-word = 10\n', "unknown option 'max-word'"),
    ('[rules.answer-first]\nmax-words = "ten"\n', "max-words: expected int"),
    ('[rules.nope]\nx = 1\n', "rules: unknown rule 'nope'"),
    ('[severity]\nanswer-first = "fatal"\n', "must be one of info, warning, error"),
    ('today = "yesterday"\n', "today: expected a date"),
    ('select = [\n', "invalid TOML"),
])
def test_config_errors_name_the_file_and_key(site, content, message):
    config = site / "citewise.toml"
    config.write_text(content)
    run = check_json(site)
    assert run.exit_code == 2
    assert str(config) in run.stderr and message in run.stderr
    assert run.stdout == ""


def test_unknown_rule_on_the_command_line_is_a_usage_error(site):
    run = check_json("--select", "answer-frist", site)
    assert run.exit_code == 2 and "unknown rule or category 'answer-frist'" in run.stderr
    run = check_json("--ignore", "nothing", site)
    assert run.exit_code == 2


def test_missing_config_file_is_an_error(site):
    run = check_json("--config", site / "absent.toml", site)
    assert run.exit_code == 2 and "absent.toml" in run.stderr


def test_extend_select_adds_opt_in_rules_to_the_default_set(site):
    default = {rule for rule, _ in check_json(site).found()}
    assert "long-paragraph" not in default  # opt-in: not in the default set
    (site / "citewise.toml").write_text('extend-select = ["long-paragraph"]\n')
    extended = {rule for rule, _ in check_json(site).found()}
    assert extended == default | {"long-paragraph"}
    (site / "citewise.toml").unlink()
    on_the_command_line = {rule for rule, _ in
                           check_json("--extend-select", "CW102", site).found()}
    assert on_the_command_line == extended


# --- hostile config values (issue 19): a config error, exit 2, never a traceback --------------

import hypothesis.strategies as st  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

from citewise.engine.config import ConfigError, build_config  # noqa: E402
from citewise.engine.runner import Selection, lint_bytes  # noqa: E402

_SCALARS = st.one_of(st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
                     st.text(max_size=8), st.just("answer-first"), st.just("CW101"),
                     st.just("en"), st.dates())
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8)
_TOP_KEYS = ["select", "ignore", "per-file-ignores", "severity", "rules", "today", "entities",
             "language", "nlp-model", "max-file-size", "exclude", "page-kinds", "dialect"]


def _rule_tables():
    from citewise.engine.registry import load_registry

    specs = [spec for spec in load_registry() if spec.options]
    return st.sampled_from(specs).flatmap(lambda spec: st.dictionaries(
        st.sampled_from(sorted(spec.options) + [f"extend-{name}" for name in spec.options]),
        _VALUES, max_size=2).map(lambda options: {spec.id: options}))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(st.sampled_from(_TOP_KEYS), _VALUES, max_size=3),
       rules=_rule_tables())
def test_any_config_value_is_accepted_or_a_config_error(data, rules):
    data = {**data, "rules": rules} if "rules" not in data else data
    try:
        config = build_config(data, None)
    except ConfigError:
        return
    if config.nlp_model:
        return  # a model name that is not installed is a ConfigError at first use
    page = b"---\ntitle: T\n---\n# T\n\nIn today's world, lots of teams say so. It is fast.\n"
    for name in ("page.md", "page.html"):
        try:
            lint_bytes(name, page, config, Selection())
        except ConfigError:
            pass


@pytest.mark.parametrize("text, words", [
    (b'per-file-ignores = { "*" = [1] }\n', "per-file-ignores"),
    (b"language = 5\n", "language must be a string"),
    (b'[rules.vague-claim]\nquantities = { en = [1, 2] }\n', "not shaped like the default"),
    (b'title = "caf\xe9"\n', "not UTF-8"),
    (b"a = " + b"[" * 3000 + b"]" * 3000 + b"\n", "invalid TOML"),
])
def test_hostile_config_files_are_config_errors(tmp_path, monkeypatch, text, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citewise.toml").write_bytes(text)
    (tmp_path / "page.md").write_text("# Page\n")
    run = citewise("check", "page.md")
    assert run.exit_code == 2, run.output
    assert "Traceback" not in run.stderr and words in run.stderr


def test_isolated_reads_no_config_and_no_rule_paths_refuses_code(tmp_path, monkeypatch):
    """A pull request's nested citewise.toml naming rule-paths would run its Python."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "citewise.toml").write_text('rule-paths = ["evil"]\nignore = ["ALL"]\n')
    (tmp_path / "sub" / "evil").mkdir()
    page = tmp_path / "sub" / "page.md"
    page.write_text("# Page\n\nIn today's world, lots of teams agree.\n")
    refused = citewise("check", "--no-rule-paths", page)
    assert refused.exit_code == 2
    assert "rule-paths runs Python code named by this file; refused by --no-rule-paths" \
        in refused.stderr
    isolated = check_json("--isolated", "--select", "answer-first", page)
    assert [d["rule"] for d in isolated.diagnostics] == ["answer-first"]  # the ignore is unread
