"""citewise: lint web pages for what makes them hard for AI answer engines to cite."""

__version__ = "0.1.0"
