"""Tidy the HTML that mkdocs-jupyter (nbconvert) makes of a notebook page: no CDN scripts, no
inlined JupyterLab stylesheet, no lightbox around inline images, and heading anchors that match
the table of contents. Called by scripts/mkdocs_hooks.py for each notebook page.
"""
import re
from html import escape as html_escape

from pymdownx.slugs import slugify


class NotebookPageError(Exception):
    pass


# nbconvert's lab template loads MathJax and Mermaid from a CDN; the site renders math with
# its own KaTeX and has no Mermaid diagrams, so both blocks are removed from notebook pages.
NBCONVERT_CDN_BLOCKS = (
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S),
    re.compile(r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded", async \(\) => \{\s*'
               r'const diagrams = document\.querySelectorAll\("\.jp-Mermaid.*?<!-- End of mermaid configuration -->',
               re.S),
)
# nbconvert inlines ~600 kB of JupyterLab CSS into every notebook page; the site styles the few
# notebook classes it uses in assets/stylesheets/site.css instead.
NBCONVERT_STYLE = re.compile(r"<style(?: type=\"text/css\")?>(?!\s*html\.glightbox).*?</style>", re.S)
NOTEBOOK_HEADING = re.compile(r'<h([1-6]) id="[^"]*">(.*?)<a class="anchor-link" href="#[^"]*">¶</a></h\1>', re.S)
DATA_IMAGE = re.compile(r'<img\b([^>]*?)\bsrc="data:')
# nbconvert's own copy button sat on top of the code; Material adds its own to `pre > code`.
NBCONVERT_COPY = re.compile(r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>', re.S)
CODE_CELL = re.compile(r'<div class="highlight hl-(?:python|ipython3)"><pre>(.*?)</pre></div>', re.S)
FIRST_H1_END = re.compile(r"</h1>")
HEADING_SLUG = slugify(case="lower")


def _flatten(toc):
    for link in toc:
        yield link
        yield from _flatten(link.children)


def _anchors(html, toc, where):
    """nbconvert drops Japanese from heading ids ('', '2', ...) and mkdocs-jupyter's TOC links do
    not match them: give headings and TOC the same readable, unique slugs as the Markdown pages."""
    links = list(_flatten(toc))
    headings = list(NOTEBOOK_HEADING.finditer(html))
    if len(links) != len(headings):
        raise NotebookPageError(f"{where}: {len(headings)} headings but {len(links)} TOC entries")
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


HEADING = re.compile(r"<h[12][^>]*>(.*?)</h[12]>", re.S)
# nbconvert shows a cell's tags (skip-execution) as a toolbar: words for the build, not the reader.
CELL_TOOLBAR = re.compile(r'<div class="celltoolbar">\s*<div class="button_container tags_button_container">.*?</div>\s*</div>', re.S)
NO_ALT = 'alt="No description has been provided for this image"'


def _plots(html):
    """Each inline plot keeps out of glightbox (its link would repeat the base64 data), and gets a
    Japanese alt text instead of nbconvert's English placeholder: the heading of its section (and
    which plot of the section it is), so that each plot says what it shows."""
    pieces, last, counts = [], 0, {}
    for match in DATA_IMAGE.finditer(html):
        headings = HEADING.findall(html, 0, match.start())
        heading = re.sub(r"<[^>]+>|¶", "", headings[-1]).strip() if headings else "ノートブック"
        counts[heading] = counts.get(heading, 0) + 1
        alt = f"「{heading}」のグラフ" + (f"（{counts[heading]} つ目）" if counts[heading] > 1 else "")
        attributes = re.sub(r"\s*class=""", "", match.group(1)).replace(NO_ALT, f'alt="{html_escape(alt)}"')
        pieces += [html[last:match.start()], f'<img{attributes} class="no-lightbox" src="data:']
        last = match.end()
    return "".join(pieces) + html[last:]


def download_button(notebook_file):
    """A link to the executed .ipynb, which mkdocs-jupyter copies beside the page."""
    return (f'<p class="notebook-download"><a href="{notebook_file}" download class="md-button md-button--primary">'
            f'ノートブックをダウンロード（{notebook_file}）</a></p>')


def install_note(wheel):
    """How to get what the notebook needs: one pip line for the site's wheel. ``wheel`` is the
    wheel's URL relative to the page; assets/javascripts/site.js writes the absolute URL into the
    line, so that it works wherever the site is served, from a file too."""
    name = wheel.rsplit("/", 1)[-1]
    # A section, not a div: the math step reads a notebook's Markdown cell up to its first </div>.
    return (f'<section class="notebook-setup"><p>手元で動かすには、Python 3.11 以上で次の 1 行を実行してから、'
            f'ダウンロードしたノートブックを Jupyter で開く（<code>dlcode</code> と、ノートブックが使う'
            f'ライブラリが入る）。</p>'
            f'<pre><code data-wheel="{wheel}">pip install "dlcode[notebooks] @ {wheel}"</code></pre>'
            f'<p><a href="{wheel}" download>{name}</a> をダウンロードして、そのフォルダで '
            f'<code>pip install "./{name}[notebooks]"</code> としても同じ。'
            f'ノートブックを開く Jupyter が手元になければ、<code>pip install jupyterlab</code> で入れ、'
            f'ノートブックのあるフォルダで <code>jupyter lab</code> を実行する（VS Code の Jupyter 拡張機能でも開ける）。</p></section>')


def tidy(html, toc, where, notebook_file, wheel):
    """The page's HTML, cleaned; ``toc`` (MkDocs' table of contents) gets the new anchors, and
    the download button and the install line come right after the title."""
    for block in NBCONVERT_CDN_BLOCKS:
        html, count = block.subn("", html)
        if count != 1:
            raise NotebookPageError(f"{where}: expected one nbconvert CDN block "
                                    f"matching {block.pattern[:40]!r}, found {count}")
    html = NBCONVERT_STYLE.sub("", html)
    # Material colours code in `.highlight`; nbconvert renames it to avoid its own CSS.
    html = html.replace('class="highlight-ipynb', 'class="highlight')
    # A lightbox link would repeat each base64 image in the page.
    html = _plots(CELL_TOOLBAR.sub("", html))
    html = NBCONVERT_COPY.sub("", html)
    html = CODE_CELL.sub(r'<div class="language-python highlight"><pre><code>\1</code></pre></div>', html)
    html, titles = FIRST_H1_END.subn(lambda m: m.group(0) + download_button(notebook_file) + install_note(wheel),
                                     html, count=1)
    if titles != 1:
        raise NotebookPageError(f"{where}: no title (h1) to put the download button under")
    return _anchors(html, toc, where)


RELATIVE_LINK = re.compile(r"\[([^\]]+)\]\((?![a-z]+:|#)[^)]*\)")


def standalone(notebook_text):
    """The downloaded copy of a notebook: links relative to the site would be dead outside it,
    so they become their plain label; a line break between Japanese characters is no space."""
    import nbformat

    from scripts.pages.japanese_text import join_markdown_lines

    notebook = nbformat.reads(notebook_text, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = join_markdown_lines(RELATIVE_LINK.sub(r"\1", cell.source))
    return nbformat.writes(notebook) + "\n"
