"""What checks yield (Problem) and what the engine hands reporters (Diagnostic)."""

from __future__ import annotations

from dataclasses import dataclass, field

from citewise.model import Span

SEVERITIES = ("info", "warning", "error")  # in rising order

# The rules the engine reports itself (their catalogue files have no `check`).
UNREADABLE = "unreadable-file"
INTERNAL_ERROR = "internal-error"
UNUSED_SUPPRESSION = "unused-suppression"
FILE_LEVEL_RULES = (UNREADABLE, INTERNAL_ERROR)  # about the whole file, at line 1


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of a check: where, what. The engine adds the path, rule and severity."""

    span: Span
    message: str
    help: str = ""  # defaults to the rule's own help text
    severity: str = ""  # defaults to the rule's configured severity


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    category: str
    severity: str
    message: str
    help: str
    # The text of the source line at `line`, set by the engine for reporters that quote it (the
    # HTML report). Not part of the JSON output, but code that stores or ships diagnostics (the
    # cache, worker processes) must keep it: use as_row() / from_row().
    source_line: str | None = field(default=None, compare=False)

    # The keys of the JSON output, in order.
    FIELDS = ("path", "line", "column", "end_line", "end_column", "rule", "category",
              "severity", "message", "help")

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.FIELDS}

    def as_row(self) -> tuple:
        """Every field, source_line included, as plain data (JSON, pickle)."""
        return (*(getattr(self, name) for name in self.FIELDS), self.source_line)

    @classmethod
    def from_row(cls, row) -> Diagnostic:
        return cls(*row)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.message)
