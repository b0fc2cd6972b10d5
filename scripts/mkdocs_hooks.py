"""MkDocs hooks: wire the build events to the build steps in scripts/.

MkDocs keeps this module, and anything it imports, loaded across `mkdocs serve` rebuilds. So
every step that produces something runs as a fresh process (figures, notebooks, math, links),
and the one in-process step (notebook pages) is loaded from disk again for each build: an edit
of dlcode/ or scripts/ shows on the next rebuild without restarting the server.
"""
import hashlib
import importlib.metadata
import importlib.util
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
RENDERER_PACKAGES = ("mkdocs-jupyter", "nbconvert", "mistune", "pygments", "jupytext")
log = logging.getLogger("mkdocs.hooks")


def _command(script, *args):
    return [sys.executable, str(SCRIPTS / script), *map(str, args)]


def _finish(name, returncode, stdout, stderr):
    """Log a step's report; a failed step stops the build with its first error line."""
    for line in stdout.splitlines():
        log.info(line)
    if returncode != 0:
        raise PluginError(stderr.strip() or f"{name}: FAILED with exit code {returncode}")


def _run(script, *args):
    result = subprocess.run(_command(script, *args), cwd=ROOT, capture_output=True, text=True)
    _finish(script, result.returncode, result.stdout, result.stderr)


def _fresh(name):
    """scripts/<name>.py as it is on disk now (not a module imported by an earlier build)."""
    spec = importlib.util.spec_from_file_location(f"build_step_{name}", SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def on_config(config):
    """mkdocs-jupyter caches rendered notebooks by file content only; a folder per renderer
    version set keeps a library upgrade from serving HTML rendered by the old one."""
    versions = ",".join(f"{name}=={importlib.metadata.version(name)}" for name in RENDERER_PACKAGES)
    plugin = config.plugins["mkdocs-jupyter"]
    plugin.config["cache"] = True
    plugin.config["cache_dir"] = str(ROOT / ".cache" / "mkdocs-jupyter" / hashlib.sha256(versions.encode()).hexdigest()[:16])
    return config


def on_pre_build(config):
    """Notebooks and figures, both brought up to date; the figures are drawn while the notebook
    kernels run, and a failing figure stops the build at once."""
    notebooks = subprocess.Popen(_command("run_notebooks.py"), cwd=ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _run("make_figures.py")
    except BaseException:
        os.killpg(notebooks.pid, signal.SIGTERM)  # its kernels too
        notebooks.communicate()
        raise
    stdout, stderr = notebooks.communicate()
    _finish("run_notebooks.py", notebooks.returncode, stdout, stderr)


def on_files(files, config):
    if not (KATEX_DIST / "katex.min.css").is_file():
        raise PluginError(f"KaTeX is missing at {KATEX_DIST.relative_to(ROOT)}: run `make site` (it runs npm ci)")
    fonts = sorted(p.relative_to(KATEX_DIST).as_posix() for p in (KATEX_DIST / "fonts").iterdir())
    for name in ("katex.min.css", *fonts):
        files.append(File.generated(config, f"assets/katex/{name}", abs_src_path=str(KATEX_DIST / name)))
    return files


@event_priority(50)  # before glightbox, so that it skips the notebooks' inline images
def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    pages = _fresh("notebook_pages")
    try:
        return pages.tidy(html, page.toc, page.file.src_uri)
    except pages.NotebookPageError as error:
        raise PluginError(f"notebook page: FAILED: {error}") from None


def on_post_build(config):
    _run("render_math.py", config["site_dir"])
    _run("check_links.py", config["site_dir"], *(["--site-url", config["site_url"]] if config["site_url"] else []))
