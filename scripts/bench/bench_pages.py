"""Benchmark the pages as a static host serves them (gzip, as GitHub Pages does): bytes transferred
per page, and Lighthouse (npm, pinned) on every page, desktop and mobile, median of 3 runs: the
performance score, total blocking time, largest contentful paint and layout shift.

Prints numbers; asserts nothing. Run after `make site` (needs node_modules and Chromium):
    .venv/bin/python scripts/bench/bench_pages.py [--runs N] [--only /path/ ...]
"""
import argparse
import functools
import gzip
import http.server
import json
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from browser import chromium_path, launch, site_pages  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ipynb", ".mjs", ".map"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text compressed with gzip when the browser accepts it; counts bytes sent."""
    sent = 0

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not path.is_file() or not self.path.split("?")[0].endswith(("/", path.suffix))):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Bytes(body)

    def copyfile(self, source, outputfile):
        data = source.read()
        type(self).sent += len(data)
        outputfile.write(data)


class _Bytes:
    def __init__(self, data):
        self.data = data

    def read(self):
        return self.data

    def close(self):
        pass


def serve(directory):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def transferred(base_url, paths):
    """Bytes the server sent for each page loaded with a cold cache (all its requests)."""
    from playwright.sync_api import sync_playwright

    sizes = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for path in paths:
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            GzipHandler.sent = 0
            page.goto(base_url + path, wait_until="networkidle")
            sizes[path] = GzipHandler.sent
            context.close()
        browser.close()
    return sizes


def lighthouse(url, form_factor):
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        report = Path(folder) / "report.json"
        result = subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance", "--output=json", f"--output-path={report}",
             *(["--preset=desktop"] if form_factor == "desktop" else []),
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
             f"--user-data-dir={folder}/profile"],
            env={"CHROME_PATH": chromium_path(), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
        if result.returncode != 0 or not report.exists():
            raise SystemExit(f"bench_pages: lighthouse failed on {url}: {result.stderr.strip()[-500:]}")
        data = json.loads(report.read_text())
    audits = data["audits"]
    return {"score": round(100 * (data["categories"]["performance"]["score"] or 0)),
            "tbt": audits["total-blocking-time"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"]}


def median_run(url, form_factor, runs):
    results = sorted((lighthouse(url, form_factor) for _ in range(runs)), key=lambda r: r["score"])
    return results[len(results) // 2]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and form factor (median)")
    parser.add_argument("--only", action="append", metavar="PATH", help="only these pages, e.g. /slides/")
    args = parser.parse_args(argv)
    site = ROOT / "site"
    paths = args.only or [*site_pages(), "/slides/"]
    server, base_url = serve(site)
    try:
        sizes = transferred(base_url, paths)
        print(f"{'page':34} {'gzip KiB':>8}  {'desktop':>22}  {'mobile':>22}")
        print(f"{'':34} {'':>8}  {'score  TBT ms  LCP ms':>22}  {'score  TBT ms  LCP ms':>22}  CLS (mobile)")
        rows = []
        for path in paths:
            desktop, mobile = (median_run(base_url + path, form, args.runs) for form in ("desktop", "mobile"))
            rows.append((path, desktop, mobile))
            print(f"{path:34} {sizes[path] / 1024:8.0f}  {desktop['score']:5d} {desktop['tbt']:7.0f} {desktop['lcp']:7.0f}"
                  f"  {mobile['score']:5d} {mobile['tbt']:7.0f} {mobile['lcp']:7.0f}  {mobile['cls']:.3f}", flush=True)
    finally:
        server.shutdown()
    heaviest = max(sizes, key=sizes.get)
    print(f"heaviest page with gzip: {heaviest} {sizes[heaviest] / 1024:.0f} KiB; median {statistics.median(sizes.values()) / 1024:.0f} KiB")
    for index, form in ((1, "desktop"), (2, "mobile")):
        worst = min(rows, key=lambda row: row[index]["score"])
        blocking = max(rows, key=lambda row: row[index]["tbt"])
        print(f"Lighthouse {form} (median of {args.runs}): lowest score {worst[index]['score']} ({worst[0]}), "
              f"longest blocking {blocking[index]['tbt']:.0f} ms ({blocking[0]})")


if __name__ == "__main__":
    main()
