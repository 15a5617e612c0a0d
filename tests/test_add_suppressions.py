"""`citewise check --add-suppressions`: a suppression comment for every finding, written into
the page, after which `check` reports none of them; a second run adds nothing."""

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, citewise

PAGES = FIXTURES / "add-suppressions"
TODAY = ("--today", "2026-12-01")
RULES = ("--select", "long-sentence,heading-skip,claim-expired,date-missing,jsonld-unknown-type,"
                     "title-tag,unused-suppression")


OPTIONS = ("--config", PAGES / "options.toml")  # claim-expired judges dated records too


def check(*args):
    return citewise("check", "--no-cache", *OPTIONS, *TODAY, *RULES, *args)


@pytest.fixture
def page(tmp_path, request) -> Path:
    copy = tmp_path / f"page{request.param}"
    shutil.copy(PAGES / f"page{request.param}", copy)
    return copy


@pytest.mark.parametrize("page, findings", [(".md", 6), (".mdx", 2), (".html", 3)],
                         indirect=["page"])
def test_every_finding_is_suppressed_and_a_second_run_adds_nothing(page, findings):
    assert check("--fail-on", "info", page).exit_code == 1
    run = check("--add-suppressions", page)
    assert run.exit_code == 0, run.stderr
    noun = "finding" if findings == 1 else "findings"
    assert run.stderr == f"citewise: suppressed {findings} {noun} in 1 file\n"
    assert page.read_text() == (PAGES / f"page.suppressed{page.suffix}").read_text()
    after = check(page)
    assert after.exit_code == 0 and "All clear" in after.stdout  # and no unused-suppression
    again = check("--add-suppressions", page)
    assert again.stderr == "citewise: suppressed 0 findings in 0 files\n"
    assert page.read_text() == (PAGES / f"page.suppressed{page.suffix}").read_text()


def _added(original: Path, suppressed: Path) -> list[str]:
    before = original.read_text().splitlines()
    return [line for line in suppressed.read_text().splitlines() if line not in before]


def test_markdown_comments_go_where_the_page_keeps_its_structure():
    assert _added(PAGES / "page.md", PAGES / "page.suppressed.md") == [
        # date-missing is page-level: once, after the front matter (never inside it)
        "<!-- citewise-disable-file date-missing -->",
        # a heading's finding: the line above it
        "<!-- citewise-disable-next-line heading-skip -->",
        # two findings on the paragraph's second line and one on its first: a comment line
        # inside the paragraph would split it, so the range goes around it, rules merged
        "<!-- citewise-disable claim-expired, long-sentence -->",
        "<!-- citewise-enable claim-expired, long-sentence -->",
        # inside a list item: indented as the item's content, so the list stays one list
        "  <!-- citewise-disable-next-line heading-skip -->",
    ]
    text = (PAGES / "page.suppressed.md").read_text()
    assert "```text\n### not a heading\n```" in text  # nothing inside the code fence
    assert text.startswith("---\ntitle: Backups at Acme\nlayout: post\n---\n"
                           "<!-- citewise-disable-file")


def test_mdx_gets_its_own_comment_form():
    assert _added(PAGES / "page.mdx", PAGES / "page.suppressed.mdx") == [
        "{/* citewise-disable-next-line heading-skip */}",
        "{/* citewise-disable claim-expired */}",
        "{/* citewise-enable claim-expired */}",
    ]


def test_html_file_level_comment_follows_the_html_tag_and_json_ld_is_never_entered():
    text = (PAGES / "page.suppressed.html").read_text()
    assert text.splitlines()[:6] == [
        "<!doctype html>",
        # comments before <html> are outside the document: the parser keeps none of them
        '<html lang="en"><!-- citewise-disable-file date-missing, title-tag -->',
        "<head>",
        '<meta property="og:type" content="article">',
        "<!-- citewise-disable jsonld-unknown-type -->",
        '<script type="application/ld+json">',
    ]
    assert "</script>\n<!-- citewise-enable jsonld-unknown-type -->\n</head>" in text


def test_an_existing_next_line_comment_gets_the_new_rules(tmp_path):
    sentence = ("Our offer ends on 1 March 2024, so sign up before then and the backups, restores, "
                "audits, replays and recovery drills that the team runs every quarter will all "
                "be covered at no extra cost to you or to anyone else in the team.\n")
    page = tmp_path / "page.md"
    page.write_text("---\ndate: 2023-11-01\n---\n\n# Offer\n\n"
                    "<!-- citewise-disable-next-line long-sentence -->\n" + sentence)
    assert [line.split()[2] for line in check(page).stdout.splitlines()[:-1]] == [
        "claim-expired"]
    assert check("--add-suppressions", page).exit_code == 0
    assert page.read_text() == ("---\ndate: 2023-11-01\n---\n\n# Offer\n\n"
                                "<!-- citewise-disable-next-line claim-expired, long-sentence -->\n"
                                + sentence)
    assert check(page).exit_code == 0


@pytest.mark.parametrize("ending", [b"\r\n", b"\r"])
def test_bom_and_line_endings_are_kept(tmp_path, ending):
    page = tmp_path / "page.md"
    original = (PAGES / "page.md").read_bytes()
    page.write_bytes(b"\xef\xbb\xbf" + original.replace(b"\n", ending))
    assert check("--add-suppressions", page).exit_code == 0
    assert page.read_bytes() == b"\xef\xbb\xbf" + (
        PAGES / "page.suppressed.md").read_bytes().replace(b"\n", ending)
    assert check(page).exit_code == 0


def test_a_clean_page_is_not_written(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("---\ndate: 2026-11-01\n---\n\n# Backups\n\nAcme keeps backups.\n")
    before = page.stat().st_mtime_ns
    run = check("--add-suppressions", page)
    assert run.exit_code == 0 and run.stderr == "citewise: suppressed 0 findings in 0 files\n"
    assert page.stat().st_mtime_ns == before


def test_cannot_be_combined_with_fix(tmp_path):
    page = tmp_path / "page.md"
    shutil.copy(PAGES / "page.md", page)
    run = check("--add-suppressions", "--fix", page)
    assert run.exit_code == 2
    assert "cannot be combined" in run.stderr
    assert page.read_bytes() == (PAGES / "page.md").read_bytes()


def test_default_rules_on_corpus_pages_leave_nothing_behind(tmp_path):
    corpus = FIXTURES.parent.parent / "shared" / "corpus"
    if not corpus.is_dir():
        pytest.skip("the shared corpus is absent")
    names = ["nodejs-blog/blog/migrations/v12-to-v14.mdx",
             "rust-blog/content/crates-io-non-canonical-downloads.md",
             "readability/test/test-pages/blogger/source.html",
             "htmldate/tests/eval/reuters.com.parasite.html"]
    for name in names:
        if not (corpus / name).is_file():
            pytest.skip(f"{name} is absent from the corpus")
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus / name, target)
    run = citewise("check", "--no-cache", *TODAY, "--add-suppressions", tmp_path)
    assert run.exit_code == 0, run.stderr
    assert citewise("check", "--no-cache", *TODAY, tmp_path).exit_code == 0
    assert citewise("check", "--no-cache", *TODAY, "--add-suppressions",
                    tmp_path).stderr == "citewise: suppressed 0 findings in 0 files\n"
