"""Fixtures shared by the tests that drive Chromium."""
import pytest
from playwright.sync_api import sync_playwright

from browser import launch


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module; never skipped (see browser.py)."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
