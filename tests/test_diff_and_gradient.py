import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from dlcode.diff import function_1, function_2, function_tmp1, function_tmp2, numerical_diff, tangent_line
from dlcode.gradient import _numerical_gradient, numerical_gradient, numerical_gradient_nd


@pytest.mark.parametrize("f, x, printed", [
    (function_1, 5, "0.1999999999990898"),
    (function_1, 15, "0.4000000000026205"),
    (function_1, -10, "-0.0999999999995449"),
    (function_tmp1, 3.0, "6.00000000000378"),
    (function_tmp2, 4.0, "7.999999999999119"),
])
def test_slide_derivatives_are_reproduced(f, x, printed):
    assert repr(numerical_diff(f, x)) == printed


def test_tangent_line_touches_the_curve_with_the_numerical_slope():
    slope, intercept = tangent_line(function_1, 5)
    assert slope == numerical_diff(function_1, 5)
    assert slope * 5 + intercept == pytest.approx(function_1(5))


@pytest.mark.parametrize("h", [0, -1e-4, float("nan"), float("inf"), "0.1", True])
def test_bad_step_size_is_rejected(h):
    with pytest.raises(ValueError, match="h must be"):
        numerical_diff(function_1, 1.0, h=h)
    with pytest.raises(ValueError, match="h must be"):
        _numerical_gradient(function_2, np.array([1.0]), h=h)


def test_non_scalar_f_is_a_clear_error():
    with pytest.raises(ValueError, match=r"f must return a scalar, got a value of shape \(2,\)"):
        numerical_diff(lambda x: np.array([x, x]), 1.0)
    with pytest.raises(ValueError, match=r"f must return a scalar, got a value of shape \(2,\)"):
        numerical_gradient_nd(lambda x: x * 2, np.array([1.0, 2.0]))


@pytest.mark.parametrize("gradient", [_numerical_gradient, numerical_gradient, numerical_gradient_nd])
def test_integer_arrays_give_float_gradients_and_stay_untouched(gradient):
    x = np.array([3, 4])
    grad = gradient(function_2, x)
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, [6.0, 8.0])
    assert x.dtype.kind == "i" and x.tolist() == [3, 4]


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_low_precision_arrays_that_would_swallow_h_are_refused(dtype):
    x = np.array([3.0, 4.0], dtype=dtype) * (1 if dtype == np.float16 else 4000)
    with pytest.raises(ValueError, match=f"too small for x of dtype {np.dtype(dtype).name}"):
        numerical_gradient_nd(function_2, x)


def test_float32_arrays_of_ordinary_size_still_work():
    grad = numerical_gradient_nd(function_2, np.array([3.0, 4.0], dtype=np.float32))
    np.testing.assert_allclose(grad, [6.0, 8.0], rtol=1e-2)


def test_python_lists_are_accepted():
    np.testing.assert_allclose(numerical_gradient(function_2, [[3, 4], [0, 2]]), [[6, 8], [0, 4]])


@pytest.mark.parametrize("gradient", [_numerical_gradient, numerical_gradient, numerical_gradient_nd])
def test_elements_are_restored_when_f_raises_midway(gradient):
    x = np.array([1.0, 2.0, 3.0])
    calls = []

    def explodes_on_third_call(v):
        calls.append(v.copy())
        if len(calls) == 3:
            raise RuntimeError("boom")
        return float(np.sum(v))

    with pytest.raises(RuntimeError, match="boom"):
        gradient(explodes_on_third_call, x)
    assert x.tolist() == [1.0, 2.0, 3.0]
    assert calls[2][1] != 2.0  # f really saw the perturbed array


def test_read_only_arrays_are_copied_not_written():
    x = np.array([3.0, 4.0])
    x.flags.writeable = False
    np.testing.assert_allclose(_numerical_gradient(function_2, x), [6.0, 8.0])


def test_gradient_shapes_are_checked():
    with pytest.raises(ValueError, match=r"x must be 1-D .*got shape \(1, 2\)"):
        _numerical_gradient(function_2, np.ones((1, 2)))
    with pytest.raises(ValueError, match=r"X must be 1-D .* or 2-D .*got shape \(1, 1, 2\)"):
        numerical_gradient(function_2, np.ones((1, 1, 2)))
    with pytest.raises(ValueError, match="x must be numeric"):
        numerical_gradient_nd(function_2, np.array(["a"]))


@pytest.mark.parametrize("layout", ["transposed", "strided"])
def test_non_contiguous_arrays_are_perturbed_in_place_and_restored(layout):
    base = np.arange(12.0).reshape(3, 4)
    x = base.T if layout == "transposed" else base[:, ::2]
    before = x.copy()
    np.testing.assert_allclose(numerical_gradient_nd(lambda v: float(np.sum(v ** 2)), x), 2 * before, atol=1e-6)
    np.testing.assert_array_equal(x, before)


def test_network_style_closure_sees_the_perturbation():
    weights = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = numerical_gradient_nd(lambda _: float(np.sum(weights ** 3)), weights)
    np.testing.assert_allclose(grad, 3 * weights ** 2, rtol=1e-6)


shapes = hnp.array_shapes(min_dims=1, max_dims=3, max_side=4)
coefficients = st.floats(-3, 3, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.data(), shapes)
def test_numerical_gradient_matches_analytic_gradient_of_random_quadratics(data, shape):
    x = data.draw(hnp.arrays(np.float64, shape, elements=coefficients))
    a = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(0.1, 3)))
    b = data.draw(hnp.arrays(np.float64, shape, elements=coefficients))
    before = x.copy()

    def quadratic(v):
        return float(np.sum(a * v ** 2 + b * v))

    np.testing.assert_allclose(numerical_gradient_nd(quadratic, x), 2 * a * x + b, atol=1e-6)
    np.testing.assert_array_equal(x, before)
    if x.ndim == 2:
        rows = numerical_gradient(lambda row: float(np.sum(row ** 2)), x)
        np.testing.assert_allclose(rows, 2 * x, atol=1e-6)


def test_tangent_line_uses_the_given_step_and_touches_the_curve():
    # For x³ the central difference is 3x² + h² exactly: the step must reach numerical_diff.
    slope, intercept = tangent_line(lambda x: x ** 3, 2.0, h=0.1)
    assert slope == pytest.approx(12.01)
    assert slope * 2.0 + intercept == pytest.approx(8.0)


def test_tangent_line_names_f_when_its_value_at_the_point_is_not_a_number():
    def odd(x):
        return np.zeros(2) if x == 1.0 else x  # a number next to 1, an array at 1

    with pytest.raises(ValueError, match=r"^f must return a scalar, got a value of shape \(2,\) at x = 1.0$"):
        tangent_line(odd, 1.0)
