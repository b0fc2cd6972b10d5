"""Run every interactive example (```pycon blocks) on the site's pages as a doctest."""
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

import pytest
from sybil import Sybil
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.parsers.abstract.doctest import DocTestStringParser
from sybil.parsers.markdown.codeblock import CodeBlockParser

collect_ignore_glob = ["docs/notebooks/*.py", "site/*"]


class PyconParser:
    """Doctest examples inside ```pycon fences (indented ones in admonitions included)."""

    def __init__(self):
        self.blocks = CodeBlockParser(language="pycon")
        self.doctests = DocTestStringParser(DocTestEvaluator(ELLIPSIS | NORMALIZE_WHITESPACE))

    def __call__(self, document):
        for block in self.blocks(document):
            for region in self.doctests(block.parsed, document.path):
                region.adjust(block, block.parsed)
                yield region


pytest_collect_file = Sybil(parsers=[PyconParser()], patterns=["docs/*.md", "docs/supplement/*.md"]).pytest()


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    """A page's examples share one namespace and build on each other in order, so each page's
    examples run on one xdist worker (split over two, an example used a name that an earlier one
    had defined on the other worker)."""
    for item in items:
        if type(item).__module__.startswith("sybil."):
            item.add_marker(pytest.mark.xdist_group(f"examples-{item.path.name}"))
