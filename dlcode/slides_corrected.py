"""訂正版スライド（サイトの slides/）に載せる、スライドのコードを最小限に直した版。

スライドのままのコードは ``dlcode.slides`` にあり、各ページはそちらを写す。ここにあるのは、
ページの「元のスライドとの違い」の注が指摘する誤りを、スライドの書き方のまま直したものだけ。
入力チェックまで備えた版は ``dlcode.gradient``。

ページ: docs/gradient.md
"""
# ruff: noqa  -- written in the slides' own style on purpose.
import numpy as np


# A float array is moved in place, as on the slide: the book's 4.4.2 call relies on it (its f reads the
# very array passed in). Only an integer array is copied, to floats. The region is shown on a slide: its
# lines keep to the slide's width.
# --8<-- [start:single_point_gradient]
def _numerical_gradient(f, x) :
    h = 1e-4
    if x.dtype.kind != "f": # 訂正: 整数の配列は
        x = x.astype("float64") # 浮動小数点に（h を切り捨てない）
    grad = np.zeros_like(x)
    for idx in range(x.size) :
        tmp_val = x[idx]
        # f(x + h)の計算
        x[idx] = tmp_val + h
        fxh1= f(x)
        # f(x - h)の計算
        x[idx] = tmp_val - h
        fxh2 = f(x)

        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
    return grad
# --8<-- [end:single_point_gradient]


# --8<-- [start:numerical_gradient]
def numerical_gradient(f, X):
    if X.ndim == 1: # 訂正: 1 点ならそのまま
        return _numerical_gradient(f, X)
    grad = np.zeros_like(X, dtype=float)

    for idx, x in enumerate(X):
        grad[idx] = _numerical_gradient(f, x)

    return grad
# --8<-- [end:numerical_gradient]
