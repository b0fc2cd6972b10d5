"""Build the site and publish it atomically: `mkdocs build --strict` (whose hooks bring figures
and notebooks up to date, render the math and check every link) writes into a scratch folder,
and only a build that fully succeeds replaces the site folder, in one exchange of two names.
A failed or interrupted build leaves the previous site byte for byte as it was. Strict: a MkDocs
warning (a page left out of the navigation, a link to a missing page or anchor) fails the build.

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
SOURCES = ("docs", "dlcode", "scripts", "tests/data/slides.md", "mkdocs.yml", "pyproject.toml",
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


LOG_LINE = re.compile(r"^(ERROR|WARNING|INFO|DEBUG)\s+-\s+")


def report(output):
    """MkDocs' errors and warnings, each in one line with the indented lines that continue it (the
    files a warning lists), without its INFO lines and Python tracebacks: (first line, the rest).
    The first line is the first error, else the first warning (strict mode stopped on it)."""
    messages, level, raised = [], None, None  # [level, lines]; the level of the line being continued
    for line in output.splitlines():
        if line.startswith("Traceback (most recent call last):"):
            level = "traceback"  # the exception is mostly logged as an ERROR already
        elif level == "traceback" and line.strip() and not line.startswith((" ", "\t")):
            raised = line.rstrip()  # the exception's own line ends the traceback
        elif match := LOG_LINE.match(line):
            level = match.group(1)
            if level in ("ERROR", "WARNING"):
                messages.append([level, [line.rstrip()]])
        elif line.startswith((" ", "\t")) and level in ("ERROR", "WARNING"):
            if line.strip():
                messages[-1][1].append(line.rstrip())
        elif level != "traceback" and line.strip() and not line.startswith("Aborted with"):
            level = None  # not a log line: kept as it is (MkDocs' own exit message aside)
            messages.append([None, [line.rstrip()]])
    if not messages and raised:  # raised before MkDocs could log it (a hook that fails to load)
        return f"mkdocs build failed: {raised}", []
    if not messages:
        return "mkdocs build failed without a message", []
    joined = []  # MkDocs logs "Error reading page 'diff.md':", then why as an error of its own
    for message in messages:
        if joined and joined[-1][0] == message[0] == "ERROR" and joined[-1][1][-1].endswith(":"):
            joined[-1][1] += [LOG_LINE.sub("", message[1][0]), *message[1][1:]]
        else:
            joined.append(message)
    messages = joined
    first = next((m for m in messages if m[0] == "ERROR"), None) or next((m for m in messages if m[0] == "WARNING"),
                                                                          messages[-1])
    lines = [" ".join(part.strip() for part in m[1]) for m in messages if m is not first]
    one_line = LOG_LINE.sub("", " ".join(part.strip() for part in first[1]))
    if first[0] == "WARNING":
        count = sum(m[0] == "WARNING" for m in messages)
        one_line = f"{count} MkDocs warning{'s' * (count > 1)} (strict): {one_line}"
    return one_line, lines


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
    # Not --quiet: it hides warnings from strict mode's count (mkdocs issue 4126); MkDocs' INFO
    # lines are captured here and left out of what is shown.
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(scratch)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        first, lines = report(result.stdout + result.stderr)
        print(f"make site: FAILED: {first}", file=sys.stderr)
        for line in lines:
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
