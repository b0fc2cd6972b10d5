"""MkDocs hooks: bring figures and notebooks up to date before every build (also under
`mkdocs serve`), serve KaTeX from node_modules, and keep notebook pages free of CDN scripts."""
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import make_figures  # noqa: E402
import run_notebooks  # noqa: E402

KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
KATEX_FILES = ("katex.min.js", "katex.min.css", "contrib/auto-render.min.js")

# nbconvert's lab template loads MathJax and Mermaid from a CDN; the site renders math with
# its own KaTeX and has no Mermaid diagrams, so both blocks are removed from notebook pages.
NBCONVERT_CDN_BLOCKS = (
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S),
    re.compile(r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded", async \(\) => \{\s*'
               r'const diagrams = document\.querySelectorAll\("\.jp-Mermaid.*?<!-- End of mermaid configuration -->',
               re.S),
)


def on_pre_build(config):
    if make_figures.main([]) != 0:
        raise PluginError("figures could not be regenerated (see above)")
    if run_notebooks.main([]) != 0:
        raise PluginError("notebooks could not be executed (see above)")


def on_files(files, config):
    if not KATEX_DIST.is_dir():
        raise PluginError(f"KaTeX is missing at {KATEX_DIST}: run `npm ci` (or `make site`)")
    fonts = sorted(p.relative_to(KATEX_DIST).as_posix() for p in (KATEX_DIST / "fonts").iterdir())
    for name in (*KATEX_FILES, *fonts):
        files.append(File.generated(config, f"assets/katex/{name}", abs_src_path=str(KATEX_DIST / name)))
    return files


def on_page_content(html, page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        for block in NBCONVERT_CDN_BLOCKS:
            html, count = block.subn("", html)
            if count != 1:
                raise PluginError(f"{page.file.src_uri}: expected one nbconvert CDN block "
                                  f"matching {block.pattern[:40]!r}, found {count}")
    return html
