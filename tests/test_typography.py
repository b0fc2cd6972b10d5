"""Japanese typeset as a book, checked on every built page: no space between two Japanese characters
in the text a reader sees (code and formulas aside), and headings, captions and body text that break
lines at phrase boundaries on a narrow screen."""
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import SITE  # noqa: E402

sys.path.insert(0, str(SITE.parent))
from scripts.pages.japanese_text import JAPANESE, join_markdown_lines, join_soft_breaks  # noqa: E402

SPACE_BETWEEN_JAPANESE = re.compile(rf"[{JAPANESE}][ \t\n\r]+[{JAPANESE}]")
SKIPPED = {"pre", "code", "script", "style", "svg", "textarea"}
BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "figcaption", "dt", "dd", "summary", "blockquote", "div", "section"}


class ProseText(HTMLParser):
    """The text of each block of an HTML page's <article>, without code and formulas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.current, self.skip, self.in_article = [], [], 0, 0
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "hr", "input", "meta", "link", "source", "wbr"):
            return
        classes = dict(attrs).get("class") or ""
        skip = tag in SKIPPED or "katex" in classes.split() or "arithmatex" in classes.split()
        if skip and not self.skip and self.in_article:
            self.current.append("X")  # code or a formula: not Japanese, so a space beside it stays
        self.stack.append(skip)
        self.skip += skip
        if tag == "article":
            self.in_article += 1
        if tag in BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.flush()
        if tag == "article":
            self.in_article -= 1
        if self.stack:
            self.skip -= self.stack.pop()

    def handle_data(self, data):
        if self.in_article and not self.skip:
            self.current.append(data)

    def flush(self):
        text = "".join(self.current).strip()
        if text:
            self.blocks.append(text)
        self.current = []


def pages():
    return sorted(p for p in SITE.rglob("*.html") if "slides" not in p.parts)


def test_the_site_has_pages():
    assert len(pages()) >= 25


@pytest.mark.parametrize("path", pages() if SITE.is_dir() else [], ids=lambda p: p.relative_to(SITE).as_posix())
def test_no_space_between_japanese_characters(path):
    parser = ProseText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.flush()
    assert parser.blocks, path
    found = [f"…{block[max(0, m.start() - 12):m.end() + 12]}…" for block in parser.blocks
             for m in SPACE_BETWEEN_JAPANESE.finditer(block)]
    assert found == []


def test_soft_breaks_join_only_between_japanese_characters_outside_code():
    assert join_soft_breaks("<p>どの入力でも\n似ていて、<strong>写す。</strong>\n  動く 4 章\nです</p>\n<p>次</p>") == \
        "<p>どの入力でも似ていて、<strong>写す。</strong>動く 4 章です</p>\n<p>次</p>"
    assert join_soft_breaks("<pre><code>学習\n率</code></pre>") == "<pre><code>学習\n率</code></pre>"
    assert join_soft_breaks('<span class="arithmatex">\\(学\n習\\)</span>') == '<span class="arithmatex">\\(学\n習\\)</span>'
    assert join_soft_breaks("<p>dlcode\nの関数</p>") == "<p>dlcode\nの関数</p>"  # Latin beside Japanese
    assert join_markdown_lines("## 見出し\n本文の\n続き\n`a\nb`と\n続く\n| 表 |\n| 次 |") == \
        "## 見出し\n本文の続き\n`a\nb`と続く\n| 表 |\n| 次 |"
