"""Shared set-up for driving the built site in Debian's Chromium with Playwright."""
import contextlib
import functools
import http.server
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium phones home at start; this machine has no
# network, and the tests must see only requests the site itself makes.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_site(directory=SITE):
    """Serve ``directory`` on 127.0.0.1 (a free port) for the duration of the block."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} not found: install Debian's chromium "
                           "(`make test` does: apt-get install chromium fonts-ipaexfont-gothic)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def site_pages():
    """Every page of the built site as its URL path, e.g. '/', '/loss/'."""
    return sorted("/" + p.parent.relative_to(SITE).as_posix().strip(".") + ("/" if p.parent != SITE else "")
                  for p in SITE.rglob("index.html"))
