"""Each test demonstrates one point where the original slides are wrong or incomplete.

Every test reads what it contradicts from the deck itself (tests/data/slides.md, through
scripts/slides/deck.py) or from the slides' code (dlcode.slides), never from a copy typed here: an edit
of the deck that removes an error makes its test fail, and the note must then go too.
The pages mark these with a 「元のスライドとの違い」 note; docs/errata.md lists them all.
"""
import contextlib
import io
import math
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dlcode import slides, slides_corrected
from dlcode.descent import gradient_descent_1d
from dlcode.diff import numerical_diff
from dlcode.gradient import _numerical_gradient, numerical_gradient, numerical_gradient_nd
from dlcode.network import sigmoid

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.slides import deck  # noqa: E402


def slide_text(heading):
    return deck.slide(heading).visible


def deck_arrays(heading):
    """The `name = np.array([...])` assignments in the slide's code, in order, as (name, array)."""
    found = re.findall(r"^(\w+)\s*=\s*np\.array\((\[.*?\])\)", slide_text(heading), flags=re.M)
    return [(name, np.array(eval(values))) for name, values in found]  # a literal list of numbers


def deck_printed(heading):
    """The values the slide shows after `->`."""
    return re.findall(r"^->\s*(\S+)\s*$", slide_text(heading), flags=re.M)


def loss_example(heading):
    (_, t), (_, y_two), (_, y_seven) = deck_arrays(heading)
    return t, y_two, y_seven


MSE_SLIDE = "損失関数(２乗和誤差：実装)"
CEE_SLIDE = "損失関数(交差エントロピー誤差：実装)"


def test_loss_mse_printed_value_lacks_its_leading_zero():
    """loss.md: the slide prints `.09750000000000003`; Python prints 0.09750000000000003."""
    t, y_two, y_seven = loss_example(MSE_SLIDE)
    shown_two, shown_seven = deck_printed(MSE_SLIDE)
    computed = repr(float(slides.mean_squared_error(y_two, t)))
    assert shown_two != computed and "0" + shown_two == computed
    assert shown_seven == repr(float(slides.mean_squared_error(y_seven, t)))  # the other one is right


def test_loss_seven_example_is_not_a_probability_vector():
    """loss.md: each value of the “7” output could come from softmax, but together they sum to
    1.95; the “2” output sums to 1 as a probability vector must."""
    _, y_two, y_seven = loss_example(MSE_SLIDE)
    assert np.all((y_seven >= 0) & (y_seven <= 1))
    assert float(y_seven.sum()) == pytest.approx(1.95)
    assert float(y_two.sum()) == pytest.approx(1.0)
    assert np.array_equal(loss_example(CEE_SLIDE)[2], y_seven)  # the cross-entropy slide reuses it


def test_loss_mean_squared_error_is_a_half_sum():
    """loss.md: mean_squared_error returns ½Σ, not a mean (np.mean gives a different value)."""
    t, y_two, _ = loss_example(MSE_SLIDE)
    assert r"E = \frac {1}{2} \sum_k (y_k - t_k)^2" in slide_text("損失関数(２乗和誤差)")
    half_sum = slides.mean_squared_error(y_two, t)
    assert half_sum == pytest.approx(0.5 * np.sum((y_two - t) ** 2))
    assert half_sum != pytest.approx(np.mean((y_two - t) ** 2))


def test_loss_cross_entropy_code_adds_delta_that_the_formula_lacks():
    """loss.md: the code is −Σ t log(y + δ), natural log; the formula shows no δ and \\text{log}."""
    (formula,) = deck.slide("損失関数(交差エントロピー誤差)").formulas()
    assert r"\text{log}" in formula and "delta" not in formula
    t, y_two, _ = loss_example(CEE_SLIDE)
    code = slides.cross_entropy_error(y_two, t)
    assert repr(float(code)) == deck_printed(CEE_SLIDE)[0]
    assert code == pytest.approx(-math.log(0.6 + 1e-7), abs=0)
    assert abs(code - (-math.log(0.6))) > 1e-7  # differs from the formula in the 7th digit
    assert code != pytest.approx(-math.log10(0.6))  # natural log, not log10


def stated_quadratic(text, with_x_term=True):
    """The function the slide's text writes, as a Python function."""
    pattern = r"f\(x\)\s*=\s*([\d.]+)\s*x\^2\s*\+\s*([\d.]+)" + ("x" if with_x_term else r"(?!x)")
    a, b = map(float, re.search(pattern, text).groups())
    return (lambda x: a * x ** 2 + b * x) if with_x_term else (lambda x: a * x ** 2 + b)


def test_diff_worked_example_uses_a_different_function_than_the_code():
    """diff.md: the slide writes f(x) = 0.001x² + 0.1x but gets the value of 0.01x² + 0.1x."""
    text = slide_text("微分(数値微分：計算例)")
    stated = stated_quadratic(text)
    shown = re.search(r"& = ([\d.]+)", text).group(1)
    assert repr(slides.numerical_diff(slides.function_1, 5)) == shown
    assert numerical_diff(stated, 5) == pytest.approx(0.11)  # 2·0.001·5 + 0.1
    assert repr(numerical_diff(stated, 5)) != shown


def test_diff_worked_example_result_is_two_tenths_not_0_199():
    """diff.md: the true derivative at 5 is 0.02·5 + 0.1 = 0.2; the error is rounding only."""
    text = slide_text("微分(数値微分：計算例)")
    claimed = float(re.search(r"約\$([\d.]+)\$", text).group(1))
    value = slides.numerical_diff(slides.function_1, 5)
    assert value == pytest.approx(0.2, abs=1e-11)
    assert round(value, 3) == 0.2 != claimed  # «約0.199» would be a truncation, not a rounding


def test_diff_central_difference_error_here_is_rounding_not_truncation():
    """diff.md: for a quadratic the central difference is exact in real numbers, so the
    gap from 0.2 comes from floating point and grows as h shrinks."""
    gaps = [abs(numerical_diff(slides.function_1, 5, h=h) - 0.2) for h in (1e-2, 1e-4, 1e-8)]
    assert gaps[0] < gaps[1] < gaps[2]


def test_diff_implementation_example_does_not_parse():
    """diff.md: `numerical_diff(function_1, -10))` has one `)` too many."""
    (line,) = [line for block in deck.slide("微分(数値微分：実装)").code_blocks()
               for line in block.splitlines() if line.startswith("numerical_diff(function_1, -10)")]
    with pytest.raises(SyntaxError):
        compile(line, "<slide>", "eval")
    compile(line[:-1], "<slide>", "eval")  # one ")" fewer parses


def test_diff_figure_caption_function_is_wrong():
    """diff.md: the figure caption says f(x) = 0.001x² + 0.1 (no x); its slope at 5 is 0.01."""
    caption = stated_quadratic(slide_text("微分(数値微分：イメージ)").replace(" ", ""), with_x_term=False)
    assert numerical_diff(caption, 5) == pytest.approx(0.01)
    assert slides.numerical_diff(slides.function_1, 5) == pytest.approx(0.2)


def shown_partial(heading):
    return float(re.findall(r"& = ([\d.]+)", slide_text(heading))[-1])


def test_partial_derivatives_at_3_4_differ_so_both_cannot_be_df_dx0():
    """diff.md: the slide writes ∂f/∂x0 twice; the second is ∂f/∂x1 (8, not 6)."""
    sentence = next(line for line in slide_text("微分(偏微分)").splitlines() if "のようになる" in line)
    assert sentence.count(r"\frac{\delta{f}}{\delta{x_0}}") == 2 and "x_1" not in sentence
    assert slides.numerical_diff(slides.function_tmp1, 3.0) == shown_partial("微分(偏微分：計算①)")
    assert slides.numerical_diff(slides.function_tmp2, 4.0) == shown_partial("微分(偏微分：計算②)")
    assert shown_partial("微分(偏微分：計算①)") != pytest.approx(shown_partial("微分(偏微分：計算②)"))


def test_partial_calc_primed_name_is_not_the_derivative():
    """diff.md: f'(x0) names x0² + 16 on the slide, but f' conventionally is the derivative."""
    assert re.search(r"f'\(x_0\) &=\s*x_0\^2\+ 16", slide_text("微分(偏微分：計算①)"))
    restricted = slides.function_tmp1
    assert restricted(3.0) == 25.0  # what the slide calls f'(3)
    assert slides.numerical_diff(restricted, 3.0) == pytest.approx(6.0)  # the actual derivative


def test_gradient_slide_code_silently_truncates_integer_arrays():
    """gradient.md: with np.array([3, 4]) the slide's code returns nonsense and no error."""
    x = np.array([3, 4])
    assert slides._numerical_gradient(slides.function_2, x).tolist() == [25000, 35000]
    np.testing.assert_allclose(_numerical_gradient(slides.function_2, np.array([3, 4])), [6.0, 8.0])


def test_gradient_slide_numerical_gradient_fails_on_one_point():
    """gradient.md: the slide's numerical_gradient needs a 2-D X; a single point raises."""
    with pytest.raises(IndexError):
        slides.numerical_gradient(slides.function_2, np.array([3.0, 4.0]))
    np.testing.assert_allclose(numerical_gradient(slides.function_2, np.array([3.0, 4.0])), [6.0, 8.0])


GRADIENT_CLAIM = "勾配は、$f(x_0, x_1)$の「一番低い場所（最小値）」を指す。"


def test_gradient_points_uphill_not_towards_the_minimum():
    """gradient.md: ∇f at (3, 4) is (6, 8): f grows along it; −∇f points downhill."""
    assert GRADIENT_CLAIM in slide_text("勾配(イメージ)")
    point = np.array([3.0, 4.0])
    grad = slides._numerical_gradient(slides.function_2, point.copy())
    f = slides.function_2
    assert f(point + 0.01 * grad) > f(point) > f(point - 0.01 * grad)


def test_gradient_does_not_point_at_the_minimum_in_general():
    """gradient.md: for f = x0² + 4x1², −∇f at (2, 1) is not aimed at the minimum (0, 0)."""
    assert GRADIENT_CLAIM in slide_text("勾配(イメージ)")

    def elongated(v):
        return v[0] ** 2 + 4 * v[1] ** 2

    downhill = -_numerical_gradient(elongated, np.array([2.0, 1.0]))
    towards_minimum = -np.array([2.0, 1.0])
    cosine = downhill @ towards_minimum / np.linalg.norm(downhill) / np.linalg.norm(towards_minimum)
    assert cosine < 0.95


def run_slide_loop():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        slides.run_gradient_descent_loop()
    return out.getvalue().splitlines()


def slide_result_rows():
    """step: (x, f(x)) as printed on 「勾配法（処理結果：変数１つ）」."""
    rows = re.findall(r"^\s*(\d+):\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*$", slide_text("勾配法（処理結果：変数１つ）"), re.M)
    return {int(step): (float(x), float(fx)) for step, x, fx in rows}


def test_descent_result_slide_is_not_what_the_loop_prints():
    """descent.md: the loop prints `i:x` for 20 rows; the slide shows `i: x , f(x)` rows
    for other x values and stops at 150000."""
    shown = slide_result_rows()
    assert len(shown) == 9 and max(shown) == 150000
    lines = run_slide_loop()
    assert len(lines) == 20 and lines[-1].startswith("190000:")
    printed = {int(step): float(x) for step, x in (line.split(":") for line in lines)}
    assert printed[10000] != pytest.approx(shown[10000][0], abs=0.1)
    assert "0:0" == lines[0] and ":" in lines[1] and "," not in lines[1]  # no f(x) column


def test_descent_result_slide_matches_learning_rate_0_002():
    """descent.md: every printed x and f(x) on the slide is what lr = 0.002 gives."""
    rows, _ = gradient_descent_1d(slides.function, init_x=0, lr=0.002, step_num=160000)
    by_step = {step: (x, fx) for step, x, fx in rows}
    shown = slide_result_rows()
    for step, (x, fx) in shown.items():
        assert by_step[step][0] == pytest.approx(x, abs=1e-9)
        assert by_step[step][1] == pytest.approx(fx, abs=1e-12)
    rows_at_lr_0_001, _ = gradient_descent_1d(slides.function, init_x=0, lr=0.001, step_num=20000)
    assert rows_at_lr_0_001[1][1] != pytest.approx(shown[10000][0], abs=0.1)


def test_bias_is_minus_the_threshold():
    """learning.md: the slide calls B 閾値 (threshold). A sigmoid unit with bias b is on
    (output > 0.5) exactly when xw > −b: the threshold is θ = −b, not b."""
    assert "閾値$B$" in deck.slide("ニューラルネットワークの学習", level=3).visible
    xw = np.linspace(-2, 2, 401)
    for b in (-0.75, 0.3, 1.2):
        on = sigmoid(xw + b) > 0.5
        assert np.array_equal(on, xw > -b)
        assert not np.array_equal(on, xw > b)


def test_evaluating_on_training_data_cannot_tell_memorising_from_learning():
    """advanced.md: the hidden note's 「教師データ」 section describes test data: a model that only
    memorises the training set scores 100% there and chance level on new data."""
    (note,) = deck.slide("ニューラルネットワークの学習(まとめ)").comments
    section = note[note.index("データの分離(教師データ)"):note.index("データの分離(過学習)")]
    assert "訓練したモデルの実力を評価" in section and "新しいデータ" in section
    from dlcode.datasets import make_two_class_data

    x_train, t_train = make_two_class_data(100, seed=1)
    x_test, t_test = make_two_class_data(100, seed=2)
    memory = {tuple(row): label for row, label in zip(x_train, t_train)}

    def memoriser(rows):
        return np.array([memory.get(tuple(row), 0) for row in rows])

    assert np.mean(memoriser(x_train) == t_train) == 1.0
    assert np.mean(memoriser(x_test) == t_test) == pytest.approx(0.5, abs=0.1)


# --- the corrected deck's code (dlcode.slides_corrected): each error above, fixed in the slide's style ---

def test_corrected_gradient_is_right_for_integer_arrays():
    x = np.array([3, 4])
    assert slides._numerical_gradient(slides.function_2, x.copy()).tolist() == [25000, 35000]  # the slide's error
    np.testing.assert_allclose(slides_corrected._numerical_gradient(slides.function_2, x), [6.0, 8.0])
    assert x.tolist() == [3, 4] and x.dtype.kind == "i"  # the caller's array is left alone


def test_corrected_gradient_keeps_the_books_own_use_of_moving_the_callers_weights():
    # The book's 4.4.2 call: f ignores its argument and reads net.W, so the gradient exists only if
    # the very array passed in is moved. A correction that copies every array returns zeros here.
    from dlcode.network import SimpleNet

    net = SimpleNet(seed=0)
    x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])
    expected = numerical_gradient_nd(lambda w: net.loss(x, t), net.W)
    assert np.abs(expected).min() > 0.05
    for call in (slides_corrected.numerical_gradient, slides.numerical_gradient):
        np.testing.assert_allclose(call(lambda w: net.loss(x, t), net.W), expected, atol=1e-9)
    np.testing.assert_allclose(slides_corrected._numerical_gradient(lambda w: net.loss(x, t), net.W[1]),
                               expected[1], atol=1e-9)


def test_corrected_numerical_gradient_takes_one_point_and_integer_rows():
    with pytest.raises(IndexError):
        slides.numerical_gradient(slides.function_2, np.array([3.0, 4.0]))
    np.testing.assert_allclose(slides_corrected.numerical_gradient(slides.function_2, np.array([3.0, 4.0])), [6.0, 8.0])
    np.testing.assert_allclose(slides_corrected.numerical_gradient(slides.function_2, np.array([[3, 4], [0, 2]])),
                               [[6.0, 8.0], [0.0, 4.0]])


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 3), st.integers(1, 4)),
                  elements=st.floats(-100, 100, allow_nan=False)))
def test_corrected_gradient_agrees_with_dlcode_gradient(points):
    expected = numerical_gradient(slides.function_2, points)
    np.testing.assert_allclose(slides_corrected.numerical_gradient(slides.function_2, points), expected, atol=1e-6)
    np.testing.assert_allclose(slides_corrected.numerical_gradient(slides.function_2, points[0]), expected[0], atol=1e-6)


# --- the last errors found when presenting the deck (issue 30) ----------------------------------------

def test_t_k_has_two_names_on_two_slides():
    """loss.md: the same t_k is 「想定結果」 on the squared error's slide and 「教師データ」 on the cross entropy's."""
    def name_of_t(heading):
        return re.search(r"^\$t_k\$\s*\|\s*(\S+)\s*$", slide_text(heading), re.M).group(1)

    assert name_of_t("損失関数(２乗和誤差)") == "想定結果"
    assert name_of_t("損失関数(交差エントロピー誤差)") == "教師データ"
    t, _, _ = loss_example(MSE_SLIDE)  # what t_k is: the one-hot label of the next slide
    assert sorted(set(t.tolist())) == [0, 1] and t.sum() == 1


def test_the_limit_is_not_the_central_difference():
    """diff.md: the slide calls the limit 「中心差分」; the central difference is the formula at a finite
    h, which misses the derivative by about h²f‴/6, while the limit (of either form) is the derivative."""
    text = slide_text("微分")
    assert re.search(r"\\lim_\{h \\to 0\} \\frac\{f\(x \+ h\) - f\(x - h\)\}\{2h\}", text)
    assert "この式は中心差分と呼ばれ" in text
    central = numerical_diff(math.exp, 1.0)  # h = 1e-4
    assert central != math.e and abs(central - math.e) == pytest.approx(1e-8 * math.e / 6, rel=0.05)
    for h in (1e-3, 1e-5):  # both forms approach the derivative as h shrinks
        forward = (math.exp(1 + h) - math.exp(1)) / h
        assert abs(forward - math.e) < 2 * h * math.e


def test_numerical_results_are_written_as_equal_to_the_derivative():
    """diff.md: 「= 0.1999999999990898」, 「= 6.00000000000378」: numerical values, not the derivatives 0.2, 6, 8."""
    shown = [float(v) for heading in ("微分(数値微分：計算例)", "微分(偏微分：計算①)", "微分(偏微分：計算②)", "微分(偏微分：計算③)")
             for v in re.findall(r"& = ([\d.]+)", slide_text(heading))]
    assert shown == [slides.numerical_diff(slides.function_1, 5), slides.numerical_diff(slides.function_tmp1, 3.0),
                     slides.numerical_diff(slides.function_tmp2, 4.0), slides.numerical_diff(slides.function_tmp1, 3.0),
                     slides.numerical_diff(slides.function_tmp2, 4.0)]
    assert all(value not in (0.2, 6.0, 8.0) for value in shown)  # the exact derivatives


def test_a_function_of_one_variable_is_written_with_the_partial_symbol():
    """diff.md: g(x0) = x0² + 16 has one variable; the slides write its derivative with δ (∂), not d."""
    import inspect

    assert re.search(r"\\frac \{\\delta\{f'\(x_0\)\}\}\{\\delta\{x_0\}\}", slide_text("微分(偏微分：計算①)"))
    assert re.search(r"\\frac \{\\delta\{f''\(x_1\)\}\}\{\\delta\{x_1\}\}", slide_text("微分(偏微分：計算②)"))
    for fixed in (slides.function_tmp1, slides.function_tmp2):
        assert len(inspect.signature(fixed).parameters) == 1


def test_a_point_is_called_a_time():
    """diff.md: 「(3, 4)時点の偏微分」: 時点 is a point in time; (3, 4) is a point of the plane, where
    the gradient is taken."""
    assert "(3, 4)$時点の偏微分" in slide_text("微分(偏微分：計算③)")
    np.testing.assert_allclose(numerical_gradient(slides.function_2, np.array([3.0, 4.0])), [6.0, 8.0])


def test_the_demo_calls_the_function_of_the_previous_slide():
    """gradient.md: 「勾配(実装②)」 defines numerical_gradient, but its example calls _numerical_gradient
    (of 「勾配(実装①)」); numerical_gradient itself fails on those points."""
    defined, demo = deck.slide("勾配(実装②)").code_blocks()
    assert re.findall(r"^def (\w+)\(", defined, re.M) == ["numerical_gradient"]
    calls = re.findall(r"^(\w+)\(function_2, np\.array\((\[.*?\])\)\)$", demo, re.M)
    assert [name for name, _ in calls] == ["_numerical_gradient", "_numerical_gradient"]
    for _, point in calls:
        with pytest.raises(IndexError):
            slides.numerical_gradient(slides.function_2, np.array(eval(point)))
        np.testing.assert_allclose(slides_corrected.numerical_gradient(slides.function_2, np.array(eval(point))),
                                   slides._numerical_gradient(slides.function_2, np.array(eval(point))))


def test_the_column_of_minus_the_gradient_is_headed_by_the_gradient():
    """gradient.md: slides 20 and 25 head the figure of −∇f with (∂f/∂x0, ∂f/∂x1): the sign is the other."""
    from dlcode.figures import data_gradient_field

    for heading in ("勾配(イメージ)", "勾配法(変数２つ②)"):
        header = slide_text(heading).split("\n---|")[0].splitlines()[-1]
        assert header.split("|")[1].strip() == r"$(\frac {\delta{f}}{\delta{x_0}}, \frac{\delta{f}}{\delta{x_1}})$"
        assert "graph_two_variable_function_gradient" in slide_text(heading)
    field = data_gradient_field()
    assert np.array_equal(field["arrows"], -field["grad"]) and np.abs(field["grad"]).max() > 0


def test_the_learning_rate_is_not_any_number():
    """descent.md: 「任意の数値が使われる」; on the slide's own f, η = 150 diverges where η = 50 reaches the minimum."""
    assert "任意の数値が使われる" in slide_text("勾配法")
    _, reached = gradient_descent_1d(slides.function, init_x=0.0, lr=50, step_num=20, report_every=20)
    _, diverged = gradient_descent_1d(slides.function, init_x=0.0, lr=150, step_num=20, report_every=20)
    _, crawled = gradient_descent_1d(slides.function, init_x=0.0, lr=0.001, step_num=20, report_every=20)
    assert reached == pytest.approx(-5.0) and abs(diverged + 5) > 1e6 and abs(crawled + 5) > 4.9


def test_a_matrix_is_called_a_determinant():
    """learning.md: 「行列式の各要素を展開」 on slides 30–32: the arrays expanded are matrices, most of
    them not square, and a determinant is one number of a square matrix."""
    shapes = []
    for heading in ("ニューラルネットワークの学習(計算式②)", "ニューラルネットワークの学習(計算式③)",
                    "ニューラルネットワークの学習(計算式④)"):
        text = slide_text(heading)
        assert "行列式" in text
        for body in re.findall(r"\\begin\{array\}\{\w+\}(.*?)\\end\{array\}", text, re.S):
            rows = [row for row in body.strip().split("\\\\") if row.strip()]
            shapes.append((len(rows), len(re.split(r"&|,", rows[0]))))
    assert (2, 2) in shapes and (3, 2) in shapes and (1, 2) in shapes
    for shape in shapes:
        if shape[0] != shape[1]:
            with pytest.raises(np.linalg.LinAlgError):
                np.linalg.det(np.ones(shape))


def test_the_full_width_space_in_a_comment_of_the_typo_table():
    """errata.md 表記・誤字: the slide's comment 「# f(x -　h)の計算」 has a full-width space (U+3000); the
    corrected code has a half-width one."""
    (code,) = [block for block in deck.slide("勾配(実装①)").code_blocks() if "f(x + h)" in block]
    assert "# f(x -\u3000h)の計算" in code
    corrected = Path(slides_corrected.__file__).read_text(encoding="utf-8")
    assert "# f(x - h)の計算" in corrected and "\u3000" not in corrected


def test_mixed_brackets_and_kanji_of_the_typo_table():
    """errata.md 表記・誤字: 「勾配法(実装例：変数１つ）」 opens half-width and closes full-width; 「計算出来ない」."""
    heading = deck.slides()[21].heading
    assert heading.count("(") == 1 and heading.count("）") == 1 and "（" not in heading
    assert "計算出来ない" in deck.slide("ニューラルネットワークの学習(まとめ)").visible
