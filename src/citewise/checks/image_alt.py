"""image-alt: an image in the main content with no alt text."""

from __future__ import annotations

from pathlib import PurePath

from citewise.diagnostic import Problem


def check(doc, options, context):
    for image in doc.images:
        if image.alt is not None:
            continue  # described, or marked decorative with alt=""
        name = PurePath(image.src.split("?")[0]).name if image.src else ""
        what = f"image \"{name[:60]}\"" if name else "image"
        yield Problem(image.span, f"{what} has no alt text: engines and screen readers cannot "
                                  f"tell what it shows")
