"""The reading order follows the book, and no term is used before it is explained.

- The home page's 読み方 lists the chapter's pages line by line, each line headed by the book's sections
  it covers (4.1, 4.2.1–4.2.2, …): the lines go through the book in order, the navigation (mkdocs.yml)
  holds the same pages in the same order, and each supplement's opening names a book section on its line.
  (The mirrored pages keep the slides' order: tests/test_mirror.py.)
- Read in the navigation's order over the built pages (text, formulas and alt texts as a reader meets
  them), each term below is explained where it first appears.
"""
import html
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SITE = ROOT / "site"
SECTION = r"4\.\d(?:\.\d)?"


class _IgnoringTags(yaml.SafeLoader):
    """mkdocs.yml's !ENV and !!python tags are MkDocs' business: read them as nothing."""


_IgnoringTags.add_multi_constructor("", lambda loader, suffix, node: None)


def chapter_pages():
    """The navigation's single pages after the home page, up to its first group (the hands-on notebooks)."""
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoringTags)["nav"]
    pages = []
    for entry in nav[1:]:
        (target,) = entry.values()
        if not isinstance(target, str):
            break
        pages.append(target)
    return pages


def section(text):
    return tuple(int(part) for part in text.split("."))


def reading_lines():
    """[(first section, last section, [pages])] of 読み方's first item, in order."""
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    block = text[text.index("## 読み方"):text.index("\n2. ", text.index("## 読み方"))]
    items = re.split(r"\n {4}\d+\. ", block)[1:]
    lines = []
    for item in items:
        match = re.match(rf"({SECTION})(?:–({SECTION}))?: ", item)
        assert match, f"a 読み方 line without the book's sections: {item[:40]}"
        first, last = section(match.group(1)), section(match.group(2) or match.group(1))
        lines.append((first, last, re.findall(r"\]\(([^)#]+\.(?:md|ipynb))\)", item)))
    return lines


def opening(page):
    """What a page says first: its abstract (supplements) or its first Markdown cell (notebooks)."""
    if page.endswith(".ipynb"):
        source = (DOCS / page).with_suffix(".py").read_text(encoding="utf-8")
        return source.split("# %%")[1]
    return (DOCS / page).read_text(encoding="utf-8")[:600]


def within(named, first, last):
    return named[:len(first)] >= first and named[:len(last)] <= last


def test_reading_order_and_navigation_list_the_same_pages_in_the_same_order():
    assert [page for _, _, pages in reading_lines() for page in pages] == chapter_pages()


def test_reading_order_goes_through_the_book_s_sections_in_order():
    lines = reading_lines()
    assert len(lines) >= 7
    for (first, last, _), (following, _, _) in zip(lines, lines[1:]):
        assert first <= last < following, (first, last, following)


@pytest.mark.parametrize("page", [page for _, _, pages in reading_lines() for page in pages
                                  if page.startswith(("supplement/", "notebooks/")) or page == "summary.md"])
def test_each_supplement_names_a_book_section_on_its_line_of_the_reading_order(page):
    (first, last), = [(first, last) for first, last, pages in reading_lines() if page in pages]
    named = re.search(rf"原著 ({SECTION})(?:–{SECTION})? ?節", opening(page))
    assert named, f"{page} does not say which of the book's sections it covers"
    assert within(section(named.group(1)), first, last), (page, named.group(1), first, last)


def test_section_ranges_compare_by_their_common_depth():
    assert within((4, 4, 1), (4, 4), (4, 4)) and within((4, 2, 3), (4, 2, 3), (4, 2, 5))
    assert not within((4, 2, 1), (4, 1), (4, 1)) and not within((4, 5), (4, 4), (4, 4))


# Each term, and what must stand within a few sentences of its first use in the reading order.
TERMS = {
    "∇": r"ナブラ",  # the symbol's name: the note on 勾配 says what ∇f is
    "連鎖律": r"合成関数",  # what the chain rule says
    "逆伝播": r"さかのぼ",  # how backpropagation goes: from the output back, layer by layer
    "ハイパーパラメータ": r"前もって決める",
}
BEFORE, AFTER = 120, 240  # characters (spaces removed) around the first use
# Functions of the slides: first used on the page that shows their definition.
DEFINED_FIRST = ("numerical_diff", "numerical_gradient")


def reader_text(page_html):
    """An <article>'s text as read: alt texts in place of images, formulas once (KaTeX's MathML copy
    and TeX source left out), no spaces."""
    article = page_html[page_html.index("<article"):page_html.index("</article>")]
    article = re.sub(r"<(script|style)\b.*?</\1>", "", article, flags=re.S)
    article = re.sub(r'<span class="katex-mathml">.*?</math></span>', "", article, flags=re.S)
    article = re.sub(r'<img\b[^>]*?\balt="([^"]*)"[^>]*>', r" \1 ", article)
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", " ", article)))


def pages_in_reading_order():
    home = (SITE / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"#]+)" class="md-nav__link[^"]*">', home)  # not the home page's own headings
    folders = list(dict.fromkeys(href.removeprefix("./").rstrip("/") for href in hrefs))
    return [SITE / folder / "index.html" if folder != "." else SITE / "index.html" for folder in folders]


def first_use(term):
    """(page, its text, where the term is first used) in the reading order."""
    if not SITE.is_dir():
        pytest.fail("site/ is missing: build it with `make site`")
    for path in pages_in_reading_order():
        text = reader_text(path.read_text(encoding="utf-8"))
        position = text.find(term)
        if position >= 0:
            return path, text, position
    pytest.fail(f"{term} is on no page")


@pytest.mark.parametrize("term", TERMS)
def test_each_term_is_explained_where_it_is_first_used(term):
    path, text, position = first_use(term)
    window = text[max(0, position - BEFORE):position + AFTER]
    assert re.search(TERMS[term], window), (path.relative_to(SITE).as_posix(), window)


@pytest.mark.parametrize("name", DEFINED_FIRST)
def test_each_function_of_the_slides_is_first_used_on_the_page_that_defines_it(name):
    path, text, position = first_use(name)
    assert f"def{name}(" in text or f"def_{name}(" in text, (path.relative_to(SITE).as_posix(), text[position - 80:position + 80])


def test_reading_order_of_the_built_site_is_the_navigation():
    names = [path.parent.relative_to(SITE).as_posix() for path in pages_in_reading_order()]
    chapter = [re.sub(r"(/?index)?\.(md|ipynb)$", "", page) for page in chapter_pages()]
    assert names[0] == "." and names[1:1 + len(chapter)] == chapter
