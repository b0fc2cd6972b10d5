"""Execute the hands-on notebooks (jupytext percent sources in docs/notebooks/*.py) into
.ipynb files that mkdocs-jupyter renders and offers for download.

A notebook is re-executed whenever anything that can change its outputs changed: its source,
any dlcode module, this script, or the versions of the libraries it runs on. (mkdocs-jupyter's
own cache keys only on the notebook file, so it would show stale outputs after a dlcode change.)
Execution stops at the first error: outputs with errors are never published.

    python scripts/run_notebooks.py [--only NAME ...] [--force]
"""
import argparse
import hashlib
import importlib.metadata
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "docs" / "notebooks"
MANIFEST = NOTEBOOK_DIR / ".manifest.json"
VERSIONED = ("numpy", "matplotlib", "matplotlib-fontja", "scikit-learn", "nbclient", "ipykernel", "jupytext")
KERNEL_TIMEOUT_S = 300


def sources():
    return sorted(NOTEBOOK_DIR.glob("*.py"))


def cache_key(source):
    digest = hashlib.sha256(source.read_bytes())
    for module in sorted((ROOT / "dlcode").glob("*.py")):
        digest.update(module.name.encode() + module.read_bytes())
    digest.update(Path(__file__).read_bytes())
    for package in VERSIONED:
        digest.update(f"{package}=={importlib.metadata.version(package)}".encode())
    return digest.hexdigest()


def execute(source):
    """Run one notebook in a fresh kernel and write <name>.ipynb atomically; return seconds."""
    import jupytext
    import nbformat
    from jupyter_client import KernelManager
    from nbclient import NotebookClient

    notebook = jupytext.read(source)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata.pop("jupytext", None)  # the published .ipynb stands alone
    start = time.perf_counter()
    # IPC sockets in a private folder: the kernel opens no TCP port.
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "k"))
        try:
            NotebookClient(notebook, km=manager, timeout=KERNEL_TIMEOUT_S, allow_errors=False,
                           resources={"metadata": {"path": str(NOTEBOOK_DIR)}}).execute()
        finally:
            if manager.has_kernel:  # a client given a manager leaves the kernel running
                manager.shutdown_kernel(now=True)
    seconds = time.perf_counter() - start
    target = source.with_suffix(".ipynb")
    handle, temporary = tempfile.mkstemp(dir=NOTEBOOK_DIR, prefix=f".{target.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        nbformat.write(notebook, stream)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", metavar="NAME", help="notebook stem, e.g. descent")
    parser.add_argument("--force", action="store_true", help="execute even if up to date")
    args = parser.parse_args(argv)
    available = {path.stem: path for path in sources()}
    unknown = sorted(set(args.only or ()) - set(available))
    if unknown:
        parser.error(f"unknown notebook(s): {', '.join(unknown)}; choose from: {', '.join(available)}")
    manifest = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}
    todo = []
    for stem, path in available.items():
        if args.only and stem not in args.only:
            continue
        key = cache_key(path)
        if not args.force and manifest.get(stem, {}).get("key") == key and path.with_suffix(".ipynb").exists():
            print(f"notebook {stem}: up to date (executed in {manifest[stem]['seconds']:.1f} s)")
            continue
        todo.append((stem, path, key))
    failed = False
    # Each notebook runs in its own kernel process: two at a time use both cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {stem: (pool.submit(execute, path), key) for stem, path, key in todo}
        for stem, (future, key) in futures.items():
            try:
                seconds = future.result()
            except Exception as error:  # report every failing notebook, then fail the build
                print(f"notebook {stem}: FAILED: {type(error).__name__}: {error}", file=sys.stderr)
                manifest.pop(stem, None)
                failed = True
                continue
            manifest[stem] = {"key": key, "seconds": round(seconds, 2)}
            print(f"notebook {stem}: executed in {seconds:.1f} s")
    if todo:
        MANIFEST.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
