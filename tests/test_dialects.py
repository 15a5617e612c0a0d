"""Site dialects: markup never becomes words of a block, the text inside it does, at its own
line and column in the original file (fixtures/parsers/dialects/, one real-shaped page each)."""

from __future__ import annotations

import pytest

from citewise.engine.config import ConfigError, build_config
from citewise.parsers import ParseOptions, parse

from conftest import FIXTURES

DIALECTS = FIXTURES / "parsers" / "dialects"


def _doc(name: str, options: ParseOptions = ParseOptions()):
    return parse(str(DIALECTS / name), (DIALECTS / name).read_bytes(), options=options)


def _blocks(name: str) -> list[tuple]:
    return [(b.kind, b.span.line, b.span.column, b.text) for b in _doc(name).blocks]


def _at(doc, words: str) -> tuple[int, int]:
    block = next(b for b in doc.blocks if words in b.text)
    start = block.text.index(words)
    span = block.locate(start, start + len(words))
    return span.line, span.column


def test_mdx_imports_jsx_expressions_and_comments_are_not_text():
    doc = _doc("docusaurus.mdx")
    assert doc.dialect == "mdx"
    assert _blocks("docusaurus.mdx") == [
        ("paragraph", 9, 1,
         "It's always a good idea to test your app on a real device before releasing it."),
        ("heading", 16, 4, "Connect the device"),  # inside <TabItem>: still a heading
        ("paragraph", 18, 1, "Plug in the phone and run from the project folder."),
        ("admonition", 23, 12, "Deprecated"),  # :::warning Deprecated: the title is text
        ("admonition", 24, 1, "The old CLI no longer ships with React Native 0.75."),
    ]
    assert _at(doc, "from the project") == (18, 50)  # past {constants.runCommand}


def test_vitepress_script_setup_interpolation_components_and_containers():
    doc = _doc("vitepress.md")
    assert doc.dialect == "vitepress"
    assert [(b.kind, b.span.line, b.span.column, b.text) for b in doc.blocks[1:]] == [
        ("heading", 6, 3, "Reactivity Fundamentals"),
        ("paragraph", 8, 1, "The count is and it updates as you click the button."),
        ("admonition", 10, 9, "Composition API"),
        ("admonition", 11, 1, "Use ref() to declare reactive state."),
        ("admonition", 14, 13, "Detailed Explanation"),
        ("admonition", 15, 1, "Vue tracks every ref read during render."),
    ]
    assert doc.blocks[0].kind == "html" and doc.blocks[0].text.startswith("<script setup>")
    assert doc.title == "Reactivity Fundamentals"  # the {#anchor} is not part of it
    assert _at(doc, "as you click") == (8, 84) and _at(doc, "the button") == (8, 113)


def test_hugo_shortcodes_paired_self_closing_and_escaped():
    assert _blocks("hugo.md") == [
        ("paragraph", 8, 37, "A page bundle groups a page with its resources."),
        # {{< code-toggle >}}...{{< /code-toggle >}} shows configuration: not prose
        ("paragraph", 15, 1, "Call the shortcode like this:"),
        ("code", 17, 1, "{{</* new-in 0.123.0 */>}}\n"),  # in a fence it stays code
        ("paragraph", 21, 1, "See for the details."),
    ]
    doc = _doc("hugo.md")
    assert doc.dialect == "hugo" and _at(doc, "for the details") == (21, 40)


def test_jekyll_liquid_tags_variables_raw_and_kramdown_ials():
    doc = _doc("jekyll.markdown")
    assert doc.dialect == "jekyll"
    assert _blocks("jekyll.markdown") == [
        ("paragraph", 7, 1, "Jekyll 4.3 is out: see the docs and now."),
        ("paragraph", 10, 1, "Run bundle update jekyll to upgrade."),  # {: .note .info} above
        ("paragraph", 13, 1, "Use in a layout."),
    ]
    assert _at(doc, "now.") == (7, 102)


def test_mkdocs_admonitions_tabs_blocks_snippets_and_attributes():
    doc = _doc("mkdocs.md")
    assert doc.dialect == "mkdocs"
    assert _blocks("mkdocs.md") == [
        ("heading", 1, 3, "Setting up tabs"),
        ("paragraph", 3, 1, "Material for MkDocs groups alternatives in tabs."),
        ("admonition", 5, 11, "Before you start"),
        ("admonition", 7, 5, "Enable the pymdownx.tabbed extension in mkdocs.yml first."),
        ("admonition", 11, 5, "Why are tabs indented four spaces?"),
        ("paragraph", 15, 5, "Install it with Homebrew."),  # a tab's body: the page's text
        ("code", 17, 1, "brew install mkdocs\n"),  # an indented fence inside a tab
        ("paragraph", 23, 5, "Install it with pip."),
        ("admonition", 25, 11, "Keep it short"),  # /// tip | Keep it short
        ("admonition", 26, 1, "Short tab labels fit on phones."),
        ("image", 31, 3, "Tab bar"),  # attr_list { align=left width=300 }: still an image
        ("paragraph", 33, 2, "Read the tab guide before you choose labels."),
    ]  # no block for --8<-- "includes/abbreviations.md"
    assert _at(doc, "in tabs.") == (3, 56)  # past :material-tab:
    assert _at(doc, "before you choose") == (33, 46)  # past { .md-button }


def test_mdsvex_script_blocks_and_svelte_components():
    doc = _doc("mdsvex.md")
    assert doc.dialect == "mdsvex"
    assert [(b.kind, b.span.line, b.span.column, b.text) for b in doc.blocks[2:]] == [
        ("heading", 14, 3, "June 2021"),
        ("list_item", 16, 3, "Prebuilds now start 40% faster"),  # <Contributors … /> dropped
        ("list_item", 17, 3, "Workspaces stop after 30 minutes of inactivity."),
    ]
    assert [b.kind for b in doc.blocks[:2]] == ["html", "html"]


def test_nuxt_mdc_block_and_inline_components():
    doc = _doc("mdc.md")
    assert doc.dialect == "mdc"
    assert _blocks("mdc.md") == [
        ("heading", 5, 3, "Installation"),
        ("paragraph", 8, 1, "Nuxt Content needs Node.js 18 or later."),
        ("paragraph", 11, 1, "Add the module with or Ctrl in two steps."),
    ]
    assert _at(doc, "Ctrl") == (11, 48) and _at(doc, "in two steps") == (11, 67)


def test_plain_commonmark_is_read_as_before():
    doc = parse("notes.md", b"# Notes\n\nA {brace} and a <b>tag</b>; `{{ x }}` stays code.\n")
    assert doc.dialect == "commonmark"
    assert [b.text for b in doc.blocks] == ["Notes", "A {brace} and a tag; {{ x }} stays code."]


def test_configured_dialect_overrides_detection():
    doc = _doc("jekyll.markdown", ParseOptions(dialect="commonmark"))
    assert doc.dialect == "commonmark"
    assert build_config({"dialect": "mdx"}, None).dialect == "mdx"
    with pytest.raises(ConfigError, match="dialect must be one of"):
        build_config({"dialect": "rst"}, None)


def test_markup_only_lines_make_no_block_and_keep_later_lines():
    page = b"import A from './a';\n\n<A />\n\nText on line 5.\n"
    doc = parse("page.mdx", page)
    assert [(b.kind, b.span.line, b.span.column, b.text) for b in doc.blocks] == [
        ("paragraph", 5, 1, "Text on line 5.")]


def test_html_content_file_with_front_matter():
    doc = _doc("hugo-content.html")
    assert (doc.dialect, doc.title, doc.title_line) == ("hugo", "Shortcodes in HTML content", 2)
    assert doc.front_matter.key_lines == {"title": 2, "date": 3}
    assert [(kind, line, column, " ".join(text.split()))
            for kind, line, column, text in _blocks("hugo-content.html")] == [
        ("paragraph", 5, 4, "Hugo renders content files written in HTML, too."),
        ("paragraph", 6, 4, "The front matter above is data, not text."),
    ]  # the HTML parser keeps the spaces that stand for {{ .Title }}
    assert _at(doc, "data, not") == (6, 43)
