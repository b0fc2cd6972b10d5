"""The exercises (dlcode/exercises.py): their answers and hints recomputed, check() on right,
wrong and malformed answers, and the reference and typical wrong solutions of the code exercises."""
import dataclasses
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from dlcode import exercises
from dlcode.exercises import EXERCISES, check, judge, solution
from dlcode.losses import cross_entropy_error
from dlcode.network import Network

PAGES = ("docs/loss.md", "docs/diff.md", "docs/gradient.md", "docs/descent.md", "docs/learning.md", "docs/advanced.md")
assert exercises.PAGES == PAGES  # the mirrored pages, in the slides' order
# the reading order: the pages in the navigation (mkdocs.yml), supplements among them
NAVIGATION = ["docs/" + page for page in re.findall(r"^ *- [^\n]*: (\S+\.md)$",
                                                   (Path(__file__).parents[1] / "mkdocs.yml").read_text(encoding="utf-8"), re.M)]
NUMBERS = [e for e in EXERCISES if e.kind == "数値"]
CHOICES = [e for e in EXERCISES if e.kind == "選択"]
CODE = [e for e in EXERCISES if e.kind == "コード"]


def test_every_mirrored_page_has_three_or_more_exercises_in_the_chapter_s_order():
    counts = Counter(e.page for e in EXERCISES)
    assert len(EXERCISES) >= 25 and all(counts[page] >= 3 for page in PAGES), counts
    assert set(counts) == set(PAGES + exercises.SUPPLEMENTS), counts
    assert all(counts[page] >= 2 for page in exercises.SUPPLEMENTS) and len(exercises.SUPPLEMENTS) >= 2
    assert [e.page for e in EXERCISES] == sorted((e.page for e in EXERCISES), key=NAVIGATION.index)
    for page in PAGES + exercises.SUPPLEMENTS:  # ids numbered 1, 2, ... on each page, named after it
        ids = [e.id for e in EXERCISES if e.page == page]
        stem = page.removeprefix("docs/").removeprefix("supplement/").removesuffix(".md").replace("_", "-")
        assert ids == [f"{stem}-{n}" for n in range(1, len(ids) + 1)]
        assert {e.kind for e in EXERCISES if e.page == page} >= {"数値", "選択"}
    assert {e.kind for e in EXERCISES} == set(exercises.KINDS)


@pytest.mark.parametrize("exercise", NUMBERS, ids=lambda e: e.id)
def test_numeric_answer_accepted_and_each_wrong_answer_gets_its_own_hint(exercise):
    answer = exercise.answer()
    assert math_equal(answer, exercise.solution())
    assert judge(exercise.id, answer) == (True, "正解")
    assert judge(exercise.id, answer + exercise.tolerance * 0.9)[0]
    wrongs = exercise.wrong_values()
    assert wrongs
    for value, hint in wrongs:
        # far enough from the answer and from each other to be told apart
        assert abs(value - answer) > 2 * exercise.tolerance + 1e-12, (value, answer)
        assert sum(abs(value - other) <= exercise.tolerance for other, _ in wrongs) == 1
        assert judge(exercise.id, value) == (False, f"まだ正解ではない。{hint}")
    far = answer + 1000
    hint = exercises.texts(exercise, answer)["hint"]
    assert judge(exercise.id, far) == (False, f"まだ正解ではない。ヒント: {hint}")


def math_equal(a, b):
    return float(a) == float(b)


def test_numeric_answers_agree_with_dlcode_computed_otherwise():
    """Each answer by a second route through dlcode (or by hand where the exercise is arithmetic)."""
    answers = {e.id: e.answer() for e in NUMBERS}
    assert answers["loss-1"] == pytest.approx(0.07)
    assert answers["loss-2"] == pytest.approx(cross_entropy_error([0.1, 0.7, 0.2], 1))
    assert answers["diff-1"] == pytest.approx(0.3, abs=1e-9)
    assert answers["diff-2"] == pytest.approx(3 * 2 ** 2 + 0.1 ** 2)
    assert answers["diff-3"] == pytest.approx(6)
    assert answers["gradient-1"] == pytest.approx(-4) and answers["gradient-3"] == pytest.approx(-8)
    assert answers["descent-1"] == pytest.approx(3 * 0.8 ** 2) and answers["descent-2"] == pytest.approx((-1.2) ** 3)
    assert answers["descent-5"] == 18 and 25 * 0.64 ** 17 >= 0.01 > 25 * 0.64 ** 18
    assert answers["learning-1"] == 27 and answers["learning-3"] == pytest.approx(0.48)
    net, calls = Network((2, 4, 3), seed=0), []
    predict = net.predict
    net.predict = lambda x: calls.append(1) or predict(x)
    net.numerical_gradients(np.array([[1.0, 0.5]]), np.array([0]))
    assert answers["learning-2"] == len(calls) - 1  # one more call checks the labels
    assert answers["advanced-1"] == 2 * (1348 // 100)
    assert answers["minibatch-1"] == pytest.approx(cross_entropy_error([[0.1, 0.8, 0.1], [0.5, 0.3, 0.2]], [1, 0]))
    assert answers["minibatch-1"] == pytest.approx(-(np.log(0.8) + np.log(0.5)) / 2, abs=1e-6)
    assert answers["numerical-diff-1"] == pytest.approx((np.exp(1.01) - np.e) / 0.01 - np.e)
    assert answers["numerical-diff-1"] == pytest.approx(0.01 / 2 * np.e, rel=0.01)  # h/2 f''(1), the explanation
    assert answers["numerical-diff-2"] == pytest.approx(0.01, rel=1e-3)  # h² to 6 digits: no rounding error yet


def test_the_best_h_of_numerical_diff_3_is_where_the_page_s_figure_has_its_minimum():
    from dlcode.figures import data_difference_error

    (exercise,) = [e for e in CHOICES if e.id == "numerical-diff-3"]
    d = data_difference_error()
    errors = {h: abs(exercises._central_error(h)) for h in (1e-2, 1e-5, 1e-10)}
    best = min(errors, key=errors.get)
    assert exercise.choices[[1e-2, 1e-5, 1e-10, 1e-50].index(best)].correct
    assert round(float(np.log10(d["h"][np.argmin(d["central"])]))) == -5
    assert 5.0 + 1e-50 == 5.0  # the last choice: x + h rounds back to x


def test_minibatch_2_s_labels_are_the_one_hot_s():
    (exercise,) = [e for e in CHOICES if e.id == "minibatch-2"]
    t = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    assert "[0, 0, 1], [1, 0, 0], [0, 1, 0]" in str(t.tolist()) and r"0 & 0 & 1 \\ 1 & 0 & 0 \\ 0 & 1 & 0" in exercise.question
    shown = {choice.text.strip("`"): choice.correct for choice in exercise.choices}
    assert shown[str(np.argmax(t, axis=1).tolist())] and not shown[str(np.argmax(t, axis=0).tolist())]
    assert not shown[str((np.argmax(t, axis=1) + 1).tolist())] and not shown[str(t.ravel().tolist())]


def test_the_numbers_the_explanations_state():
    assert 5.0 + 1e-50 == 5.0  # diff-4
    # the numbers filled into the explanations, by a second route
    assert "$f = 25 \\times 0.64^k$" in exercises._find("descent-5").explanation
    assert filled(exercises._find("descent-5"))["explanation"].endswith(
        f"$k = 17$ では約 ${25 * 0.64 ** 17:.4f}$、$k = 18$ で約 ${25 * 0.64 ** 18:.4f}$。")
    assert "約 $6 \\times 10^{-4}$ ずれる" in filled(exercises._find("diff-5"))["explanation"]  # 3x²h + h² at h = 1e-4
    assert "真の値 12 より $0.01$ 大きい。前方差分（12.61）" in filled(exercises._find("diff-2"))["explanation"]
    assert "$1 \\to -1.2 \\to 1.44 \\to -1.728$" in filled(exercises._find("descent-2"))["explanation"]
    assert "$8 + 4 + 12 + 3 = 27$" in filled(exercises._find("learning-1"))["explanation"]
    assert "パラメータ 23 個）なら 46 回" in filled(exercises._find("learning-2"))["explanation"]


@pytest.mark.parametrize("exercise", CHOICES, ids=lambda e: e.id)
def test_each_choice_has_an_explanation_and_one_is_right(exercise):
    assert len(exercise.choices) >= 3 and sum(c.correct for c in exercise.choices) == 1
    for label, choice in zip(exercises.CHOICE_LABELS, exercise.choices):
        assert choice.explanation.startswith("正しい。" if choice.correct else "正しくない。")
        correct, message = judge(exercise.id, label)
        assert correct == choice.correct and choice.explanation in message
    assert check(exercise.id, solution(exercise.id)) is True


@pytest.mark.parametrize("exercise", CODE, ids=lambda e: e.id)
def test_reference_solution_passes_and_typical_wrong_ones_fail_saying_why(exercise, capsys):
    assert check(exercise.id, solution(exercise.id)) is True
    assert capsys.readouterr().out == f"{exercise.id}: 正解\n"
    assert len(exercise.wrong_solutions) >= 2
    for wrong, words in exercise.wrong_solutions:
        correct, message = judge(exercise.id, wrong)
        assert not correct and words in message and "入力 " in message, (wrong.__name__, message)


def test_loosened_tolerances_let_the_wrong_forward_difference_through(monkeypatch):
    """The tolerance is what rejects a forward difference: loosened, the wrong solutions pass."""
    for exercise_id, wrong in (("diff-5", exercises._diff_5_forward), ("gradient-4", exercises._gradient_4_forward)):
        assert not judge(exercise_id, wrong)[0]
        loose = dataclasses.replace(exercises._BY_ID[exercise_id], rtol=1e-2, atol=1e-2)
        monkeypatch.setitem(exercises._BY_ID, exercise_id, loose)
        assert judge(exercise_id, wrong) == (True, "正解")


def test_loss_4_reference_is_dlcode_s_cross_entropy():
    for case in exercises._loss_4_cases():
        y, t = case.arguments()
        assert exercises.loss_4(y, t) == pytest.approx(cross_entropy_error(y, t))


def test_check_never_raises_for_a_wrong_function_and_says_what_failed(capsys):
    def raises(y, t):
        return 1 / 0

    def nothing(y, t):
        pass

    def text(y, t):
        return "0.5"

    def nan(y, t):
        return float("nan")

    def shape(y, t):
        return np.zeros(3)

    def mutates(y, t):
        y[0, 0] = 0.5
        return exercises.loss_4(y, t)

    said = {}
    for function in (raises, nothing, text, nan, shape, mutates):
        assert check("loss-4", function) is False
        said[function.__name__] = capsys.readouterr().out
    assert "ZeroDivisionError: division by zero" in said["raises"] and "入力 y = [[0.1, 0.7, 0.2]" in said["raises"]
    assert "何も返していない" in said["nothing"]
    assert "数ではなく str" in said["text"]
    assert "NaN を返した" in said["nan"]
    assert "1 つの数を返すはずが、形 (3,) の配列" in said["shape"]
    assert "引数 y の配列を書き換えた" in said["mutates"]
    assert "呼ぶ前 [[0.1, 0.7, 0.2]" in said["mutates"] and "呼んだ後 [[0.5, 0.7, 0.2]" in said["mutates"]

    def wrong_shape(f, x):
        return np.zeros(2)

    assert "形 (3,) の配列を返すはずが、形 (2,)" in judge("gradient-4", wrong_shape)[1]


def test_check_says_what_is_wrong_with_what_it_was_given():
    assert judge("loss-4", 0.5)[0] is False and "関数を渡す" in judge("loss-4", 0.5)[1]
    assert "def cross_entropy(y, t):" in judge("loss-4", 0.5)[1]
    assert judge("loss-1", "0.07") == (False, "答えは 1 つの数で渡す（渡されたのは str）。")
    assert judge("loss-1", float("nan")) == (False, "答えが nan になっている。有限の数で答える。")
    assert judge("loss-1", True)[0] is False
    assert judge("loss-1", np.float64(0.07)) == (True, "正解")
    assert "ア、イ、ウ、エ" in judge("loss-3", "A")[1]
    with pytest.raises(ValueError, match="練習問題 'loss-99' はない。ある問題: loss-1, loss-2, .*advanced-3"):
        check("loss-99", 0.07)


def filled(exercise):
    if exercise.kind != "数値":
        return exercises.texts(exercise)
    return exercises.texts(exercise, exercise.answer(), exercise.wrong_values())


def test_question_hint_and_explanation_fill_in_the_numbers_they_name():
    (advanced_1,) = [e for e in EXERCISES if e.id == "advanced-1"]
    texts = filled(advanced_1)
    assert "1348 件" in texts["question"] and texts["hint"].startswith("1348 ÷ 100 ")
    assert "1 エポックは $13$ 回、2 エポックで $26$ 回" in texts["explanation"]
    for exercise in EXERCISES:  # every name filled: none left in braces
        names = set(exercise.numbers()) if exercise.numbers else set()
        for text in filled(exercise).values():
            assert not re.findall(r"\{(answer|wrong\d|%s)\}" % "|".join(names or ["-"]), text), (exercise.id, text)
        raw = " ".join((exercise.question, exercise.hint, exercise.explanation))
        assert all("{" + name + "}" in raw for name in names), exercise.id  # each number computed is used


@pytest.mark.parametrize("exercise", NUMBERS, ids=lambda e: e.id)
def test_no_exercise_types_a_number_its_computation_gives(exercise):
    """An answer or a wrong answer's value appears in a text only through {answer}/{wrong1}..., filled
    from the computation. Single-digit integers are let through: they are as often a formula's
    coefficient (4x1, 2 ステップ) as a result."""
    values = [exercise.answer()] + [value for value, _ in exercise.wrong_values()]
    raw = " ".join((exercise.question, exercise.hint, exercise.explanation))
    for value in values:
        shown = exercises._as_text(value)
        if re.fullmatch(r"-?\d", shown):
            continue
        assert not re.search(rf"(?<![\d.]){re.escape(shown)}(?![\d])", raw), (exercise.id, shown)


def test_check_stops_a_function_that_never_returns(monkeypatch):
    """Under the time limit a function that loops forever (even one catching Exception) gets a verdict,
    not a hang; the caller's SIGALRM handler comes back and no timer is left running."""
    import signal
    import time

    monkeypatch.setattr(exercises, "TIME_LIMIT", 0.2)

    def forever(y, t):
        while True:
            pass

    def forever_swallowing(y, t):
        while True:
            try:
                time.sleep(0.01)
            except Exception:
                pass

    before = signal.getsignal(signal.SIGALRM)
    for function in (forever, forever_swallowing):
        started = time.monotonic()
        correct, message = judge("loss-4", function)
        assert time.monotonic() - started < 2, function.__name__
        assert not correct and message.startswith("入力 y = [[0.1, 0.7, 0.2]") and "0.2 秒たっても返ってこない" in message
    assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert judge("loss-4", solution("loss-4")) == (True, "正解")


def test_check_outside_the_main_thread_has_no_limit_and_still_judges():
    """SIGALRM only reaches the main thread: elsewhere check runs the function without a limit (its docstring says so)."""
    import threading

    results = []
    worker = threading.Thread(target=lambda: results.append((judge("loss-4", solution("loss-4")),
                                                             judge("loss-4", exercises._loss_4_sum)[0])))
    worker.start()
    worker.join(timeout=30)
    assert results == [((True, "正解"), False)]
