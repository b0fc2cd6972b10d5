"""Compute the explorers' data (dlcode/explorers.py) into scripts the pages load: explorers/<name>.js.

Each file sets one entry of ``window.dlcodeExplorerData``; a page loads it with a plain <script>,
so the data also arrives when the site is opened from a file (no fetch). Incremental: an explorer
is computed again only when the dlcode code its function reaches (scripts/dependencies.py), this
script or numpy's version changed. Deterministic: sorted keys, fixed separators. The work is shared
by two worker processes (the training explorer's learning rates are separate tasks). The first line printed names the
files this run provides (`files: ...`).

    python scripts/make_explorers.py [--out DIR] [--force]
"""
import argparse
import hashlib
import importlib.metadata
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]  # run from a checkout without installing

from dependencies import Dependencies  # noqa: E402
from outputs import exclusive, write_atomically  # noqa: E402
from dlcode import explorers  # noqa: E402

DEFAULT_OUT = ROOT / ".cache" / "explorers"  # published by the MkDocs hook as explorers/
MANIFEST = ".manifest.json"
# file name -> (the name pages use in data-explorer, the dlcode function that computes it)
EXPLORERS = {"learning_rate_2d.js": ("learning-rate-2d", "learning_rate_2d"),
             "learning_rate_1d.js": ("learning-rate-1d", "learning_rate_1d"),
             "training.js": ("training", "training")}


def cache_key(function_name, dependencies):
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(function_name.encode())
    digest.update(dependencies.source_of([getattr(explorers, function_name)]))
    digest.update(f"numpy=={importlib.metadata.version('numpy')}".encode())
    return digest.hexdigest()


def script(name, data):
    """The JavaScript that hands ``data`` to the page: one assignment, deterministic JSON."""
    payload = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return (f"window.dlcodeExplorerData = window.dlcodeExplorerData || {{}};\n"
            f"window.dlcodeExplorerData[{json.dumps(name)}] = {payload};\n")


def _call(task):
    function_name, args = task
    return getattr(explorers, function_name)(*args)


def compute(todo, pool):
    """{file name: (script text, seconds)}. The training explorer's learning rates are separate
    tasks (each trains a network), so that the two workers share the work evenly."""
    start = time.perf_counter()
    tasks = [(file_name, (EXPLORERS[file_name][1], ())) for file_name in todo if file_name != "training.js"]
    if "training.js" in todo:
        tasks += [("training.js", ("training_run", (lr,))) for lr in explorers.TRAINING_RATES]
    results = list(pool.map(_call, [task for _, task in tasks]))
    made = {}
    for (file_name, _), data in zip(tasks, results):
        if file_name != "training.js":
            made[file_name] = data
    if "training.js" in todo:
        made["training.js"] = explorers.training([data for (name, _), data in zip(tasks, results) if name == "training.js"])
    seconds = time.perf_counter() - start
    return {file_name: (script(EXPLORERS[file_name][0], data), seconds) for file_name, data in made.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default .cache/explorers)")
    parser.add_argument("--force", action="store_true", help="compute every explorer again")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    print("files:", *EXPLORERS, flush=True)
    with exclusive(out):
        manifest_path = out / MANIFEST
        manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
        dependencies = Dependencies()
        keys = {file_name: cache_key(function_name, dependencies) for file_name, (_, function_name) in EXPLORERS.items()}
        todo = [f for f in EXPLORERS if args.force or manifest.get(f) != keys[f] or not (out / f).exists()]
        try:
            with ProcessPoolExecutor(max_workers=2) as pool:
                made = compute(todo, pool) if todo else {}
            for file_name, (text, seconds) in made.items():
                write_atomically(out / file_name, text)
                manifest[file_name] = keys[file_name]
                print(f"{file_name}: computed ({len(text.encode()) // 1024} KiB)")
            if made:
                print(f"explorers: computed in {seconds:.2f} s")
        except Exception as error:  # noqa: BLE001 - one line naming what failed
            print(f"make_explorers: FAILED: {type(error).__name__}: {error}", file=sys.stderr)
            return 1
        finally:
            if todo:
                write_atomically(manifest_path, json.dumps(manifest, indent=1, sort_keys=True))
        print(f"explorers: {len(todo)} computed, {len(EXPLORERS) - len(todo)} up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
