"""Every slide of the original deck lives on the site: headings, prose, formulas, tables, code.

The deck (tests/data/slides.md, the Marp source the site mirrors) is split into slides and each
piece is looked up in the Markdown pages (or, for code, in dlcode/slides.py which the pages include).
"""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DECK = (ROOT / "tests" / "data" / "slides.md").read_text(encoding="utf-8")
PAGES = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
SLIDE_CODE = (ROOT / "dlcode" / "slides.py").read_text(encoding="utf-8")

# Lines the pages deliberately show differently, each explained in a 原著スライドとの違い note.
CHANGED_ON_PURPOSE = {
    "numerical_diff(function_1, -10))",  # one ")" too many: SyntaxError (diff.md)
}


def slides():
    body = re.sub(r"\A(<!--.*?-->\s*)+", "", DECK, flags=re.S)  # Marp directives
    hidden_notes = re.search(r"<!--\s*\n(### 以下内容.*?)-->", body, re.S)
    body = body.replace(hidden_notes.group(0), "") if hidden_notes else body
    return [s.strip() for s in re.split(r"^---\s*$", body, flags=re.M) if s.strip()], hidden_notes


SLIDES, HIDDEN_NOTES = slides()


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


PAGES_FLAT = normalise(PAGES)


def blocks(slide, fence):
    return re.findall(rf"^{fence}[a-z]*\n(.*?)^{fence}", slide, flags=re.S | re.M)


def test_deck_has_all_its_slides():
    assert len(SLIDES) == 33  # the title slide, the chapter title and 31 content slides


@pytest.mark.parametrize("slide", SLIDES, ids=lambda s: s.splitlines()[0][:40])
def test_slide_heading_is_a_heading_or_cover_on_the_site(slide):
    heading = re.match(r"#+\s*(.+)", slide).group(1).strip()
    as_heading = re.search(rf"^#+ {re.escape(heading)}\s*$", PAGES, re.M)
    as_cover = f'<p class="slide-cover">{heading}</p>' in PAGES
    assert as_heading or as_cover, heading


@pytest.mark.parametrize("slide", SLIDES, ids=lambda s: s.splitlines()[0][:40])
def test_slide_formulas_are_on_the_site(slide):
    for formula in re.findall(r"\$\$(.*?)\$\$", slide, re.S):
        # Blank lines inside aligned are the one change (listed on errata.md).
        assert normalise(formula) in PAGES_FLAT, formula


@pytest.mark.parametrize("slide", SLIDES, ids=lambda s: s.splitlines()[0][:40])
def test_slide_prose_and_tables_are_on_the_site(slide):
    without_code = re.sub(r"^```.*?^```", "", slide, flags=re.S | re.M)
    without_math = re.sub(r"\$\$.*?\$\$", "", without_code, flags=re.S)
    for line in without_math.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "![" in line or re.fullmatch(r"[-:| ]+", line):
            continue  # headings, images (re-drawn figures) and table rules
        line = re.sub(r"^<!--(.*)-->$", r"\1", line)  # the hidden comment is shown as a quote
        assert normalise(line) in PAGES_FLAT, line


@pytest.mark.parametrize("slide", SLIDES, ids=lambda s: s.splitlines()[0][:40])
def test_slide_code_is_in_dlcode_or_on_the_page(slide):
    for block in blocks(slide, "```"):
        for line in block.splitlines():
            code = line.strip()
            if not code or code.startswith("->") or code in CHANGED_ON_PURPOSE or code == ".":
                continue
            in_package = code in SLIDE_CODE
            on_page = code in PAGES  # interactive examples (>>> lines) and the result text block
            assert in_package or on_page, code


@pytest.mark.parametrize("slide", SLIDES, ids=lambda s: s.splitlines()[0][:40])
def test_slide_printed_values_appear_on_the_site(slide):
    for value in re.findall(r"^->\s*(\S+)$", slide, re.M):
        expected = value.lstrip(".")  # `.0975...` lacks its 0 (errata.md #1)
        assert expected in PAGES, value


def test_hidden_closing_notes_are_the_advanced_page():
    advanced = (ROOT / "docs" / "advanced.md").read_text(encoding="utf-8")
    for line in HIDDEN_NOTES.group(1).splitlines():
        item = line.strip().lstrip("-#").strip()
        if item:
            assert item in advanced, item
