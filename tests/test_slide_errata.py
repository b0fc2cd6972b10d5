"""Each test demonstrates one point where the original slides are wrong or incomplete.

The pages mark these with a 「原著スライドとの違い」 note; docs/errata.md lists them all.
"""
import contextlib
import io
import math

import numpy as np
import pytest

from dlcode import slides
from dlcode.diff import numerical_diff
from dlcode.gradient import _numerical_gradient, numerical_gradient

T_TWO = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
Y_TWO = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
Y_SEVEN = np.array([0.1, 0.5, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.5, 0.0])


def test_loss_mse_printed_value_lacks_its_leading_zero():
    """loss.md: the slide prints `.09750000000000003`; Python prints 0.09750000000000003."""
    printed = repr(float(slides.mean_squared_error(Y_TWO, T_TWO)))
    assert printed == "0.09750000000000003"
    assert printed != ".09750000000000003"


def test_loss_seven_example_is_not_a_probability_vector():
    """loss.md: the “7” output sums to 1.95, and 1 and 8 score 0.5 each."""
    assert Y_TWO.sum() == pytest.approx(1.0)
    assert Y_SEVEN.sum() == pytest.approx(1.95)
    assert sorted(Y_SEVEN)[-3:] == [0.5, 0.5, 0.6]


def test_loss_mean_squared_error_is_a_half_sum():
    """loss.md: mean_squared_error returns ½Σ, not a mean (np.mean gives a different value)."""
    half_sum = slides.mean_squared_error(Y_TWO, T_TWO)
    assert half_sum == pytest.approx(0.5 * np.sum((Y_TWO - T_TWO) ** 2))
    assert half_sum != pytest.approx(np.mean((Y_TWO - T_TWO) ** 2))


def test_loss_cross_entropy_code_adds_delta_that_the_formula_lacks():
    """loss.md: the code is −Σ t log(y + δ), natural log; the formula shows no δ."""
    code = slides.cross_entropy_error(Y_TWO, T_TWO)
    assert code == pytest.approx(-math.log(0.6 + 1e-7), abs=0)
    assert abs(code - (-math.log(0.6))) > 1e-7  # differs from the formula in the 7th digit
    assert code != pytest.approx(-math.log10(0.6))  # natural log, not log10


def test_diff_worked_example_uses_a_different_function_than_the_code():
    """diff.md: the slide writes f(x) = 0.001x² + 0.1x but gets the value of 0.01x² + 0.1x."""
    def stated(x):
        return 0.001 * x ** 2 + 0.1 * x

    assert repr(numerical_diff(stated, 5)) == "0.10999999999983245"
    assert repr(slides.numerical_diff(slides.function_1, 5)) == "0.1999999999990898"


def test_diff_worked_example_result_is_two_tenths_not_0_199():
    """diff.md: the true derivative at 5 is 0.02·5 + 0.1 = 0.2; the error is rounding only."""
    value = slides.numerical_diff(slides.function_1, 5)
    assert value == pytest.approx(0.2, abs=1e-11)
    assert round(value, 3) == 0.2  # «約0.199» would be a truncation, not a rounding


def test_diff_central_difference_error_here_is_rounding_not_truncation():
    """diff.md: for a quadratic the central difference is exact in real numbers, so the
    gap from 0.2 comes from floating point and grows as h shrinks."""
    gaps = [abs(numerical_diff(slides.function_1, 5, h=h) - 0.2) for h in (1e-2, 1e-4, 1e-8)]
    assert gaps[0] < gaps[1] < gaps[2]


def test_diff_implementation_example_does_not_parse():
    """diff.md: `numerical_diff(function_1, -10))` has one `)` too many."""
    with pytest.raises(SyntaxError):
        compile("numerical_diff(function_1, -10))", "<slide>", "eval")
    compile("numerical_diff(function_1, -10)", "<slide>", "eval")


def test_diff_figure_caption_function_is_wrong():
    """diff.md: the figure caption says f(x) = 0.001x² + 0.1 (no x); its slope at 5 is 0.01."""
    def caption(x):
        return 0.001 * x ** 2 + 0.1

    assert numerical_diff(caption, 5) == pytest.approx(0.01)
    assert slides.numerical_diff(slides.function_1, 5) == pytest.approx(0.2)


def test_partial_derivatives_at_3_4_differ_so_both_cannot_be_df_dx0():
    """diff.md: the slide writes ∂f/∂x0 twice; the second is ∂f/∂x1 (8, not 6)."""
    assert slides.numerical_diff(slides.function_tmp1, 3.0) == pytest.approx(6)
    assert slides.numerical_diff(slides.function_tmp2, 4.0) == pytest.approx(8)


def test_partial_calc_primed_name_is_not_the_derivative():
    """diff.md: f'(x0) names x0² + 16 on the slide, but f' conventionally is the derivative."""
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


def test_gradient_points_uphill_not_towards_the_minimum():
    """gradient.md: ∇f at (3, 4) is (6, 8): f grows along it; −∇f points downhill."""
    point = np.array([3.0, 4.0])
    grad = slides._numerical_gradient(slides.function_2, point.copy())
    f = slides.function_2
    assert f(point + 0.01 * grad) > f(point) > f(point - 0.01 * grad)


def test_gradient_does_not_point_at_the_minimum_in_general():
    """gradient.md: for f = x0² + 4x1², −∇f at (2, 1) is not aimed at the minimum (0, 0)."""
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


SLIDE_RESULT_ROWS = {  # step: (x, f(x)) as printed on 「勾配法（処理結果：変数１つ）」
    10000: (-1.648426583231277, -0.1376695563200923),
    20000: (-2.753391126403293, -0.19952748569076534),
    30000: (-3.4940650842766314, -0.22732160029605256),
    40000: (-3.9905497138164314, -0.2398101011972391),
    120000: (-4.958855214948994, -0.2499830710666311),
    130000: (-4.972420046436861, -0.24999239346161456),
    140000: (-4.981512752160442, -0.24999658221667317),
    150000: (-4.987607726318238, -0.24999846431552997),
}


def test_descent_result_slide_is_not_what_the_loop_prints():
    """descent.md: the loop prints `i:x` for 20 rows; the slide shows `i: x , f(x)` rows
    for other x values and stops at 150000."""
    lines = run_slide_loop()
    assert len(lines) == 20
    assert lines[0] == "0:0"
    assert lines[1] == "10000:-0.9063544220185227"
    assert lines[-1].startswith("190000:")
    assert float(lines[1].split(":")[1]) != pytest.approx(SLIDE_RESULT_ROWS[10000][0], abs=0.1)


def test_descent_result_slide_matches_learning_rate_0_002():
    """descent.md: every printed x and f(x) on the slide is what lr = 0.002 gives."""
    from dlcode.descent import gradient_descent_1d

    rows, _ = gradient_descent_1d(slides.function, init_x=0, lr=0.002, step_num=160000)
    by_step = {step: (x, fx) for step, x, fx in rows}
    for step, (x, fx) in SLIDE_RESULT_ROWS.items():
        assert by_step[step][0] == pytest.approx(x, abs=1e-9)
        assert by_step[step][1] == pytest.approx(fx, abs=1e-12)


def test_bias_is_minus_the_threshold():
    """learning.md: the slide calls B 閾値 (threshold); a unit fires when xw + b > 0, that is
    when xw > −b, so the threshold is θ = −b."""
    rng = np.random.default_rng(0)
    xw = rng.normal(size=1000)
    b = 0.3
    fires = xw + b > 0
    assert np.array_equal(fires, xw > -b)
    assert not np.array_equal(fires, xw > b)


def test_evaluating_on_training_data_cannot_tell_memorising_from_learning():
    """advanced.md: the hidden note's 「教師データ」 section describes test data: a model that only
    memorises the training set scores 100% there and chance level on new data."""
    from dlcode.datasets import make_two_class_data

    x_train, t_train = make_two_class_data(100, seed=1)
    x_test, t_test = make_two_class_data(100, seed=2)
    memory = {tuple(row): label for row, label in zip(x_train, t_train)}

    def memoriser(rows):
        return np.array([memory.get(tuple(row), 0) for row in rows])

    assert np.mean(memoriser(x_train) == t_train) == 1.0
    assert np.mean(memoriser(x_test) == t_test) == pytest.approx(0.5, abs=0.1)
