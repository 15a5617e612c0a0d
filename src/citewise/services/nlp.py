"""The shared NLP layer: one spaCy pipeline per process, built on first use.

Default: `spacy.blank("en")` + sentencizer (no model download needed). When config names a
trained pipeline (`nlp-model = "en_core_web_sm"`) it is loaded instead, for its sentence
boundaries and named entities. Only the prose that rules need is ever run through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


class ModelNotInstalled(Exception):
    """The configured model is not installed: a configuration error."""


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # character offsets in the text given
    end: int
    text: str


class Pipeline:
    def __init__(self, nlp, trained: bool):
        self.nlp = nlp
        self.trained = trained  # a trained model brings NER

    def doc(self, text: str):
        return self.nlp(text)

    def sentences(self, text: str) -> list[Sentence]:
        return [Sentence(s.start_char, s.end_char, s.text) for s in self.nlp(text).sents]


@lru_cache(maxsize=4)
def get_pipeline(model: str | None = None) -> Pipeline:
    import spacy

    if model:
        try:
            return Pipeline(spacy.load(model), trained=True)
        except OSError:
            raise ModelNotInstalled(
                f"nlp-model {model!r} is not installed; install it with "
                f"`pip install {model.replace('_', '-')}` or remove nlp-model from the config"
            ) from None
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return Pipeline(nlp, trained=False)
