"""One build as the MkDocs hooks see it: the runner of the source steps (scripts/build/runner.py)
started in a fresh process, its control lines (files:, done:) read as MkDocs needs each step's
files, and the site steps run on the written site. Knows the runner's control lines, not the
steps' order: a step is waited for when MkDocs needs what it writes (among the pages; files the
pages link; the rest at the end). The control lines come through a pipe of their own; what the
steps print goes to a file, logged when the runner ends: a step cannot print a control line.
"""
import logging
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.build.outputs import write_atomically  # noqa: E402

RUNNER = ROOT / "scripts" / "build" / "runner.py"
log = logging.getLogger("mkdocs.hooks")


class BuildFailed(Exception):
    pass


class Published:
    def __init__(self, folder, listed, names, out):
        self.folder, self.listed, self.names, self.out = folder, listed, names, out


class Session:
    """The source steps and the site steps of one build, both started at once: the site steps wait
    to be told that the pages are written (``finish``)."""

    def __init__(self, steps, site, site_url):
        self.steps = {step.name: step for step in steps}
        self.published = {}  # step name -> Published
        self.done = set()
        self.site = Path(site)
        read_end, write_end = os.pipe()
        self.report = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")  # its stdout and stderr
        try:
            self.runner = self._start("--control", str(write_end), "sources", stdout=self.report[0],
                                      stderr=self.report[1], pass_fds=(write_end,))
        finally:
            os.close(write_end)  # the runner holds it: the pipe ends when the runner does
        self.control = os.fdopen(read_end)
        self.site_steps = self._start("site", str(site), "--wait", env={**os.environ, "SITE_URL": site_url or ""},
                                      stdin=subprocess.PIPE)

    @staticmethod
    def _start(*args, env=None, stdin=None, stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=()):
        return subprocess.Popen([sys.executable, str(RUNNER), *args], cwd=ROOT, text=True, env=env, stdin=stdin,
                                stdout=stdout, stderr=stderr, pass_fds=pass_fds, start_new_session=True)

    def wait_for(self, names=None, announced=()):
        """Read the runner's control lines until the steps ``names`` are done (all of them when
        None) and the files of the steps ``announced`` are known."""
        def waiting():
            return (set(names or ()) - self.done) | (set(announced) - set(self.published))

        while names is None or waiting():
            line = self.control.readline()
            if not line:
                break
            if line.startswith("files: "):
                step, folder, listed, *files = line.split()[1:]
                self.published[step] = Published(folder, listed == "listed", files, ROOT / self.steps[step].out)
            elif line.startswith("done: "):
                self.done.add(line.split()[1])
        if names is None or waiting():
            self.runner.wait()
            stdout, stderr = (_read(stream) for stream in self.report)
            for line in stdout.splitlines():
                log.info(line)
            _check(self.runner.returncode, stderr)
            if waiting():
                raise BuildFailed(f"build runner: ended before it reported {', '.join(sorted(waiting()))}")

    def writing_into(self, folder):
        return [name for name, step in self.steps.items() if step.out and (ROOT / step.out).is_relative_to(folder)]

    def listed(self):
        """(site path, file) of every file the pages link one by one (a step that does not declare
        its items is known once it is done)."""
        self.wait_for([], [name for name, step in self.steps.items() if step.publish and step.listed and not step.site])
        return [(f"{p.folder}/{name}", p.out / name) for p in self.published.values() if p.listed for name in p.names]

    def finish(self, meanwhile=lambda: None):
        """The pages are written: the site steps that need no source step start, while ``meanwhile()``
        finishes the files only the others read; those start once it has run, the rest of the source
        steps are done and their files copied in (atomically: the running steps may read the site)."""
        try:
            self._tell("pages: written")
            meanwhile()
            self.wait_for(None)
            for published in self.published.values():
                if not published.listed:
                    (self.site / published.folder).mkdir(exist_ok=True)
                    for name in published.names:
                        write_atomically(self.site / published.folder / name, (published.out / name).read_bytes())
            self._tell("sources: copied")
            stdout, stderr = self.site_steps.communicate()
        finally:
            _stop(self.site_steps)
        for line in stdout.splitlines():
            if not line.startswith("done: "):
                log.info(line)
        _check(self.site_steps.returncode, stderr)

    def _tell(self, line):
        try:
            self.site_steps.stdin.write(line + "\n")
            self.site_steps.stdin.flush()
        except BrokenPipeError:
            pass  # the site steps have failed already: their report says why

    def stop(self):
        _stop(self.runner)
        _stop(self.site_steps)
        self.control.close()
        for stream in self.report:
            stream.close()


def _read(stream):
    stream.seek(0)
    return stream.read()


def _stop(process):
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)  # the steps and their children too
        except ProcessLookupError:
            pass
        process.communicate()


def _check(returncode, stderr):
    if returncode != 0:
        raise BuildFailed(stderr.strip().splitlines()[0] if stderr.strip() else f"build runner: exit code {returncode}")
