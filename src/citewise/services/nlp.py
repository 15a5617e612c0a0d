"""The shared NLP layer: one spaCy pipeline per process, built on first use.

Default: `spacy.blank("en")` + citewise's sentence-boundary component + an EntityRuler (no model
download needed). When config names a trained pipeline (`nlp-model = "en_core_web_sm"`) it is
loaded instead, for its parser's sentence boundaries and its named entities.

spaCy is imported inside `get_pipeline` only, so a run whose rules never ask for the pipeline
never pays for it, and without its command line (`import_spacy`): spaCy's `__init__` imports
`spacy.cli` for `spacy.info` alone, which pulls in requests, httpx, typer, weasel and reads a YAML
file, about a third of spaCy's import time. Results are cached per text: the same block is tokenised once per
process however many rules ask for its sentences, entities or Doc.

Sentence boundaries (blank pipeline). spaCy's sentencizer ends a sentence at every "." token;
the `citewise_sentences` component ends one only at terminal punctuation followed by
whitespace and a word that can open a sentence, and reads abbreviation lists per language
from the catalogue's `_sentences.toml` ("Dr. Smith", "Fig. 3", "e.g. the", "etc. Our").
Decimals ("3.5%", "v1.2") and URLs ("example.com/a.b") are single tokens and never split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from citewise.parsers.textmap import CITATION_MARKER

BOUNDARY_COMPONENT = "citewise_sentences"
BOUNDARY_DATA = "_sentences.toml"
CACHE_SIZE = 4096  # texts (blocks) kept per process: ~a few hundred pages of prose
PIECE = 100_000  # characters a trained pipeline reads at once when a text is over max_length


class ModelNotInstalled(Exception):
    """The configured model is not installed: a configuration error."""


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # character offsets in the text given
    end: int
    text: str


class Entity(NamedTuple):
    """(start, end, label): a plain tuple with names."""

    start: int  # character offsets in the text given
    end: int
    label: str  # spaCy's NER labels (ORG, PERSON, DATE, CARDINAL...); NAME from the ruler


class Pipeline:
    """The process-wide pipeline. `trained` tells whether `entities` come from a trained NER."""

    def __init__(self, nlp, trained: bool):
        self.nlp = nlp
        self.trained = trained  # a trained model brings NER and a parser
        self.doc = lru_cache(maxsize=CACHE_SIZE)(self._doc)
        self.sentences = lru_cache(maxsize=CACHE_SIZE)(self._sentences)
        self.entities = lru_cache(maxsize=CACHE_SIZE)(self._entities)

    def _doc(self, text: str):
        """The spaCy Doc of `text` (cached: do not modify it)."""
        if len(text) <= self.nlp.max_length:
            return self.nlp(text)
        return _in_pieces(self.nlp, text, min(PIECE, self.nlp.max_length))

    def _sentences(self, text: str) -> list[Sentence]:
        """The sentences of `text`, with offsets; whitespace around them is left out."""
        found = []
        if self.trained:
            doc = self.doc(text)  # the parser's boundaries, and the Doc is cached for NER
        else:
            doc = _set_boundaries(self.nlp.make_doc(text))  # the EntityRuler is not needed
        for span in doc.sents:
            start, end = _trim(text, span.start_char, span.end_char)
            if start < end:
                found.append(Sentence(start, end, text[start:end]))
        return found

    def _entities(self, text: str) -> list[Entity]:
        """Named things in `text` as (start, end, label): the trained NER's entities, or the
        EntityRuler's patterns on the blank pipeline (DATE, PERCENT, MONEY, CARDINAL, and NAME
        for capitalised names and acronyms that do not open a sentence)."""
        return [Entity(e.start_char, e.end_char, e.label_) for e in self.doc(text).ents]


_MARKER_AT_START = re.compile(rf"\s*(?:{CITATION_MARKER.pattern}\s*)*")
_MARKER_AT_END = re.compile(rf"(?:\s*{CITATION_MARKER.pattern})+\s*$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence without the whitespace and the citation markers ("[12]", "[citation
    needed]") around it: a marker belongs to no sentence."""
    start = _MARKER_AT_START.match(text, start, end).end()
    tail = _MARKER_AT_END.search(text, start, end)
    if tail is not None:
        end = tail.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _in_pieces(nlp, text: str, size: int):
    """A text longer than spaCy's max_length (a trained parser and NER need ~1 GB per 100k
    characters): read in pieces cut after a line end or a space, and joined back into one Doc
    whose text, and so every offset, is the text's own."""
    from spacy.tokens import Doc

    pieces, start = [], 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start + size // 2:
                cut = max(cut, text.rfind(" ", start, end))
            if cut > start:
                end = cut + 1
        pieces.append(text[start:end])
        start = end
    return Doc.from_docs(list(nlp.pipe(pieces)), ensure_whitespace=False)


def get_pipeline(model: str | None = None) -> Pipeline:
    """The pipeline for `model` (None or "": the blank one), built once per process."""
    return _build_pipeline(model or None)


@lru_cache(maxsize=4)
def _build_pipeline(model: str | None) -> Pipeline:
    spacy = import_spacy()
    _register_boundary_component()
    if model:
        try:
            nlp = spacy.load(model)
        except OSError:
            raise ModelNotInstalled(model_missing_message(model)) from None
        return Pipeline(nlp, trained=True)
    nlp = spacy.blank("en")
    # spaCy refuses texts over 1M characters because a parser and NER need ~1 GB per 100k; this
    # pipeline has neither and grows linearly, so a 5 MB paragraph is read, not a crash.
    nlp.max_length = 1_000_000_000
    nlp.add_pipe(BOUNDARY_COMPONENT)
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(_ruler_patterns())
    return Pipeline(nlp, trained=False)


def import_spacy():
    """`import spacy`, with `spacy.cli` (imported by spaCy's `__init__` for `spacy.info` only)
    stood in for while spaCy loads, then removed, so that a later `import spacy.cli` loads the
    real one. `spacy.info` then imports the real command on its first call."""
    import sys

    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        import spacy

        return spacy
    import importlib.util
    import types

    found = importlib.util.find_spec("spacy")
    if found is None or not found.submodule_search_locations:
        import spacy  # not installed: the usual ImportError

        return spacy
    stand_ins = {"spacy.cli": types.ModuleType("spacy.cli"),
                 "spacy.cli.info": types.ModuleType("spacy.cli.info")}
    stand_ins["spacy.cli"].__path__ = [f"{found.submodule_search_locations[0]}/cli"]
    stand_ins["spacy.cli.info"].info = _spacy_info
    sys.modules.update(stand_ins)
    try:
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        if getattr(sys.modules.get("spacy"), "cli", None) is stand_ins["spacy.cli"]:
            del sys.modules["spacy"].cli
    return spacy


def _spacy_info(*args, **kwargs):
    """`spacy.info` as spaCy defines it, imported when called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def model_missing_message(model: str) -> str:
    return (f"nlp-model {model!r} is not installed: install it with "
            f"`python -m spacy download {model}` (or `pip install` the package that provides "
            f"it), or remove nlp-model from the configuration")


# -- sentence boundaries ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def boundary_data() -> dict[str, dict[str, frozenset[str]]]:
    """`_sentences.toml`: {table: {language: words}}, merged over every language listed, as the
    blank pipeline serves pages of every language."""
    from citewise.data import table

    raw = table(BOUNDARY_DATA)
    return {table: frozenset(word for words in by_language.values() for word in words)
            for table, by_language in raw.items()}


def _abbreviation(doc, i: int) -> str | None:
    """The word a period at token i ends, lower-cased without its final period, when the
    period belongs to that word ("Dr." tokenised as "Dr" "." or as "Dr."); else None."""
    token = doc[i]
    if token.text == ".":
        if i == 0 or doc[i - 1].whitespace_ or not doc[i - 1].text[-1:].isalpha():
            return None
        return doc[i - 1].text.lower()
    if len(token.text) > 1 and token.text.endswith(".") and token.text[-2].isalpha():
        return token.text[:-1].lower()
    return None


def _ends_sentence(doc, i: int, nxt, data) -> bool:
    """Whether the sentence ends at token i, given the next word `nxt`."""
    first = nxt.text[:1]
    if first.islower():
        return False  # "e.g. the", "3.5 it", "?" she asked
    token = doc[i]
    if not token.text.endswith("."):
        return True  # ! ? … end a sentence before anything that is not lower-case
    word = _abbreviation(doc, i)
    if word is None:
        return True
    original = doc[i - 1].text if token.text == "." else token.text
    if len(word) == 1 and original[:1].isupper():
        return False  # an initial: "J. R. R. Tolkien", "z. B."
    if word in data["never-final"]:
        return False
    if word in data["before-number"]:
        return not first.isdigit()
    if word in data["final-before-capital"]:
        return first.isupper()
    if word in data["final-before-opener"]:
        return nxt.text.lower() in data["openers"]
    return True


def _set_boundaries(doc):
    """Mark sentence starts. Only the few places where terminal punctuation is followed by
    whitespace are examined; every other token is marked as not starting a sentence."""
    import bisect

    import numpy
    from spacy.attrs import IDX, SENT_START

    count = len(doc)
    if not count:
        return doc
    data = boundary_data()
    offsets = doc.to_array([IDX]).tolist()
    starts = numpy.full((count, 1), -1, dtype="int64")
    starts[0] = 1
    for match in _CANDIDATE.finditer(doc.text):
        i = bisect.bisect_right(offsets, match.end(1) - 1) - 1  # the token holding the period
        j = bisect.bisect_left(offsets, match.end())  # the first token after the whitespace
        if 0 <= i < j < count and offsets[j] == match.end() and _ends_sentence(doc, i, doc[j],
                                                                                 data):
            starts[j] = 1
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


# Terminal punctuation, closing quotes or brackets, then whitespace before a word: the only
# places a sentence can end. "example.com/a.b", "3.5" and "v1.2" have no whitespace after the
# period and never split. Citation markers may stand between the punctuation and the space
# ("grew.[12] The next"): a sentence never runs across one into the next.
_CANDIDATE = re.compile(
    rf"([.!?…]+)[\"'”’)\]»›]*(?:{CITATION_MARKER.pattern})*\s+(?=\S)")


def _register_boundary_component() -> None:
    from spacy.language import Language

    if not Language.has_factory(BOUNDARY_COMPONENT):
        Language.component(BOUNDARY_COMPONENT)(_set_boundaries)


def certain_breaks(text: str) -> list[int]:
    """Offsets where the blank pipeline's sentences certainly start, found without spaCy:
    "!" or "?" before a capital, or "." after a plain lower-case word that is no abbreviation
    in `_sentences.toml` ("...in the cloud. Backups"). The pipeline splits there and maybe
    elsewhere too, so the pieces between these offsets are each one or more whole sentences:
    a rule can skip a block whose pieces are all short without splitting it for real."""
    data = boundary_data()
    breaks = []
    for match in _CERTAIN.finditer(text):
        word = match.group("word")
        if word is not None:
            lowered = word.lower()
            if not word.islower() or any(lowered in data[table] for table in _ABBREVIATIONS):
                continue
        breaks.append(match.end())
    return breaks


_ABBREVIATIONS = ("never-final", "before-number", "final-before-capital", "final-before-opener")
_CERTAIN = re.compile(
    r"(?:(?<![\w.])(?P<word>[a-z]{2,})\.|[!?]+)[\"'”’)\]»›]*\s+(?=[\"'“‘(\[«‹]*[A-Z])"
)


# -- entity ruler (blank pipeline) ------------------------------------------------------------

_MONTHS = ("january february march april may june july august september october november "
           "december jan feb mar apr jun jul aug sep sept oct nov dec").split()
_NAME_TOKEN = {"TEXT": {"REGEX": r"^(?:[A-Z][\w’'&.-]*|[a-z]+[A-Z][\w-]*)$"}, "IS_STOP": False}


def _ruler_patterns() -> list[dict]:
    year = {"TEXT": {"REGEX": r"^(?:1[89]|20)\d\d$"}}
    day = {"TEXT": {"REGEX": r"^\d{1,2}(?:st|nd|rd|th)?$"}}
    month = {"LOWER": {"IN": _MONTHS}}
    number = {"TEXT": {"REGEX": r"\d"}}
    return [
        {"label": "DATE", "pattern": [{"TEXT": {"REGEX": r"^\d{4}-\d\d(?:-\d\d)?$"}}]},
        {"label": "DATE", "pattern": [month, day, {"TEXT": ",", "OP": "?"}, year]},
        {"label": "DATE", "pattern": [day, month, year]},
        {"label": "DATE", "pattern": [month, year]},
        {"label": "DATE", "pattern": [month, day]},
        {"label": "DATE", "pattern": [day, month]},
        {"label": "DATE", "pattern": [year]},
        {"label": "PERCENT", "pattern": [number, {"LOWER": {"IN": ["%", "percent", "per"]}},
                                         {"LOWER": "cent", "OP": "?"}]},
        {"label": "MONEY", "pattern": [{"IS_CURRENCY": True}, number]},
        {"label": "CARDINAL", "pattern": [number]},
        # A name: capitalised words inside a sentence ("serves Acme Corp"), two or more
        # capitalised words anywhere ("Acme CRM serves"), mixed-case words ("GitHub", "iOS").
        {"label": "NAME", "pattern": [dict(_NAME_TOKEN, IS_SENT_START=False),
                                      dict(_NAME_TOKEN, OP="*")]},
        {"label": "NAME", "pattern": [_NAME_TOKEN, dict(_NAME_TOKEN, OP="+")]},
        {"label": "NAME", "pattern": [{"TEXT": {"REGEX": r"^(?:[a-z]+[A-Z]|[A-Z]{2,})\w*$"}}]},
    ]
