"""数値勾配: 1 点（1 次元）、点の並び（行ごと）、任意の形のパラメータ。

スライド版との違い:

- 整数の配列を渡しても正しい float の勾配を返す（スライド版は h を切り捨てる）。
  呼び出し側の配列は値も dtype も変わらない。
- ``f`` が途中で例外を出しても、動かした要素は元に戻してから例外を伝える。
- 1 次元の ``X`` を ``numerical_gradient`` に渡すと 1 点として扱う。

ページ: docs/gradient.md
"""
import numpy as np

from dlcode._checks import positive_float, scalar_result
from dlcode.diff import DEFAULT_H

__all__ = ["_numerical_gradient", "numerical_gradient", "numerical_gradient_nd"]


def _as_float_array(name, x):
    """Return ``x`` itself when it is a float ndarray (so closures over it see the
    perturbation), otherwise a float64 copy; never changes the caller's data."""
    if isinstance(x, np.ndarray) and x.dtype.kind == "f" and x.flags.writeable:
        return x
    original = np.asarray(x)
    if original.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be numeric, got dtype {original.dtype}")
    return original.astype(np.float64)  # astype always copies


def _central_difference_gradient(f, x, h):
    """Perturb each element of ``x`` in place by ±h and restore it, even if ``f`` raises."""
    grad = np.zeros(x.shape)
    # A contiguous array is walked through a flat view (fast integer indexing);
    # any other layout element by element through its multi-indices.
    flat = x.reshape(-1) if x.flags.c_contiguous else None
    indices = range(x.size) if flat is not None else np.ndindex(x.shape)
    target = flat if flat is not None else x
    grad_target = grad.reshape(-1) if flat is not None else grad
    for index in indices:
        original = target[index]
        try:
            target[index] = original + h
            forward = f(x)
            target[index] = original - h
            backward = f(x)
        finally:
            target[index] = original
        if not (isinstance(forward, float) and isinstance(backward, float)):
            forward = scalar_result("f", forward)  # also accepts ints and 0-d arrays
            backward = scalar_result("f", backward)
        grad_target[index] = (forward - backward) / (2 * h)
    return grad


def _numerical_gradient(f, x, h=DEFAULT_H):
    """1 点 ``x``（1 次元）における ``f`` の勾配。スライドの同名関数の検査付き版。

    >>> from dlcode.slides import function_2
    >>> _numerical_gradient(function_2, np.array([3.0, 4.0]))
    array([6., 8.])
    >>> _numerical_gradient(function_2, np.array([3, 4]))  # 整数でも正しい
    array([6., 8.])

    ページ: docs/gradient.md
    """
    h = positive_float("h", h)
    x = _as_float_array("x", x)
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D (one point), got shape {x.shape}; "
                         "use numerical_gradient_nd for other shapes")
    return _central_difference_gradient(f, x, h)


def numerical_gradient(f, X, h=DEFAULT_H):
    """点の並び ``X``（2 次元、各行が 1 点）の各点における勾配を行ごとに求める。

    1 次元の ``X`` は 1 点として扱う（スライド版はここで IndexError になる）。

    >>> from dlcode.slides import function_2
    >>> numerical_gradient(function_2, np.array([[3.0, 4.0], [0.0, 2.0]]))
    array([[6., 8.],
           [0., 4.]])

    ページ: docs/gradient.md
    """
    h = positive_float("h", h)
    X = _as_float_array("X", X)
    if X.ndim == 1:
        return _central_difference_gradient(f, X, h)
    if X.ndim != 2:
        raise ValueError(f"X must be 1-D (one point) or 2-D (one point per row), got shape {X.shape}")
    grad = np.zeros_like(X)
    for row in range(X.shape[0]):
        grad[row] = _central_difference_gradient(f, X[row], h)
    return grad


def numerical_gradient_nd(f, x, h=DEFAULT_H):
    """任意の形の配列 ``x`` について ``f(x)`` の勾配を求める（ネットワークの重み用）。

    ``x`` が float の配列なら、その場で 1 要素ずつ ±h 動かして元に戻すので、
    ``f`` は ``x`` を引数からでも、閉包に捕まえた同じ配列からでも読める。

    >>> W = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> numerical_gradient_nd(lambda w: np.sum(w ** 2), W).round(6)
    array([[2., 4.],
           [6., 8.]])

    ページ: docs/learning.md
    """
    h = positive_float("h", h)
    x = _as_float_array("x", x)
    return _central_difference_gradient(f, x, h)
