"""Shared set-up for driving the built site in Debian's Chromium with Playwright."""
import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
CHROMIUM_NAMES = ("chromium", "chromium-browser")
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


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def site_pages():
    """Every page of the built site as its URL path, e.g. '/', '/loss/'."""
    return sorted("/" + p.parent.relative_to(SITE).as_posix().strip(".") + ("/" if p.parent != SITE else "")
                  for p in SITE.rglob("index.html"))
