"""Output formats CI systems parse (SARIF, GitHub, JUnit, GitLab, JSON lines), --output, the
citability score and `citewise score`, --fail-under, the progress bar, generated rule docs."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from citewise.diagnostic import Diagnostic
from citewise.engine.registry import builtin_catalogue_dir, load_registry
from citewise.reporters import FORMATS, Report, renderer, rule_infos
from citewise.reporters.github import escape_data, escape_property
from citewise.reporters.progress import progress_bar
from citewise.engine.score import Weights, load_weights, page_scores

from conftest import FIXTURES, ROOT, SHARED, citewise, read_pty

SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
FILLER = FIXTURES / "answer-first" / "filler-intro.md"  # answer-first (warning) at line 8, 1-11
DIRECT = FIXTURES / "answer-first" / "direct-answer.md"  # clean
# answer-first alone, and the score's thin-page measure left out: the fixture pages are short
ONLY = ("--select", "answer-first", "--ignore", "thin-content")

# A page whose finding quotes quotes, markup, an escape sequence, non-ASCII and the characters
# the GitHub format must escape; answer-first quotes the first paragraph in its message.
NASTY_PAGE = ("# Passport renewal\n\nIn today's world, \"quotes\" & <b>tags</b> \x1b[31m "
              "ünïcødé 日本語 100% :: a,b\r\nmore text here.\n")


def _diagnostic(message: str, path: str = "docs/a b.md", line: int = 3, **extra) -> Diagnostic:
    fields = dict(path=path, line=line, column=2, end_line=line, end_column=9,
                  rule="answer-first", category="structure", severity="warning",
                  message=message, help="Say it first.\nThen explain.")
    fields.update(extra)
    return Diagnostic(**fields)


# Messages a rule pack could produce: every character CI formats trip over.
HOSTILE = [
    'he said "no" & left <b>now</b>',
    "line one\nline two\r\nline three\rend",
    "tab\there, bell\x07, nul\x00, escape\x1b[31m, del\x7f, vt\x0b, ff\x0c",
    "ünïcødé 日本語 emoji 🙂 rtl \u202e and \u2028 separators \u2029",
    "percent 100% and %0A literal, colon: comma, ::warning ::",
    "lone surrogate \udcff from a bad file name",
    "]]> <![CDATA[ x ]]> &amp; &#0;",
]


def _report(diagnostics, checked=None) -> Report:
    registry = load_registry()
    checked = checked if checked is not None else sorted({d.path for d in diagnostics})
    return Report(diagnostics, checked, rule_infos(registry),
                  tool_version="9.9")


# --- SARIF ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA} (../shared is absent)")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_from_the_cli_is_valid_and_complete(sarif_validator):
    run = citewise("check", "--format", "sarif", *ONLY, FILLER, DIRECT)
    assert run.exit_code == 1
    log = json.loads(run.stdout)
    sarif_validator.validate(log)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "citewise"
    # every rule of the catalogue, with short and full description and its docs page
    assert {rule["id"] for rule in driver["rules"]} == {spec.id for spec in load_registry()}
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["helpUri"].endswith(f"/docs/rules/{rule['id']}.md")
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "answer-first" and result["level"] == "warning"
    assert driver["rules"][result["ruleIndex"]]["id"] == "answer-first"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 8, "startColumn": 1, "endLine": 8, "endColumn": 11}
    assert result["message"]["text"].startswith('first paragraph opens with filler "In today\'s"')


def test_sarif_levels_uris_and_hostile_messages(sarif_validator):
    diagnostics = [_diagnostic(message) for message in HOSTILE]
    diagnostics.append(_diagnostic("info one", path="/elsewhere/x.md", severity="info"))
    diagnostics.append(_diagnostic("from the web", path="https://example.com/a?b=1",
                                   severity="error"))
    log = json.loads(renderer("sarif")(_report(diagnostics)))
    sarif_validator.validate(log)
    results = log["runs"][0]["results"]
    assert [r["level"] for r in results[-2:]] == ["note", "error"]
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in results]
    assert locations[0] == {"uri": "docs/a%20b.md", "uriBaseId": "%SRCROOT%"}
    assert locations[-2] == {"uri": "file:///elsewhere/x.md"}
    assert locations[-1] == {"uri": "https://example.com/a?b=1"}
    texts = [r["message"]["text"] for r in results[:len(HOSTILE)]]
    assert texts[0] == HOSTILE[0] and texts[1] == HOSTILE[1] and texts[3] == HOSTILE[3]
    assert "\x00" not in texts[2] and "\x1b" not in texts[2] and "\t" in texts[2]


# --- GitHub workflow commands ---------------------------------------------------------------

def test_github_annotation_syntax(monkeypatch):
    monkeypatch.chdir(ROOT)  # paths below the working directory are given relative to it
    run = citewise("check", "--format", "github", *ONLY, FILLER, DIRECT)
    [line] = run.stdout.splitlines()
    prefix = ("::warning file=fixtures/answer-first/filler-intro.md,line=8,endLine=8,col=1,"
              "endColumn=11,title=citewise (answer-first)::first paragraph opens with filler")
    assert line.startswith(prefix)
    assert line.endswith("%0A" + load_registry().rules["answer-first"].help)


def test_github_escaping_follows_the_runner():
    assert escape_data("100% a\r\nb:c,d") == "100%25 a%0D%0Ab:c,d"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    diagnostics = [_diagnostic(m, path="dir,x/a:b.md") for m in HOSTILE]
    diagnostics.append(_diagnostic("fyi", severity="info"))
    diagnostics.append(_diagnostic("bad", severity="error"))
    lines = renderer("github")(_report(diagnostics)).split("\n")
    assert lines[-1] == ""  # every command ends its line; one command per diagnostic
    lines = lines[:-1]
    assert len(lines) == len(diagnostics)
    # errors come first (GitHub shows 10 per type), then warnings, then notices
    assert lines[0].startswith("::error ") and lines[-1].startswith("::notice ")
    assert lines[2].startswith("::warning file=dir%2Cx/a%3Ab.md,line=3,endLine=3,col=2,"
                               "endColumn=9,title=citewise (answer-first)::line one%0Aline two"
                               "%0D%0Aline three%0Dend%0ASay it first.%0AThen explain.")
    assert "percent 100%25 and %250A literal, colon: comma" in lines[5]
    for line in lines:
        assert "\r" not in line and "\x00" not in line and "\x1b" not in line
        match = re.fullmatch(r"::(warning|notice|error) ([^:]*)::(.+)", line)
        assert match, line
        assert [item.split("=", 1)[0] for item in match.group(2).split(",")] == \
            ["file", "line", "endLine", "col", "endColumn", "title"]


# --- JUnit ----------------------------------------------------------------------------------

def test_junit_one_testcase_per_finding_one_per_clean_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nasty.md").write_text(NASTY_PAGE, encoding="utf-8", newline="")
    run = citewise("check", "--format", "junit", *ONLY, FILLER, DIRECT, tmp_path / "nasty.md")
    root = ET.fromstring(run.stdout.encode("utf-8"))
    [suite] = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == [f"{FILLER}:8:1 answer-first", str(DIRECT),
                                                    "nasty.md:3:1 answer-first"]
    assert [case.get("classname") for case in cases] == [str(FILLER), "citewise", "nasty.md"]
    assert suite.get("tests") == "3" and suite.get("failures") == "2"
    assert suite.get("errors") == "0"
    assert cases[1].findall("failure") == []
    [failure] = cases[0].findall("failure")
    assert failure.get("type") == "answer-first"
    assert failure.text.startswith(f"{FILLER}:8:1: warning answer-first first paragraph")
    [nasty] = cases[2].findall("failure")
    assert '"quotes" & tags' in nasty.get("message") and "日本語" in nasty.get("message")


def test_junit_many_findings_of_a_page_are_many_testcases_and_info_is_no_failure():
    # Before: one testcase per page holding every failure (CI tools show only the first) and
    # info findings counted as failures.
    diagnostics = [_diagnostic("one", line=3), _diagnostic("two", line=5),
                   _diagnostic("a hint", line=7, severity="info")]
    suite = ET.fromstring(renderer("junit")(_report(diagnostics)).encode("utf-8")).find(
        "testsuite")
    cases = suite.findall("testcase")
    assert [len(case.findall("failure")) for case in cases] == [1, 1, 0]
    assert suite.get("tests") == "3" and suite.get("failures") == "2"
    assert cases[2].find("system-out").text.startswith("docs/a b.md:7:2: info answer-first")


def test_junit_stays_well_formed_xml_with_hostile_text():
    diagnostics = [_diagnostic(m, path=f"p{i}.md") for i, m in enumerate(HOSTILE)]
    diagnostics.append(_diagnostic("cannot read", path="p0.md", rule="unreadable-file",
                                   severity="error", category="file"))
    root = ET.fromstring(renderer("junit")(_report(diagnostics)).encode("utf-8"))
    suite = root.find("testsuite")
    assert suite.get("tests") == str(len(HOSTILE) + 1)  # one testcase per finding
    assert suite.get("failures") == str(len(HOSTILE)) and suite.get("errors") == "1"
    messages = [f.get("message") for f in suite.iter("failure")]
    assert messages[:2] == HOSTILE[:2] and messages[3] == HOSTILE[3]
    assert [e.get("type") for e in suite.iter("error")] == ["unreadable-file"]


# --- GitLab Code Quality --------------------------------------------------------------------

def test_gitlab_code_quality_report(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(FILLER.read_text(encoding="utf-8"), encoding="utf-8")
    first = json.loads(citewise("check", "--format", "gitlab", *ONLY, page).stdout)
    [issue] = first
    assert issue["check_name"] == "answer-first" and issue["severity"] == "minor"
    assert issue["location"] == {"path": str(page), "lines": {"begin": 8, "end": 8}}
    assert issue["description"].startswith("first paragraph opens with filler")
    # The fingerprint survives lines moving, and changes when the finding does.
    page.write_text("<!-- a comment -->\n\n" + FILLER.read_text(encoding="utf-8"), encoding="utf-8")
    [moved] = json.loads(citewise("check", "--format", "gitlab", *ONLY, page).stdout)
    assert moved["location"]["lines"]["begin"] == 10
    assert moved["fingerprint"] == issue["fingerprint"]
    page.write_text(FILLER.read_text(encoding="utf-8").replace("today's", "todays"),
                    encoding="utf-8")
    [changed] = json.loads(citewise("check", "--format", "gitlab", *ONLY, page).stdout)
    assert changed["fingerprint"] != issue["fingerprint"]


def test_gitlab_fingerprints_unique_and_json_valid_with_hostile_text():
    diagnostics = [_diagnostic(m) for m in HOSTILE] + [_diagnostic(HOSTILE[0])]
    issues = json.loads(renderer("gitlab")(_report(diagnostics)))
    assert len({issue["fingerprint"] for issue in issues}) == len(diagnostics)
    assert issues[0]["description"] == HOSTILE[0] and issues[1]["description"] == HOSTILE[1]
    severities = {d: json.loads(renderer("gitlab")(_report([_diagnostic("x", severity=d)])))[0]
                  ["severity"] for d in ("error", "warning", "info")}
    assert severities == {"error": "major", "warning": "minor", "info": "info"}


# --- JSON, JSON lines -----------------------------------------------------------------------

def test_json_lines_matches_json(tmp_path):
    (tmp_path / "nasty.md").write_text(NASTY_PAGE, encoding="utf-8", newline="")
    args = (*ONLY, FILLER, tmp_path / "nasty.md")
    as_json = json.loads(citewise("check", "--format", "json", *args).stdout)
    lines = citewise("check", "--format", "json-lines", *args).stdout.splitlines()
    assert [json.loads(line) for line in lines] == as_json and len(lines) == 2
    [nasty] = [item for item in as_json if item["path"].endswith("nasty.md")]
    assert "\x1b" in nasty["message"] and "日本語" in nasty["message"]


def test_json_keeps_exactly_its_keys_and_hostile_text_round_trips():
    diagnostics = [_diagnostic(m, source_line="<script>x</script>") for m in HOSTILE]
    items = json.loads(renderer("json")(_report(diagnostics)))
    lines = renderer("json-lines")(_report(diagnostics)).split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(HOSTILE)  # one object per line, no more
    assert [json.loads(line) for line in lines[:-1]] == items
    assert [item["message"] for item in items] == HOSTILE
    assert all(list(item) == list(Diagnostic.JSON_FIELDS) for item in items)  # no source_line


def test_every_format_parses_for_a_real_nasty_page(tmp_path, sarif_validator):
    (tmp_path / "nasty.md").write_text(NASTY_PAGE, encoding="utf-8", newline="")
    for name in FORMATS:
        run = citewise("check", "--format", name, *ONLY, tmp_path / "nasty.md")
        assert run.exit_code == 1, name
        if name in ("json", "gitlab"):
            assert len(json.loads(run.stdout)) == 1
        elif name == "sarif":
            sarif_validator.validate(json.loads(run.stdout))
        elif name == "json-lines":
            assert len([json.loads(line) for line in run.stdout.splitlines()]) == 1
        elif name == "junit":
            assert len(list(ET.fromstring(run.stdout.encode()).iter("failure"))) == 1
        elif name == "github":
            assert len(run.stdout.splitlines()) == 1 and "\x1b" not in run.stdout


# --- --output -------------------------------------------------------------------------------

def test_output_writes_the_report_to_a_file(tmp_path):
    target = tmp_path / "out" / "report.sarif"
    target.parent.mkdir()
    run = citewise("check", "--format", "sarif", "--output", target, *ONLY, FILLER)
    assert run.exit_code == 1 and run.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"][0]["ruleId"] \
        == "answer-first"
    run = citewise("check", "--format", "json", "-o", "-", *ONLY, FILLER)
    assert json.loads(run.stdout)[0]["line"] == 8
    run = citewise("check", "-o", tmp_path / "missing" / "x.txt", *ONLY, FILLER)
    assert run.exit_code == 2 and "cannot write" in run.stderr


# --- citability score -----------------------------------------------------------------------

def test_score_weights_from_the_catalogue_data_file():
    weights = load_weights()
    assert set(weights.severity) == {"error", "warning", "info"}
    assert weights.severity["error"] > weights.severity["warning"] > weights.severity["info"]
    assert 0 <= weights.repeat < 1
    assert "_score" not in load_registry().rules  # data, not a rule


def test_score_docs_state_the_weights_in_force():
    text = " ".join((ROOT / "docs" / "score.md").read_text(encoding="utf-8").split())
    weights = load_weights()
    stated = ", ".join(f"{name} {value:g}" for name, value in
                       sorted(weights.severity.items(), key=lambda kv: -kv[1]))
    assert f"Severity weights: {stated}" in text
    assert "Category factors: " + ", ".join(f"{name} {value:.1f}" for name, value in
                                            weights.category.items()) in text
    assert weights.repeat == 0.5 and "costs half the first" in text


def test_page_score_arithmetic():
    weights = Weights(severity={"error": 10, "warning": 4, "info": 1},
                      category={"structure": 1.0, "readability": 0.5},
                      rules={"internal-error": 0, "unreadable-file": 100}, repeat=0.5,
                      unmeasured=1.0)
    found = [_diagnostic("a", path="a.md"), _diagnostic("b", path="a.md", line=5),
             _diagnostic("c", path="a.md", line=6),
             _diagnostic("d", path="a.md", severity="error", rule="x", category="readability"),
             _diagnostic("e", path="b.md", rule="internal-error", category="file"),
             _diagnostic("f", path="c.md", rule="unreadable-file", category="file")]
    scores = page_scores(found, ["a.md", "b.md", "c.md", "clean.md"], weights)
    # a.md: answer-first 4 + 2 + 1 (repeats halve), x: 10 * 0.5
    assert scores["a.md"].score == 100 - 7 - 5
    assert scores["a.md"].penalties == {"structure": 7, "readability": 5}
    assert scores["a.md"].findings == 4
    assert scores["b.md"].score == 100 and scores["c.md"].score == 0
    assert scores["clean.md"].score == 100 and scores["clean.md"].findings == 0
    assert list(scores) == ["a.md", "b.md", "c.md", "clean.md"]


def test_score_weights_each_rule_by_its_measured_precision():
    weights = Weights(severity={"error": 10, "warning": 4, "info": 1}, category={},
                      precision={"answer-first": 0.75}, unmeasured=0.5)
    found = [_diagnostic("a", path="a.md"),
             _diagnostic("b", path="b.md", rule="unjudged", category="structure")]
    scores = page_scores(found, ["a.md", "b.md"], weights)
    assert scores["a.md"].score == 97  # 100 - 4 x 0.75
    assert scores["b.md"].score == 98  # 100 - 4 x 0.5: no judged sample


def test_every_rule_of_the_default_set_has_a_measured_precision():
    weights = load_weights()
    default = {spec.id for spec in load_registry() if spec.enabled and not spec.engine_made}
    missing = default - set(weights.precision) - set(weights.rules)
    # judged in bench/precision/: a new default rule is weighed once its sample is read
    # question-headings asks product, service and FAQ pages only: no finding on the corpora
    assert missing <= {"faq-schema-mismatch", "frontmatter-syntax", "question-headings",
                       "thin-content"}, missing


def test_a_thin_or_empty_page_scores_low(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("# Soon\n\nComing soon.\n", encoding="utf-8")
    full = FIXTURES / "thin-content" / "full.md"
    # thin-content is opt-in (its findings are seldom worth an edit), but the score measures
    # every page with it (rules/_score.toml `measures`)
    run = citewise("score", "--format", "json", "--today", "2026-12-01", empty, full)
    found = {item["path"]: item["score"] for item in json.loads(run.stdout)}
    assert found[str(empty)] <= 100 - load_weights().rules["thin-content"]
    assert found[str(full)] > found[str(empty)] + 20
    # check --fail-under scores the thin page low without reporting the opt-in rule...
    run = citewise("check", "--format", "json", "--fail-under", "80", "--select", "answer-first",
                   empty)
    assert (run.exit_code, json.loads(run.stdout)) == (1, [])
    assert f"{empty}: citability score 70 is below 80" in run.stderr
    # ...which is reported where it is asked for
    run = citewise("check", "--format", "json", "--fail-under", "80", "--select",
                   "answer-first,thin-content", empty)
    assert [(d["rule"], d["line"]) for d in json.loads(run.stdout)] == [("thin-content", 1)]


@pytest.fixture
def only_answer_first(tmp_path) -> tuple[str, Path]:
    """`--config FILE` that turns on answer-first alone (`score` has no --select)."""
    config = tmp_path / "citewise.toml"
    config.write_text('select = ["answer-first"]\nignore = ["thin-content"]  # pages are short\n',
                      encoding="utf-8")
    return "--config", config


def test_score_command_text_and_json(only_answer_first):
    weights = load_weights()
    expected = round(100 - weights.severity["warning"] * weights.category["structure"]
                     * weights.trust("answer-first"))
    run = citewise("score", "--format", "json", *only_answer_first, FILLER, DIRECT)
    assert run.exit_code == 0
    assert [(item["path"], item["score"]) for item in json.loads(run.stdout)] == \
        [(str(FILLER), expected), (str(DIRECT), 100)]
    text = citewise("score", *only_answer_first, FILLER, DIRECT).stdout.splitlines()
    assert text[0] == f"{expected:>3}  {FILLER}  (1 finding: structure -{100 - expected})"
    assert text[1] == f"100  {DIRECT}"
    assert text[2].startswith(f"Mean citability score {round((expected + 100) / 2)} over 2 pages")


def test_fail_under(only_answer_first):
    weights = load_weights()
    score = round(100 - weights.severity["warning"] * weights.category["structure"]
                  * weights.trust("answer-first"))
    args = ("--fail-on", "error", *ONLY, FILLER, DIRECT)  # the finding alone does not fail
    assert citewise("check", *args).exit_code == 0
    assert citewise("check", "--fail-under", score, *args).exit_code == 0
    run = citewise("check", "--fail-under", score + 1, *args)
    assert run.exit_code == 1
    assert f"{FILLER}: citability score {score} is below {score + 1}" in run.stderr
    assert str(DIRECT) not in run.stderr
    assert citewise("check", "--fail-under", 101, *args).exit_code == 2
    assert citewise("score", "--fail-under", score + 1, *only_answer_first, FILLER).exit_code == 1
    assert citewise("score", "--fail-under", score, *only_answer_first, FILLER).exit_code == 0


def test_json_output_is_unchanged_by_scores():
    run = citewise("check", "--format", "json", "--fail-under", 100, *ONLY, FILLER)
    assert run.exit_code == 1
    [item] = json.loads(run.stdout)
    assert list(item) == list(Diagnostic.JSON_FIELDS)


# --- progress bar ---------------------------------------------------------------------------

class _Terminal(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_bar_only_on_a_terminal_and_for_long_runs():
    assert progress_bar(_Terminal(False)) is None
    stream = _Terminal(True)
    update = progress_bar(stream)
    for done in range(1, 21):
        update(done, 20)
    assert stream.getvalue() == ""  # 20 pages: no bar
    for done in range(1, 22):
        update(done, 21)
    drawn = stream.getvalue()
    assert "] 1/21 pages" in drawn and "] 21/21 pages" in drawn
    assert drawn.endswith("\r\x1b[K")  # erased at the end


def test_no_progress_output_when_stderr_is_not_a_terminal(tmp_path):
    for number in range(25):
        (tmp_path / f"p{number}.md").write_text(DIRECT.read_text(encoding="utf-8"))
    run = citewise("check", *ONLY, tmp_path)
    assert run.exit_code == 0 and run.stderr == ""
    assert "25 files checked" in run.stdout


def test_progress_bar_in_a_real_terminal(tmp_path):
    pty = pytest.importorskip("pty")
    for number in range(25):
        (tmp_path / f"p{number}.md").write_text(DIRECT.read_text(encoding="utf-8"))
    script = ("import sys; from citewise.cli import main; "
              "sys.argv = ['citewise', 'check', '--select', 'answer-first', sys.argv[1]]; main()")
    out = tmp_path / "stdout.txt"
    master, slave = pty.openpty()
    with out.open("wb") as stdout:
        process = subprocess.run([sys.executable, "-c", script, str(tmp_path)], stdout=stdout,
                                 stderr=slave, stdin=subprocess.DEVNULL, timeout=120)
    os.close(slave)
    drawn = read_pty(master)
    assert process.returncode == 0
    assert b"] 25/25 pages" in drawn
    assert b"pages" not in out.read_bytes().replace(b"25 files", b"")


# --- rule docs ------------------------------------------------------------------------------

def test_generated_rule_docs_are_up_to_date():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_rule_docs.py"), "--check"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr


def test_rule_docs_script_detects_stale_pages(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_rule_docs
    finally:
        sys.path.pop(0)
    catalogue = tmp_path / "rules"
    catalogue.mkdir()
    source = builtin_catalogue_dir() / "answer-first.toml"
    (catalogue / "answer-first.toml").write_text(source.read_text(encoding="utf-8"))
    out = tmp_path / "docs"
    out.mkdir()
    assert build_rule_docs.stale(out, catalogue) == ["answer-first.md", "README.md"]
    for name, text in build_rule_docs.expected_docs(catalogue).items():
        (out / name).write_text(text, encoding="utf-8")
    assert build_rule_docs.stale(out, catalogue) == []
    (out / "gone.md").write_text("old")
    assert build_rule_docs.stale(out, catalogue) == ["gone.md"]


def test_sarif_carries_fixes_and_suggestions_and_stays_valid(sarif_validator):
    broken = FIXTURES / "fixes" / "jsonld-syntax.html"
    run = citewise("check", "--format", "sarif", "--select", "jsonld-syntax,answer-first",
                   broken, FILLER)
    log = json.loads(run.stdout)
    sarif_validator.validate(log)
    by_rule = {result["ruleId"]: result for result in log["runs"][0]["results"]}
    [fix] = by_rule["jsonld-syntax"]["fixes"]
    [change] = fix["artifactChanges"]
    [replacement] = change["replacements"]
    assert replacement["deletedRegion"] == {"startLine": 4, "startColumn": 1, "endLine": 11,
                                            "endColumn": 6}
    assert replacement["insertedContent"]["text"].startswith('{\n  "@context"')
    assert fix["properties"]["applicability"] == "safe"
    assert "fixes" not in by_rule["answer-first"]
    assert by_rule["answer-first"]["properties"]["suggestion"]
