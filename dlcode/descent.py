"""勾配降下法: スライドの 1 変数ループ（表示行を返す版）と、多変数の ``gradient_descent``。

ページ: docs/descent.md
"""
import numpy as np

from dlcode._checks import non_negative_int, positive_float, scalar_result
from dlcode.diff import DEFAULT_H, check_resolution, numerical_diff
from dlcode.gradient import _as_float_array, numerical_gradient_nd

__all__ = ["gradient_descent_1d", "gradient_descent"]


def gradient_descent_1d(f, init_x=0.0, lr=0.001, step_num=200000, report_every=10000):
    """スライド「勾配法(実装例：変数１つ)」のループ。表示する行を返す。

    ``report_every`` ステップごとに ``(i, x, f(x))``（更新前の x）を記録し、
    そのリストと最後の x を返す。

    >>> from dlcode.slides import function
    >>> rows, x = gradient_descent_1d(function, lr=0.001, step_num=20000)
    >>> rows[1]
    (10000, -0.9063544220185227, -0.08242065881872697)

    ページ: docs/descent.md
    """
    lr = positive_float("lr", lr)
    step_num = non_negative_int("step_num", step_num)
    report_every = non_negative_int("report_every", report_every)
    if report_every == 0:
        raise ValueError("report_every must be >= 1, got 0")
    x = init_x
    rows = []
    for i in range(step_num):
        try:
            if i % report_every == 0:
                rows.append((i, x, scalar_result("f", f(x), "at x = {}", x)))
            x = x - lr * numerical_diff(f, x)
        except ValueError as error:
            raise _in_step(error, i + 1, lr, x) from error
    return rows, x


# --8<-- [start:gradient_descent]
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    """``x ← x − η ∇f(x)`` を ``step_num`` 回くり返す。

    ``init_x`` は変更しない。戻り値は ``(最後の点, 軌跡)``。軌跡は初期値を含む
    ``step_num + 1`` 個の点（形は ``(step_num + 1,) + init_x.shape``）。

    >>> from dlcode.slides import function_2
    >>> x, history = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=0.1, step_num=100)
    >>> x.round(8), history.shape
    (array([-0.,  0.]), (101, 2))

    ページ: docs/descent.md
    """
    lr = positive_float("lr", lr)
    step_num = non_negative_int("step_num", step_num)
    x = _as_float_array("init_x", init_x).copy()
    history = np.empty((step_num + 1,) + x.shape)
    history[0] = x
    for step in range(1, step_num + 1):
        try:
            x -= lr * numerical_gradient_nd(f, x)
        except ValueError as error:  # say in which step, and whether x had diverged
            raise _in_step(error, step, lr, history[step - 1]) from error
        if not np.all(np.isfinite(x)):
            raise _diverged(step, lr, history[step - 1])
        history[step] = x
    return x, history
# --8<-- [end:gradient_descent]


def _in_step(error, step, lr, x):
    """The error of step ``step``, taken from ``x``: divergence once x has grown beyond what h can move
    (the step's own error says only that h is too small), else the error followed by the step."""
    if step > 1:
        try:
            check_resolution(np.max(np.abs(x)), DEFAULT_H)
        except ValueError:
            return _diverged(step, lr, x)
    return ValueError(f"{error}, in step {step} of gradient descent")


def _diverged(step, lr, x):
    return ValueError(f"gradient descent diverged at step {step} with lr={lr}: x had grown to "
                      f"{float(np.max(np.abs(x))):.3g} in absolute value; try a smaller learning rate")
