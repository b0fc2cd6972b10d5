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
from scripts.slides import corrections, deck  # noqa: E402

SLIDES = deck.slides()
FRAME = {"width": 960, "height": 720}  # the deck's 4:3 size: one slide fills the viewport

SLIDE_STATE = """() => [...document.querySelectorAll('section[id]')].map((section) => ({
  number: Number(section.id),
  heading: (section.querySelector('h1, h2, h3, h4, h5, h6') || {}).textContent,
  footer: (section.querySelector('footer a') || {}).href,
}))"""

# Everything drawn in a slide stays inside its padding box (so nothing is clipped, and nothing
# runs into the footer or the page number). KaTeX's hidden MathML copy is not drawn.
OVERFLOW = """() => [...document.querySelectorAll('section[id]')].flatMap((section) => {
  const box = section.getBoundingClientRect(), style = getComputedStyle(section);
  const bottom = box.bottom - parseFloat(style.paddingBottom) + 2;
  const right = box.right - parseFloat(style.paddingRight) + 2;
  const problems = [];
  if (section.scrollHeight > section.clientHeight + 1) problems.push(`${section.id}: scrolls ${section.scrollHeight - section.clientHeight} px`);
  for (const element of section.querySelectorAll('*')) {
    if (element.closest('.katex-mathml, footer, header')) continue;
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
    assert tab.evaluate(FILLED) == [s.number for s in SLIDES]
    context.close()


def test_slides_in_deck_order_with_the_decks_headings(page, base_url):
    open_deck(page, base_url)
    state = page.evaluate(SLIDE_STATE)
    assert [(s["number"], s["heading"]) for s in state] == [(s.number, corrections.presented_heading(s)) for s in SLIDES]
    assert page.evaluate("() => document.querySelectorAll('section[data-paginate=\"true\"]').length") == len(SLIDES)
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
    images = page.evaluate("() => [...document.images].map((i) => [i.src, i.complete && i.naturalWidth > 0])")
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
    assert moves == [2, 3, 2, len(SLIDES), len(SLIDES) - 1, 1]
    assert urlsplit(page.url).fragment == "1"


def test_no_slide_overflows_its_frame(page, base_url):
    open_deck(page, base_url)
    assert page.evaluate(OVERFLOW) == []
    for slide in SLIDES:
        page.goto(f"{base_url}/slides/#{slide.number}")
        page.wait_for_function(f"() => document.querySelector('.bespoke-marp-active section').id === '{slide.number}'")
        screenshot(page, f"slides/slide-{slide.number:02d}.png")
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
        expected.setdefault((section.page, section.anchor), number)
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
        section = sections[number]
        assert (section.anchor, "/" + ("" if section.page == "index.md" else section.page.removesuffix(".md") + "/")) == (heading_id, path)
        assert expected[(section.page, section.anchor)] == number
    assert page.problems == []


def test_each_slide_links_back_to_its_section(page, base_url):
    open_deck(page, base_url)
    state = page.evaluate(SLIDE_STATE)
    sections = deck.mirrored_sections()
    for slide in state:
        page.goto(slide["footer"])
        anchor = unquote(urlsplit(slide["footer"]).fragment)
        heading = page.evaluate(f"() => (document.getElementById({anchor!r}) || {{}}).textContent")
        assert heading is not None and heading.rstrip("¶").strip() == sections[slide["number"]].heading, slide
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
