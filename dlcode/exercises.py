"""練習問題: 問い・答えの計算・許容誤差・よくある誤答とそのヒント・解答を、1 問ずつ 1 か所に。

ページ（各ページの終わりの「練習問題」）、ブラウザでの答え合わせ、公開する ``exercises.json``、
練習問題のノートブック、テストは、すべてここを読む。答えと誤答の値は ``dlcode`` で計算する。

問題には 3 種類ある:

- 数値: 答えの数を入力する（許容誤差つき）。よくある誤答には専用のヒントを返す。
- 選択: 選択肢から選ぶ。どの選択肢にも解説がある。
- コード: 関数を書き、``check("descent-3", my_function)`` で確かめる。

>>> check("loss-1", 0.07)
loss-1: 正解
True
>>> check("loss-1", 0.14)
loss-1: まだ正解ではない。½ を掛け忘れていないか。2乗和誤差は差の2乗の和の半分。
False

ページ: docs/exercises.md
"""
import contextlib
import copy
import math
import numbers
import signal
import threading
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from dlcode import losses
from dlcode.datasets import load_digits_split
from dlcode.descent import gradient_descent
from dlcode.diff import numerical_diff
from dlcode.gradient import numerical_gradient
from dlcode.network import Network, TwoLayerNet, train_minibatch
from dlcode.slides import _numerical_gradient as _slides_numerical_gradient  # gradient-4 のよくある誤り
from dlcode.slides import function_1, function_2

__all__ = ["check", "judge", "solution", "EXERCISES", "KINDS", "CHOICE_LABELS", "PAGES", "SUPPLEMENTS", "TIME_LIMIT", "Exercise", "Wrong", "Choice", "Case"]

TIME_LIMIT = 5.0  # 秒: check が書いた関数の 1 回の呼び出しを待つ長さ（終わらないループで止まらないように）
KINDS = {"数値": "数値で答える", "選択": "選んで答える", "コード": "コードを書く"}
CHOICE_LABELS = ("ア", "イ", "ウ", "エ", "オ")
PAGES = ("docs/loss.md", "docs/diff.md", "docs/gradient.md", "docs/descent.md", "docs/learning.md", "docs/advanced.md")
SUPPLEMENTS = ("docs/supplement/minibatch.md", "docs/supplement/numerical_diff.md")  # 練習問題のある補足のページ


@dataclass(frozen=True)
class Wrong:
    """よくある誤答: その値を ``dlcode`` で計算する関数と、その誤りに向けたヒント。"""
    value: Callable[[], float]
    hint: str


@dataclass(frozen=True)
class Choice:
    """選択肢: 本文、正しいか、解説。"""
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class Case:
    """コードの問題の入力 1 つ: 読み手に見せる説明と、毎回新しく作る引数。"""
    label: str
    arguments: Callable[[], tuple]


@dataclass(frozen=True)
class Exercise:
    """練習問題 1 問。``solution`` は数値の問題では答えを計算する関数、コードの問題では参照解。"""
    id: str
    page: str
    title: str
    kind: str
    question: str
    solution: Callable = None
    tolerance: float = 0.0  # 数値: |入力 − 答え| がこれ以下なら正解
    wrong: tuple = ()  # 数値: よくある誤答
    hint: str = ""  # 数値・コード: どの誤答でもないときのヒント
    choices: tuple = ()  # 選択
    explanation: str = ""  # 解答のあとに示す解説
    signature: str = ""  # コード: 書く関数の頭
    cases: tuple = ()  # コード: 確かめる入力
    rtol: float = 1e-6  # コード: 参照解の値との相対誤差
    atol: float = 1e-8  # コード: 絶対誤差
    wrong_solutions: tuple = ()  # コード: よくある誤った関数と、check が言うはずの言葉（テストが使う）
    section: str = field(default="", compare=False)  # 解答のコードの --8<-- セクション名
    numbers: Callable = None  # 問い・ヒント・解説の {名前} に埋める数を dlcode で計算する関数（{名前: 数}）

    @property
    def anchor(self):
        return self.id

    def answer(self):
        """数値の問題の答え（``solution()`` の値）。"""
        return float(self.solution())

    def wrong_values(self):
        """数値の問題のよくある誤答の値とヒント。"""
        return [(float(wrong.value()), wrong.hint) for wrong in self.wrong]

    def correct_label(self):
        (label,) = [label for label, choice in zip(CHOICE_LABELS, self.choices) if choice.correct]
        return label


# ---------------------------------------------------------------------------------------------
# 損失関数

Y3 = (0.1, 0.7, 0.2)  # 3 クラスの出力
T3 = (0, 1, 0)  # 正解はクラス 1


# --8<-- [start:loss_1]
def loss_1():
    """loss-1 の解答: 2乗和誤差 E = ½ Σ_k (y_k − t_k)²。

    >>> loss_1()
    0.07000000000000002

    ページ: docs/loss.md
    """
    y = np.array([0.1, 0.7, 0.2])
    t = np.array([0, 1, 0])
    return 0.5 * float(np.sum((y - t) ** 2))
# --8<-- [end:loss_1]


# --8<-- [start:loss_2]
def loss_2():
    """loss-2 の解答: 交差エントロピー誤差 E = −Σ_k t_k log(y_k + δ)。log は自然対数（np.log）。

    >>> loss_2()
    0.3566748010815999

    ページ: docs/loss.md
    """
    y = np.array([0.1, 0.7, 0.2])
    t = np.array([0, 1, 0])
    delta = 1e-7
    return -float(np.sum(t * np.log(y + delta)))
# --8<-- [end:loss_2]


# --8<-- [start:loss_4]
def loss_4(y, t):
    """loss-4 の参照解: ラベル t のミニバッチの交差エントロピー誤差（バッチで平均）。

    >>> y = np.array([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4]])
    >>> loss_4(y, np.array([1, 2]))
    0.636482641477893

    ページ: docs/loss.md
    """
    batch_size = y.shape[0]
    # 各行 n から正解ラベル t[n] の列の出力だけを取り出す
    correct = y[np.arange(batch_size), t]
    return float(-np.sum(np.log(correct + 1e-7)) / batch_size)
# --8<-- [end:loss_4]


def _loss_4_cases():
    return (
        Case("y = [[0.1, 0.7, 0.2], [0.3, 0.3, 0.4]], t = [1, 2]",
             lambda: (np.array([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4]]), np.array([1, 2]))),
        Case("y = [[0.6, 0.3, 0.1], [0.2, 0.2, 0.6], [0.1, 0.8, 0.1], [0.5, 0.25, 0.25]], t = [0, 2, 1, 2]",
             lambda: (np.array([[0.6, 0.3, 0.1], [0.2, 0.2, 0.6], [0.1, 0.8, 0.1], [0.5, 0.25, 0.25]]),
                      np.array([0, 2, 1, 2]))),
        Case("y = [[1.0, 0.0], [0.5, 0.5]], t = [1, 0]（正解のクラスの出力が 0）",
             lambda: (np.array([[1.0, 0.0], [0.5, 0.5]]), np.array([1, 0]))),
    )


def _loss_4_sum(y, t):  # バッチで平均していない
    return float(-np.sum(np.log(y[np.arange(y.shape[0]), t] + 1e-7)))


def _loss_4_columns(y, t):  # y[:, t] は行ごとではなく、N × N の表を取り出す
    return float(-np.sum(np.log(y[:, t] + 1e-7)) / y.shape[0])


def _loss_4_no_delta(y, t):  # δ がないと log(0) = −∞
    with np.errstate(divide="ignore"):
        return float(-np.sum(np.log(y[np.arange(y.shape[0]), t])) / y.shape[0])


# ---------------------------------------------------------------------------------------------
# 補足: ミニバッチ学習と、なぜ損失関数か

Y_BATCH = ((0.1, 0.8, 0.1), (0.5, 0.3, 0.2))  # 2 個のデータの出力
T_BATCH = (1, 0)  # そのラベル


# --8<-- [start:minibatch_1]
def minibatch_1():
    """minibatch-1 の解答: 2 個のデータのバッチの交差エントロピー誤差（ラベル t = [1, 0]）。

    >>> minibatch_1()
    0.4581452034370915

    ページ: docs/supplement/minibatch.md
    """
    y = np.array([[0.1, 0.8, 0.1], [0.5, 0.3, 0.2]])
    t = np.array([1, 0])
    return float(losses.batch_cross_entropy(y, t))  # −(log(0.8 + δ) + log(0.5 + δ)) / 2
# --8<-- [end:minibatch_1]


# --8<-- [start:minibatch_3]
def minibatch_3(y, t):
    """minibatch-3 の参照解: one-hot の t のミニバッチの交差エントロピー誤差（バッチの大きさ N で平均）。

    >>> minibatch_3(np.array([[0.1, 0.8, 0.1], [0.5, 0.3, 0.2]]), np.array([[0, 1, 0], [1, 0, 0]]))
    0.4581452034370915

    ページ: docs/supplement/minibatch.md
    """
    batch_size = y.shape[0]  # N: 行の数。y.size（N × K）ではない
    return float(-np.sum(t * np.log(y + 1e-7)) / batch_size)
# --8<-- [end:minibatch_3]


def _minibatch_3_cases():
    return (
        Case("y = [[0.1, 0.8, 0.1], [0.5, 0.3, 0.2]], t = [[0, 1, 0], [1, 0, 0]]",
             lambda: (np.array(Y_BATCH), np.array([[0, 1, 0], [1, 0, 0]]))),
        Case("y = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.6, 0.1], [0.25, 0.25, 0.5]], "
             "t = [[1, 0, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]]",
             lambda: (np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.6, 0.1], [0.25, 0.25, 0.5]]),
                      np.array([[1, 0, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]]))),
        Case("y = [[0.0, 1.0], [0.4, 0.6]], t = [[1, 0], [0, 1]]（正解のクラスの出力が 0）",
             lambda: (np.array([[0.0, 1.0], [0.4, 0.6]]), np.array([[1, 0], [0, 1]]))),
    )


def _minibatch_3_mean(y, t):  # np.mean は N × K 個の要素で割る（N ではない）
    return float(-np.mean(t * np.log(y + 1e-7)))


def _minibatch_3_sum(y, t):  # バッチで平均していない
    return float(-np.sum(t * np.log(y + 1e-7)))


def _minibatch_3_no_delta(y, t):  # δ がないと、正解のクラスの出力が 0 のとき log(0) = −∞
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-np.sum(t * np.log(y)) / y.shape[0])


# ---------------------------------------------------------------------------------------------
# 微分

def _cube(x):
    return x ** 3


# --8<-- [start:diff_1]
def diff_1():
    """diff-1 の解答: function_1 の x = 10 における中心差分（h = 1e-4）。

    >>> diff_1()
    0.2999999999986347

    ページ: docs/diff.md
    """
    h = 1e-4
    x = 10
    return (function_1(x + h) - function_1(x - h)) / (2 * h)
# --8<-- [end:diff_1]


# --8<-- [start:diff_2]
def diff_2():
    """diff-2 の解答: f(x) = x³ の x = 2 における中心差分（h = 0.1）。

    >>> diff_2()
    12.010000000000009

    ページ: docs/diff.md
    """
    def f(x):
        return x ** 3

    return numerical_diff(f, 2.0, h=0.1)
# --8<-- [end:diff_2]


# --8<-- [start:diff_3]
def diff_3():
    """diff-3 の解答: f(x0, x1) = x0² + 3 x0 x1 の点 (2, 1) における ∂f/∂x1。x0 = 2 に固定した 1 変数の関数を微分する。

    >>> round(diff_3(), 6)
    6.0

    ページ: docs/diff.md
    """
    def f_of_x1(x1):  # x0 = 2 に固定
        return 2.0 ** 2 + 3 * 2.0 * x1

    return numerical_diff(f_of_x1, 1.0)
# --8<-- [end:diff_3]


# --8<-- [start:diff_5]
def diff_5(f, x):
    """diff-5 の参照解: 中心差分 (f(x + h) − f(x − h)) / 2h、h = 1e-4。

    >>> diff_5(function_1, 5)
    0.1999999999990898

    ページ: docs/diff.md
    """
    h = 1e-4
    return (f(x + h) - f(x - h)) / (2 * h)
# --8<-- [end:diff_5]


def _diff_5_cases():
    return (
        Case("f = function_1（0.01x² + 0.1x）, x = 5", lambda: (function_1, 5)),
        Case("f(x) = x³, x = 2.0", lambda: (_cube, 2.0)),
        Case("f = np.sin, x = 1.0", lambda: (np.sin, 1.0)),
    )


def _diff_5_forward(f, x):  # 前方差分: 誤差が h に比例
    h = 1e-4
    return (f(x + h) - f(x)) / h


def _diff_5_tiny_h(f, x):  # h が小さすぎて x + h が x に丸められる
    h = 1e-50
    return (f(x + h) - f(x - h)) / (2 * h)


def _diff_5_no_two(f, x):  # 分母の 2 を忘れた
    h = 1e-4
    return (f(x + h) - f(x - h)) / h


# ---------------------------------------------------------------------------------------------
# 補足: 数値微分の誤差

# --8<-- [start:numerical_diff_1]
def numerical_diff_1():
    """numerical-diff-1 の解答: f(x) = eˣ の x = 1 における前方差分（h = 0.01）の誤差（前方差分 − e）。

    >>> round(numerical_diff_1(), 6)
    0.013637

    ページ: docs/supplement/numerical_diff.md
    """
    from dlcode.diff import forward_diff

    return forward_diff(math.exp, 1.0, h=0.01) - math.e  # eˣ の微分は eˣ なので、真の値は e
# --8<-- [end:numerical_diff_1]


def _central_error(h):
    return numerical_diff(math.exp, 1.0, h=h) - math.e


def _forward_error(h):
    from dlcode.diff import forward_diff

    return forward_diff(math.exp, 1.0, h=h) - math.e


# --8<-- [start:numerical_diff_2]
def numerical_diff_2():
    """numerical-diff-2 の解答: 中心差分の誤差は、h を 0.01 から 0.001 に 10 分の 1 にすると何倍になるか。

    >>> round(numerical_diff_2(), 4)
    0.01

    ページ: docs/supplement/numerical_diff.md
    """
    def central_error(h):  # f(x) = eˣ の x = 1 における中心差分の誤差
        return numerical_diff(math.exp, 1.0, h=h) - math.e

    return central_error(0.001) / central_error(0.01)
# --8<-- [end:numerical_diff_2]


# ---------------------------------------------------------------------------------------------
# 勾配

def _f3(x):
    """f(x0, x1, x2) = x0² + 2 x1² + 3 x2²。"""
    return x[0] ** 2 + 2 * x[1] ** 2 + 3 * x[2] ** 2


def _elongated(x):
    return x[0] ** 2 + 4 * x[1] ** 2


# --8<-- [start:gradient_1]
def gradient_1():
    """gradient-1 の解答: f(x0, x1, x2) = x0² + 2x1² + 3x2² の点 (1, −1, 2) における勾配の x1 成分。

    >>> from dlcode.gradient import numerical_gradient
    >>> def f(x):
    ...     return x[0] ** 2 + 2 * x[1] ** 2 + 3 * x[2] ** 2
    >>> numerical_gradient(f, np.array([1.0, -1.0, 2.0])).round(6)
    array([ 2., -4., 12.])
    >>> round(gradient_1(), 6)
    -4.0

    ページ: docs/gradient.md
    """
    def f(x):
        return x[0] ** 2 + 2 * x[1] ** 2 + 3 * x[2] ** 2

    return float(numerical_gradient(f, np.array([1.0, -1.0, 2.0]))[1])  # x0, x1, x2 の 1 番目
# --8<-- [end:gradient_1]


# --8<-- [start:gradient_3]
def gradient_3():
    """gradient-3 の解答: f(x0, x1) = x0² + 4x1² が点 (2, 1) で最も急に減る向き −∇f の x1 成分。

    >>> from dlcode.gradient import numerical_gradient
    >>> -numerical_gradient(lambda x: x[0] ** 2 + 4 * x[1] ** 2, np.array([2.0, 1.0])).round(6)
    array([-4., -8.])
    >>> round(gradient_3(), 6)
    -8.0

    ページ: docs/gradient.md
    """
    def f(x):
        return x[0] ** 2 + 4 * x[1] ** 2

    return float(-numerical_gradient(f, np.array([2.0, 1.0]))[1])
# --8<-- [end:gradient_3]


# --8<-- [start:gradient_4]
def gradient_4(f, x):
    """gradient-4 の参照解: 1 次元の配列 x（長さは任意）における f の勾配。x は変えない。

    >>> gradient_4(lambda x: x[0] ** 2 + 2 * x[1] ** 2 + 3 * x[2] ** 2, np.array([1, -1, 2])).round(6)
    array([ 2., -4., 12.])

    ページ: docs/gradient.md
    """
    h = 1e-4
    x = x.astype(np.float64)  # float のコピー: 整数の配列でも ±h を表せ、呼び出し側の配列は変わらない
    grad = np.zeros_like(x)
    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val  # 元に戻す
    return grad
# --8<-- [end:gradient_4]


def _gradient_4_cases():
    return (
        Case("f(x) = x0² + 2x1² + 3x2², x = np.array([1.0, -1.0, 2.0])", lambda: (_f3, np.array([1.0, -1.0, 2.0]))),
        Case("f(x) = x0² + 2x1² + 3x2², x = np.array([1, -1, 2])（整数の配列）", lambda: (_f3, np.array([1, -1, 2]))),
        Case("f = function_2（x0² + x1²）, x = np.array([3.0, 4.0])", lambda: (function_2, np.array([3.0, 4.0]))),
    )


def _gradient_4_no_restore(f, x):  # 動かした要素を元に戻していない
    h = 1e-4
    grad = np.zeros_like(x, dtype=np.float64)
    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
    return grad


def _gradient_4_forward(f, x):  # 前方差分
    h = 1e-4
    x = x.astype(np.float64)
    grad = np.zeros_like(x)
    fx = f(x)
    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        grad[idx] = (f(x) - fx) / h
        x[idx] = tmp_val
    return grad


# ---------------------------------------------------------------------------------------------
# 勾配法

def _square(x):
    return np.sum(x ** 2)


# --8<-- [start:descent_1]
def descent_1():
    """descent-1 の解答: f(x) = x² を x = 3 から学習率 0.1 で 2 ステップ。

    >>> descent_1()
    1.9199999999978097

    ページ: docs/descent.md
    """
    x, history = gradient_descent(lambda x: np.sum(x ** 2), np.array([3.0]), lr=0.1, step_num=2)
    return float(x[0])
# --8<-- [end:descent_1]


# --8<-- [start:descent_2]
def descent_2():
    """descent-2 の解答: f(x) = x² を x = 1 から学習率 1.1 で 3 ステップ（1 ステップで x は 1 − 2η = −1.2 倍）。

    >>> descent_2()
    -1.7279999999996756

    ページ: docs/descent.md
    """
    x, history = gradient_descent(lambda x: np.sum(x ** 2), np.array([1.0]), lr=1.1, step_num=3)
    return float(x[0])
# --8<-- [end:descent_2]


# --8<-- [start:descent_3]
def descent_3(f, x, lr):
    """descent-3 の参照解: 勾配法の 1 ステップ x − η∇f(x) を新しい配列で返す（x は変えない）。

    >>> from dlcode.slides import function_2
    >>> descent_3(function_2, np.array([-3.0, 4.0]), 0.1).round(6)
    array([-2.4,  3.2])

    ページ: docs/descent.md
    """
    from dlcode.gradient import numerical_gradient

    return x - lr * numerical_gradient(f, x)
# --8<-- [end:descent_3]


def _descent_3_cases():
    return (
        Case("f = function_2（x0² + x1²）, x = np.array([-3.0, 4.0]), lr = 0.1",
             lambda: (function_2, np.array([-3.0, 4.0]), 0.1)),
        Case("f(x) = x0² + 2x1² + 3x2², x = np.array([1.0, -1.0, 2.0]), lr = 0.05",
             lambda: (_f3, np.array([1.0, -1.0, 2.0]), 0.05)),
    )


def _descent_3_in_place(f, x, lr):  # 呼び出し側の配列を書き換える
    x -= lr * numerical_gradient(f, x)
    return x


def _descent_3_uphill(f, x, lr):  # 勾配の向き（上り坂）に進む
    return x + lr * numerical_gradient(f, x)


# --8<-- [start:descent_5]
def descent_5():
    """descent-5 の解答: (−3, 4) から学習率 0.1 で、f(x0, x1) = x0² + x1² が初めて 0.01 より小さくなるステップ。

    >>> from dlcode.slides import function_2
    >>> x, history = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=0.1, step_num=30)
    >>> [round(float(function_2(point)), 4) for point in history[16:20]]
    [0.0198, 0.0127, 0.0081, 0.0052]
    >>> descent_5()
    18

    ページ: docs/descent.md
    """
    x, history = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=0.1, step_num=30)
    values = [function_2(point) for point in history]  # history[0] は初期値、history[k] は k ステップ後
    return next(step for step, value in enumerate(values) if value < 0.01)
# --8<-- [end:descent_5]


# ---------------------------------------------------------------------------------------------
# ニューラルネットワークの学習

# --8<-- [start:learning_1]
def learning_1():
    """learning-1 の解答: 2 → 4 → 3 のネットワークのパラメータの数（重みとバイアス）。

    >>> net = Network((2, 4, 3), seed=0)
    >>> {key: value.shape for key, value in net.params.items()}
    {'W1': (2, 4), 'B1': (4,), 'W2': (4, 3), 'B2': (3,)}
    >>> learning_1()
    27

    ページ: docs/learning.md
    """
    return Network((2, 4, 3), seed=0).parameter_count
# --8<-- [end:learning_1]


# --8<-- [start:learning_2]
def learning_2():
    """learning-2 の解答: そのネットワークで数値微分の勾配を 1 回求めるときの損失の計算回数。
    中心差分は 1 つのパラメータにつき f(x + h) と f(x − h) の 2 回。

    >>> learning_2()
    54

    ページ: docs/learning.md
    """
    return 2 * Network((2, 4, 3), seed=0).parameter_count
# --8<-- [end:learning_2]


# --8<-- [start:learning_3]
def learning_3():
    """learning-3 の解答: 重み w = 0.5、∂L/∂w = 0.2、学習率 η = 0.1 で 1 回更新した w。

    >>> learning_3()
    0.48

    ページ: docs/learning.md
    """
    w = np.array([0.5])
    grad = np.array([0.2])
    lr = 0.1
    w -= lr * grad  # W ← W − η ∂L/∂W
    return round(float(w[0]), 12)
# --8<-- [end:learning_3]


# --8<-- [start:learning_4]
def learning_4():
    """learning-4 の解答: Network(seed=0)（スライドの 2 → 3 → 2 → 2）の入力 (1.0, 0.5) に対する出力 Y の 0 番目。

    >>> Network(seed=0).predict(np.array([1.0, 0.5])).round(4)
    array([0.2842, 0.7158])
    >>> round(learning_4(), 4)
    0.2842

    ページ: docs/learning.md
    """
    net = Network(seed=0)
    y = net.predict(np.array([1.0, 0.5]))
    return float(y[0])
# --8<-- [end:learning_4]


# --8<-- [start:learning_6]
def learning_6(y, t):
    """learning-6 の参照解: 正解率（原著の認識精度）。y は (N, K) の出力、t は長さ N のラベル。

    >>> learning_6(np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]), np.array([1, 1, 1]))
    0.6666666666666666

    ページ: docs/learning.md
    """
    predicted = np.argmax(y, axis=1)  # 各行（サンプル）で出力が最大のクラス
    return float(np.mean(predicted == t))
# --8<-- [end:learning_6]


def _learning_6_cases():
    return (
        Case("y = [[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]], t = [1, 1, 1]",
             lambda: (np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]), np.array([1, 1, 1]))),
        Case("y = [[0.2, 0.5, 0.3], [0.6, 0.1, 0.3], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]], t = [1, 0, 2, 2]",
             lambda: (np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]]),
                      np.array([1, 0, 2, 2]))),
    )


def _learning_6_count(y, t):  # 正解の数（割合ではない）
    return int(np.sum(np.argmax(y, axis=1) == t))


def _learning_6_axis0(y, t):  # 列ごとに最大をとっている
    return float(np.mean(np.argmax(y, axis=0) == t))


# ---------------------------------------------------------------------------------------------
# 発展

# --8<-- [start:advanced_1]
def advanced_1():
    """advanced-1 の解答: 訓練データ 1348 件をミニバッチ 100 件で 2 エポック学習したときのステップ数（パラメータを更新する回数）。

    >>> x_train, t_train, x_test, t_test = load_digits_split(seed=0)
    >>> len(x_train)
    1348
    >>> advanced_1()
    26

    ページ: docs/advanced.md
    """
    x_train, t_train, x_test, t_test = load_digits_split(seed=0)
    net = TwoLayerNet(input_size=64, hidden_size=10, output_size=10, seed=0)
    history = train_minibatch(net, x_train, t_train, x_test, t_test, lr=0.5, batch_size=100, epochs=2, seed=0)
    return history["iterations"]
# --8<-- [end:advanced_1]


def _digits_count():
    return len(load_digits_split(seed=0)[0])


def _descent_5_numbers():
    """descent-5 の解説の数: 答えの 1 ステップ前と答えのステップでの f の値。"""
    step = descent_5()
    x, history = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=0.1, step_num=step)
    return {"before": step - 1, "f_before": f"{function_2(history[step - 1]):.4f}",
            "f_at": f"{function_2(history[step]):.4f}"}


def _power_of_ten(value):
    """6.0001e-4 -> '6 \\times 10^{-4}' (one significant digit, as the prose says 約)."""
    mantissa, exponent = f"{value:.0e}".split("e")
    return f"{mantissa} \\times 10^{{{int(exponent)}}}"


# ---------------------------------------------------------------------------------------------

EXERCISES = (
    # 損失関数 ------------------------------------------------------------------------------------
    Exercise(
        "loss-1", "docs/loss.md", "2乗和誤差を計算する", "数値",
        "3 クラスの分類で、ニューラルネットワークの出力が $y = (0.1, 0.7, 0.2)$、教師データ（one-hot）が "
        "$t = (0, 1, 0)$ のとき、2乗和誤差 $E = \\frac{1}{2} \\sum_k (y_k - t_k)^2$ はいくつか。",
        loss_1, tolerance=1e-4, section="loss_1",
        wrong=(Wrong(lambda: float(np.sum((np.array(Y3) - np.array(T3)) ** 2)),
                     "½ を掛け忘れていないか。2乗和誤差は差の2乗の和の半分。"),
               Wrong(lambda: float(np.mean((np.array(Y3) - np.array(T3)) ** 2)),
                     "要素の数で割っていないか。関数の名前は mean_squared_error だが、平均ではなく和の半分。")),
        hint="k = 0, 1, 2 の 3 つについて (y_k − t_k)² を求めて足し、½ を掛ける。",
        explanation="差は $(0.1, -0.3, 0.2)$、その2乗の和は ${wrong1}$、半分で ${answer}$。"),
    Exercise(
        "loss-2", "docs/loss.md", "交差エントロピー誤差を計算する", "数値",
        "同じ $y = (0.1, 0.7, 0.2)$、$t = (0, 1, 0)$ の交差エントロピー誤差 "
        "$E = -\\sum_k t_k \\log (y_k + \\delta)$（$\\delta = 10^{-7}$、$\\log$ は自然対数）はいくつか。",
        loss_2, tolerance=1e-4, section="loss_2",
        wrong=(Wrong(lambda: -float(np.log10(0.7 + losses.CROSS_ENTROPY_DELTA)),
                     "log₁₀（常用対数）で計算していないか。式の log は自然対数（底 e、np.log）。"),
               Wrong(lambda: float(np.log(0.7 + losses.CROSS_ENTROPY_DELTA)),
                     "マイナスを付け忘れていないか。1 より小さい数の log は負なので、− を付けて正の値にする。"),
               Wrong(lambda: -float(np.sum(np.log(np.array(Y3) + losses.CROSS_ENTROPY_DELTA))),
                     "正解でないクラスの項まで足していないか。t_k = 0 の項は 0 になる。")),
        hint="t が one-hot なので、残るのは正解のクラス 1 の項 −log(0.7 + δ) だけ。",
        explanation="$t_0 = t_2 = 0$ なので $E = -\\log(0.7 + 10^{-7})$。"
                    "`dlcode.losses.cross_entropy_error(y, t)` も同じ値を返す。"),
    Exercise(
        "loss-3", "docs/loss.md", "交差エントロピー誤差の性質", "選択",
        "教師データ $t$ が one-hot のとき、交差エントロピー誤差について正しいものはどれか。",
        choices=(
            Choice("正解のクラスの出力 $y_k$ だけで値が決まる。", True,
                   "正しい。$t_k = 0$ の項はすべて消え、$E = -\\log(y_k + \\delta)$（$k$ は正解のクラス）になる。"),
            Choice("正解でないクラスの出力が大きいほど、直接大きくなる。", False,
                   "正しくない。正解でないクラスの出力は式に入らない。ソフトマックスの出力なら和が 1 なので、"
                   "正解のクラスの出力を小さくすることで間接的に効くだけ。"),
            Choice("正解のクラスの出力が 1 のとき最大になる。", False,
                   "正しくない。そのとき $-\\log(1 + \\delta)$ でほぼ 0、最小になる。"),
            Choice("値はいつも 0 以上 1 以下になる。", False,
                   "正しくない。上限はない。正解のクラスの出力が 0.1 なら $-\\log 0.1 \\approx 2.3$。"),
        ),
        explanation="損失関数は「悪さ」の指標なので、正解のクラスに高い確率を出すほど小さくなる。"),
    Exercise(
        "loss-4", "docs/loss.md", "ミニバッチの交差エントロピー誤差を書く", "コード",
        "出力 `y`（形 `(N, K)`、各行が確率）と正解ラベル `t`（長さ $N$ の整数の配列、クラスは 0 から数える）から、"
        "バッチで平均した交差エントロピー誤差 $E = -\\frac{1}{N} \\sum_n \\log (y_{n, t_n} + \\delta)$"
        "（$\\delta = 10^{-7}$）を返す関数 `cross_entropy(y, t)` を書く。",
        loss_4, signature="def cross_entropy(y, t):", cases=_loss_4_cases(), section="loss_4",
        hint="各行 n の t[n] 列だけを y[np.arange(N), t] で取り出し、log の和を N で割って − を付ける。",
        wrong_solutions=((_loss_4_sum, "返ってきた値は"), (_loss_4_columns, "返ってきた値は"),
                         (_loss_4_no_delta, "無限大")),
        explanation="`y[np.arange(N), t]` は各行から正解のクラスの出力を 1 つずつ取り出す（`y[:, t]` は "
                    "$N \\times N$ の表になってしまう）。$\\delta$ がないと正解のクラスの出力が 0 のとき "
                    "$\\log 0 = -\\infty$ になる。"),
    # 補足: ミニバッチ学習と、なぜ損失関数か ----------------------------------------------------------
    Exercise(
        "minibatch-1", "docs/supplement/minibatch.md", "バッチの交差エントロピー誤差を計算する", "数値",
        "2 個のデータの出力が $y = \\begin{pmatrix} 0.1 & 0.8 & 0.1 \\\\ 0.5 & 0.3 & 0.2 \\end{pmatrix}$"
        "（1 行が 1 個のデータ）、正解のラベルが $t = (1, 0)$ のとき、バッチの交差エントロピー誤差 "
        "$E = -\\frac{1}{N} \\sum_n \\log (y_{n, t_n} + \\delta)$（$\\delta = 10^{-7}$、$\\log$ は自然対数）はいくつか。",
        minibatch_1, tolerance=1e-4, section="minibatch_1",
        wrong=(Wrong(lambda: 2 * minibatch_1(),
                     "N で割り忘れていないか。バッチの損失は 1 個あたりの平均にする。"),
               Wrong(lambda: -float(np.sum(np.log10(np.array([0.8, 0.5]) + losses.CROSS_ENTROPY_DELTA))) / 2,
                     "log₁₀（常用対数）で計算していないか。式の log は自然対数（底 e、np.log）。"),
               Wrong(lambda: -minibatch_1(),
                     "マイナスを付け忘れていないか。1 より小さい数の log は負なので、− を付けて正の値にする。")),
        hint="1 行目からはラベル 1 の列、2 行目からはラベル 0 の列の出力を取り出し、−log の平均をとる。",
        explanation="取り出す出力は $y_{0, 1}$ と $y_{1, 0}$（行も列も 0 から数える）。このページの "
                    "`batch_cross_entropy` にラベルを渡しても one-hot を渡しても同じ値になる。"),
    Exercise(
        "minibatch-2", "docs/supplement/minibatch.md", "one-hot とラベル", "選択",
        "3 個のデータの教師データ（one-hot）が $t = \\begin{pmatrix} 0 & 0 & 1 \\\\ 1 & 0 & 0 \\\\ 0 & 1 & 0 "
        "\\end{pmatrix}$ のとき、同じ教師データをラベル（整数の並び）で書いたものはどれか。",
        choices=(
            Choice("`[2, 0, 1]`", True,
                   "正しい。各行で 1 が立っている列の番号（0 から数える）。`np.argmax(t, axis=1)` と同じ。"),
            Choice("`[3, 1, 2]`", False,
                   "正しくない。列を 1 から数えている。NumPy の番号は 0 から数えるので、`y[np.arange(N), t]` が"
                   "1 列ずれる。"),
            Choice("`[1, 2, 0]`", False,
                   "正しくない。列ごとに 1 が立っている行の番号を並べている（`np.argmax(t, axis=0)`）。"
                   "ラベルはデータ（行）ごとに 1 つ。"),
            Choice("`[0, 0, 1, 1, 0, 0, 0, 1, 0]`", False,
                   "正しくない。one-hot の表を 1 列に並べただけで、ラベルではない。ラベルはデータの数 $N$ 個の整数。"),
        ),
        explanation="one-hot の各行はラベルの位置にだけ 1 がある。どちらで書いても交差エントロピー誤差は同じ値になる。"),
    Exercise(
        "minibatch-3", "docs/supplement/minibatch.md", "one-hot のバッチの交差エントロピー誤差を書く", "コード",
        "出力 `y` と教師データ `t`（どちらも形 `(N, K)`、`t` は one-hot）から、バッチで平均した交差エントロピー誤差 "
        "$E = -\\frac{1}{N} \\sum_n \\sum_k t_{nk} \\log (y_{nk} + \\delta)$（$\\delta = 10^{-7}$）を返す関数 "
        "`cross_entropy_one_hot(y, t)` を書く。",
        minibatch_3, signature="def cross_entropy_one_hot(y, t):", cases=_minibatch_3_cases(), section="minibatch_3",
        hint="t * np.log(y + 1e-7) の全要素の和に − を付け、データの数 N = y.shape[0] で割る。",
        wrong_solutions=((_minibatch_3_mean, "返ってきた値は"), (_minibatch_3_sum, "返ってきた値は"),
                         (_minibatch_3_no_delta, "無限大")),
        explanation="`np.mean` は $N \\times K$ 個の要素すべてで割るので、$K$ 分の 1 の値になる。平均するのは"
                    "データの数 $N$ について。$\\delta$ がないと、正解のクラスの出力が 0 のところで $\\log 0 = -\\infty$、"
                    "正解でないクラスの出力が 0 のところで $0 \\times (-\\infty)$ が NaN になる。"),
    # 微分 -----------------------------------------------------------------------------------------
    Exercise(
        "diff-1", "docs/diff.md", "中心差分で微分する", "数値",
        "`function_1`（$f(x) = 0.01x^2 + 0.1x$）の $x = 10$ における微分を、中心差分 "
        "$\\frac{f(x + h) - f(x - h)}{2h}$（$h = 10^{-4}$）で求めよ。",
        diff_1, tolerance=1e-4, section="diff_1",
        wrong=(Wrong(lambda: (function_1(10 + 1e-4) - function_1(10 - 1e-4)) / 1e-4,
                     "分母を h にしていないか。x + h と x − h の間は 2h なので、2h で割る。"),),
        hint="f(10.0001) と f(9.9999) の差を 0.0002 で割る。",
        explanation="真の値は $f'(x) = 0.02x + 0.1$ より $f'(10) = {exact}$。2 次関数では中心差分は丸め誤差を除いて正確。",
        numbers=lambda: {"exact": 0.02 * 10 + 0.1}),
    Exercise(
        "diff-2", "docs/diff.md", "h が大きいときの中心差分", "数値",
        "$f(x) = x^3$ の $x = 2$ における微分を、中心差分で $h = 0.1$ として求めよ。",
        diff_2, tolerance=1e-3, section="diff_2",
        wrong=(Wrong(lambda: (_cube(2.1) - _cube(2.0)) / 0.1,
                     "前方差分 (f(x + h) − f(x)) / h になっていないか。中心差分は x + h と x − h の差を 2h で割る。"),
               Wrong(lambda: (_cube(2.0) - _cube(1.9)) / 0.1,
                     "後方差分 (f(x) − f(x − h)) / h になっていないか。中心差分は x + h と x − h の差を 2h で割る。"),
               Wrong(lambda: 3 * 2.0 ** 2,
                     "それは真の微分 f′(2) = 3·2² = 12。h = 0.1 の中心差分には h² = 0.01 の誤差が残る。")),
        hint="f(2.1) と f(1.9) の差を 0.2 で割る。",
        explanation="$x^3$ の中心差分は $3x^2 + h^2$ になり、$h = 0.1$ では真の値 {wrong3} より ${excess}$ 大きい。"
                    "前方差分（{wrong1}）よりずっと近い。",
        numbers=lambda: {"excess": diff_2() - 3 * 2.0 ** 2}),
    Exercise(
        "diff-3", "docs/diff.md", "偏微分を数値微分で求める", "数値",
        "$f(x_0, x_1) = x_0^2 + 3x_0x_1$ の点 $(x_0, x_1) = (2, 1)$ における偏微分 "
        "$\\frac{\\partial f}{\\partial x_1}$ はいくつか。",
        diff_3, tolerance=1e-3, section="diff_3",
        wrong=(Wrong(lambda: numerical_diff(lambda x0: x0 ** 2 + 3 * x0 * 1.0, 2.0),
                     "x0 について偏微分していないか。x1 について微分するときは x0 = 2 に固定する。"),),
        hint="x0 = 2 に固定すると f は x1 だけの関数 4 + 6x1 になる。",
        explanation="$x_0 = 2$ に固定した関数 $4 + 6x_1$ の傾きで、$\\frac{\\partial f}{\\partial x_1} = 3x_0 = 6$。"),
    Exercise(
        "diff-4", "docs/diff.md", "h を小さくしすぎない理由", "選択",
        "数値微分で $h$ を $10^{-50}$ のように極端に小さくしないのはなぜか。",
        choices=(
            Choice("計算に時間がかかるから。", False,
                   "正しくない。計算の回数は $h$ によらない。"),
            Choice("丸め誤差で $x + h$ が $x$ と同じ数になり、差が 0 になるから。", True,
                   "正しい。浮動小数点数では `5.0 + 1e-50 == 5.0` が True になり、$f(x+h) - f(x-h)$ が 0 になる。"),
            Choice("中心差分の誤差は $h$ が小さいほど大きくなるから。", False,
                   "正しくない。式の近似による誤差は $h^2$ に比例して小さくなる。大きくなるのは丸め誤差。"),
            Choice("$h$ は学習率と同じ値にする決まりだから。", False,
                   "正しくない。$h$ と学習率は関係がない。"),
        ),
        explanation="原著が $h = 10^{-4}$ を使うのはこのため（補足「数値微分の誤差」）。"),
    Exercise(
        "diff-5", "docs/diff.md", "数値微分の関数を書く", "コード",
        "1 変数の関数 `f` と点 `x` を受け取り、中心差分（$h = 10^{-4}$）で微分を返す関数 `numerical_diff(f, x)` を書く。",
        diff_5, signature="def numerical_diff(f, x):", cases=_diff_5_cases(), section="diff_5",
        hint="(f(x + h) − f(x − h)) / (2 * h)、h = 1e-4。",
        wrong_solutions=((_diff_5_forward, "返ってきた値は"), (_diff_5_tiny_h, "返ってきた値は"),
                         (_diff_5_no_two, "返ってきた値は")),
        explanation="前方差分 $(f(x+h) - f(x))/h$ では誤差が $h$ に比例して残り、$f(x) = x^3$ の $x = 2$ で"
                    "約 ${forward_error}$ ずれる。",
        numbers=lambda: {"forward_error": _power_of_ten(_diff_5_forward(_cube, 2.0) - 3 * 2.0 ** 2)}),
    # 補足: 数値微分の誤差 -------------------------------------------------------------------------------
    Exercise(
        "numerical-diff-1", "docs/supplement/numerical_diff.md", "前方差分の誤差", "数値",
        "$f(x) = e^x$ の $x = 1$ における微分（真の値は $e$）を、前方差分 $\\frac{f(x + h) - f(x)}{h}$ で "
        "$h = 0.01$ として求める。その誤差（前方差分の値 − $e$）はいくつか。",
        numerical_diff_1, tolerance=1e-4, section="numerical_diff_1",
        wrong=(Wrong(lambda: _forward_error(0.01) + math.e,
                     "それは前方差分の値そのもの。誤差は、そこから真の値 e を引いたもの。"),
               Wrong(lambda: -_forward_error(0.01),
                     "引く順が逆。誤差は「前方差分の値 − e」。eˣ は下に凸なので、前方差分は真の値より大きい。"),
               Wrong(lambda: _central_error(0.01),
                     "中心差分で計算していないか。問いは前方差分 (f(x + h) − f(x)) / h。")),
        hint="(e^1.01 − e) / 0.01 を計算し、そこから e を引く（np.exp(1.01)、np.e）。",
        explanation="前方差分の誤差はおよそ $\\frac{h}{2} f''(1) = \\frac{h}{2} e$ で、$h$ に比例する"
                    "（このページの図の傾き 1）。同じ $h$ の中心差分の誤差はずっと小さい。"),
    Exercise(
        "numerical-diff-2", "docs/supplement/numerical_diff.md", "h を 10 分の 1 にすると", "数値",
        "同じ $f(x) = e^x$ の $x = 1$ で、中心差分の誤差（中心差分の値 − $e$）は、$h$ を $0.01$ から $0.001$ に"
        "すると何倍になるか。",
        numerical_diff_2, tolerance=1e-3, section="numerical_diff_2",
        wrong=(Wrong(lambda: _forward_error(0.001) / _forward_error(0.01),
                     "それは前方差分の誤差の倍率。中心差分の誤差は h² に比例する（図の傾き 2）。"),
               Wrong(lambda: _central_error(0.01) / _central_error(0.001),
                     "割る順が逆。h を小さくすると誤差は小さくなる。")),
        hint="中心差分の誤差は h² に比例する。h が 10 分の 1 なら、誤差は何分の 1 か。",
        explanation="誤差はおよそ $\\frac{h^2}{6} f'''(1)$ で $h^2$ に比例するので、$h$ を 10 分の 1 にすると "
                    "100 分の 1。$h$ がこのくらいなら、丸め誤差はまだほとんど効かない。"),
    Exercise(
        "numerical-diff-3", "docs/supplement/numerical_diff.md", "誤差が最も小さくなる h", "選択",
        "$f(x) = e^x$ の $x = 1$ における微分を中心差分で求めるとき、誤差が最も小さいのはどの $h$ か。",
        choices=(
            Choice("$h = 10^{-2}$", False,
                   "正しくない。$h^2$ に比例する打ち切り誤差がまだ大きい。"),
            Choice("$h = 10^{-5}$", True,
                   "正しい。打ち切り誤差（$h^2$ に比例）と丸め誤差（$1/h$ に比例）が釣り合うあたり。"),
            Choice("$h = 10^{-10}$", False,
                   "正しくない。$f(x + h)$ と $f(x - h)$ の差で有効な桁が失われ、丸め誤差が大きくなる。"),
            Choice("$h = 10^{-50}$", False,
                   "正しくない。$1 + 10^{-50}$ は $1$ に丸められ、式どおりに計算すると微分が 0 になる"
                   "（`dlcode` の `numerical_diff` はエラーにする）。"),
        ),
        explanation="$h$ は小さいほどよいのではない。小さくしすぎると丸め誤差が増える（このページの図の左側）。"),
    # 勾配 -----------------------------------------------------------------------------------------
    Exercise(
        "gradient-1", "docs/gradient.md", "3 変数の勾配の成分", "数値",
        "$f(x_0, x_1, x_2) = x_0^2 + 2x_1^2 + 3x_2^2$ の点 $(1, -1, 2)$ における勾配 $\\nabla f$ の $x_1$ の成分 "
        "$\\frac{\\partial f}{\\partial x_1}$ はいくつか。",
        gradient_1, tolerance=1e-3, section="gradient_1",
        wrong=(Wrong(lambda: float(numerical_gradient(_f3, np.array([1.0, -1.0, 2.0]))[0]),
                     "x0 の成分を答えていないか。変数は x0, x1, x2 と 0 から数える。"),
               Wrong(lambda: -float(numerical_gradient(_f3, np.array([1.0, -1.0, 2.0]))[1]),
                     "符号が逆。x1 = −1 での 2x1² の微分は 4x1 = −4。")),
        hint="∂f/∂x1 = 4x1 に x1 = −1 を入れる。",
        explanation="勾配は $(2x_0, 4x_1, 6x_2) = (2, -4, 12)$。"),
    Exercise(
        "gradient-2", "docs/gradient.md", "勾配が指す向き", "選択",
        "$f(x_0, x_1) = x_0^2 + x_1^2$ の点 $(3, 4)$ における勾配 $\\nabla f = (6, 8)$ が指す向きはどれか。",
        choices=(
            Choice("原点（最小値）に向かう向き。", False,
                   "正しくない。原点に向かうのは負の勾配 $-\\nabla f = (-6, -8)$。"),
            Choice("原点から遠ざかる、$f$ が最も急に増える向き。", True,
                   "正しい。勾配は「上り坂」を指す。勾配法はその逆 $-\\nabla f$ に進む。"),
            Choice("等高線に沿う向き。", False,
                   "正しくない。勾配は等高線に垂直で、等高線に沿う向きには $f$ が変わらない。"),
            Choice("向きは決まらない。", False,
                   "正しくない。勾配が 0 でない点では向きが 1 つに決まる。"),
        ),
        explanation="勾配のページの注「勾配は『上り坂』を指す」を参照。"),
    Exercise(
        "gradient-3", "docs/gradient.md", "最も急に下る向き", "数値",
        "$f(x_0, x_1) = x_0^2 + 4x_1^2$ が点 $(2, 1)$ で最も急に減る向き $-\\nabla f$ の $x_1$ の成分はいくつか。",
        gradient_3, tolerance=1e-3, section="gradient_3",
        wrong=(Wrong(lambda: float(numerical_gradient(_elongated, np.array([2.0, 1.0]))[1]),
                     "それは勾配 ∇f の成分。勾配は最も急に増える向きを指すので、減る向きはその符号を反転したもの。"),
               Wrong(lambda: -1.0,
                     "原点への向き (−2, −1) を答えていないか。最も急に下る向きは、最小値をまっすぐ指すとは限らない。")),
        hint="∇f = (2x0, 8x1) を求め、符号を反転する。",
        explanation="$-\\nabla f = (-4, -8)$。原点の向き $(-2, -1)$ からそれている。"),
    Exercise(
        "gradient-4", "docs/gradient.md", "勾配の関数を書く", "コード",
        "関数 `f` と 1 次元の配列 `x`（長さは任意、整数の配列のこともある）を受け取り、中心差分（$h = 10^{-4}$）で"
        "勾配を float の配列で返す関数 `numerical_gradient(f, x)` を書く。呼び出し側の `x` は変えない。",
        gradient_4, signature="def numerical_gradient(f, x):", cases=_gradient_4_cases(), section="gradient_4",
        rtol=1e-6, atol=1e-6,
        hint="要素を 1 つずつ ±h 動かして f を 2 回計算し、元に戻す。整数の配列は float にしてから。",
        wrong_solutions=((_slides_numerical_gradient, "返ってきた値は"),
                         (_gradient_4_no_restore, "書き換えた"), (_gradient_4_forward, "返ってきた値は")),
        explanation="スライドのコードは整数の配列では `x[idx] = tmp_val + h` の $h$ が切り捨てられ、勾配が 0 になる。"
                    "要素を動かしたあと元に戻さないと、呼び出し側の配列が変わってしまう。"),
    # 勾配法 -------------------------------------------------------------------------------------
    Exercise(
        "descent-1", "docs/descent.md", "勾配法を 2 ステップ", "数値",
        "$f(x) = x^2$ を $x = 3$ から学習率 $\\eta = 0.1$ の勾配法で 2 ステップ更新した後の $x$ はいくつか。",
        descent_1, tolerance=1e-3, section="descent_1",
        wrong=(Wrong(lambda: float(gradient_descent(_square, np.array([3.0]), lr=0.1, step_num=1)[0][0]),
                     "1 ステップで止めていないか。2 回更新する。"),
               Wrong(lambda: float(gradient_descent(lambda x: -_square(x), np.array([3.0]), lr=0.1, step_num=2)[0][0]),
                     "勾配の向き（上り坂）に進んでいないか。更新は x ← x − η ∂f/∂x と、勾配の逆に進む。")),
        hint="∂f/∂x = 2x なので、1 ステップで x は (1 − 2η) = 0.8 倍になる。",
        explanation="$3 \\to {wrong1} \\to {answer}$。"),
    Exercise(
        "descent-2", "docs/descent.md", "学習率が大きすぎると", "数値",
        "$f(x) = x^2$ を $x = 1$ から学習率 $\\eta = 1.1$ の勾配法で 3 ステップ更新した後の $x$ はいくつか。",
        descent_2, tolerance=1e-3, section="descent_2",
        wrong=(Wrong(lambda: float(gradient_descent(lambda x: -_square(x), np.array([1.0]), lr=1.1, step_num=3)[0][0]),
                     "勾配の向き（上り坂）に進んでいないか。更新は x ← x − η ∂f/∂x。"),
               Wrong(lambda: -float(gradient_descent(_square, np.array([1.0]), lr=1.1, step_num=3)[0][0]),
                     "符号を見直す。1 ステップごとに −1.2 倍なので、3 ステップで符号は 3 回変わる。")),
        hint="1 ステップで x は (1 − 2η) = −1.2 倍になる。",
        explanation="$1 \\to {x1} \\to {x2} \\to {answer}$。最小値 0 をまたいで振動しながら遠ざかる（発散）。",
        numbers=lambda: dict(zip(("x1", "x2"), gradient_descent(_square, np.array([1.0]), lr=1.1, step_num=2)[1][1:, 0]))),
    Exercise(
        "descent-3", "docs/descent.md", "勾配法の 1 ステップを書く", "コード",
        "関数 `f`、点 `x`（1 次元の float の配列）、学習率 `lr` を受け取り、勾配法で 1 ステップ進んだ点 "
        "$x - \\eta \\nabla f(x)$ を新しい配列で返す関数 `step(f, x, lr)` を書く。呼び出し側の `x` は変えない。"
        "勾配は `from dlcode.gradient import numerical_gradient` で求めてよい。",
        descent_3, signature="def step(f, x, lr):", cases=_descent_3_cases(), section="descent_3", atol=1e-6,
        hint="x − lr * numerical_gradient(f, x) を返す。",
        wrong_solutions=((_descent_3_in_place, "書き換えた"), (_descent_3_uphill, "返ってきた値は")),
        explanation="`x -= ...` は呼び出し側の配列そのものを書き換える。`x - ...` は新しい配列を作る。"
                    "`dlcode.descent.gradient_descent` が初期値をコピーしてから更新するのはこのため。"),
    Exercise(
        "descent-4", "docs/descent.md", "学習率とは", "選択",
        "学習率 $\\eta$ について正しいものはどれか。",
        choices=(
            Choice("重みと同じく、学習によって自動的に決まるパラメータである。", False,
                   "正しくない。学習で決まるのは重みとバイアス。学習率は人が前もって決める。"),
            Choice("人が前もって決めるハイパーパラメータで、大きすぎると発散し、小さすぎるとほとんど進まない。", True,
                   "正しい。勾配法のページの図で学習率を変えて確かめられる。"),
            Choice("大きいほど早く最小値に着く。", False,
                   "正しくない。$f(x) = x^2$ では $\\eta > 1$ で発散する（descent-2）。"),
            Choice("負の値にすると最小値を速く探せる。", False,
                   "正しくない。負の学習率では勾配の向きに進み、最大値を探す勾配上昇法になる。"),
        ),
        explanation="学習率のように人が決める値をハイパーパラメータという（補足「勾配法の補足」）。"),
    Exercise(
        "descent-5", "docs/descent.md", "何ステップで十分小さくなるか", "数値",
        "$f(x_0, x_1) = x_0^2 + x_1^2$ を $(-3, 4)$ から学習率 $\\eta = 0.1$ の勾配法で更新する。"
        "$f$ の値が初めて $0.01$ より小さくなるのは何ステップ後か（整数で答える）。",
        descent_5, tolerance=0, section="descent_5",
        wrong=(Wrong(lambda: next(k for k in range(100) if 25 * 0.8 ** k < 0.01),
                     "f も 1 ステップで 0.8 倍になると考えていないか。x が 0.8 倍になると、f = x0² + x1² は "
                     "0.8² = 0.64 倍になる。"),),
        hint="x は 1 ステップで 0.8 倍、f は 0.64 倍になる。初めは f = 25。",
        explanation="$f = 25 \\times 0.64^k$ で、$k = {before}$ では約 ${f_before}$、$k = {answer}$ で約 ${f_at}$。",
        numbers=_descent_5_numbers),
    # ニューラルネットワークの学習 -------------------------------------------------------------------
    Exercise(
        "learning-1", "docs/learning.md", "パラメータの数", "数値",
        "入力 2、隠れ層 4、出力 3 の全結合ネットワーク（2 → 4 → 3）の重みとバイアスは、合わせていくつあるか。",
        learning_1, tolerance=0, section="learning_1",
        wrong=(Wrong(lambda: 2 * 4 + 4 * 3, "バイアスを数え忘れていないか。各層にニューロンの数だけバイアスがある。"),),
        hint="W1 は 2 × 4、B1 は 4、W2 は 4 × 3、B2 は 3。",
        explanation="${W1} + {B1} + {W2} + {B2} = {answer}$。",
        numbers=lambda: {name: value.size for name, value in Network((2, 4, 3), seed=0).params.items()}),
    Exercise(
        "learning-2", "docs/learning.md", "数値微分の重さ", "数値",
        "その 2 → 4 → 3 のネットワークで、数値微分（中心差分）で勾配を 1 回求めるとき、損失 $L$ を何回計算するか。",
        learning_2, tolerance=0, section="learning_2",
        wrong=(Wrong(lambda: Network((2, 4, 3), seed=0).parameter_count,
                     "中心差分は 1 つのパラメータにつき f(x + h) と f(x − h) の 2 回、損失を計算する。"),),
        hint="パラメータの数 × 2。",
        explanation="スライドのネットワーク（パラメータ {slide_parameters} 個）なら {slide_calls} 回。"
                    "次章の誤差逆伝播法はこれを避ける。",
        numbers=lambda: {"slide_parameters": Network(seed=0).parameter_count,
                         "slide_calls": 2 * Network(seed=0).parameter_count}),
    Exercise(
        "learning-3", "docs/learning.md", "重みの更新", "数値",
        "ある重み $w = 0.5$ の損失についての偏微分が $\\frac{\\partial L}{\\partial w} = 0.2$、学習率が "
        "$\\eta = 0.1$ のとき、1 回更新した後の $w$ はいくつか。",
        learning_3, tolerance=1e-4, section="learning_3",
        wrong=(Wrong(lambda: 0.5 + 0.1 * 0.2, "勾配の向きに進んでいないか。更新は W ← W − η ∂L/∂W。"),
               Wrong(lambda: 0.5 - 0.2, "学習率を掛け忘れていないか。")),
        hint="w − η ∂L/∂w。",
        explanation="$0.5 - 0.1 \\times 0.2 = {answer}$。`Network.update` はこれをすべてのパラメータに行う。"),
    Exercise(
        "learning-4", "docs/learning.md", "ネットワークの出力", "数値",
        "`Network(seed=0)`（スライドの 2 → 3 → 2 → 2）に入力 $x = (1.0, 0.5)$ を与えたときの出力 $Y$ の "
        "0 番目の要素（クラス 0 の確率）はいくつか。Python で計算して答える。",
        learning_4, tolerance=1e-4, section="learning_4",
        wrong=(Wrong(lambda: float(Network(seed=0).predict(np.array([1.0, 0.5]))[1]),
                     "1 番目の要素を答えていないか。クラスは 0 から数える。"),),
        hint="from dlcode.network import Network として、Network(seed=0).predict(np.array([1.0, 0.5]))。",
        explanation="出力はソフトマックス関数の値なので、2 つの要素の和は 1。"),
    Exercise(
        "learning-5", "docs/learning.md", "勾配の形", "選択",
        "スライドのネットワークの $\\frac{\\partial L}{\\partial W^3}$ について正しいものはどれか。",
        choices=(
            Choice("1 つの数である。", False,
                   "正しくない。$W^3$ の要素 1 つ 1 つについての偏微分を並べたもの。"),
            Choice("$W^3$ と同じ形（2 × 2）の行列である。", True,
                   "正しい。各要素が $\\frac{\\partial L}{\\partial w^3_{ij}}$ で、"
                   "`numerical_gradients(x, t)[\"W3\"]` の形は `(2, 2)`。"),
            Choice("損失 $L$ と同じ形である。", False,
                   "正しくない。$L$ は 1 つの数（スカラー）。"),
            Choice("入力 $x$ と同じ形である。", False,
                   "正しくない。入力の形とは関係がない。"),
        ),
        explanation="勾配がパラメータと同じ形なので、$W \\leftarrow W - \\eta \\frac{\\partial L}{\\partial W}$ "
                    "を要素ごとに計算できる。"),
    Exercise(
        "learning-6", "docs/learning.md", "正解率を書く", "コード",
        "出力 `y`（形 `(N, K)`）と正解ラベル `t`（長さ $N$ の整数の配列）から、正解率（原著の認識精度、0 以上 1 以下）を"
        "返す関数 `accuracy(y, t)` を書く。各サンプルの予測は出力が最大のクラスとする。",
        learning_6, signature="def accuracy(y, t):", cases=_learning_6_cases(), section="learning_6",
        hint="np.argmax(y, axis=1) で各行の予測を出し、t と等しい割合を返す。",
        wrong_solutions=((_learning_6_count, "返ってきた値は"), (_learning_6_axis0, "例外")),
        explanation="`axis=0` だと列（クラス）ごとの最大になる。割合なので、正解の数をサンプル数で割る。"),
    # 発展 -----------------------------------------------------------------------------------------
    Exercise(
        "advanced-1", "docs/advanced.md", "エポックとステップ数", "数値",
        "手書き数字の訓練データ（`load_digits_split(seed=0)` の `x_train`、{digits} 件）を、ミニバッチ 100 件で "
        "2 エポック学習する。1 エポックを「訓練データの数 ÷ バッチの大きさ（端数は切り捨て）」回の更新とすると、"
        "更新は全部で何回か。",
        advanced_1, tolerance=0, section="advanced_1",
        wrong=(Wrong(lambda: _digits_count() // 100, "1 エポック分ではないか。2 エポック学習する。"),),
        hint="{digits} ÷ 100 の端数を切り捨てて 2 倍する。",
        explanation="1 エポックは ${wrong1}$ 回、2 エポックで ${answer}$ 回（`train_minibatch` の `iterations`）。",
        numbers=lambda: {"digits": _digits_count()}),
    Exercise(
        "advanced-2", "docs/advanced.md", "実力を測るデータ", "選択",
        "学習が終わったモデルの実力（汎化能力）を測るのに使うデータはどれか。",
        choices=(
            Choice("訓練データ", False,
                   "正しくない。訓練データで測ると、丸暗記しただけのモデルでも満点になる（このページの例）。"),
            Choice("テストデータ", True, "正しい。学習に使っていないデータで測る。"),
            Choice("教師データ", False,
                   "正しくない。教師データは正解ラベル $t$ のことで、訓練データにもテストデータにもある。"),
            Choice("ミニバッチ", False,
                   "正しくない。ミニバッチは訓練データから 1 ステップごとに選ぶ一部。"),
        ),
        explanation="元のスライドのメモは見出しを「教師データ」としているが、中身はテストデータの説明。"),
    Exercise(
        "advanced-3", "docs/advanced.md", "過学習を見分ける", "選択",
        "訓練データの正解率（原著の認識精度）が 1.0、テストデータの正解率が 0.5 のモデルについて、正しいものはどれか。",
        choices=(
            Choice("訓練データにだけ過度に適合している（過学習）。", True,
                   "正しい。2 つの正解率の差が目安になる。"),
            Choice("学習が足りない。", False,
                   "正しくない。訓練データでは満点なので、訓練データについては十分に学習している。"),
            Choice("学習率が大きすぎて発散した。", False,
                   "正しくない。発散したなら訓練データでも正解率は低い。"),
            Choice("テストデータの正解率が低いのは、テストデータの教師データがないから。", False,
                   "正しくない。テストデータにも教師データ（正解ラベル）がある。だから正解率を測れる。"),
        ),
        explanation="ハンズオン「2 層ネットワークを学習させる」では、エポックごとに 2 つの正解率を記録している。"),
)

_BY_ID = {exercise.id: exercise for exercise in EXERCISES}


def texts(exercise, answer=None, wrongs=()):
    """問い・ヒント・解説の本文。dlcode が計算する数は文に書かず、{名前} の所に計算した値を埋める:
    ``{answer}`` は答え、``{wrong1}``、``{wrong2}``… はよくある誤答の値（数値の問題。``answer`` と
    ``wrongs`` に渡す）、ほかの名前は ``exercise.numbers()`` の値。

    >>> texts(_find("descent-1"), 1.9199999999978097, [(2.3999999999991, "")])["explanation"]
    '$3 \\\\to 2.4 \\\\to 1.92$。'

    ページ: docs/exercises.md
    """
    numbers = dict(exercise.numbers()) if exercise.numbers else {}
    if answer is not None:
        numbers["answer"] = answer
    numbers |= {f"wrong{n}": value for n, (value, _) in enumerate(wrongs, 1)}

    def fill(text):
        for name, value in numbers.items():
            text = text.replace("{" + name + "}", _as_text(value))
        return text

    return {"question": fill(exercise.question), "hint": fill(exercise.hint), "explanation": fill(exercise.explanation)}


def _as_text(value):
    """A computed number as the prose writes it: 6 significant digits (1.9199999999978097 -> 1.92)."""
    return value if isinstance(value, str) else f"{value:.6g}"


def _find(exercise_id):
    if exercise_id not in _BY_ID:
        raise ValueError(f"練習問題 {exercise_id!r} はない。ある問題: {', '.join(_BY_ID)}")
    return _BY_ID[exercise_id]


def solution(exercise_id):
    """練習問題 ``exercise_id`` の解答: コードの問題では参照解の関数、数値の問題では答えを計算する関数、
    選択の問題では正しい選択肢の記号（ア、イ…）。

    >>> solution("descent-3")(function_2, np.array([-3.0, 4.0]), 0.1).round(6)
    array([-2.4,  3.2])
    >>> solution("gradient-2")
    'イ'

    ページ: docs/exercises.md
    """
    exercise = _find(exercise_id)
    return exercise.correct_label() if exercise.kind == "選択" else exercise.solution


def check(exercise_id, answer):
    """練習問題 ``exercise_id`` の答え ``answer`` を確かめ、結果を表示して True（正解）か False を返す。

    コードの問題では ``answer`` は書いた関数、数値の問題では数、選択の問題では記号（"ア" など）。
    間違った答えで例外を出すことはない（関数が例外を出しても、その内容を言う）。

    書いた関数の 1 回の呼び出しは ``TIME_LIMIT``（5 秒）まで待つ。それまでに返らなければ打ち切り、
    その入力で返ってこなかったと言って False を返す（終わらないループなど）。打ち切りには
    ``signal.setitimer`` の SIGALRM を使い、関数は同じスレッドで動くので、打ち切った後に動き続けるものは残らない。
    これが使えるのは、SIGALRM のある OS（Linux、macOS。Jupyter のセルも含む）のメインスレッドから呼んだとき。
    Windows やメインスレッドでないところでは時間の制限はなく、関数が返るまで待つ（終わらなければ check も終わらない）。

    >>> check("descent-3", solution("descent-3"))
    descent-3: 正解
    True

    ページ: docs/exercises.md
    """
    correct, message = judge(exercise_id, answer)
    print(f"{exercise_id}: {message}")
    return correct


def judge(exercise_id, answer):
    """``check`` の判定: ``(正解か, 日本語の説明)`` を返し、何も表示しない。

    >>> judge("loss-2", 0.1549)
    (False, 'まだ正解ではない。log₁₀（常用対数）で計算していないか。式の log は自然対数（底 e、np.log）。')

    ページ: docs/exercises.md
    """
    exercise = _find(exercise_id)
    if exercise.kind == "数値":
        return _judge_number(exercise, answer)
    if exercise.kind == "選択":
        return _judge_choice(exercise, answer)
    return _judge_code(exercise, answer)


def _judge_number(exercise, answer):
    if isinstance(answer, (bool, np.bool_)) or not (isinstance(answer, numbers.Real) or (
            isinstance(answer, np.ndarray) and answer.ndim == 0 and answer.dtype.kind in "iuf")):
        return False, f"答えは 1 つの数で渡す（渡されたのは {type(answer).__name__}）。"
    value = float(answer)
    if not math.isfinite(value):
        return False, f"答えが {value} になっている。有限の数で答える。"
    if abs(value - exercise.answer()) <= exercise.tolerance:
        return True, "正解"
    for wrong, hint in exercise.wrong_values():
        if abs(value - wrong) <= exercise.tolerance:
            return False, f"まだ正解ではない。{hint}"
    return False, f"まだ正解ではない。ヒント: {texts(exercise, answer=exercise.answer())['hint']}"


def _judge_choice(exercise, answer):
    labels = CHOICE_LABELS[:len(exercise.choices)]
    if answer not in labels:
        return False, f"選択肢の記号（{'、'.join(labels)}）で答える（渡されたのは {answer!r}）。"
    choice = exercise.choices[labels.index(answer)]
    return choice.correct, ("正解。" if choice.correct else "まだ正解ではない。") + choice.explanation


def _shown(value):
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=8, separator=", ")
    return repr(value)


def _judge_code(exercise, function):
    if not callable(function):
        return False, (f"関数を渡す（渡されたのは {type(function).__name__} の {_shown(function)[:60]}）。"
                       f"`{exercise.signature}` で定義した関数の名前を、かっこを付けずに渡す。")
    for case in exercise.cases:
        arguments = case.arguments()
        before = copy.deepcopy(arguments)
        expected = exercise.solution(*copy.deepcopy(arguments))
        try:
            with _time_limit(TIME_LIMIT):
                got = function(*arguments)
        except _TimeUp:
            return False, (f"入力 {case.label} で、{TIME_LIMIT:g} 秒たっても返ってこないので打ち切った。"
                           f"終わらないループはないか。")
        except Exception as error:  # the learner's function failed: say how, never raise
            return False, f"入力 {case.label} で例外 {type(error).__name__}: {error} が出た。"
        for name, old, new in zip(exercise.signature.split("(")[1].rstrip("):").split(", "), before, arguments):
            if isinstance(old, np.ndarray) and not (old.dtype == new.dtype and np.array_equal(old, new)):
                return False, (f"入力 {case.label} で、引数 {name} の配列を書き換えた（呼ぶ前 {_shown(old)}、"
                               f"呼んだ後 {_shown(new)}）。呼び出し側の配列は変えずに、新しい値を返す。")
        problem = _result_problem(expected, got)
        if problem:
            return False, f"入力 {case.label} で、{problem}"
        if not np.allclose(np.asarray(got, dtype=np.float64), expected, rtol=exercise.rtol, atol=exercise.atol):
            return False, (f"入力 {case.label} で、期待する値は {_shown(expected)}、返ってきた値は {_shown(got)}。"
                           f"ヒント: {exercise.hint}")
    return True, "正解"


class _TimeUp(BaseException):
    """The learner's function ran past the time limit. A BaseException, so that their own
    `except Exception:` inside the loop cannot swallow it."""


@contextlib.contextmanager
def _time_limit(seconds):
    """Interrupt the block after ``seconds`` with _TimeUp, by SIGALRM on this thread: nothing keeps
    running after it (a thread could not be stopped). Where SIGALRM cannot be used (Windows, a thread
    other than the main one), no limit. The caller's own handler and timer are put back."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def time_up(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, time_up)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:  # even if the alarm came just as the function returned
            signal.signal(signal.SIGALRM, previous)
            if previous_timer[0]:  # a timer the caller had set runs on
                signal.setitimer(signal.ITIMER_REAL, *previous_timer)


def _result_problem(expected, got):
    """返り値の型・形・NaN の問題を言う文（問題がなければ None）。"""
    if got is None:
        return "何も返していない（None）。return を忘れていないか。"
    if isinstance(got, (str, bytes, dict, set)) or isinstance(got, bool):
        return f"数ではなく {type(got).__name__} の {got!r} を返した。"
    try:
        array = np.asarray(got)
    except Exception:
        array = np.asarray(None)
    if array.dtype.kind not in "iuf":
        return f"数ではなく {type(got).__name__} を返した。"
    if np.ndim(expected) == 0 and array.ndim != 0:
        return f"1 つの数を返すはずが、形 {array.shape} の配列を返した。"
    if np.ndim(expected) != 0 and array.shape != np.shape(expected):
        return f"形 {np.shape(expected)} の配列を返すはずが、形 {array.shape} のものを返した。"
    if np.any(np.isnan(array)):
        return f"NaN を返した（{_shown(got)}）。0 での割り算や負の数の log はないか。"
    if np.any(np.isinf(array)):
        return f"無限大を返した（{_shown(got)}）。log(0) になっていないか（δ を足したか）。"
    return None
