"""MkDocs hooks: wire the build events to the build steps in scripts/.

MkDocs keeps this module, and anything it imports, loaded across `mkdocs serve` rebuilds. So
every step that produces something runs as a fresh process (notebooks, figures, wheel, math,
search index, links), and the in-process page steps (code blocks, notebook pages) are loaded from
disk again for each build: an edit of dlcode/ or scripts/ shows on the next rebuild without
restarting the server.
"""
import hashlib
import importlib.metadata
import importlib.util
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

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


def _start(script, *args):
    return subprocess.Popen(_command(script, *args), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def _wait(step):
    stdout, stderr = step.communicate()
    _finish(Path(step.args[1]).name, step.returncode, stdout, stderr)


def _stop(step):
    try:
        os.killpg(step.pid, signal.SIGTERM)  # its children (notebook kernels) too
    except ProcessLookupError:
        pass  # it had finished
    step.communicate()


# Steps whose files the site publishes as they are: (script, output folder, folder on the site).
# Each prints "files: ..." first, so that MkDocs can list the files while they are being made;
# they must be done before MkDocs copies the static files (on_env).
ASSET_STEPS = (("make_figures.py", ROOT / ".cache" / "figures", "figures"),
               ("make_explorers.py", ROOT / ".cache" / "explorers", "explorers"),
               ("make_wheel.py", ROOT / ".cache" / "wheel", "downloads"))

# The deck (slides/) needs the drawn figures: it is made once they are, before the static copy.
SLIDES_STEP = ("make_slides.py", ROOT / ".cache" / "slides", "slides")

# Under `mkdocs serve` most rebuilds follow a page edit. The steps are skipped while nothing they
# read or write has changed since they last succeeded in this process (a stat of each file).
WATCHED_BY_STEPS = ("dlcode/*.py", "scripts/*.py", "docs/notebooks/*", "pyproject.toml", "README.md",
                    *(f"{folder.relative_to(ROOT)}/*" for _, folder, _ in ASSET_STEPS))
# The deck also reads the pages (its back-links) and the deck's text.
WATCHED_BY_SLIDES = (*WATCHED_BY_STEPS, "docs/*.md", "tests/data/slides.md", "scripts/*.mjs", "scripts/*.js",
                     f"{SLIDES_STEP[1].relative_to(ROOT)}/*")
ARCHIVE = "chapter4-site.zip"  # scripts/make_archive.py's NAME, in downloads/
_steps_current_at = None
_slides_current_at = None
_slides = None  # this build's deck step, when it runs
_mirrors = {}  # slide number -> deck.Section, for this build
_assets = []  # this build's asset steps: (process or None, output folder, site folder, [file names])


def _signature(patterns=WATCHED_BY_STEPS):
    return sorted((str(path), path.stat().st_mtime_ns, path.stat().st_size)
                  for pattern in patterns for path in ROOT.glob(pattern))


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
    """Notebooks are executed before MkDocs lists the files; figures and the wheel are made
    meanwhile and until the static files are copied. A failing step stops the build at once."""
    global _assets, _mirrors
    deck = _fresh("deck")
    try:
        _mirrors = deck.mirrored_sections(Path(config["docs_dir"]))
    except KeyError as error:
        raise PluginError(f"slides: FAILED: {error.args[0]}") from None
    if _signature() == _steps_current_at:
        _assets = [(None, folder, target, sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")))
                   for _, folder, target in ASSET_STEPS]
        return
    notebooks = _start("run_notebooks.py")
    steps = [_start(script) for script, _, _ in ASSET_STEPS]
    _assets = []
    for step, (_, folder, target) in zip(steps, ASSET_STEPS):
        first = step.stdout.readline()  # "files: a.svg b.png ..." once its imports are done
        _assets.append((step, folder, target, first.split()[1:] if first.startswith("files:") else []))
    try:
        while notebooks.poll() is None:
            for step in steps:
                if step.poll() not in (None, 0):
                    _wait(step)  # raises, naming what failed
            time.sleep(0.05)
        _wait(notebooks)
    except BaseException:
        for step in (notebooks, *steps):
            _stop(step)
        raise


def on_files(files, config):
    if not (KATEX_DIST / "katex.min.css").is_file():
        raise PluginError(f"KaTeX is missing at {KATEX_DIST.relative_to(ROOT)}: run `make site` (it runs npm ci)")
    fonts = sorted(p.relative_to(KATEX_DIST).as_posix() for p in (KATEX_DIST / "fonts").iterdir())
    for name in ("katex.min.css", *fonts):
        files.append(File.generated(config, f"assets/katex/{name}", abs_src_path=str(KATEX_DIST / name)))
    for _, folder, target, names in _assets:  # made by now or before on_env
        for name in names:
            files.append(File.generated(config, f"{target}/{name}", abs_src_path=str(folder / name)))
    return files


def on_env(env, config, files):
    """Figures and wheel must be ready before MkDocs copies the static files, right after this.
    The deck, which needs the figures, is made meanwhile the pages are written (on_post_build)."""
    global _steps_current_at, _slides
    if any(step is not None for step, *_ in _assets):
        for step, *_ in _assets:
            _wait(step)
        _steps_current_at = _signature()
    _slides = _start(SLIDES_STEP[0]) if _signature(WATCHED_BY_SLIDES) != _slides_current_at else None
    return env


def _publish_slides(site_dir):
    """Wait for the deck (if it was being made) and copy it into the site."""
    global _slides_current_at
    _, folder, target = SLIDES_STEP
    if _slides is not None:
        try:
            _wait(_slides)
        except BaseException:
            _stop(_slides)
            raise
        _slides_current_at = _signature(WATCHED_BY_SLIDES)
    Path(site_dir, target).mkdir(exist_ok=True)
    for path in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        shutil.copyfile(path, Path(site_dir, target, path.name))


def _wheel():
    return next(names[0] for _, _, target, names in _assets if target == "downloads")


@event_priority(50)  # before glightbox, so that it skips the notebooks' inline images
def on_page_content(html, page, config, files):
    code_blocks = _fresh("code_blocks")
    urls = {f"docs/{file.src_uri}": get_relative_url(file.url, page.url) for file in files.documentation_pages()}
    urls |= {name.replace(".ipynb", ".py"): url for name, url in urls.items() if name.endswith(".ipynb")}  # jupytext
    html = code_blocks.link_page_references(code_blocks.add_copy_text(html), f"docs/{page.file.src_uri}", urls)
    html = _fresh("japanese_text").join_soft_breaks(html)
    links, deck = _fresh("slide_links"), _fresh("deck")
    numbers = links.slide_numbers(_mirrors, page.file.src_uri)
    html = links.add_slide_links(html, numbers, get_relative_url("slides/", page.url))
    try:
        html = links.add_note_ids(html, deck.note_id, deck.NOTE_TITLE)
    except ValueError as error:
        raise PluginError(f"{page.file.src_uri}: FAILED: {error}") from None
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    pages = _fresh("notebook_pages")
    try:
        return pages.tidy(html, page.toc, page.file.src_uri, Path(page.file.src_uri).name,
                          get_relative_url(f"downloads/{_wheel()}", page.url))
    except pages.NotebookPageError as error:
        raise PluginError(f"notebook page: FAILED: {error}") from None


def _site_search(html, name):
    try:
        return _fresh("search_index").use_site_worker(html)
    except ValueError as error:
        raise PluginError(f"search: FAILED: {name}: {error}") from None


def on_post_page(output, page, config):
    return _site_search(output, page.file.src_uri)


def on_post_template(output_content, template_name, config):
    return _site_search(output_content, template_name)


def on_post_build(config):
    """The downloadable notebooks made standalone; then math, search index and links at once (the
    math step rewrites pages atomically and never touches a link); then the offline zip of the
    finished site, which the link check waits for (the home page links it)."""
    _publish_slides(config["site_dir"])
    pages = _fresh("notebook_pages")
    for path in Path(config["site_dir"], "notebooks").glob("*/*.ipynb"):
        path.write_text(pages.standalone(path.read_text(encoding="utf-8")), encoding="utf-8")
    site_url = ["--site-url", config["site_url"]] if config["site_url"] else []
    links = _start("check_links.py", config["site_dir"], *site_url, "--wait-for", f"downloads/{ARCHIVE}")
    steps = [_start("render_math.py", config["site_dir"]), _start("search_index.py", config["site_dir"]), links]
    try:
        for step in steps[:2]:
            _wait(step)
        _wait(_start("make_archive.py", config["site_dir"]))
        _wait(links)
    finally:
        for step in steps:
            if step.poll() is None:
                _stop(step)
