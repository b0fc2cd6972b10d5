"""Benchmark the site: build times (no-op, cold, under `make serve`, and of the figure, deck,
explorer and archive steps), the explorers' data and the zip's sizes, time until math renders,
the search index's size and time to results, and whether two clean builds are byte-identical.
(Bytes per page and Lighthouse: scripts/bench/bench_pages.py.)

Prints numbers; asserts nothing. Run after `make site` (needs .venv, node_modules, Chromium):
    .venv/bin/python scripts/bench/bench_site.py
"""
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from browser import launch, search, site_pages, watch_search  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts" / "bench"))
from bench_pages import serve  # noqa: E402

# A cold build makes these again (the notebooks, the wheel, the math and the notebook plots stay cached).
GENERATED = [ROOT / ".cache" / name for name in ("figures", "slides", "explorers", "sources", "jinja", "archive", "links")]
NOTEBOOK_OUTPUTS = [*ROOT.glob("docs/notebooks/*.ipynb"), ROOT / "docs" / "notebooks" / ".manifest.json"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# Math is rendered to HTML at build time. Two times per page, NaN for pages without math:
# - the first formula painted: each block holding a formula is marked for the Element Timing API
#   as it is parsed, and the earliest paint of one counts (the browser paints only what is on
#   screen, and text only once its font has arrived);
# - everything ready: the page parsed and its scripts run (DOMContentLoaded) and the KaTeX fonts in.
MARK_FORMULAS = """(() => {
  new MutationObserver((records) => records.forEach((record) => record.addedNodes.forEach((node) => {
    if (node.nodeType !== 1) return;
    [node, ...node.querySelectorAll('.katex')].filter((e) => e.matches('.katex')).forEach((formula) => {
      const block = formula.closest('div.arithmatex, p, li, td, th, h1, h2, h3, h4, dt, dd, div');
      if (block) block.setAttribute('elementtiming', 'formula');
    });
  }))).observe(document, { childList: true, subtree: true });
  window.__formulaPaints = [];
  new PerformanceObserver((list) => window.__formulaPaints.push(...list.getEntries().map((e) => e.renderTime)))
    .observe({ type: 'element', buffered: true });
})()"""
MATH_MS = """async () => {
  if (!document.querySelector('.katex')) return [NaN, NaN];
  await document.fonts.ready;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100)));  // the paint reported
  const navigation = performance.getEntriesByType('navigation')[0];
  const fonts = performance.getEntriesByType('resource').filter((e) => e.name.includes('/katex/fonts/'));
  return [Math.min(...window.__formulaPaints), Math.max(navigation.domContentLoadedEventEnd, ...fonts.map((e) => e.responseEnd))];
}"""


def timed(command, **kwargs):
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, **kwargs)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"bench_site: {' '.join(map(str, command))} failed:\n{result.stdout}{result.stderr}")
    return seconds


def build(site=ROOT / "site", force=True):
    """scripts/build/build_site.py: the whole of `make site` after set-up (atomic publish included)."""
    return timed([sys.executable, str(ROOT / "scripts" / "build" / "build_site.py"), "--site", str(site),
                  *(["--force"] if force else [])])


def remove(paths):
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def math_times(base_url, browser, repeats=3):
    """Per page, milliseconds until its first formula is painted and until all is ready (above),
    medians of ``repeats`` cold loads."""
    math_ms = {}
    for path in site_pages():
        times = []
        for _ in range(repeats):
            context = browser.new_context(service_workers="block")  # a fresh cache every time
            context.add_init_script(MARK_FORMULAS)
            page = context.new_page()
            page.goto(base_url + path, wait_until="networkidle")
            times.append(page.evaluate(MATH_MS))
            context.close()
        math_ms[path] = tuple(statistics.median(kind) for kind in zip(*times))
    return math_ms


# The last keystroke (or input method commit: both reach Material as a keyup) and the last change
# of the result list after it.
SEARCH_CLOCK = """() => {
  window.__clock = { key: 0, shown: 0 };
  document.querySelector("input.md-search__input").addEventListener("keyup", () => { __clock.key = performance.now(); }, true);
  new MutationObserver(() => { __clock.shown = performance.now(); })
    .observe(document.querySelector(".md-search-result__list"), { childList: true, subtree: true });
}"""


def search_times(base_url, browser):
    """Milliseconds from the last keystroke to the results shown, for each query of the test table."""
    rows = [line.split("\t")[0] for line in (ROOT / "tests" / "data" / "search_queries.tsv")
            .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    context = watch_search(browser.new_context(viewport={"width": 1280, "height": 900}))
    page = context.new_page()
    page.goto(base_url + "/", wait_until="networkidle")
    page.evaluate(SEARCH_CLOCK)
    search(page, "勾配")  # the worker has read the index
    times = []
    for query in dict.fromkeys(rows):
        search(page, query)
        times.append(page.evaluate("() => __clock.shown - __clock.key"))
    context.close()
    return times


def step_times(step, script):
    """A build step's command into an empty folder (cold), and the runner finding that step up to
    date in the checkout (no-op): (seconds, seconds, folder files)."""
    with tempfile.TemporaryDirectory() as out:
        cold = timed([sys.executable, str(ROOT / "scripts" / "steps" / script), "--out", out])
        files = {p.name: p.read_bytes() for p in Path(out).iterdir() if not p.name.startswith(".")}
    noop = timed([sys.executable, str(ROOT / "scripts" / "build" / "runner.py"), "sources", "--only", step])
    return cold, noop, files


def archive_time(site=ROOT / "site"):
    """scripts/steps/make_archive.py on the built site."""
    return timed([sys.executable, str(ROOT / "scripts" / "steps" / "make_archive.py"), str(site)])


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def reproducibility():
    """Two clean builds (figures, notebooks, every cache removed) into two folders: which files differ."""
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-") as scratch:
        sites = [Path(scratch) / "first", Path(scratch) / "second"]
        for site in sites:
            remove(GENERATED + NOTEBOOK_OUTPUTS + [ROOT / ".cache"])
            build(site)
        first, second = tree(sites[0]), tree(sites[1])
    differ = sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))
    return len(first), differ


def serve_times():
    """Seconds from saving a file under `mkdocs serve` until the served page or figure has changed."""
    from browser import fetch_until, mkdocs_serve, scratch_project

    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        with scratch_project(Path(folder)) as project, mkdocs_serve(project) as url:
            time.sleep(2)  # let the server's file watcher settle after the first build
            page = project / "docs" / "gradient.md"
            page.write_text(page.read_text(encoding="utf-8") + "\n\nbench-marker\n", encoding="utf-8")
            page_seconds = fetch_until(url + "/gradient/", lambda body: b"bench-marker" in body)
            time.sleep(2)
            figure = url + "/figures/numerical_diff_1.svg"
            old = urllib.request.urlopen(figure).read()
            slides = project / "dlcode" / "slides.py"
            slides.write_text(slides.read_text(encoding="utf-8").replace(
                "return (0.01 * (x **2)) + (0.1 * x)", "return (0.01 * (x **2)) + (0.2 * x)"), encoding="utf-8")
            figure_seconds = fetch_until(figure, lambda body: body != old)
    return page_seconds, figure_seconds


def main():
    from playwright.sync_api import sync_playwright

    build(force=False)  # the runner's no-op below needs every step current
    cold_figures, noop_figures, _ = step_times("figures", "make_figures.py")
    print(f"make_figures.py: cold {cold_figures:.2f} s, no-op {noop_figures:.2f} s")
    cold_slides, noop_slides, _ = step_times("slides", "make_slides.py")
    print(f"make_slides.py (the deck, 33 slides): cold {cold_slides:.2f} s, no-op {noop_slides:.2f} s")
    cold_explorers, noop_explorers, data = step_times("explorers", "make_explorers.py")
    print(f"make_explorers.py (3 explorers): cold {cold_explorers:.2f} s, no-op {noop_explorers:.2f} s")
    for name, payload in sorted(data.items()):
        print(f"  {name}: {len(payload) / 1024:.0f} KiB raw, {len(gzip.compress(payload, mtime=0)) / 1024:.1f} KiB gzip")

    build()  # everything current, so that each measurement below changes one thing
    noop = timed(["make", "-s", "site"])
    remove(GENERATED)
    cold = build()
    remove(GENERATED + NOTEBOOK_OUTPUTS)
    cold_with_notebooks = build()
    print(f"no-op make site:                                        {noop:6.2f} s")
    print(f"cold build (figures + mkdocs build, notebooks cached): {cold:6.2f} s")
    notebooks = len(list((ROOT / "docs" / "notebooks").glob("*.py")))
    print(f"cold build including executing the {notebooks} notebooks:         {cold_with_notebooks:6.2f} s")
    page_seconds, figure_seconds = serve_times()
    print(f"make serve: page saved -> served page changed:          {page_seconds:6.2f} s")
    print(f"make serve: dlcode saved -> redrawn figure served:      {figure_seconds:6.2f} s")
    server, base_url = serve(ROOT / "site")  # with gzip, as a host serves the site
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            math_ms = math_times(base_url, browser)
            typed = search_times(base_url, browser)
            browser.close()
    finally:
        server.shutdown()
    index = (ROOT / "site" / "search" / "search_index.json").read_bytes()
    print(f"search index: {len(index) / 1024:.0f} KiB raw, {len(gzip.compress(index, mtime=0)) / 1024:.1f} KiB gzip; "
          f"last keystroke -> results shown: median {statistics.median(typed):.1f} ms, max {max(typed):.1f} ms "
          f"({len(typed)} queries of the test table, desktop)")
    with_math = {path: ms for path, ms in math_ms.items() if ms[0] == ms[0]}  # drop NaN
    for index, what in enumerate(("first formula painted", "page parsed, scripts run and KaTeX fonts in")):
        slowest = max(with_math, key=lambda path: with_math[path][index])
        print(f"math: {what}: slowest {slowest} {with_math[slowest][index]:.0f} ms, "
              f"median {statistics.median(ms[index] for ms in with_math.values()):.0f} ms (median of 3 cold loads per page)")
    seconds = archive_time()
    size = (ROOT / "site" / "downloads" / "chapter4-site.zip").stat().st_size
    print(f"make_archive.py (offline zip of the site): {seconds:.2f} s, zip {size / 1024 / 1024:.1f} MiB")
    files, differ = reproducibility()
    print(f"two clean builds of this tree: {files} files, {len(differ)} differ" + (f": {', '.join(differ)}" if differ else ""))
    build()  # leave site/ as make site would


if __name__ == "__main__":
    main()
