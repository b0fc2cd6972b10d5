"""The build's steps, each declared once: what it reads, what it writes, what it needs, its command.

scripts/build/runner.py runs them: it computes each step's key from what the step declares it
reads, skips what is up to date, and runs the rest in fresh processes, in parallel as far as their
needs allow. scripts/README.md draws this graph and says how to add a step.

Two kinds of step:
- a *source* step makes files from the sources into ``out`` (a folder of its own); ``publish``
  names the folder of the site they are copied to: the files its items name, or, without
  ``items``, every file in ``out`` once it is done (none is a failure). ``listed``: the pages link
  them one by one, so MkDocs lists them and they must be ready before it copies static files;
  otherwise they are copied after the pages are written;
- a *site* step works on the built site (its folder is the command's last argument).

What a step reads, for its key:
- ``reads``: globs of files hashed whole (the step's own script is always one);
- ``items``: "module:function" returning the step's items, {name: Item}; an item's key adds the
  dlcode code its ``code`` reaches (scripts/build/dependencies.py) or its ``script``'s imports
  reach, and its ``data``. Only stale items are made again (passed as ``--only NAME``). Files
  matched by ``keyed_by_items`` are read by the items function and keyed through it, in part;
- ``packages``: Python or npm packages whose versions count; ``environment``: variables that do;
- the files of the steps it ``needs`` (a source step needs them made first).

A site step may need a source step whose files are copied in after the pages (the deck): it
starts once they are in the site, while the site steps that do not need them start at once.
"""
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Item:
    files: tuple = ()  # the files the item makes, in the step's out folder
    code: tuple = ()  # dlcode functions or classes it runs
    script: str | None = None  # Python source whose dlcode imports it runs (a notebook)
    data: str = ""  # anything else that decides its bytes


@dataclass(frozen=True)
class Step:
    name: str
    command: str  # a script, relative to the root
    reads: tuple = ()
    items: str | None = None
    keyed_by_items: tuple = ()
    packages: tuple = ()
    environment: tuple = ()
    needs: tuple = ()
    out: str | None = None
    publish: str | None = None
    listed: bool = True
    site: bool = False
    arguments: tuple = ()  # fixed arguments of its command
    cache: str | None = None  # a folder it keeps for itself (keyed by its own code and packages)

    @property
    def script(self):
        return ROOT / self.command


DLCODE = "dlcode/*.py"
STEPS = (
    Step("notebooks", "scripts/steps/run_notebooks.py", out="docs/notebooks",
         reads=("scripts/build/outputs.py", "scripts/steps/make_wheel.py", "pyproject.toml"),
         items="scripts.steps.run_notebooks:items", keyed_by_items=("docs/notebooks/*.py", DLCODE),
         packages=("numpy", "matplotlib", "matplotlib-fontja", "scikit-learn", "nbclient", "ipykernel", "jupytext")),
    Step("figures", "scripts/steps/make_figures.py", out=".cache/figures", publish="figures",
         reads=("scripts/build/outputs.py", "scripts/build/png.py"), items="scripts.steps.make_figures:items",
         keyed_by_items=(DLCODE,), packages=("matplotlib", "numpy", "matplotlib-fontja", "pillow")),
    Step("explorers", "scripts/steps/make_explorers.py", out=".cache/explorers", publish="explorers",
         reads=("scripts/build/outputs.py",), items="scripts.steps.make_explorers:items", keyed_by_items=(DLCODE,),
         packages=("numpy",)),
    Step("wheel", "scripts/steps/make_wheel.py", out=".cache/wheel", publish="downloads",
         reads=("scripts/build/outputs.py", DLCODE, "pyproject.toml", "README.md"), items="scripts.steps.make_wheel:items",
         packages=("setuptools",), environment=("SOURCE_DATE_EPOCH",)),
    # What the exercises compute (<id>.json each), read by the hooks as MkDocs lists the files: nothing published as is.
    Step("exercises", "scripts/steps/make_exercises.py", out=".cache/exercises", items="scripts.steps.make_exercises:items",
         reads=("scripts/build/outputs.py",), keyed_by_items=(DLCODE,), packages=("numpy", "scikit-learn")),
    Step("slides", "scripts/steps/make_slides.py", out=".cache/slides", publish="slides", listed=False,
         needs=("figures",), items="scripts.steps.make_slides:items", keyed_by_items=("docs/*.md",),
         reads=("tests/data/slides.md", "scripts/slides/*", "scripts/steps/render_math.py", "scripts/build/outputs.py",
                "scripts/pages/figure_sizes.py", DLCODE),
         packages=("@marp-team/marp-cli", "@marp-team/marp-core", "katex", "segno"), environment=("SITE_URL",)),
    Step("math", "scripts/steps/render_math.py", site=True, cache=".cache/math",
         reads=("scripts/steps/render_math.mjs", "scripts/build/outputs.py"), packages=("katex",)),
    Step("search", "scripts/steps/search_index.py", site=True,
         reads=("scripts/build/outputs.py", "scripts/steps/render_math.py", "scripts/pages/slide_links.py",
                "scripts/pages/terms.py")),
    # Both rewrite notebook pages: one after the other.
    Step("notebook-images", "scripts/steps/notebook_images.py", site=True, needs=("math",),
         reads=("scripts/build/outputs.py", "scripts/build/png.py"), packages=("pillow",), cache=".cache/notebook-images"),
    # Zips every file: it starts once the deck is copied in, by when the downloadable notebooks are
    # finished too (scripts/mkdocs_hooks.py, on_post_build).
    Step("archive", "scripts/steps/make_archive.py", site=True, needs=("search", "notebook-images", "slides"),
         reads=("scripts/build/outputs.py",), packages=("iframe-worker",), cache=".cache/archive"),
    # The link check runs alongside the others: it takes the zip, which the home page links, as made.
    # It reads the pages' sources only to name where a broken link is written.
    Step("links", "scripts/checks/check_links.py", site=True, needs=("slides",),
         reads=("scripts/build/outputs.py", "docs/*.md", "docs/notebooks/*.py"),
         arguments=("--expect", "downloads/chapter4-site.zip"), cache=".cache/links"),
)
