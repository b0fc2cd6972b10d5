"""The slide show (site/slides/, made by scripts/steps/make_slides.py) driven in Chromium: every slide
in deck order, math typeset, figures loaded, nothing from outside, keyboard navigation, nothing
overflowing its 4:3 frame, and the links between slides and pages both ways.

`make screenshots` also writes a screenshot of every slide to screenshots/slides/.
"""
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import ROOT, SITE, screenshot, serve_site, site_pages  # noqa: E402

sys.path.insert(0, str(ROOT))
from scripts.slides import added, corrections, deck  # noqa: E402

SLIDES = deck.slides()
COUNT = added.count()  # the deck's slides and the two it adds (agenda, summary)
DECK_SLIDE = {added.presented_number(slide.number): slide for slide in SLIDES}  # presented number -> deck's slide
FRAME = {"width": 960, "height": 720}  # the deck's 4:3 size: one slide fills the viewport

SLIDE_STATE = """() => [...document.querySelectorAll('section[id]')].map((section) => ({
  number: Number(section.id),
  heading: (section.querySelector('h1, h2, h3, h4, h5, h6') || {}).textContent,
  footer: (section.querySelector('footer a') || {}).href,
}))"""

# Everything drawn in a slide stays inside its padding box (so nothing is clipped, and nothing
# runs into the footer or the page number). KaTeX's hidden MathML copy is not drawn. The 訂正 marks sit
# in the top padding, right of the heading: inside the slide, clear of the heading.
OVERFLOW = """() => [...document.querySelectorAll('section[id]')].flatMap((section) => {
  const box = section.getBoundingClientRect(), style = getComputedStyle(section);
  const bottom = box.bottom - parseFloat(style.paddingBottom) + 2;
  const right = box.right - parseFloat(style.paddingRight) + 2;
  const problems = [];
  if (section.scrollHeight > section.clientHeight + 1) problems.push(`${section.id}: scrolls ${section.scrollHeight - section.clientHeight} px`);
  const heading = section.querySelector('h1, h2, h3, h4');
  for (const marks of section.querySelectorAll('.marks')) {
    const rect = marks.getBoundingClientRect(), title = heading.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(heading);
    const words = range.getBoundingClientRect();
    if (rect.top < box.top || rect.right > box.right || (rect.bottom > title.top && rect.left < words.right))
      problems.push(`${section.id}: the 訂正 marks leave the slide or cover the heading`);
  }
  for (const element of section.querySelectorAll('*')) {
    if (element.closest('.katex-mathml, footer, header, .marks')) continue;
    const rect = element.getBoundingClientRect();
    if (!rect.width || !rect.height) continue;
    if (rect.bottom > bottom || rect.right > right)
      problems.push(`${section.id}: ${element.tagName} ${Math.round(rect.bottom - bottom)} px below, ${Math.round(rect.right - right)} px right`);
  }
  return problems.slice(0, 3);
})"""

MATH = """() => {
  const clone = document.querySelector('.bespoke-marp-parent, body').cloneNode(true);
  clone.querySelectorAll('pre, code, .katex, script, style, .bespoke-marp-note').forEach((e) => e.remove());
  return {
    katex: document.querySelectorAll('section .katex').length,
    errors: [...document.querySelectorAll('.katex-error')].map((e) => e.textContent),
    rawTex: clone.textContent.match(/\\$\\$|\\\\frac|\\\\begin\\{|\\$[^$\\s][^$]*\\$/g) || [],
  };
}"""


@pytest.fixture(scope="module")
def base_url():
    if not (SITE / "slides" / "index.html").is_file():
        pytest.fail("site/slides/ is missing: build it with `make site` (make test does this first)")
    with serve_site() as url:
        yield url


@pytest.fixture()
def page(browser, base_url):
    """A fresh page at the deck's size that records console errors, failed and outside requests."""
    context = browser.new_context(viewport=FRAME)
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(f"console: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    # (a request cut short by the test's next navigation is no failure)
    tab.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED" else tab.problems.append(f"failed: {r.url}"))
    tab.on("response", lambda r: tab.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    tab.on("request", lambda r: None if r.url.startswith((base_url, "data:")) else tab.problems.append(f"outside: {r.url}"))
    yield tab
    context.close()


def active(page):
    return page.evaluate("() => Number(document.querySelector('.bespoke-marp-active section').id)")


def open_deck(page, base_url, number=1):
    """The deck at slide ``number``, every slide filled (lazy_slides.js fills them while idle)."""
    page.goto(f"{base_url}/slides/#{number}")
    page.wait_for_function("() => document.querySelector('.bespoke-marp-active') && document.fonts.status === 'loaded'"
                           " && 'slidesFilled' in document.documentElement.dataset")


FILLED = """() => [...document.querySelectorAll('svg[data-marpit-svg] section')]
  .filter((section) => !section.querySelector(':scope > template')).map((section) => Number(section.id))"""


def test_slides_are_filled_near_the_one_shown_then_all_for_printing(browser, base_url):
    context = browser.new_context(viewport=FRAME)
    tab = context.new_page()
    tab.add_init_script("window.requestIdleCallback = () => 0;")  # no idle time: only what is near
    tab.goto(f"{base_url}/slides/#12")
    tab.wait_for_function("() => document.querySelector('.bespoke-marp-active')")
    assert tab.evaluate(FILLED) == [11, 12, 13]
    assert tab.evaluate("() => document.querySelector('.bespoke-marp-active section').textContent.trim()")
    tab.locator("body").click(position={"x": 5, "y": 5})
    tab.keyboard.press("ArrowRight")
    tab.wait_for_function("() => document.querySelector('.bespoke-marp-active section').id === '13'")
    assert tab.evaluate(FILLED) == [11, 12, 13, 14]
    tab.evaluate("() => dispatchEvent(new Event('beforeprint'))")
    assert tab.evaluate(FILLED) == list(range(1, COUNT + 1))
    context.close()


def test_slides_in_deck_order_with_the_decks_headings(page, base_url):
    open_deck(page, base_url)
    state = page.evaluate(SLIDE_STATE)
    assert [(s["number"], s["heading"]) for s in state if s["number"] in DECK_SLIDE] == [
        (added.presented_number(s.number), corrections.presented_heading(s)) for s in SLIDES]
    assert [s["heading"] for s in state if s["number"] not in DECK_SLIDE] == ["今日の流れ", "4 章のまとめ"]
    assert page.evaluate("() => document.querySelectorAll('section[data-paginate=\"true\"]').length") == COUNT
    assert page.problems == []


def test_math_typeset_images_loaded_nothing_from_outside(page, base_url):
    open_deck(page, base_url)
    math = page.evaluate(MATH)
    text = "\n".join(slide.visible for slide in SLIDES)
    formulas = len(re.findall(r"\$\$.*?\$\$|\$[^$\n]+\$", text, re.S))
    assert math["katex"] >= formulas and math["errors"] == [] and math["rawTex"] == []
    # KaTeX's fonts came from the site itself
    fonts = page.evaluate("() => [...document.fonts].filter((f) => f.family.includes('KaTeX') && f.status === 'loaded').length")
    assert fonts >= 4
    # filled slides start loading their figures only then: wait until each has loaded or failed
    page.wait_for_function("() => [...document.images].every((i) => i.complete)")
    images = page.evaluate("() => [...document.images].map((i) => [i.src, i.naturalWidth > 0])")
    assert len(images) == len(re.findall(r"\./03_learning/", deck.DECK.read_text(encoding="utf-8")))
    assert all(loaded for _, loaded in images), images
    assert page.problems == []


def test_keyboard_moves_between_slides(page, base_url):
    open_deck(page, base_url)
    page.locator("body").click(position={"x": 5, "y": 5})  # focus, without a link
    moves = []
    for key in ("ArrowRight", "ArrowRight", "ArrowLeft", "End", "ArrowLeft", "Home"):
        page.keyboard.press(key)
        page.wait_for_timeout(50)
        moves.append(active(page))
    assert moves == [2, 3, 2, COUNT, COUNT - 1, 1]
    assert urlsplit(page.url).fragment == "1"


def test_no_slide_overflows_its_frame(page, base_url):
    open_deck(page, base_url)
    assert page.evaluate(OVERFLOW) == []
    for number in range(1, COUNT + 1):
        page.goto(f"{base_url}/slides/#{number}")
        page.wait_for_function(f"() => document.querySelector('.bespoke-marp-active section').id === '{number}'")
        screenshot(page, f"slides/slide-{number:02d}.png")
    assert page.problems == []


def test_phone_shows_the_whole_slide_without_sideways_scrolling(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(f"{base_url}/slides/#5")
    tab.wait_for_function("() => document.querySelector('.bespoke-marp-active')")
    box = tab.evaluate("() => { const r = document.querySelector('.bespoke-marp-active').getBoundingClientRect();"
                       " return [r.left, r.right, document.documentElement.scrollWidth]; }")
    context.close()
    assert box[0] >= -1 and box[1] <= 391 and box[2] <= 391


def test_each_slide_link_on_the_pages_opens_its_slide(page, base_url):
    sections = deck.mirrored_sections()
    expected = {}
    for number, section in sorted(sections.items()):
        expected.setdefault((section.page, section.anchor), added.presented_number(number))
    seen = {}
    for path in site_pages():
        page.goto(base_url + path)
        for heading_id, href in page.evaluate("""() => [...document.querySelectorAll('.slide-link a')].map((a) =>
            [a.parentElement.previousElementSibling.id, a.getAttribute('href')])"""):
            seen[(path, heading_id)] = href
    assert len(seen) == len(expected)
    for (path, heading_id), href in seen.items():
        page.goto(f"{base_url}{path}")
        page.click(f'.slide-link a[href="{href}"]')
        page.wait_for_function("() => document.querySelector('.bespoke-marp-active')")
        number = active(page)
        section = sections[DECK_SLIDE[number].number]
        assert (section.anchor, "/" + ("" if section.page == "index.md" else section.page.removesuffix(".md") + "/")) == (heading_id, path)
        assert expected[(section.page, section.anchor)] == number
    assert page.problems == []


def test_each_slide_links_back_to_its_section(page, base_url):
    open_deck(page, base_url)
    state = page.evaluate(SLIDE_STATE)
    sections = deck.mirrored_sections()
    assert [slide["number"] for slide in state if not slide["footer"]] == [3, COUNT]  # the added slides
    for slide in state:
        if slide["number"] not in DECK_SLIDE:
            continue
        page.goto(slide["footer"])
        anchor = unquote(urlsplit(slide["footer"]).fragment)
        heading = page.evaluate(f"() => (document.getElementById({anchor!r}) || {{}}).textContent")
        assert heading is not None and heading.rstrip("¶").strip() == sections[DECK_SLIDE[slide["number"]].number].heading, slide
    assert page.problems == []


def test_each_correction_mark_opens_its_note(page, base_url):
    open_deck(page, base_url)
    marks = page.evaluate("""() => [...document.querySelectorAll('section a[title^="訂正"]')].map((a) =>
        [a.closest('section').id, a.href, a.title])""")
    assert len({number for number, _, _ in marks}) >= 20
    for number, href, title in marks:
        page.goto(href)
        note = page.evaluate(f"() => {{ const e = document.getElementById({unquote(urlsplit(href).fragment)!r});"
                             " return e && e.parentElement.classList.contains('admonition') ? e.textContent : null; }")
        assert note is not None and title.removeprefix("訂正: ").removesuffix("（ページの注へ）") in note.replace("′", "'"), (number, title, note)
    assert page.problems == []


# --- legible from the back of a room (960 × 720) --------------------------------------------------------

BODY_PX, SMALLEST_PX = 20, 14  # body text and formulas' main symbols; anything, sub- and superscripts included

# Every drawn text of the slide shown, its size in px as drawn (the slide's scale included), and its kind.
LEGIBILITY = """() => {
  const section = document.querySelector('.bespoke-marp-active section');
  const scale = section.getBoundingClientRect().width / section.offsetWidth;
  const px = (element) => parseFloat(getComputedStyle(element).fontSize) * scale;
  const texts = [];
  const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    const element = node.parentElement;
    if (!node.textContent.trim() || element.closest('.katex-mathml, template')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (![...range.getClientRects()].some((r) => r.width && r.height)) continue;
    const katex = element.closest('.katex');
    // a script: an index, or a limit under an operator (\\sum_k, \\lim_{h \\to 0}), set smaller by KaTeX
    const script = element.closest('.msupsub') || (element.closest('.op-limits') && element.closest('.katex-sizing'));
    const kind = katex ? (script ? 'script' : 'math')
      : element.closest('pre, code') ? 'code' : element.closest('footer, .marks') ? 'small' : 'body';
    const display = element.closest('.katex-display');
    texts.push({text: node.textContent.trim().slice(0, 24), px: px(element), kind,
                formula: katex ? px(katex) : null, display: Boolean(display)});
  }
  texts.push({text: 'page number', px: parseFloat(getComputedStyle(section, '::after').fontSize) * scale, kind: 'small'});
  const contentBottom = Math.max(...[...section.querySelectorAll('*')]
    .filter((e) => !e.closest('footer, header, .katex-mathml, .marks, template'))
    .map((e) => e.getBoundingClientRect()).filter((r) => r.width && r.height).map((r) => r.bottom));
  const osc = document.querySelector('.bespoke-marp-osc').getBoundingClientRect();
  return {
    texts,
    titles: [...section.querySelectorAll('h3, h4')].map(px),
    images: [...section.querySelectorAll('img')].filter((i) => !i.src.startsWith('data:'))  // (the cover's QR code has no text)
      .map((i) => [new URL(i.src).pathname, i.getBoundingClientRect().width]),
    marks: [...section.querySelectorAll('.marks')].map((m) => [m.getClientRects().length,
      [...m.querySelectorAll('a')].map((a) => a.getClientRects().length)]),
    badges: section.querySelectorAll('a[title^="訂正"]').length,
    wordBreak: [...section.querySelectorAll('p, li, td, th, h3, h4')].map((e) => getComputedStyle(e).wordBreak),
    contentBottom, oscTop: osc.top,
  };
}"""


def svg_text_sizes(svg):
    """(width of the viewBox, [font size of each glyph] in its units): matplotlib writes text as paths, a
    text being a group `scale(s -s)` of <use> glyphs (font size 100 s), a sub- or superscript scaled again."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    sizes = []
    for text in root.iter(f"{ns}g"):
        if not (text.get("id") or "").startswith("text_"):
            continue
        for group in text.iter(f"{ns}g"):
            scaled = re.search(r"scale\(([\d.]+) -\1\)", group.get("transform") or "")
            for glyph in group.findall(f"{ns}use") if scaled else ():
                again = re.search(r"scale\(([\d.]+)\)", glyph.get("transform") or "")
                sizes.append(float(scaled.group(1)) * 100 * (float(again.group(1)) if again else 1))
    return float(root.get("viewBox").split()[2]), sizes


def figure_text_sizes(path):
    """The glyph sizes of a figure as drawn: an SVG's own; a PNG's from the same drawing written as SVG
    (dlcode.figures, with its style), whose width is the PNG's."""
    if path.suffix == ".svg":
        return svg_text_sizes(path.read_bytes())
    import io

    import matplotlib

    from dlcode import figures
    from scripts.steps.make_figures import configure_matplotlib

    configure_matplotlib()
    spec = next(spec for spec in figures.FIGURES if spec.name == path.stem)
    buffer = io.BytesIO()
    with matplotlib.rc_context(dict(spec.style)):
        spec.draw(*spec.args).savefig(buffer, format="svg")
    return svg_text_sizes(buffer.getvalue())


def legibility_problems(slide, state):
    """What on one slide is too small to read at the back of a room, as readable lines."""
    problems = []
    for text in state["texts"]:
        least = BODY_PX if text["kind"] in ("body", "math") else SMALLEST_PX
        if text["px"] < least - 0.05:
            problems.append(f"{text['kind']} {text['text']!r} at {text['px']:.1f} px")
        # in a displayed formula (a matrix of derivatives too) every main symbol has the formula's size
        if text["kind"] == "math" and text["display"] and text["px"] < text["formula"] - 0.05:
            problems.append(f"{text['text']!r} at {text['px']:.1f} px in a formula of {text['formula']:.1f} px")
    for url, shown in state["images"]:
        width, sizes = figure_text_sizes(SITE / url.lstrip("/"))
        smallest = min(sizes) * shown / width
        if smallest < SMALLEST_PX - 0.05:
            problems.append(f"figure {url}: text at {smallest:.1f} px ({shown:.0f} px wide)")
    if len(state["marks"]) > 1 or any(lines != 1 or any(n != 1 for n in badges) for lines, badges in state["marks"]):
        problems.append(f"訂正 marks not in one place on one line: {state['marks']}")
    if state["badges"] and not state["marks"]:
        problems.append("訂正 marks outside their place")
    if set(state["wordBreak"]) - {"auto-phrase"}:
        problems.append(f"Japanese lines break anywhere: word-break {set(state['wordBreak'])}")
    if state["contentBottom"] > state["oscTop"]:
        problems.append(f"content down to {state['contentBottom']:.0f} px, under the controls from {state['oscTop']:.0f} px")
    return [f"slide {slide}: {problem}" for problem in problems]


def test_every_slide_is_legible_from_the_back_of_a_room(page, base_url):
    """At 960 × 720: every text at 14 px or more (inside figures, badges, sub- and superscripts too), body
    text and the main symbols of formulas at 20 px or more, formulas in display size, one title size,
    the 訂正 marks in one place that never splits, phrase-aware Japanese breaks, nothing under the controls."""
    open_deck(page, base_url)
    problems, titles = [], set()
    for slide in range(1, page.evaluate("() => document.querySelectorAll('section[id]').length") + 1):
        page.goto(f"{base_url}/slides/#{slide}")
        page.wait_for_function(f"() => document.querySelector('.bespoke-marp-active section').id === '{slide}'")
        state = page.evaluate(LEGIBILITY)
        assert state["texts"], slide
        problems += legibility_problems(slide, state)
        titles |= {round(size, 1) for size in state["titles"]}
    assert problems == []
    assert len(titles) == 1, titles  # one title size for ### and #### slides


# --- figures fill the room the slide's text leaves -------------------------------------------------------

EMPTY_SHARE = 0.25  # at most this share of the room's width, and of its height, left empty beside a figure's drawing

# Each figure of the slide shown: the box of what it draws (its pixels that are not the white background, read
# from a canvas at the size shown) and its room: a figure alone under the text has the slide's width and the height
# down to the padding; one in a table's cell has the cell's box and the height the slide leaves under the table.
ROOM = """async () => {
  const section = document.querySelector('.bespoke-marp-active section');
  const scale = section.getBoundingClientRect().width / section.offsetWidth;
  const box = section.getBoundingClientRect(), style = getComputedStyle(section);
  const left = box.left + parseFloat(style.paddingLeft) * scale, right = box.right - parseFloat(style.paddingRight) * scale;
  const bottom = box.bottom - parseFloat(style.paddingBottom) * scale;
  const contentBottom = Math.max(...[...section.querySelectorAll('*')]
    .filter((e) => !e.closest('footer, header, .katex-mathml, .marks, template'))
    .map((e) => e.getBoundingClientRect()).filter((r) => r.width && r.height).map((r) => r.bottom));
  const figures = [];
  for (const img of section.querySelectorAll('img')) {
    if (img.src.startsWith('data:')) continue;  // the cover's QR code
    await img.decode();
    const shown = img.getBoundingClientRect();
    const fit = Math.min(shown.width / img.naturalWidth, shown.height / img.naturalHeight);  // object-fit: contain
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(img.naturalWidth * fit);
    canvas.height = Math.round(img.naturalHeight * fit);
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0, canvas.width, canvas.height);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let x0 = canvas.width, y0 = canvas.height, x1 = -1, y1 = -1;
    for (let y = 0; y < canvas.height; y++) for (let x = 0; x < canvas.width; x++) {
      const i = 4 * (y * canvas.width + x);
      if (pixels[i + 3] && Math.min(pixels[i], pixels[i + 1], pixels[i + 2]) < 245) {
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
    }
    const picture = {left: shown.left + (shown.width - canvas.width) / 2, top: shown.top + (shown.height - canvas.height) / 2};
    const ink = {left: picture.left + x0, right: picture.left + x1 + 1, top: picture.top + y0, bottom: picture.top + y1 + 1};
    const cell = img.closest('td');
    let room;
    if (cell) {
      const c = cell.getBoundingClientRect(), cs = getComputedStyle(cell);
      room = {left: c.left + parseFloat(cs.paddingLeft) * scale, right: c.right - parseFloat(cs.paddingRight) * scale,
              top: c.top + parseFloat(cs.paddingTop) * scale,
              bottom: c.bottom - parseFloat(cs.paddingBottom) * scale + Math.max(0, bottom - contentBottom)};
    } else {
      room = {left, right, top: img.parentElement.getBoundingClientRect().top, bottom};
    }
    figures.push({name: new URL(img.src).pathname.split('/').pop(), room, ink});
  }
  return figures;
}"""


def room_problems(slide, figures):
    """Figures whose drawing leaves more than EMPTY_SHARE of their room's width or height empty."""
    problems = []
    for figure in figures:
        room, ink = figure["room"], figure["ink"]
        width, height = room["right"] - room["left"], room["bottom"] - room["top"]
        empty_width = (width - (ink["right"] - ink["left"])) / width
        empty_height = (height - (ink["bottom"] - ink["top"])) / height
        if empty_width > EMPTY_SHARE or empty_height > EMPTY_SHARE:
            problems.append(f"slide {slide}: {figure['name']} draws {ink['right'] - ink['left']:.0f} × "
                            f"{ink['bottom'] - ink['top']:.0f} px in a room of {width:.0f} × {height:.0f} px "
                            f"({empty_width:.0%} of the width, {empty_height:.0%} of the height empty)")
    return problems


def test_every_figure_fills_the_room_its_slide_leaves(page, base_url):
    """At 960 × 720 no figure leaves a large empty band under or beside what it draws: its drawing spans at least
    1 − EMPTY_SHARE of the width and of the height its slide's text leaves it."""
    open_deck(page, base_url)
    problems, measured = [], 0
    for slide in range(1, COUNT + 1):
        page.goto(f"{base_url}/slides/#{slide}")
        page.wait_for_function(f"() => document.querySelector('.bespoke-marp-active section').id === '{slide}'")
        figures = page.evaluate(ROOM)
        measured += len(figures)
        problems += room_problems(slide, figures)
    assert measured == len(re.findall(r"\./03_learning/", deck.DECK.read_text(encoding="utf-8")))
    assert problems == []


# --- the 訂正 badge in Marp's presenter view ---------------------------------------------------------------

PRESENTER = {"width": 1280, "height": 720}  # a laptop's screen, the presenter's own
# The badges and the body text of the slide shown, as drawn (the slide's scale included), and the box it is shown in.
BADGES = """() => {
  const section = document.querySelector('.bespoke-marp-active section');
  const scale = section.getBoundingClientRect().width / section.offsetWidth;
  const px = (element) => parseFloat(getComputedStyle(element).fontSize) * scale;
  const pane = section.getBoundingClientRect();
  return {
    body: px(section.querySelector('p')),
    badges: [...section.querySelectorAll('a[title^="訂正"]')].map((a) => {
      const r = a.getBoundingClientRect();
      return {px: px(a), lines: a.getClientRects().length,
              inside: r.left >= pane.left && r.right <= pane.right && r.top >= pane.top && r.bottom <= pane.bottom};
    }),
  };
}"""


def test_the_correction_badge_in_the_presenter_view(browser, base_url):
    """Marp's presenter view (p key; ?view=presenter) shows the current slide scaled into its left pane and the
    next one small beside the notes. In the current slide's pane of a 1280 × 720 presenter screen every 訂正 badge
    is at least 14 px, on one line inside the slide, and as large against the slide's body text as in the slide
    view (the next slide's preview is a thumbnail: not measured)."""
    sizes = {}
    for view, viewport, query in (("slide", FRAME, ""), ("presenter", PRESENTER, "?view=presenter")):
        context = browser.new_context(viewport=viewport)
        tab = context.new_page()
        tab.goto(f"{base_url}/slides/{query}#21")  # 勾配(イメージ): two badges
        tab.wait_for_function("() => document.querySelector('.bespoke-marp-active section') && document.fonts.status === 'loaded'")
        sizes[view] = tab.evaluate(BADGES)
        if view == "presenter":
            assert tab.evaluate("() => Boolean(document.querySelector('.bespoke-marp-presenter-container'))")
            screenshot(tab, "slides/presenter-21.png")
        context.close()
    slide, presenter = sizes["slide"], sizes["presenter"]
    assert len(presenter["badges"]) == len(slide["badges"]) == 2
    for badge, seen in zip(presenter["badges"], slide["badges"]):
        assert badge["px"] >= SMALLEST_PX and badge["lines"] == 1 and badge["inside"], badge
        assert abs(badge["px"] / presenter["body"] - seen["px"] / slide["body"]) < 0.01, (badge, presenter, seen, slide)
