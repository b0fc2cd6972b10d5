"""MkDocs hooks: wire MkDocs' events to the build (scripts/build/session.py, which runs the steps
declared in scripts/build/graph.py) and to the page transforms (scripts/pages/). The steps run in
fresh processes and scripts/ is imported afresh for each build, so that an edit of dlcode/ or
scripts/ shows on the next rebuild of `mkdocs serve`.
"""
import hashlib
import importlib
import importlib.metadata
import sys
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
TEMPLATE_CACHE = ROOT / ".cache" / "jinja"
RENDERER_PACKAGES = ("mkdocs-jupyter", "nbconvert", "mistune", "pygments", "jupytext")
GLOSSARY_MARK = "<!-- glossary -->"


class Build:
    """This build's modules (as on disk now), its session of build steps, the mirrored sections."""

    def __init__(self, config):
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        # dlcode too: the exercises' texts are read in this process (scripts/pages/exercises.py)
        for name in [name for name in sys.modules if name.split(".")[0] in ("scripts", "dlcode")]:
            del sys.modules[name]
        self.graph, self.session_module = (importlib.import_module(f"scripts.build.{name}")
                                           for name in ("graph", "session"))
        # the steps start while the rest is read
        self.session = self.session_module.Session(self.graph.STEPS, config["site_dir"], config["site_url"])
        try:
            names = ("build.serve", "pages.transform", "pages.figure_sizes", "slides.deck", "pages.search_config",
                     "pages.lightbox", "pages.terms", "pages.exercises")
            (self.serve, self.pages, self.figure_sizes, self.deck, self.search, self.lightbox, self.terms,
             self.exercises) = (
                importlib.import_module(f"scripts.{name}") for name in names)
            self.mirrors = self.deck.mirrored_sections(Path(config["docs_dir"]))
        except BaseException as error:
            self.session.stop()
            if isinstance(error, KeyError):
                raise PluginError(f"slides: FAILED: {error.args[0]}") from None
            raise

    def step(self, call, *args):
        try:
            return call(*args)
        except self.session_module.BuildFailed as error:
            raise PluginError(str(error)) from None


build = None  # this build's Build


def on_config(config):
    """mkdocs-jupyter caches rendered notebooks by file content only; a folder per renderer
    version set keeps a library upgrade from serving HTML rendered by the old one."""
    versions = ",".join(f"{name}=={importlib.metadata.version(name)}" for name in RENDERER_PACKAGES)
    plugin = config.plugins["mkdocs-jupyter"]
    plugin.config["cache"] = True
    plugin.config["cache_dir"] = str(ROOT / ".cache" / "mkdocs-jupyter" / hashlib.sha256(versions.encode()).hexdigest()[:16])
    return config


def on_pre_build(config):
    """The source steps start; what they write among the pages is there before MkDocs lists them."""
    global build
    if build is not None:
        build.session.stop()
    build = Build(config)
    build.step(build.session.wait_for, build.session.writing_into(Path(config["docs_dir"])))


def on_files(files, config):
    if not (KATEX_DIST / "katex.min.css").is_file():
        raise PluginError(f"KaTeX is missing at {KATEX_DIST.relative_to(ROOT)}: run `make site` (it runs npm ci)")
    katex = [(f"assets/katex/{p.relative_to(KATEX_DIST).as_posix()}", p)
             for p in (KATEX_DIST / "katex.min.css", *sorted((KATEX_DIST / "fonts").iterdir()))]
    for uri, path in katex + build.step(build.session.listed):
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    build.step(build.session.wait_for, ["exercises"])
    try:
        build.exercise_values = build.exercises.values(ROOT / build.session.steps["exercises"].out)
    except FileNotFoundError as error:
        raise PluginError(f"exercises: FAILED: {error}") from None
    files.append(File.generated(config, "exercises.json", content=build.exercises.listing(build.exercise_values)))
    return files


def on_nav(nav, config, files):
    """The exercises name each topic as the navigation names its page."""
    build.titles = {page.file.src_uri: page.title for page in nav.pages}
    return nav


def on_env(env, config, files):
    """MkDocs copies the listed files right after this: the steps making them must be done.
    The theme's templates are compiled once, not on every build and rebuild (Jinja checks each
    template's source against the cached code)."""
    TEMPLATE_CACHE.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(TEMPLATE_CACHE))
    build.step(build.session.wait_for, [name for name, p in build.session.published.items() if p.listed])
    return env


def on_page_markdown(markdown, page, config, files):
    """A mistyped snippet named by page and line; a page's exercises, from dlcode/exercises.py; the
    glossary's list, from the one table of the chapter's words (scripts/pages/terms.py)."""
    if problem := build.pages.code_blocks.snippet_problem(markdown, page.file.src_uri, ROOT):
        raise PluginError(f"page: FAILED: {problem}")
    try:
        markdown = build.exercises.page_markdown(markdown, page.file.src_uri,
                                                 get_relative_url(build.exercises.SCRIPT, page.url), build.titles,
                                                 build.exercise_values)
    except build.exercises.ExercisesError as error:
        raise PluginError(f"exercises: FAILED: {error}") from None
    if GLOSSARY_MARK not in markdown:
        return markdown
    try:
        return markdown.replace(GLOSSARY_MARK, build.terms.glossary_markdown(build.titles))
    except ValueError as error:
        raise PluginError(f"glossary: FAILED: {page.file.src_uri}: {error}") from None


@event_priority(50)  # before glightbox, so that it skips the notebooks' inline images
def on_page_content(html, page, config, files):
    urls = {f"docs/{file.src_uri}": get_relative_url(file.url, page.url) for file in files.documentation_pages()}
    urls |= {name.replace(".ipynb", ".py"): url for name, url in urls.items() if name.endswith(".ipynb")}  # jupytext
    wheel = build.session.published["wheel"]
    try:
        return build.pages.page_content(html, page.file.src_uri, urls, build.mirrors, get_relative_url("slides/", page.url),
                                        page.toc, get_relative_url(f"{wheel.folder}/{wheel.names[0]}", page.url))
    except build.pages.PageError as error:
        raise PluginError(str(error)) from None


def _finished(html, name):
    """The page as MkDocs and its plugins made it: figure sizes from the figures this build drew
    (on_env waited for them; a page's content is converted while they may still be drawn), the
    site's search worker, glightbox only where used."""
    try:
        html = build.figure_sizes.add_sizes(html, build.session.published["figures"].out)
        return build.lightbox.drop_unused(build.search.use_site_worker(html))
    except ValueError as error:
        raise PluginError(f"page: FAILED: {name}: {error}") from None


@event_priority(-50)  # after glightbox's own
def on_post_page(output, page, config):
    return _finished(output, page.file.src_uri)


def on_post_template(output_content, template_name, config):
    if template_name == "404.html":
        try:
            output_content = build.pages.not_found(output_content)
        except ValueError as error:
            raise PluginError(f"page: FAILED: {error}") from None
    return _finished(output_content, template_name)


def on_post_build(config):
    """The site steps, the rest of the steps' files, and the downloadable notebooks made standalone
    meanwhile (of the site steps only the zip reads them, and it starts after the deck is in)."""
    def standalone_notebooks():
        for path in Path(config["site_dir"]).glob("notebooks/*/*.ipynb"):
            path.write_text(build.pages.notebook_pages.standalone(path.read_text(encoding="utf-8")), encoding="utf-8")

    build.step(build.session.finish, standalone_notebooks)


def on_serve(server, config, builder):
    """`make serve` notices a saved edit within 0.1 s."""
    return build.serve.poll_often(server)


def on_build_error(error):
    if build is not None:
        build.session.stop()
