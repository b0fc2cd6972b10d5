"""`make site` publishes atomically: a build that fails leaves the previous site/ byte for byte as
it was and says in its first line what failed. Runs scripts/build/build_site.py in a scratch copy of the
project, so the checkout is never edited.
"""
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import scratch_project  # noqa: E402


def digest(folder):
    hashes = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        hashes.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return hashes.hexdigest()


def build(project):
    return subprocess.run([sys.executable, str(project / "scripts" / "build" / "build_site.py")], cwd=project,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    with scratch_project(tmp_path_factory.mktemp("built")) as project:
        result = build(project)
        assert result.returncode == 0, result.stderr
        yield project, digest(project / "site")


@pytest.fixture
def built(built_once, tmp_path):
    """A copy of a scratch project built once for the module (a build is many seconds; a copy, one),
    for one test to break."""
    project, before = built_once
    copy = tmp_path / "project"
    shutil.copytree(project, copy, symlinks=True)  # node_modules stays a link; mtimes are kept
    return copy, before


# the tests that break a copy of the one build: on one worker, so the build is made once
one_build = pytest.mark.xdist_group("test_build")


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@one_build
def test_a_failing_figure_is_named_first_stops_the_notebooks_and_publishes_nothing(built):
    project, before = built
    edit(project / "dlcode" / "figures.py", "    d = data_surface()\n", "    d = data_surface()\n    1 / 0\n")
    digits = project / "docs" / "notebooks" / "digits.ipynb"
    executed = digits.read_bytes()
    (project / "docs" / "notebooks" / "digits.py").write_text(
        (project / "docs" / "notebooks" / "digits.py").read_text(encoding="utf-8") + "\n# %%\nprint('stale')\n",
        encoding="utf-8")  # the digits notebook must run again: it takes many seconds
    result = build(project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == \
        "make site: FAILED: figures: FAILED: graph_two_variable_function: ZeroDivisionError: division by zero"
    assert "Traceback" not in result.stderr
    assert digest(project / "site") == before
    assert digits.read_bytes() == executed  # stopped, not waited for


@one_build
def test_broken_links_raw_html_included_are_all_reported_and_publish_nothing(built):
    project, before = built
    page = project / "docs" / "gradient.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n\n<a href="../nope/">x</a> [y](#nowhere)\n\n'
                    '<img src="../figures/numerical_diff_l.svg" alt="なし">\n', encoding="utf-8")  # 1 mistyped
    result = build(project)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("make site: FAILED: links: FAILED: 4 broken: docs/gradient.md:")  # the image and its lightbox link
    for problem in ("nope/index.html does not exist", "no anchor #nowhere",
                    "figures/numerical_diff_l.svg does not exist; nearest: figures/numerical_diff_"):
        assert problem in result.stderr
    assert digest(project / "site") == before


@one_build
def test_mkdocs_warnings_fail_the_build_naming_the_source_page(built):
    """Strict is strict: a page left out of the navigation and a link to an anchor that no page has
    are MkDocs warnings (mkdocs.yml's validation), and a warning fails the build, named by its
    source .md; MkDocs' INFO lines are not shown."""
    project, before = built
    (project / "docs" / "stray.md").write_text("# 迷子のページ\n", encoding="utf-8")
    page = project / "docs" / "gradient.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n[損失関数へ](loss.md#no-such-section)\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("make site: FAILED: ") and "docs/gradient.md" in lines[0], lines
    assert any("not included in the \"nav\" configuration: - stray.md" in line for line in lines), lines
    assert any("Doc file 'gradient.md'" in line and "#no-such-section" in line for line in lines), lines
    assert not any(line.startswith("INFO") for line in lines), lines
    assert digest(project / "site") == before
    (project / "docs" / "stray.md").unlink()  # the stray page alone fails too
    page.write_text(page.read_text(encoding="utf-8").replace("#no-such-section", ""), encoding="utf-8")
    (project / "docs" / "stray.md").write_text("# 迷子のページ\n", encoding="utf-8")
    alone = build(project)
    assert alone.returncode == 1 and "stray.md" in alone.stderr.splitlines()[0], alone.stderr


def test_the_failure_line_joins_an_error_that_says_why_on_the_next_line():
    """MkDocs logs a page's failure in two errors; the first line of `make site` has both."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from scripts.build.build_site import report

    output = ("INFO    -  Building documentation\nERROR   -  Error reading page 'diff.md':\n"
              "ERROR   -  page: FAILED: docs/diff.md:56: snippet\nWARNING -  a warning\n  - its file\n\n"
              "Aborted with a BuildError!\n")
    assert report(output) == ("Error reading page 'diff.md': page: FAILED: docs/diff.md:56: snippet",
                              ["WARNING -  a warning - its file"])


@one_build
def test_a_bad_formula_publishes_nothing(built):
    project, before = built
    page = project / "docs" / "loss.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n$$\n\\frac{1}{\n$$\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("make site: FAILED: math: FAILED: KaTeX could not render loss/")
    assert digest(project / "site") == before
    assert not (project / ".site.next").exists()


def test_the_no_op_check_covers_everything_the_build_steps_read():
    """`make site` skips a build whose inputs did not change: the wheel's description (README.md)
    is one of them, and the outputs the steps write among the sources are not."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from scripts.build import build_site
    from scripts.steps import make_wheel

    assert set(make_wheel.INPUTS) <= set(build_site.SOURCES)
    for generated in ("docs/notebooks/digits.ipynb", "docs/notebooks/.manifest.json"):
        assert build_site.GENERATED.search(generated)
    assert not build_site.GENERATED.search("docs/notebooks/digits.py")


def test_the_wheel_is_built_by_the_backend_and_a_bad_project_is_named_in_one_line(tmp_path, monkeypatch):
    """scripts/steps/make_wheel.py calls setuptools' backend itself (pip took a second to start):
    a wheel of the checkout's dlcode comes out; a broken pyproject.toml is one line, no traceback."""
    import zipfile

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from scripts.steps import make_wheel

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "dlcode", tmp_path / "dlcode", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "README.md", tmp_path)
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    monkeypatch.setattr(make_wheel, "ROOT", tmp_path)
    (tmp_path / "out").mkdir()
    built = make_wheel.build(tmp_path / "out", "1700000000")
    assert built == make_wheel.wheel_name()
    with zipfile.ZipFile(tmp_path / "out" / built) as wheel:
        assert wheel.read("dlcode/descent.py") == (root / "dlcode" / "descent.py").read_bytes()
    (tmp_path / "pyproject.toml").write_text(pyproject.replace('version = "', 'version = "not a version ', 1))
    with pytest.raises(RuntimeError, match=r"^ValueError: invalid pyproject.toml config: `project.version`.$"):
        make_wheel.build(tmp_path / "out2", "1700000000")


def test_figures_drawn_while_the_pages_convert_give_the_pages_their_sizes(tmp_path):
    """A build that draws the figures (none cached) converts the pages meanwhile: each figure on a
    page still gets the height of the figure this build drew, and every one after the first loads lazily."""
    import re

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from scripts.pages.figure_sizes import natural_size

    with scratch_project(tmp_path) as project:
        shutil.rmtree(project / ".cache" / "figures")
        result = build(project)
        assert result.returncode == 0, result.stderr
        checked = 0
        for page in sorted((project / "site").rglob("index.html")):
            if page.parent.name == "slides":
                continue  # the deck sizes its figures itself
            text = page.read_text("utf-8")
            tags = re.findall(r'<img\b[^>]*\bsrc="(?:\.\./)*figures/[\w-]+\.(?:svg|png)"[^>]*>', text)
            for number, tag in enumerate(tags):
                name = re.search(r'figures/([\w-]+\.(?:svg|png))"', tag).group(1)
                width, height = natural_size(project / "site" / "figures" / name)
                shown = int(re.search(r'\swidth="(\d+)"', tag).group(1))
                assert re.search(rf'\sheight="{round(shown * height / width)}"', tag), (page, tag)
                assert ('loading="lazy"' in tag) == (number > 0), (page, tag)
                checked += 1
        assert checked > 10


def test_an_exception_mkdocs_did_not_log_is_named_in_the_failure_line():
    from scripts.build.build_site import report

    output = ("INFO    -  Building documentation...\nTraceback (most recent call last):\n"
              '  File "scripts/pages/notebook_pages.py", line 26, in <module>\n    NOTEBOOK_ = 1\n'
              "NameError: name 'NOTEBOOK_' is not defined\n")
    assert report(output) == ("mkdocs build failed: NameError: name 'NOTEBOOK_' is not defined", [])
