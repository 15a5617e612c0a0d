"""sitemap.xml files linted like pages: found by name, parsed with exact spans, checked by the
sitemap rules only, and (with [site] in the config) compared with the pages of the tree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, check_json
from citewise.engine.files import walk_pages
from citewise.parsers import detect_format, parse
from citewise.services.site import SiteRules, page_url, url_key

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_RULES = {"sitemap-syntax", "sitemap-protocol", "sitemap-url", "sitemap-lastmod",
                 "sitemap-missing-page", "sitemap-unmapped-entry"}


def _urlset(*urls: str, lastmod: str = "") -> str:
    tail = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
    rows = "".join(f"  <url><loc>{url}</loc>{tail}</url>\n" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}">\n{rows}</urlset>\n'


def _found(run) -> list[tuple[str, int, int]]:
    return [(d["rule"], d["line"], d["column"]) for d in run.diagnostics]


# --- found by name, checked by the sitemap rules only --------------------------------------

@pytest.mark.parametrize("name, fmt", [
    ("sitemap.xml", "sitemap"), ("SITEMAP.XML", "sitemap"), ("sitemap-posts.xml", "sitemap"),
    ("sitemap_index.xml", "sitemap"), ("static/sitemap.xml", "sitemap"),
    ("feed.xml", "html"), ("pom.xml", "html"), ("sitemap.xml.njk", "html"),
    ("sitemap.html", "html"),
])
def test_sitemaps_are_known_by_their_file_name(name, fmt):
    assert detect_format(name, b"<?xml version='1.0'?><rss/>") == fmt


def test_stdin_content_that_is_a_sitemap_is_read_as_one():
    assert detect_format("stdin", _urlset("https://example.com/").encode()) == "sitemap"
    run = check_json("--stdin-filename", "sitemap.xml", "-", input=_urlset("/relative"))
    assert _found(run) == [("sitemap-url", 3, 13)]


def test_a_folder_walk_finds_sitemaps_but_no_other_xml(tmp_path):
    for name in ("sitemap.xml", "static/sitemap-pages.xml", "feed.xml", "pom.xml", "page.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(_urlset("https://example.com/"))
    assert [p.relative_to(tmp_path).as_posix() for p in walk_pages(tmp_path)] == [
        "page.md", "sitemap.xml", "static/sitemap-pages.xml"]


def test_page_rules_never_run_on_a_sitemap(tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text(_urlset("https://example.com/", "/relative", lastmod="2030-01-01"))
    run = check_json("--select", "ALL", "--no-cache", str(sitemap))
    assert {d["rule"] for d in run.diagnostics} == {"sitemap-url", "sitemap-lastmod"}
    assert run.exit_code == 1


def test_a_clean_sitemap_passes(tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text(_urlset("https://example.com/", "https://example.com/a/",
                               lastmod="2026-11-20"))
    run = check_json(str(sitemap))
    assert run.diagnostics == [] and run.exit_code == 0


def test_a_suppression_comment_works_in_a_sitemap(tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    text = _urlset("/a", "/b").replace(
        "  <url><loc>/b", "  <!-- citewise-disable-next-line sitemap-url -->\n  <url><loc>/b")
    sitemap.write_text(text)
    assert _found(check_json(str(sitemap))) == [("sitemap-url", 3, 13)]


# --- spans -----------------------------------------------------------------------------------

def test_every_element_has_the_line_and_column_of_its_start_tag_and_text():
    text = ('<?xml version="1.0"?>\n<urlset xmlns="' + NS + '"\n  xmlns:x="urn:x">\n'
            '  <url>\n    <loc>\n      https://example.com/caf&amp;é\n    </loc>\n'
            '    <x:extra><![CDATA[<b>]]></x:extra>\n  </url>\n</urlset>\n')
    root = parse("sitemap.xml", text.encode()).sitemap.root
    assert (root.name, root.namespace, root.span.line, root.span.end_line) == ("urlset", NS, 2, 3)
    (url,) = root.children
    loc, extra = url.children
    assert loc.text == "https://example.com/caf&é"
    assert (loc.span.line, loc.span.column, loc.span.end_column) == (5, 5, 10)
    assert (loc.value_span.line, loc.value_span.column, loc.value_span.end_column) == (6, 7, 36)
    assert (extra.name, extra.namespace, extra.text, extra.span.column) == (
        "extra", "urn:x", "<b>", 5)


def test_columns_in_a_minified_sitemap_are_exact():
    urls = [f"https://example.com/{'é' * n}{n}" for n in range(3)]
    text = f'<urlset xmlns="{NS}">' + "".join(
        f"<url><loc>{u}</loc><lastmod>2026-13-0{n}</lastmod></url>" for n, u in enumerate(urls)
    ) + "</urlset>"
    root = parse("sitemap.xml", text.encode()).sitemap.root
    for url, wanted in zip(root.children, urls):
        loc, lastmod = url.children
        assert text[loc.value_span.column - 1 : loc.value_span.end_column - 1] == wanted
        assert text[url.span.column - 1 : url.span.end_column - 1] == "<url>"
        assert text[lastmod.value_span.column - 1:].startswith("2026-13-0")


def test_an_xml_error_column_counts_characters_and_points_at_the_ampersand(tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    line = f'<urlset xmlns="{NS}"><url><loc>https://example.com/ééé?a=1&b=2</loc></url></urlset>'
    sitemap.write_text(line)
    (finding,) = check_json(str(sitemap)).diagnostics
    assert finding["rule"] == "sitemap-syntax" and finding["line"] == 1
    assert line[finding["column"] - 1 :].startswith("&b=2")
    assert "an & that is not escaped (write &amp;)" in finding["message"]


def test_a_comment_or_cdata_with_angle_brackets_does_not_shift_columns():
    text = (f'<urlset xmlns="{NS}"><!-- <url><loc>x</loc></url> --><?pi <a>?>'
            '<url><loc><![CDATA[https://example.com/?a=<1>]]></loc></url></urlset>')
    (url,) = parse("sitemap.xml", text.encode()).sitemap.root.children
    assert url.span.column == text.index("<url><loc><!") + 1
    assert url.children[0].text == "https://example.com/?a=<1>"


def test_a_template_of_a_sitemap_is_not_checked(tmp_path):
    template = (FIXTURES / "sitemap-syntax" / "sitemap-jekyll-template.xml").read_bytes()
    assert parse("sitemap.xml", template).sitemap.template
    (tmp_path / "sitemap.xml").write_bytes(template)
    assert check_json("--select", "ALL", str(tmp_path / "sitemap.xml")).diagnostics == []


def test_entities_and_external_references_are_never_resolved(tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<?xml version="1.0"?>\n<!DOCTYPE urlset [<!ENTITY x SYSTEM '
                       '"file:///etc/passwd">]>\n' + f'<urlset xmlns="{NS}"><url><loc>&x;'
                       '</loc></url></urlset>\n')
    run = check_json("--select", "ALL", str(sitemap))
    assert "root:" not in run.stdout  # /etc/passwd's first line never reaches the report
    assert {d["rule"] for d in run.diagnostics} <= SITEMAP_RULES


# --- size -------------------------------------------------------------------------------------

def test_more_than_50000_urls_is_reported_at_the_first_one_over(tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    urls = [f"https://example.com/p/{n}" for n in range(50_001)]
    sitemap.write_text(_urlset(*urls))
    run = check_json("--select", "sitemap-protocol", str(sitemap))
    assert _found(run) == [("sitemap-protocol", 50_003, 3)]
    assert "lists 50,001 entries" in run.diagnostics[0]["message"]
    sitemap.write_text(_urlset(*urls[:50_000]))
    assert check_json("--select", "sitemap-protocol", str(sitemap)).diagnostics == []


def test_a_file_over_50_mb_is_reported_at_its_root(tmp_path, monkeypatch):
    import citewise.checks.sitemap_protocol as size

    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text(_urlset("https://example.com/"))
    monkeypatch.setattr(size, "MAX_BYTES", sitemap.stat().st_size - 1)
    run = check_json("--select", "sitemap-protocol", str(sitemap))
    assert _found(run) == [("sitemap-protocol", 2, 1)]


# --- the tree's pages and their URLs ----------------------------------------------------------

@pytest.mark.parametrize("path, settings, url", [
    ("guide/setup.md", {}, "https://example.com/guide/setup/"),
    ("guide/index.md", {}, "https://example.com/guide/"),
    ("_index.md", {}, "https://example.com/"),
    ("guide/README.md", {}, "https://example.com/guide/"),
    ("guide/setup.md", {"trailing_slash": False}, "https://example.com/guide/setup"),
    ("guide/setup.md", {"suffix": ".html"}, "https://example.com/guide/setup.html"),
    ("a b.md", {}, "https://example.com/a%20b/"),
])
def test_a_content_path_maps_to_its_url(path, settings, url):
    assert page_url(SiteRules("https://example.com/", **settings), path) == url


def test_front_matter_url_and_slug_decide_the_url():
    rules = SiteRules("https://example.com/docs/")
    assert page_url(rules, "a/b.md", permalink="/legal/terms/") == (
        "https://example.com/legal/terms/")
    assert page_url(rules, "a/b.md", slug="bee") == "https://example.com/docs/a/bee/"


def test_urls_compare_as_a_sitemap_reader_compares_them():
    assert url_key("https://WWW.Example.com/guide/") == url_key("http://example.com/guide")
    assert url_key("https://example.com/guide/index.html") == url_key("https://example.com/guide")
    assert url_key("https://example.com/caf%C3%A9/") == url_key("https://example.com/café")
    assert url_key("https://example.com/a?x=1") != url_key("https://example.com/a")
    assert url_key("https://example.com:8443/a") != url_key("https://example.com/a")
    assert url_key("https://example.com/posts/How-To《Saul》 x/") == url_key(
        "https://example.com/posts/how-tosaul-x/")
    assert url_key("https://example.com/a-b/") != url_key("https://example.com/ab/")


def _site(tmp_path, sitemap: str, pages: dict[str, str], config: str = "") -> None:
    (tmp_path / "citewise.toml").write_text(config or '[site]\nbase-url = "https://example.com"\n')
    for name, text in pages.items():
        (tmp_path / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "content" / name).write_text(text)
    (tmp_path / "static").mkdir(exist_ok=True)
    (tmp_path / "static" / "sitemap.xml").write_text(sitemap)


def _site_findings(tmp_path, *extra: str) -> list[str]:
    run = check_json("--select", "sitemap-missing-page,sitemap-unmapped-entry", *extra,
                     str(tmp_path / "static" / "sitemap.xml"))
    return [d["message"] for d in run.diagnostics]


PAGES = {"index.md": "# Home\n", "pricing.md": "# Pricing\n", "blog/post.md": "# Post\n"}


def test_missing_pages_and_unmapped_entries(tmp_path):
    _site(tmp_path, _urlset("https://example.com/", "https://example.com/pricing/",
                            "https://example.com/gone/"), PAGES)
    assert _site_findings(tmp_path) == [
        "content/blog/post.md is not listed (its URL: https://example.com/blog/post/)",
        "https://example.com/gone/ maps to no page of the tree"]


def test_no_site_table_no_missing_or_unmapped_findings(tmp_path):
    _site(tmp_path, _urlset("https://example.com/gone/"), PAGES, config="language = 'en'\n")
    assert _site_findings(tmp_path) == []


def test_nothing_is_reported_when_no_url_maps_to_the_tree(tmp_path):
    """A base-url that is not the sitemap's host: a configuration mistake, not 3 findings."""
    _site(tmp_path, _urlset("https://other.example/", "https://other.example/pricing/"), PAGES)
    assert _site_findings(tmp_path) == []


def test_no_missing_pages_when_the_site_has_several_sitemaps(tmp_path):
    _site(tmp_path, _urlset("https://example.com/"), PAGES)
    posts = _urlset("https://example.com/blog/post/")
    (tmp_path / "static" / "sitemap-posts.xml").write_text(posts)
    assert _site_findings(tmp_path) == []


def test_the_sitemap_of_a_gitignored_build_folder_is_checked_against_the_tree(tmp_path):
    """Hugo writes public/sitemap.xml, which git ignores: named on the command line, it is the
    site's sitemap all the same."""
    import subprocess

    _site(tmp_path, _urlset("https://example.com/"), PAGES)
    (tmp_path / "static" / "sitemap.xml").unlink()
    (tmp_path / "public").mkdir()
    (tmp_path / "public" / "sitemap.xml").write_text(_urlset("https://example.com/",
                                                             "https://example.com/pricing/"))
    (tmp_path / ".gitignore").write_text("public/\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    run = check_json("--select", "sitemap-missing-page", str(tmp_path / "public" / "sitemap.xml"))
    assert [d["message"] for d in run.diagnostics] == [
        "content/blog/post.md is not listed (its URL: https://example.com/blog/post/)"]


def test_pages_no_sitemap_lists_are_not_missing(tmp_path):
    pages = {**PAGES, "404.md": "# Not found\n", "draft.md": "---\ndraft: true\n---\n# D\n",
             "hidden.html": '<html><head><meta name="robots" content="noindex"></head></html>',
             "_includes/footer.md": "Footer\n", "old.md": "---\nredirect_to: /new/\n---\n",
             "private.md": "+++\n[sitemap]\ndisable = true\n+++\n# P\n",
             "copy.html": '<html><head><link rel="canonical" href="https://example.com/pricing/">'
                          "</head></html>",
             "self.html": '<link href="/self/" rel="canonical"><title>Self</title>'}
    _site(tmp_path, _urlset("https://example.com/", "https://example.com/pricing/",
                            "https://example.com/blog/post/"), pages)
    assert _site_findings(tmp_path) == [  # its canonical link is its own URL: it is missing
        "content/self.html is not listed (its URL: https://example.com/self/)"]


def test_the_site_table_reads_from_pyproject_and_sets_the_path_rules(tmp_path):
    config = ('[tool.citewise.site]\nbase-url = "https://example.com/docs"\ncontent = ["src"]\n'
              'suffix = ".html"\nsitemap-exclude = ["drafts/*"]\n')
    (tmp_path / "pyproject.toml").write_text(config)
    for name in ("src/index.md", "src/intro.md", "src/drafts/x.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# T\n")
    (tmp_path / "sitemap.xml").write_text(_urlset("https://example.com/docs/",
                                                  "https://example.com/docs/api.html"))
    run = check_json("--select", "sitemap-missing-page,sitemap-unmapped-entry",
                     str(tmp_path / "sitemap.xml"))
    assert [d["message"] for d in run.diagnostics] == [
        "src/intro.md is not listed (its URL: https://example.com/docs/intro.html)",
        "https://example.com/docs/api.html maps to no page of the tree"]


@pytest.mark.parametrize("table, error", [
    ('base-urll = "https://example.com"', "unknown key 'base-urll' (did you mean 'base-url'?)"),
    ('content = ["content"]', "site: base-url is required"),
    ('base-url = "/docs/"', "site.base-url must be an absolute http(s) URL, got '/docs/'"),
    ('base-url = "https://example.com"\ntrailing-slash = "yes"',
     "site.trailing-slash must be bool, got 'yes'"),
    ('base-url = "https://example.com"\ncontent = "content"',
     "site.content must be a list of strings, got 'content'"),
    ('base-url = "https://example.com"\nsuffix = "html"', "site.suffix must start with a dot"),
])
def test_the_site_table_is_validated_strictly(tmp_path, table, error):
    (tmp_path / "citewise.toml").write_text(f"[site]\n{table}\n")
    (tmp_path / "sitemap.xml").write_text(_urlset("https://example.com/"))
    run = check_json(str(tmp_path / "sitemap.xml"))
    assert run.exit_code == 2
    assert error in run.stderr


def test_a_cached_sitemap_result_follows_the_pages_of_the_tree(tmp_path, monkeypatch):
    monkeypatch.delenv("CITEWISE_NO_CACHE", raising=False)
    monkeypatch.setenv("CITEWISE_CACHE_KEY_DIR", str(tmp_path / "key"))
    monkeypatch.chdir(tmp_path)
    _site(tmp_path, _urlset("https://example.com/", "https://example.com/pricing/"),
          {"index.md": "# Home\n", "pricing.md": "# Pricing\n"})

    def found():
        run = check_json("--select", "sitemap-missing-page", "static/sitemap.xml")
        return [d["message"] for d in json.loads(run.stdout)]

    assert found() == [] and found() == []
    (tmp_path / "content" / "new.md").write_text("# New\n")
    assert found() == ["content/new.md is not listed (its URL: https://example.com/new/)"]


def test_the_pre_commit_hook_hands_over_sitemaps_but_no_other_xml():
    """The hook's types and exclude, applied the way pre-commit applies them (identify's tags,
    Python's re on the path)."""
    import re

    identify = pytest.importorskip("identify.identify")
    yaml = pytest.importorskip("yaml")
    (hook,) = yaml.safe_load((FIXTURES.parent / ".pre-commit-hooks.yaml").read_text())
    files = re.compile(hook.get("files", ""))
    exclude = re.compile(hook["exclude"]) if "exclude" in hook else None

    def handed_over(path: str) -> bool:
        tags = identify.tags_from_filename(path)
        return (bool(tags & set(hook["types_or"])) and bool(files.search(path))
                and not (exclude and exclude.search(path)))

    assert [path for path in ("page.md", "page.mdx", "a/page.html", "sitemap.xml",
                              "static/sitemap-posts.xml", "Sitemap_Index.XML", "pom.xml",
                              "feed.xml", "sitemaps/pom.xml", "notes.txt") if handed_over(path)
            ] == ["page.md", "page.mdx", "a/page.html", "sitemap.xml",
                  "static/sitemap-posts.xml", "Sitemap_Index.XML"]


def test_a_sitemap_has_no_citability_score(tmp_path):
    from conftest import citewise

    (tmp_path / "sitemap.xml").write_text(_urlset("/relative"))
    (tmp_path / "page.md").write_text("# Acme\n\nAcme CRM costs $12 per user and month.\n")
    run = citewise("score", "--format", "json", "--no-cache", str(tmp_path))
    assert [Path(page["path"]).name for page in json.loads(run.stdout)] == ["page.md"]


def test_inspect_shows_a_sitemap_as_its_elements(tmp_path):
    from conftest import citewise

    (tmp_path / "sitemap.xml").write_text(_urlset("https://example.com/"))
    (doc,) = json.loads(citewise("inspect", str(tmp_path / "sitemap.xml")).stdout)
    assert doc["format"] == "sitemap" and doc["root"]["name"] == "urlset"
    (url,) = doc["root"]["children"]
    assert url["children"][0] == {
        "name": "loc", "namespace": NS, "text": "https://example.com/", "line": 3, "column": 8,
        "end_line": 3, "end_column": 13, "children": [],
        "value": {"line": 3, "column": 13, "end_line": 3, "end_column": 33}}
