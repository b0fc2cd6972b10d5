"""数値勾配: 1 点（1 次元）、点の並び（行ごと）、任意の形のパラメータ。

スライド版との違い:

- 整数の配列を渡しても正しい float の勾配を返す（スライド版は h を切り捨てる）。
  呼び出し側の配列は値も dtype も変わらない。
- ``f`` が途中で例外を出しても、動かした要素は元に戻してから例外を伝える。
- 1 次元の ``X`` を ``numerical_gradient`` に渡すと 1 点として扱う。
- NaN や無限大を含む点は、そう言うエラーにする。
- ``f`` が 1 つの有限の数を返さなければ（NaN、無限大、配列、文字列、None など）、何が返ったかと、
  どの要素を ±h 動かしたときかを言うエラーにする。
- どの要素を ±h 動かしても ``f`` の値がまったく変わらない（勾配がすべて 0）ときは、
  ``f`` が引数を読んでいない疑いを ``ZeroGradientWarning`` で知らせる。

ページ: docs/gradient.md
"""
import warnings

import numpy as np

from dlcode._checks import positive_float, scalar_result
from dlcode.diff import DEFAULT_H, check_resolution

__all__ = ["_numerical_gradient", "numerical_gradient", "numerical_gradient_nd", "ZeroGradientWarning"]


class ZeroGradientWarning(UserWarning):
    """どの要素を動かしても ``f`` の値が変わらなかった（勾配がすべて 0）ことの警告。

    ページ: docs/supplement/gradient_more.md
    """


def _as_float_array(name, x):
    """書き込める float の配列なら ``x`` 自身を（閉包から読む f にも摂動が見えるように）、
    それ以外は float64 のコピーを返す。呼び出し側のデータは変えない。"""
    if isinstance(x, np.ndarray) and x.dtype.kind == "f" and x.flags.writeable:
        return x
    original = np.asarray(x)
    if original.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be numeric, got dtype {original.dtype}")
    return original.astype(np.float64)  # astype always copies


def _central_difference_gradient(f, x, h, name="x", row=()):
    """``x`` の各要素をその場で ±h 動かして f を計算し、f が例外を出しても元に戻す。
    f の戻り値が 1 つの有限の数でなければ、どの要素（``name[*row, index]``）を動かしたときかを言う ValueError。"""
    _check_point(x, h)
    if x.flags.c_contiguous:  # walk a flat view with plain Python floats: the fast path
        target, indices = x.reshape(-1), range(x.size)
        originals = target.tolist()
    else:
        target, indices = x, list(np.ndindex(x.shape))
        originals = [x[index] for index in indices]
    forwards, backwards = [], []
    for index, original in zip(indices, originals):
        try:
            target[index] = original + h
            forwards.append(f(x))
            target[index] = original - h
            backwards.append(f(x))
        finally:
            target[index] = original
    values = _as_scalars(forwards, backwards)
    if values is None:  # some value is no finite number: name the first, in the order f was called
        values = np.empty((2, x.size))
        for k, evaluations in enumerate(zip(forwards, backwards)):
            element = f"{name}[{', '.join(map(str, row + np.unravel_index(k, x.shape)))}]"
            for side, (value, sign, moved) in enumerate(zip(evaluations, "+-", (originals[k] + h, originals[k] - h))):
                values[side, k] = scalar_result("f", value, "when {} was moved to {} ({} {} h)",
                                                element, float(moved), element, sign)
    forwards, backwards = values
    if x.size and np.all(forwards == forwards[0]) and np.all(backwards == forwards[0]):
        _warn_if_f_ignores_x(f, x, forwards[0])
    return (forwards - backwards).reshape(x.shape) / (2 * h)


def _warn_if_f_ignores_x(f, x, nudged):
    """Every nudge gave one value: if f(x) is that value too, f never saw the nudges (at a
    symmetric stationary point such as the minimum of x0² + x1², f(x) differs and all is well)."""
    if scalar_result("f", f(x), "at x itself (no element moved)") == nudged:
        warnings.warn(
            f"every partial derivative is exactly 0: f returned {nudged!r} whatever element of x "
            "was moved by ±h. If f ignores its argument (lambda w: net.loss(x, t)), it must read "
            "the very array whose gradient you ask for, not a copy of it.", ZeroGradientWarning, stacklevel=4)


def _check_point(x, h):
    """A non-finite x has no gradient, and a perturbation below the spacing of x's dtype would
    round away (as with the slide's integers): refuse both instead of returning wrong numbers."""
    if x.size == 0:
        return
    if not np.all(np.isfinite(x)):
        bad = tuple(np.argwhere(~np.isfinite(x))[0].tolist())
        raise ValueError(f"x contains a non-finite value {x[bad]} at index {bad}: there is no gradient there")
    check_resolution(np.max(np.abs(x)), h, x.dtype)


def _as_scalars(forwards, backwards):
    """What f returned, as two float64 arrays; None if any of it is not one finite number."""
    if {bool, np.bool_} & (set(map(type, forwards)) | set(map(type, backwards))):
        return None  # NumPy would take True among floats as 1.0
    try:
        values = np.array([forwards, backwards])
    except (TypeError, ValueError):  # arrays of different shapes
        return None
    if values.shape != (2, len(forwards)) or values.dtype.kind not in "iuf" or not np.all(np.isfinite(values)):
        return None
    return values.astype(np.float64, copy=False)


def _numerical_gradient(f, x, h=DEFAULT_H):
    """1 点 ``x``（1 次元）における ``f`` の勾配。スライドの同名関数の入力チェック付き版。

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
        return _central_difference_gradient(f, X, h, "X")
    if X.ndim != 2:
        raise ValueError(f"X must be 1-D (one point) or 2-D (one point per row), got shape {X.shape}")
    grad = np.zeros_like(X)
    for row in range(X.shape[0]):
        grad[row] = _central_difference_gradient(f, X[row], h, "X", (row,))
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
