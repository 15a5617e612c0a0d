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
_OPENERS = re.compile(r"<script\b|<style\b|<!--", re.I)
_CLOSERS = {"<script": re.compile(r"</script\s*>", re.I),
            "<style": re.compile(r"</style\s*>", re.I), "<!--": re.compile(r"-->")}


class TagOffsets:
    def __init__(self, source: str, index: LineIndex, root):
        self.source, self.index, self.root = source, index, root
        self._masked: str | None = None
        self._by_tag: dict[str, dict] = {}  # tag -> {element: offset of its start tag}

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

    def _masked_source(self) -> str:
        """The source with scripts, styles and comments blanked out (offsets unchanged): a
        "<p" in a script's string is no tag."""
        if self._masked is None:
            source, parts, done = self.source, [], 0
            for opening in _OPENERS.finditer(source):
                if opening.start() < done:
                    continue
                closing = _CLOSERS[opening.group().lower()].search(source, opening.end())
                end = closing.end() if closing else len(source)
                parts += [source[done:opening.start()], " " * (end - opening.start())]
                done = end
            parts.append(source[done:])
            self._masked = "".join(parts)
        return self._masked

    def _match(self, tag: str) -> dict:
        index = self.index
        pattern = re.compile(rf"<{re.escape(tag)}(?=[\s/>])", re.I)
        tags = [m.start() for m in pattern.finditer(self._masked_source())]
        elements = [element for element in self.root.iter(tag) if element.sourceline]
        if len(elements) == len(tags):  # each element has its tag: the common case, fast
            return dict(zip(elements, tags))
        matched, pointer = {}, 0
        for element in elements:
            line = element.sourceline
            if line is None:
                continue
            at = max(pointer, bisect.bisect_left(tags, index.offset(line)))
            if at < len(tags) and index.position(tags[at])[0] == line:
                matched[element] = tags[at]
                pointer = at + 1
        return matched
