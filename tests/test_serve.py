"""`make serve` shows what today's code produces: an edit of dlcode, saved while the server runs,
redraws the figures and re-runs the notebooks that reach the edited code, and nothing else.

Runs `mkdocs serve` in a scratch copy of the project, so the checkout is never edited.
"""
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import fetch_until, mkdocs_serve, scratch_project  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.pages import notebook_pages  # noqa: E402

pytestmark = pytest.mark.xdist_group("test_serve")  # one `mkdocs serve`, edited test by test


def get(url):
    return urllib.request.urlopen(url, timeout=5).read()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with scratch_project(tmp_path_factory.mktemp("project")) as project, mkdocs_serve(project) as url:
        yield project, url


def test_saved_dlcode_edit_redraws_its_figures_and_reruns_its_notebook(served):
    project, url = served
    path_figure = url + "/figures/graph_two_variable_function_learning.svg"  # the path changes; the arrow field is autoscaled
    surface = get(url + "/figures/graph_two_variable_function.png")
    notebook = get(url + "/notebooks/descent/descent.ipynb")
    network_notebook = (project / "docs" / "notebooks" / "network.ipynb").read_bytes()
    old_figure = get(path_figure)

    slides = project / "dlcode" / "slides.py"
    source = slides.read_text(encoding="utf-8")
    assert "    return np.sum(x**2)\n" in source
    slides.write_text(source.replace("    return np.sum(x**2)\n", "    return 2 * np.sum(x**2)\n"), encoding="utf-8")

    fetch_until(path_figure, lambda body: body != old_figure)
    fetch_until(url + "/notebooks/descent/descent.ipynb", lambda body: body != notebook)
    # The served figure is what a fresh process draws from the edited code.
    check = subprocess.run([sys.executable, str(project / "scripts" / "steps" / "make_figures.py"), "--check",
                            "--only", "graph_two_variable_function_learning"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    # The served notebook is current for the edited code: a fresh process finds nothing to run.
    rerun = subprocess.run([sys.executable, str(project / "scripts" / "build" / "runner.py"), "sources", "--only", "notebooks"],
                           capture_output=True, text=True)
    assert rerun.returncode == 0 and "notebooks: up to date" in rerun.stdout and "executed" not in rerun.stdout, \
        rerun.stdout + rerun.stderr
    published = (project / "docs" / "notebooks" / "descent.ipynb").read_text(encoding="utf-8")
    assert get(url + "/notebooks/descent/descent.ipynb").decode() == notebook_pages.standalone(published)
    # Code that does not reach function_2 was left alone.
    assert get(url + "/figures/graph_two_variable_function.png") == surface
    assert (project / "docs" / "notebooks" / "network.ipynb").read_bytes() == network_notebook


def test_saved_page_edit_is_served(served):
    project, url = served
    page = project / "docs" / "gradient.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n編集の目印-serve-test\n", encoding="utf-8")
    fetch_until(url + "/gradient/", lambda body: "編集の目印-serve-test".encode() in body)


def test_the_watcher_polls_every_tenth_of_a_second_and_keeps_every_watch(tmp_path, caplog):
    """MkDocs polls every 0.5 s; scripts/build/serve.py moves its watches to a faster poll."""
    from mkdocs.livereload import LiveReloadServer

    from scripts.build import serve

    folders = [tmp_path / "docs", tmp_path / "dlcode"]
    for folder in folders:
        folder.mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    for folder in (*folders, folders[0]):  # one folder watched twice, as MkDocs may
        server.watch(str(folder))
    before = dict(server._watched_paths)
    assert serve.poll_often(server) is server
    assert server.observer.timeout == serve.POLL_SECONDS == 0.1
    assert server.build_delay == serve.QUIET_SECONDS == 0.05
    assert server._watched_paths == before == {str(folders[0]): 2, str(folders[1]): 1}
    assert sorted(emitter.watch.path for emitter in server.observer.emitters) == sorted(map(str, folders))
    server.observer.start()  # it sees an edit
    try:
        (folders[1] / "x.py").write_text("x = 1\n")
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=10)
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()
    del server._watched_paths  # MkDocs' internals changed: its own watcher is left, with a warning
    assert serve.poll_often(server) is server and "polls at its own pace" in caplog.text
