"""What a learner downloads works on its own: the site's wheel, installed with its `notebooks`
extra into a fresh virtual environment, runs every downloaded notebook in a folder outside the
repository, and nothing in a downloaded notebook points back into the site.

The environment is made once per wheel (cached in .cache/ by the wheel's hash); pip takes the
packages from its cache when it can.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.xdist_group("test_downloads")  # one fresh virtual environment for all the notebooks

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
NAMES = ["descent", "network", "digits"]
# Runs in the fresh environment: executes one notebook with its own kernel (ipykernel from the extra).
EXECUTE = """
import sys, nbformat
from nbclient import NotebookClient
notebook = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(notebook, timeout=300, allow_errors=False, kernel_name="python3", skip_cells_with_tag="skip-execution",
               resources={"metadata": {"path": sys.argv[2]}}).execute()
nbformat.write(notebook, sys.argv[1])
"""


def site_wheel():
    wheels = sorted((SITE / "downloads").glob("dlcode-*.whl"))
    if len(wheels) != 1:
        pytest.fail(f"expected one dlcode wheel in site/downloads, found {wheels}: build with `make site`")
    return wheels[0]


@pytest.fixture(scope="module")
def fresh_python():
    wheel = site_wheel()
    venv = ROOT / ".cache" / f"notebook-venv-{hashlib.sha256(wheel.read_bytes()).hexdigest()[:16]}"
    python = venv / "bin" / "python"
    if not (venv / ".ready").exists():
        shutil.rmtree(venv, ignore_errors=True)
        # An empty environment that this interpreter's pip installs into; its modules are compiled
        # as the notebooks import them, not all at install (four fifths of the 26 s it took).
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        # nbclient only drives the notebooks here; the notebooks' own needs come from the extra.
        result = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                                 "--disable-pip-version-check", "--no-compile",
                                 f"dlcode[notebooks] @ {wheel.as_uri()}", "nbclient"], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        (venv / ".ready").write_text(wheel.name)
    return python


def test_the_wheel_is_what_dlcode_is_and_declares_the_notebook_extra():
    with zipfile.ZipFile(site_wheel()) as wheel:
        names = set(wheel.namelist())
        metadata = next(wheel.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
        for module in (ROOT / "dlcode").glob("*.py"):
            assert wheel.read(f"dlcode/{module.name}") == module.read_bytes()
    assert "Provides-Extra: notebooks" in metadata
    assert re.search(r"Requires-Dist: scikit-learn.*extra == .notebooks.", metadata)


@pytest.mark.parametrize("name", NAMES)
def test_downloaded_notebook_runs_outside_the_repository(fresh_python, tmp_path, name):
    notebook = tmp_path / f"{name}.ipynb"
    shutil.copy(SITE / "notebooks" / name / f"{name}.ipynb", notebook)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run([str(fresh_python), "-c", EXECUTE, str(notebook), str(tmp_path)], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    executed = nbformat.read(notebook, as_version=4)
    outputs = [output for cell in executed.cells if cell.cell_type == "code" for output in cell.outputs]
    assert outputs and not [output for output in outputs if output.output_type == "error"]
    assert not any("stderr" == output.get("name") and "Error" in output.get("text", "") for output in outputs)


def test_without_dlcode_the_first_cell_says_what_to_install(monkeypatch):
    import importlib.util

    notebook = nbformat.read(SITE / "notebooks" / "descent" / "descent.ipynb", as_version=4)
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *rest: None if name == "dlcode" else real_find_spec(name, *rest))
    with pytest.raises(ModuleNotFoundError) as raised:
        exec(first.source, {})
    wheel = site_wheel().name
    assert f'pip install "dlcode[notebooks] @ <サイトの URL>/downloads/{wheel}"' in str(raised.value)
    assert f'pip install "./{wheel}[notebooks]"' in str(raised.value)


@pytest.mark.parametrize("name", NAMES)
def test_downloaded_notebook_has_no_links_into_the_site(name):
    notebook = nbformat.read(SITE / "notebooks" / name / f"{name}.ipynb", as_version=4)
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert not re.findall(r"\]\((?![a-z]+://)[^)]*\)", markdown)
    page = (SITE / "notebooks" / name / "index.html").read_text(encoding="utf-8")
    if name in ("descent", "network"):  # the page itself keeps its links into the site
        assert re.search(r'<a href="\.\./\.\./(descent|learning)/"', page)


def test_notebook_pages_show_the_pip_line_for_the_sites_wheel():
    wheel = site_wheel().name
    for name in NAMES:
        page = (SITE / "notebooks" / name / "index.html").read_text(encoding="utf-8")
        assert f'<code data-wheel="../../downloads/{wheel}">pip install "dlcode[notebooks] @ ../../downloads/{wheel}"' in page
        assert json.dumps(wheel)[1:-1] in page


def test_exercise_notebook_runs_outside_the_repository_with_the_reference_solutions(fresh_python, tmp_path):
    """The downloaded exercise notebook, each function the learner is to write replaced by the reference
    solution, run in the fresh environment: every check says 正解. As published (nothing written yet),
    every check says what is missing and none raises."""
    from dlcode.exercises import EXERCISES

    notebook = nbformat.read(SITE / "notebooks" / "exercises" / "exercises.ipynb", as_version=4)
    frames = [cell for cell in notebook.cells if "exercise" in cell.metadata.get("tags", [])]
    assert len(frames) == len([e for e in EXERCISES if e.kind == "コード"])
    for cell in frames:
        assert [output.text for output in cell.outputs if output.output_type == "stream"], cell.source
        assert "何も返していない" in cell.outputs[0].text and "正解" not in cell.outputs[0].text.replace("まだ正解", "")
        exercise_id, name = re.search(r'check\("([a-z]+-\d+)", (\w+)\)', cell.source).groups()
        cell.source = f'{name} = solution("{exercise_id}")\n\ncheck("{exercise_id}", {name})'
        cell.outputs = []
    path = tmp_path / "exercises.ipynb"
    nbformat.write(notebook, path)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run([str(fresh_python), "-c", EXECUTE, str(path), str(tmp_path)], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    executed = [cell for cell in nbformat.read(path, as_version=4).cells if "exercise" in cell.metadata.get("tags", [])]
    said = ["".join(output.text for output in cell.outputs if output.output_type == "stream") for cell in executed]
    ids = [re.search(r'check\("([a-z]+-\d+)"', cell.source)[1] for cell in executed]
    assert said == [f"{exercise_id}: 正解\n" for exercise_id in ids]
