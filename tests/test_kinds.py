"""Page kinds: each page in fixtures/kinds/ gets the kind and the deciding evidence listed in
its kinds.txt (`page: kind (source: detail, line N)`)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from citewise.engine.config import ConfigError, build_config
from citewise.parsers import parse
from citewise.parsers.kinds import classify

from conftest import FIXTURES, check_json, citewise

KINDS = FIXTURES / "kinds"
EXPECTED = dict(line.split(": ", 1) for line in (KINDS / "kinds.txt").read_text().splitlines())


def _decided(relative: str) -> str:
    doc = parse(relative, (KINDS / relative).read_bytes())
    first = doc.kind_evidence[0]
    where = f", line {first.line}" if first.line else ""
    return f"{doc.kind} ({first.source}: {first.detail}{where})"


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_fixture_page_kind_and_evidence(page):
    assert _decided(page) == EXPECTED[page]


def test_every_kind_fixture_is_listed():
    pages = {p.relative_to(KINDS).as_posix() for p in KINDS.rglob("*")
             if p.is_file() and p.name != "kinds.txt"}
    assert pages == set(EXPECTED)


def test_evidence_is_kept_strongest_first():
    doc = parse("docs/_tutorials/deploy.md", (KINDS / "docs/_tutorials/deploy.md").read_bytes())
    assert [(e.source, e.kind) for e in doc.kind_evidence] == [
        ("path", "guide"), ("front-matter", "article")]


def test_an_undated_page_in_a_blog_folder_is_not_a_post():
    doc = parse("docs/tutorials/blogs/setup.md", b"# Set up a blog\n\nAdd the plugin.\n\n"
                                                b"```yaml\nplugins: [blog]\n```\n")
    assert doc.kind == "guide" and doc.kind_evidence[0].detail == "tutorials/"


def test_a_dated_release_notes_page_is_an_article():
    page = b"# Releases\n\n## 2.1.0 <small>March 19, 2026</small>\n\nFixes the start.\n"
    assert parse("site/changelog/index.md", page).kind == "article"
    assert parse("site/changelog/policy.md", b"# Policy\n\nWe release monthly.\n").kind != "article"


def test_config_globs_decide_first(tmp_path):
    config = build_config({"page-kinds": {"docs/legal/*": "other", "*.mdx": "guide"}},
                          tmp_path / "citewise.toml")
    page = tmp_path / "docs" / "legal" / "terms.md"
    options = config.parse_options(str(page))
    assert options.project_path == "docs/legal/terms.md"
    doc = parse(str(page), b"# Terms\n\nText.\n", options=options)
    assert (doc.kind, doc.kind_evidence[0].source) == ("other", "config")
    assert doc.kind_evidence[0].detail == "page-kinds 'docs/legal/*'"


def test_config_rejects_an_unknown_kind(tmp_path):
    with pytest.raises(ConfigError, match="page-kinds 'blog/\\*': kind must be one of"):
        build_config({"page-kinds": {"blog/*": "post"}}, tmp_path / "citewise.toml")


def test_a_page_with_no_evidence_is_other():
    doc = parse("notes.md", b"Just a line.\n")
    assert (doc.kind, doc.kind_evidence) == ("other", ())


def test_inspect_shows_kind_evidence_and_dialect(tmp_path):
    page = tmp_path / "blog" / "2024-01-02-hello.md"
    page.parent.mkdir()
    page.write_text("---\ntitle: Hello\n---\n\nHello.\n")
    (tmp_path / "citewise.toml").write_text('[page-kinds]\n"blog/*" = "guide"\n')
    run = citewise("inspect", str(page))
    (doc,) = json.loads(run.stdout)
    assert doc["kind"] == "guide"
    assert doc["kind_evidence"][0] == {"source": "config", "detail": "page-kinds 'blog/*'",
                                       "kind": "guide", "line": 0}
    assert "dialect" in doc


PROJECT = FIXTURES / "kinds-project"  # citewise.toml, index.md, notes/terms.md


@pytest.mark.parametrize("cwd", [".", "notes", "OUTSIDE"])
@pytest.mark.parametrize("absolute", [False, True])
def test_page_kind_is_read_from_the_project_path_whatever_the_cwd(cwd, absolute, tmp_path,
                                                                   monkeypatch):
    # was: the path evidence read the path as typed: index.md was the home page from the
    # project's folder only, a guide when named absolute or from anywhere else (issue 15)
    where = tmp_path if cwd == "OUTSIDE" else PROJECT / cwd
    monkeypatch.chdir(where)
    names = [PROJECT / "index.md", PROJECT / "notes" / "terms.md"]
    args = [str(name) if absolute else os.path.relpath(name, where) for name in names]
    home, terms = json.loads(citewise("inspect", *args).stdout)
    assert (home["project_path"], home["kind"], home["kind_evidence"][0]["detail"]) == (
        "index.md", "landing", "home page index.md")
    assert (terms["project_path"], terms["kind"], terms["kind_evidence"][0]["detail"]) == (
        "notes/terms.md", "reference", "page-kinds 'notes/*.md'")
    run = check_json("--select", "thin-content", *args)  # per-file-ignores: notes/*.md
    assert [(Path(d["path"]).name, d["line"], d["column"]) for d in run.diagnostics] == [
        ("index.md", 1, 3)]


def test_a_page_in_no_project_keeps_the_path_as_given():
    doc = parse("/srv/www/blog/2024-01-02-hello.md", b"# Hello\n\nText.\n")
    assert doc.project_path == "/srv/www/blog/2024-01-02-hello.md"
    assert doc.kind_evidence[0].detail == "dated file name 2024-01-02-hello.md"


def test_a_placeholder_page_is_judged_only_by_the_rules_about_broken_markup(tmp_path):
    # Default set: the filler finding stands alone; no JSON-LD, title or date findings that
    # all come from a page that is not written yet. Invalid JSON-LD is still reported.
    draft = FIXTURES / "placeholder-text" / "draft.html"
    doc = parse(str(draft), draft.read_bytes())
    first = doc.kind_evidence[0]
    assert (doc.kind, first.source, first.detail, first.line) == \
        ("placeholder", "content", "placeholder text (lorem ipsum) is most of the text", 10)
    assert doc.kind_evidence[1].detail == "og:type article"  # outranked by the filler
    found = json.loads(check_json(str(draft)).stdout)
    assert [(d["rule"], d["line"]) for d in found] == [("placeholder-text", 10)]
    broken = tmp_path / "draft.html"
    broken.write_text(draft.read_text().replace(
        "</head>", '<script type="application/ld+json">{"@type": "Article",}</script>\n</head>'))
    found = json.loads(check_json(str(broken)).stdout)
    assert [(d["rule"], d["line"]) for d in found] == \
        [("jsonld-context-missing", 7), ("jsonld-syntax", 7), ("placeholder-text", 11)]


def test_config_page_kinds_outrank_placeholder_text(tmp_path):
    config = build_config({"page-kinds": {"draft.html": "article"}}, tmp_path / "citewise.toml")
    page = tmp_path / "draft.html"
    data = (FIXTURES / "placeholder-text" / "draft.html").read_bytes()
    doc = parse(str(page), data, options=config.parse_options(str(page)))
    assert (doc.kind, doc.kind_evidence[0].source) == ("article", "config")


def test_several_microdata_posts_are_a_listing_not_a_post():
    teaser = ('<div itemscope itemtype="http://schema.org/BlogPosting"><h2 itemprop="headline">'
              'Acme Sync {0}</h2><p>What changed in {0}.</p></div>\n')
    page = ("<html><head><title>Acme blog</title></head><body>\n"
            + teaser.format("2.0") + teaser.format("1.9") + "</body></html>\n")
    one = parse("blog.html", page.replace(teaser.format("1.9"), "").encode())
    two = parse("blog.html", page.encode())
    assert (one.kind, one.kind_evidence[0].detail) == ("article", "itemtype BlogPosting")
    assert two.kind == "other"
