"""Compute the explorers' data (dlcode/explorers.py) into scripts the pages load: explorers/<name>.js.

Each file sets one entry of ``window.dlcodeExplorerData``; a page loads it with a plain <script>,
so the data also arrives when the site is opened from a file (no fetch). A build step
(scripts/build/graph.py): an explorer is computed again when the dlcode code its function reaches,
this script or numpy's version changed. Deterministic: sorted keys, fixed separators. The work is
shared by two worker processes (the training explorer's learning rates are separate tasks).

    python scripts/steps/make_explorers.py [--out DIR] [--only FILE ...]
"""
import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from dlcode import explorers  # noqa: E402
from scripts.build.outputs import write_atomically  # noqa: E402

DEFAULT_OUT = ROOT / ".cache" / "explorers"  # published by the MkDocs hook as explorers/
# file name -> (the name pages use in data-explorer, the dlcode function that computes it)
EXPLORERS = {"learning_rate_2d.js": ("learning-rate-2d", "learning_rate_2d"),
             "learning_rate_1d.js": ("learning-rate-1d", "learning_rate_1d"),
             "training.js": ("training", "training")}


def items():
    """The build's items: one per explorer's file."""
    from scripts.build.graph import Item  # the runner's, not needed to make anything

    return {file_name: Item(files=(file_name,), code=(getattr(explorers, function_name),))
            for file_name, (_, function_name) in EXPLORERS.items()}


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
    parser.add_argument("--only", action="append", choices=list(EXPLORERS), help="only this explorer's file")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    todo = [file_name for file_name in EXPLORERS if not args.only or file_name in args.only]
    try:
        with ProcessPoolExecutor(max_workers=2) as pool:
            made = compute(todo, pool)
    except Exception as error:  # noqa: BLE001 - one line naming what failed
        print(f"explorers: FAILED: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    for file_name, (text, seconds) in made.items():
        write_atomically(out / file_name, text)
        print(f"{file_name}: computed ({len(text.encode()) // 1024} KiB)")
    print(f"explorers: {len(made)} computed in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
