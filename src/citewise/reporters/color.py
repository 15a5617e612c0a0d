"""Whether the text report is coloured: --color, then NO_COLOR / FORCE_COLOR, then the TTY."""

from __future__ import annotations

import os


def use_color(choice: str, is_terminal: bool, environ=None) -> bool:
    """`--color always|never` decides; with `auto`, a non-empty NO_COLOR (no-color.org) turns
    colour off, a FORCE_COLOR other than 0/false turns it on (CI logs that render ANSI), and
    otherwise a terminal gets colour."""
    environ = os.environ if environ is None else environ
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    force = environ.get("FORCE_COLOR")
    if force and force.strip().lower() not in ("0", "false", "no"):
        return True
    return is_terminal
