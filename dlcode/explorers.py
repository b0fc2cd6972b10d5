"""ページで試せる図（エクスプローラー）のデータ。どの数値も dlcode の関数で計算する。

- ``learning_rate_2d``: f(x0, x1) = x0² + x1² に勾配法（``gradient_descent``、数値微分）を
  学習率・初期値を変えて 100 ステップ。
- ``learning_rate_1d``: スライドの f(x) = 0.01x² + 0.1x に、スライドのループ（``dlcode.slides`` の
  ``numerical_diff``）を x = 0 から最大 20 万ステップ。
- ``training``: スライドの 2 → 3 → 2 → 2 のネットワークを、2 クラスのデータで数値微分の勾配により学習。

ページに表示する数値は ``display_number`` の形（ページの JavaScript も同じ規則で表示する）。

ページ: docs/descent.md, docs/learning.md
"""
import numpy as np

from dlcode.datasets import make_two_class_data
from dlcode.descent import gradient_descent
from dlcode.network import Network, train
from dlcode.slides import function, function_2, numerical_diff

__all__ = ["display_number", "descend_2d", "learning_rate_2d", "learning_rate_1d", "descend_1d", "training", "training_run",
           "LEARNING_RATES_2D", "STARTS_2D", "LEARNING_RATES_1D", "CHECKPOINTS_1D", "TRAINING_RATES"]

# η on a roughly logarithmic scale, denser near 1 where descent starts to oscillate and diverge.
LEARNING_RATES_2D = (0.001, 0.0015, 0.002, 0.003, 0.005, 0.007, 0.01, 0.015, 0.02, 0.03, 0.05, 0.07,
                     0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1)
STARTS_2D = ((-3.0, 4.0), (4.0, 1.0), (-2.0, -4.0))
STEPS_2D = 100
LEARNING_RATES_1D = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0,
                     20.0, 50.0, 90.0, 99.0, 101.0, 110.0)
CHECKPOINTS_1D = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000,
                  *range(10000, 200001, 10000))
DIVERGED_2D = 1e8  # |x0| or |x1| beyond this: the 2-D run stops and reports divergence
DIVERGED = 1e6  # |x| beyond this (the minimum is at x = −5): the 1-D run stops and reports divergence
TRAINING_RATES = (0.5, 2.0, 8.0)
TRAINING_STEPS, TRAINING_EVERY, TRAINING_GRID, TRAINING_EXTENT = 300, 10, 25, 2.5


def display_number(value):
    """ページでの数の表し方: 絶対値が 1 万未満は小数点以下 4 桁、それ以上は有効数字 4 桁の指数表記
    （例: ``-0.0346``、``8.282e+7``）。0 に丸まる値は ``0.0000``（符号なし）。

    >>> display_number(-0.03458), display_number(82817974.3), display_number(-1e-9)
    ('-0.0346', '8.282e+7', '0.0000')

    ページ: docs/descent.md
    """
    value = float(value)
    if not np.isfinite(value):
        return "発散"
    if abs(value) < 1e4:
        text = f"{value:.4f}"
        return "0.0000" if text == "-0.0000" else text
    mantissa, exponent = f"{value:.3e}".split("e")
    return f"{mantissa}e{'-' if exponent.startswith('-') else '+'}{int(exponent[1:])}"


def _stored(value):
    """The number the page stores: what it displays, parsed back (JSON keeps it short)."""
    text = display_number(value)
    return 0.0 if text == "0.0000" else float(text)


def descend_2d(lr, start, steps=STEPS_2D):
    """(x0, x1) の軌跡（初期値を含めて steps + 1 点）。1 ステップずつ gradient_descent で進め、
    |x| が 1 億を超えたら（発散）以降は nan。

    ページ: docs/descent.md
    """
    x = np.array(start, dtype=float)
    history = [x]
    for _ in range(steps):
        if not np.all(np.abs(x) <= DIVERGED_2D):  # (nan once diverged)
            x = np.full(2, np.nan)
        else:
            x, _ = gradient_descent(function_2, x, lr=lr, step_num=1)
        history.append(x)
    return np.array(history)


def learning_rate_2d():
    """各学習率・各初期値について、勾配法の 100 ステップの軌跡 (x0, x1) と f。

    ページ: docs/descent.md
    """
    def stored(values):
        return [_stored(v) if np.isfinite(v) else None for v in values]

    runs = [[{"x0": stored(path[:, 0]), "x1": stored(path[:, 1]), "f": stored([function_2(p) for p in path])}
             for path in (descend_2d(lr, start) for start in STARTS_2D)] for lr in LEARNING_RATES_2D]
    return {"lrs": list(LEARNING_RATES_2D), "starts": [list(s) for s in STARTS_2D], "steps": STEPS_2D, "runs": runs}


def descend_1d(lr, checkpoints=CHECKPOINTS_1D):
    """スライドのループ: x = 0 から x ← x − η f'(x)（f'(x) はスライドの numerical_diff）をくり返し、
    各チェックポイントの x を返す。
    x が前に取った値に戻れば（浮動小数点の周期。不動点は周期 1）以降はその周期のくり返しなので
    計算を打ち切り、|x| が 100 万を超えれば以降は発散（nan）。

    ページ: docs/descent.md
    """
    xs, seen, repeat_from = [0.0], {0.0: 0}, None
    while len(xs) <= checkpoints[-1] and abs(xs[-1]) < DIVERGED:
        x = xs[-1] - lr * numerical_diff(function, xs[-1])
        if x in seen:  # the step seen[x] again: the steps from there repeat for ever
            repeat_from = seen[x]
            break
        seen[x] = len(xs)
        xs.append(x)
    values = []
    for step in checkpoints:
        if step >= len(xs):  # in the repeating steps, or diverged (the last x is beyond DIVERGED)
            step = len(xs) - 1 if repeat_from is None else repeat_from + (step - repeat_from) % (len(xs) - repeat_from)
        values.append(xs[step] if abs(xs[step]) < DIVERGED else float("nan"))
    return values


def learning_rate_1d():
    """各学習率について、チェックポイントのステップ数での x と f(x)。

    ページ: docs/descent.md
    """
    runs = []
    for lr in LEARNING_RATES_1D:
        xs = descend_1d(lr)
        runs.append({"x": [_stored(x) if np.isfinite(x) else None for x in xs],
                     "f": [_stored(function(x)) if np.isfinite(x) else None for x in xs]})
    return {"lrs": list(LEARNING_RATES_1D), "checkpoints": list(CHECKPOINTS_1D), "runs": runs}


def _training_data():
    return make_two_class_data(200, seed=1)


def training_run(lr):
    """学習率 ``lr`` で学習させたときの、ステップごとの損失（最後は学習後）と、10 ステップごとの正解率・
    決定領域（格子点でのクラス 1 の確率を 0〜9 の 1 文字に切り捨てたもの、上の行から）。

    ページ: docs/learning.md
    """
    x, t = _training_data()
    axis = np.linspace(-TRAINING_EXTENT, TRAINING_EXTENT, TRAINING_GRID)
    grid = np.array([[a, b] for b in axis[::-1] for a in axis])
    net = Network(seed=0)
    losses, accuracy, regions = [], [], []
    for step in range(0, TRAINING_STEPS + 1, TRAINING_EVERY):
        accuracy.append(net.accuracy(x, t))
        regions.append("".join(str(min(int(p * 10), 9)) for p in net.predict(grid)[:, 1]))
        if step < TRAINING_STEPS:
            losses += train(net, x, t, lr=lr, step_num=TRAINING_EVERY)
    losses.append(net.loss(x, t))
    return {"loss": [_stored(v) for v in losses], "accuracy": accuracy, "regions": regions}


def training(runs=None):
    """学習率ごとの ``training_run`` と、データ点・格子の設定。``runs`` は計算済みの各学習率の結果
    （ビルドでは並行して計算する）。

    ページ: docs/learning.md
    """
    x, t = _training_data()
    return {"lrs": list(TRAINING_RATES), "steps": TRAINING_STEPS, "every": TRAINING_EVERY, "grid": TRAINING_GRID,
            "extent": TRAINING_EXTENT, "points": [[round(float(a), 3), round(float(b), 3)] for a, b in x],
            "labels": [int(v) for v in t], "runs": runs if runs is not None else [training_run(lr) for lr in TRAINING_RATES]}
