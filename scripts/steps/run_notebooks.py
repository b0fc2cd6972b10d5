"""Execute the hands-on notebooks (jupytext percent sources in docs/notebooks/*.py) into
.ipynb files that mkdocs-jupyter renders and offers for download.

A build step (scripts/build/graph.py): a notebook is executed again whenever anything that can
change its outputs changed: its source, the dlcode code it can reach from what it imports
(scripts/build/dependencies.py), this script, or the versions of the libraries it runs on.
(mkdocs-jupyter's own cache keys only on the notebook file, so it would show stale outputs after
a dlcode change.) Kernels import dlcode from this checkout, as it is on disk when they start.
Execution stops at the first error: outputs with errors are never published. The .ipynb has the
same bytes for the same inputs: cell ids are numbered, no execution timestamps are stored, printed
text is one output however the kernel flushed it, and a cell tagged `skip-execution` (e.g. one that
times something) is published for readers to run.

    python scripts/steps/run_notebooks.py [--out DIR] [--only NAME ...]
"""
import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # dlcode as it is in this checkout

from scripts.build.outputs import write_atomically  # noqa: E402
from scripts.steps.make_wheel import wheel_name  # noqa: E402

NOTEBOOK_DIR = ROOT / "docs" / "notebooks"
KERNEL_TIMEOUT_S = 300


def setup_cell_source():
    """The first cell of every published notebook: outside this site's build, it says exactly
    what to install when dlcode is missing (the wheel the notebook's page offers)."""
    wheel = wheel_name()
    return f"""# このノートブックは dlcode（サイトのコード）を使う。入っていなければ、入れ方を表示して止まる。
import importlib.util

if importlib.util.find_spec("dlcode") is None:
    raise ModuleNotFoundError(
        "dlcode が入っていない。このノートブックのページにある 1 行\\n"
        '    pip install "dlcode[notebooks] @ <サイトの URL>/downloads/{wheel}"\\n'
        "を実行するか、そのページから {wheel} をダウンロードして、そのフォルダで\\n"
        '    pip install "./{wheel}[notebooks]"\\n'
        "を実行してから、カーネルを再起動する。")"""


def coalesce_streams(cell):
    """One output per run of stdout (or stderr) text: how the kernel happened to flush its stream,
    in one message or two, must not change the published bytes."""
    merged = []
    for output in cell.get("outputs", []):
        if (merged and output.output_type == "stream" and merged[-1].output_type == "stream"
                and merged[-1].name == output.name):
            merged[-1].text += output.text
        else:
            merged.append(output)
    if "outputs" in cell:
        cell.outputs = merged


def sources():
    return sorted(NOTEBOOK_DIR.glob("*.py"))


def items():
    """The build's items: one per notebook, keyed by its source and the dlcode code it imports."""
    from scripts.build.graph import Item  # the runner's, not needed to make anything

    return {path.stem: Item(files=(f"{path.stem}.ipynb",), script=path.read_text(encoding="utf-8"),
                            data=setup_cell_source()) for path in sources()}


def execute(source, out):
    """Run one notebook in a fresh kernel and write out/<name>.ipynb atomically; return seconds."""
    import jupytext
    import nbformat
    from jupyter_client import KernelManager
    from nbclient import NotebookClient

    notebook = jupytext.read(source)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata.pop("jupytext", None)  # the published .ipynb stands alone
    notebook.cells.insert(1 if notebook.cells and notebook.cells[0].cell_type == "markdown" else 0,
                          nbformat.v4.new_code_cell(setup_cell_source()))
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"{source.stem}-{number}"  # nbformat's default ids are random
        cell.metadata.pop("lines_to_next_cell", None)  # jupytext's layout hint
    start = time.perf_counter()
    # IPC sockets in a private folder: the kernel opens no TCP port.
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "k"))
        try:
            NotebookClient(notebook, km=manager, timeout=KERNEL_TIMEOUT_S, allow_errors=False,
                           record_timing=False, skip_cells_with_tag="skip-execution",
                           resources={"metadata": {"path": str(NOTEBOOK_DIR)}}).execute()
        finally:
            if manager.has_kernel:  # a client given a manager leaves the kernel running
                manager.shutdown_kernel(now=True)
    seconds = time.perf_counter() - start
    for cell in notebook.cells:
        coalesce_streams(cell)
    write_atomically(out / f"{source.stem}.ipynb", nbformat.writes(notebook) + "\n")
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=NOTEBOOK_DIR, help="output folder (default docs/notebooks)")
    parser.add_argument("--only", action="append", metavar="NAME", help="notebook stem, e.g. descent")
    args = parser.parse_args(argv)
    available = {path.stem: path for path in sources()}
    unknown = sorted(set(args.only or ()) - set(available))
    if unknown:
        parser.error(f"unknown notebook(s): {', '.join(unknown)}; choose from: {', '.join(available)}")
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    # Kernels are child processes: they import dlcode from this checkout, not an installed copy.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    todo = [stem for stem in available if not args.only or stem in args.only]
    failed = 0
    # Each notebook runs in its own kernel process: two at a time use both cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {stem: pool.submit(execute, available[stem], out) for stem in todo}
        for stem, future in futures.items():
            try:
                seconds = future.result()
            except Exception as error:  # report every failing notebook, then fail the build
                name, value = getattr(error, "ename", type(error).__name__), getattr(error, "evalue", str(error))
                print(f"notebook {stem}: FAILED: {name}: {' '.join(str(value).split())[:300]}", file=sys.stderr)
                failed += 1
                continue
            print(f"notebook {stem}: executed in {seconds:.1f} s")
    print(f"notebooks: {len(todo) - failed} executed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
