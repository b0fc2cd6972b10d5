"""How build steps write what they make: whole files or nothing, one writer per folder, and what
is made from content kept by that content (`ByContent`).

A reader (the server, a browser, a concurrent build) sees a file's old bytes or its new bytes,
never a half-written file; two runs of a step on one folder (a `make site` during `make serve`)
take turns instead of drawing the same thing twice at once.
"""
import contextlib
import fcntl
import hashlib
import os
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ZIP_EPOCH = 315532800  # 1980-01-01: zip files cannot store an earlier time


def source_date_epoch():
    """The time every build output carries: $SOURCE_DATE_EPOCH, else the last commit's time
    (so that two builds of one commit agree), else 1980-01-01."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else str(ZIP_EPOCH)


def write_atomically(path, data):
    """Write ``data`` (bytes or str) to ``path`` through a temporary file and a rename."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; the site serves these files
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class ByContent:
    """``make(data)`` kept in ``folder``, one file per content (named by ``key`` and the data's
    hash), so that a rebuild makes only what changed. ``prune()`` drops the files this run did
    not use; one pruned meanwhile by a concurrent build is made again."""

    def __init__(self, folder, make, key, suffix):
        self.folder, self.make, self.key, self.suffix = Path(folder), make, key, suffix
        self.used = set()

    def __call__(self, data):
        path = self.folder / f"{hashlib.sha256(self.key + data).hexdigest()[:32]}{self.suffix}"
        self.used.add(path)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass
        made = self.make(data)
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(path, made)
        return made

    def prune(self):
        for path in self.folder.glob(f"*{self.suffix}"):
            if path not in self.used:
                path.unlink(missing_ok=True)


@contextlib.contextmanager
def exclusive(folder):
    """Hold the folder's lock (``.lock`` in it) for the block; wait while another run holds it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
