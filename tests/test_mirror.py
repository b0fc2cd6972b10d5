"""Every slide of the original deck lives on the site, in its own page section and in order:
headings, prose, formulas, tables, code and printed values.

The deck (tests/data/slides.md, read through scripts/slides/deck.py) is split into slides; the mirrored
pages into sections at their headings. Each slide is matched with the next section carrying its
heading, and everything on the slide must be in that section (code included from dlcode by
pymdownx.snippets is expanded first), so a short line cannot pass by appearing on another page.
"""
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.slides import deck  # noqa: E402

MIRROR_PAGES = ["index.md", "loss.md", "diff.md", "gradient.md", "descent.md", "learning.md"]
SLIDES = deck.slides()

# Lines the pages deliberately show differently, each explained in a 元のスライドとの違い note.
CHANGED_ON_PURPOSE = {
    "numerical_diff(function_1, -10))",  # one ")" too many: SyntaxError (diff.md)
}
SNIPPET = re.compile(r'^(\s*)--8<-- "([^":]+):([\w-]+)"\s*$', re.M)


def snippet(path, name):
    text = (ROOT / path).read_text(encoding="utf-8")
    match = re.search(rf"# --8<-- \[start:{name}\]\n(.*?)^\s*# --8<-- \[end:{name}\]", text, re.S | re.M)
    assert match, f"no snippet section {name} in {path}"
    return match.group(1)


def sections():
    """[(page, heading, text)] of the mirrored pages in site order; headings inside code fences
    are code comments, not headings."""
    found = []
    for page in MIRROR_PAGES:
        text = SNIPPET.sub(lambda m: snippet(m.group(2), m.group(3)), (ROOT / "docs" / page).read_text(encoding="utf-8"))
        heading, lines, fenced = None, [], False
        for line in text.splitlines():
            if re.match(r"\s*```", line):
                fenced = not fenced
            match = None if fenced else re.match(r"#{1,6} (.+?)\s*$", line)
            if match:
                found.append((page, heading, "\n".join(lines)))
                heading, lines = match.group(1), []
            else:
                lines.append(line)
        found.append((page, heading, "\n".join(lines)))
    return found


def mirror_of_each_slide():
    """{slide number: (page, section text)}, matching slides to sections in order."""
    ordered, position, matched = sections(), 0, {}
    for slide in SLIDES:
        if slide.level <= 2:  # the title and chapter slides are quoted as covers on the home page
            matched[slide.number] = next((p, t) for p, h, t in ordered if f'class="slide-cover">{slide.heading}<' in t)
            continue
        for index in range(position, len(ordered)):
            if ordered[index][1] == slide.heading:
                matched[slide.number] = ordered[index][0], ordered[index][2]
                position = index + 1
                break
    return matched


MIRRORS = mirror_of_each_slide()


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def slide_id(slide):
    return f"{slide.number:02d}-{slide.heading[:30]}"


def test_deck_has_all_its_slides():
    assert len(SLIDES) == 33  # the title slide, the chapter title and 31 content slides


@pytest.mark.parametrize("slide", SLIDES, ids=slide_id)
def test_slide_has_its_own_section_in_deck_order(slide):
    assert slide.number in MIRRORS, f"no section headed {slide.heading!r} after the previous slide's"


@pytest.mark.parametrize("slide", SLIDES, ids=slide_id)
def test_slide_formulas_are_in_its_section(slide):
    section = normalise(MIRRORS[slide.number][1])
    for formula in slide.formulas():
        # Blank lines inside aligned are the one change (listed on errata.md); normalise drops them.
        assert normalise(formula) in section, formula


IMAGE_TABLE = re.compile(r"^(.+\|.+)\n[-:| ]+\n(.*!\[.*)$", re.M)


def image_table_as_captions(text):
    """A table of images is shown as a grid of figures (readable on a phone): its header cells
    are the figures' captions, one per line here."""
    return IMAGE_TABLE.sub(lambda m: "\n".join(cell.strip() for cell in m.group(1).split("|")), text)


@pytest.mark.parametrize("slide", SLIDES, ids=slide_id)
def test_slide_prose_and_tables_are_in_its_section(slide):
    section = normalise(MIRRORS[slide.number][1])
    without_code = re.sub(r"^```.*?^```", "", image_table_as_captions(slide.text), flags=re.S | re.M)
    without_math = re.sub(r"\$\$.*?\$\$", "", without_code, flags=re.S)
    if slide.number == len(SLIDES):  # the closing hidden notes are the advanced page (test below)
        without_math = re.sub(r"<!--\s*\n### 以下内容.*?-->", "", without_math, flags=re.S)
    for line in without_math.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "![" in line or re.fullmatch(r"[-:| ]+", line):
            continue  # headings, images (re-drawn figures) and table rules
        line = re.sub(r"^<!--(.*)-->$", r"\1", line)  # a hidden comment is shown as a quote
        assert normalise(line) in section, line


@pytest.mark.parametrize("slide", SLIDES, ids=slide_id)
def test_slide_code_is_in_its_section(slide):
    """Definitions come in through snippets of dlcode/slides.py, calls as `>>>` examples."""
    section = MIRRORS[slide.number][1]
    for block in slide.code_blocks():
        for line in block.splitlines():
            code = line.strip()
            if not code or code.startswith("->") or code in CHANGED_ON_PURPOSE or code == ".":
                continue
            assert code in section, code


@pytest.mark.parametrize("slide", SLIDES, ids=slide_id)
def test_slide_printed_values_are_in_its_section(slide):
    section = MIRRORS[slide.number][1]
    for value in re.findall(r"^->\s*(\S+)$", slide.visible, re.M):
        expected = value.lstrip(".")  # `.0975...` lacks its 0 (errata.md #1)
        assert expected in section, value


def test_a_line_from_another_slide_does_not_count():
    """The check is per section: the loss slide's code is not accepted for the diff slide."""
    loss_code = deck.slide("損失関数(２乗和誤差：実装)").code_blocks()[0].splitlines()[1].strip()
    assert loss_code in MIRRORS[deck.slide("損失関数(２乗和誤差：実装)").number][1]
    assert loss_code not in MIRRORS[deck.slide("微分(数値微分：実装)").number][1]


def test_hidden_closing_notes_are_the_advanced_page():
    advanced = (ROOT / "docs" / "advanced.md").read_text(encoding="utf-8")
    notes = [c for c in SLIDES[-1].comments if c.startswith("### 以下内容")]
    assert len(notes) == 1
    for line in notes[0].splitlines():
        item = line.strip().lstrip("-#").strip()
        if item:
            assert item in advanced, item
