"""Issue 18: CI and pre-commit as teams run them (stable alerts, pre-commit, job summary,
baseline, init). Each test failed before its fix."""

from __future__ import annotations

import json
import shutil

from conftest import FIXTURES, citewise

STALE = FIXTURES / "stale-content" / "bad.md"


def _stale_copy(tmp_path, prefix: str = ""):
    page = tmp_path / "post.md"
    page.write_text(prefix + STALE.read_text(encoding="utf-8"), encoding="utf-8")
    return page


def _sarif_ids(page, today: str) -> list[str]:
    log = json.loads(citewise("check", "--format", "sarif", "--today", today,
                              "--select", "stale-content", page).stdout)
    return [r["partialFingerprints"]["citewiseFindingHash/v2"] for r in log["runs"][0]["results"]]


def test_fingerprints_do_not_change_with_the_day_or_lines_moving(tmp_path):
    # stale-content's message counts days ("937 days old ... today 2026-11-25"): the old
    # fingerprint hashed it, so every stale alert closed and reopened every day.
    page = _stale_copy(tmp_path)
    today = _sarif_ids(page, "2026-11-25")
    assert len(today) == 1
    assert _sarif_ids(page, "2026-11-26") == today
    gitlab = [json.loads(citewise("check", "--format", "gitlab", "--today", day, "--select",
                                  "stale-content", page).stdout)[0]["fingerprint"]
              for day in ("2026-11-25", "2027-03-01")]
    assert gitlab[0] == gitlab[1]
    moved = _stale_copy(tmp_path, "")
    moved.write_text(STALE.read_text(encoding="utf-8").replace("\n# ", "\n\n\n# ", 1),
                     encoding="utf-8")
    assert _sarif_ids(moved, "2026-11-25") == today
    # ... and changes when the finding does: another date is another finding.
    text = STALE.read_text(encoding="utf-8")
    page.write_text(text.replace("2024-05-02", "2024-05-03"), encoding="utf-8")
    assert _sarif_ids(page, "2026-11-25") != today


def test_sarif_rules_have_markdown_help_precision_and_no_internal_notes():
    log = json.loads(citewise("check", "--format", "sarif", "--select", "answer-first",
                              FIXTURES / "answer-first" / "filler-intro.md").stdout)
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    for rule in rules.values():
        assert "Measured on the corpus" not in rule["fullDescription"]["text"]
        assert "../shared" not in rule["fullDescription"]["text"]
        assert rule["properties"]["precision"] in ("very-high", "high", "medium", "low")
        assert rule["help"]["markdown"].startswith("**")
    answer = rules["answer-first"]
    assert answer["properties"]["precision"] == "very-high"  # 38 of 38 hits read were right
    assert "Why it matters: " in answer["help"]["markdown"]
    assert "[answer-first documentation](https://" in answer["help"]["markdown"]
    assert answer["fullDescription"]["text"].startswith("Finds the opening paragraph")


# --- a fixture site in git --------------------------------------------------------------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
import yaml  # noqa: E402

from conftest import ROOT  # noqa: E402

VAGUE = FIXTURES / "vague-claim" / "bad.md"  # vague-claim warnings at lines 7, 9, 13, 14, 18
DATED = FIXTURES / "date-missing" / "good.md"  # a dated page


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A small blog in git: posts (one MDX), a draft the config excludes, a build folder git
    ignores."""
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    (root / "drafts").mkdir()
    (root / "public").mkdir()
    vague = VAGUE.read_text(encoding="utf-8")
    (root / "posts" / "crm.md").write_text(vague, encoding="utf-8")
    (root / "posts" / "launch.mdx").write_text(vague, encoding="utf-8")
    (root / "posts" / "-dash.md").write_text(vague, encoding="utf-8")
    (root / "drafts" / "wip.md").write_text(vague, encoding="utf-8")
    (root / "public" / "crm.html").write_text(
        "<html lang=en><head><title>Acme CRM</title></head><body><main><h1>Acme CRM</h1>"
        "<p>We help lots of companies worldwide.</p></main></body></html>\n", encoding="utf-8")
    (root / "citewise.toml").write_text('select = ["vague-claim"]\nexclude = ["drafts/*"]\n')
    (root / ".gitignore").write_text("public/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "site")
    monkeypatch.chdir(root)
    return root


def _pre_commit_files(hook: dict, names: list[str]) -> list[str]:
    """The staged files pre-commit passes to a hook: those whose identify tags meet types_or."""
    from identify.identify import tags_from_path

    wanted = set(hook["types_or"])
    return [name for name in names if tags_from_path(name) & wanted]


def test_pre_commit_hook_checks_mdx_honours_exclude_and_dashed_names(site):
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    staged = sorted(git(site, "ls-files").split())
    files = _pre_commit_files(hook, staged)
    # before: types_or [markdown, html] left the .mdx post out, silently
    assert files == ["drafts/wip.md", "posts/-dash.md", "posts/crm.md", "posts/launch.mdx"]
    entry = hook["entry"].split()
    assert entry[0] == "citewise"
    run = subprocess.run([sys.executable, "-m", "citewise", *entry[1:], *files], cwd=site,
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "CITEWISE_NO_CACHE": "1"})
    paths = {line.split(":", 1)[0] for line in run.stdout.splitlines() if ":" in line}
    # before: drafts/wip.md was checked (exclude ignored for named files) and "-dash.md" was
    # taken for an option (exit 2)
    assert run.returncode == 1, run.stderr
    assert paths == {"posts/-dash.md", "posts/crm.md", "posts/launch.mdx"}


def test_command_line_select_wins_over_the_config_ignore(site):
    (site / "citewise.toml").write_text('ignore = ["vague-claim"]\n')
    run = citewise("check", "--format", "json", "--select", "vague-claim", "posts/crm.md")
    assert {d["rule"] for d in run.diagnostics} == {"vague-claim"}
    assert run.exit_code == 1


def test_a_gitignored_folder_named_on_the_command_line_is_checked(site):
    run = citewise("check", "--format", "json", "public")
    assert [(d["path"], d["rule"]) for d in run.diagnostics] == [("public/crm.html",
                                                                   "vague-claim")]
    (site / "empty").mkdir()
    (site / "empty" / "notes.txt").write_text("not a page\n")
    quiet = citewise("check", "empty")
    assert quiet.exit_code == 0
    assert "empty: no page checked: it holds no file ending in .htm" in quiet.stderr
    excluded = citewise("check", "drafts")
    assert "drafts: no page checked: all 1 pages are excluded" in excluded.stderr


def test_hugo_templates_and_themes_are_not_pages(tmp_path, monkeypatch):
    site = tmp_path / "hugo"
    for folder in ("content/posts", "layouts/_default", "themes/ananke/exampleSite/content"):
        (site / folder).mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "Acme"\n')
    vague = VAGUE.read_text(encoding="utf-8")
    (site / "content" / "posts" / "crm.md").write_text(vague, encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(
        "<main><h1>{{ .Title }}</h1><p>Lots of companies use it.</p>{{ .Content }}</main>\n")
    (site / "themes" / "ananke" / "exampleSite" / "content" / "demo.md").write_text(vague)
    monkeypatch.chdir(site)
    run = citewise("check", "--format", "json", "--select", "vague-claim", ".")
    assert {d["path"] for d in run.diagnostics} == {"content/posts/crm.md"}
    named = citewise("check", "--format", "json", "--select", "vague-claim", "layouts")
    assert {d["path"] for d in named.diagnostics} == {"layouts/_default/single.html"}


def test_no_color_force_color_and_the_color_option(site, monkeypatch):
    from citewise.reporters.color import use_color

    args = ("check", "posts/crm.md")
    assert "\x1b[" not in citewise(*args).stdout  # not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in citewise(*args).stdout
    assert "\x1b[" not in citewise(*args, "--color", "never").stdout
    monkeypatch.delenv("FORCE_COLOR")
    assert "\x1b[" in citewise(*args, "--color", "always").stdout
    assert use_color("auto", True, {"NO_COLOR": "1"}) is False
    assert use_color("auto", True, {}) is True
    assert use_color("auto", False, {"FORCE_COLOR": "0"}) is False


def test_default_jobs_follow_the_amount_of_work():
    from citewise.engine.parallel import auto_worker_count

    # 2 CPUs, 50 files: workers were slower than one process (8.7 s against 6.3 s)
    assert auto_worker_count(2, 50) == 1
    assert auto_worker_count(2, 150) == 2  # 10.3 s against 14.7 s in-process (measured)
    assert auto_worker_count(8, 200) == 3


def test_score_uses_the_cache_and_takes_select_and_ignore(site, monkeypatch):
    monkeypatch.delenv("CITEWISE_NO_CACHE", raising=False)
    (site / "citewise.toml").write_text("")
    first = citewise("score", "--format", "json", "posts/crm.md")
    assert (site / ".citewise_cache").is_dir()  # before: score never wrote (or read) it
    assert citewise("score", "--format", "json", "posts/crm.md").stdout == first.stdout
    scores = {args: json.loads(citewise("score", "--format", "json", *args,
                                        "posts/crm.md").stdout)[0]["score"]
              for args in ((), ("--select", "vague-claim"), ("--ignore", "vague-claim"))}
    assert scores[("--ignore", "vague-claim")] > scores[()]
    assert scores[("--select", "vague-claim")] < 100
    assert citewise("score", "--jobs", "1", "posts/crm.md").exit_code == 0


def test_diff_base_reports_a_page_level_finding_of_a_changed_file(site):
    post = site / "posts" / "dated.md"
    post.write_text(DATED.read_text(encoding="utf-8"), encoding="utf-8")
    git(site, "add", ".")
    git(site, "commit", "-q", "-m", "dated post")
    args = ("check", "--format", "json", "--select", "date-missing", "--diff-base", "HEAD",
            "posts/dated.md")
    assert citewise(*args).diagnostics == []
    text = post.read_text(encoding="utf-8")
    undated = "".join(line for line in text.splitlines(keepends=True)
                      if not line.startswith(("date:", "lastmod:")))
    assert undated != text
    post.write_text(undated, encoding="utf-8")
    run = citewise(*args)  # before: "All clear", exit 0: the finding sits on an unchanged line
    assert [d["rule"] for d in run.diagnostics] == ["date-missing"]
    assert run.exit_code == 1


def test_github_job_summary_and_annotations_in_order_of_value(site, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    git(site, "update-ref", "refs/remotes/origin/main", "HEAD")
    monkeypatch.setenv("GITHUB_BASE_REF", "main")
    crm = site / "posts" / "crm.md"
    lines = crm.read_text(encoding="utf-8").split("\n")
    lines[17] = lines[17] + " Lots of teams agree."  # a change on line 18 of the last post
    crm.write_text("\n".join(lines), encoding="utf-8")
    run = citewise("check", "--format", "github", "posts")
    annotations = run.stdout.splitlines()
    assert len(annotations) > 10
    # the finding on the changed line comes first, not in path order
    assert annotations[0].startswith("::warning file=posts/crm.md,line=18,")
    assert annotations[-1].startswith("::notice title=citewise::")
    assert "so " in annotations[-1] and "are not shown here" in annotations[-1]
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## citewise\n")
    assert "| [vague-claim](https://" in text and "| sentences |" in text
    assert "### Pages with most findings" in text and "`posts/crm.md`" in text
    assert "- **warning** `posts/crm.md:18:" in text
