"""dangling-reference: a passage opens with a pronoun or demonstrative that points outside it.

What the pronoun points to decides whether a quoted passage loses its meaning. Left alone:

- the page's opening passage: there "This" is the page or its title's subject ("This is a
  security release"), which a citation carries; whether the opening names its subject is
  entity-missing's and answer-first's business;
- the opening of the page's last section, a wrap-up pointing back at the whole page ("The above
  is just a sample", "That's it for now"): nobody quotes a wrap-up for an answer;
- a section opening whose pronoun stands for the heading right above, which an engine keeps with
  the passage ("### Sanic" then "It was one of the first..."): a singular pronoun under any
  heading, a plural one under a heading that names several things. Not when the verb after it
  points at a statement rather than a thing ("This means...", "That is why..."): a heading
  names a thing;
- a discourse marker before a sentence that stands alone ("As mentioned earlier, the team
  bootstrapped questions..."): dropping the marker loses nothing;
- a label before a colon opening a list item ("It's just Markdown: focus on the content...");
- "The above figure..." right under the figure or embed, in the same section: the thing is there;
- a plural pronoun opening a paragraph that leads straight into a list or table ("These are
  mostly future possibilities:" then the list, or a list item over its sub-items): it points
  at the items below.
"""

import re

from citewise.checks._language import phrase_pattern
from citewise.diagnostic import Problem

NEXT_WORD = re.compile(r"\s*([^\W\d_]*['’]?[^\W\d_]+)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_LABEL = re.compile(r"^[^:.!?]{1,60}:\s+\S+(?:\s+\S+){2}")  # "Label: three more words"


def check(doc, options, context):
    openers = phrase_pattern(options["openers"])
    if openers is None:
        return  # an empty list: nothing to look for
    rule = _Rule(options)
    for block, heading, position, shown, listed in _passage_openings(
            doc, options["every-paragraph"], context):
        text = block.text
        start = len(text) - len(text.lstrip())
        match = openers.match(text, start)
        if not match:
            continue
        if position in ("page-opening", "wrap-up"):
            continue  # the page itself, or the page summed up: see the module docstring
        word = match.group()
        if not rule.points_outside(word, text, start, match.end(), openers):
            continue
        if heading is not None and position == "section-opening" \
                and rule.names_heading(word, text, match.end(), heading.text):
            continue  # "### Sanic" then "It was...": the heading is the referent
        if block.kind == "list_item" and _LABEL.match(text, start):
            continue  # "It's just Markdown: focus on the content": a label, not a sentence
        lowered = word.lower()
        if shown and lowered not in rule.singular | rule.plural | rule.markers:
            continue  # "The above figure..." right under the figure: the thing is there
        if listed and lowered in rule.plural:
            continue  # "These are mostly future possibilities:" then the list of them
        yield Problem(block.locate(match.start(), match.end()),
                      f"passage opens with \"{word}\", which points outside it: quoted alone "
                      f"the sentence does not say what \"{word}\" is")


class _Rule:
    """The catalogue's word lists, read once per page."""

    def __init__(self, options):
        self.self_nouns = {w.lower() for w in options["self-references"]}
        self.demonstratives = {w.lower() for w in options["demonstratives"] or ()}
        self.verbs = {w.lower() for w in options["pronoun-verbs"] or ()}
        self.expletives = [re.compile(p, re.IGNORECASE) for p in options["expletives"]]
        self.singular = {w.lower() for w in options["singular"] or ()}
        self.plural = {w.lower() for w in options["plural"] or ()}
        self.statement_verbs = phrase_pattern(options["statement-verbs"])
        self.markers = {w.lower() for w in options["discourse-markers"] or ()}

    def points_outside(self, word, text, start, end, openers) -> bool:
        """Whether the opener at text[start:end] is a reference back, not a determiner before
        a noun, a forward "it", the page itself or a marker before a sentence that stands
        alone."""
        following = NEXT_WORD.match(text, end)
        lowered = word.lower()
        if following and following.group(1).lower() in self.self_nouns:
            return False  # "This guide explains...": the page itself, which the citation names
        if lowered in self.demonstratives and not _verb_follows(word, following, self.verbs):
            return False  # "This option", "These rules": a noun follows and names the thing
        if any(pattern.match(text, start) for pattern in self.expletives):
            return False  # "It is easy to...": "it" points forward, not outside
        if " ".join(lowered.split()) in self.markers:
            return self._marked_clause_dangles(text, end, openers)
        return True

    def _marked_clause_dangles(self, text, end, openers) -> bool:
        """After "As mentioned [above / in X]," whether the clause itself opens with a
        reference back; without a comma the marker is the sentence's point ("As mentioned
        above." alone)."""
        sentence_end = re.search(r"[.!?](?:\s|$)", text[end:])
        limit = end + sentence_end.start() if sentence_end else len(text)
        comma = text.find(",", end, limit)
        if comma < 0:
            # "As mentioned above Firefox build times improved": no comma, but a capitalised
            # word after the marker opens the clause
            after = _WORD.match(text, end + len(text[end:]) - len(text[end:].lstrip()))
            return not (after and after.group()[0].isupper()
                        and not openers.match(text, after.start()))
        rest = comma + 1
        rest += len(text[rest:]) - len(text[rest:].lstrip())
        return bool(openers.match(text, rest))

    def names_heading(self, word, text, end, heading) -> bool:
        """Whether the pronoun can stand for what the heading right above names: a singular
        one for any heading (a heading names one topic, "### Naked Fish Tacos" too), a plural
        one for a heading that names several things; never when the verb after it points at a
        statement ("This means", "That is why")."""
        if self.statement_verbs is not None and self.statement_verbs.match(
                text, end + len(text[end:]) - len(text[end:].lstrip())):
            return False
        lowered = word.lower().replace("’", "'")
        if lowered in self.singular:
            return bool(_WORD.search(heading))
        return lowered in self.plural and _plural(heading)


def _plural(heading: str) -> bool:
    """Whether a heading names several things: a word of it is a plural ("Nightlies", "Focus
    areas without progress") or it joins two ("Pros and cons", "Requirements & Challenges")."""
    if " and " in f" {heading.lower()} " or "&" in heading:
        return True
    return any(len(word) > 3 and word.endswith("s")
               and not word.endswith(("ss", "us", "is", "ics", "ous"))
               for word in (w.lower().rstrip("'’") for w in _WORD.findall(heading)))


def _verb_follows(opener: str, following, verbs) -> bool:
    """Whether the word after a demonstrative is a verb, making it a pronoun: one of `verbs`,
    or after "this"/"that" a third-person -s form ("This keeps", not "This process")."""
    if following is None:
        return True  # "This." alone
    word = following.group(1).lower()
    if word in verbs:
        return True
    return (opener.lower() in ("this", "that") and len(word) > 3 and word.endswith("s")
            and not word.endswith(("ss", "us", "is", "ics")))


def _passage_openings(doc, every_paragraph: bool, context):
    """(block, heading, position, shown, listed) for the first prose block of each section, and
    with every-paragraph for every paragraph too. `position` is "page-opening" for the page's
    first passage, "wrap-up" for the first passage of the page's last section (when the page
    has several), "section-opening" for other sections' first passages and "paragraph" for the
    rest. `shown`: an image or embed sits above the block in its section; `listed`: a list or
    table follows the block straight away (for a list item: its own sub-items)."""
    found = []
    for section in doc.sections():
        first, shown = True, False
        blocks = section.blocks
        for index, block in enumerate(blocks):
            if context.in_scope(block) and block.text.strip():
                if first or (every_paragraph and block.kind == "paragraph"):
                    after = blocks[index + 1] if index + 1 < len(blocks) else None
                    listed = after is not None and (
                        (block.kind == "paragraph" and after.kind in ("list_item", "table"))
                        or (block.kind == "list_item" and after.kind == "list_item"
                            and after.level > block.level))
                    found.append((block, section.heading, first, shown and first, listed))
                first = False
            elif block.kind in ("image", "html"):
                shown = True
            else:
                first = False  # a list, table or code block came first: the passage began there
    openings = [index for index, item in enumerate(found) if item[2]]
    for index, (block, heading, first, shown, listed) in enumerate(found):
        if not first:
            position = "paragraph"
        elif openings and index == openings[0]:
            position = "page-opening"
        elif len(openings) > 2 and index == openings[-1]:
            position = "wrap-up"
        else:
            position = "section-opening"
        yield block, heading, position, shown, listed
