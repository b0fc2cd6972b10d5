"""Build the wheel of ``dlcode`` that the site offers for download, so that a downloaded notebook
runs outside this repository: `pip install "dlcode[notebooks] @ <wheel>"` brings dlcode and
everything the notebooks import.

A build step (scripts/build/graph.py): made again when dlcode, pyproject.toml, README.md (the
package description), this script, setuptools' version or SOURCE_DATE_EPOCH changed.
Deterministic: built from a scratch copy of those files with every timestamp set to
SOURCE_DATE_EPOCH, so one commit gives one wheel. Built by setuptools' PEP 517 backend called
directly, as `pip wheel --no-build-isolation` calls it: the same bytes, without the second pip
takes to start.

    python scripts/steps/make_wheel.py [--out DIR]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.build.outputs import ZIP_EPOCH, source_date_epoch, write_atomically  # noqa: E402

DEFAULT_OUT = ROOT / ".cache" / "wheel"  # published by the MkDocs hook as downloads/
INPUTS = ("pyproject.toml", "README.md")


def wheel_name():
    version = next(line.split('"')[1] for line in (ROOT / "pyproject.toml").read_text().splitlines()
                   if line.startswith("version"))
    return f"dlcode-{version}-py3-none-any.whl"


def items():
    from scripts.build.graph import Item  # the runner's, not needed to make anything

    return {"wheel": Item(files=(wheel_name(),))}


# setuptools' PEP 517 backend, as `pip wheel --no-build-isolation` calls it; the exception's
# first line is what failed.
BACKEND = """import sys
from setuptools import build_meta
try:
    print(build_meta.build_wheel(sys.argv[1]))
except Exception as error:
    print(f"{type(error).__name__}: {(str(error).strip().splitlines() or [''])[0]}", file=sys.stderr)
    sys.exit(1)
"""


def build(out, epoch):
    with tempfile.TemporaryDirectory(prefix="wheel-") as scratch:
        source, dist = Path(scratch) / "src", Path(scratch) / "dist"
        shutil.copytree(ROOT / "dlcode", source / "dlcode", ignore=shutil.ignore_patterns("__pycache__"))
        for name in INPUTS:
            shutil.copy(ROOT / name, source / name)
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(max(int(epoch), ZIP_EPOCH))}
        result = subprocess.run([sys.executable, "-c", BACKEND, str(dist)], cwd=source, env=env,
                                capture_output=True, text=True)
        if result.returncode != 0:
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            raise RuntimeError(lines[-1] if lines else f"the wheel's build exited with {result.returncode}")
        built = dist / result.stdout.strip().splitlines()[-1]
        write_atomically(out / built.name, built.read_bytes())
        return built.name


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default .cache/wheel)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    name = wheel_name()
    try:
        built = build(out, source_date_epoch())
    except RuntimeError as error:
        print(f"wheel: FAILED: {error}", file=sys.stderr)
        return 1
    if built != name:
        print(f"wheel: FAILED: built {built}, expected {name}", file=sys.stderr)
        return 1
    for old in out.glob("*.whl"):
        if old.name != name:
            old.unlink()
    print(f"wheel: {name} built")
    return 0


if __name__ == "__main__":
    sys.exit(main())
