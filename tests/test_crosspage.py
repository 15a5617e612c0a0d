"""The site-wide pass: rules over every page of a run (duplicate titles and descriptions,
broken links between pages, orphan pages, a name spelled two ways), on fixtures/site.

The output must be exactly fixtures/site/expected-output.txt (not expected.txt: the folder is no
rule's golden fixture but a site for all five), the same on one process or two, cold or
warm cache; findings go through the page's suppressions, per-file-ignores and --diff-base.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

import citewise.engine as engine
import citewise.engine.parallel as parallel
from citewise.model import Link, PageSummary, Span
from conftest import FIXTURES, citewise

SITE = FIXTURES / "site"
RULES = "duplicate-title,duplicate-description,broken-link,orphan-page,entity-spelling," \
        "unused-suppression"


def check(*args: str):
    return citewise("check", "--select", RULES, "-q", *args)


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A copy of the site fixture as the working directory (cache and config beside it)."""
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy, ignore=shutil.ignore_patterns("expected-output.txt"))
    monkeypatch.chdir(copy)
    monkeypatch.delenv("CITEWISE_NO_CACHE", raising=False)
    return copy


def expected() -> str:
    return (SITE / "expected-output.txt").read_text(encoding="utf-8")


def test_the_site_fixture_gives_exactly_the_expected_output(site):
    run = check("--no-cache", "--jobs", "1", ".")
    assert run.stdout == expected()
    assert run.exit_code == 1


def test_one_process_or_two_give_the_same_output(site, monkeypatch):
    started = []
    real = parallel.lint_parallel

    def spy(linter, targets, workers, done):
        started.append(workers)
        return real(linter, targets, workers, done)

    monkeypatch.setattr(parallel, "lint_parallel", spy)
    monkeypatch.setattr(parallel, "MIN_FILES", 2)  # seven pages: enough for workers here
    monkeypatch.setattr(parallel, "MIN_FILES_PER_WORKER", 1)
    two = check("--no-cache", "--jobs", "2", ".")
    assert started == [2]  # the summaries came back from worker processes
    assert two.stdout == expected()


def test_a_warm_cache_gives_the_same_output_without_parsing_a_page(site, monkeypatch):
    cold = check("--jobs", "1", ".")
    assert cold.stdout == expected()
    calls = []
    real = engine.Linter.check
    monkeypatch.setattr(engine.Linter, "check",
                        lambda linter, target: calls.append(target.name) or real(linter, target))
    warm = check("--jobs", "1", ".")
    assert warm.stdout == cold.stdout and calls == []


def test_a_change_to_one_page_changes_findings_on_another_with_a_warm_cache(site):
    check("--jobs", "1", ".")  # fill the cache
    install = site / "docs" / "install.md"
    install.write_text(install.read_text().replace("## Steps {#steps}", "## Step {#step}"))
    warm = check("--jobs", "1", ".").stdout
    assert 'link to "../install.md#step"' not in warm  # configure.md's link is right now
    assert 'link to "../docs/install.md#steps": docs/install.md has no heading or id "steps"' \
        in warm  # and the release notes' link is broken


def test_findings_follow_per_file_ignores(site):
    (site / "citewise.toml").write_text('[per-file-ignores]\n"blog/*" = ["duplicate-title"]\n')
    run = check("--no-cache", "--jobs", "1", ".").stdout
    assert "blog/news.html:4:1: warning duplicate-title" not in run
    assert "docs/install.md:2:8: warning duplicate-title" in run  # the others stay


def test_a_suppression_comment_silences_a_site_finding_and_an_unused_one_is_reported(site):
    run = check("--no-cache", "--jobs", "1", ".").stdout
    assert "#old-anchor" not in run  # citewise-disable-next-line broken-link
    assert ("docs/changelog.md:5:1: info unused-suppression citewise-disable-next-line for "
            "duplicate-title suppresses nothing") in run


def test_diff_base_keeps_site_findings_of_changed_pages_only(site):
    def git(*args):
        subprocess.run(["git", *args], cwd=site, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "site")
    news = site / "blog" / "news.html"
    news.write_text(news.read_text().replace("<h1>News</h1>", "<h1>Latest news</h1>"))
    run = check("--no-cache", "--jobs", "1", "--diff-base", "HEAD", ".").stdout
    assert run.splitlines() == [line for line in expected().splitlines()
                                if line.startswith("blog/news.html:")]


def test_site_rules_with_one_page_off_are_not_run():
    run = citewise("check", "--no-cache", "--select", "duplicate-title", "-q",
                   str(SITE / "docs" / "install.md"))
    assert run.stdout == "" and run.exit_code == 0


def test_a_summary_survives_its_plain_data_form():
    summary = PageSummary("a.md", "markdown", 9, title="T", title_source="front-matter",
                          title_span=Span(2, 8, 2, 9), links=(Link("b.md#x", Span(5, 3, 5, 9)),),
                          headings=("Intro",), ids=("x",), names=(("GitHub", ((5, 1),)),),
                          includes=True, used=(0,))
    assert PageSummary.from_data(summary.as_data()) == summary
    with pytest.raises((TypeError, ValueError)):
        PageSummary.from_data(("a.md",))


def _page(path: str, *links: str, headings=(), ids=(), includes=False) -> PageSummary:
    return PageSummary(path, "markdown", 20, links=tuple(Link(h, Span(3, 1, 3, 9)) for h in links),
                       headings=tuple(headings), ids=tuple(ids), includes=includes)


def test_links_resolve_only_where_the_tree_says_for_certain(tmp_path):
    from citewise.services.crosspage import Site

    (tmp_path / "logo.png").write_bytes(b"")
    pages = [_page("docs/a.md"), _page("docs/b.md"), _page("docs/guide/index.md"),
             _page("docs/c.md"), _page("docs/c.html")]
    site = Site(pages, exists=lambda path: False)
    a = site.page("docs/a.md")
    kinds = {href: (target.kind, target.path)
             for href in ("b.md#x", "./b.md", "../docs/b.md", "b", "guide/", "guide", "c",
                          "gone.md", "gone.html", "/docs/b.md", "https://x.org/b.md",
                          "{{< ref b.md >}}", "logo.png", "#here")
             for target in [site.resolve(a, href)]}
    assert kinds == {
        "b.md#x": ("page", "docs/b.md"), "./b.md": ("page", "docs/b.md"),
        "../docs/b.md": ("page", "docs/b.md"), "b": ("page", "docs/b.md"),
        "guide/": ("page", "docs/guide/index.md"), "guide": ("page", "docs/guide/index.md"),
        "c": ("unknown", ""),  # c.md and c.html: which one the generator serves is not known
        "gone.md": ("missing", "docs/gone.md"), "gone.html": ("unknown", ""),
        "/docs/b.md": ("unknown", ""), "https://x.org/b.md": ("unknown", ""),
        "{{< ref b.md >}}": ("unknown", ""), "logo.png": ("unknown", ""),
        "#here": ("page", "docs/a.md"),
    }


def test_a_fragment_is_found_under_any_generators_slug_rule():
    from citewise.services.crosspage import Site

    page = _page("a.md", headings=("API keys & tokens", "1. Install", "Usage", "Usage",
                                    "Ünïcode café"), ids=("custom",))
    site = Site([page])
    found = {fragment: site.has_anchor(page, fragment) for fragment in (
        "api-keys--tokens", "api-keys-tokens", "api_keys__tokens", "install", "1-install",
        "usage-1", "usage_2", "unicode-cafe", "custom", "top", "", "config.value",
        "missing", "usage-tips")}
    assert found == {
        "api-keys--tokens": True, "api-keys-tokens": True, "api_keys__tokens": True,
        "install": True, "1-install": True, "usage-1": True, "usage_2": True,
        "unicode-cafe": True, "custom": True, "top": True, "": True,
        "config.value": True,  # no heading slug looks like that: a plugin's id, unknown
        "missing": False, "usage-tips": False,
    }
    assert Site([_page("b.md", includes=True)]).has_anchor(_page("b.md", includes=True), "x")


def test_the_configs_entities_name_the_canonical_spelling(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("# A\n\nWe ship on Github and Github Actions.\n")
    (tmp_path / "b.md").write_text("# B\n\nThe Github app.\n")
    def spelling():
        return citewise("check", "--no-cache", "--select", "entity-spelling", "-q", "a.md",
                        "b.md").stdout

    assert spelling() == ""  # no inner-capital spelling in use
    (tmp_path / "citewise.toml").write_text('entities = ["GitHub"]\n')
    said = "warning entity-spelling \"Github\" is spelled \"GitHub\" in the config's entities"
    assert spelling().splitlines() == [f"a.md:3:12: {said}", f"a.md:3:23: {said}",
                                       f"b.md:3:5: {said}"]


def test_a_site_rule_that_raises_is_an_internal_error_and_the_others_still_run(tmp_path,
                                                                                monkeypatch):
    monkeypatch.chdir(tmp_path)
    pack = tmp_path / "rules"
    pack.mkdir()
    (pack / "boom.toml").write_text(
        'id = "boom"\ncode = "ACME1"\ncategory = "structure"\nseverity = "warning"\n'
        'check = "boom.py:check"\nscope = "site-wide"\nsummary = "s"\ndescription = "d"\n'
        'rationale = "r"\nhelp = "h"\n')
    (pack / "boom.py").write_text("def check(site, options, context):\n    raise ValueError('x')\n")
    (tmp_path / "citewise.toml").write_text('rule-paths = ["rules"]\n')
    (tmp_path / "a.md").write_text("---\ntitle: Same\n---\n\nA.\n")
    (tmp_path / "b.md").write_text("---\ntitle: Same\n---\n\nB.\n")
    run = citewise("check", "--no-cache", "--select", "boom,duplicate-title", "-q", "a.md", "b.md")
    assert run.stdout.splitlines() == [
        "a.md:1:1: error internal-error site-wide rule boom failed: ValueError: x",
        'a.md:2:8: warning duplicate-title title "Same" is also the title of b.md',
        'b.md:2:8: warning duplicate-title title "Same" is also the title of a.md']
    assert run.exit_code == 2


TITLES = FIXTURES / "duplicate-title-folders"


def test_duplicate_titles_read_apart_by_their_folders_are_not_reported(monkeypatch):
    """fixtures/duplicate-title-folders: a step of a numbered series (`step-by-step/02-liquid.md`)
    beside the reference page of its topic, and two pages named exactly for their file in
    sibling folders (`methods/page/Title.md`, `methods/menu-entry/Title.md`), are not reported;
    two steps of one series, two numbered pages that make no series, dated posts and generic
    titles whose file is not spelled as the title (`introduction.md` "Introduction") are."""
    monkeypatch.chdir(TITLES)
    run = citewise("check", "--no-cache", "--jobs", "1", "--select", "duplicate-title", "-q", ".")
    assert run.stdout == (TITLES / "expected-output.txt").read_text(encoding="utf-8")
    assert "Liquid" not in run.stdout and '"Title"' not in run.stdout
