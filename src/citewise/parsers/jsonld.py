"""A JSON-LD block's text into data, or into a precise diagnosis located in the original file.

When a block does not parse, `repair` says what is wrong in words a person can act on (trailing
comma, JavaScript or HTML comment, CDATA wrapper, HTML entities, raw line breaks in strings,
several values in a row, single quotes...) and repairs it step by step, as browsers' lenient
consumers do, so that the other schema rules can still read the data. The block keeps the first
problem as `error` / `error_span`; `data` is the repaired data, or None when nothing could be
recovered. Nothing here fetches anything: `@context` stays a plain value.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from citewise.model import LineIndex, Span, StructuredData

_MAX_REPAIRS = 200
MAX_DEPTH = 100
_CDATA_OPEN = re.compile(r"(?://|/\*)?[ \t]*<!\[CDATA\[(?:[ \t]*\*/)?")
_CDATA_CLOSE = re.compile(r"(?://|/\*)?[ \t]*\]\]>(?:[ \t]*\*/)?")
_ENTITY = re.compile(r"&\s*#\s*([0-9]+)\s*;|&\s*#\s*[xX]\s*([0-9a-fA-F]+)\s*;|&(quot|amp|lt|gt|apos);")
_NAME = re.compile(r"[A-Za-z_$@][\w$@.\-]*")
_LITERALS = {"undefined": "null", "None": "null", "True": "true", "False": "false"}
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00a0"
_CONTROL_NAMES = {"\n": "line break", "\r": "carriage return", "\t": "tab"}
_CLOSERS = {"}": "}", "]": "]"}


@dataclass(frozen=True, slots=True)
class Issue:
    message: str
    offset: int  # in the block's raw text


@dataclass(slots=True)
class _Fix:
    message: str
    offset: int  # in the text being repaired
    edits: list[tuple[int, int, str]] | None = None  # (start, end, replacement); None: stop
    data: object = None  # what could be read when there is nothing more to repair
    recovered: bool = False
    lenient: bool = False  # parse the rest with strict=False (control characters)
    kind: str = ""  # the function that diagnosed it


def _parse_int(digits: str) -> int | str:
    """A JSON integer; one too long for Python's int conversion (4,300 digits) stays its digits,
    as a string: no schema.org value needs it as a number."""
    return int(digits) if len(digits) <= 4000 else digits


def _loads(text: str, strict: bool = True):
    return json.loads(text, strict=strict, parse_int=_parse_int)


def parse_jsonld(raw: str, content_offset: int, index: LineIndex) -> StructuredData:
    """Parse `raw`, which starts at `content_offset` of the file that `index` describes."""
    # Positions are counted in `raw` from where it starts: lxml hands over script text with
    # CRLF turned into LF, so offsets past the start may not match the file's.
    start = index.position(content_offset)
    lead = len(raw) - len(raw.lstrip())
    line, column = _raw_position(raw, start, lead)
    end_line, end_column = _raw_position(raw, start, max(len(raw.rstrip()) - 1, lead))
    item = StructuredData("json-ld", Span(line, column, end_line, end_column + 1), raw,
                          content_offset=content_offset)
    try:
        item.data = _loads(raw)
        return _depth_capped(item)
    except (ValueError, RecursionError):
        pass
    issues, data, recovered = repair(raw)
    first_issue = issues[0]
    item.error_span = Span(*_raw_position(raw, start, first_issue.offset))
    item.error = first_issue.message
    others = _distinct(issues[1:], first_issue.message)
    if others:
        item.error += "; also " + ", ".join(
            f"{issue.message} (line {_raw_position(raw, start, issue.offset)[0]})"
            for issue in others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
    if recovered:
        item.data = data
    return _depth_capped(item)


def _depth_capped(item: StructuredData) -> StructuredData:
    """No data nested deeper than MAX_DEPTH: checks may walk it recursively. Real JSON-LD nests
    fewer than 20 levels."""
    stack = [(item.data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value \
            if isinstance(value, list) else ()
        if children and depth > MAX_DEPTH:
            item.data = None
            item.error = f"nested more than {MAX_DEPTH} levels deep"
            item.error_span = item.error_span or item.span
            return item
        stack.extend((child, depth + 1) for child in children)
    return item


def repair(raw: str) -> tuple[list[Issue], object, bool]:
    """What is wrong with `raw` (at least one issue), the data read leniently, and whether
    that data is complete enough to check."""
    issues, data, recovered, _text, _kinds = _repair(raw)
    return issues, data, recovered


# The repairs that keep the author's data exactly: a fix made only of these is safe to apply.
_SAFE_REPAIRS = frozenset({"_wrapper", "_comment", "_trailing_comma", "_control", "_entity"})


def repaired_text(raw: str) -> tuple[str, bool] | None:
    """`raw` rewritten as valid JSON with the least change, and whether every repair was one
    that keeps the data exactly (wrappers, comments, trailing commas, control characters,
    entities); None when the block cannot be repaired as text."""
    issues, _data, recovered, text, kinds = _repair(raw)
    if not recovered or None in kinds:
        return None
    if "_control" in kinds:
        text = _escape_controls(text)
    text = _tidy(raw, text)
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return None
    return text, kinds <= _SAFE_REPAIRS


def _escape_controls(text: str) -> str:
    """Control characters inside strings written as JSON escapes."""
    return _STRING.sub(lambda m: _CONTROL.sub(lambda c: json.dumps(c.group(0))[1:-1],
                                              m.group(0)), text)


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_CONTROL = re.compile(r"[\x00-\x1f]")


def _tidy(raw: str, text: str) -> str:
    """Repairs blank out what they remove (offsets stay put): drop the blanks they left at
    line ends, and lines that only held what was removed."""
    kept_lines = set(raw.split("\n"))
    lines = []
    for line in text.split("\n"):
        if line in kept_lines:
            lines.append(line)
        elif line.strip():
            lines.append(line.rstrip())
    return "\n".join(lines)


def _repair(raw: str) -> tuple[list[Issue], object, bool, str, set]:
    text, edits, issues, kinds = raw, _Edits(), [], set()
    strict = True
    for _ in range(_MAX_REPAIRS):
        if not text.strip():
            issues.append(Issue("the block is empty" if not issues else
                                "nothing is left once the wrapper is removed", 0))
            return issues, None, False, text, kinds
        try:
            data = _loads(text, strict=strict)
        except json.JSONDecodeError as error:
            fix = _diagnose(text, error)
        except RecursionError:  # where the block starts, as for any data nested too deep
            lead = edits.original(len(text) - len(text.lstrip()))
            issues.append(Issue(f"nested more than {MAX_DEPTH} levels deep", lead))
            return issues, None, False, text, kinds
        else:
            if not issues:  # parses as it is (cannot happen for a block json.loads refused)
                return [Issue("does not parse", 0)], data, True, text, kinds
            return issues, data, True, text, kinds
        issues.append(Issue(fix.message, edits.original(fix.offset)))
        kinds.add(fix.kind if fix.edits is not None else None)
        if fix.edits is None:
            return issues, fix.data, fix.recovered, text, kinds
        strict = strict and not fix.lenient
        for start, end, replacement in sorted(fix.edits, reverse=True):
            text = edits.apply(text, start, end, replacement)
    issues.append(Issue("too many problems to repair", 0))
    return issues, None, False, text, kinds


def locate(item: StructuredData, offset: int, end: int | None = None) -> Span:
    """The span in the file of item.raw[offset:end] (a JSON-LD block's own text)."""
    line, column = _position(item, offset)
    if end is None or end <= offset:
        return Span(line, column, line, column)
    end_line, end_column = _position(item, end - 1)
    return Span(line, column, end_line, end_column + 1)


def string_at(item: StructuredData, offset: int) -> tuple[str, Span] | None:
    """The JSON string written at item.raw[offset] (a key, or a value) and its span in the
    file; None when there is none there."""
    match = _STRING.match(item.raw, offset)
    if match is None:
        return None
    try:
        return json.loads(match.group()), locate(item, match.start(), match.end())
    except ValueError:
        return None


def value_strings(item: StructuredData, key_offset: int) -> list[tuple[str, Span]]:
    """The strings of the value of the key written at item.raw[key_offset] (`"key": "a"` or
    `"key": ["a", "b"]`), each with its span in the file; [] for any other value."""
    raw = item.raw
    colon = re.compile(r'"(?:[^"\\]|\\.)*"\s*:\s*', re.S).match(raw, key_offset)
    if colon is None:
        return []
    position = colon.end()
    if raw.startswith('"', position):
        found = string_at(item, position)
        return [found] if found else []
    if not raw.startswith("[", position):
        return []
    strings = []
    separator = re.compile(r"\s*(,|\])\s*")
    position = re.compile(r"\[\s*").match(raw, position).end()
    while True:
        found = string_at(item, position)
        if found is None:
            return []
        strings.append(found)
        position = _STRING.match(raw, position).end()
        after = separator.match(raw, position)
        if after is None:
            return []
        if after.group(1) == "]":
            return strings
        position = after.end()


def find_key(raw: str, key: str, start: int = 0, end: int | None = None) -> re.Match | None:
    """The first `"key":` in raw[start:end] (also written with \\u escapes for `@`)."""
    return _key_pattern(key).search(raw, start, len(raw) if end is None else end)


_KEY_PATTERNS: dict[str, re.Pattern] = {}


def _key_pattern(key: str) -> re.Pattern:
    pattern = _KEY_PATTERNS.get(key)
    if pattern is None:
        written = re.escape(json.dumps(key)[1:-1])
        if key.startswith("@"):
            written = r"(?:@|\\u0040)" + re.escape(json.dumps(key[1:])[1:-1])
        pattern = _KEY_PATTERNS[key] = re.compile(r'(?<!\\)"' + written + r'"\s*:')
    return pattern


def _position(item: StructuredData, offset: int) -> tuple[int, int]:
    raw = item.raw
    lead = len(raw) - len(raw.lstrip())
    return _raw_position(raw, (item.span.line, item.span.column), max(offset, lead), lead)


def _raw_position(raw: str, start: tuple[int, int], offset: int, base: int = 0) -> tuple[int, int]:
    """Line and column of raw[offset], given that raw[base] is at `start` in the file."""
    offset = min(max(offset, base), len(raw))
    newlines = raw.count("\n", base, offset)
    if not newlines:
        return start[0], start[1] + offset - base
    return start[0] + newlines, offset - raw.rfind("\n", base, offset)


class _Edits:
    """Maps offsets in the repaired text back to the raw text."""

    def __init__(self):
        self.done: list[tuple[int, int, int]] = []  # (start, removed length, inserted length)

    def apply(self, text: str, start: int, end: int, replacement: str) -> str:
        self.done.append((start, end - start, len(replacement)))
        return text[:start] + replacement + text[end:]

    def original(self, offset: int) -> int:
        for start, removed, inserted in reversed(self.done):
            if offset >= start + inserted:
                offset += removed - inserted
            elif offset > start:
                offset = start
        return offset


def _distinct(issues: list[Issue], first: str) -> list[Issue]:
    seen, kept = {first}, []
    for issue in issues:
        if issue.message not in seen:
            seen.add(issue.message)
            kept.append(issue)
    return kept


def _snippet(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _diagnose(text: str, error: json.JSONDecodeError) -> _Fix:
    """Say what is wrong at the parser's error position, and how to repair it."""
    pos, reason = error.pos, error.msg
    rest = text[pos:]
    for diagnose in (_wrapper, _comment, _trailing_comma, _control, _entity, _extra_data,
                     _quote_or_name, _missing_comma):
        fix = diagnose(text, pos, reason, rest)
        if fix is not None:
            fix.kind = diagnose.__name__
            return fix
    if reason == "Expecting value" and not text[:pos].strip() and rest[:1].isalpha():
        return _Fix(f"not JSON: the block starts with text \"{_snippet(rest)}\"", pos)
    if reason.startswith("Unterminated string"):
        return _Fix("unterminated string (no closing \")", pos)
    shown = f" at \"{_snippet(rest, 20)}\"" if rest.strip() else " at the end of the block"
    return _Fix(f"{reason}{shown}", pos)


def _wrapper(text, pos, reason, rest) -> _Fix | None:
    match = _CDATA_OPEN.match(text, pos)
    if match:
        edits = [(match.start(), match.end(), " " * (match.end() - match.start()))]
        closing = list(_CDATA_CLOSE.finditer(text, match.end()))
        if closing:
            last = closing[-1]
            edits.append((last.start(), last.end(), " " * (last.end() - last.start())))
        return _Fix("CDATA wrapper <![CDATA[ … ]]> around the JSON (not needed in HTML; JSON "
                    "parsers reject it)", pos, edits)
    match = _CDATA_CLOSE.match(text, pos)
    if match:
        return _Fix("stray CDATA end ]]>", pos, [(match.start(), match.end(), "")])
    if rest.startswith("<!--"):
        close = text.find("-->", pos + 4)
        if close == -1:
            return _Fix("HTML comment <!-- without -->", pos, [(pos, pos + 4, "")])
        inside = text[pos + 4 : close]
        if not text[close + 3 :].strip() and ("{" in inside or "[" in inside):
            return _Fix("HTML comment markers <!-- … --> around the JSON", pos,
                        [(pos, pos + 4, "    "), (close, close + 3, "   ")])
        return _Fix(f"HTML comment \"<!-- {_snippet(inside, 24)} -->\" (JSON has no comments)",
                    pos, [(pos, close + 3, "")])
    if rest.startswith("-->"):
        return _Fix("stray HTML comment end -->", pos, [(pos, pos + 3, "")])
    if rest[:1] and rest[0] in _INVISIBLE:
        return _Fix(f"invisible character U+{ord(rest[0]):04X} where JSON expects a value",
                    pos, [(pos, pos + 1, " ")])
    return None


def _comment(text, pos, reason, rest) -> _Fix | None:
    if rest.startswith("//"):
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        return _Fix(f"JavaScript comment \"{_snippet(text[pos:end])}\" (JSON has no comments)",
                    pos, [(pos, end, "")])
    if rest.startswith("/*"):
        end = text.find("*/", pos + 2)
        end = len(text) if end == -1 else end + 2
        return _Fix(f"JavaScript comment \"{_snippet(text[pos:end])}\" (JSON has no comments)",
                    pos, [(pos, end, "")])
    return None


def _trailing_comma(text, pos, reason, rest) -> _Fix | None:
    if not rest[:1] or rest[0] not in _CLOSERS:
        return None
    before = text[:pos].rstrip()
    if not before.endswith(","):
        return None
    comma = len(before) - 1
    return _Fix(f"trailing comma before {rest[0]}", comma, [(comma, comma + 1, " ")])


def _control(text, pos, reason, rest) -> _Fix | None:
    if not reason.startswith("Invalid control character"):
        return None
    char = text[pos]
    if '"' not in text[pos:]:  # a string that runs to the end: the quote is missing, not "\n"
        return _Fix("unterminated string (no closing \")", text.rfind('"', 0, pos))
    name = _CONTROL_NAMES.get(char, f"control character U+{ord(char):04X}")
    escape = json.dumps(char)[1:-1]
    return _Fix(f"unescaped {name} inside a string (write it as {escape})", pos, [], lenient=True)


def _entity(text, pos, reason, rest) -> _Fix | None:
    match = _ENTITY.match(text, pos)
    if match is None:
        return None
    written = match.group(0)
    mangled = " " in written
    edits = [(m.start(), m.end(), _decode_entity(m)) for m in _ENTITY.finditer(text)]
    kind = "mangled HTML entity" if mangled else "HTML entity"
    return _Fix(f"{kind} \"{written}\" where JSON needs {_decode_entity(match)!r}: the block "
                f"was HTML-escaped", pos, edits)


def _decode_entity(match: re.Match) -> str:
    if match.group(1):
        return chr(int(match.group(1)))
    if match.group(2):
        return chr(int(match.group(2), 16))
    return html.unescape(f"&{match.group(3)};")


def _extra_data(text, pos, reason, rest) -> _Fix | None:
    if reason != "Extra data":
        return None
    if rest.startswith(";"):
        return _Fix("semicolon after the JSON (JavaScript, not JSON)", pos, [(pos, pos + 1, " ")])
    decoder = json.JSONDecoder(strict=False, parse_int=_parse_int)
    if rest[:1] in ("{", "["):
        values, index = [], 0
        while index < len(text):
            while index < len(text) and (text[index].isspace() or text[index] in ",;"):
                index += 1
            if index >= len(text):
                break
            try:
                value, index = decoder.raw_decode(text, index)
            except json.JSONDecodeError:
                break
            values.extend(value if isinstance(value, list) else [value])
        return _Fix("several JSON values in a row: put them in one array [ … ] or an @graph",
                    pos, None, values, recovered=True)
    first, _ = decoder.raw_decode(text, len(text) - len(text.lstrip()))
    return _Fix(f"unexpected text after the JSON: \"{_snippet(rest)}\"", pos, None, first,
                recovered=True)


def _quote_or_name(text, pos, reason, rest) -> _Fix | None:
    if rest.startswith("'") and reason.startswith(("Expecting value", "Expecting property name")):
        end = pos + 1
        while end < len(text) and text[end] != "'":
            end += 2 if text[end] == "\\" else 1
        if end >= len(text):
            return _Fix("single-quoted string: JSON needs double quotes", pos)
        content = text[pos + 1 : end].replace("\\'", "'")
        return _Fix("single-quoted string: JSON needs double quotes", pos,
                    [(pos, end + 1, json.dumps(content, ensure_ascii=False))])
    match = _NAME.match(text, pos)
    if match is None:
        return None
    word = match.group(0)
    if reason.startswith("Expecting property name") and text[match.end():].lstrip().startswith(":"):
        return _Fix(f"unquoted property name {word} (JSON needs \"{word}\")", pos,
                    [(pos, match.end(), json.dumps(word))])
    if reason == "Expecting value" and word in _LITERALS:
        return _Fix(f"{word} is not a JSON value (use {_LITERALS[word]})", pos,
                    [(pos, match.end(), _LITERALS[word])])
    return None


def _missing_comma(text, pos, reason, rest) -> _Fix | None:
    if reason != "Expecting ',' delimiter" or not rest:
        return None
    before = text[:pos].rstrip()
    gap = text[len(before) : pos]
    if before.endswith('"') and "\n" not in gap and rest[0] not in ",:}]" and (
            not gap and rest[0] == '"' or rest[0] not in "\"{["):
        quote = len(before) - 1
        return _Fix("unescaped double quote inside a string (write it as \\\")", quote,
                    [(quote, quote + 1, '\\"')])
    if rest[0] in "\"{[" or (rest[0].isalnum() and "\n" in gap):
        return _Fix(f"missing comma before \"{_snippet(rest, 20)}\"", pos, [(pos, pos, ",")])
    return None


def block_edit(item: StructuredData, text: str) -> tuple[Span, str]:
    """The one replacement that turns item.raw into `text`: the span in the file of the part
    that differs, and what replaces it."""
    raw = item.raw
    start = 0
    limit = min(len(raw), len(text))
    while start < limit and raw[start] == text[start]:
        start += 1
    end_raw, end_text = len(raw), len(text)
    while end_raw > start and end_text > start and raw[end_raw - 1] == text[end_text - 1]:
        end_raw -= 1
        end_text -= 1
    line, column = _position(item, start)
    end_line, end_column = _position(item, end_raw)
    return Span(line, column, end_line, end_column), text[start:end_text]
