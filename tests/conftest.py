"""Fixtures shared by the tests that drive Chromium: the browser, the served site and the site
unzipped from its download (opened as a file)."""
import zipfile

import pytest
from playwright.sync_api import sync_playwright

from browser import ZIP, launch, make_archive, serve_site


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module; never skipped (see browser.py)."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory):
    if not ZIP.is_file():
        pytest.fail(f"{ZIP} is missing: build the site with `make site` (make test does this first)")
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(ZIP) as archive:
        archive.extractall(folder)
    return folder / make_archive.TOP


@pytest.fixture(scope="module")
def served():
    with serve_site() as url:
        yield url


@pytest.fixture(params=["served", "file"])
def site(request, served, unzipped):
    """(how, URL of a page given its path on the served site)."""
    if request.param == "served":
        return "served", lambda path: served + path
    return "file", lambda path: (unzipped / path.lstrip("/") / ("index.html" if path.endswith("/") else "")).as_uri()
