"""Code on the presented deck: dlcode's snippet regions in place of the slide's functions, and
the slide's other lines run at build in one session, with their results (never typed)."""
import contextlib
import io
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.slides import SlidesError  # noqa: E402
from scripts.slides.corrections import CORRECTED_CODE  # noqa: E402


def region(path, name):
    text = (ROOT / path).read_text(encoding="utf-8")
    match = re.search(rf"^[ \t]*# --8<-- \[start:{name}\]\n(.*?)^[ \t]*# --8<-- \[end:{name}\]", text, re.S | re.M)
    if not match:
        raise SlidesError(f"no snippet region {name} in {path}")
    return textwrap.dedent(match.group(1)).rstrip("\n")  # as the pages show it (dedent_subsections)


class Session:
    """One Python session for the whole deck, as a presenter running each slide's code in turn."""

    def __init__(self):
        self.namespace = {"__name__": "__deck__"}
        self.printed = ""
        self.shown = {}  # code block -> (as shown, printed): the hand-out reuses the site's run
        self.run("import numpy as np")

    def run(self, code, expression=False):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            value = eval(code, self.namespace) if expression else exec(code, self.namespace)
        self.printed = buffer.getvalue() or self.printed
        return value


def statements(lines):
    """Split a code block into chunks: ("blank",), ("code", [comment and code lines], shows_result)."""
    chunks, pending = [], []
    for line in lines:
        if line.lstrip().startswith("->"):
            if not chunks or chunks[-1][0] != "code":
                raise SlidesError(f"a result line with no code before it: {line!r}")
            chunks[-1] = ("code", chunks[-1][1], True)
        elif not line.strip():
            if chunks and chunks[-1][0] == "code" and not pending and _open_block(chunks[-1][1]):
                chunks[-1][1].append(line)  # a blank line inside a def
            else:
                chunks.extend([("blank",)] if not pending else [])
                if pending:
                    pending.append(line)
        elif line.startswith((" ", "\t")) and chunks and chunks[-1][0] == "code" and not pending:
            chunks[-1][1].append(line)
        elif line.lstrip().startswith("#"):
            pending.append(line)
        else:
            chunks.append(("code", [*pending, line], False))
            pending = []
    chunks.extend(("code", [line], False) for line in pending)  # trailing comments
    for index, chunk in enumerate(chunks):  # blank lines at a def's end belong between chunks
        if chunk[0] == "code":
            while len(chunk[1]) > 1 and not chunk[1][-1].strip():
                chunk[1].pop()
    return chunks


def _open_block(lines):
    code = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return bool(code) and code[0].rstrip().endswith(":")


def first_code_line(lines):
    return next(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def slide_code(block, regions, session):
    """The code block as the corrected deck shows it: functions replaced by their dlcode region,
    the other lines run, with their results. ``regions``: [(path, name)] of the page section."""
    texts = {(path, name): region(CORRECTED_CODE.get(name, path), name) for path, name in regions}
    out, shown = [], set()
    for chunk in statements(block.split("\n")):
        if chunk[0] == "blank":
            if out and out[-1] != "":
                out.append("")
            continue
        if out and out[-1] == "" and len(out) > 1 and out[-2] == "":
            out.pop()
        _, lines, shows_result = chunk
        first = first_code_line(lines)
        defined = re.match(r"def (\w+)\(", first)
        if defined:
            owner = [key for key, text in texts.items() if re.search(rf"^\s*def {defined.group(1)}\(", text, re.M)]
        else:
            owner = [key for key, text in texts.items() if first in (line.strip() for line in text.splitlines())]
        if owner:
            if owner[0] not in shown:  # the region's other lines and functions follow in the deck
                shown.add(owner[0])
                out.extend([texts[owner[0]], ""])
                try:
                    session.run(texts[owner[0]])
                except Exception as error:  # noqa: BLE001
                    raise SlidesError(f"region {owner[0][1]} raised {type(error).__name__}: {error}") from None
            continue
        if defined:
            raise SlidesError(f"function {defined.group(1)} is not in the section's dlcode regions {regions}")
        code = "\n".join(lines)
        out.extend(lines)
        try:
            if shows_result:
                out.append(f"-> {session.run(code.strip(), expression=True)!r}")
            else:
                session.run(code)
        except Exception as error:  # noqa: BLE001 - reported with the code that raised
            raise SlidesError(f"{first!r} raised {type(error).__name__}: {error}") from None
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)
