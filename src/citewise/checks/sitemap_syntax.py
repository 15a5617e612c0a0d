"""sitemap-syntax: a sitemap that is not well-formed XML, at libxml2's line and column."""

import re

from citewise.diagnostic import Problem

# libxml2's words for the commonest mistakes, said the way a sitemap's author would fix them.
_PLAIN = ((re.compile(r"EntityRef: expecting ';'|xmlParseEntityRef: no name"),
           "an & that is not escaped (write &amp;)"),
          (re.compile(r"Entity '(\w+)' not defined"),
           r"&\1; is not an XML entity (write the character itself, or &#number;)"))


def check(doc, options, context):
    sitemap = doc.sitemap
    if sitemap is not None and sitemap.error:
        yield Problem(sitemap.error_span, f"not well-formed XML: {_plain(sitemap.error)}; no "
                                          "sitemap reader gets past it")


def _plain(reason: str) -> str:
    for pattern, words in _PLAIN:
        if pattern.search(reason):
            return f"{pattern.sub(words, reason)}"
    return reason
