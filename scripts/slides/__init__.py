"""The presentable deck, in the order it is made: reading the study notes' deck (deck.py), the
corrections to it (corrections.py), its code run at build (code.py), the Marp Markdown
(markdown.py) and running Marp (marp.py). scripts/steps/make_slides.py is the build step."""


class SlidesError(Exception):
    """A problem with the deck or its corrections, reported in one line by the build step."""
