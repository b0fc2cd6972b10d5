"""Every path of the repository that its code, comments and docs name exists: a file moved or
renamed leaves no stale mention behind (the build's scripts moved into scripts/build, steps/, ...
and their old names lived on in comments, docs and settings).

A path is a name starting with one of the repository's folders (scripts/, docs/, dlcode/, tests/,
.github/); in scripts/ and README.md, also one starting with a folder of scripts/ (build/runner.py),
as they write them. A glob must match something.
"""
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATH = re.compile(r"(?<![A-Za-z0-9_./:@-])((?:scripts|docs|dlcode|tests|\.github)/[A-Za-z0-9_./*-]*[A-Za-z0-9_*])",
                  re.ASCII)
IN_SCRIPTS = re.compile(r"(?<![A-Za-z0-9_./:@-])((?:build|steps|slides|pages|checks|bench)/[A-Za-z0-9_./*-]*"
                        r"\.(?:py|mjs|js|md))\b", re.ASCII)
# Named on purpose though absent, each with why.
NOT_FILES = {
    "docs/x.md": "stands for any page: in docstrings about the `ページ: docs/x.md` line, and the page "
                 "tests/test_numbers_in_prose.py feeds as text",
    "scripts/steps/make_thing.py": "the example step of scripts/README.md's 'Adding a step'",
    "scripts/steps/make_newcomer.py": "a step tests/test_runner.py adds to a scratch project and removes",
    "dlcode/slide.py": "a mistyped snippet path in tests/test_site_html.py, for its error message",
}
# The deck and data as given, with their own history; this file's examples of stale paths.
SKIPPED = ("tests/data/", "tests/test_repository_paths.py")


def tracked():
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [name for name in listed.split("\0") if name and not name.startswith(SKIPPED)]


def exists(name):
    return any(ROOT.glob(name)) if "*" in name else (ROOT / name).exists()


def stale(name, text):
    """(line, path) of every path ``text`` (the file ``name``) names that does not exist."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        paths = PATH.findall(line)
        if name.startswith("scripts/") or name == "README.md":  # its table names scripts/'s files so
            paths += [f"scripts/{path}" for path in IN_SCRIPTS.findall(line)]
        found += [(number, path) for path in paths if path not in NOT_FILES and not exists(path.rstrip("."))]
    return found


def test_every_path_named_in_the_repository_exists():
    names = tracked()
    assert "scripts/build/runner.py" in names and len(names) > 100  # git answered, about this checkout
    missing = []
    for name in names:
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue  # a binary file; one deleted and not yet committed
        missing += [f"{name}:{line}: {path}" for line, path in stale(name, text)]
    assert not missing, "named but absent:\n" + "\n".join(missing)


def test_a_stale_path_is_found_where_it_is_written():
    text = "x\n# drawn by scripts/make_figures.py, see scripts/steps/make_figures.py and dlcode/*.py\n"
    assert stale("dlcode/figures.py", text) == [(2, "scripts/make_figures.py")]
    assert stale("scripts/README.md", "`build/runner.py` runs `steps/make_nothing.py`") == \
        [(1, "scripts/steps/make_nothing.py")]
    assert stale("docs/a.md", "`docs/nowhere/*.md` と `tests/test_claims.py`。") == [(1, "docs/nowhere/*.md")]
    assert stale("docs/a.md", "https://example.org/docs/gone.md") == []  # someone else's path
    for name in NOT_FILES:
        assert not exists(name), f"{name} exists now: drop it from NOT_FILES"
