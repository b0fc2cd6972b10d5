"""Links between the pages and the slide show. Called by scripts/mkdocs_hooks.py for each page.

- Each section that mirrors a slide gets a 「スライドで見る」 link that opens the deck (slides/) at
  that slide; the deck's footers link back (scripts/steps/make_slides.py).
- Each 「元のスライドとの違い」 note's title gets the id the deck's 「訂正」 links open (deck.note_id).
"""
import html as html_lib
import re

TAG = re.compile(r"<[^>]+>")
LINK_TEXT = "スライドで見る"  # also taken out of the search index's text (scripts/steps/search_index.py)
NOTE = re.compile(r'<div class="admonition warning">(\s*<p class="admonition-title">)(.*?)</p>', re.S)


def slide_numbers(sections, page):
    """{heading id: first slide number} of the page, from deck.mirrored_sections()."""
    numbers = {}
    for number, section in sorted(sections.items()):
        if section.page == page:
            numbers.setdefault(section.anchor, number)
    return numbers


def add_slide_links(page_html, numbers, slides_url):
    """A 「スライドで見る」 link after each heading whose id is in ``numbers``."""
    def link(match):
        number = numbers.get(html_lib.unescape(match.group(2)))
        if number is None:
            return match.group(0)
        return (f'{match.group(0)}\n<p class="slide-link"><a href="{slides_url}#{number}" '
                f'title="スライド {number} 枚目を開く">{LINK_TEXT}</a></p>')
    return re.sub(r'<h([1-6]) id="([^"]+)"[^>]*>.*?</h\1>', link, page_html, flags=re.S)


def add_note_ids(page_html, note_id, prefix):
    """Give each note titled ``prefix`` + title the id ``note_id(title)``; a repeated id is an error."""
    seen = set()

    def with_id(match):
        title = html_lib.unescape(TAG.sub("", match.group(2))).strip()
        if not title.startswith(prefix):
            return match.group(0)
        source = re.sub(r'<span class="arithmatex">\\\((.*?)\\\)</span>', r"$\1$", match.group(2))
        identifier = note_id(html_lib.unescape(TAG.sub("", source)).strip().removeprefix(prefix))
        if identifier in seen:
            raise ValueError(f"two notes have the id {identifier}")
        seen.add(identifier)
        # on the title, not the note's div: Material names a code block's copy target after the
        # closest ancestor with an id, and two blocks in one note would then copy the same text
        title_tag = match.group(1).replace('<p class="admonition-title">', f'<p class="admonition-title" id="{identifier}">')
        return f'<div class="admonition warning">{title_tag}{match.group(2)}</p>'
    return NOTE.sub(with_id, page_html)
