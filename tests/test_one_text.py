"""One text: the site's own prose, on every built page, in one voice, one vocabulary, one notation.

The site's own prose is everything a reader reads that the site wrote: the home page, supplements,
the glossary, the errata list, the notebooks' text and set-up lines, the source pages, the 404
page, the notes and explorer boxes on the mirrored pages, and every image's alt text. The slides'
text that the mirrored pages copy keeps the deck's voice and spelling, and so does anything the
site quotes in 「」. The words come from the one table of them (scripts/pages/terms.py).
"""
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import SITE  # noqa: E402

sys.path.insert(0, str(SITE.parent))
from scripts.pages import terms  # noqa: E402
from scripts.pages.japanese_text import JAPANESE  # noqa: E402

ROOT = SITE.parent
MIRRORED = {"loss", "diff", "gradient", "descent", "learning", "advanced"}  # pages copying the slides' text
DECK_NOTES = {"quote"}  # admonitions holding the slides' own words (their hidden comments)
SKIPPED = {"pre", "code", "script", "style", "svg", "textarea", "kbd"}
VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area", "base", "embed", "track"}
BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "figcaption", "dt", "dd", "summary", "div", "section"}


class OwnProse(HTMLParser):
    """The site's own text of a page's <article>: on a mirrored page its notes (admonitions other
    than the deck's comments) and every block that is not the slides' text; elsewhere all of it.
    Code, formulas and the glossary's list of variant spellings aside; alt texts of every image."""

    def __init__(self, mirrored):
        super().__init__(convert_charrefs=True)
        self.mirrored, self.blocks, self.current, self.alts = mirrored, [], [], []
        self.stack, self.skip, self.own, self.in_article = [], 0, 0, 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if tag == "img" and self.in_article:
            self.alts.append(attributes.get("alt") or "")
        if tag in VOID:
            return
        skip = tag in SKIPPED or bool({"katex", "arithmatex", "term-variants", "headerlink", "clipboard-copy-txt"} & classes)
        if skip and not self.skip:
            self.handle_data("X")  # code or a formula stands in the sentence: not Japanese, not punctuation
        own = tag == "div" and "admonition" in classes and not DECK_NOTES & classes
        own -= tag == "div" and bool(DECK_NOTES & classes)  # -1: the deck's hidden comments
        if tag == "article":
            self.in_article += 1
        if tag in BLOCKS:
            self.flush()
        self.stack.append((tag, skip, own))
        self.skip += skip
        self.own += own

    def handle_endtag(self, tag):
        if tag in VOID or tag not in (entry[0] for entry in self.stack):
            return
        if tag in BLOCKS:
            self.flush()
        if tag == "article":
            self.in_article -= 1
        while self.stack:  # an element left open inside this one closes with it
            name, skip, own = self.stack.pop()
            self.skip -= skip
            self.own -= own
            if name == tag:
                break

    def handle_data(self, data):
        if self.in_article and not self.skip and self.deck_notes() == 0:
            self.current.append(data)

    def deck_notes(self):
        return sum(own < 0 for _, _, own in self.stack)

    def flush(self):
        text = "".join(self.current).strip()
        in_note = any(own > 0 for _, _, own in self.stack)
        if text and (not self.mirrored or in_note or not in_deck(text)):
            self.blocks.append(text)
        self.current = []


def pages():
    return sorted(p for p in SITE.rglob("*.html") if p.relative_to(SITE).parts[0] != "slides")


def own_prose(path):
    name = path.relative_to(SITE).parts[0]
    parser = OwnProse(mirrored=name in MIRRORED)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.flush()
    return parser


DECK = (ROOT / "tests" / "data" / "slides.md").read_text(encoding="utf-8")
QUOTE = re.compile(r"「([^「」]*(?:「[^「」]*」[^「」]*)*)」")


def slide_titles():
    """The slides' titles, which the site names as they are (the errata list links them)."""
    from scripts.slides import deck
    return sorted({slide.heading for slide in deck.slides() if "(" in slide.heading or "（" in slide.heading}, key=len, reverse=True)  # not a word


SLIDE_TITLES = slide_titles()


def unquoted(text):
    """What the site says in its own words: a quote of the slides' own text, or a slide's title,
    keeps the slides' spelling and voice, so it is left out (the site's own words in 「」 are not)."""
    for title in SLIDE_TITLES:
        text = text.replace(title, "「」")
    return QUOTE.sub(lambda m: "「」" if in_deck(m.group(1)) else m.group(0), text)


def in_deck(text):
    """The text is the slides' own (line breaks, formulas and code aside)."""
    return re.sub(r"\s+", "", text.replace("X", "")) in DECK_FLAT


DECK_FLAT = re.sub(r"\s+", "", re.sub(r"```.*?```|\$\$.*?\$\$|\$[^$\n]*\$|`[^`\n]*`|<!--|-->|^#+|^- |\*\*", "",
                                      DECK, flags=re.S | re.M))


PAGES = pages() if SITE.is_dir() else []
IDS = [p.relative_to(SITE).as_posix() for p in PAGES]
POLITE = re.compile(r"(です|ます|ません|でした|ました|ください)[。）]")
FULL_WIDTH_DIGIT = re.compile(r"[０-９]")
# a comma or ?! after Japanese, ", " before it, and ", " between two pieces of code listed in Japanese brackets
LATIN_PUNCTUATION = re.compile(rf"[{JAPANESE}][,?!](?=\s*[{JAPANESE}]|\s*$)|[{JAPANESE}]\s*[?!]|, (?=[{JAPANESE}])"
                               rf"|[{JAPANESE}], |（[^（）]*X, X[^（）]*）")
CHAPTER = re.compile(r"(\d) 章[（「]([^）」]+)[）」]")


def test_the_site_has_its_pages():
    assert len(PAGES) >= 27 and any(p.name == "404.html" for p in PAGES)


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_the_site_s_own_prose_keeps_one_voice_and_japanese_typography(path):
    prose = own_prose(path)
    assert prose.blocks, "no prose of the site's own"
    found = []
    for block in map(unquoted, prose.blocks + prose.alts):
        for rule, pattern in (("です・ます", POLITE), ("全角の数字", FULL_WIDTH_DIGIT), ("半角の句読点", LATIN_PUNCTUATION)):
            found += [f"{rule}: …{block[max(0, m.start() - 15):m.end() + 15]}…" for m in pattern.finditer(block)]
    assert found == []


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_the_site_s_own_prose_uses_the_site_s_words(path):
    variants = terms.variants()
    found = [f"{variant}（サイトの言葉は {word}）: …{block[max(0, block.index(variant) - 15):block.index(variant) + 20]}…"
             for block in map(unquoted, own_prose(path).blocks + own_prose(path).alts)
             for variant, word in variants.items() if variant in block]
    assert found == []


@pytest.mark.parametrize("path", [p for p in PAGES if p.relative_to(SITE).parts[0] != "source"],
                         ids=[i for i in IDS if not i.startswith("source/")])
def test_where_a_page_says_正解率_it_names_the_book_s_認識精度(path):
    """The site says 正解率; the book, 認識精度 (4.2.5): a page that shows the one, printed output
    included, names the other (the source pages list code only)."""
    page = path.read_text(encoding="utf-8")
    article = page[page.find("<article"):page.find("</article>")]
    if "正解率" in article:
        assert "認識精度" in article


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_a_chapter_of_the_book_is_named_by_its_title(path):
    text = "\n".join(own_prose(path).blocks)
    wrong = [f"{number} 章（{title}）: 原著の題名は「{terms.CHAPTERS[int(number)]}」"
             for number, title in CHAPTER.findall(text) if title != terms.CHAPTERS[int(number)]]
    assert wrong == []


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_every_image_says_in_japanese_what_it_shows(path):
    alts = own_prose(path).alts
    assert all(re.search(f"[{JAPANESE}]", alt) for alt in alts), alts
    generic = [alt for alt in alts if alt in ("ノートブックの出力の図", "図", "画像")]
    assert generic == []


def test_no_page_is_left_in_english():
    """A page whose own prose has no Japanese at all (Material's English 404 page, for one)."""
    english = [p.relative_to(SITE).as_posix() for p in PAGES
               if not re.search(f"[{JAPANESE}]", "".join(own_prose(p).blocks))]
    assert english == []
