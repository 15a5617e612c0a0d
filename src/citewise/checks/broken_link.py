"""broken-link: a relative link between the run's pages that leads to no file, or to a page
with no such #anchor. Only what is certain: see citewise.services.crosspage for what resolves."""

from __future__ import annotations

from citewise.diagnostic import Problem


def check(site, options, context):
    ignored = tuple(options.get("ignore-fragments", ()))
    for page in site.pages:
        for link in page.links:
            target = site.resolve(page, link.href)
            if target.kind == "missing":
                yield page.path, Problem(link.span, f'link to "{link.href}": there is no file '
                                                    f"{target.path}")
            elif target.kind == "page" and target.fragment:
                linked = site.page(target.path)
                if linked is page and page.format == "html":
                    continue  # an HTML page's own #links are often a script's hooks (#comments)
                if _ignored(target.fragment, ignored) or site.has_anchor(linked, target.fragment):
                    continue
                where = "this page" if linked is page else linked.path
                yield page.path, Problem(link.span, f'link to "{link.href}": {where} has no '
                                                    f'heading or id "{target.fragment}"')


def _ignored(fragment: str, prefixes: tuple[str, ...]) -> bool:
    """Ids a generator or a script makes that no page source shows (footnotes, tabs, line
    numbers), from the rule's `ignore-fragments` option."""
    return any(fragment.startswith(prefix) for prefix in prefixes)
