"""Which part of an HTML page is its main content, read on the page's own lxml tree (so every
block the parser builds from it keeps its exact source line and column).

The heuristics are those of Readability and trafilatura, measured on the Zyte benchmark
(bench/main_content_f1.py): paragraph text (less its link text) is counted per element, leaving
out subtrees whose class, id or role says they are page furniture (navigation, share bars,
related stories, newsletter boxes, comments, ads, cookie banners, off-canvas drawers); the
content root is the landmark (`itemprop=articleBody` or `mainContentOfPage`, an article-body
class, `<article>`, `<main>`) that holds most of it, else the smallest element holding most of
it. Inside the root, the same furniture and link lists are skipped while blocks are read.
"""

from __future__ import annotations

import re

from citewise.parsers.labels import is_label, is_related_label

# class/id words of page furniture: the first or last word of a class or id ("share-bar",
# "article-share", "related_posts"), not a word in its middle ("m-advertisement-off-canvas")
_FURNITURE_WORDS = frozenset(
    "related recommended recommendations trending popular share shares sharing sharebar "
    "social sharedaddy addthis newsletter subscribe subscription signup comment comments "
    "commentlist disqus replies respond sidebar widget widgets rail breadcrumb breadcrumbs "
    "pagination pager cookie cookies consent gdpr promo sponsored advert advertisement ad ads "
    "adsense dfp taboola outbrain tags categories nav navbar navigation menu footer masthead "
    "popup modal toolbar gallery slideshow carousel caption credit offcanvas "
    # reference lists: sources cited, not sentences to judge
    "references reflist refbegin bibliography citations".split()
)
_FURNITURE_PHRASES = re.compile(
    r"more-stories|read-more|most-popular|most-read|author-bio|about-author|author-box|sign-up|"
    r"related[-_](?:articles?|posts?|stories|news|content|links|items)",
    re.I,
)
# layout modifiers name furniture beside the element, not the element ("has-sidebar")
_MODIFIER = re.compile(r"(?:^|[-_])(?:with|has|w|no|without)[-_]", re.I)
_WORDS = re.compile(r"[-_]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")  # "PromoSmall" names a promo, as "promo-small"


def _names_furniture(text: str) -> bool:
    for token in text.split():
        if _MODIFIER.search(token):
            continue
        words = [word.lower() for word in _WORDS.split(_CAMEL.sub("-", token)) if word]
        token = token.lower()
        if words and (words[0] in _FURNITURE_WORDS or words[-1] in _FURNITURE_WORDS):
            return True
        if _FURNITURE_PHRASES.search(token):
            return True
    return False


# the article body itself, whose class may also name a furniture word ("post-content has-sidebar")
_ARTICLE_BODY = re.compile(
    r"article[-_]*body|article[-_]*content|article[-_]*text|post[-_]*content|post[-_]*body|"
    r"entry[-_]*content|story[-_]*body|story[-_]*content|main[-_]*content|body[-_]*text|"
    r"content[-_]*body|rich[-_]*text|page[-_]*content",
    re.I,
)
_BUILDER = re.compile(r"(?:^|[\s_-])widgets?(?=$|[\s_-])", re.I)
_COMMENTS = re.compile(r"(?:^|[\s_-])(?:comments?|commentlist|disqus|replies)(?=$|[\s_-])", re.I)
_FURNITURE_ROLES = frozenset(
    {"navigation", "complementary", "contentinfo", "search", "dialog", "alertdialog", "banner",
     "doc-bibliography"}
)
_WEIGHED = ("p", "pre", "blockquote", "li", "td", "div", "section", "dd")
_MIN_PARAGRAPH = 25  # characters: shorter text ("Advertisement", "Share") is not prose
_CHROME = frozenset({"header", "footer", "nav", "aside"})  # not weighed as the page's prose
_TEASER_LINKS = 0.2
_SMALL_PAGE = 500  # characters of prose
_BLOCKS = frozenset(
    "address article aside blockquote body details div dl dt dd fieldset figcaption figure "
    "footer form header hr li main nav ol p pre section table ul h1 h2 h3 h4 h5 h6".split()
)
_UNSEEN = frozenset("script style noscript template svg math iframe object canvas".split())
_LINK_LISTS = frozenset({"ul", "ol", "dl", "menu"})


_NOT_SHOWN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def is_hidden(element) -> bool:
    """Not shown to a reader: `hidden`, `aria-hidden`, or an inline style that hides it."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return style is not None and _NOT_SHOWN.search(style) is not None


def marks(element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def is_furniture(element) -> bool:
    """Class, id or role that says page furniture, unless it also names the article body."""
    role = (element.get("role") or "").lower()
    if role in _FURNITURE_ROLES:
        return True
    text = marks(element)
    if not _names_furniture(text):
        return False
    return _COMMENTS.search(text) is not None or not _ARTICLE_BODY.search(text)


class MainContent:
    """The content root of a page, and what inside it is skipped as furniture."""

    def __init__(self, root):
        self.raw: dict = {}  # element -> prose characters under it
        self.weights: dict = {}  # the same, furniture left out
        self.furniture: dict = {}  # element -> whether it or an ancestor is furniture
        self.clusters: dict = {}  # element -> prose of its children (and half its grandchildren)
        self.body = next(root.iter("body"), None)
        self.h1 = next(root.iter("h1"), None)
        self._marked = None  # the page's itemprop="articleBody", looked up when asked
        self.after_label: set = set()  # labels, and the rows of links that follow them
        # the reader sets it once it reads the content root: what is around it (the page
        # header and footer) goes to Document.outside, labels or not
        self.reading_content = False
        self.raw_total = self.total = 0
        if self.body is not None:
            self._weigh(self.body)
        self.root = self._choose(root) if self.body is not None else None

    def is_furniture(self, element) -> bool:
        """Marked as furniture, and not holding most of the page's prose: a class word on
        every block of a page builder ("elementor-widget") does not make it all furniture.
        Or a box that opens with the label of a list of other pages ("You may also like...",
        "Leia também"), whatever its class says."""
        if is_furniture(element) and (_COMMENTS.search(marks(element)) is not None or
                                      self.raw.get(element, 0) < 0.5 * self.raw_total or
                                      self._beside_marked_body(element)):
            return True
        return element.tag in _LABELLED_BOXES and self._related_box(element)

    def _beside_marked_body(self, element) -> bool:
        """The page marks its article body (`itemprop="articleBody"`) elsewhere: a footer
        that holds more text than a short article is still the footer."""
        if self._marked is None:
            marked = element.getroottree().getroot().xpath("//*[@itemprop='articleBody']")
            self._marked = marked[0] if len(marked) == 1 else False
        return self._marked is not False and not _contains(element, self._marked)

    def _related_box(self, element) -> bool:
        if len(element) < 2:
            return False  # a label and what it labels
        first = _first_child(element)
        if first is None or first.tag not in _LABEL_TAGS or len(first) > _LABEL_CHILDREN:
            return False  # (the cheap tests first: this is asked of every box)
        if first is element[-1] and not (element.text or "").strip():
            return False  # nothing but the label: the label alone is left out (skips)
        first = _label_element(first)
        if self.raw.get(first, 0) > _LABEL_LIMIT:
            return False  # a paragraph of prose, not a label (known without reading it)
        label = _short_text(first)
        if label is None or not is_related_label(label):
            return False
        h1 = self.h1  # the page's own title is not in a box of other pages
        return h1 is None or not _contains(element, h1)

    def _in_furniture(self, element) -> bool:
        walked, verdict, node = [], False, element
        while node is not None and node.tag not in ("body", "html"):
            known = self.furniture.get(node)
            if known is not None:
                verdict = known
                break
            walked.append(node)
            if node.tag in _CHROME or is_hidden(node) or self.is_furniture(node):
                verdict = True
                break
            node = node.getparent()
        for node in walked:
            self.furniture[node] = verdict
        return verdict

    def _weigh(self, body) -> None:
        paragraphs = []
        for element in body.iter(*_WEIGHED):
            if element.tag == "p" or element.tag == "pre":
                text = element.text_content()
                links = sum(len(a.text_content()) for a in element.iter("a"))
            else:  # a container's own text, not that of the blocks inside it
                text, links = _own_text(element)
            size = len(text.strip()) - links
            if size >= _MIN_PARAGRAPH and next(element.iterancestors("a"), None) is None:
                paragraphs.append((element, size))
                self.raw_total += size
                _add_up(self.raw, element, size)
        clusters = self.clusters
        for element, size in paragraphs:
            if not self._in_furniture(element):
                self.total += size
                _add_up(self.weights, element, size)
                parent = element.getparent()  # Readability: a paragraph scores for its
                if parent is not None:  # parent, and half for its grandparent
                    clusters[parent] = clusters.get(parent, 0) + size
                    grandparent = parent.getparent()
                    if grandparent is not None:
                        clusters[grandparent] = clusters.get(grandparent, 0) + size / 2

    def weight(self, element) -> int:
        return self.weights.get(element, 0)

    def _choose(self, root):
        total = self.total
        if total == 0:
            landmark = _landmark(root)
            return landmark if landmark is not None else self.body
        landmarks = [e for e in _landmarks(root) if not self._in_furniture(e)]
        best = max(landmarks, key=self.weight, default=None)
        if best is not None and self.weight(best) >= 0.5 * total:
            top = self.weight(best)
            # the innermost landmark holding nearly all of it: <main> around <article>
            nested = [e for e in landmarks if self.weight(e) >= 0.9 * top]
            return max(nested, key=_depth)
        core = max(self.clusters, key=self.clusters.get)  # where paragraphs cluster most
        around = [e for e in landmarks if self.weight(e) and _contains(e, core)]
        if around:
            return max(around, key=_depth)
        # no landmark holds most of it: the element whose paragraphs cluster most, widened to
        # its parents while they add little (headings, lists and split bodies around it)
        node = self.body
        if total < _SMALL_PAGE:
            return node  # a page this small is all content, once its chrome is left out
        while True:  # the smallest element holding most of the prose
            child = max(node, key=self.weight, default=None) if len(node) else None
            if child is None or self.weight(child) < 0.8 * total:
                return node
            node = child

    def skips(self, element, tag: str) -> bool:
        """Furniture inside the content root, and link lists, are left out."""
        if element in self.after_label or self._labelled(element, tag):
            return True
        if tag in _LINK_LISTS:
            return _link_list(element)
        if tag == "footer":
            return self.weight(element) < 0.5 * max(self.weight(self.root), 1)
        if element is not self.root and self._links_only(element, tag):
            return True  # (the root itself is read: a page of links, an index, is a page)
        return self.is_furniture(element)

    def _labelled(self, element, tag: str) -> bool:
        """A furniture label standing alone ("You may also like...", "DON'T MISS", "Share"),
        and the rows of links right after it (the headlines it labels). Blocks are read in
        document order, so the label is met before the rows it heads."""
        if element is self.root or not self.reading_content:
            return False
        if tag in _LABEL_TAGS and len(element) <= _LABEL_CHILDREN and \
                self.raw.get(element, 0) <= _LABEL_LIMIT:  # (the cheap tests first)
            text = _short_text(element)
            if text is not None and text.strip() and is_label(text):
                self.after_label.add(element)
                return True
        if not self.after_label:
            return False
        before = _previous_element(element)
        if before is None or before not in self.after_label:
            return False
        if _no_text(element):
            self.after_label.add(element)  # an ad slot between the headlines: go on
            return False
        if _all_links(element):
            self.after_label.add(element)
            return True
        return False

    def _links_only(self, element, tag: str) -> bool:
        if tag == "p":
            return _link_row(element) or _shouted_link(element)
        # a box with this much prose is not one (and walking a big box's links is costly)
        return tag in _LINK_BOXES and self.raw.get(element, 0) < _LINK_BOX_PROSE and \
            _link_box(element)


def _add_up(weights: dict, element, size: int) -> None:
    node = element
    while node is not None:
        weights[node] = weights.get(node, 0) + size
        node = node.getparent()


def _landmarks(root):
    for element in root.iter("main", "article", "div", "section"):
        tag = element.tag
        if tag in ("main", "article") or element.get("role") == "main" or \
                element.get("itemprop") == "mainContentOfPage":  # schema.org WebPage's own mark
            yield element
        elif element.get("itemprop") == "articleBody" or _ARTICLE_BODY.search(marks(element)):
            yield element


def _landmark(root):
    return next(iter(_landmarks(root)), None)


def _contains(ancestor, element) -> bool:
    return element is ancestor or any(node is ancestor for node in element.iterancestors())


def _depth(element) -> int:
    return sum(1 for _ in element.iterancestors())


def _own_text(element) -> tuple[str, int]:
    """A container's loose text and inline children's text (not the blocks inside it), and
    how much of it is link text."""
    parts, links = [element.text or ""], 0
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in _BLOCKS and tag not in _UNSEEN:
            inline = child.text_content()
            parts.append(inline)
            if tag == "a":
                links += len(inline)
        parts.append(child.tail or "")
    return "".join(parts), links


_LINK_BOXES = frozenset({"div", "section", "aside"})
_LINK_BOX_PROSE = 600  # characters of prose outside links


def _link_box(element) -> bool:
    """A box that is mostly links: a tag cloud, a row of related headlines."""
    anchors = [a for a in element.iter("a")]
    if len(anchors) < 3:
        return False
    text = len("".join(element.itertext()).strip())
    links = sum(len(a.text_content().strip()) for a in anchors)
    return text > 0 and links >= 0.6 * text


def _visible(texts) -> int:
    """Characters less white space: the indentation between a list's items is no text (it
    made a breadcrumb of two links look like prose)."""
    return len("".join("".join(texts).split()))


_LABELLED_BOXES = frozenset({"div", "section", "aside", "article", "header"})
_LABEL_TAGS = frozenset({"p", "div", "span", "strong", "b", "h1", "h2", "h3", "h4", "h5", "h6",
                         "header", "li", "dt"})
_LABEL_LIMIT = 100  # characters: a label is short, and a long box is not read through
_LABEL_CHILDREN = 3


def _short_text(element) -> str | None:
    """The text of a small element, or None when it has more than a label's worth."""
    if element is None or len(element) > _LABEL_CHILDREN:
        return None  # (a label has a child or two: <p><strong>, <header><h3>)
    text = element.text or "" if not len(element) else element.text_content()
    return text if len(text) <= _LABEL_LIMIT else None


def _first_child(element):
    """The first element child, less scripts, styles and comments."""
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _UNSEEN:
            return child
    return None


def _label_element(element):
    """What may hold a box's label: the element, or the heading in its <header>."""
    if element.tag == "header":
        inner = _first_child(element)
        return inner if inner is not None else element
    return element


def _previous_element(element):
    node = element.getprevious()
    while node is not None and (not isinstance(node.tag, str) or node.tag in _UNSEEN):
        if (node.tail or "").strip():
            return None  # loose text between them
        node = node.getprevious()
    if node is not None and (node.tail or "").strip():
        return None
    return node


def _no_text(element) -> bool:
    return not any(text.strip() for text in _visible_texts(element))


def _visible_texts(element):
    for node in element.iter():
        tag = node.tag
        if isinstance(tag, str) and tag not in _UNSEEN:
            if node.text:
                yield node.text
        if node is not element and node.tail:
            yield node.tail


def _all_links(element) -> bool:
    """Text that is all link text: a headline linking to another page."""
    text = _visible(_visible_texts(element))
    if text == 0:
        return False
    links = _visible(text for a in element.iter("a") for text in a.itertext())
    return links >= 0.9 * text


_ROW_SEPARATORS = re.compile(r"[\s|·•/,;:–—>»-]*")


def _link_row(element) -> bool:
    """A row of links and nothing else but separators ("Home | News | Contact", "Previous
    Next"): navigation, not a paragraph. A paragraph with a few links in its prose is kept."""
    anchors = list(element.iter("a"))
    if not anchors:
        return False
    rest, outside = [element.text or ""], ""
    for child in element:
        if isinstance(child.tag, str) and child.tag != "a" and \
                next(child.iter("a"), None) is None:
            text = "".join(child.itertext())
            if text.strip():
                if outside or len(text) > _LABEL_LIMIT:
                    return False  # text outside the links
                outside = text  # "<strong>SEE MORE:</strong> <a>": perhaps a label
        rest.append(child.tail or "")
    rest = "".join(rest)
    if not outside and _ROW_SEPARATORS.fullmatch(rest) is not None:
        return len(anchors) >= 2  # one link alone may be a paragraph's only sentence
    return is_label(outside + rest)  # "SEE MORE: <a>", "Tags: <a>, <a>": a label, its links


def _shouted_link(element) -> bool:
    """A paragraph that is one link in capitals ("CLICK HERE TO GET THE FOX NEWS APP", a
    related headline set in caps between the article's paragraphs): a promotion."""
    if next(element.iter("a"), None) is None:
        return False
    text = "".join(element.itertext())
    if len(text.split()) < 3 or any(char.islower() for char in text):
        return False
    return _all_links(element)


def _link_list(element) -> bool:
    """A list whose text is mostly links (a navigation row, related links, tag lists)."""
    text = _visible(element.itertext())
    if text == 0:
        return False
    links = _visible(text for a in element.iter("a") for text in a.itertext())
    if links >= 0.6 * text:
        return True
    # teasers: every item opens with a link (a headline) and adds a line of summary
    items = [item for item in element if item.tag == "li"]
    return len(items) >= 3 and links >= _TEASER_LINKS * text and all(
        not (item.text or "").strip() and len(item) and item[0].tag == "a" for item in items)
