"""Every sentence true: each claim the site's prose makes about a number or an output is held here,
next to the words as they stand in their source. A claim fails when the computation no longer says
it, and also when its sentence is edited (then the claim here is read again and updated with it).

Numbers that a ```pycon example prints are held by that example (a doctest); numbers a notebook
prints come from its own computation. This file holds what prose says in words; a number that
nothing holds is found by tests/test_numbers_in_prose.py."""
import contextlib
import inspect
import io
import json
import math
import re
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from dlcode import explorers, figures, slides
from dlcode.datasets import load_digits_split, make_two_class_data
from dlcode.descent import gradient_descent, gradient_descent_1d
from dlcode.diff import forward_diff, numerical_diff
from dlcode.figures import data_accuracy_vs_loss
from dlcode.gradient import numerical_gradient, numerical_gradient_nd
from dlcode.network import Network, SimpleNet, TwoLayerNet, sigmoid, train, train_minibatch
from dlcode.slides import function, function_2, run_gradient_descent_loop

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.slides import added, deck  # noqa: E402
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


def notebook_output(notebook, start):
    """The printed text of the executed notebook's output that starts with ``start``."""
    cells = json.loads((ROOT / notebook).read_text(encoding="utf-8"))["cells"]
    (text,) = [text for cell in cells for output in cell.get("outputs", [])
               for text in ["".join(output.get("text", ""))] if text.startswith(start)]
    return text


@lru_cache(maxsize=None)  # several claims read one run (seeded: the same every time); none changes it
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


@claim("docs/notebooks/two_layer_net.py", "| 13 回 |")  # the table beside the sentence
@claim("docs/notebooks/two_layer_net.py", "100 エポック（1300 回）")
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
    # the notebook's own run (executed at build by today's dlcode; 100 steps of numerical gradients
    # take about half a minute, not repeated here): the line it prints after training
    printed = notebook_output("docs/notebooks/digits.ipynb", "学習後の正解率")
    train_accuracy, test_accuracy = (float(v) / 100 for v in re.findall(r"(\d+\.\d)%", printed)[:2])
    assert abs(train_accuracy - test_accuracy) < 0.05


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


# --- numbers in prose that tests/test_numbers_in_prose.py found unheld --------------------------

@claim("docs/descent.md", "点は x=0 から最小値 x=-5 に近づいていく")
@claim("docs/descent.md", "$x$ は最小値の $x = -5$（$f = -0.25$）に近づいていく")
@claim("docs/notebooks/descent.py", "最小値は $x = -5$（$f = -0.25$）")
def the_slide_s_function_has_its_minimum_at_minus_five():
    assert function(-5.0) == -0.25 and abs(numerical_diff(function, -5.0)) < 1e-9
    assert min(function(x) for x in np.linspace(-20, 10, 3001)) == function(-5.0)


def slide_loop_lines():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        run_gradient_descent_loop()
    return out.getvalue().splitlines()


@claim("docs/descent.md", "どおり（$\\eta = 0.001$、20 万ステップ）に動かしたときの")
@claim("docs/descent.md", "`i:x` だけを 20 行表示する")
@claim("docs/descent.md", "コードどおり $\\eta = 0.001$ なら 10000 ステップ目の $x$ は $-0.906\\ldots$")
def the_figure_runs_the_slide_s_loop():
    lines = slide_loop_lines()
    assert len(lines) == 20 and lines[-1].startswith("190000:")  # every 10000th of range(200000)
    rows, _ = gradient_descent_1d(function, init_x=0, lr=0.001, step_num=10001, report_every=10000)
    assert lines[1] == f"10000:{rows[1][1]!r}" and lines[1].startswith("10000:-0.906")
    assert (figures.ONE_VARIABLE_LR, figures.ONE_VARIABLE_STEPS) == (0.001, 200000)


def slide_result_rows():
    """(i, x) of the rows the slide 「勾配法（処理結果：変数１つ）」 prints."""
    text = deck.slide("勾配法（処理結果：変数１つ）").visible
    return [(int(i), float(x)) for i, x in re.findall(r"^\s*(\d+):\s*(-?[\d.]+)\s*,", text, re.M)]


@claim("docs/descent.md", "スライドの値は **$\\eta = 0.002$** で動かしたときのもので、どの行も 12 桁以上一致する"
       "（いくつかの行は末尾の数桁だけ違う）")
@claim("docs/descent.md", "$\\eta = 0.001$ と $\\eta = 0.002$ を比べると、")
@claim("docs/errata.md", "（$\\eta = 0.001$）の出力ではなく、$\\eta = 0.002$ のもの")
def the_slide_s_results_are_at_twice_the_rate():
    slide = slide_result_rows()
    assert len(slide) == 9
    for lr, agrees in ((0.002, True), (0.001, False)):
        rows, _ = gradient_descent_1d(function, init_x=0, lr=lr, step_num=150001)
        computed = {i: x for i, x, _ in rows}
        close = [i == 0 or abs(computed[i] - x) < 1e-12 * abs(x) for i, x in slide]
        assert all(close) == agrees
        if agrees:
            assert any(computed[i] != x for i, x in slide)  # some rows differ in their last digits  # some rows differ in the last digits


@claim("docs/descent.md", "この関数では $\\eta$ が 100 を超えると発散する")
def the_slide_s_function_diverges_above_100():
    for lr, diverges in ((99.0, False), (101.0, True)):  # x ← x − η(0.02x + 0.1): a factor 1 − 0.02η
        _, x = gradient_descent_1d(function, init_x=0.0, lr=lr, step_num=500, report_every=500)
        assert (abs(x + 5) > 1e3) == diverges


@claim("docs/descent.md", "20 ステップ後は $(-3, 4) \\times 0.8^{20}$")
def twenty_steps_of_0_8():
    x, _ = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=0.1, step_num=20)
    np.testing.assert_allclose(x, np.array([-3.0, 4.0]) * 0.8 ** 20, rtol=1e-9)


@claim("docs/diff.md", "$0.1999999999990898$ は $0.2$ との差が $10^{-12}$ 程度")
@claim("docs/diff.md", "「約 $0.199$」ではなく「約 $0.2$」")
@claim("docs/errata.md", "答えは「約 $0.199$」ではなく約 $0.2$")
def the_slide_s_derivative_is_about_0_2():
    value = slides.numerical_diff(slides.function_1, 5)
    assert 1e-13 < abs(value - 0.2) < 1e-11 and round(value, 3) == 0.2
    assert "約$0.199$" in deck.slide("微分(数値微分：計算例)").visible


@claim("docs/diff.md", "偏微分の計算①〜③の $6.00000000000378$ と $7.999999999999119$（真の値は $6$ と $8$）")
@claim("docs/diff.md", "$(3, 4)$ での値も $6$ と $8$ で違う")
@claim("docs/gradient.md", "上の例なら $\\nabla f(3, 4) = (6, 8)$")
@claim("docs/gradient.md", "$(3, 4)$ での勾配 $(6, 8)$ は原点から遠ざかる向き")
def the_gradient_at_3_4():
    assert slides.numerical_diff(slides.function_tmp1, 3.0) == 6.00000000000378
    assert slides.numerical_diff(slides.function_tmp2, 4.0) == 7.999999999999119
    grad = numerical_gradient(function_2, np.array([3.0, 4.0]))
    np.testing.assert_allclose(grad, [6.0, 8.0], atol=1e-9)
    assert grad @ np.array([3.0, 4.0]) > 0  # pointing away from the origin


@claim("docs/diff.md", "スライドは $x_1 = 4$ に固定した 1 変数関数を $f'(x_0)$ と名づけている")
@claim("docs/diff.md", "$f'(3)$ と書くと、導関数の値 $6$ なのか、固定した関数の値 $3^2 + 16 = 25$ なのか区別できない")
@claim("docs/diff.md", "たとえば $g(x_0) = x_0^2 + 16$")
@claim("docs/diff.md", "$f''$ はふつう 2 階導関数を表す（$x_0^2 + x_1^2$ なら $2$）。ここでは $x_0 = 3$ に固定した")
def the_slide_s_fixed_variable_functions():
    for x in (-2.0, 0.5, 3.0):
        assert slides.function_tmp1(x) == x ** 2 + 16 == function_2(np.array([x, 4.0]))
        assert slides.function_tmp2(x) == 9 + x ** 2 == function_2(np.array([3.0, x]))
    assert slides.function_tmp1(3.0) == 25 and round(slides.numerical_diff(slides.function_tmp1, 3.0), 6) == 6
    second = (slides.function_tmp2(4.001) - 2 * slides.function_tmp2(4.0) + slides.function_tmp2(3.999)) / 1e-6
    assert abs(second - 2) < 1e-3


@claim("docs/diff.md", "x=-10 における接線。傾きは約 -0.1")
@claim("docs/diff.md", "x=5 における接線。傾きは約 0.2")
@claim("docs/diff.md", "x=15 における接線。傾きは約 0.4")
@claim("docs/diff.md", '<figcaption markdown="span">$x=-10$</figcaption>')
@claim("docs/diff.md", '<figcaption markdown="span">$x = 5$</figcaption>')
@claim("docs/diff.md", '<figcaption markdown="span">$x = 15$</figcaption>')
def the_tangent_figures():
    assert figures.TANGENT_POINTS == (-10, 5, 15)  # numerical_diff_1..3, in the page's order
    slopes = [round(figures.data_tangent(x)["slope"], 1) for x in figures.TANGENT_POINTS]
    assert slopes == [-0.1, 0.2, 0.4]


@claim("docs/diff.md", "本文の $f(x)=0.001 x^2 + 0.1$ は係数が違い（$0.01$）")
@claim("docs/diff.md", "書かれた式なら $x = 5$ での傾きは $0.01$ になる")
@claim("docs/errata.md", "本文の関数 $0.001x^2 + 0.1$ は図の関数 $0.01x^2 + 0.1x$ と違う")
def the_written_function_is_not_the_figure_s():
    assert "$f(x)=0.001 x^2 + 0.1$" in deck.slide("微分(数値微分：イメージ)").visible
    xs = np.linspace(-10, 10, 9)
    np.testing.assert_allclose(np.polyfit(xs, slides.function_1(xs), 2), [0.01, 0.1, 0.0], atol=1e-12)
    assert round(numerical_diff(lambda x: 0.001 * x ** 2 + 0.1, 5), 6) == 0.01


@claim("docs/errata.md", "表示値 `.09750000000000003` の先頭の 0 が抜けている")
@claim("docs/errata.md", "「7」の例の出力は合計 1.95 で")
@claim("docs/errata.md", "黙って誤った勾配（`[25000, 35000]`）を返す")
def the_errata_list_s_values():
    assert "-> .09750000000000003" in deck.slide("損失関数(２乗和誤差：実装)").visible
    t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    assert repr(float(slides.mean_squared_error(y, t))) == "0.09750000000000003"
    assert round(float(np.array([0.1, 0.5, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.5, 0.0]).sum()), 10) == 1.95
    assert slides._numerical_gradient(function_2, np.array([3, 4])).tolist() == [25000, 35000]


@claim("docs/gradient.md", "（$3.0001 \\to 3$、$2.9999 \\to 2$）")
def integer_arrays_truncate():
    x = np.array([3, 4])
    x[0] = 3 + 1e-4
    assert x[0] == 3
    x[0] = 3 - 1e-4
    assert x[0] == 2


@claim("docs/index.md", "スライドの 2 → 3 → 2 → 2 のネットワークが学習する様子")
@claim("docs/learning.md", "スライドの 2 → 3 → 2 → 2 のネットワークを、直線では分けられない 2 クラスのデータ（200 点）で")
@claim("docs/notebooks/network.py", "スライドの 2 → 3 → 2 → 2 のネットワーク")
@claim("docs/notebooks/network.py", "パラメータは $W^1$（2×3）、$B^1$（3）、$W^2$（3×2）、$B^2$（2）、$W^3$（2×2）、$B^3$（2）の 23 個")
@claim("docs/learning.md", "$W^2$（3 行 2 列）や $B^3$（1 行 2 列）のように正方でない行列")
def the_slide_s_network():
    net = Network(seed=0)
    assert net.sizes == (2, 3, 2, 2) and net.parameter_count == 23
    shapes = {key: value.shape for key, value in net.params.items()}
    assert shapes == {"W1": (2, 3), "B1": (3,), "W2": (3, 2), "B2": (2,), "W3": (2, 2), "B3": (2,)}
    x, t = explorers._training_data()
    assert len(x) == 200 and set(t.tolist()) == {0, 1}


def evaluations_per_gradient(sizes):
    """How many times the numerical gradient of a network with these layer sizes computes the loss."""
    net, count = Network(sizes, seed=0), 0
    x, t = np.random.default_rng(0).random((1, sizes[0])), np.array([0])

    def counted(_):
        nonlocal count
        count += 1
        return net.loss(x, t)
    for value in net.params.values():
        numerical_gradient_nd(counted, value)
    return net.parameter_count, count


@claim("docs/learning.md", "スライドのネットワークはパラメータ 23 個で、1 ステップに損失を 46 回計算すれば済む。"
       "原著の MNIST 用 2 層ネットワーク（784 → 50 → 10）はパラメータ 39,760 個で、1 ステップに 79,520 回")
@claim("docs/learning.md", "数値微分の勾配で 1 ステップに損失を 46 回計算するので")
@claim("docs/summary.md", "数値微分の勾配は、パラメータ 1 個につき損失を 2 回計算する。スライドのネットワークはパラメータ 23 個で"
       "1 ステップに損失を 46 回、原著の MNIST 用の 784 → 50 → 10 のネットワークはパラメータ 39760 個で 79520 回")
@claim("docs/gradient.md", "`f` を 2 回計算し")
@claim("docs/notebooks/network.py", "数値微分は 1 つのパラメータにつき損失を 2 回計算するので、1 ステップに 46 回")
@claim("docs/notebooks/network.py", "各ステップで 46 回の損失計算をして")
@claim("docs/notebooks/network.py", "ここは 1 ステップに損失を 46 回計算する数値微分なので")
@claim("docs/notebooks/digits.py", "パラメータは $64 \\times 16 + 16 + 16 \\times 10 + 10 = 1210$ 個なので、1 ステップに損失を 2420 回計算する")
@claim("docs/notebooks/digits.py", "ここは 1 ステップに損失を 2420 回計算する数値微分なので")
def losses_per_numerical_gradient():
    assert evaluations_per_gradient((2, 3, 2, 2)) == (23, 46)
    assert evaluations_per_gradient((64, 16, 10)) == (1210, 2420) == (64 * 16 + 16 + 16 * 10 + 10, 2420)
    assert Network((784, 50, 10), seed=0).parameter_count == 39760  # counting its 79,520 losses takes seconds
    x, count = np.array([3.0, 4.0]), 0

    def counted(v):
        nonlocal count
        count += 1
        return function_2(v)
    slides._numerical_gradient(counted, x)
    assert count == 2 * x.size  # the slide's code: f twice per element


@claim("docs/supplement/network_class.md", "この大きさのネットワークでは、勾配 1 回に損失を数千回計算する")
def thousands_of_losses_per_gradient():
    net = TwoLayerNet(input_size=64, hidden_size=50, output_size=10, seed=0)
    assert 1000 <= 2 * sum(value.size for value in net.params.values()) < 10000


@claim("docs/learning.md", "$xw + b > 0$ はその出力が 0.5 を超えるところにあたる")
def sigmoid_passes_a_half_at_zero():
    assert sigmoid(0.0) == 0.5 and sigmoid(1e-3) > 0.5 > sigmoid(-1e-3)


@claim("docs/learning.md", "ここで 0.1 にすると、300 ステップでは損失が $\\log 2 \\approx 0.693$ のあたりから動かず、"
       "2 つのクラスを分けられない")
def the_book_s_rate_stalls_here():
    x, t = make_two_class_data(200, seed=1)
    net = Network(seed=0)
    train(net, x, t, lr=0.1, step_num=300)
    assert abs(net.loss(x, t) - math.log(2)) < 0.01 and net.accuracy(x, t) < 0.6


@claim("docs/loss.md", "そのため結果は式の値と 7 桁目で違う（$-\\log 0.6 = 0.5108256\\ldots$、コードは $0.5108254\\ldots$）")
def delta_changes_the_seventh_digit():
    formula, code = -math.log(0.6), float(slides.cross_entropy_error(np.array([0.6]), np.array([1])))
    assert f"{formula:.10f}"[:9] == "0.5108256" and f"{code:.10f}"[:9] == "0.5108254"
    assert f"{formula:.10f}"[:8] == f"{code:.10f}"[:8]  # six digits agree, the seventh differs


@claim("docs/supplement/gradient_more.md", "(−3, 0.001) から始めた勾配法の軌跡")
@claim("docs/supplement/gradient_more.md", "重みが 2 × 3 の行列 $W$ だけの小さなネットワーク")
@claim("docs/supplement/gradient_more.md", "損失への効き方が 0.9 / 0.6 = 1.5 倍になる。どの列でも 2 行目の値は 1 行目の 1.5 倍")
def the_simple_net_s_gradient_rows():
    assert figures.SADDLE_START == (-3.0, 0.001)
    net = SimpleNet(seed=0)
    assert net.W.shape == (2, 3)
    x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])
    dW = numerical_gradient_nd(lambda w: net.loss(x, t), net.W)
    np.testing.assert_allclose(dW[1] / dW[0], 1.5, rtol=1e-6)


@claim("docs/supplement/numerical_diff.md", "$h$ を 10 分の 1 にすると、前方差分の誤差は 10 分の 1、中心差分は 100 分の 1")
@claim("docs/supplement/numerical_diff.md", "理論値 $\\frac{h^2}{6} f^{(3)}(1)$ とほぼ同じ")
def error_orders():
    d = figures.data_difference_error()
    assert (round(10 ** d["forward_slope"]), round(10 ** d["central_slope"], -1)) == (10, 100)
    third_derivative_at_1 = math.e  # (e^x)''' = e^x
    assert d["slide_h_truncation"] == pytest.approx(1e-4 ** 2 / 6 * third_derivative_at_1)
    assert d["slide_h_error"] == pytest.approx(d["slide_h_truncation"], rel=0.01)


@claim("docs/notebooks/descent.py", "$\\eta$ がちょうどよい（0.1）: $0.8$ 倍ずつで、最小値に近づく")
@claim("docs/notebooks/descent.py", "$\\eta$ が大きすぎる（1.05）: $-1.1$ 倍ずつで")
def each_step_multiplies_by_one_minus_two_eta():
    one_minus_two_eta()


@claim("docs/notebooks/digits.py", "8×8 画素の手書き数字（1797 枚")
@claim("docs/notebooks/two_layer_net.py", "8×8 画素の手書き数字（1797 枚）")
@claim("docs/notebooks/two_layer_net.py", "画素の値は 0〜1 にそろえ、4 分の 3 を訓練データ")
@claim("docs/notebooks/two_layer_net.py", "このノートブック（8×8 の数字）")
def the_digits():
    x_train, _, x_test, _ = load_digits_split(seed=0)
    assert len(x_train) + len(x_test) == 1797 and x_train.shape[1] == 8 * 8
    assert round(len(x_train) / 1797, 2) == 0.75 and x_train.min() == 0 and x_train.max() == 1


@claim("docs/notebooks/digits.py", "1 ステップの積和が 8×8 のネットワークの千倍を超え、原著どおり 1 万ステップ学習すると "
       "$3 \\times 10^{15}$ 回を超える")
def mnist_by_numerical_gradient():
    def per_step(sizes, batch=100):
        losses = 2 * Network(sizes, seed=0).parameter_count
        return losses * batch * sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    assert per_step((784, 50, 10)) > 1000 * per_step((64, 16, 10))
    assert 3e15 < per_step((784, 50, 10)) * 10000 < 4e15


@claim("docs/notebooks/network.py", "4 つの塊を XOR 型に並べたデータ（左下と右上がクラス 0、左上と右下がクラス 1）")
def four_clusters_in_xor():
    x, t = make_two_class_data(400, seed=1)
    quadrant = (np.sign(x[:, 0]), np.sign(x[:, 1]))
    for (s0, s1), label in (((-1, -1), 0), ((1, 1), 0), ((-1, 1), 1), ((1, -1), 1)):
        inside = (quadrant[0] == s0) & (quadrant[1] == s1)
        assert inside.sum() > 50 and np.mean(t[inside] == label) > 0.9


@claim("docs/index.md", "（4:3、元の 33 枚に目次とまとめを足した 35 枚、ページ番号つき）")
def the_presented_deck():
    directives = deck.read()[0]
    assert directives["size"] == "4:3" and directives["page_number"] == "true"
    assert len(deck.slides()) == 33 and added.count() == 33 + 2  # the agenda and the summary
    assert "今日の流れ" in added.agenda()


@claim("docs/glossary.md", "数値微分の微小な差（コードでは `1e-4`）")
def the_code_s_h():
    assert inspect.signature(numerical_diff).parameters["h"].default == 1e-4 == figures.DEFAULT_H
    assert "h = 1e-4" in inspect.getsource(slides.numerical_diff).replace("h=1e-4", "h = 1e-4")
