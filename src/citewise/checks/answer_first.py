"""answer-first: the first paragraph under the title must state the answer.

The opening paragraph is the first paragraph after the title that is not preamble: bylines,
dates, breadcrumbs, reading times, labels, images, admonitions, quotes, code and tables of
contents are stepped over. A page that opens with a list or a table leads with its content and
is left alone. Every phrase list comes from the catalogue, per language; for a language with no
lists the rule says nothing.
"""

from __future__ import annotations

import re

from citewise.checks._prose import (NUMBERING, content_words, ends_sentence, first_sentence,
                                    fold, is_question, opening, prose_words, reads_as)
from citewise.diagnostic import Problem
from citewise.model import Span
from citewise.services.text import quote, word_count, words

_LISTS = ("filler-openers", "stopwords", "preamble-openers", "date-words", "toc-labels",
          "breadcrumb-roots")
_SKIPPED = frozenset({"image", "html", "code", "admonition", "blockquote"})
_OPENING_QUOTES = frozenset("\"“‘«„‹「")
_DATELINE = re.compile(r"^\s*(?P<line>[^\n]{1,60}?)\s+(?:--|—|–)\s+")  # "April 17, 2015 -- "
_NUMERIC_DATE = re.compile(r"^\d{1,4}([./-])\d{1,2}\1\d{1,4}$")


def check(doc, options, context):
    lists = {name: options[name] for name in _LISTS}
    page = _Page(doc, options, lists)
    title, start = page.title()
    found = page.opening(start)
    if found is None or found.kind != "paragraph":
        return  # no prose at all, or the page leads with a list or a table: content first
    if found.text.lstrip()[:1] in _OPENING_QUOTES:
        return  # a page that opens in quoted speech is narrative (fiction, a scene), not an answer
    if page.standfirst(title, found):
        return  # a standfirst under the title ("Newly available on all wikis: ...") leads
    found, offset = page.past_greeting(found, context)
    if found is None:
        return
    offset += page.dateline(found.text[offset:])
    text = found.text[offset:]
    filler = opening(text, lists["filler-openers"])
    count = prose_words(text)
    long = count > options["max-words"] and not page.leads_in(found)
    if not (filler or long):
        return
    title_words = page.title_words(title)
    # A long opening is compared with the title only when both can be: the title has content
    # words and the prose is in the lists' language (not an undeclared German page). A filler
    # opening under a question title needs no such test: the phrase itself is the language.
    comparable = bool(title_words) and reads_as(text, lists["stopwords"])
    title_text = quote(page.title_text(title))
    if page.asks(title, doc.kind):
        # The page poses a question ("How to rotate a key"): the engine quotes its opening as
        # the answer, so a hook or a long warm-up that misses the title's subject is reported.
        if filler:
            yield Problem(found.locate(offset, offset + len(filler)),
                          f"first paragraph opens with filler \"{filler}\": \"{quote(text)}\"")
            return
        sentence = _past_interjection(text, first_sentence(text, context), context)
        if comparable and not content_words(sentence, lists["stopwords"]) & title_words:
            yield Problem(_first_line(found.span),
                          f"first paragraph is {count} words (max {options['max-words']}) and its "
                          f"first sentence does not name the subject of the title "
                          f"\"{title_text}\": \"{quote(sentence)}\"")
        return
    # A statement title (a dated record, a guide on a named thing): a lede, a scene, a long
    # preface or a scenario is the genre there, and it buries nothing when the title's subject
    # comes at once. Only a filler opening that keeps the subject back is reported: a long
    # opening alone was judged genre on every sampled page, however late the subject came.
    if not filler or not title_words:
        return  # the filler phrase itself tells the language; the title must have words
    if doc.kind == "guide" and opening(text, options["scenario-openers"] or ()):
        return  # a tutorial sets up its example ("Let's imagine you have an API..."): genre
    late = page.late_subject(found, offset, title_words, context)
    if late is not None:
        yield Problem(found.locate(offset, offset + len(filler)),
                      f"first paragraph opens with filler \"{filler}\" and the subject of the "
                      f"title \"{title_text}\" {late}: \"{quote(text)}\"")


class _Page:
    def __init__(self, doc, options, lists):
        self.doc, self.options, self.lists = doc, options, lists
        self.stopwords = lists["stopwords"]
        self.toc_labels = {fold(label) for label in lists["toc-labels"]}
        self.date_words = {fold(word) for word in lists["date-words"]}
        self.heading_texts = {_plain(b.text) for b in doc.blocks if b.kind == "heading"}
        self.greetings_list = list(options["greetings"] or ())

    def past_greeting(self, block, context):
        """The opening paragraph and the offset of its text after a greeting ("Hello everyone!",
        "Welcome to the 0.59 release of React Native."): a greeting is neither the answer nor
        filler, so what follows it is judged, in the next paragraph when it stands alone."""
        if not opening(block.text, self.greetings_list):
            return block, 0
        sentences = [s for s in context.nlp().sentences(block.text) if s.text.strip()]
        if len(sentences) > 1:
            return block, sentences[1].start
        following = self.next_paragraph(block)
        return (following, 0) if following is not None else (None, 0)

    def standfirst(self, title, opening_block) -> bool:
        """Whether a standfirst stands between the title and the opening paragraph: a sentence
        the page shows above its body (kept in Document.outside with the byline), not a byline,
        date line or label; or a front-matter `description` that names the title's subject,
        which site themes show under the title."""
        if self.described(title):
            return True
        after = title.span.line if title is not None else self.doc.title_line or 0
        return any(self.dek(block) and after < block.span.line < opening_block.span.line
                   for block in self.doc.outside)

    def dek(self, block) -> bool:
        """A sentence shown above the body: a paragraph, or a subheading written as a sentence
        (news sites mark their dek up as an <h2>: "I wanted to learn why ... ."), not a
        byline, date line or label."""
        if block.kind == "heading" and (block.level < 2 or
                                        prose_words(block.text) < self.options["min-words"]):
            return False  # the headline itself, or a short label ("Opinion.")
        return block.kind in ("paragraph", "heading") and not self.preamble(block.text) \
            and ends_sentence(block.text)

    def dateline(self, text: str) -> int:
        """The length of a news dateline that opens the paragraph ("April 17, 2015 -- Imagine
        being sick...", "SIOUX FALLS, S.D. — "), or 0: the story starts after it."""
        found = _DATELINE.match(text)
        if found is None:
            return 0
        line = found.group("line")
        place = line.isupper() and word_count(line) <= 6
        return found.end() if self.date_like(line) or place else 0

    def described(self, title) -> bool:
        """Whether the front matter's `description` is a sentence that names the title's
        subject: the page's own summary, shown under the title, already leads."""
        front = self.doc.front_matter
        description = front.data.get("description") if front is not None and front.data else None
        if not isinstance(description, str) or not ends_sentence(description):
            return False
        return bool(content_words(description, self.stopwords) & self.title_words(title))

    def asks(self, title, kind: str) -> bool:
        """Whether the title poses a question ("How to rotate a key", "Why is my build slow?");
        on a dated record only a title that ends in a question mark or opens as a query ("How to
        ...", "What is ..."): "When you're using vectors, you're doing search" heads an essay."""
        text = self.title_text(title) or ""
        if kind == "article":
            return (text.strip().rstrip("*_`)]} ").endswith(("?", "？", "؟"))
                    or bool(opening(text.strip(), self.options["query-openers"] or ())))
        return is_question(text, self.options["question-words"] or (), lead_in=True)

    def late_subject(self, block, offset: int, title_words: set[str], context):
        """Where the title's subject is first named, when that is late: not in the opening
        paragraph and not in the first `late-sentences` sentences, counted on through the
        paragraphs and list items after it (headings left out: the engine quotes prose).
        Returns where it comes, or None when it comes in time."""
        blocks = self.doc.blocks
        index = blocks.index(block)
        prose = [b for b in blocks[index + 1:] if b.kind in ("paragraph", "list_item")]
        window = [(block, offset), *((b, 0) for b in prose[:self.options["late-window"] - 1])]
        count = 0
        for number, (current, start) in enumerate(window):
            for sentence in context.nlp().sentences(current.text[start:]):
                if content_words(sentence.text, self.stopwords) & title_words:
                    if number == 0 or count < self.options["late-sentences"]:
                        return None
                    line = current.locate(start + sentence.start, start + sentence.end).line
                    return f"comes only in paragraph {number + 1} (line {line})"
                count += 1
        if len(window) == 1:
            return "is not named in the paragraph"
        return f"is not named in the first {len(window)} paragraphs"

    def next_paragraph(self, block):
        blocks = self.doc.blocks
        index = blocks.index(block)
        return next((b for b in blocks[index + 1:index + 3] if b.kind == "paragraph"), None)

    # -- the title ------------------------------------------------------------------------
    def title(self):
        """The heading that titles the page and the index of the block after it."""
        doc, blocks = self.doc, self.doc.blocks
        title = doc.h1
        if doc.format == "html" and doc.title:
            # A site header may carry an H1 of its own: prefer the heading <title> names.
            wanted = content_words(doc.title, self.stopwords)
            candidates = [b for b in doc.headings[:6] if b.level <= 2]
            overlap = lambda block: len(content_words(block.text, self.stopwords) & wanted)
            best = max(candidates, key=overlap, default=None)
            if best is not None and (title is None or overlap(best) > overlap(title)):
                title = best
        if title is None:
            return None, 0
        index = blocks.index(title)
        if doc.format == "markdown" and any(
            b.kind in ("paragraph", "list_item", "table") and not self.preamble(b.text)
            for b in blocks[:index]
        ):
            return None, 0  # an H1 after body text heads a section ("# Summary"), not the page
        return title, index + 1

    def title_text(self, title) -> str:
        return title.text if title is not None else self.doc.title

    def title_words(self, title) -> set[str]:
        """Content words of the title and the heading, without dates ("June 26th, 2016")."""
        ignored = [*self.stopwords, *self.lists["date-words"]]
        text = f"{self.doc.title} {title.text if title is not None else ''}"
        return {word for word in content_words(text, ignored)
                if not fold(word).rstrip("stndrh").isdigit()}

    def leads_in(self, block) -> bool:
        """A paragraph ending in a colon right above a list, table or code block."""
        blocks = self.doc.blocks
        index = blocks.index(block)
        return (block.text.rstrip().endswith(":") and index + 1 < len(blocks)
                and blocks[index + 1].kind in ("list_item", "table", "code"))

    # -- the opening block ----------------------------------------------------------------
    def opening(self, start: int):
        """The first paragraph, list item or table after `start` that is not preamble."""
        in_toc = False
        for block in self.doc.blocks[start:]:
            kind = block.kind
            if kind == "heading":
                in_toc = self.is_toc_label(block.text)
            elif kind in _SKIPPED:
                continue
            elif kind == "list_item":
                if not (in_toc or self.is_toc_entry(block.text) or word_count(block.text) <= 3):
                    return block
            elif kind == "table":
                return block
            elif self.is_toc_label(block.text):
                in_toc = True
            elif not self.preamble(block.text):
                return block
        return None

    def is_toc_label(self, text: str) -> bool:
        return fold(text).rstrip(":") in self.toc_labels

    def is_toc_entry(self, text: str) -> bool:
        return _plain(text) in self.heading_texts

    def preamble(self, text: str) -> bool:
        """A byline, date, breadcrumb, reading time or label rather than a paragraph."""
        count = word_count(text)
        if count == 0 or self.is_toc_label(text):
            return True
        if count > self.options["preamble-max-words"]:
            return False
        if self.date_like(text):
            return True
        byline = opening(text, self.lists["preamble-openers"])
        if ends_sentence(text):
            # "Posted by Jane on March 3, 2024.", "By Perry Bacon Jr.", "This story first
            # appeared in Grist." but not "By default, it is on." nor "Updates are free."
            return bool(byline) and (" " in byline or self.has_date(text)
                                     or _names_only(text[len(byline):]))
        return (count < self.options["min-words"] or bool(byline) or self.breadcrumb(text)
                or self.starts_with_date(text) or _names_only(text))

    def date_tokens(self, text: str) -> list[bool]:
        return [_NUMERIC_DATE.match(w) is not None or w.isdigit() or fold(w) in self.date_words
                or fold(w).rstrip("stndrh") .isdigit() for w in words(text)]

    def date_like(self, text: str) -> bool:
        tokens = self.date_tokens(text)
        return bool(tokens) and sum(tokens) * 2 >= len(tokens) and self.has_date(text)

    def has_date(self, text: str) -> bool:
        tokens = words(text)
        return any(_NUMERIC_DATE.match(w) or fold(w) in self.date_words for w in tokens) or any(
            len(w) == 4 and w.isdigit() and w[:2] in ("19", "20") for w in tokens)

    def starts_with_date(self, text: str) -> bool:
        tokens = self.date_tokens(text)
        return bool(tokens) and tokens[0] and self.has_date(text)

    def breadcrumb(self, text: str) -> bool:
        separators = self.options["breadcrumb-separators"]
        count = sum(text.count(separator) for separator in separators)
        root = opening(text, self.lists["breadcrumb-roots"])
        after_root = text[len(root):].lstrip()[:1] if root else ""
        return count >= 2 or (bool(root) and after_root in separators)


def _past_interjection(text: str, sentence: str, context) -> str:
    """The first sentence, or the second when the first is an exclamation of one or two words
    ("Hey! Our friends at GitHub have agreed to host a Jekyll meet & greet"): the opening is
    what follows it."""
    if len(words(sentence)) > 2 or not sentence.rstrip().endswith("!"):
        return sentence
    sentences = [s.text for s in context.nlp().sentences(text) if s.text.strip()]
    return sentences[1] if len(sentences) > 1 else sentence


def _names_only(text: str) -> bool:
    """A short run of capitalised words: a name, a job title, a label ("Denis Staunton China
    Correspondent, in Seoul")."""
    found = words(text)
    return 0 < len(found) <= 8 and sum(w[0].isupper() for w in found) * 3 >= len(found) * 2


def _plain(text: str) -> str:
    return fold(NUMBERING.sub("", text)).strip(" .:")


def _first_line(span: Span) -> Span:
    return Span(span.line, span.column, span.line, span.column)
