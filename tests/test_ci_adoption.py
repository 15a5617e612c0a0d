"""Issue 18: CI and pre-commit as teams run them (stable alerts, pre-commit, job summary,
baseline, init). Each test failed before its fix."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, citewise
from test_integrations import _git as git  # git with a fixed identity

STALE = FIXTURES / "stale-content" / "bad.md"


def _stale_copy(tmp_path, prefix: str = ""):
    (tmp_path / "docs").mkdir(exist_ok=True)
    page = tmp_path / "docs" / "setup.md"  # a docs page, evergreen: stale-content judges it
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
    assert answer["properties"]["precision"] == "high"  # changed-2026-12-02.csv: 4/1/0 judged
    assert "Why it matters: " in answer["help"]["markdown"]
    assert "[answer-first documentation](https://" in answer["help"]["markdown"]
    assert answer["fullDescription"]["text"].startswith("Finds the opening paragraph")


# --- a fixture site in git --------------------------------------------------------------------


VAGUE = FIXTURES / "vague-claim" / "bad.md"  # vague-claim warnings at lines 7, 9, 13, 14, 18
DATED = FIXTURES / "date-missing" / "good.md"  # a dated page




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
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /drafts/\n")  # a site file
    (root / "notes.txt").write_text("not a page\n")
    (root / "sitemap.xml").write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/'
                                      '0.9"><url><loc>https://example.com/</loc></url></urlset>')
    (root / "feed.xml").write_text("<rss/>\n")  # XML, but no site file citewise reads
    (root / "citewise.toml").write_text('select = ["vague-claim"]\nexclude = ["drafts/*"]\n')
    (root / ".gitignore").write_text("public/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "site")
    monkeypatch.chdir(root)
    return root


def _pre_commit_files(hook: dict, names: list[str]) -> list[str]:
    """The staged files pre-commit passes to a hook: those whose identify tags meet types_or
    and whose name matches `files`."""
    from identify.identify import tags_from_path

    wanted = set(hook["types_or"])
    named = re.compile(hook.get("files", ""))
    return [name for name in names if tags_from_path(name) & wanted and named.search(name)]


def test_pre_commit_hook_checks_mdx_honours_exclude_and_dashed_names(site):
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    staged = sorted(git(site, "ls-files").split())
    files = _pre_commit_files(hook, staged)
    # before: types_or [markdown, html] left the .mdx post out, silently
    assert files == ["drafts/wip.md", "posts/-dash.md", "posts/crm.md", "posts/launch.mdx",
                     "robots.txt", "sitemap.xml"]  # and notes.txt and feed.xml, of no known
                                                   # name, are not
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
              for args in ((), ("--select", "thin-content"), ("--extend-select", "thin-content"),
                           ("--extend-select", "thin-content", "--ignore", "thin-content"))}
    # the score measures a thin page whatever the selection (rules/_score.toml `measures`):
    # asking for thin-content changes what is reported, not the score; --ignore drops it
    assert scores[("--extend-select", "thin-content")] == scores[()]
    assert scores[("--extend-select", "thin-content", "--ignore", "thin-content")] > scores[()]
    assert scores[("--select", "thin-content")] < 100
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


# --- adoption: a baseline -----------------------------------------------------------------------

def test_baseline_writes_then_honours_known_findings_and_names_the_gone(site, monkeypatch):
    first = citewise("check", "--baseline", "baseline.json", "posts")
    assert first.exit_code == 0 and first.stdout.startswith("All clear")
    stored = json.loads((site / "baseline.json").read_text(encoding="utf-8"))
    paths = {entry["path"] for entry in stored["findings"]}
    assert paths == {"posts/-dash.md", "posts/crm.md", "posts/launch.mdx"}
    known = len(stored["findings"])
    assert f"wrote {known} findings to the baseline baseline.json" in first.stderr
    again = citewise("check", "--baseline", "baseline.json", "posts")
    assert again.exit_code == 0 and f"{known} findings known to the baseline" in again.stderr
    # A new finding is reported though every line moved under it; a fixed one is named as gone.
    crm = site / "posts" / "crm.md"
    lines = crm.read_text(encoding="utf-8").split("\n")
    fixed = lines[8]
    assert fixed.startswith("Experts agree")
    lines[8] = "Acme's 2025 survey of 300 teams found a payback within 9 months."
    lines.insert(5, "\nLots of resellers stock it.\n")
    crm.write_text("\n".join(lines), encoding="utf-8")
    run = citewise("check", "--format", "json", "--baseline", "baseline.json", "posts")
    assert [(d["path"], d["line"], d["rule"]) for d in run.diagnostics] == [
        ("posts/crm.md", 7, "vague-claim")]
    assert run.exit_code == 1
    assert "1 entries of the baseline baseline.json no longer occur" in run.stderr
    assert "posts/crm.md:9: vague-claim" in run.stderr
    # From another folder, and for one file (as pre-commit runs it): other files' entries are
    # not "gone".
    monkeypatch.chdir(site / "posts")
    one = citewise("check", "--format", "json", "--baseline", "../baseline.json", "launch.mdx")
    assert one.diagnostics == [] and one.exit_code == 0 and "no longer occur" not in one.stderr
    monkeypatch.chdir(site)
    citewise("check", "--baseline", "baseline.json", "--update-baseline", "posts")
    assert citewise("check", "--baseline", "baseline.json", "posts").stderr.count("no longer") == 0


def test_a_broken_baseline_is_a_usage_error(site):
    (site / "baseline.json").write_text("{not json")
    run = citewise("check", "--baseline", "baseline.json", "posts")
    assert run.exit_code == 2 and "baseline.json: not a citewise baseline" in run.stderr


# --- adoption: citewise init ----------------------------------------------------------------

def _hugo_site(root: Path) -> Path:
    for folder in ("content/posts", "layouts/_default", "themes/ananke/layouts", "archetypes"):
        (root / folder).mkdir(parents=True)
    (root / "hugo.toml").write_text('title = "Acme"\ntheme = "ananke"\n')
    (root / "content" / "posts" / "crm.md").write_text(VAGUE.read_text(encoding="utf-8"),
                                                       encoding="utf-8")
    (root / "layouts" / "_default" / "single.html").write_text(
        "<main><h1>{{ .Title }}</h1><p>Lots of companies use it.</p></main>\n")
    (root / "archetypes" / "default.md").write_text("---\ntitle: x\n---\nLots of words.\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "site")
    return root


def test_init_writes_a_config_for_a_hugo_blog(tmp_path, monkeypatch):
    site = _hugo_site(tmp_path / "blog")
    monkeypatch.chdir(site)
    run = citewise("init")
    assert run.exit_code == 0 and run.stdout == "wrote citewise.toml for a Hugo blog site\n"
    text = (site / "citewise.toml").read_text(encoding="utf-8")
    assert "# Check the pages with: citewise check content\n" in text
    assert 'exclude = ["layouts/*", "themes/*", "public/*", "resources/*", "archetypes/*"]' in text
    assert 'extend-date-keys = ["date", "publishDate", "lastmod"]' in text
    assert 'extend-front-matter-keys = ["author", "authors"]' in text
    check = citewise("check", "--format", "json", "--select", "vague-claim", ".")
    assert {d["path"] for d in check.diagnostics} == {"content/posts/crm.md"}
    again = citewise("init")
    assert again.exit_code == 2 and "already configures citewise" in again.stderr
    assert citewise("init", "--force", "--kind", "docs").exit_code == 0
    assert 'ignore = ["author-missing"]' in (site / "citewise.toml").read_text()


@pytest.mark.parametrize("marker, generator, content", [
    ("docusaurus.config.js", "Docusaurus docs", "docs blog"),
    ("mkdocs.yml", "MkDocs docs", "docs"),
    ("docs/.vitepress/config.mts", "VitePress docs", "docs"),
    ("astro.config.mjs", "Astro blog", "src/content"),
    ("nuxt.config.ts", "Nuxt blog", "content"),
    ("_config.yml", "Jekyll blog", "_posts ."),
])
def test_init_recognises_each_generator(tmp_path, marker, generator, content):
    for folder in ("docs", "blog", "src/content", "content", "_posts"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    (tmp_path / marker).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / marker).write_text("")
    run = citewise("init", tmp_path)
    assert run.stdout == f"wrote {tmp_path / 'citewise.toml'} for a {generator} site\n"
    text = (tmp_path / "citewise.toml").read_text(encoding="utf-8")
    assert f"# Check the pages with: citewise check {content}\n" in text
    assert citewise("check", "--config", tmp_path / "citewise.toml", tmp_path / "docs").exit_code \
        == 0


def test_the_documented_ready_configs_are_valid():
    import re
    import tomllib

    from citewise.engine.config import build_config

    text = (ROOT / "docs" / "configs.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", text, re.S)
    assert len(blocks) == 2
    for block in blocks:
        build_config(tomllib.loads(block), None)


# --- the GitHub Action ----------------------------------------------------------------------

def _run_action(inputs: dict, cwd: Path, env: dict) -> list[tuple[str, int, str, str]]:
    """The action's shell steps (not the install: citewise is installed here), with inputs
    and the install step's output substituted as the runner would."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    values.update(inputs)

    def substitute(text: str) -> str:
        for name, value in values.items():
            text = text.replace("${{ inputs.%s }}" % name, value)
        return text.replace("${{ steps.install.outputs.citewise }}", "")

    outputs = []
    for step in action["runs"]["steps"]:
        if "run" not in step or "pip install" in step["run"]:
            continue
        if step.get("if") == "inputs.sarif-file != ''" and not values["sarif-file"]:
            continue
        step_env = {**os.environ, **env,
                    **{key: substitute(str(value)) for key, value in step.get("env", {}).items()}}
        run = subprocess.run(["bash", "-e", "-c", substitute(step["run"])], cwd=cwd,
                             env=step_env, capture_output=True, text=True, timeout=300)
        outputs.append((step["name"], run.returncode, run.stdout, run.stderr))
    return outputs


def test_action_pins_setup_python_keeps_the_job_python_and_caches_pip():
    import re

    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    steps = {step["name"]: step for step in action["runs"]["steps"]}
    python = steps["Set up Python"]
    assert re.fullmatch(r"actions/setup-python@[0-9a-f]{40}", python["uses"])
    assert python["with"]["update-environment"] is False  # later steps keep their Python
    assert re.fullmatch(r"actions/cache@[0-9a-f]{40}", steps["Cache pip downloads"]["uses"])
    install = steps["Install citewise"]
    assert "-m venv" in install["run"] and "PIP_CACHE_DIR" in install["env"]
    assert steps["Cache pip downloads"]["with"]["path"] == install["env"]["PIP_CACHE_DIR"]
    assert {"fail-on", "diff-base", "baseline", "job-summary"} <= set(action["inputs"])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = readme[readme.index("uses: citewise/citewise@"):][:600]
    for name in ("fail-on:", "diff-base:", "baseline:"):
        assert name in snippet


def test_action_inputs_fail_on_baseline_and_job_summary(site, tmp_path):
    summary = tmp_path / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(summary), "CITEWISE_NO_CACHE": "1"}
    first = _run_action({"args": "posts", "baseline": "baseline.json"}, site, env)
    assert [(name, code) for name, code, _, _ in first] == [("Check pages", 0)]
    assert "wrote" in first[0][3] and (site / "baseline.json").is_file()
    (site / "posts" / "new.md").write_text(VAGUE.read_text(encoding="utf-8"), encoding="utf-8")
    second = _run_action({"args": "posts", "baseline": "baseline.json",
                          "sarif-file": "out.sarif"}, site, env)
    assert [(name, code) for name, code, _, _ in second] == [("Write SARIF", 0),
                                                              ("Check pages", 1)]
    assert {line.split(",")[0] for line in second[1][2].splitlines() if "file=" in line} == {
        "::warning file=posts/new.md"}
    sarif = json.loads((site / "out.sarif").read_text(encoding="utf-8"))
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]} == {"posts/new.md"}
    assert "`posts/new.md`" in summary.read_text(encoding="utf-8")
    summary.unlink()
    lenient = _run_action({"args": "posts", "baseline": "baseline.json", "fail-on": "error",
                           "job-summary": "false"}, site, env)
    assert [(name, code) for name, code, _, _ in lenient] == [("Check pages", 0)]
    assert not summary.exists()
