"""Build the site and publish it atomically: `mkdocs build --strict` (whose hooks bring figures
and notebooks up to date, render the math and check every link) writes into a scratch folder,
and only a build that fully succeeds replaces the site folder, in one exchange of two names.
A failed or interrupted build leaves the previous site byte for byte as it was.

Incremental: when no input changed since the last publish (sources, the Python and npm packages,
the commit date) and the published folder is untouched, nothing is built.
Reproducible: SOURCE_DATE_EPOCH is the commit's date, so the sitemap dates do not depend on
the day of the build.

    python scripts/build/build_site.py [--site DIR] [--force]
"""
import argparse
import ctypes
import hashlib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.build.outputs import source_date_epoch  # noqa: E402

# Everything the build reads besides the Python and npm packages (hashed by version).
SOURCES = ("docs", "dlcode", "scripts", "overrides", "tests/data/slides.md", "mkdocs.yml", "pyproject.toml",
           "README.md", "package-lock.json")
# Outputs of build steps that live among the sources: made from them, not inputs.
GENERATED = re.compile(r"^docs/notebooks/(.*\.ipynb|\.manifest\.json)$|(^|/)__pycache__/")


def tree_digest(folder, skip=None):
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(ROOT if skip else folder).as_posix()
        if skip and skip.search(name):
            continue
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def inputs_key(epoch):
    digest = hashlib.sha256(f"SOURCE_DATE_EPOCH={epoch}\0SITE_URL={os.environ.get('SITE_URL', '')}\0"
                            f"REPO_URL={os.environ.get('REPO_URL', '')}\0".encode())
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            digest.update(tree_digest(path, skip=GENERATED).encode())
        elif path.exists():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()


def exchange(first, second):
    """Swap two paths atomically (Linux renameat2); fall back to two renames elsewhere."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        at_fdcwd, rename_exchange = -100, 2
        if libc.renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
            return
    except (AttributeError, OSError):
        pass
    parked = second.with_name(second.name + ".old")
    shutil.rmtree(parked, ignore_errors=True)
    os.rename(second, parked)
    os.rename(first, second)
    os.rename(parked, first)


LOG_PREFIX = re.compile(r"^(ERROR|WARNING)\s+-\s+")


def report(output):
    """MkDocs' errors and warnings, without Python tracebacks: (first line, the rest)."""
    kept, in_traceback = [], False
    for line in output.splitlines():
        if line.startswith("Traceback (most recent call last):"):
            in_traceback = True
        elif in_traceback and LOG_PREFIX.match(line):
            in_traceback = False  # the exception itself was logged as an ERROR already
            kept.append(line.rstrip())
        elif not in_traceback and line.strip() and not line.startswith("Aborted with"):
            kept.append(line.rstrip())
    errors = [line for line in kept if line.startswith("ERROR")] or [line for line in kept if LOG_PREFIX.match(line)]
    first = LOG_PREFIX.sub("", errors[0]) if errors else (kept or ["mkdocs build failed without a message"])[-1]
    return first, kept


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the published folder (default site/)")
    parser.add_argument("--force", action="store_true", help="build even if nothing changed")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    stamp = site.with_name(f".{site.name}.published")  # beside the folder it describes
    epoch = source_date_epoch()
    key = inputs_key(epoch)
    if not args.force and site.is_dir() and stamp.exists() and stamp.read_text() == f"{key} {tree_digest(site)}":
        print(f"{site.name}/: up to date")
        return 0
    scratch = site.with_name(f".{site.name}.next")
    shutil.rmtree(scratch, ignore_errors=True)
    start = time.perf_counter()
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(scratch)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        first, lines = report(result.stdout + result.stderr)
        print(f"make site: FAILED: {first}", file=sys.stderr)
        for line in lines:
            if LOG_PREFIX.sub("", line) != first:
                print(line, file=sys.stderr)
        print(f"make site: {site.name}/ was left as it was", file=sys.stderr)
        shutil.rmtree(scratch, ignore_errors=True)
        return 1
    if site.exists():
        exchange(scratch, site)
        shutil.rmtree(scratch)
    else:
        os.rename(scratch, site)
    stamp.write_text(f"{key} {tree_digest(site)}")
    print(f"{site.name}/: built and published in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
