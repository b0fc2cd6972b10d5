"""The study notes' Marp deck (tests/data/slides.md, the source this site mirrors), split into
slides: the one reader of the deck for the tests and the build steps.

Marp's classic syntax: global directives in leading HTML comments (`<!-- $theme: gaia -->`),
slides separated by `---` lines, and HTML comments inside a slide that the audience never sees.
"""
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
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


# The pages that mirror the deck, in site order (supplementary pages come after them).
MIRROR_PAGES = ("index.md", "loss.md", "diff.md", "gradient.md", "descent.md", "learning.md")
COVER_SECTION = ("index.md", "元のスライドの表紙")  # where the title and chapter slides are quoted


@dataclass(frozen=True)
class Section:
    page: str  # under docs/
    heading: str
    anchor: str  # the id MkDocs gives the heading
    text: str  # the section's Markdown, up to the next heading


def page_sections(page, docs=ROOT / "docs"):
    """A page's sections at its headings, with the ids MkDocs' toc extension gives them (the
    site's slugify; a repeated heading gets _1, _2). Lines in code fences are no headings."""
    from markdown.extensions.toc import unique
    from pymdownx.slugs import slugify

    slug, used, found = slugify(case="lower"), set(), []
    heading, anchor, lines, fenced = None, "", [], False
    text = re.sub(r"\A---\n.*?\n---\n", "", (Path(docs) / page).read_text(encoding="utf-8"), flags=re.S)
    for line in text.splitlines():
        if re.match(r"\s*```", line):
            fenced = not fenced
        match = None if fenced else re.match(r"#{1,6} (.+?)\s*$", line)
        if match:
            found.append(Section(page, heading, anchor, "\n".join(lines)))
            heading, lines = match.group(1), []
            anchor = unique(slug(heading, "-"), used)
        else:
            lines.append(line)
    found.append(Section(page, heading, anchor, "\n".join(lines)))
    return found


def mirrored_sections(docs=ROOT / "docs", path=DECK):
    """{slide number: Section}: each slide's section, matching slides to the next section with
    their heading in page order; the title and chapter slides are quoted on the home page."""
    ordered = [s for page in MIRROR_PAGES for s in page_sections(page, docs)]
    cover = next(s for s in ordered if (s.page, s.heading) == COVER_SECTION)
    position, matched = 0, {}
    for slide_ in slides(path):
        if slide_.level <= 2:
            matched[slide_.number] = cover
            continue
        for index in range(position, len(ordered)):
            if ordered[index].heading == slide_.heading:
                matched[slide_.number] = ordered[index]
                position = index + 1
                break
        else:
            raise KeyError(f"slide {slide_.number} ({slide_.heading}): no section with its heading "
                           f"after the previous slide's on {', '.join(MIRROR_PAGES)}")
    return matched


NOTE_TITLE = "元のスライドとの違い: "


def note_id(title):
    """The id of a page's 「元のスライドとの違い: <title>」 note (an admonition), which the corrected
    deck's 「訂正」 links open: note- and the title slugified, math delimiters dropped."""
    from pymdownx.slugs import slugify

    return "note-" + slugify(case="lower")(title.replace("$", ""), "-")
