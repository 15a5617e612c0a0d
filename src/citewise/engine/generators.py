"""Site generators recognised from the files at a site's root (for default excludes and init).

Hugo keeps templates in `layouts/` and themes (with their own templates and demo content) in
`themes/`: they are not the site's pages, so a walked Hugo site leaves them out, unless the
folder named on the command line is one of them.
"""

from __future__ import annotations

from pathlib import Path

HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
LEGACY_HUGO_CONFIGS = ("config.toml", "config.yaml", "config.yml", "config.json")
HUGO_TEMPLATE_DIRS = ("layouts", "themes")


def is_hugo_site(root: Path) -> bool:
    """hugo.toml (Hugo 0.110+), or an older config.toml beside the content/ and archetypes/ or
    layouts/ folders only Hugo lays out together."""
    if any((root / name).is_file() for name in HUGO_CONFIGS):
        return True
    return (any((root / name).is_file() for name in LEGACY_HUGO_CONFIGS)
            and (root / "content").is_dir()
            and ((root / "archetypes").is_dir() or (root / "layouts").is_dir()))


def template_dirs(folder: Path) -> list[Path]:
    """The Hugo template folders a walk of `folder` leaves out: those of the Hugo site that
    `folder` is or lies in, unless `folder` is inside one of them."""
    folder = folder.absolute()
    for root in (folder, *folder.parents):
        if is_hugo_site(root):
            skipped = [root / name for name in HUGO_TEMPLATE_DIRS]
            if any(folder == d or d in folder.parents for d in skipped):
                return []
            return skipped
    return []
