"""Compute what the exercises' pages show that dlcode computes (dlcode/exercises.py): each numeric
exercise's answer and the values of its common wrong answers, and every question's, hint's and
explanation's text (the numbers they name, such as {digits} or {answer}, filled in). Written to
values.json, which the MkDocs hooks read to put the exercises into the pages and exercises.json
(scripts/pages/exercises.py renders; nothing is computed in the MkDocs process).

A build step (scripts/build/graph.py), in a fresh process: made again when dlcode, the rendering
module or this script changed. Some answers train a network on the digits (about a second), which
a page edit under `make serve` no longer waits for.

    python scripts/steps/make_exercises.py [--out DIR]
"""
import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
from scripts.build.outputs import write_atomically  # noqa: E402

DEFAULT_OUT = ROOT / ".cache" / "exercises"
VALUES = "values.json"


class ComputeFailed(Exception):
    pass


def items():
    from scripts.build.graph import Item  # the runner's, not needed to make anything

    return {"values": Item(files=(VALUES,))}


def compute():
    """{id: {"question", "hint", "explanation": text, "answer": float or None, "wrong": [[value, hint], ...]}}."""
    from dlcode import exercises

    values = {}
    for exercise in exercises.EXERCISES:
        number = exercise.kind == "数値"
        try:
            answer = exercise.answer() if number else None
            wrong = [list(wrong) for wrong in exercise.wrong_values()] if number else []
            # the texts with the numbers dlcode computes filled in: {answer}, {wrong1}, ..., exercise.numbers()
            values[exercise.id] = exercises.texts(exercise, answer, wrong) | {"answer": answer, "wrong": wrong}
        except Exception as error:  # named in one line: which exercise, what failed
            raise ComputeFailed(f"{exercise.id}: {type(error).__name__}: {error}") from error
    return values


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default .cache/exercises)")
    parser.add_argument("--only", action="append", default=[], help=argparse.SUPPRESS)  # one item: all of it
    args = parser.parse_args(argv)
    try:
        values = compute()
    except ComputeFailed as error:
        print(f"exercises: FAILED: {error}", file=sys.stderr)
        return 1
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    # json writes a float as repr() does: the shortest text that reads back as the same float
    write_atomically(out / VALUES, json.dumps(values, ensure_ascii=False, indent=1, allow_nan=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
