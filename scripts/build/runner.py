"""Run the build's steps (scripts/build/graph.py): keys, skipping, fresh processes, parallel, one-line failures.

    python scripts/build/runner.py [--control FD] sources [--only STEP ...] [--force]
    python scripts/build/runner.py [--control FD] site SITE_DIR [--wait]
    python scripts/build/runner.py check-inputs [SITE_DIR] [--only STEP ...]

`sources` brings every source step up to date. An item is made again when its key (what its step
declares it reads, hashed: file bytes, the dlcode code it reaches, package versions, the files of
the steps it needs) differs from the one its step's out/.manifest.json recorded when it was last
made, or when one of its files is missing. The stale items of a step are made by one run of the
step's command in a fresh process (so it runs today's code), with ``--only NAME`` for each when
not all are stale; a step starts as soon as the steps it needs are done, alongside the others.
Keys are taken before a step runs and recorded only when it succeeds: a file edited meanwhile
makes the next run do it again. The runner holds .cache/.sources.lock while it runs, so that two
builds (a `make site` during `make serve`) take turns. `site` runs the site steps on a built site.

Each step's own report is printed on stdout. For the MkDocs session (scripts/build/session.py),
on the file descriptor ``--control`` names (none: not written), and never mixed with what a step
prints: first, for each step that publishes and declares its items, ``files: STEP FOLDER
listed|after NAME ...``; ``done: STEP`` as each finishes, after its ``files:`` line if it
publishes without items (then every file in its out folder is published). A step that publishes
but provides no file, or does not make a file its items declare, fails. A failing step is reported on stderr in one line, ``STEP: FAILED: what``, the other
steps are stopped, and the exit status is 1.

With ``--wait`` (the MkDocs session starts the runner before the pages are written, and the deck
may still be in the making when they are), the site steps start when the line ``pages: written``
arrives on stdin, and a site step that needs a source step when ``sources: copied`` follows.

`check-inputs` runs every step afresh with each Python process recording the files it opens
(scripts/build/trace/sitecustomize.py), into scratch folders, and fails naming any step that
opened a file of the project its declaration does not cover: such a file would not be in the
step's key, and an edit of it would leave a stale output.
"""
import argparse
import fnmatch
import functools
import hashlib
import importlib
import importlib.metadata
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.build.graph import STEPS, Item  # noqa: E402
from scripts.build.outputs import exclusive, source_date_epoch, write_atomically  # noqa: E402

MANIFEST = ".manifest.json"
SOURCE_STEPS = {step.name for step in STEPS if not step.site}
# What the MkDocs session tells a waiting run of the site steps, in order; and what it means if
# the session stops before it.
TOLD = {"pages: written": "the pages were never written",
        "sources: copied": "the source steps' files never arrived in the site"}
TRACE = Path(__file__).with_name("trace")
control = None  # the stream of --control


def tell(*lines):
    """Write ``lines`` on the control channel, if there is one."""
    if control is not None:
        control.write("".join(f"{line}\n" for line in lines))
        control.flush()


class StepFailed(Exception):
    def __init__(self, step, message):
        super().__init__(f"{step}: FAILED: {message}")


@functools.lru_cache(maxsize=None)
def version(package):
    """A Python package's version, or an npm package's from node_modules."""
    manifest = ROOT / "node_modules" / package / "package.json"
    if manifest.is_file():
        return json.loads(manifest.read_text())["version"]
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        raise StepFailed("build", f"package {package} is not installed: run `make site`") from None


def declared_files(patterns):
    return sorted({path for pattern in patterns for path in ROOT.glob(pattern) if path.is_file()})


def step_items(step):
    if not step.items:
        return {step.name: Item()}
    module, function = step.items.split(":")
    return getattr(importlib.import_module(module), function)()


def provided(folder):
    """The files of a step without ``items``: every file in its out folder."""
    return sorted(path.name for path in folder.iterdir() if path.is_file() and not path.name.startswith(".")) \
        if folder.is_dir() else []


def shown(path):
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def files_line(step, names):
    return " ".join(["files:", step.name, step.publish, "listed" if step.listed else "after", *names])


def item_keys(step, items, made_by_needs, dependencies):
    """{item name: key}: the step's declared reads, packages and environment, the files of the
    steps it needs, and what the item itself runs."""
    common = hashlib.sha256(step.command.encode())
    for path in declared_files((step.command, *step.reads)):
        common.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    for package in step.packages:
        common.update(f"\0{package}=={version(package)}".encode())
    for name in step.environment:
        common.update(f"\0{name}={os.environ.get(name, '')}".encode())
    for path in made_by_needs:
        common.update(path.name.encode() + b"\0" + path.read_bytes())
    keys = {}
    for name, item in items.items():
        digest = common.copy()
        digest.update(f"\0{name}\0{item.data}".encode())
        if item.code:
            digest.update(dependencies.source_of(item.code))
        if item.script is not None:  # the script itself, and the dlcode code its imports reach
            digest.update(item.script.encode() + b"\0" + dependencies.source_of_script(item.script))
        keys[name] = digest.hexdigest()
    return keys


def made_by(step, out):
    """The files the steps ``step`` needs have made (``out``: step name -> folder)."""
    return [path for need in step.needs if need in out for path in sorted(out[need].iterdir())
            if not path.name.startswith(".")]


def current_keys(name):
    """{item: key} of a source step as a run would compute them now; and its recorded manifest."""
    step = next(step for step in STEPS if step.name == name)
    from scripts.build.dependencies import Dependencies
    outs = {s.name: ROOT / s.out for s in STEPS if s.out}
    manifest = outs[name] / MANIFEST
    recorded = json.loads(manifest.read_text()) if manifest.exists() else {}
    return item_keys(step, step_items(step), made_by(step, outs), Dependencies()), recorded


def start(step, arguments, env=None):
    """The step's command in a fresh process. Its output goes to temporary files, read when it
    ends: the runner does not read a step's output while it runs, so through a pipe a step that
    printed more than the pipe holds would never end."""
    if env and "DLCODE_TRACE_OPENS" in env:
        env = {**env, "DLCODE_TRACE_STEP": step.name}
    files = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
    process = subprocess.Popen([sys.executable, str(step.script), *arguments, *step.arguments], cwd=ROOT,
                               stdin=subprocess.DEVNULL, stdout=files[0], stderr=files[1], text=True,
                               start_new_session=True, env=env)  # stdin: the session's, for the runner alone
    process.output_files = files
    try:
        process.ended = os.pidfd_open(process.pid)  # readable once it has ended (Linux)
    except (AttributeError, OSError):
        process.ended = None
    return process


def output(process):
    """(stdout, stderr) of a step that has ended."""
    texts = []
    for stream in process.output_files:
        stream.seek(0)
        texts.append(stream.read())
        stream.close()
    if process.ended is not None:
        os.close(process.ended)
        process.ended = None
    return texts


def stop(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)  # its children too (notebook kernels, Marp)
    except ProcessLookupError:
        pass
    process.wait()


def failure(step, stderr, returncode):
    """The step's first line saying FAILED (else its last line), without a second FAILED."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and not line.startswith((" ", "Traceback"))]
    message = next((line for line in lines if "FAILED: " in line), lines[-1] if lines else f"exit code {returncode}")
    message = message.split("FAILED: ", 1)[1] if message.startswith(f"{step.name}: FAILED: ") else message
    return message.replace(": FAILED: ", ": ", 1)


class Run:
    """One run of a set of steps: started when their needs are done, watched until all finish."""

    def __init__(self, steps, site=None, force=False, out=None, env=None, items_per_step=None, stamps=None,
                 wait=False):
        self.steps = {step.name: step for step in steps}
        self.site, self.force, self.env, self.items_per_step = site, force, env, items_per_step
        self.out = out or {s.name: ROOT / s.out for s in STEPS if s.out}
        self.done, self.running = set(), {}
        self.stamps = stamps  # step -> signature when it was last current; None: no shortcut
        self.waiting = list(TOLD) if wait else []  # what stdin has still to say, in order

    def ready(self):
        if "pages: written" in self.waiting:
            return []
        sources = "sources: copied" not in self.waiting
        return [step for name, step in self.steps.items() if name not in self.done and name not in self.running
                and all(need in self.done or (need not in self.steps and (sources or need not in SOURCE_STEPS))
                        for need in step.needs)]

    def listen(self, seconds):
        """Wait up to ``seconds`` for the next line the run waits for on stdin, or for a running
        step to end (noticed at once where the system tells)."""
        watched = ([sys.stdin] if self.waiting else []) + [
            process.ended for process, _ in self.running.values() if process.ended is not None]
        if not watched:
            time.sleep(seconds)
        elif sys.stdin in select.select(watched, [], [], seconds)[0]:
            line = sys.stdin.readline().strip()
            if line != self.waiting[0]:
                raise StepFailed("build", TOLD[self.waiting[0]])
            self.waiting.pop(0)

    def launch(self, step, dependencies):
        if step.site:
            self.running[step.name] = (start(step, [str(self.site)], self.env), None)
            return
        out = self.out[step.name]
        if self.stamps is not None and not self.force and self.stamps.get(step.name) == signature(step, self.out):
            print(f"{step.name}: up to date", flush=True)  # nothing it reads or made has changed
            self.finish(step)
            return
        all_items = step_items(step)
        items = all_items
        if not any(step.name in other.needs for other in self.steps.values()):  # a needed step makes all
            items = dict(list(all_items.items())[:self.items_per_step])
        keys = item_keys(step, items, made_by(step, self.out), dependencies)
        manifest = json.loads((out / MANIFEST).read_text()) if (out / MANIFEST).exists() else {}
        stale = [name for name, item in items.items() if self.force or manifest.get(name) != keys[name]
                 or not all((out / file).exists() for file in item.files)
                 or (step.publish and not step.items and not provided(out))]
        if not stale:
            print(f"{step.name}: up to date", flush=True)
            self.finish(step)
            return
        only = [] if len(stale) == len(all_items) else [arg for name in stale for arg in ("--only", name)]
        needed = [arg for need in step.needs if need in self.out for arg in (f"--{need}", str(self.out[need]))]
        process = start(step, ["--out", str(out), *needed, *only], self.env)
        self.running[step.name] = (process, (out, manifest, {name: keys[name] for name in stale}, items))

    def finish(self, step):
        if step.publish:
            out = self.out[step.name]
            if not step.items:  # its files are known now
                names = provided(out)
                if not names:
                    raise StepFailed(step.name, f"publishes {step.publish}/ but made no file in {shown(out)}"
                                                " (write its files into --out, or declare them by items())")
                tell(files_line(step, names))
        self.done.add(step.name)
        if self.stamps is not None:
            self.stamps[step.name] = signature(step, self.out)
        tell(f"done: {step.name}")

    def run(self):
        from scripts.build.dependencies import Dependencies
        dependencies = Dependencies()
        try:
            while len(self.done) < len(self.steps):
                for step in self.ready():
                    self.launch(step, dependencies)
                for name, (process, record) in list(self.running.items()):
                    if process.poll() is None:
                        continue
                    stdout, stderr = output(process)
                    del self.running[name]
                    sys.stdout.write(stdout)
                    sys.stdout.flush()
                    if process.returncode != 0:
                        raise StepFailed(name, failure(self.steps[name], stderr, process.returncode))
                    if record:
                        out, manifest, made, items = record
                        missing = [file for item in made for file in items[item].files if not (out / file).exists()]
                        if missing:
                            raise StepFailed(name, f"made no {missing[0]}, which its items() declare, in {shown(out)}")
                        write_atomically(out / MANIFEST, json.dumps(manifest | made, indent=1, sort_keys=True))
                    self.finish(self.steps[name])
                self.listen(0.02)
        finally:
            for process, _ in self.running.values():
                stop(process)
                output(process)


def announce(steps, cached, stamps, out):
    """For each step that publishes and declares its items, the files they provide, before any is
    made (as it said when it was last current, if it still is). A step without items is announced
    as it finishes (Run.finish)."""
    lines = []
    for step in steps:
        if step.publish and step.items:
            current = step.name in cached and stamps.get(step.name) == signature(step, out)
            names = cached[step.name] if current else [file for item in step_items(step).values() for file in item.files]
            if not names:
                raise StepFailed(step.name, f"publishes {step.publish}/ but its items() declare no file")
            lines.append(files_line(step, names))
    tell(*lines)
    return {line.split()[1]: line.split()[4:] for line in lines}


# The code that computes the keys: an edit of it may change what a key covers.
KEY_CODE = (ROOT / "scripts" / "build" / "runner.py", ROOT / "scripts" / "build" / "dependencies.py")


def signature(step, out):
    """The step's declaration; the size and time of the code computing keys, of every file the step
    declares it reads and of what it and the steps it needs have made; the package versions and
    environment: while it is what it was when the step was last current, the step is current (no key
    need be computed: that takes about a second more on a no-op)."""
    files = [*KEY_CODE, *declared_files((step.command, *step.reads, *step.keyed_by_items))]
    files += [path for name in (step.name, *step.needs) if name in out and out[name].is_dir()
              for path in sorted(out[name].iterdir())]
    stats = [(path.as_posix(), path.stat().st_mtime_ns, path.stat().st_size) for path in files]
    versions = [f"{package}=={version(package)}" for package in step.packages]
    environment = [f"{name}={os.environ.get(name, '')}" for name in step.environment]
    return hashlib.sha256(json.dumps([repr(step), stats, versions, environment]).encode()).hexdigest()


def sources(only=(), force=False):
    steps = [step for step in STEPS if not step.site and (not only or step.name in only)]
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch())
    folder = ROOT / ".cache" / "sources"
    with exclusive(folder):
        stamps_path = folder / "stamps.json"
        saved = json.loads(stamps_path.read_text()) if stamps_path.exists() else {}
        current = dict(saved.get("signatures", {}))
        run = Run(steps, force=force, stamps=current)
        files = announce(steps, {} if force else saved.get("files", {}), current, run.out)
        try:
            run.run()
        finally:  # what became current is remembered, also when another step failed
            write_atomically(stamps_path, json.dumps({"signatures": current, "files": saved.get("files", {}) | files}))


def site_steps(site, wait=False):
    if not wait and not Path(site).is_dir():
        raise StepFailed("build", f"not a folder: {site}")
    Run([step for step in STEPS if step.site], site=Path(site).resolve(), wait=wait).run()


# --- declared inputs against the files each step opens ----------------------------------------

# git's own files; the Python packages and this project's install metadata (declared by version)
IGNORED = (".git/", ".venv/", "dlcode.egg-info/")


def opened_in_project(path):
    """A path relative to the root, or None for one outside it or never an input. A compiled
    module stands for its source."""
    try:
        name = Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return None
    if name.startswith(IGNORED):
        return None
    if "/__pycache__/" in f"/{name}" and name.endswith(".pyc"):
        folder, file = f"/{name}".rsplit("/__pycache__/", 1)
        return f"{folder}/{file.split('.')[0]}.py".lstrip("/")
    return name


def undeclared(step, opened, scratch=()):
    """The files of the project ``step`` opened that its declaration does not cover."""
    allowed = (step.command, *step.reads, *step.keyed_by_items, *([f"{step.cache}/*"] if step.cache else []))
    packages = set(step.packages)
    problems = set()
    for path in opened:
        name = opened_in_project(path)
        if name is None or any(Path(path).resolve().is_relative_to(folder) for folder in scratch):
            continue
        if name.startswith("node_modules/"):
            parts = name.split("/")
            package = "/".join(parts[1:3]) if parts[1].startswith("@") else parts[1]
            if package not in packages:
                problems.add(f"{name} (npm package {package})")
        elif not any(fnmatch.fnmatchcase(name, pattern) for pattern in allowed):
            problems.add(name)
    return sorted(problems)


def with_needs(names):
    """The names of the steps ``names`` and of every step they need, directly or not."""
    chosen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in chosen:
            chosen.add(name)
            todo += next(step for step in STEPS if step.name == name).needs
    return chosen


def check_inputs(steps=STEPS, site=None, items_per_step=None):
    """Run ``steps`` afresh with their opened files recorded; return {step: [undeclared files]}.
    Source steps write into scratch folders; site steps work on a scratch copy of ``site``.
    ``items_per_step``: make only that many items of each step (all when None)."""
    with tempfile.TemporaryDirectory(prefix="check-inputs-") as scratch:
        scratch = Path(scratch)
        traces = scratch / "traces"
        traces.mkdir()
        env = {**os.environ, "DLCODE_TRACE_OPENS": str(traces),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(TRACE), os.environ.get("PYTHONPATH")]))}
        source_steps = [step for step in steps if not step.site]
        out = {step.name: scratch / step.name for step in source_steps}
        for folder in out.values():
            folder.mkdir()
        Run(source_steps, force=True, out=out, env=env, items_per_step=items_per_step).run()
        site_steps = [step for step in steps if step.site]
        if site_steps:
            if site is None:
                raise StepFailed("check-inputs", "site steps need a built site: give SITE_DIR")
            copy = scratch / "site"
            shutil.copytree(site, copy)
            Run(site_steps, site=copy, env=env).run()
        opened = {}
        for trace in traces.iterdir():
            step, _ = trace.name.split(".", 1)
            opened.setdefault(step, set()).update(trace.read_text(encoding="utf-8").splitlines())
        return {step.name: found for step in steps
                if (found := undeclared(step, opened.get(step.name, ()), [scratch]))}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--control", type=int, metavar="FD",
                        help="an open file descriptor to write the files: and done: lines to")
    commands = parser.add_subparsers(dest="command", required=True)
    source = commands.add_parser("sources", help="bring the source steps up to date")
    source.add_argument("--only", action="append", choices=[s.name for s in STEPS if not s.site], help="only this step")
    source.add_argument("--force", action="store_true", help="make every item again")
    site = commands.add_parser("site", help="run the site steps on a built site")
    site.add_argument("site", type=Path)
    site.add_argument("--wait", action="store_true",
                      help="start on 'pages: written' from stdin; steps needing a source step on 'sources: copied'")
    check = commands.add_parser("check-inputs", help="fail if a step opens a file it does not declare")
    check.add_argument("site", type=Path, nargs="?", help="a built site, for the site steps")
    check.add_argument("--only", action="append", choices=[s.name for s in STEPS],
                       help="only this step (and the steps it needs), in seconds instead of minutes")
    args = parser.parse_args(argv)
    global control
    control = os.fdopen(args.control, "w") if args.control is not None else None
    try:
        if args.command == "sources":
            sources(args.only or (), args.force)
        elif args.command == "site":
            site_steps(args.site, args.wait)
        else:
            steps = STEPS if args.site else [step for step in STEPS if not step.site]
            if args.only:
                steps = [step for step in steps if step.name in with_needs(args.only)]
            problems = check_inputs(steps, args.site)
            if problems:
                print("check-inputs: FAILED: " + "; ".join(f"{step} opened {', '.join(files)}, not declared"
                                                            for step, files in problems.items()), file=sys.stderr)
                return 1
            print(f"check-inputs: {len(steps)} steps opened only what they declare")
    except StepFailed as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
