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
class Edit:
    """Replace the text of `span` in the original file (end column exclusive) by `replacement`;
    an empty span inserts. Line breaks in `replacement` are written as "\n": the fixer writes
    the file's own line ending."""

    span: Span
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A machine-applicable repair of one finding: plain data, applied by engine/fixes.py.
    Whether it is safe to apply unasked is the catalogue's word (a rule's `fix` key); a check
    may mark one fix unsafe where it guesses (`unsafe=True`)."""

    description: str
    edits: tuple[Edit, ...]
    unsafe: bool = False


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of a check: where, what. The engine adds the path, rule and severity."""

    span: Span
    message: str
    help: str = ""  # defaults to the rule's own help text
    severity: str = ""  # defaults to the rule's configured severity
    fix: Fix | None = None
    suggestion: str = ""  # what to write instead, where there is no fix; defaults to the help


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
    # The machine-applicable edit, as plain data (fix_data()), or None; and what to write
    # instead when there is none. Both are in the JSON output.
    fix: dict | None = field(default=None, compare=False, hash=False)
    suggestion: str = field(default="", compare=False)

    # The keys of the JSON output, in order.
    FIELDS = ("path", "line", "column", "end_line", "end_column", "rule", "category",
              "severity", "message", "help")
    JSON_FIELDS = (*FIELDS, "fix", "suggestion")

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.JSON_FIELDS}

    def as_row(self) -> tuple:
        """Every field, source_line included, as plain data (JSON, marshal, pickle)."""
        return (*(getattr(self, name) for name in self.FIELDS), self.source_line, self.fix,
                self.suggestion)

    @classmethod
    def from_row(cls, row) -> Diagnostic:
        return cls(*row)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.message)


def fix_data(fix: Fix, safe: bool) -> dict:
    """`fix` as the plain data that diagnostics carry and JSON shows."""
    return {
        "applicability": "safe" if safe and not fix.unsafe else "unsafe",
        "description": fix.description,
        "edits": [{"line": e.span.line, "column": e.span.column,
                   "end_line": e.span.last_line,
                   "end_column": e.span.end_column if e.span.end_column is not None
                   else e.span.column,
                   "replacement": e.replacement} for e in fix.edits],
    }
