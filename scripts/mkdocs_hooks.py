"""MkDocs hooks: bring figures and notebooks up to date before every build (also under
`mkdocs serve`), render every formula with KaTeX at build time (the pages ship KaTeX's CSS and
fonts from node_modules, and no math JavaScript), and keep notebook pages free of CDN scripts."""
import hashlib
import html as html_lib
import importlib.metadata
import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from pymdownx.slugs import slugify

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import make_figures  # noqa: E402
import run_notebooks  # noqa: E402

KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
KATEX_FILES = ("katex.min.css",)
RENDER_MATH = ROOT / "scripts" / "render_math.mjs"

# nbconvert's lab template loads MathJax and Mermaid from a CDN; the site renders math with
# its own KaTeX and has no Mermaid diagrams, so both blocks are removed from notebook pages.
NBCONVERT_CDN_BLOCKS = (
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S),
    re.compile(r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded", async \(\) => \{\s*'
               r'const diagrams = document\.querySelectorAll\("\.jp-Mermaid.*?<!-- End of mermaid configuration -->',
               re.S),
)

RENDERER_PACKAGES = ("mkdocs-jupyter", "nbconvert", "mistune", "pygments", "jupytext")


def on_config(config):
    """mkdocs-jupyter caches rendered notebooks by file content only; a folder per renderer
    version set keeps a library upgrade from serving HTML rendered by the old one."""
    versions = ",".join(f"{name}=={importlib.metadata.version(name)}" for name in RENDERER_PACKAGES)
    plugin = config.plugins["mkdocs-jupyter"]
    plugin.config["cache"] = True
    plugin.config["cache_dir"] = str(ROOT / ".cache" / "mkdocs-jupyter" / hashlib.sha256(versions.encode()).hexdigest()[:16])
    return config


def on_pre_build(config):
    # Notebook kernels run in their own processes: draw the figures meanwhile.
    with ThreadPoolExecutor(max_workers=1) as pool:
        notebooks = pool.submit(run_notebooks.main, [])
        figures_status = make_figures.main([])
        notebooks_status = notebooks.result()
    if figures_status != 0:
        raise PluginError("figures could not be regenerated (see above)")
    if notebooks_status != 0:
        raise PluginError("notebooks could not be executed (see above)")


def on_files(files, config):
    if not KATEX_DIST.is_dir():
        raise PluginError(f"KaTeX is missing at {KATEX_DIST}: run `npm ci` (or `make site`)")
    fonts = sorted(p.relative_to(KATEX_DIST).as_posix() for p in (KATEX_DIST / "fonts").iterdir())
    for name in (*KATEX_FILES, *fonts):
        files.append(File.generated(config, f"assets/katex/{name}", abs_src_path=str(KATEX_DIST / name)))
    return files


# nbconvert inlines ~600 kB of JupyterLab CSS into every notebook page; the site styles the few
# notebook classes it uses in assets/stylesheets/site.css instead.
NBCONVERT_STYLE = re.compile(r"<style(?: type=\"text/css\")?>(?!\s*html\.glightbox).*?</style>", re.S)
NOTEBOOK_HEADING = re.compile(r'<h([1-6]) id="[^"]*">(.*?)<a class="anchor-link" href="#[^"]*">¶</a></h\1>', re.S)
DATA_IMAGE = re.compile(r'<img ([^>]*?)src="data:')
HEADING_SLUG = slugify(case="lower")


def _flatten(toc):
    for link in toc:
        yield link
        yield from _flatten(link.children)


def _notebook_anchors(html, page):
    """nbconvert drops Japanese from heading ids ('', '2', ...) and mkdocs-jupyter's TOC links do
    not match them: give headings and TOC the same readable, unique slugs as the Markdown pages."""
    links = list(_flatten(page.toc))
    headings = list(NOTEBOOK_HEADING.finditer(html))
    if len(links) != len(headings):
        raise PluginError(f"{page.file.src_uri}: {len(headings)} headings but {len(links)} TOC entries")
    used, pieces, last = set(), [], 0
    for link, heading in zip(links, headings):
        text = re.sub(r"<[^>]+>", "", heading.group(2)).strip()
        slug = base = HEADING_SLUG(text, "-") or "section"
        number = 1
        while slug in used:
            slug, number = f"{base}_{number}", number + 1
        used.add(slug)
        link.id = slug
        level = heading.group(1)
        pieces += [html[last:heading.start()],
                   f'<h{level} id="{slug}">{heading.group(2)}<a class="headerlink" href="#{slug}">¶</a></h{level}>']
        last = heading.end()
    return "".join(pieces) + html[last:]


@event_priority(50)  # before glightbox, so that it skips the notebooks' inline images
def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    for block in NBCONVERT_CDN_BLOCKS:
        html, count = block.subn("", html)
        if count != 1:
            raise PluginError(f"{page.file.src_uri}: expected one nbconvert CDN block "
                              f"matching {block.pattern[:40]!r}, found {count}")
    html = NBCONVERT_STYLE.sub("", html)
    # Material colours code in `.highlight`; nbconvert renames it to avoid its own CSS.
    html = html.replace('class="highlight-ipynb', 'class="highlight')
    # A lightbox link would repeat each base64 image in the page.
    html = DATA_IMAGE.sub(r'<img \1class="no-lightbox" src="data:', html.replace('class="" src="data:', 'src="data:'))
    return _notebook_anchors(html, page)


# pymdownx.arithmatex (generic) leaves \( \) and \[ \] in these wrappers; notebook Markdown
# cells keep $ and $$.
ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
NOTEBOOK_MARKDOWN = re.compile(r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^>]*>)(.*?)(</div>)', re.S)
DOLLAR_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$", re.S)
CODE_SPAN = re.compile(r"(<code>.*?</code>|<pre>.*?</pre>)", re.S)
PLACEHOLDER = re.compile(r"\x00MATH(\d+)\x00")


def _arithmatex_formula(match):
    wrapper, body = match.group(1), html_lib.unescape(match.group(2)).strip()
    display = wrapper == "div"
    opening, closing = ("\\[", "\\]") if display else ("\\(", "\\)")
    if not (body.startswith(opening) and body.endswith(closing)):
        raise PluginError(f"unexpected arithmatex markup: {match.group(0)[:80]}")
    return body[len(opening):-len(closing)], display


def _render_all(formulas):
    """Render [(tex, display, where)] in one Node process; raise naming every formula that fails."""
    if not formulas:
        return []
    request = json.dumps([{"tex": tex, "display": display} for tex, display, _ in formulas])
    result = subprocess.run(["node", str(RENDER_MATH)], cwd=ROOT, capture_output=True, text=True, input=request)
    if result.returncode != 0:
        raise PluginError(f"KaTeX rendering failed to run (is `npm ci` done?): {result.stderr.strip()}")
    rendered = json.loads(result.stdout)
    errors = [f"{where}: {tex!r}: {out['error']}" for (tex, _, where), out in zip(formulas, rendered)
              if "error" in out]
    if errors:
        raise PluginError("KaTeX could not render:\n" + "\n".join(errors))
    return [out["html"] for out in rendered]


def _dollar_math(cell_html, collect):
    pieces = CODE_SPAN.split(cell_html)  # odd pieces are code: any $ there is not math
    for index in range(0, len(pieces), 2):
        pieces[index] = DOLLAR_MATH.sub(
            lambda m: collect(html_lib.unescape(m.group(1) if m.group(1) is not None else m.group(2)),
                              m.group(1) is not None), pieces[index])
    return "".join(pieces)


def on_post_build(config):
    """Replace every formula in the written pages by KaTeX's HTML (one Node run for the site)."""
    site = Path(config["site_dir"])
    pages = {path: path.read_text(encoding="utf-8") for path in site.rglob("*.html")}
    formulas = []
    for path, text in pages.items():
        where = path.relative_to(site).as_posix()

        def collect(tex, display, where=where):
            formulas.append((tex, display, where))
            return f"\x00MATH{len(formulas) - 1}\x00"

        text = ARITHMATEX.sub(
            lambda m: f'<{m.group(1)} class="arithmatex">{collect(*_arithmatex_formula(m))}</{m.group(1)}>', text)
        text = NOTEBOOK_MARKDOWN.sub(lambda m: m.group(1) + _dollar_math(m.group(2), collect) + m.group(3), text)
        pages[path] = text
    rendered = _render_all(formulas)
    for path, text in pages.items():
        if "\x00MATH" in text:
            path.write_text(PLACEHOLDER.sub(lambda m: rendered[int(m.group(1))], text), encoding="utf-8")
