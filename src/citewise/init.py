"""`citewise init`: write a citewise.toml for the site generator found in a folder.

Each generator keeps its pages, templates and build output in known places and names the front
matter keys for dates, author and description in its own way; the config says so, so that a
first run checks the pages and only the pages, and reads the keys the site really uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from citewise.engine.generators import is_hugo_site

KINDS = ("blog", "docs")


@dataclass(frozen=True)
class Generator:
    name: str
    markers: tuple[str, ...]  # files or folders (relative to the root), any of which says it
    content: tuple[str, ...]  # the folders that hold the pages
    exclude: tuple[str, ...]  # templates, build output, caches (fnmatch, relative to the root)
    date_keys: tuple[str, ...]  # front matter keys: publication, then update dates
    author_keys: tuple[str, ...]
    description_keys: tuple[str, ...]
    kind: str  # what sites built with it usually are: "blog" or "docs"


GENERATORS = (
    Generator("Docusaurus", ("docusaurus.config.js", "docusaurus.config.ts",
                             "docusaurus.config.mjs"),
              ("docs", "blog"), ("build/*", ".docusaurus/*"),
              ("date", "last_update"), ("authors", "author"), ("description",), "docs"),
    Generator("VitePress", (".vitepress/config.js", ".vitepress/config.ts", ".vitepress/config.mts",
                            ".vitepress/config.mjs", "docs/.vitepress/config.js",
                            "docs/.vitepress/config.ts", "docs/.vitepress/config.mts",
                            "docs/.vitepress/config.mjs"),
              ("docs",), (".vitepress/*", "*/.vitepress/*", "dist/*"),
              ("date", "lastUpdated"), ("author", "authors"), ("description",), "docs"),
    Generator("Astro", ("astro.config.mjs", "astro.config.ts", "astro.config.js"),
              ("src/content", "src/pages"), ("dist/*", ".astro/*", "public/*"),
              ("pubDate", "updatedDate", "date"), ("author", "authors"), ("description",),
              "blog"),
    Generator("Nuxt", ("nuxt.config.ts", "nuxt.config.js"),
              ("content",), (".nuxt/*", ".output/*", "dist/*"),
              ("date", "updatedAt"), ("author", "authors"), ("description",), "blog"),
    Generator("MkDocs", ("mkdocs.yml", "mkdocs.yaml"),
              ("docs",), ("site/*", "overrides/*"),
              ("date", "updated"), ("authors", "author"), ("description",), "docs"),
    Generator("Hugo", (), ("content",),
              ("layouts/*", "themes/*", "public/*", "resources/*", "archetypes/*"),
              ("date", "publishDate", "lastmod"), ("author", "authors"),
              ("description", "summary"), "blog"),
    Generator("Jekyll", ("_config.yml", "_config.yaml"),
              ("_posts", "."), ("_site/*", "_layouts/*", "_includes/*", "vendor/*",
                                ".jekyll-cache/*"),
              ("date", "last_modified_at"), ("author", "authors"), ("description", "excerpt"),
              "blog"),
)

# What a docs site does not need: bylines. Docs are revised in place, so a page counts as stale
# after two years rather than one.
DOCS_IGNORE = 'ignore = ["author-missing"]'
DOCS_RULES = "[rules.stale-content]\nmax-age-days = 730\n"


# The generators whose date keys frontmatter-date-key knows.
DATE_KEY_GENERATORS = ("Hugo", "Jekyll", "Docusaurus")


class InitError(Exception):
    pass


def detect(root: Path) -> Generator | None:
    for generator in GENERATORS:
        if generator.name == "Hugo":
            if is_hugo_site(root):
                return generator
        elif any((root / marker).exists() for marker in generator.markers):
            return generator
    return None


def _toml_list(items) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def render_config(generator: Generator | None, kind: str, root: Path) -> str:
    """The citewise.toml text for a site built with `generator` (None: not recognised)."""
    if generator is None:
        return (f"# citewise configuration for a {kind} site (no site generator recognised).\n"
                f"# Check with: citewise check .\n\n"
                f'exclude = ["build/*", "dist/*", "public/*"]\n'
                + (f"{DOCS_IGNORE}\n\n{DOCS_RULES}" if kind == "docs" else ""))
    content = [folder for folder in generator.content if (root / folder).is_dir()] or ["."]
    lines = [f"# citewise configuration for a {generator.name} {kind} site, written by "
             f"`citewise init`.",
             f"# Check the pages with: citewise check {' '.join(content)}",
             "# Settings: https://github.com/citewise/citewise/blob/main/docs/configs.md",
             "",
             "# Templates, build output and caches are not pages.",
             f"exclude = {_toml_list(generator.exclude)}"]
    if kind == "docs":
        lines.append(DOCS_IGNORE)
    lines += ["",
              f"# The front matter keys {generator.name} uses.",
              "[rules.frontmatter-missing]",
              f"extend-date-keys = {_toml_list(generator.date_keys)}",
              f'extend-description-keys = {_toml_list(generator.description_keys)}',
              ""]
    if generator.name in DATE_KEY_GENERATORS:
        lines[lines.index(f"exclude = {_toml_list(generator.exclude)}") + 1:0] = [
            f"# Front matter dates under keys {generator.name} does not read.",
            'extend-select = ["frontmatter-date-key"]']
        lines += ["[rules.frontmatter-date-key]", f'generator = "{generator.name.lower()}"', ""]
    if kind == "docs":
        lines.append(DOCS_RULES)
    else:
        lines += ["[rules.author-missing]",
                  f"extend-front-matter-keys = {_toml_list(generator.author_keys)}", ""]
    return "\n".join(lines)


def existing_config(root: Path) -> Path | None:
    for name in ("citewise.toml", ".citewise.toml"):
        if (root / name).is_file():
            return root / name
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and "[tool.citewise" in pyproject.read_text(encoding="utf-8",
                                                                       errors="replace"):
        return pyproject
    return None


def write_config(root: Path, kind: str | None = None, force: bool = False
                 ) -> tuple[Path, Generator | None, str]:
    """Write root/citewise.toml; returns (file, generator found, site kind)."""
    import tomllib

    from citewise.engine.config import ConfigError, build_config

    if not root.is_dir():
        raise InitError(f"{root}: no such folder")
    present = existing_config(root)
    if present is not None and not force:
        raise InitError(f"{present} already configures citewise (--force overwrites "
                        f"citewise.toml)")
    generator = detect(root)
    kind = kind or (generator.kind if generator else "blog")
    text = render_config(generator, kind, root)
    target = root / "citewise.toml"
    try:
        build_config(tomllib.loads(text), target)  # never write a config citewise rejects
    except (ConfigError, tomllib.TOMLDecodeError) as error:
        raise InitError(f"internal error: the generated config is invalid: {error}") from None
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InitError(f"cannot write {target}: {error.strerror}") from None
    return target, generator, kind
