"""glightbox (the figures' zoom) only on pages that have a figure or a notebook plot to zoom: the plugin adds its
script, stylesheet and start-up code to every page, 17 KiB that a page of text never uses.
Called by scripts/mkdocs_hooks.py for every page, after the plugin."""
import re

ASSETS = re.compile(r'<link href="(?:\.\./)*assets/stylesheets/glightbox\.min\.css" rel="stylesheet">'
                    r'<script src="(?:\.\./)*assets/javascripts/glightbox\.min\.js"></script>'
                    r'<style id="glightbox-style">.*?</style>', re.S)
START = re.compile(r'<script id="init-glightbox">.*?</script>', re.S)


def drop_unused(page_html):
    if 'class="glightbox"' in page_html or "jp-RenderedImage" in page_html:  # notebook plots open in it too (site.js)
        return page_html
    page_html, assets = ASSETS.subn("", page_html)
    page_html, start = START.subn("", page_html)
    if (assets, start) not in ((1, 1), (0, 0)):
        raise ValueError("glightbox's assets are no longer where they were: has the plugin changed?")
    return page_html
