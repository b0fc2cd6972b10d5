"""Each page's search runs the site's own worker (docs/assets/javascripts/search-worker.js), not
Material's lunr worker: the page's configuration names it. The index is fetched when a reader
turns to the search (docs/assets/javascripts/search-on-demand.js, loaded just before Material's
script). Called by scripts/mkdocs_hooks.py for every page and template; the index it reads is
tuned by scripts/steps/search_index.py."""
import re

# Material's pages name its lunr worker in their configuration; the site's worker answers instead.
MATERIAL_WORKER = re.compile(r'("search": "[^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')
SITE_WORKER = "assets/javascripts/search-worker.js"
MATERIAL_SCRIPT = re.compile(r'<script src="(?P<base>[^"]*)assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')
ON_DEMAND = "assets/javascripts/search-on-demand.js"


def use_site_worker(page_html):
    """A page whose search runs the site's worker (called by scripts/mkdocs_hooks.py)."""
    if 'id="__config"' not in page_html:
        return page_html
    page_html, count = MATERIAL_WORKER.subn(lambda m: f'{m.group(1)}{SITE_WORKER}"', page_html)
    if count != 1:
        raise ValueError(f"the page names Material's search worker {count} times, not once: "
                         "has Material's configuration changed?")
    page_html, count = MATERIAL_SCRIPT.subn(lambda m: f'<script src="{m["base"]}{ON_DEMAND}"></script>\n{m[0]}', page_html)
    if count != 1:
        raise ValueError(f"the page loads Material's script {count} times, not once: has Material's template changed?")
    return page_html
