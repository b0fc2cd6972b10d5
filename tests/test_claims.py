"""Every sentence true: each claim the site's prose makes about a number or an output is held here,
next to the words as they stand in their source. A claim fails when the computation no longer says
it, and also when its sentence is edited (then the claim here is read again and updated with it).

Numbers that a ```pycon example prints are held by that example (a doctest); numbers a notebook
prints come from its own computation. This file holds what prose says in words."""
import functools
import math
import re
from pathlib import Path

import numpy as np
import pytest

from dlcode import explorers
from dlcode.datasets import load_digits_split, make_two_class_data
from dlcode.descent import gradient_descent, gradient_descent_1d
from dlcode.diff import forward_diff, numerical_diff
from dlcode.figures import data_accuracy_vs_loss
from dlcode.network import Network, TwoLayerNet, train, train_minibatch
from dlcode.slides import function, function_2

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = []


def claim(source, words):
    """Register ``check`` as holding ``words`` (as written, line breaks aside) in ``source``."""
    def register(check):
        CLAIMS.append(pytest.param(source, words, check, id=f"{source}: {words[:24]}"))
        return check
    return register


def prose(source):
    """The text of a page or notebook source with its line breaks (and jupytext's '# ') joined."""
    text = (ROOT / source).read_text(encoding="utf-8")
    return re.sub(r"\n(?:#\s?)?\s*", "", text)


@functools.cache  # five claims read this one run (the claims only read it)
def two_layer_history():
    """The two_layer_net notebook's run (its constants)."""
    x_train, t_train, x_test, t_test = load_digits_split(seed=0)
    net = TwoLayerNet(input_size=64, hidden_size=50, output_size=10, seed=0)
    return train_minibatch(net, x_train, t_train, x_test, t_test, lr=0.5, batch_size=100, epochs=100, seed=0)


GUESS = 0.2  # twice the 10 % of guessing among 10 classes, as the notebook prints it


@claim("docs/notebooks/two_layer_net.py", "学習の始めの数エポックは、正解率が当て推量（10 クラスなので 10 %）と変わらない")
def plateau_at_guessing():
    test = two_layer_history()["test_acc"]
    escaped = next(epoch for epoch, acc in enumerate(test) if acc > GUESS)
    assert 3 <= escaped <= 15, escaped  # a few epochs, not ten
    assert all(0.05 <= acc <= 0.15 for acc in test[:escaped])


@claim("docs/notebooks/two_layer_net.py", "そこを抜けると正解率は急に上がり、その後はゆっくり上がる")
def jump_then_slow():
    test = two_layer_history()["test_acc"]
    escaped = next(epoch for epoch, acc in enumerate(test) if acc > GUESS)
    assert test[escaped + 10] - test[escaped - 1] > 0.5  # up by more than half within ten epochs
    assert test[-1] - test[50] < 0.1  # the second half adds little


@claim("docs/notebooks/two_layer_net.py", "1 エポックの更新は 13 回しかない。そこでエポックを 100 に増やし、学習率を 0.5 に上げた。"
       "更新は合わせて 1300 回で原著の 10000 回よりずっと少ない")
def updates_counted():
    x_train, *_ = load_digits_split(seed=0)
    assert len(x_train) // 100 == 13
    assert two_layer_history()["iterations"] == 1300
    assert "学習率 | 0.1 | 0.5 |" in prose("docs/notebooks/two_layer_net.py")  # the table beside it


@claim("docs/notebooks/two_layer_net.py", "正解率は学習の後半には落ち着く")
def settles():
    test = two_layer_history()["test_acc"]
    assert max(test[50:]) - min(test[50:]) < 0.05


@claim("docs/notebooks/two_layer_net.py", "訓練データとテストデータの正解率の差はずっと小さく、**過学習**")
def no_overfitting():
    history = two_layer_history()
    gaps = np.subtract(history["train_acc"], history["test_acc"])
    assert np.abs(gaps).max() < 0.1
    assert history["test_acc"][-1] >= max(history["test_acc"]) - 0.02  # the test accuracy does not fall back


@claim("docs/notebooks/two_layer_net.py", "数値微分では、この学習に積和が数兆回かかる。誤差逆伝播法ならその数千分の 1")
def counts_of_multiply_adds():
    params = 64 * 50 + 50 + 50 * 10 + 10
    forward = 100 * (64 * 50 + 50 * 10)
    backward = 100 * (50 * 10 + 50 * 10 + 64 * 50)
    numerical, backprop = 2 * params * forward, forward + backward
    assert 1e12 <= numerical * 1300 < 1e13
    assert 1000 <= numerical / backprop < 10000


@claim("docs/notebooks/digits.py", "学習後の訓練データとテストデータの正解率（原著の言葉では認識精度）の差は小さい")
def digits_gap_is_small():
    # As the notebook prints them after its training (a minute of numerical gradients, not run again
    # here): tests/test_notebooks.py holds that the notebook was executed from its current source.
    from test_notebooks import printed

    found = re.search(r"学習後の正解率: 訓練 ([\d.]+)%、テスト ([\d.]+)%", printed("digits"))
    assert found, "the digits notebook no longer prints its accuracies after training"
    train_after, test_after = map(float, found.groups())
    assert abs(train_after - test_after) < 5, (train_after, test_after)  # percentage points


@claim("docs/learning.md", "重みが小さいと、どの入力にもほぼ同じ出力になり（損失は $\\log 2 \\approx 0.693$）、"
       "$W^1$ の勾配は、小さな $W^2$、$W^3$ を通って届くので、さらに小さくなる")
def the_book_s_small_weights_start_flat():
    x, t = make_two_class_data(200, seed=1)
    small, default = Network(seed=0, weight_scale=0.01), Network(seed=0)
    outputs = small.predict(x)[:, 1]
    assert outputs.max() - outputs.min() < 1e-6 and abs(small.loss(x, t) - math.log(2)) < 1e-3
    grads, default_grads = small.numerical_gradients(x, t), default.numerical_gradients(x, t)
    size = {key: np.abs(grads[key]).max() for key in ("W1", "W3")}
    assert size["W1"] < 1e-3 * size["W3"]  # W1's gradient, past two small layers, a thousandth of W3's
    assert size["W1"] < 1e-3 * np.abs(default_grads["W1"]).max()  # and far below where 1/√n starts


@claim("docs/notebooks/digits.py", "同じ 100 ステップを学習率 0.1 で学習させると、テストデータの正解率は 50 % ほどにとどまる")
def digits_at_the_book_s_rate():
    x_train, t_train, x_test, t_test = load_digits_split(seed=0)
    net = Network((64, 16, 10), seed=0)
    train(net, x_train, t_train, lr=0.1, step_num=100, batch_size=100, seed=0)
    assert 0.45 <= net.accuracy(x_test, t_test) <= 0.55


def training_run(lr):
    return explorers.training_run(lr)


@claim("docs/learning.md", "学習率が小さすぎる（$\\eta = 0.5$）と、損失は $\\log 2 \\approx 0.693$（どちらのクラスも確率 1/2 と答える）"
       "の近くで止まり、300 ステップでは分けられない")
def too_small_a_rate_stalls():
    assert explorers.TRAINING_RATES[0] == 0.5 and explorers.TRAINING_STEPS == 300
    run = training_run(0.5)
    assert abs(run["loss"][-1] - math.log(2)) < 0.01 and round(math.log(2), 3) == 0.693
    assert run["accuracy"][-1] <= 0.55


@claim("docs/learning.md", "大きすぎる（$\\eta = 8$）と、最初の 1 ステップで損失が学習前の倍以上にはね上がり、しばらくそのまま高い。"
       "終わりには学習前より下がるが、正解率は 50 % のままで、やはり分けられない")
def too_large_a_rate_jumps():
    assert explorers.TRAINING_RATES[-1] == 8.0
    loss, accuracy = training_run(8.0)["loss"], training_run(8.0)["accuracy"]
    assert loss[1] > 2 * loss[0]
    assert all(value > loss[0] for value in loss[1:100])  # "しばらく": the first hundred steps
    assert loss[-1] < loss[0] and accuracy[-1] == 0.5


@claim("docs/descent.md", "学習率を上げると速く原点に近づくが、$\\eta = 0.5$ を超えると原点をまたいで振動し、"
       "$\\eta = 1$ を超えると発散する。小さすぎると 100 ステップでもほとんど進まない。")
def two_variable_regimes():
    start = np.array([-3.0, 4.0])

    def run(lr):
        return gradient_descent(function_2, start, lr=lr, step_num=explorers.STEPS_2D)[1]
    assert np.linalg.norm(run(0.2)[10]) < np.linalg.norm(run(0.05)[10])  # faster
    assert (np.sign(run(0.6)[1:21, 0]) != np.sign(run(0.6)[:20, 0])).all()  # crosses the origin every step
    assert (np.sign(run(0.4)[1:21, 0]) == np.sign(run(0.4)[:20, 0])).all()
    assert np.linalg.norm(run(1.05)[-1]) > 1e3 * np.linalg.norm(start)  # diverges
    assert np.linalg.norm(run(0.95)[-1]) < np.linalg.norm(start)
    assert np.linalg.norm(run(0.001)[-1]) > 0.8 * np.linalg.norm(start)  # hardly moves


@claim("docs/notebooks/descent.py", "$\\eta$ が小さすぎる（0.01）: $0.98$ 倍ずつで、20 ステップたっても $f$ は 25 から約 11 までしか"
       "下がらない（最小値は 0）。")
def one_minus_two_eta():
    for lr, factor in ((0.01, 0.98), (0.1, 0.8), (1.05, -1.1)):
        _, path = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=lr, step_num=3)
        np.testing.assert_allclose(path[1:] / path[:-1], factor, rtol=1e-6)
    start = np.array([-3.0, 4.0])
    x_final, _ = gradient_descent(function_2, start, lr=0.01, step_num=20)
    assert function_2(start) == 25 and round(function_2(x_final)) == 11


@claim("docs/notebooks/network.py", "損失は最初の数ステップで $\\log 2 \\approx 0.693$（どちらのクラスも確率 1/2 と答える値）"
       "のあたりまで下がり、そこで 200 ステップ近く止まってから、急に下がる")
def network_loss_plateau():
    x, t = make_two_class_data(200, seed=1)
    losses = train(Network(seed=0), x, t, lr=2.0, step_num=300)
    assert abs(losses[5] - math.log(2)) < 0.005  # a few steps down to log 2
    assert abs(losses[180] - math.log(2)) < 0.02  # and there for nearly 200 steps
    assert losses[250] < 0.25 * losses[200]  # then falls fast


@claim("docs/supplement/numerical_diff.md", "最小になるのは、前方差分では $h$ が $10^{-8}$ 前後、"
       "中心差分では $10^{-6}$ から $10^{-5}$ のあたり")
def minimum_places_do_not_depend_on_the_grid():
    for points in (161, 701, 1401):  # the page's 701 and two other grids
        h = 10.0 ** np.linspace(-14, 0, points)
        forward = [abs(forward_diff(math.exp, 1.0, v) - math.e) for v in h]
        central = [abs(numerical_diff(math.exp, 1.0, v) - math.e) for v in h]
        assert -8.5 <= math.log10(h[np.argmin(forward)]) <= -7.5
        assert -6.5 <= math.log10(h[np.argmin(central)]) <= -4.5


@claim("docs/supplement/numerical_diff.md", "試す $h$ の刻みを変えるだけで 10 倍以上変わる")
def minimum_value_depends_on_the_grid():
    minima = []
    for points in (161, 701):
        h = 10.0 ** np.linspace(-14, 0, points)
        minima.append(min(abs(numerical_diff(math.exp, 1.0, v) - math.e) for v in h))
    assert max(minima) > 10 * min(minima)


@claim("docs/supplement/minibatch.md", "正解率はほとんどの場合まったく変わらない")
def accuracy_is_a_staircase():
    d = data_accuracy_vs_loss()
    unchanged = np.mean(np.diff(d["accuracy"]) == 0)
    assert unchanged > 0.9 and np.all(np.diff(d["loss"]) != 0)


@pytest.mark.parametrize("source, words, check", CLAIMS)
def test_the_sentence_stands_and_holds(source, words, check):
    assert re.sub(r"\s", "", words) in re.sub(r"\s", "", prose(source)), f"the sentence changed in {source}: {words}"
    check()


@claim("docs/notebooks/descent.py", "20 万ステップたっても $x \\approx -4.9$ で、まだ届いていない")
def slide_loop_has_not_arrived():
    rows, x = gradient_descent_1d(function, lr=0.001, step_num=200000)
    assert round(x, 1) == -4.9 and abs(x - (-5)) > 0.05


@claim("docs/notebooks/descent.py", "学習率を 2 倍にすると、ほぼ同じ $x$ に半分のステップ数で着く")
def twice_the_rate_half_the_steps():
    for steps in (10000, 50000):
        _, slow = gradient_descent_1d(function, lr=0.001, step_num=2 * steps, report_every=2 * steps)
        _, fast = gradient_descent_1d(function, lr=0.002, step_num=steps, report_every=steps)
        assert abs(slow - fast) < 0.01 * abs(slow)


@claim("docs/notebooks/network.py", "学習前はほぼ一色だが、学習後は 4 つの塊を正しく分けている")
def four_clusters_separated():
    x, t = make_two_class_data(200, seed=1)
    grid = np.array([[a, b] for a in np.linspace(-2.5, 2.5, 21) for b in np.linspace(-2.5, 2.5, 21)])
    untrained = Network(seed=0).predict(grid)[:, 1]
    assert untrained.max() - untrained.min() < 0.1  # about one colour
    net = Network(seed=0)
    train(net, x, t, lr=2.0, step_num=300)
    for sign0 in (-1, 1):  # each of the four clusters, as the data makes them: its points' share classified right
        for sign1 in (-1, 1):
            cluster = (np.sign(x[:, 0]) == sign0) & (np.sign(x[:, 1]) == sign1)
            assert cluster.sum() > 20 and net.accuracy(x[cluster], t[cluster]) > 0.9
