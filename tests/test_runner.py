"""The build runner (scripts/build/runner.py) over the declared steps (scripts/build/graph.py):
items made again exactly when what they read changed, in fresh processes, steps started as their
needs allow, two runs taking turns, failures in one line, and declarations checked against the
files each step really opens. Runs in a scratch copy of the project, so the checkout is never edited.
"""
import contextlib
import dataclasses
import json
import re
import shutil
import subprocess
import sys
import tempfile
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


def test_the_group_keeps_this_module_on_one_worker(request, worker_id):
    """make test runs two workers; pytest-xdist keeps a group on one of them by suffixing the test
    ids, which some pytest versions silently undo (the pin in pyproject.toml). -n 0: one process."""
    if worker_id != "master":
        assert request.node.nodeid.endswith("@test_runner"), f"not grouped: {request.node.nodeid}"


def test_each_pages_examples_run_in_order_on_one_worker():
    """A page's examples build on each other (conftest.py groups them): run over two workers, each
    page's examples run on one of them, and all pass (split, an example met names never given)."""
    pages = ["docs/supplement/network_class.md", "docs/loss.md"]
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "-v", *pages],
                            cwd=ROOT, capture_output=True, text=True)
    ran = re.findall(r"^\[(gw\d)\] .*?(PASSED|FAILED) (docs/\S+?\.md)::", result.stdout, re.M)
    workers = {page: {worker for worker, _, name in ran if name == page} for page in pages}
    assert result.returncode == 0 and all(outcome == "PASSED" for _, outcome, _ in ran), result.stdout[-3000:]
    assert len(ran) > 20 and all(len(found) == 1 for found in workers.values()), workers


def run(project, *args):
    """The runner's result; ``control``: what it wrote on its control channel (--control)."""
    with tempfile.TemporaryFile("w+") as control:
        result = subprocess.run([sys.executable, str(project / "scripts" / "build" / "runner.py"),
                                 "--control", str(control.fileno()), *args],
                                cwd=project, capture_output=True, text=True, pass_fds=(control.fileno(),))
        control.seek(0)
        result.control = control.read()
    return result


def made(project):
    """{path: mtime} of every file the source steps have made."""
    return {path.relative_to(project).as_posix(): path.stat().st_mtime_ns
            for step in STEPS if step.out for path in (project / step.out).iterdir()
            if not path.name.startswith(".") and path.suffix != ".py"}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@contextlib.contextmanager
def edited(project, path, old, new):
    """``path`` edited for the block; then as it was, and the project current again, so that each
    test starts from the same state whatever order the tests run in."""
    edit(path, old, new)
    try:
        yield
    finally:
        edit(path, new, old)
        assert run(project, "sources").returncode == 0


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


def makes_nothing_and_announces_what_it_publishes(project, publishing, source_steps):
    """Steps finish in the order their needs allow, not the order they are declared in."""
    before = made(project)
    result = run(project, "sources")
    assert result.returncode == 0, result.stderr
    lines = result.control.splitlines()
    assert sorted(line.split()[1] for line in lines if line.startswith("files: ")) == sorted(publishing)
    assert sorted(line.split()[1] for line in lines if line.startswith("done: ")) == sorted(source_steps)
    assert made(project) == before


def test_an_unchanged_project_makes_nothing_and_announces_what_it_publishes(project):
    makes_nothing_and_announces_what_it_publishes(project, [step.name for step in STEPS if step.publish], SOURCE_STEPS)


FUNCTION_1 = "    return (0.01 * (x **2)) + (0.1 * x)\n"  # dlcode/slides.py, drawn by the tangent figures


def test_a_dlcode_edit_remakes_what_reaches_it_and_what_needs_that(project):
    before = made(project)
    with edited(project, project / "dlcode" / "slides.py", FUNCTION_1, FUNCTION_1.replace("\n", " + 0\n")):
        result = run(project, "sources")
        assert result.returncode == 0, result.stderr
        after = made(project)
        changed = {name for name in before if after[name] != before[name]}
        assert {".cache/figures/numerical_diff_1.svg", ".cache/slides/index.html"} <= changed
        assert ".cache/figures/graph_two_variable_function.png" not in changed  # reaches function_2 only
        assert not any(name.startswith(".cache/explorers/") for name in changed)
        out = result.stdout
        assert out.index("figures: 6 drawn") < out.index("slides: built")  # the deck waits for the figures
        again = run(project, "sources")
        assert made(project) == after and "built" not in again.stdout and "drawn" not in again.stdout


def test_a_notebook_edit_runs_that_notebook_again(project):
    source = project / "docs" / "notebooks" / "descent.py"
    text = source.read_text(encoding="utf-8")
    sentence = text[text.index("# 勾配法の 1 ステップは"):].splitlines()[0]
    with edited(project, source, sentence, sentence + "（編集）"):
        result = run(project, "sources", "--only", "notebooks")
        assert result.returncode == 0, result.stderr
        assert "notebooks: 1 executed" in result.stdout, result.stdout
        assert "（編集）" in (project / "docs" / "notebooks" / "descent.ipynb").read_text(encoding="utf-8")


# A step as scripts/README.md's "Adding a step" has a newcomer write it: its files into --out.
NEWCOMER_STEP = """import argparse, sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from scripts.build.outputs import write_atomically


def make(out):
    {makes}
{more}

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    make(out)
"""
NEWCOMER_DECLARED = '    Step("newcomer", "scripts/steps/make_newcomer.py", out=".cache/newcomer", publish="newcomer"),\n'


@contextlib.contextmanager
def step_added(project, makes, more="", declaration=NEWCOMER_DECLARED):
    """scripts/steps/make_newcomer.py (``makes``: the body of its make(out); ``more``: more of the
    module) declared last in graph.py, for the block; then gone with what it made, and the project
    current again."""
    graph = project / "scripts" / "build" / "graph.py"
    script = project / "scripts" / "steps" / "make_newcomer.py"
    text = graph.read_text(encoding="utf-8")
    end = text.rindex(")")  # of STEPS, the file's last statement
    script.write_text(NEWCOMER_STEP.format(makes=makes, more=more), encoding="utf-8")
    graph.write_text(text[:end] + declaration + text[end:], encoding="utf-8")
    try:
        yield
    finally:
        graph.write_text(text, encoding="utf-8")
        script.unlink()
        shutil.rmtree(project / ".cache" / "newcomer", ignore_errors=True)
        assert run(project, "sources").returncode == 0


def test_a_step_without_items_publishes_every_file_it_made(project):
    with step_added(project, "write_atomically(out / 'newcomer.json', '{}')"):
        result = run(project, "sources", "--only", "newcomer")
        assert result.returncode == 0, result.stderr
        lines = result.control.splitlines()
        assert "files: newcomer newcomer listed newcomer.json" in lines, lines
        assert lines.index("files: newcomer newcomer listed newcomer.json") < lines.index("done: newcomer")
        # Declared after the deck, which waits for the figures, it is done before it.
        makes_nothing_and_announces_what_it_publishes(
            project, [step.name for step in STEPS if step.publish] + ["newcomer"], SOURCE_STEPS + ["newcomer"])


def test_what_a_step_prints_never_reaches_the_control_channel(project):
    """The session reads files: and done: lines: a step printing one would make MkDocs take
    files not yet made. They come through their own file descriptor; a step's report, stdout."""
    fake = "files: figures figures listed fake.svg\ndone: figures\ndone: newcomer"
    with step_added(project, f"print({fake!r}); write_atomically(out / 'newcomer.json', '[1]')"):
        result = run(project, "sources", "--only", "newcomer")
        assert result.returncode == 0, result.stderr
        assert fake in result.stdout
        assert result.control.splitlines() == ["files: newcomer newcomer listed newcomer.json", "done: newcomer"]


def test_a_step_added_as_the_readme_says_is_published_by_the_build(project):
    """The MkDocs hooks publish a step's files, listed for MkDocs even when it declares no items."""
    with step_added(project, "write_atomically(out / 'newcomer.json', '[1]')"):
        result = subprocess.run([sys.executable, str(project / "scripts" / "build" / "build_site.py")], cwd=project,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert (project / "site" / "newcomer" / "newcomer.json").read_text() == "[1]"


def test_a_step_that_publishes_nothing_fails_naming_it(project):
    with step_added(project, "print('newcomer: nothing to write')"):
        result = run(project, "sources", "--only", "newcomer")
        assert result.returncode == 1
        assert result.stderr.splitlines()[0] == "newcomer: FAILED: publishes newcomer/ but made no file in .cache/newcomer " \
            "(write its files into --out, or declare them by items())", result.stderr
    declared = NEWCOMER_DECLARED.replace('publish="newcomer"', 'publish="newcomer", items="scripts.steps.make_newcomer:items"')
    items = "\n\ndef items():\n    from scripts.build.graph import Item\n    return {'newcomer': Item(files=('newcomer.json',))}\n"
    with step_added(project, "pass", items, declared):  # its items() declare a file it never makes
        result = run(project, "sources", "--only", "newcomer")
        assert result.returncode == 1
        assert result.stderr.splitlines()[0] == \
            "newcomer: FAILED: made no newcomer.json, which its items() declare, in .cache/newcomer", result.stderr


def test_check_inputs_of_the_added_step_alone_names_what_its_declaration_misses(project):
    """scripts/README.md's third step, for one step: it imports write_atomically."""
    with step_added(project, "write_atomically(out / 'newcomer.json', '[1]')"):
        result = run(project, "check-inputs", "--only", "newcomer")
        assert result.returncode == 1
        assert result.stderr.splitlines()[0] == \
            "check-inputs: FAILED: newcomer opened scripts/build/outputs.py, not declared", result.stderr
    declared = NEWCOMER_DECLARED.replace('publish="newcomer"', 'publish="newcomer", reads=("scripts/build/outputs.py",)')
    with step_added(project, "write_atomically(out / 'newcomer.json', '[1]')", declaration=declared):
        result = run(project, "check-inputs", "--only", "newcomer")
        assert result.returncode == 0 and "check-inputs: 1 steps opened only what they declare" in result.stdout, \
            result.stderr


def test_two_runs_at_once_take_turns_and_make_each_item_once(project):
    with edited(project, project / "dlcode" / "slides.py", FUNCTION_1, FUNCTION_1.replace("\n", " + 0\n")):
        runs = [subprocess.Popen([sys.executable, str(project / "scripts" / "build" / "runner.py"), "sources"],
                                 cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(2)]
        outputs = [process.communicate()[0] for process in runs]
        assert all(process.returncode == 0 for process in runs)
        assert sorted(output.count("figures: 6 drawn") for output in outputs) == [0, 1], outputs  # the 3 tangents, for the site and the deck


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


def test_a_step_that_prints_more_than_a_pipe_holds_ends_and_its_failure_is_read(tmp_path):
    script = tmp_path / "loud.py"
    script.write_text("import sys\nprint('x' * 1_000_000)\nprint('loud: FAILED: too much', file=sys.stderr)\n"
                      "print('y' * 1_000_000, file=sys.stderr)\nsys.exit(1)\n")
    loud = dataclasses.replace(next(step for step in STEPS if step.name == "links"), name="loud", command=str(script),
                               arguments=())
    with pytest.raises(runner.StepFailed, match="^loud: FAILED: too much$"):
        runner.Run([loud], site=tmp_path).run()


def site_step(tmp_path, name, needs=()):
    """A site step that writes NAME.done into the site."""
    script = tmp_path / f"{name}.py"
    script.write_text(f"import pathlib, sys\n(pathlib.Path(sys.argv[1]) / '{name}.done').write_text('')\n")
    links = next(step for step in STEPS if step.name == "links")
    return dataclasses.replace(links, name=name, command=str(script), arguments=(), needs=needs)


def test_site_steps_wait_for_the_pages_and_a_step_needing_the_deck_for_the_deck(tmp_path, monkeypatch):
    """The MkDocs session starts the site steps with the source steps: they start once it says the
    pages are written, and a step that needs the deck (the zip, the link check) once it says the
    deck, still being made then, is in the site too."""
    import os
    import threading

    site = tmp_path / "site"
    site.mkdir()
    steps = [site_step(tmp_path, "early"), site_step(tmp_path, "late", needs=("slides",))]
    read_end, write_end = os.pipe()
    monkeypatch.setattr(sys, "stdin", os.fdopen(read_end))
    run = runner.Run(steps, site=site, wait=True)
    thread = threading.Thread(target=run.run)
    thread.start()
    try:
        thread.join(0.3)  # nothing may start before the pages are written
        assert thread.is_alive() and not run.done and not run.running and not list(site.iterdir())
        os.write(write_end, b"pages: written\n")
        while "early" not in run.done and thread.is_alive():
            thread.join(0.01)
        assert "early" in run.done and (site / "early.done").exists()
        assert "late" not in run.done and "late" not in run.running and not (site / "late.done").exists()
    finally:
        os.write(write_end, b"sources: copied\n")
        os.close(write_end)
        thread.join()
    assert run.done == {"early", "late"} and (site / "late.done").exists()


def test_a_step_ending_wakes_the_run_at_once(tmp_path):
    """The run waits for its steps in select() on each step's pidfd, not in a sleep: the next step
    starts as one ends. (Waiting up to 30 s here: a run that slept it out would fail the bound.)"""
    import time

    site = tmp_path / "site"
    site.mkdir()
    run = runner.Run([site_step(tmp_path, "quick")], site=site)
    run.launch(run.steps["quick"], None)
    process, _ = run.running["quick"]
    assert process.ended is not None  # Linux, where the build runs
    start = time.monotonic()
    run.listen(30)
    assert process.poll() is not None and time.monotonic() - start < 10
    runner.output(process)
    assert process.ended is None and (site / "quick.done").exists()


@pytest.mark.parametrize("told, why", [("", "the pages were never written"),
                                       ("pages: written\n", "the source steps' files never arrived in the site")])
def test_site_steps_left_waiting_fail_naming_what_never_came(tmp_path, monkeypatch, told, why):
    import os

    site = tmp_path / "site"
    site.mkdir()
    read_end, write_end = os.pipe()
    os.write(write_end, told.encode())
    os.close(write_end)  # the session went away without another word
    monkeypatch.setattr(sys, "stdin", os.fdopen(read_end))
    run = runner.Run([site_step(tmp_path, "late", needs=("slides",))], site=site, wait=True)
    with pytest.raises(runner.StepFailed, match=f"^build: FAILED: {why}$"):
        run.run()
    assert not (site / "late.done").exists()


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


def test_the_up_to_date_shortcut_sees_an_edit_of_a_declaration_or_of_the_key_code(tmp_path, monkeypatch):
    """The shortcut (sizes and times, not keys) must not outlive a change of what a key covers: a step
    declared otherwise, or an edit of the code that computes keys."""
    figures = next(step for step in STEPS if step.name == "figures")
    out = {step.name: ROOT / step.out for step in STEPS if step.out}
    code = tmp_path / "runner.py"
    code.write_text("keys = 1\n")
    monkeypatch.setattr(runner, "KEY_CODE", (code,))
    before = runner.signature(figures, out)
    assert runner.signature(figures, out) == before
    assert runner.signature(dataclasses.replace(figures, listed=not figures.listed), out) != before
    code.write_text("keys = 12\n")
    assert runner.signature(figures, out) != before
