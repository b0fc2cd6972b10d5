"""Draw every figure of the site from ``dlcode`` (the slides' file names; SVG, or PNG with a palette
(scripts/build/png.py) where SVG is heavy).

A build step (scripts/build/graph.py): the runner calls it with the stale figures as ``--only``;
an item's key covers the dlcode code its drawing reaches, its arguments, this script and the
versions of matplotlib, numpy, the font and Pillow. Deterministic: fixed metadata and svg.hashsalt, so
two runs give byte-identical files.

    python scripts/steps/make_figures.py [--out DIR] [--only NAME ...] [--check] [--verbose]

--check draws every selected figure afresh into a temporary folder and compares it byte for byte
with the published one: a missing, stale or hand-edited figure fails.
"""
import argparse
import io
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from dlcode import figures  # noqa: E402
from scripts.build.outputs import write_atomically  # noqa: E402
from scripts.build.png import palette_png  # noqa: E402

DEFAULT_OUT = ROOT / ".cache" / "figures"  # published by the MkDocs hook as figures/
WORKERS = 2


def items():
    """The build's items: one per figure."""
    from scripts.build.graph import Item  # the runner's, not needed to make anything

    return {spec.name: Item(files=tuple(f"{spec.name}.{fmt}" for fmt in spec.formats), code=(spec.draw,),
                            data=repr((spec.args, spec.style) if spec.style else spec.args)) for spec in figures.FIGURES}


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
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, metadata=metadata, dpi=150 if fmt == "png" else 100)
    write_atomically(path, palette_png(buffer.getvalue()) if fmt == "png" else buffer.getvalue())


def check_writable(out):
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".probe."):
            pass
    except OSError as error:
        raise SystemExit(f"make_figures: cannot write figures to --out {out}: {error.strerror or error}") from error


def draw(name, out):
    """Draw one figure into ``out`` (in a worker process); return (name, seconds, error or None)."""
    spec = next(spec for spec in figures.FIGURES if spec.name == name)
    start = time.perf_counter()
    try:
        configure_matplotlib()
        import matplotlib

        with matplotlib.rc_context(dict(spec.style)):  # read as the figure is laid out and written too
            fig = spec.draw(*spec.args)
            for fmt in spec.formats:
                save_atomically(fig, out / f"{name}.{fmt}", fmt)
    except Exception as error:  # reported in one line by the caller
        message = " ".join(str(error).split()) or "(no message)"
        return name, 0.0, f"{type(error).__name__}: {message}"
    return name, time.perf_counter() - start, None


def draw_all(names, out):
    """Draw the figures named, two at a time; yield (name, seconds, error) as each finishes."""
    if len(names) <= 1:
        yield from (draw(name, out) for name in names)
        return
    configure_matplotlib()  # imported once, before the workers fork
    from matplotlib.figure import Figure

    Figure().text(0, 0, "勾配").figure.canvas.draw()  # and the font loaded once
    with ProcessPoolExecutor(WORKERS, mp_context=get_context("fork")) as pool:
        yield from pool.map(draw, names, [out] * len(names))


def parse_args(argv):
    names = [spec.name for spec in figures.FIGURES]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default .cache/figures)")
    parser.add_argument("--only", action="append", metavar="NAME", help=f"only these figures: {', '.join(names)}")
    parser.add_argument("--check", action="store_true",
                        help="draw afresh into a temporary folder; exit 1 if a published figure differs or is missing")
    parser.add_argument("--verbose", action="store_true", help="the seconds each figure took")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.only or ()) - set(names))
    if unknown:
        parser.error(f"unknown figure name(s) for --only: {', '.join(unknown)}; choose from: {', '.join(names)}")
    return args


def check(selected, out):
    """Compare the published figures with a fresh draw; return the names that differ."""
    differ = []
    formats = {spec.name: spec.formats for spec in selected}
    with tempfile.TemporaryDirectory(prefix="figures-check-") as fresh:
        for name, _, error in draw_all(list(formats), Path(fresh)):
            if error:
                print(f"{name}: FAILED: {error}", file=sys.stderr)
                differ.append(name)
                continue
            for fmt in formats[name]:
                published = out / f"{name}.{fmt}"
                if not published.exists():
                    print(f"{name}.{fmt}: missing in {out}")
                    differ.append(name)
                elif published.read_bytes() != (Path(fresh) / f"{name}.{fmt}").read_bytes():
                    print(f"{name}.{fmt}: differs from a fresh draw (stale)")
                    differ.append(name)
    return sorted(set(differ))


def main(argv=None):
    args = parse_args(argv)
    selected = [spec for spec in figures.FIGURES if not args.only or spec.name in args.only]
    out = args.out.resolve()
    if args.check:
        differ = check(selected, out)
        if differ:
            print(f"make_figures: {len(differ)} figure(s) missing or not what dlcode draws now: "
                  f"{', '.join(differ)}", file=sys.stderr)
            return 1
        print(f"figures: {len(selected)} match a fresh draw")
        return 0
    check_writable(out)
    failed = []
    for name, seconds, error in draw_all([spec.name for spec in selected], out):
        if error:
            print(f"{name}: FAILED: {error}", file=sys.stderr)
            failed.append(name)
        elif args.verbose:
            print(f"{name}: drawn in {seconds:.2f} s")
    print(f"figures: {len(selected) - len(failed)} drawn")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
