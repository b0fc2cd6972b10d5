"""The build runner (scripts/build/runner.py) over the declared steps (scripts/build/graph.py):
items made again exactly when what they read changed, in fresh processes, steps started as their
needs allow, two runs taking turns, failures in one line, and declarations checked against the
files each step really opens. Runs in a scratch copy of the project, so the checkout is never edited.
"""
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import SITE, scratch_project  # noqa: E402

sys.path.insert(0, str(ROOT))
from scripts.build import runner  # noqa: E402
from scripts.build.graph import STEPS  # noqa: E402

pytestmark = pytest.mark.xdist_group("test_runner")  # one scratch project, edited test by test in order

SOURCE_STEPS = [step.name for step in STEPS if not step.site]


def run(project, *args):
    return subprocess.run([sys.executable, str(project / "scripts" / "build" / "runner.py"), *args],
                          cwd=project, capture_output=True, text=True)


def made(project):
    """{path: mtime} of every file the source steps have made."""
    return {path.relative_to(project).as_posix(): path.stat().st_mtime_ns
            for step in STEPS if step.out for path in (project / step.out).iterdir()
            if not path.name.startswith(".") and path.suffix != ".py"}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    with scratch_project(tmp_path_factory.mktemp("project")) as folder:
        (folder / "docs" / "notebooks").mkdir(exist_ok=True)
        for path in (ROOT / "docs" / "notebooks").glob("*.ipynb"):
            (folder / "docs" / "notebooks" / path.name).write_bytes(path.read_bytes())
        manifest = ROOT / "docs" / "notebooks" / runner.MANIFEST
        (folder / "docs" / "notebooks" / runner.MANIFEST).write_bytes(manifest.read_bytes())
        first = run(folder, "sources")
        assert first.returncode == 0, first.stderr
        yield folder


def test_an_unchanged_project_makes_nothing_and_announces_what_it_publishes(project):
    before = made(project)
    result = run(project, "sources")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[1] for line in lines if line.startswith("files: ")] == \
        [step.name for step in STEPS if step.publish]
    assert [line.split()[1] for line in lines if line.startswith("done: ")] == SOURCE_STEPS
    assert made(project) == before


def test_a_dlcode_edit_remakes_what_reaches_it_and_what_needs_that(project):
    before = made(project)
    edit(project / "dlcode" / "slides.py", "    return (0.01 * (x **2)) + (0.1 * x)\n", "    return (0.01 * (x **2)) + (0.1 * x) + 0\n")
    result = run(project, "sources")
    assert result.returncode == 0, result.stderr
    after = made(project)
    changed = {name for name in before if after[name] != before[name]}
    keys, recorded = runner.current_keys("figures")  # the checkout's keys: the edit is only in the copy
    assert {".cache/figures/numerical_diff_1.svg", ".cache/slides/index.html"} <= changed
    assert ".cache/figures/graph_two_variable_function.png" not in changed  # reaches function_2 only
    assert not any(name.startswith(".cache/explorers/") for name in changed)
    out = result.stdout
    assert out.index("done: figures") < out.index("slides: built")  # the deck waits for the figures
    assert set(keys) == set(recorded)
    again = run(project, "sources")
    assert made(project) == after and "built" not in again.stdout and "drawn" not in again.stdout


def test_two_runs_at_once_take_turns_and_make_each_item_once(project):
    edit(project / "dlcode" / "slides.py", "    return (0.01 * (x **2)) + (0.1 * x) + 0\n", "    return (0.01 * (x **2)) + (0.1 * x)\n")
    runs = [subprocess.Popen([sys.executable, str(project / "scripts" / "build" / "runner.py"), "sources"],
                             cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [process.communicate()[0] for process in runs]
    assert all(process.returncode == 0 for process in runs)
    assert sorted(output.count("figures: 3 drawn") for output in outputs) == [0, 1], outputs


def test_a_failing_step_is_named_in_one_line_and_recorded_as_nothing(project):
    figures = project / "dlcode" / "figures.py"
    manifest = project / ".cache" / "figures" / runner.MANIFEST
    recorded = json.loads(manifest.read_text())
    edit(figures, "def draw_tangent(", "def draw_tangent(*_):\n    raise ValueError('broken on purpose')\n\n\ndef _old_draw_tangent(")
    result = run(project, "sources", "--only", "figures")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "figures: FAILED: numerical_diff_1: ValueError: broken on purpose"
    assert "Traceback" not in result.stderr
    assert json.loads(manifest.read_text()) == recorded  # the broken code's keys are not recorded
    assert run(project, "sources", "--only", "figures").returncode == 1  # so the next run tries again
    edit(figures, "def draw_tangent(*_):\n    raise ValueError('broken on purpose')\n\n\ndef _old_draw_tangent(", "def draw_tangent(")
    fixed = run(project, "sources", "--only", "figures")
    assert fixed.returncode == 0 and "figures: up to date" in fixed.stdout, fixed.stdout + fixed.stderr


def test_every_step_opens_only_what_it_declares():
    """Each step run afresh (one item of each, all for a step another needs), every file it opens
    recorded: none of the project's files is missing from its declaration."""
    assert runner.check_inputs(STEPS, SITE, items_per_step=1) == {}


def test_a_step_declared_without_an_input_it_reads_is_caught():
    wheel = next(step for step in STEPS if step.name == "wheel")
    archive = next(step for step in STEPS if step.name == "archive")
    wrong = [dataclasses.replace(wheel, reads=tuple(p for p in wheel.reads if p != "README.md")),
             dataclasses.replace(archive, needs=(), packages=())]
    assert runner.check_inputs(wrong, SITE) == {
        "wheel": ["README.md"],
        "archive": ["node_modules/iframe-worker/shim/index.js (npm package iframe-worker)"]}
