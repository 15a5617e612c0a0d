"""What kind of page a Document is (model.PAGE_KINDS), from the evidence the page and its path give.

Evidence is read in this order and the first that says something decides: the project's own
`page-kinds` globs, JSON-LD `@type`, the type of the one microdata item of a kind, `og:type`,
front matter (`layout`/`type`/`template`, then a date with authors or tags), the path (`blog/`,
`_posts/`, `docs/`, `reference/`...), a theme's `<body>` class (WordPress `single-post`), and last
the content's shape. A page whose text is mostly placeholder ("Lorem ipsum...") is a
`placeholder` page whatever else it declares (only the configuration outranks that). One
exception keeps generators' conventions: a date with authors in front matter is what a post
carries, but docs collections date their pages too (Jekyll `_tutorials/`), so a path that names
an evergreen section outranks it. Every piece found is kept, strongest first, so `citewise
inspect` can show what decided.

Only general conventions of site generators (Jekyll, Hugo, Docusaurus, VitePress, MkDocs,
WordPress-style URLs) live here: nothing about one site.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any

from citewise.model import BLOCK_SCOPES, Document, KindEvidence
from citewise.parsers.placeholder import is_placeholder_page, placeholder_blocks

# schema.org types, by the kind of page they describe. Generic types (WebPage, WebSite,
# Organization, BreadcrumbList, Person, ImageObject...) say nothing about the page's kind.
_JSONLD_KINDS = {
    "article": {"article", "blogposting", "newsarticle", "reportagenewsarticle",
                "analysisnewsarticle", "opinionnewsarticle", "backgroundnewsarticle",
                "reviewnewsarticle", "liveblogposting", "socialmediaposting", "report",
                "scholarlyarticle", "event", "pressrelease"},
    "guide": {"techarticle", "howto", "course", "learningresource"},
    "reference": {"apireference", "definedtermset", "definedterm"},
    "faq": {"faqpage", "qapage"},
    "landing": {"product", "softwareapplication", "webapplication", "mobileapplication",
                "offer", "aggregateoffer", "service", "aboutpage", "contactpage"},
}
_JSONLD_RANK = ("faq", "article", "reference", "guide", "landing")  # when a graph has several
_OG_KINDS = {"article": "article", "blog": "article", "product": "landing",
             "product.item": "landing"}

# Front matter `layout` / `type` / `template` values (lower-cased, extension dropped).
_LAYOUT_KINDS = {
    "article": {"post", "posts", "blog", "blog-post", "blogpost", "news", "article", "release",
                "changelog", "event", "announcement"},
    "guide": {"doc", "docs", "documentation", "guide", "tutorial", "howto", "how-to"},
    "reference": {"reference", "api", "glossary"},
    "landing": {"home", "landing", "homepage", "product", "pricing", "splash"},
    "faq": {"faq"},
}
_AUTHOR_KEYS = ("author", "authors", "author_name", "byline")
_DATE_KEYS = ("date", "pubdate", "publishdate", "published", "published_at", "created")
_TAG_KEYS = ("tags", "categories", "category")
_PERMALINK_KEYS = ("path", "permalink", "url", "slug")
_DATED_URL = re.compile(r"(^|/)(19|20)\d{2}[/-](0[1-9]|1[0-2])[/-]\d{2}(/|-|$)")

# Path segments (folder names, or a file's stem), lower-cased with a leading "_" dropped.
_ARTICLE_SECTIONS = {"blog", "blogs", "posts", "post", "news", "newsroom", "press",
                     "announcements", "articles", "events", "stories", "newsletter",
                     "newsletters"}
_RECORD_SECTIONS = {"changelog", "changelogs", "releases", "release-notes", "releasenotes",
                    "whats-new", "updates", "product-updates"}
_GUIDE_SECTIONS = {"docs", "doc", "documentation", "guide", "guides", "tutorial", "tutorials",
                   "how-to", "howto", "how-tos", "learn", "manual", "handbook", "getting-started",
                   "concepts", "examples", "style-guide", "cookbook", "recipes", "topics"}
_REFERENCE_SECTIONS = {"reference", "references", "api", "apis", "api-reference", "cli",
                       "commands", "functions", "methods", "glossary", "errors",
                       "error-reference", "quick-reference", "config-reference"}
_LANDING_SECTIONS = {"pricing", "product", "products", "features", "solutions"}
_FAQ_SECTIONS = {"faq", "faqs", "frequently-asked-questions"}
# The site's own pages (about, team, legal): neither posts nor docs, whatever folder holds them.
_SITE_PAGE_SECTIONS = {"pages", "about", "company", "legal"}
_PARTIAL_SECTIONS = {"includes", "partials", "common", "snippets", "fragments"}
# Folders whose index page is the site's (or a language's) home page.
_SITE_ROOTS = {"content", "docs", "src", "site", "pages", "website", "www", "public"}
_INDEX_STEMS = {"index", "_index"}
_DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-")  # Jekyll / Docusaurus post file names
_YEAR = re.compile(r"^(19|20)\d{2}$")  # WordPress-style /2021/05/slug
_MONTH = re.compile(r"^(0[1-9]|1[0-2])$")
_DATED_FOLDER = re.compile(r"^(19|20)\d{2}-\d{2}(-\d{2})?(\b|$)")  # 2019-02-15/, 2021-02
_HEADING_DATE = re.compile(
    r"\b(19|20)\d{2}-\d{2}-\d{2}\b|\b(Jan(uary)?|Feb(ruary)?|Mar(ch)?|Apr(il)?|May|June?|"
    r"July?|Aug(ust)?|Sep(t|tember)?|Oct(ober)?|Nov(ember)?|Dec(ember)?)\.? (\d{1,2}, )?"
    r"(19|20)\d{2}\b")
_LANGUAGE = re.compile(r"^[a-z]{2}(-[a-z]{2})?$")


def classify(doc: Document, page_kinds: Iterable[tuple[str, str]] = ()
             ) -> tuple[str, tuple[KindEvidence, ...]]:
    """The page's kind and the evidence for it, strongest first. `page_kinds` (glob, kind)
    pairs and the path evidence both read `doc.project_path` (relative to the project root),
    never the path as typed: `index.md` and `/site/index.md` are the same page."""
    path = doc.project_path or doc.path
    evidence = [
        *_from_config(path, page_kinds),
        *_from_jsonld(doc),
        *_from_microdata(doc),
        *_from_og_type(doc),
        *_from_front_matter(doc),
        *_from_path(doc),
        *_from_theme(doc),
        *_from_content(doc),
    ]
    filler = [] if evidence and evidence[0].source == "config" else placeholder_blocks(doc)
    if is_placeholder_page(doc, filler):
        # Whatever the page declares, its text is filler: what it says is not yet its own.
        found = KindEvidence("content", "placeholder text (lorem ipsum) is most of the text",
                             "placeholder", filler[0].span.line)
        return "placeholder", (found, *evidence)
    if not evidence:
        return "other", ()
    first = evidence[0]
    if first.source == "front-matter" and first.detail.startswith("dated"):
        evergreen = next((e for e in evidence if e.source == "path"
                          and e.kind in ("guide", "reference")), None)
        if evergreen is not None:
            first = evergreen
    if first.kind == "article" and first.source == "front-matter" and _generated_listing(doc):
        first = KindEvidence("content", "no text of its own: a listing its generator fills",
                             "other")
        evidence.insert(0, first)
    ordered = [first, *(e for e in evidence if e is not first)]
    return first.kind, tuple(ordered)


def _generated_listing(doc: Document) -> bool:
    """A generator page whose body is nothing a reader sees (`{% for post in site.posts %}`,
    masked as markup, leaves no block): a news or archive listing that borrows the posts'
    layout, not a post. A landing page built from front matter fields keeps its kind."""
    return doc.front_matter is not None and not doc.blocks


def _from_config(path: str, page_kinds: Iterable[tuple[str, str]]) -> Iterator[KindEvidence]:
    name = PurePosixPath(path).name
    for pattern, kind in page_kinds:
        if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(name, pattern):
            yield KindEvidence("config", f"page-kinds {pattern!r}", kind)
            return


def _from_jsonld(doc: Document) -> Iterator[KindEvidence]:
    found: dict[str, tuple[str, int]] = {}
    for item in doc.structured_data:
        if item.syntax != "json-ld" or item.data is None:
            continue
        for type_name in _types(item.data):
            for kind, names in _JSONLD_KINDS.items():
                if type_name.lower() in names:
                    found.setdefault(kind, (type_name, item.span.line))
        if _editorial_review(item.data):
            found.setdefault("article", ("Review", item.span.line))
    for kind in _JSONLD_RANK:
        if kind in found:
            type_name, line = found[kind]
            yield KindEvidence("jsonld", f"@type {type_name}", kind, line)
            return


def _from_microdata(doc: Document) -> Iterator[KindEvidence]:
    """The schema.org type of the one microdata item that describes the page (Blogger's
    `itemtype=BlogPosting` post). Several items of one kind are a listing's teasers, not the
    page; theme furniture (WPHeader, WebPage, SiteNavigationElement) says nothing."""
    found: dict[str, list[tuple[str, int]]] = {}
    for type_name, line in doc.itemtypes:
        for kind, names in _JSONLD_KINDS.items():
            if type_name.lower() in names:
                found.setdefault(kind, []).append((type_name, line))
    for kind in _JSONLD_RANK:
        if len(found.get(kind, ())) == 1:
            type_name, line = found[kind][0]
            yield KindEvidence("microdata", f"itemtype {type_name}", kind, line)
            return


def _editorial_review(data: Any) -> bool:
    """A page that reviews a product carries it as a Product whose one `review` has a headline
    or a body: the page is that review, a dated record (a shop's Product lists its customers'
    reviews as an array)."""
    nodes = data.get("@graph", [data]) if isinstance(data, dict) else data
    for node in nodes if isinstance(nodes, list) else []:
        review = node.get("review") if isinstance(node, dict) else None
        if isinstance(review, dict) and ("headline" in review or "reviewBody" in review):
            return True
    return False


def _types(data: Any, depth: int = 0) -> Iterator[str]:
    """The @type names of the top-level items of a JSON-LD block (and of its @graph)."""
    if depth > 3:
        return
    if isinstance(data, list):
        for item in data:
            yield from _types(item, depth + 1)
    elif isinstance(data, dict):
        kind = data.get("@type")
        for name in kind if isinstance(kind, list) else [kind]:
            if isinstance(name, str):
                yield name.rsplit("/", 1)[-1]
        graph = data.get("@graph")
        if graph is not None:
            yield from _types(graph, depth + 1)


def _from_og_type(doc: Document) -> Iterator[KindEvidence]:
    tag = doc.meta_content("og:type")
    if tag is not None:
        kind = _OG_KINDS.get(tag.content.strip().lower())
        if kind:
            yield KindEvidence("og:type", f"og:type {tag.content.strip()}", kind, tag.line)


def _from_front_matter(doc: Document) -> Iterator[KindEvidence]:
    matter = doc.front_matter
    if matter is None or not isinstance(matter.data, dict):
        return
    data = {str(key).lower(): value for key, value in matter.data.items()}
    lines = {str(key).lower(): line for key, line in matter.key_lines.items()}
    for key in ("layout", "type", "template"):
        value = data.get(key)
        if isinstance(value, str):
            stem = value.strip().lower().rsplit(".", 1)[0]
            for kind, names in _LAYOUT_KINDS.items():
                if stem in names:
                    yield KindEvidence("front-matter", f"{key}: {value.strip()}", kind,
                                       lines.get(key, 0))
                    return
    if data.get("redirect_to") or data.get("redirect"):
        yield KindEvidence("front-matter", "redirect_to", "other", lines.get("redirect_to", 0))
        return
    if data.get("page") is True:  # VitePress: a custom page without the docs layout
        yield KindEvidence("front-matter", "page: true", "landing", lines.get("page", 0))
        return
    permalink = next((key for key in _PERMALINK_KEYS
                      if isinstance(data.get(key), str) and _DATED_URL.search(data[key])), None)
    if permalink is not None:  # Zola `path = "2026/05/01/slug"`, Jekyll-style dated permalinks
        yield KindEvidence("front-matter", f"dated {permalink}: {data[permalink]}", "article",
                           lines.get(permalink, 0))
        return
    date_key = next((key for key in _DATE_KEYS if data.get(key)), None)
    if date_key is None:
        return
    author_key = next((key for key in _AUTHOR_KEYS if data.get(key)), None)
    tag_key = next((key for key in _TAG_KEYS if data.get(key)), None)
    if author_key or tag_key:
        detail = f"dated: {date_key} + {author_key or tag_key}"
        yield KindEvidence("front-matter", detail, "article", lines.get(date_key, 0))


def _from_path(doc: Document) -> Iterator[KindEvidence]:
    pure = PurePosixPath((doc.project_path or doc.path).replace("\\", "/"))
    stem = pure.stem.lower()
    folders = [part.lower() for part in pure.parts[:-1]]
    if stem.startswith("_") and stem not in _INDEX_STEMS:
        yield KindEvidence("path", f"partial {pure.name}", "other")
        return
    partial = next((f for f in folders if f.lstrip("_") in _PARTIAL_SECTIONS), None)
    if partial is not None:
        yield KindEvidence("path", f"partial folder {partial}/", "other")
        return
    if stem == "readme":
        yield KindEvidence("path", f"repository file {pure.name}", "other")
        return
    if _DATED_NAME.match(pure.name):
        yield KindEvidence("path", f"dated file name {pure.name}", "article")
        return
    dated = _carries_dates(doc, folders)
    own = _section_kind(stem)
    if own in ("faq", "reference") or (own in ("article", "record") and dated):
        if stem not in _INDEX_STEMS:
            yield KindEvidence("path", f"file {pure.name}", _public(own))
            return
    for depth in range(len(folders) - 1, -1, -1):
        folder = folders[depth]
        kind = _section_kind(folder)
        if kind is None:
            if _YEAR.match(folder) and depth + 1 < len(folders) and \
                    _MONTH.match(folders[depth + 1]):
                yield KindEvidence("path", f"dated folders {folder}/{folders[depth + 1]}/",
                                   "article")
                return
            continue
        is_index = stem in _INDEX_STEMS and depth == len(folders) - 1
        if kind == "site":
            if not _is_site_root(folders[:depth]):
                continue  # `methods/pages/`: a namespace, not the site's own pages
            if is_index:
                yield KindEvidence("path", f"home page {folder}/{pure.name}", "landing")
                return
        if kind == "article" and is_index:  # blog/index.md lists the posts
            yield KindEvidence("path", f"index of {folder}/", "other")
            return
        if kind in ("article", "record") and not (dated or _signed(doc)):
            continue  # a page about blogs or releases, not a post: look further up
        if stem == "_index":  # Hugo's list page of a section
            yield KindEvidence("path", f"section list {folder}/_index", "other")
            return
        yield KindEvidence("path", f"{folder}/", _public(kind))
        return
    if stem in _INDEX_STEMS and _is_site_root(folders):
        yield KindEvidence("path", f"home page {pure.name}", "landing")
    elif stem == "_index":
        yield KindEvidence("path", "section list _index", "other")


def _signed(doc: Document) -> bool:
    """Whether the front matter names an author, as a post's does: in blog/ a signed page is a
    post even when its date is missing (which is what date-missing is there to say)."""
    matter = doc.front_matter
    return matter is not None and isinstance(matter.data, dict) and any(
        matter.data.get(key) for key in _AUTHOR_KEYS)


def _carries_dates(doc: Document, folders: list[str]) -> bool:
    """Whether the page states a date of its own, as posts and release notes do: a dated
    folder or front matter date, a <time> or published-time meta tag, a date in a heading."""
    if any(_DATED_FOLDER.match(folder) for folder in folders):
        return True
    matter = doc.front_matter
    if matter is not None and isinstance(matter.data, dict) and any(
            str(key).lower() in _DATE_KEYS or (str(key).lower() in _PERMALINK_KEYS
                                               and _DATED_URL.search(str(value)))
            for key, value in matter.data.items()):
        return True
    if doc.times or any("published" in tag.name for tag in doc.meta):
        return True
    return any(_HEADING_DATE.search(block.text) for block in doc.blocks if block.kind == "heading")


def _section_kind(segment: str) -> str | None:
    name = segment.lstrip("_")
    if name in _ARTICLE_SECTIONS:
        return "article"
    if name in _RECORD_SECTIONS:
        return "record"
    if name in _REFERENCE_SECTIONS:
        return "reference"
    if name in _GUIDE_SECTIONS:
        return "guide"
    if name in _FAQ_SECTIONS:
        return "faq"
    if name in _LANDING_SECTIONS:
        return "landing"
    if name in _PARTIAL_SECTIONS:
        return "partial"
    if name in _SITE_PAGE_SECTIONS:
        return "site"
    return None


def _public(section: str) -> str:
    return {"record": "article", "site": "other"}.get(section, section)


def _is_site_root(folders: list[str]) -> bool:
    """An index page directly in a content root (`content/`, `content/en/`, `docs/`, `src/`)
    or at the top of the tree."""
    if not folders:
        return True
    last = folders[-1]
    if last in _SITE_ROOTS:
        return True
    return bool(_LANGUAGE.match(last)) and len(folders) >= 2 and folders[-2] in _SITE_ROOTS


def _from_theme(doc: Document) -> Iterator[KindEvidence]:
    """The <body> classes a theme writes for the view it renders: WordPress's body_class()
    says `single-post` on one post (`page` on a page, `home`/`archive` on listings)."""
    if "single-post" in doc.body_classes:
        yield KindEvidence("content", "<body> class single-post (WordPress)", "article")


def _from_content(doc: Document) -> Iterator[KindEvidence]:
    headings = [b for b in doc.blocks if b.kind == "heading" and b.level >= 2]
    questions = [b for b in headings if b.text.rstrip().endswith("?")]
    if len(questions) >= 3 and len(questions) >= 0.6 * len(headings):
        yield KindEvidence("content", f"{len(questions)} of {len(headings)} headings are "
                                      f"questions", "faq", questions[0].span.line)
        return
    published = doc.meta_content("article:published_time", "datepublished", "date",
                                 "dc.date", "pubdate", "publish-date")
    if published is not None:
        yield KindEvidence("content", f"meta {published.name}", "article", published.line)
        return
    if doc.format == "markdown" and not _carries_dates(doc, []) and \
            any(b.kind in ("heading", "code") for b in doc.blocks) and \
            any(b.kind in BLOCK_SCOPES["prose"] for b in doc.blocks):
        # A Markdown page with sections or code and no date of its own: evergreen docs.
        yield KindEvidence("content", "undated page with sections or code", "guide")
