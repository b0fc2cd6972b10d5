"""Compute what the exercises' pages show that dlcode computes (dlcode/exercises.py): each numeric
exercise's answer and the values of its common wrong answers, and every question's, hint's and
explanation's text (the numbers they name, such as {digits} or {answer}, filled in). Written to
<id>.json, which the MkDocs hooks read (read_values) to put the exercises into the pages and
exercises.json (scripts/pages/exercises.py renders; nothing is computed in the MkDocs process).

A build step (scripts/build/graph.py), in a fresh process, one item (<id>.json) per exercise: an
exercise is computed again when its own text in dlcode/exercises.py or the dlcode code it reaches
changed (keyed as the figures are), so an edit of function_1 recomputes the exercises on it and
leaves advanced-1, which loads the digits with scikit-learn (about a second), as it is.

    python scripts/steps/make_exercises.py [--out DIR] [--only ID ...]
"""
import argparse
import inspect
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
from scripts.build.outputs import write_atomically  # noqa: E402

DEFAULT_OUT = ROOT / ".cache" / "exercises"
SOURCE = ROOT / "dlcode" / "exercises.py"
ALWAYS = ("Exercise", "texts")  # what computes any exercise: its class (answer(), wrong_values()) and texts()


class ComputeFailed(Exception):
    pass


def value_file(exercise_id):
    return f"{exercise_id}.json"


def items():
    """One item per exercise: its entry of EXERCISES as written, and the dlcode names it uses (its
    answer's function, its wrong answers' lambdas and the constants they read, its cases), which the
    runner follows into dlcode."""
    import ast
    import importlib

    from scripts.build.graph import Item  # the runner's, not needed to make anything

    module = importlib.import_module("dlcode.exercises")
    text = SOURCE.read_text(encoding="utf-8")
    body = ast.parse(text).body
    defined = {node.name for node in body if isinstance(node, (ast.FunctionDef, ast.ClassDef))} | {
        target.id for node in body if isinstance(node, ast.Assign) for target in node.targets
        if isinstance(target, ast.Name)}
    found = {}
    for node in body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "EXERCISES" for t in node.targets):
            for call in getattr(node.value, "elts", ()):
                first = call.args[0] if isinstance(call, ast.Call) and call.args else None
                if not isinstance(first, ast.Constant):
                    continue  # not an Exercise(id, ...): the check below names the mismatch
                names = {n.id for n in ast.walk(call) if isinstance(n, ast.Name)
                         and (n.id in defined or _from_dlcode(module, n.id))}
                script = f"from dlcode.exercises import {', '.join(sorted(names | set(ALWAYS)))}\n"
                found[first.value] = Item(files=(value_file(first.value),),
                                          script=script + ast.get_source_segment(text, call) + "\n")
    if sorted(found) != sorted(exercise.id for exercise in module.EXERCISES):
        raise ValueError("dlcode/exercises.py: EXERCISES is not one tuple of Exercise(id, ...) calls")
    return found


def _from_dlcode(module, name):
    """Whether ``name`` in dlcode.exercises was imported from dlcode (a function or a module)."""
    value = getattr(module, name, None)
    owner = value.__name__ if inspect.ismodule(value) else getattr(value, "__module__", None)
    return isinstance(owner, str) and owner.startswith("dlcode")


def compute(only=()):
    """{id: {"question", "hint", "explanation": text, "answer": float or None, "wrong": [[value, hint], ...]}}
    for the exercises ``only`` names (all when empty)."""
    from dlcode import exercises

    values = {}
    for exercise in exercises.EXERCISES:
        if only and exercise.id not in only:
            continue
        number = exercise.kind == "数値"
        try:
            answer = exercise.answer() if number else None
            wrong = [list(wrong) for wrong in exercise.wrong_values()] if number else []
            # the texts with the numbers dlcode computes filled in: {answer}, {wrong1}, ..., exercise.numbers()
            values[exercise.id] = exercises.texts(exercise, answer, wrong) | {"answer": answer, "wrong": wrong}
        except Exception as error:  # named in one line: which exercise, what failed
            raise ComputeFailed(f"{exercise.id}: {type(error).__name__}: {error}") from error
    return values


def read_values(out, ids):
    """What the step computed for the exercises ``ids``, as compute() returns it."""
    values = {}
    for exercise_id in ids:
        path = Path(out) / value_file(exercise_id)
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: the exercises step has not computed {exercise_id}")
        values[exercise_id] = json.loads(path.read_text(encoding="utf-8"))
    return values


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default .cache/exercises)")
    parser.add_argument("--only", action="append", default=[], help="only this exercise (its id)")
    args = parser.parse_args(argv)
    from dlcode import exercises

    ids = [exercise.id for exercise in exercises.EXERCISES]
    unknown = [name for name in args.only if name not in ids]
    if unknown:
        parser.error(f"unknown exercise id(s) for --only: {', '.join(unknown)}; choose from: {', '.join(ids)}")
    try:
        values = compute(args.only)
    except ComputeFailed as error:
        print(f"exercises: FAILED: {error}", file=sys.stderr)
        return 1
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for exercise_id, value in values.items():
        # json writes a float as repr() does: the shortest text that reads back as the same float
        write_atomically(out / value_file(exercise_id), json.dumps(value, ensure_ascii=False, indent=1, allow_nan=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
