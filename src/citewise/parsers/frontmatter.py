"""Front matter at the top of a Markdown file: YAML between `---`, TOML between `+++`."""

from __future__ import annotations

import re
import tomllib

import yaml

from citewise.model import FrontMatter, Span

_FENCES = {"---": "yaml", "+++": "toml"}
_TOML_ERROR_AT = re.compile(r"at line (\d+), column (\d+)")
_TOML_WHERE = re.compile(r"\s*\((?:at line \d+, column \d+|at end of document)\)")
# YAML's node tree costs about 200 bytes of memory per byte of input (804 MB for 3.9 MB of
# front matter); real front matter is a few kilobytes.
MAX_FRONT_MATTER = 256 * 1024
_TOML_KEY = re.compile(r"""^\s*("[^"]+"|'[^']+'|[A-Za-z0-9_-]+)\s*=""")


def split_front_matter(lines: list[str]) -> tuple[str, int] | None:
    """The front matter's format and the 0-based index of its closing fence, if there is one."""
    if not lines:
        return None
    fence = lines[0].rstrip()
    fmt = _FENCES.get(fence)
    if fmt is None:
        return None
    closers = {fence, "..."} if fmt == "yaml" else {fence}
    for number in range(1, len(lines)):
        if lines[number].rstrip() in closers:
            return fmt, number
    return None


def parse_front_matter(lines: list[str], fmt: str, closing: int) -> FrontMatter:
    """Parse lines[1:closing]; lines and errors are reported in the file's own numbering."""
    body = "".join(lines[1:closing])
    span = Span(1, 1, closing + 1, len(lines[closing].rstrip("\r\n")) + 1)
    if len(body) > MAX_FRONT_MATTER:
        return FrontMatter(fmt, {}, {}, span, f"front matter is {len(body):,} characters, over "
                           f"the {MAX_FRONT_MATTER:,} citewise reads; not parsed", Span(2, 1))
    parse = _parse_yaml if fmt == "yaml" else _parse_toml
    try:
        data, key_lines, key_spans = parse(body)
    except _FrontMatterError as error:
        return FrontMatter(fmt, {}, {}, span, error.message, Span(error.line + 1, error.column))
    return FrontMatter(fmt, data, {key: line + 1 for key, line in key_lines.items()}, span,
                       key_spans={key: Span(line + 1, start, line + 1, end)
                                  for key, (line, start, end) in key_spans.items()})


class _FrontMatterError(Exception):
    def __init__(self, message: str, line: int, column: int = 1):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def _parse_yaml(body: str) -> tuple[dict, dict[str, int]]:
    try:
        loader = yaml.SafeLoader(body)
    except yaml.reader.ReaderError as error:  # a control character, refused before parsing
        position = error.position
        line = body.count("\n", 0, position) + 1
        column = position - (body.rfind("\n", 0, position) + 1) + 1
        raise _FrontMatterError(f"invalid YAML: character U+{error.character:04X} is not allowed "
                                f"({error.reason})", line, column) from None
    node = None
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_aliases(node)
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _FrontMatterError(f"invalid YAML: {reason}", line, column) from None
    except RecursionError:
        raise _FrontMatterError("invalid YAML: nested too deeply to read", 1) from None
    except (ValueError, TypeError, OverflowError) as error:  # `date: 2025-13-45`
        mark = _unbuildable(loader, node)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _FrontMatterError(f"invalid YAML: {error}", line, column) from None
    finally:
        loader.dispose()
    if node is None:  # `---` right after `---`: empty, and fine
        return {}, {}, {}
    if not isinstance(data, dict):
        raise _FrontMatterError("front matter is not a mapping of keys to values", 1)
    key_lines, key_spans = {}, {}
    for key_node, value_node in node.value:
        key_lines.setdefault(str(key_node.value), key_node.start_mark.line + 1)
        if isinstance(value_node, yaml.MappingNode):  # `date: {created: ..., updated: ...}`
            for sub_node, _ in value_node.value:
                key_lines.setdefault(f"{key_node.value}.{sub_node.value}",
                                     sub_node.start_mark.line + 1)
        start, end = key_node.start_mark, key_node.end_mark
        if start.line == end.line:
            key_spans.setdefault(str(key_node.value),
                                 (start.line + 1, start.column + 1, end.column + 1))
    return data, key_lines, key_spans


_MAX_YAML_VALUES = 100_000  # what aliases may expand to: "billion laughs" stops here


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _check_aliases(root: yaml.Node) -> None:
    """Refuse front matter whose aliases refer to themselves or expand past _MAX_YAML_VALUES:
    whatever walks the data (checks, `citewise inspect`) would never finish."""
    sizes: dict[int, int] = {}
    ancestors: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            ancestors.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > _MAX_YAML_VALUES:
                raise _FrontMatterError(
                    f"invalid YAML: aliases expand to more than {_MAX_YAML_VALUES:,} values",
                    node.start_mark.line + 1, node.start_mark.column + 1)
            continue
        if key in sizes:
            continue
        if key in ancestors:
            raise _FrontMatterError("invalid YAML: an alias refers to the value that contains it",
                                    node.start_mark.line + 1, node.start_mark.column + 1)
        ancestors.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))


def _unbuildable(loader: yaml.SafeLoader, root: yaml.Node | None):
    """The mark of the first scalar that cannot be built (an impossible date), if any."""
    stack, seen = ([root] if root is not None else []), set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                loader.construct_object(node)
            except Exception:  # noqa: BLE001 - whatever failed, this is where
                return node.start_mark
        stack.extend(reversed(_children(node)))
    return None


def _parse_toml(body: str) -> tuple[dict, dict[str, int]]:
    try:
        data = tomllib.loads(body)
    except RecursionError:
        raise _FrontMatterError("invalid TOML: nested too deeply to read", 1) from None
    except tomllib.TOMLDecodeError as error:
        match = _TOML_ERROR_AT.search(str(error))
        line, column = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        if "(at end of document)" in str(error):  # the last line of the front matter
            last = body.rstrip("\n").split("\n")
            line, column = len(last), len(last[-1]) + 1
        reason = _TOML_WHERE.sub("", str(error)).strip()
        raise _FrontMatterError(f"invalid TOML: {reason}", line, column) from None
    key_lines, key_spans = {}, {}
    for number, line in enumerate(body.splitlines(), start=1):
        if line.lstrip().startswith("["):
            break  # keys below a [table] header belong to that table
        match = _TOML_KEY.match(line)
        if match:
            key_lines.setdefault(match.group(1).strip("\"'"), number)
            key_spans.setdefault(match.group(1).strip("\"'"),
                                 (number, match.start(1) + 1, match.end(1) + 1))
    return data, key_lines, key_spans
