"""Where an element's start tag is in the source, to the column.

lxml gives an element's line only. On a normal page the text an element holds is searched from
the start of that line and found right away; on a minified page (the whole page on one line)
that search would find the first copy of the text on the line: the `<title>`, a
`<meta name="description">`, an `aria-label`. So on long lines the element's start tag is found
instead: the start tags of one name are matched, in document order, to that name's tags in the
source (outside scripts, styles and comments), each on the element's own line. An element the
parser made up (an implied `<tbody>`, `<p>`) matches no tag and keeps its line's start.
"""

from __future__ import annotations

import bisect
import re

from citewise.model import LineIndex

LONG_LINE = 1000  # characters: shorter lines are searched from their start, as before
_OPAQUE = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)


class TagOffsets:
    def __init__(self, source: str, index: LineIndex, root):
        self.source, self.index, self.root = source, index, root
        self._opaque: list[tuple[int, int]] | None = None
        self._by_tag: dict[str, dict] = {}  # tag -> {element: offset after its start tag}

    def is_long(self, line: int) -> bool:
        starts = self.index.starts
        if line >= len(starts):
            return len(self.source) - starts[-1] > LONG_LINE
        return starts[line] - starts[line - 1] > LONG_LINE

    def start_tag(self, element) -> int | None:
        """The offset of `element`'s start tag, or None when no tag in the source is its."""
        tag = element.tag
        found = self._by_tag.get(tag)
        if found is None:
            found = self._by_tag[tag] = self._match(tag)
        return found.get(element)

    def _opaque_ranges(self) -> list[tuple[int, int]]:
        if self._opaque is None:
            self._opaque = [match.span() for match in _OPAQUE.finditer(self.source)]
        return self._opaque

    def _inside_opaque(self, offset: int, starts: list[int]) -> bool:
        ranges = self._opaque_ranges()
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and offset < ranges[i][1] and offset != ranges[i][0]

    def _match(self, tag: str) -> dict:
        source, index = self.source, self.index
        ranges = self._opaque_ranges()
        range_starts = [start for start, _ in ranges]
        pattern = re.compile(rf"<{re.escape(tag)}(?=[\s/>])", re.I)
        tags = [m.start() for m in pattern.finditer(source)
                if tag in ("script", "style") or not self._inside_opaque(m.start(), range_starts)]
        matched, pointer = {}, 0
        for element in self.root.iter(tag):
            line = element.sourceline
            if line is None:
                continue
            at = max(pointer, bisect.bisect_left(tags, index.offset(line)))
            if at < len(tags) and index.position(tags[at])[0] == line:
                matched[element] = tags[at]
                pointer = at + 1
        return matched
