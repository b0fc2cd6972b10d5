"""元のスライドに載っているコードを、スライドのまま収めたモジュール。

サイトの各ページはこのモジュールの ``--8<--`` セクションを取り込んで表示する。
スライドの誤り（整数配列での切り捨てなど）も直さずに残してあり、その振る舞いは
``tests/test_slide_errata.py`` が示す。正しく動く版は ``dlcode.losses``・
``dlcode.diff``・``dlcode.gradient``・``dlcode.descent`` にある。

ページ: docs/loss.md, docs/diff.md, docs/gradient.md, docs/descent.md
"""
# ruff: noqa  -- the slides' own formatting is kept on purpose.
import numpy as np


# --8<-- [start:mean_squared_error]
# ２乗和誤差
def mean_squared_error(y, t):
    return 0.5 * np.sum((y-t)**2)
# --8<-- [end:mean_squared_error]


# --8<-- [start:cross_entropy_error]
# 交差エントロピー誤差
def cross_entropy_error(y, t):
    delta = 1e-7 # log(0)=-Inf(無限大)とならないようにする
    return -np.sum(t * np.log(y + delta))
# --8<-- [end:cross_entropy_error]


# --8<-- [start:numerical_diff]
def numerical_diff(f, x):
    h = 1e-4 # 0.0001
    return (f(x+h) - f(x-h)) / (2*h)
# --8<-- [end:numerical_diff]


# --8<-- [start:function_1]
def function_1(x):
    return (0.01 * (x **2)) + (0.1 * x)
# --8<-- [end:function_1]


# --8<-- [start:function_tmp]
# f(x)=x0^2+x1^2 におけるx1=4となる時の関数
def function_tmp1(x0):
    return x0**2.0 + 4.0 ** 2.0
# f(x)=x0^2+x1^2 におけるx0=3となる時の関数
def function_tmp2(x1):
    return 3.0 ** 2.0 + x1**2.0
# --8<-- [end:function_tmp]


# --8<-- [start:single_point_gradient]
def _numerical_gradient(f, x) :
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in range(x.size) :
        tmp_val = x[idx]
        # f(x + h)の計算
        x[idx] = tmp_val + h
        fxh1= f(x)
        # f(x -　h)の計算
        x[idx] = tmp_val - h
        fxh2 = f(x)
        
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
    return grad
# --8<-- [end:single_point_gradient]


# --8<-- [start:numerical_gradient]
def numerical_gradient(f, X):
    grad = np.zeros_like(X)
    
    for idx, x in enumerate(X):
        grad[idx] = _numerical_gradient(f, x)
   
    return grad
# --8<-- [end:numerical_gradient]


# --8<-- [start:function_2]
# ^ sum(x[i]^2)
def function_2(x) :
    return np.sum(x**2)
# --8<-- [end:function_2]


# --8<-- [start:function]
def function(x):
    return (0.01 * (x ** 2)) + (0.1 * x)
# --8<-- [end:function]


def run_gradient_descent_loop():
    """スライド「勾配法(実装例：変数１つ)」のループをそのまま実行し、表示する。"""
    # --8<-- [start:gradient_descent_loop]
    lr = 0.001
    x = 0

    for i in range(200000):
        diff = numerical_diff(function, x)
        new_x = x - lr * diff
        if  i % 10000 == 0 :
            print(str(i) + ":" + str(x) )
        x = new_x
    # --8<-- [end:gradient_descent_loop]
