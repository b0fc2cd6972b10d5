"""Shared set-up for driving the built site in Debian's Chromium with Playwright."""
import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
sys.path.insert(0, str(ROOT))
from scripts.steps import make_archive  # noqa: E402

ZIP = SITE / "downloads" / make_archive.NAME
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM_NAMES = ("chromium", "chromium-browser")
# Without the background-networking flags Chromium phones home at start; this machine has no
# network, and the tests must see only requests the site itself makes.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # a tab closed while a file was on its way: the browser's doing, not the site's
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_site(directory=SITE):
    """Serve ``directory`` on 127.0.0.1 (a free port) for the duration of the block."""
    server = QuietServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


PROJECT_FILES = ("docs", "dlcode", "scripts", "tests/data", "mkdocs.yml", "pyproject.toml", "README.md",
                 "package.json", "package-lock.json")


@contextlib.contextmanager
def scratch_project(folder):
    """A copy of the project in ``folder`` (generated figures, notebooks and caches included, so
    that nothing is rebuilt that need not be), to edit without touching the checkout."""
    for name in PROJECT_FILES:
        source = ROOT / name
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / name)
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    for cache in ("mkdocs-jupyter", "figures", "wheel", "slides", "explorers"):
        if (ROOT / ".cache" / cache).is_dir():
            shutil.copytree(ROOT / ".cache" / cache, folder / ".cache" / cache)
    yield folder


@contextlib.contextmanager
def mkdocs_serve(project, timeout_s=120):
    """`mkdocs serve` in ``project`` on a free loopback port; yields its base URL once it serves."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = open(project / "serve.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("mkdocs serve did not start:\n" + (project / "serve.log").read_text())
                time.sleep(0.2)
        yield url
    finally:
        if server.poll() is None:
            os.killpg(server.pid, 15)
        server.wait(timeout=30)
        log.close()


def fetch_until(url, changed, timeout_s=60, interval_s=0.1):
    """Poll ``url`` until ``changed(body)`` is true; return the seconds it took (or raise)."""
    import time
    import urllib.request

    start = time.monotonic()
    while time.monotonic() - start < timeout_s:
        try:
            body = urllib.request.urlopen(url, timeout=5).read()
        except OSError:
            body = None
        if body is not None and changed(body):
            return time.monotonic() - start
        time.sleep(interval_s)
    raise TimeoutError(f"{url} did not change within {timeout_s} s")


def chromium_path():
    """$CHROMIUM if set, else chromium or chromium-browser on PATH; never a silent skip."""
    if os.environ.get("CHROMIUM"):
        path = shutil.which(os.environ["CHROMIUM"])
        if not path:
            raise RuntimeError(f"CHROMIUM={os.environ['CHROMIUM']} is not an executable")
        return path
    for name in CHROMIUM_NAMES:
        if shutil.which(name):
            return shutil.which(name)
    raise RuntimeError("Chromium not found (looked for $CHROMIUM, then chromium and chromium-browser on PATH): "
                       "install Debian's package chromium (`make test` does: apt-get install chromium "
                       "fonts-ipaexfont-gothic)")


# Figures after a page's first load lazily (scripts/pages/figure_sizes.py): a test that looks at
# every image first loads them all, as if scrolled to, and waits until each has arrived or failed.
LOAD_IMAGES = """async () => {
  const images = [...document.images];
  images.forEach((image) => { image.loading = "eager"; });
  await Promise.all(images.map((image) => image.decode().catch(() => null)));
}"""


def screenshot(page, name, **options):
    """screenshots/<name> for people to look at, written under `make screenshots` (SCREENSHOTS=1):
    a picture is no check, and drawing every page whole is a fifth of a page test's time."""
    if os.environ.get("SCREENSHOTS") == "1":
        (SCREENSHOTS / name).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), **options)


def load_images(page):
    page.evaluate(LOAD_IMAGES)


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def site_pages():
    """Every MkDocs page of the built site as its URL path, e.g. '/', '/loss/' (not the slide
    show under /slides/, which tests/test_slides_browser.py drives)."""
    return sorted("/" + p.parent.relative_to(SITE).as_posix().strip(".") + ("/" if p.parent != SITE else "")
                  for p in SITE.rglob("index.html") if p.parent != SITE / "slides")  # /source/slides/ is a page


SEARCH_TIMEOUT_MS = 10000  # the first query waits for the worker to read the index

# Counts the queries sent to the search worker and the results it answered (Material's messages
# 2 and 3), whichever Worker the page ends up with (under file:// the iframe-worker shim replaces
# it), so that a test reads the results of the last query typed, not of one typed on the way.
WATCH_SEARCH = """(() => {
  const seen = window.__search = { ready: false, queries: 0, results: 0, last: null };
  const watched = (Base) => Base && class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data && event.data.type === 1) seen.ready = true;  // the index is read
        if (event.data && event.data.type === 3) seen.results++;
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) { seen.queries++; seen.last = message.data; }
      return super.postMessage(message, ...rest);
    }
  };
  let current = watched(window.Worker);
  Object.defineProperty(window, "Worker", { configurable: true, get: () => current, set: (value) => { current = watched(value); } });
})()"""


def watch_search(context):
    """Make ``context``'s pages countable by search() (call before opening them)."""
    context.add_init_script(WATCH_SEARCH)
    return context


def search(page, query):
    """Type ``query`` into the search box as a person does and return the paths of the pages found,
    in order. A Japanese query is composed by an input method and committed (compositionstart,
    updates, then compositionend and input, as Chromium's IME does); ASCII is typed key by key.
    The page's context must be made with watch_search()."""
    if not page.evaluate("() => Boolean(window.__search)"):
        raise RuntimeError("search() needs a page whose context was made with browser.watch_search()")
    box = page.locator("input.md-search__input")
    button = page.locator("label.md-header__button[for='__search']")  # a phone's: the box is behind it
    if not page.is_checked("#__search") and button.is_visible():
        button.click()
    if not box.evaluate("box => box === document.activeElement"):
        box.click()  # as a person does; the next query types into the box still focused
    page.keyboard.press("Control+a")
    page.keyboard.press("Backspace")
    if query.isascii():
        page.keyboard.type(query)
    else:
        ime = page.context.new_cdp_session(page)
        for end in range(1, len(query) + 1):
            ime.send("Input.imeSetComposition", {"text": query[:end], "selectionStart": end, "selectionEnd": end})
        ime.send("Input.insertText", {"text": query})
        ime.detach()
    page.wait_for_function("(query) => __search.last === query && __search.results >= __search.queries",
                           arg=query, timeout=SEARCH_TIMEOUT_MS)
    page.wait_for_selector(".md-search-result__item", timeout=SEARCH_TIMEOUT_MS)
    hrefs = page.eval_on_selector_all(".md-search-result__item", "items => items.map((li) => li.querySelector('a').href)")
    return [urlsplit(href).path for href in hrefs]
