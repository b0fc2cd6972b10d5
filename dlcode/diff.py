"""数値微分（中心差分）と、図のための接線。

ページ: docs/diff.md
"""
import math

import numpy as np

from dlcode._checks import positive_float, scalar_result
from dlcode.slides import function_1, function_2, function_tmp1, function_tmp2

__all__ = ["numerical_diff", "forward_diff", "tangent_line", "function_1", "function_2",
           "function_tmp1", "function_tmp2", "DEFAULT_H", "check_resolution"]

DEFAULT_H = 1e-4  # スライドと同じ h = 0.0001


def numerical_diff(f, x, h=DEFAULT_H):
    """1 変数関数 ``f`` の ``x`` における微分を中心差分 (f(x+h) − f(x−h)) / 2h で求める。

    >>> numerical_diff(function_1, 5)
    0.1999999999990898
    >>> numerical_diff(function_1, 5, h=0)
    Traceback (most recent call last):
    ...
    ValueError: h must be a finite number > 0, got 0.0
    >>> numerical_diff(function_1, np.array([3.0, 4.0]))
    Traceback (most recent call last):
    ...
    ValueError: x must be one number, got an array of shape (2,); for a function of several variables use dlcode.gradient.numerical_gradient

    ページ: docs/diff.md
    """
    h = positive_float("h", h)
    x = _scalar_point(x, h)
    forward = scalar_result("f", f(x + h), "at x + h = {}", x + h)
    backward = scalar_result("f", f(x - h), "at x - h = {}", x - h)
    return (forward - backward) / (2 * h)


def check_resolution(size, h, dtype=np.float64):
    """x ± h を区別できるか: 大きさ ``size`` の数の間隔（``dtype`` での）が h/10 より広ければ、
    h の摂動は丸めで消えるので ValueError。

    ページ: docs/supplement/numerical_diff.md
    """
    spacing = float(np.spacing(np.asarray(size, dtype=dtype)))
    if not spacing < h / 10:
        remedy = "a larger h" if np.dtype(dtype) == np.float64 else "float64 or a larger h"
        raise ValueError(f"h={h} is too small for x of dtype {np.dtype(dtype)} (values up to {float(size)} "
                         f"are {spacing:.3g} apart, so x ± h rounds back to x); use {remedy}")


def _scalar_point(x, h):
    """``x`` as one finite number at which ±h is representable (a Python float stays as it is)."""
    if type(x) is float and math.isfinite(x) and math.ulp(x) < h / 10:
        return x  # the common case, checked first: gradient_descent_1d calls this 200 000 times
    if np.ndim(x) != 0:
        raise ValueError(f"x must be one number, got an array of shape {np.shape(x)}; "
                         "for a function of several variables use dlcode.gradient.numerical_gradient")
    value = np.asarray(x)
    if value.dtype.kind not in "biuf":
        raise ValueError(f"x must be a number, got {x!r}")
    if not np.isfinite(value):
        raise ValueError(f"x must be a finite number, got {x!r}")
    check_resolution(abs(value.astype(np.float64)), h, value.dtype if value.dtype.kind == "f" else np.float64)
    return x


def forward_diff(f, x, h=DEFAULT_H):
    """前方差分 (f(x + h) − f(x)) / h。誤差は h にほぼ比例し、中心差分（h² に比例）より大きい。

    >>> round(forward_diff(function_1, 5), 8)
    0.200001

    ページ: docs/supplement/numerical_diff.md
    """
    h = positive_float("h", h)
    x = _scalar_point(x, h)
    return (scalar_result("f", f(x + h), "at x + h = {}", x + h) - scalar_result("f", f(x), "at x = {}", x)) / h


def tangent_line(f, x, h=DEFAULT_H):
    """``f`` の ``x`` における接線を ``(slope, intercept)`` で返す（y = slope·t + intercept）。

    >>> slope, intercept = tangent_line(function_1, 5)
    >>> round(slope, 6), round(intercept, 6)
    (0.2, -0.25)

    ページ: docs/diff.md
    """
    slope = numerical_diff(f, x, h)
    return slope, scalar_result("f", f(x), "at x = {}", x) - slope * x
