"""Inline suppressions in Markdown and HTML, and unused-suppression."""

from __future__ import annotations

from conftest import FIXTURES, check_json

PAGES = FIXTURES / "suppressions"
RULES = ("--select", "answer-first,long-paragraph,unused-suppression")


def test_markdown_suppression_forms():
    run = check_json("--select", "answer-first,long-paragraph,unused-suppression",
                     PAGES / "markdown.md")
    assert run.found() == [
        ("long-paragraph", 10),  # after citewise-enable long-paragraph
        ("unused-suppression", 12),  # next line holds no answer-first finding
        ("unused-suppression", 15),  # names no rule
    ]
    assert "suppression names no rule: 'no-such-rule'" in run.diagnostics[2]["message"]


def test_html_disable_file_and_disable_all_until_enable():
    run = check_json(*RULES, PAGES / "file-wide.html")
    assert run.found() == [("long-paragraph", 12)]


def test_without_the_comments_everything_is_reported(tmp_path):
    for page in PAGES.iterdir():
        stripped = "\n".join("" if "citewise-" in line else line
                             for line in page.read_text().splitlines())
        (tmp_path / page.name).write_text(stripped + "\n")
    found = {(d["path"].rsplit("/", 1)[-1], d["rule"], d["line"])
             for d in check_json(*RULES, tmp_path).diagnostics}
    assert found == {
        ("markdown.md", "answer-first", 4),
        ("markdown.md", "long-paragraph", 7),
        ("markdown.md", "long-paragraph", 10),
        ("file-wide.html", "answer-first", 8),
        ("file-wide.html", "long-paragraph", 10),
        ("file-wide.html", "long-paragraph", 12),
    }


def test_unused_suppression_ignores_rules_that_are_not_selected():
    run = check_json("--select", "long-paragraph,unused-suppression", PAGES / "markdown.md")
    assert ("unused-suppression", 12) not in run.found()
    assert ("unused-suppression", 15) in run.found()


def test_suppression_by_alias_code(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# How much does Acme cost?\n\n<!-- citewise-disable-next-line CW101 -->\n"
                    "In today's world, prices change.\n")
    assert check_json(*RULES, page).diagnostics == []


def test_disable_line_means_this_line_and_a_misspelt_directive_is_a_finding():
    # Before: `disable-line` was read as `disable` (to the end of the file) naming a rule
    # "-line", so lines 9 and 13 went unreported, exit 0 once unused-suppression was off.
    run = check_json("--select", "vague-claim,unused-suppression", PAGES / "disable-line.md")
    assert run.found() == [("vague-claim", 9), ("unused-suppression", 11), ("vague-claim", 13)]
    misspelt = run.diagnostics[1]
    assert misspelt["severity"] == "warning" and misspelt["column"] == 37
    assert misspelt["message"].startswith("citewise-disable-lin is no citewise directive")
    assert run.exit_code == 1


def test_mdx_comment_form_of_a_directive():
    # MDX has no HTML comment: `{/* citewise-disable-next-line rule */}`. One inside a code
    # block is an example, not a directive.
    run = check_json("--select", "vague-claim,unused-suppression", PAGES / "next-line.mdx")
    assert run.found() == [("vague-claim", 12)]
