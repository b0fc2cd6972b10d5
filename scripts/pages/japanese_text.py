"""Japanese text set as a book: a line break in the source between two Japanese characters is no
space. Markdown (and HTML) turn a soft line break into a space, which Japanese text does not have
(「どの入力でも 似ていて」). Called by scripts/mkdocs_hooks.py for every page (notebook pages too)
and by scripts/pages/notebook_pages.py for the downloaded notebooks' Markdown cells. A space written
between Japanese and Latin text (「4 章」, 「`dlcode` の」) stays.
"""
import re

# Kana, kanji, and Japanese and full-width punctuation (、。「」（）・ー…).
JAPANESE = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
# Where text is not prose: code, scripts, styles and formulas keep every character.
PROTECTED = re.compile(r"<(pre|code|script|style|textarea)\b.*?</\1>|<(span|div) class=\"arithmatex\">.*?</\2>", re.S)
# Inline tags may stand between the two characters; a block tag (</p>, <li>) is a boundary anyway.
INLINE_TAGS = r"(?:</?(?:a|abbr|b|em|i|kbd|mark|small|span|strong|sub|sup)\b[^>]*>)*"
HTML_BREAK = re.compile(rf"([{JAPANESE}])({INLINE_TAGS})[ \t]*\n\s*({INLINE_TAGS})(?=[{JAPANESE}])")
# In Markdown: fenced code, inline code and $…$ / $$…$$ formulas are left alone.
MARKDOWN_PROTECTED = re.compile(r"```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$", re.S)
# A heading or a table row ends at its line; the next line starts something else.
MARKDOWN_BREAK = re.compile(rf"^(?![ \t]*[#|])(.*[{JAPANESE}])[ \t]*\n[ \t]*(?=[{JAPANESE}])", re.M)


def _outside(pattern, text, join):
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [join(text[last:match.start()]), match.group(0)]
        last = match.end()
    return "".join(pieces + [join(text[last:])])


def join_soft_breaks(page_html):
    """``page_html`` with each line break between two Japanese characters (tags aside) removed."""
    return _outside(PROTECTED, page_html, lambda text: HTML_BREAK.sub(r"\1\2\3", text))


def join_markdown_lines(markdown):
    """Markdown with each line break between two Japanese characters removed (list items, headings
    and paragraphs stay apart: a line that starts with a marker does not start with Japanese)."""
    def join(text):
        while True:  # a paragraph of several lines joins one line per pass
            joined = MARKDOWN_BREAK.sub(r"\1", text)
            if joined == text:
                return text
            text = joined
    return _outside(MARKDOWN_PROTECTED, markdown, join)
