"""encoding-error: bytes that do not decode, and text that shows an earlier decoding accident.

The parser decodes with replacement and leaves a note at the first bad byte (parsers/decode.py);
this check reports that note. A file that decodes cleanly can still carry the scars of an
earlier accident, saved into the text: U+FFFD replacement characters, or UTF-8 read as
Windows-1252 and saved again ("cafÃ©", "itâ€™s"). Each is reported once per file, at its first
occurrence, with the number of places.
"""

import re

from citewise.diagnostic import Problem

# UTF-8 lead byte C2/C3 (Latin-1 letters) or E2 80 (punctuation) read as Windows-1252, followed
# by a continuation byte so read. Quotes and guillemets after Ã are left out: an upper-case
# Portuguese word can end in Ã before a quote.
_CONTINUATION = "".join(bytes([b]).decode("cp1252", "ignore") for b in range(0x80, 0xC0))
_MOJIBAKE = re.compile(
    "â€.?|[ÂÃ][" + re.escape("".join(c for c in _CONTINUATION if c not in "‘’“”«»")) + "]+"
)


def check(doc, options, context):
    notes = [note for note in doc.notes if note.kind == "decoding"]
    in_text = any("\ufffd" in block.text for block in doc.blocks if context.in_scope(block))
    for note in notes:
        if in_text:
            yield Problem(note.span, note.message)
        else:  # only a theme's furniture or markup is garbled: less worth the edit
            yield Problem(note.span, f"{note.message}; none of them in the page's text",
                          severity="info")
    if notes:
        return  # the replacement characters in the text are the ones just reported
    replaced = _occurrences(doc, context, re.compile("\ufffd+"))
    if replaced:
        block, match, count = replaced
        yield Problem(block.locate(match.start(), match.end()),
                      f"the text holds U+FFFD replacement characters ({_places(count)}): "
                      f"bytes were lost when the text was decoded before it was saved",
                      help="Restore the lost characters from the original source and save the "
                           "file as UTF-8.")
    garbled = _occurrences(doc, context, _MOJIBAKE)
    if garbled:
        block, match, count = garbled
        word = _word_around(block.text, match.start(), match.end())
        repaired = _repair(word)
        meant = f" (meant \"{repaired}\")" if repaired else ""
        yield Problem(block.locate(match.start(), match.end()),
                      f"double-encoded text \"{word}\"{meant}, {_places(count)}: UTF-8 was read "
                      f"as Windows-1252 and saved again",
                      help="Re-decode the text (e.g. with ftfy) or retype the garbled characters, "
                           "and save the file as UTF-8.")


def _occurrences(doc, context, pattern):
    """The first match of `pattern` in the page's text blocks, and how many there are."""
    first, count = None, 0
    for block in doc.blocks:
        if not context.in_scope(block):
            continue
        for match in pattern.finditer(block.text):
            count += 1
            if first is None:
                first = (block, match)
    return (*first, count) if first else None


def _places(count: int) -> str:
    return "1 place" if count == 1 else f"{count} places"


def _word_around(text: str, start: int, end: int) -> str:
    while start > 0 and not text[start - 1].isspace() and end - start < 40:
        start -= 1
    while end < len(text) and not text[end].isspace() and end - start < 40:
        end += 1
    return text[start:end].strip(".,;:!?()[]{}\"'")


def _repair(word: str) -> str:
    try:
        return word.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return ""
