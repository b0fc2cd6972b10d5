"""The explorers in Chromium, on the served site and on the site unzipped from its download and
opened as a file; and that zip: the whole site, identical bytes, working from file:// with
navigation, Japanese search, math, figures, notebooks and slides, and no request leaving it."""
import io
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import ROOT, SITE, ZIP, load_images, search, watch_search  # noqa: E402

sys.path.insert(0, str(ROOT))
from scripts.steps import make_archive  # noqa: E402

from dlcode import explorers  # noqa: E402
from dlcode.datasets import make_two_class_data  # noqa: E402
from dlcode.descent import gradient_descent, gradient_descent_1d  # noqa: E402
from dlcode.explorers import display_number  # noqa: E402
from dlcode.network import Network, train  # noqa: E402
from dlcode.slides import function, function_2  # noqa: E402

@pytest.fixture()
def page(browser, site):
    how, url = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.problems = []
    local = url("/").rsplit("/", 1)[0] if how == "file" else url("")
    tab.on("console", lambda m: tab.problems.append(f"console: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    tab.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED" else tab.problems.append(f"failed: {r.url}"))
    tab.on("request", lambda r: None if r.url.startswith((local, "data:", "about:", "blob:"))
           else tab.problems.append(f"outside: {r.url}"))
    tab.url_of = url
    yield tab
    context.close()


def set_range(page, selector, value):
    page.eval_on_selector(selector, "(input, value) => { input.value = value; input.dispatchEvent(new Event('input')); }", value)


def result(page, explorer):
    return page.inner_text(f'.explorer[data-explorer="{explorer}"] .explorer-result')


def drawing(page, explorer):
    return page.inner_html(f'.explorer[data-explorer="{explorer}"] .explorer-figures')


def test_learning_rate_explorer_shows_what_gradient_descent_computes(page):
    page.goto(page.url_of("/descent/"))
    page.wait_for_selector("#lr2d-eta")
    assert page.get_attribute("label[for=lr2d-eta]", "for") == "lr2d-eta"
    assert "20 ステップ後: (x₀, x₁) = (-0.0346, 0.0461)" in result(page, "learning-rate-2d")  # η = 0.1 from (-3, 4)
    before = drawing(page, "learning-rate-2d")
    for lr, steps, start in [(0.5, 3, 1), (1.05, 100, 0), (0.003, 57, 2)]:
        set_range(page, "#lr2d-eta", explorers.LEARNING_RATES_2D.index(lr))
        set_range(page, "#lr2d-steps", steps - 1)
        page.select_option("#lr2d-start", str(start))
        _, history = gradient_descent(function_2, np.array(explorers.STARTS_2D[start]), lr=lr, step_num=100)
        point = history[steps]
        assert result(page, "learning-rate-2d") == (
            f"{steps} ステップ後: (x₀, x₁) = ({display_number(point[0])}, {display_number(point[1])})、"
            f"f(x₀, x₁) = {display_number(function_2(point))}")
        assert drawing(page, "learning-rate-2d") != before
        before = drawing(page, "learning-rate-2d")
    assert page.get_attribute("#lr2d-eta", "aria-valuetext") == "η = 0.003"
    set_range(page, "#lr2d-eta", explorers.LEARNING_RATES_2D.index(1.1))
    set_range(page, "#lr2d-steps", 99)
    assert result(page, "learning-rate-2d") == "100 ステップ後: 発散（x が大きくなりすぎて止めた）"
    page.focus("#lr2d-steps")  # by keyboard
    page.keyboard.press("End")
    assert result(page, "learning-rate-2d").startswith("100 ステップ後")
    assert page.problems == []


def test_one_variable_explorer_answers_the_slides_question(page):
    page.goto(page.url_of("/descent/"))
    page.wait_for_selector("#lr1d-eta")
    # the slide's loop prints x before each step i with i % 10000 == 0: the row for i = 10000
    rows = {lr: gradient_descent_1d(function, init_x=0.0, lr=lr, step_num=10001, report_every=10000)[0][-1]
            for lr in (0.001, 0.002)}
    assert all(step == 10000 for step, _, _ in rows.values())
    for lr, (_, x, fx) in rows.items():
        set_range(page, "#lr1d-eta", explorers.LEARNING_RATES_1D.index(lr))
        set_range(page, "#lr1d-steps", explorers.CHECKPOINTS_1D.index(10000))
        assert result(page, "learning-rate-1d") == f"10,000 ステップ後: x = {display_number(x)}、f(x) = {display_number(fx)}"
    set_range(page, "#lr1d-eta", explorers.LEARNING_RATES_1D.index(110.0))
    assert "発散" in result(page, "learning-rate-1d")
    assert page.problems == []


def test_training_explorer_moves_through_the_training(page):
    page.goto(page.url_of("/learning/"))
    page.wait_for_selector("#training-step")
    x, t = make_two_class_data(200, seed=1)
    lr = explorers.TRAINING_RATES[2]
    page.select_option("#training-lr", "2")
    net = Network(seed=0)
    losses = train(net, x, t, lr=lr, step_num=120)
    before = drawing(page, "training")
    set_range(page, "#training-step", 12)
    assert result(page, "training") == (f"120 ステップ後: 損失 {display_number(net.loss(x, t))}、"
                                         f"正解率 {net.accuracy(x, t) * 100:.1f}%")
    assert drawing(page, "training") != before
    assert len(losses) == 120
    assert page.problems == []


def test_the_zip_is_the_whole_site_with_identical_bytes():
    files = make_archive.site_files(SITE)
    assert make_archive.archive(files) == ZIP.read_bytes() == make_archive.archive(make_archive.site_files(SITE))
    with zipfile.ZipFile(io.BytesIO(ZIP.read_bytes())) as archive:
        names = [info.filename for info in archive.infolist()]
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
    expected = {f"{make_archive.TOP}/{name}" for name in files} | {
        f"{make_archive.TOP}/search/search_index.js", f"{make_archive.TOP}/{make_archive.SHIM_PATH}"}
    assert names == sorted(expected)
    assert f"{make_archive.TOP}/downloads/{make_archive.NAME}" not in names  # not itself


def test_the_zip_leaves_out_source_maps_and_stores_what_is_compressed_already():
    """The theme's source maps serve a debugger, not a reader; deflating a font or a PNG again
    only costs time."""
    assert list(SITE.rglob("*.map")), "the site has no source map: nothing is checked"
    with zipfile.ZipFile(io.BytesIO(ZIP.read_bytes())) as archive:
        infos = archive.infolist()
    assert not [info.filename for info in infos if info.filename.endswith(".map")]
    methods = {Path(info.filename).suffix: info.compress_type for info in infos}
    assert {methods[suffix] for suffix in (".png", ".woff2", ".whl")} == {zipfile.ZIP_STORED}
    assert {methods[suffix] for suffix in (".html", ".js", ".css", ".svg", ".ipynb")} == {zipfile.ZIP_DEFLATED}


def reference_zip(entries):
    """The same entries as zipfile.ZipFile writes them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=make_archive.LEVEL) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(f"{make_archive.TOP}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name.endswith(make_archive.COMPRESSED) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def test_the_zip_is_laid_out_byte_for_byte_as_zipfile_writes_it(tmp_path):
    """make_archive assembles the zip itself from cached deflate streams: the bytes are zipfile's."""
    entries = {"index.html": "<p>勾配</p>".encode() * 300, "figures/a.png": bytes(range(256)) * 10,
               "日本語の名前.txt": b"x" * 5000, "empty.css": b""}
    assert make_archive.zip_bytes(entries, make_archive.deflated(tmp_path)) == reference_zip(entries)


def test_the_zip_deflates_only_what_changed_since_the_last_build(tmp_path, monkeypatch):
    made = []
    real = make_archive.zlib.compressobj
    monkeypatch.setattr(make_archive.zlib, "compressobj", lambda *args: made.append(args) or real(*args))
    entries = {"a.html": b"<p>a</p>" * 100, "b.html": b"<p>b</p>" * 100, "c.png": b"png" * 100}
    first = make_archive.deflated(tmp_path)
    make_archive.zip_bytes(entries, first)
    first.prune()
    assert len(made) == 2  # the PNG is stored
    entries["b.html"] = b"<p>B</p>" * 100
    second = make_archive.deflated(tmp_path)
    zipped = make_archive.zip_bytes(entries, second)
    assert len(made) == 3
    assert zipped == reference_zip(entries)
    second.prune()  # the old b.html's stream goes
    assert sorted(tmp_path.iterdir()) == sorted(second.used) and len(second.used) == 2


def test_folder_links_name_their_index_html():
    assert make_archive.folder_link("../loss/#損失関数") == "../loss/index.html#損失関数"
    assert make_archive.folder_link("..") == "../index.html"
    assert make_archive.folder_link(".") == "./index.html"
    assert make_archive.folder_link("../figures/a.svg") == "../figures/a.svg"
    assert make_archive.folder_link("#top") == "#top"
    assert make_archive.folder_link("https://example.org/") == "https://example.org/"


def test_the_unzipped_site_works_from_a_file(browser, unzipped):
    context = watch_search(browser.new_context(viewport={"width": 1280, "height": 900}))
    tab = context.new_page()
    problems = []
    tab.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    tab.on("request", lambda r: None if r.url.startswith(("file://", "data:", "about:", "blob:")) else problems.append(r.url))
    tab.goto((unzipped / "index.html").as_uri())
    # navigation
    tab.locator("nav.md-nav--primary a.md-nav__link", has_text="損失関数").first.click()
    tab.wait_for_load_state()
    assert tab.url.endswith("/loss/index.html") and tab.inner_text("h1").rstrip("¶") == "損失関数"
    # math, typeset at build time, with KaTeX's fonts loaded from the files
    assert tab.locator(".katex").count() > 5
    tab.wait_for_function("() => [...document.fonts].some((f) => f.family.includes('KaTeX') && f.status === 'loaded')")
    # Japanese search, from search/search_index.js through the worker shim
    assert search(tab, "交差エントロピー誤差")[0].endswith("/loss/index.html")
    first = tab.eval_on_selector(".md-search-result__item > a", "a => a.href")
    tab.goto(first)
    assert tab.inner_text("h1").rstrip("¶") == "損失関数"
    # figures, a notebook page, the slides
    tab.goto((unzipped / "diff" / "index.html").as_uri())
    load_images(tab)
    assert tab.evaluate("() => [...document.images].filter((i) => i.src.includes('figures/')).every((i) => i.complete && i.naturalWidth > 0)")
    tab.goto((unzipped / "notebooks" / "network" / "index.html").as_uri())
    assert tab.locator(".jupyter-wrapper img").count() > 0
    tab.goto((unzipped / "slides" / "index.html").as_uri() + "#5")
    tab.wait_for_function("() => document.querySelector('.bespoke-marp-active')")
    assert tab.locator("section[id]").count() == 35  # the deck's 33 and the agenda and summary it adds
    tab.click('.bespoke-marp-active footer a')  # back to the page section, from the file
    tab.wait_for_load_state()
    assert tab.url.split("#")[0].endswith("/loss/index.html")
    context.close()
    assert problems == []


EXPLORERS = {"learning-rate-2d": "/descent/", "learning-rate-1d": "/descent/", "training": "/learning/"}
# On a phone: how tall the controls, the numbers and the first drawing are together, how tall each
# control is, and how large the smallest text of each drawing is once the drawing is scaled.
PHONE_MEASURES = """(root) => {
  const box = (e) => e.getBoundingClientRect();
  const first = root.querySelector(".explorer-svg");
  const parts = [root.querySelector(".explorer-controls"), root.querySelector(".explorer-result"), first];
  const scale = (svg) => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return {
    span: Math.max(...parts.map((e) => box(e).bottom)) - Math.min(...parts.map((e) => box(e).top)),
    header: document.querySelector(".md-header").getBoundingClientRect().height,
    controls: [...root.querySelectorAll("input, select")].map((e) => box(e).height),
    text: Math.min(...[...root.querySelectorAll("svg text")].map((t) =>
      parseFloat(getComputedStyle(t).fontSize) * scale(t.ownerSVGElement))),
  };
}"""


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_each_explorer_fits_one_phone_screen_with_touch_sized_controls_and_legible_text(browser, served, name):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(served + EXPLORERS[name])
    root = tab.wait_for_selector(f'.explorer[data-explorer="{name}"] .explorer-svg').evaluate_handle(
        "(svg) => svg.closest('.explorer')")
    measured = root.evaluate(PHONE_MEASURES)
    context.close()
    assert measured["span"] <= 844 - measured["header"], measured
    assert min(measured["controls"]) >= 24, measured
    assert measured["text"] >= 11, measured


def test_a_diverging_run_leaves_the_picture_where_it_goes_and_says_so(page):
    page.goto(page.url_of("/descent/"))
    page.wait_for_selector("#lr2d-eta")
    set_range(page, "#lr2d-eta", explorers.LEARNING_RATES_2D.index(1.1))
    set_range(page, "#lr2d-steps", 29)
    plane = '.explorer[data-explorer="learning-rate-2d"] .explorer-svg'
    assert "現在の点は図の外" in page.inner_html(plane) and page.locator(f"{plane} .explorer-now").count() == 0
    path = page.eval_on_selector(f"{plane} polyline", "p => [...p.points].map((q) => [q.x, q.y])")
    _, history = gradient_descent(function_2, np.array(explorers.STARTS_2D[0]), lr=1.1, step_num=30)
    assert len(path) == len(history) and max(abs(x) for point in path for x in point) > 1000  # not clamped to the frame
    # start and current point are told apart by shape and colour; the legend names them
    set_range(page, "#lr2d-steps", 9)
    assert page.locator(f"{plane} rect.explorer-start").count() == 1 and page.locator(f"{plane} circle.explorer-now").count() in (0, 1)
    assert [e.strip() for e in page.inner_text('.explorer[data-explorer="learning-rate-2d"] .explorer-legend').split()] == \
        ["初期値", "いまの点", "軌跡"]
    assert page.problems == []
