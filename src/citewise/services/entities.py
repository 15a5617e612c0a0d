"""The entities layer: who and what a page is about, who wrote it and who publishes it.

`page_entities(doc, context)` (reached through `context.entities(doc)`) gathers, once per
document:

- `known`: every entity the page may be about: the config's `entities`, the names (`name`,
  `alternateName`) of the Organization, Person, Product, SoftwareApplication, Brand... objects
  of its JSON-LD (top level, `@graph`, `publisher`, `brand`, `about`, `mainEntity`...; not its
  `author`, `creator` or `editor`, nor objects also typed as an Article), and, when config
  names a trained spaCy model, the ORG / PRODUCT / PERSON entities NER finds in the subject
  line. spaCy is never imported otherwise.
- `primary`: the known entity that the page's subject line (the H1, else the title without its
  site-name suffix) names, earliest in the line first: the page says it is about it.
- `publishers`: the page's own voice: config entities, then the JSON-LD publisher
  Organizations and the site Organizations of the top level or `@graph`.
- `nodes`: the page's JSON-LD objects, from the structured-data layer
  (`citewise.services.schema_graph.page_nodes`: each knows its parent, the key that holds it
  and where its keys are written, `node.span("@type")`).

Title patterns ("Announcing Rust 1.88.0"), byline words and first-person words are per-language
options of the entity rules in the catalogue, not data of this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from citewise.model import Document
from citewise.services.schema_graph import Node, page_nodes
from citewise.services.text import word_count

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
# The separators between a page title and its site name: "Title | Site", "Title - Site".
_TITLE_SUFFIX = re.compile(r"\s+(?:[|·•»:]{1,2}|[-–—])\s+")

PERSON_TYPES = frozenset({"Person", "Patient"})
ORGANIZATION_TYPES = frozenset({
    "Organization", "Corporation", "NGO", "Airline", "Consortium", "LocalBusiness",
    "OnlineBusiness", "OnlineStore", "Store", "Library", "Project", "ResearchProject",
    "FundingScheme", "SportsTeam", "MusicGroup", "PerformingGroup", "TheaterGroup",
    "DanceGroup", "CollegeOrUniversity", "School", "Hospital", "Restaurant",
})
THING_TYPES = frozenset({
    "Product", "ProductGroup", "ProductModel", "IndividualProduct", "SomeProducts", "Vehicle",
    "SoftwareApplication", "WebApplication", "MobileApplication", "VideoGame", "Brand",
    "Service", "FinancialProduct", "BankAccount", "CreditCard", "LoanOrCredit",
})
# Where the page itself is the thing: its `publisher`, and the pieces that describe it.
WORK_SUFFIXES = ("Article", "Page", "Posting")
WORK_TYPES = frozenset({
    "WebSite", "Blog", "Report", "HowTo", "Recipe", "Review", "CreativeWork", "Guide",
    "Course", "Book", "Chapter", "ScholarlyArticle", "Dataset", "VideoObject", "PodcastEpisode",
})
# Who made or vouches for the page is not what it is about ("Life Is a Highway – By Jane Doe").
_NOT_SUBJECTS = frozenset({
    "author", "creator", "editor", "contributor", "reviewedBy", "translator", "copyrightHolder",
    "accountablePerson", "funder", "sponsor", "isPartOf", "sourceOrganization",
})
NER_LABELS = frozenset({"ORG", "PRODUCT", "PERSON"})
_JS_NAME = re.compile(r"([A-Z][A-Za-z]{2,})\.(?:js|ts)")
_SENTENCE_ENDS = (".", "!", "?", "…", "。", "！", "？")
_LABEL_LINE = re.compile(r"\s*[^\W\d_][\w'’-]*(?:\s+[\w'’-]+){0,2}:\s")
_SENTENCE_END = re.compile(r"[.!?…:;。！？]['\"”’)\]»]*\s*$")


def is_organization(types) -> bool:
    return any(t in ORGANIZATION_TYPES or t.endswith("Organization") for t in types)


def is_person(types) -> bool:
    return any(t in PERSON_TYPES for t in types)


def is_work(types) -> bool:
    return any(t in WORK_TYPES or t.endswith(WORK_SUFFIXES) for t in types)


def is_entity(types) -> bool:
    return is_organization(types) or is_person(types) or any(t in THING_TYPES for t in types)


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    aliases: tuple[str, ...] = ()  # alternateName, and a config entity's other spellings
    kind: str = ""  # schema.org type or NER label
    source: str = ""  # "config" | "jsonld" | "ner"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(slots=True)
class PageEntities:
    subject: str = ""  # the page's subject line: the H1, else the title without the site name
    subject_line: int = 0
    known: list[Entity] = field(default_factory=list)
    primary: Entity | None = None
    publishers: list[Entity] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)  # all JSON-LD objects, schema_graph's


def page_entities(doc: Document, context) -> PageEntities:
    """The page's entities. Checks ask `context.entities(doc)`, which computes them once per
    document."""
    found = PageEntities()
    found.subject, found.subject_line = subject_line(doc)
    found.nodes = page_nodes(doc)
    config = [Entity(name, short_names(name), "config", "config")
              for name in context.entity_names if name.strip()]
    makers = _referenced_ids(found.nodes, _NOT_SUBJECTS)  # Yoast's {"author": {"@id": ...}}
    declared = [_entity(node) for node in found.nodes if is_entity(types := node.schema_types)
                and not is_work(types) and node.key not in _NOT_SUBJECTS
                and node.id not in makers and not node.is_reference]
    declared += [_named(value, role) for node in found.nodes for role in ("publisher", "brand")
                 if isinstance(value := node.data.get(role), str)]
    found.known = _unique(config + [e for e in declared if e is not None])
    found.known += _ner_entities(found.subject, context)
    found.primary = _named_in(found.subject, found.known)
    site = [_entity(node) for node in found.nodes if is_organization(node.schema_types)
            and not node.is_reference and (node.top_level or (
                node.key == "publisher" and is_work(node.parent.schema_types)))]
    site += [_named(node.data.get("publisher"), "publisher") for node in found.nodes
             if is_work(node.schema_types)]
    found.publishers = _unique(config + [e for e in site if e is not None])
    return found


def _referenced_ids(nodes: list[Node], keys) -> set[str]:
    """The `@id`s that the given keys of any node point to."""
    found = set()
    for node in nodes:
        for key in keys:
            value = node.data.get(key)
            for ref in value if isinstance(value, list) else [value]:
                if isinstance(ref, dict) and isinstance(ref.get("@id"), str):
                    found.add(ref["@id"])
    return found


def subject_line(doc: Document) -> tuple[str, int]:
    """The line that says what the page is about: its H1, else its title less a site suffix.
    An H1 that is the site's name (a banner: "Übermedien" above an article whose <title> is
    "Gute Tabus, schlechte Tabus | Übermedien") is not the subject line."""
    h1 = doc.h1
    title = " ".join(doc.title.split())
    parts = _TITLE_SUFFIX.split(title) if doc.format == "html" else [title]
    if h1 is not None and h1.text.strip():
        line = " ".join(h1.text.split())
        if not _site_name(doc, line, parts):
            return line, h1.span.line
    if len(parts) > 1 and parts[0]:
        title = parts[0]
    return title, doc.title_line


def _site_name(doc: Document, line: str, title_parts: list[str]) -> bool:
    """Whether `line` is the site's name: og:site_name / application-name, or the site part of
    a "Headline | Site" title whose headline is something else."""
    key = line.casefold()
    tag = doc.meta_content("og:site_name", "application-name")
    if tag is not None and tag.content.strip().casefold() == key:
        return True
    return len(title_parts) > 1 and title_parts[0].casefold() != key and any(
        part.strip().casefold() == key for part in title_parts[1:])


def short_names(name: str) -> tuple[str, ...]:
    """What a name is also called: "Node" for "Node.js", "Vue" for "Vue.js"."""
    short = _JS_NAME.fullmatch(name.strip())
    return (short.group(1),) if short else ()


def names(text: str, entity: Entity) -> str:
    """The first of the entity's names that `text` contains, as written in `text`, or ""."""
    found = [match for name in entity.names if (match := name_match(text, name))]
    return min(found, key=lambda m: m.start()).group(0) if found else ""


def name_match(text: str, name: str) -> re.Match | None:
    """`name` in `text`: case-insensitive, whole words (so "Acme's" names Acme, "Acmes" does
    not), any run of spaces for a space, straight or curly apostrophes alike."""
    name = " ".join(name.translate(_APOSTROPHES).split())
    if not name:
        return None
    pattern = r"\s+".join(re.escape(part) for part in name.split(" "))
    return re.search(rf"(?<!\w){pattern}(?!\w)", text.translate(_APOSTROPHES), re.I)


def opening_paragraph(doc: Document, min_words: int):
    """The page's opening paragraph: the first paragraph of at least `min_words` words that
    ends like a sentence, under the H1 (from the top when there is none) and above the first
    section heading. Shorter lines and lines without a full stop are bylines, dates, captions
    and labels; a heading that ends like a sentence is a subtitle, not a section. None when
    the page opens with a section, a list or a table. A line that opens with a short label and a
    colon ("Last update: April 13, 2026 - see update log.", "Note: ...") is a date line or an
    aside, not the opening."""
    for block in doc.blocks[opening_start(doc):]:
        if block.kind == "heading":
            if block.text.rstrip().endswith(_SENTENCE_ENDS):
                continue
            return None
        if block.kind == "paragraph" and word_count(block.text) >= min_words \
                and _SENTENCE_END.search(block.text) and not _LABEL_LINE.match(block.text):
            return block
    return None


def opening_start(doc: Document) -> int:
    """The index of the first block after the H1 (0 when there is none)."""
    h1 = doc.h1
    return doc.blocks.index(h1) + 1 if h1 is not None else 0


def text_of(value: Any) -> str:
    """A JSON-LD value as one line of text: a string, or the first string of a list."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    if isinstance(value, dict):
        value = value.get("@value", "")
    return " ".join(value.split()) if isinstance(value, str) else ""


def _aliases(value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    return tuple(text for v in values if (text := text_of(v)))


def _entity(node: Node) -> Entity | None:
    name = text_of(node.data.get("name"))
    if not _usable(name):
        return None
    aliases = tuple(a for a in _aliases(node.data.get("alternateName")) if _usable(a))
    return Entity(name, aliases, node.schema_types[0], "jsonld")


def _named(value: Any, role: str) -> Entity | None:
    """An entity given by a bare name: `"publisher": "Acme"`, `"brand": "Acme"`."""
    name = text_of(value) if isinstance(value, str) else ""
    return Entity(name, (), role, "jsonld") if _usable(name) else None


def _usable(name: str) -> bool:
    """A name a page could write out: not a URL, not a sentence."""
    return bool(name) and "://" not in name and not name.startswith("@") and len(name) <= 80 \
        and word_count(name) <= 8


def _unique(entities: list[Entity]) -> list[Entity]:
    seen: dict[str, Entity] = {}
    for entity in entities:
        key = entity.name.translate(_APOSTROPHES).casefold()
        if key not in seen:
            seen[key] = entity
        else:
            first = seen[key]
            extra = tuple(a for a in entity.aliases if a not in first.aliases)
            if extra:
                seen[key] = Entity(first.name, first.aliases + extra, first.kind, first.source)
    return list(seen.values())


def _named_in(line: str, entities: list[Entity]) -> Entity | None:
    """The entity `line` names earliest (the longest name on a tie)."""
    best: tuple[int, int] | None = None
    chosen = None
    for entity in entities:
        for name in entity.names:
            match = name_match(line, name)
            if match and (best is None or (match.start(), -len(name)) < best):
                best, chosen = (match.start(), -len(name)), entity
    return chosen


def _ner_entities(line: str, context) -> list[Entity]:
    """Names a trained NER model finds in the subject line. No model configured, no spaCy."""
    if not line or not context.nlp_model:
        return []
    pipeline = context.nlp()
    if not pipeline.trained:
        return []
    return [Entity(line[start:end], (), label, "ner")
            for start, end, label in pipeline.entities(line) if label in NER_LABELS]
