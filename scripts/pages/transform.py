"""A page's HTML as MkDocs converts it, through every transform in order (scripts/mkdocs_hooks.py
calls page_content): copyable code and page links, Japanese line breaks, slide links and note ids,
and for a notebook page its tidying. (Figure sizes come once the page is written, when the figures
are drawn: scripts/pages/figure_sizes.py, called by the hooks.)"""
from pathlib import Path

from scripts.pages import code_blocks, japanese_text, notebook_pages, slide_links
from scripts.slides import added, deck


class PageError(Exception):
    pass


def page_content(html, uri, urls, mirrors, slides_url, toc=None, wheel_url=None):
    """``uri``: the page's source path in docs/; ``urls``: {docs/<source>: URL relative to the page}."""
    html = code_blocks.link_page_references(code_blocks.add_copy_text(html), f"docs/{uri}", urls)
    html = japanese_text.join_soft_breaks(html)
    shown = {added.presented_number(number): section for number, section in mirrors.items()}  # the deck adds slides
    html = slide_links.add_slide_links(html, slide_links.slide_numbers(shown, uri), slides_url)
    try:
        html = slide_links.add_note_ids(html, deck.note_id, deck.NOTE_TITLE)
    except ValueError as error:
        raise PageError(f"{uri}: FAILED: {error}") from None
    if not uri.endswith(".ipynb"):
        return html
    try:
        return notebook_pages.tidy(html, toc, uri, Path(uri).name, wheel_url)
    except notebook_pages.NotebookPageError as error:
        raise PageError(f"notebook page: FAILED: {error}") from None


NOT_FOUND_TITLE = "<h1>404 - Not found</h1>"


def not_found(page_html):
    """The theme's 404 page, in Japanese."""
    if NOT_FOUND_TITLE not in page_html:
        raise ValueError(f"404.html: the theme's title {NOT_FOUND_TITLE!r} is no longer there: has the theme changed?")
    return page_html.replace(NOT_FOUND_TITLE, "<h1>ページが見つからない（404）</h1><p>このアドレスのページはない。"
                             "アドレスを確かめるか、検索やナビゲーションからページを探してほしい。</p>")
