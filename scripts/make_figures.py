"""Regenerate every figure of the site from ``dlcode`` (PNG with the slides' file names + SVG twin).

Incremental: a figure is redrawn only when its cache key changes (its drawing code, the
dlcode modules its data come from, this script, the versions of matplotlib/numpy/fonts).
Deterministic: fixed metadata and svg.hashsalt, so two runs give byte-identical files.

    python scripts/make_figures.py [--out DIR] [--only NAME ...] [--check] [--force]
"""
import argparse
import ast
import hashlib
import importlib.metadata
import inspect
import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from dlcode import figures  # noqa: E402  (after the path set-up above)

DEFAULT_OUT = ROOT / "docs" / "figures"
MANIFEST = ".manifest.json"
FORMATS = ("png", "svg")
VERSIONED = ("matplotlib", "numpy", "matplotlib-fontja")


def dlcode_module_closure(module_names):
    """The dlcode modules named, plus every dlcode module they import, transitively."""
    seen, todo = set(), list(module_names)
    while todo:
        name = todo.pop()
        if name in seen or not name.startswith("dlcode"):
            continue
        seen.add(name)
        path = ROOT / (name.replace(".", "/") + ".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                todo.append(node.module)
            elif isinstance(node, ast.Import):
                todo.extend(alias.name for alias in node.names)
    return sorted(seen)


def module_level_source(path):
    """figures.py without its function and class bodies: the shared constants."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    return "\n".join(ast.get_source_segment(text, node) for node in tree.body
                     if not isinstance(node, (ast.FunctionDef, ast.ClassDef)))


def cache_key(spec):
    digest = hashlib.sha256()
    drawing = [spec.draw, figures._new_figure, figures._finish_plane, *spec.sources]
    for function in drawing:
        digest.update(inspect.getsource(function).encode())
    digest.update(repr(spec.args).encode())
    digest.update(module_level_source(Path(figures.__file__)).encode())
    modules = dlcode_module_closure([f.__module__ for f in drawing if f.__module__ != figures.__name__])
    for name in modules:
        digest.update((ROOT / (name.replace(".", "/") + ".py")).read_bytes())
    digest.update(Path(__file__).read_bytes())
    for package in VERSIONED:
        digest.update(f"{package}=={importlib.metadata.version(package)}".encode())
    return digest.hexdigest()


def configure_matplotlib():
    """Import matplotlib only when something must be drawn; make its output reproducible."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib_fontja  # noqa: F401  (sets the bundled IPAex Gothic as the font)

    matplotlib.rcParams.update({"svg.hashsalt": "dlcode-figures", "svg.fonttype": "path",
                                "axes.unicode_minus": True, "path.simplify": True})
    # A missing glyph would show as a box in the figure: fail instead.
    warnings.filterwarnings("error", message=r"Glyph .* missing from font")


def save_atomically(fig, path, fmt):
    metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            fig.savefig(stream, format=fmt, metadata=metadata, dpi=150 if fmt == "png" else 100)
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; the site serves these files
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_json_atomically(path, data):
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".manifest.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(data, stream, indent=1, sort_keys=True)
    os.replace(temporary, path)


def check_writable(out):
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".probe."):
            pass
    except OSError as error:
        raise SystemExit(f"make_figures: cannot write figures to --out {out}: {error.strerror or error}") from error


def parse_args(argv):
    names = [spec.name for spec in figures.FIGURES]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default docs/figures)")
    parser.add_argument("--only", action="append", metavar="NAME", help=f"only these figures: {', '.join(names)}")
    parser.add_argument("--check", action="store_true", help="draw nothing; exit 1 if a figure is missing or stale")
    parser.add_argument("--force", action="store_true", help="redraw even if up to date")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.only or ()) - set(names))
    if unknown:
        parser.error(f"unknown figure name(s) for --only: {', '.join(unknown)}; choose from: {', '.join(names)}")
    return args


def main(argv=None):
    args = parse_args(argv)
    selected = [spec for spec in figures.FIGURES if not args.only or spec.name in args.only]
    out = args.out.resolve()
    manifest_path = out / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    if not args.check:
        check_writable(out)
    stale, drawn, configured = [], 0, False
    for number, spec in enumerate(selected, start=1):
        key = cache_key(spec)
        paths = [out / f"{spec.name}.{fmt}" for fmt in FORMATS]
        current = manifest.get(spec.name) == key and all(path.exists() for path in paths)
        prefix = f"[{number}/{len(selected)}] {spec.name}"
        if current and not args.force:
            print(f"{prefix}: up to date")
            continue
        if args.check:
            print(f"{prefix}: {'stale' if all(p.exists() for p in paths) else 'missing'}")
            stale.append(spec.name)
            continue
        if not configured:
            configure_matplotlib()
            configured = True
        start = time.perf_counter()
        fig = spec.draw(*spec.args)
        for path, fmt in zip(paths, FORMATS):
            save_atomically(fig, path, fmt)
        manifest[spec.name] = key
        write_json_atomically(manifest_path, manifest)  # after each figure: an interrupted run keeps its work
        drawn += 1
        print(f"{prefix}: drawn in {time.perf_counter() - start:.2f} s")
    if stale:
        print(f"make_figures: {len(stale)} figure(s) missing or out of date: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
