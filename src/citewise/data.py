"""The package's data files: the rule catalogue and the tables beside it (`_dates.toml`,
`_sentences.toml`, `_score.toml`).

A leaf module: it imports nothing of citewise, so that the parsers and services below the
engine can read their data without importing the engine. A wheel carries the catalogue inside
the package (`citewise/rules/`, found with importlib.resources); an editable install reads
the repository's `rules/`.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path


@cache
def catalogue_dir() -> Path:
    installed = Path(str(resources.files(__package__) / "rules"))
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent.parent / "rules"


@cache
def table(name: str) -> dict:
    """A data file of the catalogue (`_dates.toml`), parsed once per process."""
    with (catalogue_dir() / name).open("rb") as handle:
        return tomllib.load(handle)
