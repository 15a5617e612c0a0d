"""Site dialects of Markdown: which one a file is written in, and its markup hidden from prose.

Generators add their own markup to Markdown: MDX import/export lines, JSX elements and
`{expressions}`, Hugo shortcodes, Liquid tags and `{{ variables }}`, kramdown IALs, heading
attributes, snippet lines, Nuxt MDC components, MkDocs emoji. `mask` overwrites that markup with
spaces (newlines kept) before markdown-it reads the text, so it never becomes words of a block,
while every other character keeps its offset: the text inside the markup (a paragraph inside
`<TabItem>`, the words around a shortcode) is still read, at its own line and column. Fenced code
and inline code spans are left alone: markup shown as code is code.

Block constructs (`:::` containers, `!!! note` admonitions, `=== "Tab"` tabs, `/// tip`
blocks) are parsed by markdown-it plugins (see markdown.py), not masked.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from citewise.model import FrontMatter

FILLER = "\u2060"  # WORD JOINER: neither space nor punctuation to markdown-it, never prose
_NOT_NEWLINE = re.compile(r"[^\n]")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_ESM = re.compile(r"^(import|export)\s")
_MDX_HINT = re.compile(r"^(import\s.+\sfrom\s|export\s+(const|default|function)\b)", re.M)
_HUGO_HINT = re.compile(r"\{\{[<%]")
_LIQUID_HINT = re.compile(r"\{%-?\s*\w")
_MKDOCS_HINT = re.compile(r'^[ \t]*(!!!|\?\?\?\+?)[ \t]+\w|^[ \t]*===\+?[ \t]+"|^[ \t]*-{2,}8<-{2,}',
                          re.M)
_MDSVEX_HINT = re.compile(r"^<script\s+context=", re.M)
_VUE_HINT = re.compile(r"^<script\s+setup\b", re.M)
_MDC_HINT = re.compile(r"^::[a-zA-Z][\w-]*", re.M)
_DOCUSAURUS_KEYS = frozenset({"sidebar_position", "sidebar_label", "sidebar_class_name",
                              "hide_table_of_contents", "pagination_label", "pagination_next"})
_JEKYLL_KEYS = frozenset({"permalink", "redirect_from", "jekyll"})

# Markup, as (a string it always contains, its pattern): a pattern is tried only on text that
# holds its string, so plain pages pay for a few `in` tests and no regular expression.
_COMMON = [
    ("{{", r"\{\{<\s*/?\*.*?\*/\s*>\}\}|\{\{%\s*/?\*.*?\*/\s*%\}\}"),  # escaped Hugo shortcodes
    # A paired shortcode that shows code (code-toggle, highlight...): its body is no prose.
    ("{{<", r"\{\{<\s*(?P<coded>[\w-]*(?:code|highlight|toggle|syntax)[\w-]*)\b.*?>\}\}.*?"
            r"\{\{<\s*/(?P=coded)\s*>\}\}"),
    ("{{", r"\{\{[<%].*?[>%]\}\}"),  # Hugo shortcodes, paired or self-closing
    ("{%", r"\{%[^\n]*?%\}"),  # Liquid tags ({% raw %}, {% link %}, {% include %})
    ("{{", r"\{\{[^\n]*?\}\}"),  # Liquid / Vue / Go template variables
    ("{:", r"\{:[^}\n]*\}"),  # kramdown IALs and ALDs
    ("{", r"\{(?<=[ \t]\{)[ \t]*[#.][\w-][^}\n]*\}(?=[ \t]*$)"),  # heading attributes {#id}
    ("8<", r"--+8<--+[^\n]*"),  # pymdownx snippets
]
_TAGS = [
    ("<", r"</?[A-Z][\w.:-]*(?:\s+(?:[^<>{}\"']|\"[^\"]*\"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\})*)?"
          r"\s*/?>"),  # JSX / Vue / Svelte components
    ("<>", r"</?>"),  # fragments
]
_MDX = [
    ("{/*", r"\{/\*.*?\*/\}"),  # {/* comments */}
    *_TAGS,
    ("{", r"\{(?:[^{}\n]|\{[^{}\n]*\})*\}"),  # {expressions}
]
_MDC = [
    ("::", r":(?<![\w:]:):[a-zA-Z][\w-]*(?:\{[^}\n]*\})?(?=[ \t]*$)"),  # ::component{props}
    ("::", r":(?<![\w:]:):(?=[ \t]*$)"),  # and the `::` that closes its block
    ("#", r"#(?<=\n#)[a-zA-Z][\w-]*(?=[ \t]*$)"),  # #slot lines
    (":", r":(?<![\w:]:)[a-z][\w-]*\{[^}\n]*\}"),  # :inline{props}
    (":", r":(?<![\w:]:)[a-z][\w-]*\["),  # :inline[text]: the name; the text stays
    ("]{", r"\]\{[^}\n]*\}"),  # [text]{props}
]
_EMOJI = [(":", r":(?<![\w:]:)(?:material|octicons|fontawesome|simple|twemoji)-[\w-]+:(?![\w:])")]
# attr_list after an inline element: `![Logo](logo.png){ align=left width=300 }`, `[Go](#){.md-button}`.
_ATTR = r"(?:[#.][\w-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+))"
_INLINE_ATTRIBUTES = [("{", r"(?<=[)\]])\{[ \t]*" + _ATTR + r"(?:[ \t]+" + _ATTR + r")*[ \t]*\}")]

_PATTERNS = {
    "commonmark": _COMMON,
    "mdx": _COMMON + _MDX,
    "vitepress": _COMMON + _TAGS,
    "mdsvex": _COMMON + _TAGS,
    "mdc": _COMMON + _MDC,
    "mkdocs": _COMMON + _EMOJI + _INLINE_ATTRIBUTES,
    "hugo": _COMMON,
    "jekyll": _COMMON,
}
_CODE_SPAN = r"(?P<code>`(?P<ticks>`*)(?:(?!`(?P=ticks)).)+?`(?P=ticks))"
_COMPILED: dict[tuple[str, ...], re.Pattern] = {}


def detect_dialect(path: str, body: str, matter: FrontMatter | None) -> str:
    """The dialect a Markdown file is written in, from its suffix, front matter and markup."""
    suffix = PurePath(path).suffix.lower()
    keys = set(matter.data) if matter is not None and isinstance(matter.data, dict) else set()
    if suffix == ".svx" or _MDSVEX_HINT.search(body):  # before MDX: its <script> has imports
        return "mdsvex"
    if _VUE_HINT.search(body):
        return "vitepress"
    if suffix == ".mdx" or keys & _DOCUSAURUS_KEYS or _MDX_HINT.search(body):
        return "mdx"
    if matter is not None and matter.format == "toml" or _HUGO_HINT.search(body):
        return "hugo"
    if suffix == ".markdown" or keys & _JEKYLL_KEYS or _LIQUID_HINT.search(body):
        return "jekyll"
    if _MKDOCS_HINT.search(body):
        return "mkdocs"
    if _MDC_HINT.search(body):
        return "mdc"
    return "commonmark"


def _pattern(dialect: str, text: str) -> re.Pattern | None:
    """One expression for the dialect's markup that can occur in `text` (None: none can)."""
    wanted = tuple(pattern for trigger, pattern in _PATTERNS[dialect] if trigger in text)
    if not wanted:
        return None
    compiled = _COMPILED.get(wanted)
    if compiled is None:
        alternatives = "|".join(f"(?:{pattern})" for pattern in wanted)
        compiled = _COMPILED[wanted] = re.compile(f"{_CODE_SPAN}|{alternatives}", re.M | re.S)
    return compiled


def _blank(match: re.Match) -> str:
    """Markup that fills its lines becomes spaces (blank lines: no block of its own); markup
    beside text becomes FILLER, which markdown-it reads as text, so the words after it are not
    taken for an indented code block; the walker drops it."""
    if match.group("code") is not None:
        return match.group()
    text, source = match.group(), match.string
    start, end = match.start(), match.end()
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    line_end = len(source) if line_end == -1 else line_end
    if source[line_start:start].strip() or source[end:line_end].strip():
        return _NOT_NEWLINE.sub(FILLER, text)
    return _NOT_NEWLINE.sub(" ", text)


def mask(body: str, dialect: str) -> str:
    """`body` with the dialect's markup overwritten by spaces, outside fenced code."""
    if _pattern(dialect, body) is None and dialect != "mdx":
        return body
    lines = body.split("\n")
    if dialect == "mdx":
        lines = _blank_esm(lines)
    out: list[str] = []
    prose: list[str] = []  # consecutive lines outside fences, masked together
    fence: str | None = None
    for line in lines:
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            out.append(_masked(prose, dialect))
            prose = []
            out.append(line)
        elif fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line[opening.end():].strip():
                fence = None
            out.append(line)
        else:
            prose.append(line)
    out.append(_masked(prose, dialect))
    return "\n".join(part for part in out if part is not None)


def _masked(lines: list[str], dialect: str) -> str | None:
    if not lines:
        return None
    text = "\n".join(lines)
    pattern = _pattern(dialect, text)
    return text if pattern is None else pattern.sub(_blank, text)


def _blank_esm(lines: list[str]) -> list[str]:
    """MDX import/export statements (top level, outside fences), up to the line that ends them."""
    result, fence, open_braces = [], None, 0
    in_statement = False
    for line in lines:
        opening = _FENCE.match(line)
        if fence is not None or (opening and not in_statement):
            if fence is None:
                fence = opening.group(1)
            elif opening and opening.group(1)[0] == fence[0] and not line[opening.end():].strip():
                fence = None
            result.append(line)
            continue
        if not in_statement and _ESM.match(line):
            in_statement, open_braces = True, 0
        if in_statement:
            open_braces += line.count("{") + line.count("(") + line.count("[")
            open_braces -= line.count("}") + line.count(")") + line.count("]")
            result.append(" " * len(line))
            if open_braces <= 0 and not line.rstrip().endswith((",", "=", "(")):
                in_statement = False
            continue
        result.append(line)
    return result
