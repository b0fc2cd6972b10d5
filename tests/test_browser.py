"""The built site driven in headless Chromium (Debian's, through Playwright).

Never skipped: without Chromium the tests fail and say what to install. `make screenshots` also
writes full-page screenshots of every page in both palettes to screenshots/ (ignored by git).
"""
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import ROOT, SITE, load_images, screenshot, search, serve_site, site_pages, watch_search  # noqa: E402

SCHEMES = {"light": "default", "dark": "slate"}  # Playwright colour scheme -> Material palette
MATH_TIMEOUT_MS = 5000
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# Layout problems a reader would see: the page scrolling sideways, text squeezed into a narrow
# column, figures too small to read (>= 300 px on a phone, >= 70 % of their natural size on a desktop).
LAYOUT = """(phone) => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth + 1) problems.push(`page scrolls sideways: ${root.scrollWidth} px`);
  for (const e of document.querySelectorAll("article p, article li, article h1, article h2, article h3")) {
    const box = e.getBoundingClientRect();
    if (e.closest("table") || box.width === 0 || e.textContent.trim().length < 20) continue;
    if (box.width < 250) problems.push(`text ${Math.round(box.width)} px wide: ${e.textContent.trim().slice(0, 30)}`);
  }
  for (const img of document.querySelectorAll("article img[src*='figures/']")) {
    const width = img.getBoundingClientRect().width;
    const needed = phone ? 300 : 0.7 * (Number(img.getAttribute("width")) || img.naturalWidth);
    if (width < needed) problems.push(`figure ${img.src.split('/').pop()} ${Math.round(width)} px < ${Math.round(needed)}`);
  }
  for (const img of document.querySelectorAll(".jupyter-wrapper img")) {
    const width = img.getBoundingClientRect().width;
    if (phone && width < 300) problems.push(`notebook figure ${Math.round(width)} px`);
  }
  return problems;
}"""

MATH_STATE = """() => {
  const article = document.querySelector("article");
  const clone = article.cloneNode(true);
  clone.querySelectorAll("pre, code, .katex, script, style, .clipboard-copy-txt").forEach((e) => e.remove());
  const text = clone.textContent;
  return {
    arithmatex: document.querySelectorAll(".arithmatex").length,
    unrendered: [...document.querySelectorAll(".arithmatex")].filter((e) => !e.querySelector(".katex")).length,
    katex: document.querySelectorAll(".katex").length,
    errors: [...document.querySelectorAll(".katex-error")].map((e) => e.textContent),
    rawTex: (text.match(/\\$\\$|\\\\frac|\\\\begin\\{|\\\\\\(|\\\\\\[|\\$[^$\\s][^$]*\\$/g) || []),
  };
}"""

BROKEN_IMAGES = """() => [...document.images]
  .filter((image) => !image.complete || image.naturalWidth === 0).map((image) => image.src.slice(0, 80))"""


@pytest.fixture(scope="module")
def base_url():
    if not SITE.is_dir():
        pytest.fail("site/ is missing: build it with `make site` (make test does this first)")
    with serve_site() as url:
        yield url


@pytest.fixture
def open_watched(browser, base_url):  # browser: tests/conftest.py
    """Open watched pages (light palette unless told); all are closed after the test."""
    opened = []

    def open_page(scheme="light", viewport=None):
        opened.append(Watched(browser, base_url, scheme, viewport or VIEWPORTS["desktop"]))
        return opened[-1]

    yield open_page
    for watched in opened:
        watched.close()


class Watched:
    """A page whose console errors, failed requests and outside requests are recorded."""

    def __init__(self, browser, base_url, scheme="light", viewport=None):
        viewport = viewport or VIEWPORTS["desktop"]
        self.context = watch_search(browser.new_context(color_scheme=scheme, viewport=viewport, service_workers="block",
                                           accept_downloads=True, device_scale_factor=1,
                                           is_mobile=viewport["width"] < 600, has_touch=viewport["width"] < 600))
        self.page = self.context.new_page()
        self.problems = []
        host = urlsplit(base_url).netloc
        page = self.page
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        page.on("request", lambda r: urlsplit(r.url).scheme in ("http", "https")
                and urlsplit(r.url).netloc != host and self.problems.append(f"outside request: {r.url}"))

    def close(self):
        self.context.close()


def wait_for_math(page):
    page.wait_for_function(
        """() => [...document.querySelectorAll('.arithmatex')].every((e) => e.querySelector('.katex'))""",
        timeout=MATH_TIMEOUT_MS)
    return page.evaluate(MATH_STATE)


@pytest.fixture(scope="module")
def reused_tabs(browser, base_url):
    """One watched tab per palette and width, each page opened in it after the last (a new tab
    costs about as much as loading a page): {(scheme, device): Watched}."""
    tabs = {}
    yield tabs
    for watched in tabs.values():
        watched.close()


def blank_tab(tabs, browser, base_url, scheme, device):
    """The reused tab for ``scheme`` and ``device``, left on an empty page with nothing recorded."""
    if (scheme, device) not in tabs:
        tabs[scheme, device] = Watched(browser, base_url, scheme, VIEWPORTS[device])
    watched = tabs[scheme, device]
    watched.page.goto("about:blank")  # the previous page's late requests end here, unrecorded
    watched.problems.clear()
    return watched


@pytest.mark.parametrize("device", list(VIEWPORTS))
@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("path", site_pages() if SITE.is_dir() else ["/"])
def test_page_renders_cleanly(reused_tabs, browser, base_url, path, scheme, device):
    watched = blank_tab(reused_tabs, browser, base_url, scheme, device)
    page = watched.page
    page.goto(base_url + path)  # its images are loaded below; the watchers see every request until the end
    math = wait_for_math(page)
    assert math["unrendered"] == 0 and math["errors"] == [], math
    assert math["rawTex"] == [], f"TeX left unrendered in the text: {math['rawTex'][:5]}"
    if math["arithmatex"] or "notebooks" in path:
        assert math["katex"] > 0
    load_images(page)
    assert page.evaluate(BROKEN_IMAGES) == []
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == SCHEMES[scheme]
    name = path.strip("/").replace("/", "_") or "index"
    screenshot(page, f"{name}-{scheme}-{VIEWPORTS[device]['width']}.png", full_page=True)
    assert page.evaluate(LAYOUT, device == "phone") == []
    assert watched.problems == []


def test_navigation_keeps_math_search_and_the_chosen_palette(open_watched, base_url):
    watched = open_watched()
    page = watched.page
    page.goto(base_url + "/", wait_until="networkidle")
    page.locator("label[title='ダークモードに切り替え']").first.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="微分").first.click()
    page.wait_for_url(base_url + "/diff/")
    math = wait_for_math(page)
    assert math["arithmatex"] > 10 and math["unrendered"] == 0 and math["errors"] == []
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.locator("label[title='ライトモードに切り替え']").first.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    # Search still answers after navigating, and its result navigates with math rendered.
    assert "/descent/" in search(page, "勾配法")[:3]
    page.locator(".md-search-result__item > a[href*='descent']").first.click()
    page.wait_for_url(lambda url: "/descent/" in url)
    math = wait_for_math(page)
    assert math["arithmatex"] > 5 and math["unrendered"] == 0
    assert watched.problems == []


@pytest.mark.parametrize("name", ["descent", "network", "digits"])
def test_notebook_download_button_serves_a_valid_executed_notebook(open_watched, base_url, name):
    watched = open_watched()
    page = watched.page
    page.goto(f"{base_url}/notebooks/{name}/", wait_until="networkidle")
    button = page.locator("a[download]", has_text="ノートブックをダウンロード")
    assert button.is_visible()
    with page.expect_download() as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename == f"{name}.ipynb"
    notebook = nbformat.reads(Path(download.path()).read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(notebook)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"
                  and "skip-execution" not in cell.metadata.get("tags", [])]  # left for readers to run
    assert code_cells and all(cell.execution_count for cell in code_cells)
    assert not any(output.output_type == "error" for cell in code_cells for output in cell.outputs)
    assert watched.problems == []


def test_figure_opens_in_the_lightbox(open_watched, base_url):
    watched = open_watched()
    page = watched.page
    page.goto(base_url + "/learning/", wait_until="networkidle")
    page.locator("a.glightbox img[src*='neural_network']").click()
    page.wait_for_selector(".gslide-image img", timeout=5000)
    assert page.evaluate("document.querySelector('.gslide-image img').naturalWidth") > 0
    assert watched.problems == []


# Runs pasted text as the interactive interpreter would, block after block in one session, and
# reports per block the exceptions raised (their names).
PASTE_RUNNER = r"""
import code, io, json, sys
blocks = json.load(sys.stdin)
report, sys.stdout = sys.stdout, io.StringIO()  # what the examples print is not the report
raised = []
class Console(code.InteractiveInterpreter):
    def showtraceback(self):
        raised[-1].append(sys.exc_info()[0].__name__)
    showsyntaxerror = showtraceback
console = Console()
for text in blocks:
    raised.append([])
    source = []
    for line in text.splitlines() + [""]:
        source.append(line)
        if not console.runsource("\n".join(source), "<paste>", "single"):
            source = []
print(json.dumps(raised), file=report)
"""
CONSOLE_PAGES = ["/loss/", "/diff/", "/gradient/", "/descent/", "/learning/", "/advanced/"]


@pytest.mark.parametrize("path", CONSOLE_PAGES)
def test_copied_console_examples_run_when_pasted_into_python(open_watched, base_url, path):
    watched = open_watched()
    watched.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = watched.page
    page.goto(base_url + path, wait_until="networkidle")
    blocks = page.locator("div.language-pycon")
    assert blocks.count() > 0
    copied, shown_errors = [], []
    for index in range(blocks.count()):
        block = blocks.nth(index)
        block.scroll_into_view_if_needed()
        block.hover()
        block.locator("button.md-code__button").click()
        text = page.evaluate("navigator.clipboard.readText()")
        shown = block.locator("code").inner_text()
        assert not re.search(r"^(>>>|\.\.\.)( |$)", text, re.M), text  # no prompts left
        copied.append(text)
        shown_errors.append(re.findall(r"^(?:[\w.]+\.)?(\w+(?:Error|Exception)):", shown, re.M))  # numpy.linalg.LinAlgError too
    result = subprocess.run([sys.executable, "-c", PASTE_RUNNER], input=json.dumps(copied), capture_output=True,
                            text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == shown_errors, list(zip(copied, json.loads(result.stdout)))
    assert watched.problems == []


def test_notebook_page_pip_line_names_the_wheel_by_its_absolute_url_and_figures_zoom(open_watched, base_url):
    watched = open_watched(viewport=VIEWPORTS["phone"])
    page = watched.page
    page.goto(base_url + "/notebooks/network/", wait_until="networkidle")
    (wheel,) = [p.name for p in (SITE / "downloads").glob("dlcode-*.whl")]
    line = page.locator("code[data-wheel]").inner_text()
    assert line == f'pip install "dlcode[notebooks] @ {base_url}/downloads/{wheel}"'
    images = page.locator(".jupyter-wrapper .jp-RenderedImage img")
    assert images.count() >= 2
    html = (SITE / "notebooks" / "network" / "index.html").read_text(encoding="utf-8")
    # each plot is a file beside the page (scripts/steps/notebook_images.py), named once
    assert "data:image/png" not in html
    plots = sorted(set(re.findall(r'src="(plot-[0-9a-f]{16}\.png)"', html)))
    assert len(plots) == images.count() and all((SITE / "notebooks" / "network" / plot).is_file() for plot in plots)
    first = images.first
    assert first.evaluate("img => img.naturalWidth >= 2 * img.getBoundingClientRect().width - 2")  # 2x pixels
    first.click()
    page.wait_for_selector(".gslide-image img", timeout=5000)
    assert page.evaluate("document.querySelector('.gslide-image img').src") == first.evaluate("img => img.src")
    assert watched.problems == []


@pytest.mark.parametrize("name", ["descent", "network", "digits", "two_layer_net"])
def test_notebook_figures_are_legible_on_a_phone_and_open_larger(open_watched, base_url, name):
    """Notebook figures are 2x PNGs drawn with dlcode.figures.NOTEBOOK_STYLE: at 390 px their text
    (font.size points at the figure's dpi) is shown at 11 px or more, and a tap opens the lightbox."""
    from dlcode.figures import NOTEBOOK_STYLE

    watched = open_watched(viewport=VIEWPORTS["phone"])
    page = watched.page
    page.goto(f"{base_url}/notebooks/{name}/", wait_until="networkidle")
    load_images(page)
    sizes = page.eval_on_selector_all(".jupyter-wrapper .jp-RenderedImage img",
                                      "images => images.map((i) => [i.getBoundingClientRect().width, i.naturalWidth])")
    assert sizes
    text_px = NOTEBOOK_STYLE["font.size"] * NOTEBOOK_STYLE["figure.dpi"] / 72  # in the figure, at 1x
    for shown, natural in sizes:
        assert text_px * shown / (natural / 2) >= 11, (shown, natural)
    page.locator(".jupyter-wrapper .jp-RenderedImage img").first.click()
    page.wait_for_selector(".glightbox-container .gslide-image img")
    assert watched.problems == []


@pytest.mark.parametrize("path", ["/", "/learning/", "/supplement/numerical_diff/", "/notebooks/two_layer_net/"])
def test_japanese_lines_break_at_phrase_boundaries_on_a_phone(open_watched, base_url, path):
    """word-break: auto-phrase with lang="ja": Chromium breaks headings, captions and body text
    between phrases (文節), not inside a word such as ニューラルネットワーク."""
    page = open_watched(viewport=VIEWPORTS["phone"]).page
    page.goto(base_url + path, wait_until="networkidle")
    assert page.evaluate("document.documentElement.lang") == "ja"
    styles = page.evaluate("""() => [...document.querySelectorAll('article :is(h1, h2, p, li, figcaption)')]
      .map((e) => getComputedStyle(e).wordBreak)""")
    assert styles and set(styles) == {"auto-phrase"}
    # A paragraph of the site's style, 250 px wide: where do its lines break? With any two characters
    # allowed to part, ニューラルネットワーク is split; with the site's style, lines end between phrases.
    split = page.evaluate("""(words) => {
      const p = document.createElement('p');
      p.style.cssText = 'width: 250px; font-size: 20px';
      p.textContent = '今日はニューラルネットワークの学習について勉強しましょう。損失関数の微分を求めます。';
      document.querySelector('article').prepend(p);
      const lines = (breaking) => {
        p.style.wordBreak = breaking;
        const node = p.firstChild, range = document.createRange();
        let text = '', last = null;
        for (let i = 0; i < node.length; i++) {
          range.setStart(node, i); range.setEnd(node, i + 1);
          const top = Math.round(range.getBoundingClientRect().top);
          text += (last !== null && top !== last ? '|' : '') + node.data[i];
          last = top;
        }
        return text;
      };
      const result = [lines('normal'), lines('')];
      p.remove();
      return result.map((text) => [text, words.some((word) => !text.includes(word))]);
    }""", ["ニューラルネットワーク", "勉強", "損失関数"])
    assert [broken for _, broken in split] == [True, False], split  # split without auto-phrase, whole with it
