"""The set-up steps of the Makefile and the browser tests say what is wrong and repair what they can.

Each test runs `make` in a scratch copy of the Makefile with fake `node`, `npm` or Python programs
first on PATH, so nothing is installed and no registry is asked.
"""
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import browser  # noqa: E402

MAKE = shutil.which("make")


def fake_program(folder, name, script):
    path = folder / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def project(tmp_path):
    for name in ("Makefile", "package.json", "package-lock.json", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "bin").mkdir()
    return tmp_path


def make(project, target, path_first=(), **variables):
    # a fresh make: not the variables of the `make test SETUP=0` that runs these tests (make passes its
    # command line to every make below it through MAKEFLAGS)
    outer = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "SETUP")
    env = {**{k: v for k, v in os.environ.items() if k not in outer},
           "PATH": os.pathsep.join([*map(str, path_first), os.environ["PATH"]])}
    return subprocess.run([MAKE, "-s", target, *(f"{k}={v}" for k, v in variables.items())], cwd=project,
                          env=env, capture_output=True, text=True)


def install_fake_node_modules(project):
    lock = json.loads((project / "package-lock.json").read_text())
    for folder, info in lock["packages"].items():
        if folder:
            (project / folder).mkdir(parents=True)
            (project / folder / "package.json").write_text(json.dumps({"version": info["version"]}))


def test_node_modules_that_match_the_lock_are_left_alone_and_a_deleted_package_is_reinstalled(project):
    install_fake_node_modules(project)
    fake_program(project / "bin", "npm", 'echo "npm $*" >> npm-calls.txt\n')
    assert make(project, "node-deps", [project / "bin"]).returncode == 0
    assert not (project / "npm-calls.txt").exists()
    shutil.rmtree(project / "node_modules" / "katex")  # a stale stamp would not notice this
    result = make(project, "node-deps", [project / "bin"])
    assert result.returncode == 0, result.stderr
    assert (project / "npm-calls.txt").read_text().startswith("npm ci")


def test_an_old_node_is_named_with_the_version_needed(project):
    fake_program(project / "bin", "node", 'case "$1" in --version) echo v18.19.0;; *) exit 1;; esac\n')
    result = make(project, "node-deps", [project / "bin"])
    assert result.returncode != 0
    engines = json.loads((ROOT / "package.json").read_text())["engines"]["node"]
    assert "Node.js >= 20 is needed, found v18.19.0" in result.stderr and engines == ">=20"


def test_a_missing_node_is_named(project):
    # PATH holds only what make and the shell need: no node, no npm.
    tools = project / "tools"
    tools.mkdir()
    for name in ("sh", "bash"):
        (tools / name).symlink_to(shutil.which(name))
    result = subprocess.run([MAKE, "-s", "node-deps"], cwd=project, env={"PATH": str(tools)},
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "Node.js >= 20 with npm is needed and was not found" in result.stderr


def test_a_too_old_python_is_named_with_what_to_run(project):
    old = fake_program(project / "bin", "python3.10", 'case "$*" in --version) echo Python 3.10.12;; *) exit 1;; esac\n')
    result = make(project, "python-deps", PYTHON=old)
    assert result.returncode != 0
    assert "Python >= 3.11 is needed" in result.stderr and "Python 3.10.12" in result.stderr
    assert not (project / ".venv").exists()


def test_a_venv_of_another_python_is_made_again(project):
    """A .venv left by another interpreter is replaced, not reused (pip would refuse it forever)."""
    venv_bin = project / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    fake_program(venv_bin, "python", 'echo 3.10.12\n')
    # A fake $(PYTHON): reports 3.11.7, and "makes" a venv by leaving a marker.
    python = fake_program(project / "bin", "python", 'case "$*" in\n'
                          '  *"-m venv"*) mkdir -p .venv/bin; echo made > .venv/made;;\n'
                          '  *"%d.%d.%d"*) echo 3.11.7;;\n'
                          '  *) exit 0;;\nesac\n')
    result = make(project, "python-deps", PYTHON=python)
    assert ".venv has Python 3.10.12, not 3.11.7: making it again" in result.stdout
    assert (project / ".venv" / "made").exists() and not (venv_bin / "python").exists()


def test_chromium_comes_from_the_environment_or_path_and_its_absence_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(RuntimeError, match="is not an executable"):
        browser.chromium_path()
    monkeypatch.delenv("CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="install Debian's package chromium"):
        browser.chromium_path()
    fake = fake_program(tmp_path, "chromium-browser", "exit 0\n")
    assert browser.chromium_path() == str(fake)


def test_setup_0_builds_with_the_venv_and_node_modules_as_they_are(project):
    """`make site SETUP=0`: no set-up check, no reinstall after a pyproject.toml edit; without a
    .venv it says what to run."""
    (project / ".venv" / "bin").mkdir(parents=True)
    fake_program(project / ".venv" / "bin", "python", 'echo "python $*" >> calls.txt\n')
    (project / "node_modules").mkdir()
    (project / "pyproject.toml").write_text("# edited\n")  # the set-up would reinstall
    fake_program(project / "bin", "npm", 'echo "npm $*" >> calls.txt\n')
    result = make(project, "site", [project / "bin"], SETUP=0)
    assert result.returncode == 0, result.stderr
    assert (project / "calls.txt").read_text() == "python scripts/build/build_site.py\n"
    shutil.rmtree(project / ".venv")
    result = make(project, "site", [project / "bin"], SETUP=0)
    assert result.returncode != 0
    assert "SETUP=0 needs .venv and node_modules: run make site once without it" in result.stderr
