"""The study notes' Marp deck (tests/data/slides.md, the source this site mirrors), split into
slides: the one reader of the deck for the tests and the build steps.

Marp's classic syntax: global directives in leading HTML comments (`<!-- $theme: gaia -->`),
slides separated by `---` lines, and HTML comments inside a slide that the audience never sees.
"""
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DECK = ROOT / "tests" / "data" / "slides.md"
DIRECTIVE = re.compile(r"\s*\$?(\w+)\s*:\s*(.*?)\s*")


@dataclass(frozen=True)
class Slide:
    number: int  # 1-based, as Marp's page numbers
    heading: str  # the first heading's text
    level: int  # its number of #
    text: str  # the slide as written, hidden comments included
    visible: str  # the slide without its hidden comments
    comments: tuple  # the hidden comments' texts

    def code_blocks(self):
        return re.findall(r"^```[a-z]*\n(.*?)^```", self.visible, flags=re.S | re.M)

    def formulas(self):
        return re.findall(r"\$\$(.*?)\$\$", self.visible, flags=re.S)


def _split(text):
    """(directives, [slide text, ...])."""
    header = re.match(r"\A(?:\s*<!--.*?-->)*", text, flags=re.S).group(0)
    directives = {}
    for comment in re.findall(r"<!--(.*?)-->", header, flags=re.S):
        match = DIRECTIVE.fullmatch(comment)  # `<!-- <!-- footer: ... -->` is no directive: switched off
        if match:
            directives.setdefault(match.group(1), match.group(2))
    body = text[len(header):]
    return directives, [part.strip("\n") for part in re.split(r"^---\s*$", body, flags=re.M) if part.strip()]


@lru_cache(maxsize=None)
def read(path=DECK):
    """(global directives, slides) of the deck at ``path``."""
    directives, parts = _split(Path(path).read_text(encoding="utf-8"))
    slides = []
    for number, part in enumerate(parts, start=1):
        comments = tuple(c.strip() for c in re.findall(r"<!--(.*?)-->", part, flags=re.S))
        visible = re.sub(r"\n?<!--.*?-->", "", part, flags=re.S).strip("\n")
        heading = re.search(r"^(#+)\s*(.+?)\s*$", visible, flags=re.M)
        slides.append(Slide(number, heading.group(2), len(heading.group(1)), part, visible, comments))
    return directives, tuple(slides)


def slides(path=DECK):
    return read(path)[1]


def slide(heading, level=None, path=DECK):
    """The one slide with this heading (and heading level: the deck reuses the chapter's name
    for ## ニューラルネットワークの学習, ### and ####)."""
    found = [s for s in slides(path) if s.heading == heading and level in (None, s.level)]
    if len(found) != 1:
        raise KeyError(f"{len(found)} slides have the heading {heading!r}"
                       + ("" if level else "; give its level (number of #)"))
    return found[0]
