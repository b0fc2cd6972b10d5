"""Loaded at start-up by every Python process of a step that `runner.py check-inputs` runs (this
folder is put first on PYTHONPATH): records each file the process opens, modules included, in
$DLCODE_TRACE_OPENS/<step>.<pid>.txt, one path a line, as it happens (a kernel may be killed)."""
import os
import sys

_folder, _step = os.environ.get("DLCODE_TRACE_OPENS"), os.environ.get("DLCODE_TRACE_STEP", "unknown")
if _folder:
    _seen = set()
    _log = open(os.path.join(_folder, f"{_step}.{os.getpid()}.txt"), "a", encoding="utf-8", buffering=1)

    def _record(event, args):
        # open() and module loading give a mode; os.open() gives none and may be relative to a
        # directory descriptor (shutil.rmtree's walk), so only the former are files read.
        if event == "open" and len(args) > 1 and args[1] is not None and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.path.abspath(os.fsdecode(args[0]))
            if path not in _seen:
                _seen.add(path)
                _log.write(path + "\n")

    sys.addaudithook(_record)
