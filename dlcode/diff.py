"""数値微分（中心差分）と、図のための接線。

ページ: docs/diff.md
"""
from dlcode._checks import positive_float, scalar_result
from dlcode.slides import function_1, function_2, function_tmp1, function_tmp2

__all__ = ["numerical_diff", "forward_diff", "tangent_line", "function_1", "function_2",
           "function_tmp1", "function_tmp2", "DEFAULT_H"]

DEFAULT_H = 1e-4  # スライドと同じ h = 0.0001


def numerical_diff(f, x, h=DEFAULT_H):
    """1 変数関数 ``f`` の ``x`` における微分を中心差分 (f(x+h) − f(x−h)) / 2h で求める。

    >>> numerical_diff(function_1, 5)
    0.1999999999990898
    >>> numerical_diff(function_1, 5, h=0)
    Traceback (most recent call last):
    ...
    ValueError: h must be a finite number > 0, got 0.0

    ページ: docs/diff.md
    """
    h = positive_float("h", h)
    forward = scalar_result("f", f(x + h))
    backward = scalar_result("f", f(x - h))
    return (forward - backward) / (2 * h)


def forward_diff(f, x, h=DEFAULT_H):
    """前方差分 (f(x + h) − f(x)) / h。誤差は h にほぼ比例し、中心差分（h² に比例）より大きい。

    >>> round(forward_diff(function_1, 5), 8)
    0.200001

    ページ: docs/supplement/numerical_diff.md
    """
    h = positive_float("h", h)
    return (scalar_result("f", f(x + h)) - scalar_result("f", f(x))) / h


def tangent_line(f, x, h=DEFAULT_H):
    """``f`` の ``x`` における接線を ``(slope, intercept)`` で返す（y = slope·t + intercept）。

    >>> slope, intercept = tangent_line(function_1, 5)
    >>> round(slope, 6), round(intercept, 6)
    (0.2, -0.25)

    ページ: docs/diff.md
    """
    slope = numerical_diff(f, x, h)
    return slope, scalar_result("f", f(x)) - slope * x
