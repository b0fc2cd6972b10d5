"""スライドの図を ``dlcode`` の関数から描く。データ（``data_*``）と描画（``draw_*``）を分け、
テストはデータを、``scripts/steps/make_figures.py`` は描画と書き出しを受け持つ。

matplotlib は描くときにだけ読み込む（図が最新なら何も読み込まずに終わるように）。

ページ: docs/diff.md, docs/gradient.md, docs/descent.md, docs/learning.md, docs/supplement/minibatch.md, docs/supplement/numerical_diff.md, docs/supplement/gradient_more.md
"""
import math
from dataclasses import dataclass

import numpy as np

from dlcode.datasets import make_two_class_data
from dlcode.descent import gradient_descent, gradient_descent_1d
from dlcode.diff import DEFAULT_H, forward_diff, function_1, numerical_diff, tangent_line
from dlcode.gradient import numerical_gradient, numerical_gradient_nd
from dlcode.network import SLIDE_SIZES, TwoLayerNet, sigmoid, step_function, train_minibatch
from dlcode.slides import function, function_2

__all__ = ["FIGURES", "FigureSpec", "data_tangent", "data_surface", "data_gradient_field",
           "data_descent_path", "data_one_variable_descent", "data_network", "data_accuracy_vs_loss",
           "data_step_vs_sigmoid", "data_difference_error", "saddle", "data_saddle_descent", "CLASS_COLORS", "NOTEBOOK_STYLE",
           "class_colormap"]

TANGENT_POINTS = (-10, 5, 15)  # the slide's table order: numerical_diff_1..3
DESCENT_START = (-3.0, 4.0)
DESCENT_LR = 0.1  # the book's values; the slide states none
DESCENT_STEPS = 20
ONE_VARIABLE_LR = 0.001  # the slide's loop
ONE_VARIABLE_STEPS = 200000
ONE_VARIABLE_EVERY = 10000
LAYER_NAMES = ("入力層", "隠れ層①", "隠れ層②", "出力層")
SADDLE_START = (-3.0, 0.001)  # just off the x0 axis, so that descent slides to the saddle first
SADDLE_LR = 0.1
SADDLE_STEPS = 40

# Colours readable on white; the figures carry their own white background so they read
# the same in the site's light and dark palettes.
BLUE, ORANGE, GREEN, GREY = "#1f6fb4", "#e66a00", "#2a9d3c", "#666666"
# Matplotlib settings of the notebooks' figures: drawn at most about 500 px wide (5 inches at 100 dpi)
# with 12-point text, a figure shown at a phone's 358 px keeps its text at 11 px or more.
NOTEBOOK_STYLE = {"figure.dpi": 100, "font.size": 12}
# The deck's own drawings (site/slides/ at 960 × 720): drawn at the size the slide shows them (1 inch is 96 px),
# all text 15 points = 20 px, so that sub- and superscripts (0.7 of it) stay at 14 px, legible at the back of a room.
SLIDE_TEXT = 15
SLIDE_STYLE = {"font.size": SLIDE_TEXT, "legend.fontsize": SLIDE_TEXT, "axes.titlesize": SLIDE_TEXT,
               "axes.labelsize": SLIDE_TEXT, "xtick.labelsize": SLIDE_TEXT, "ytick.labelsize": SLIDE_TEXT}
# Inches (on a slide an SVG's inch is 96 px, a PNG's 100 px), from the room the slide's text leaves
# (tests/test_slides_browser.py measures it): three tangents side by side in a table (slide 12); in the table of
# slides 21 and 26 the surface (PNG) and the field of arrows side by side, at most about 331 px high, their widths
# adding up to nearly what the table's cells leave (about 780 px);
# the surface alone under three lines (13: 820 × 284 px, so it comes with its contour lines beside it), the path
# under two lines (27: 820 × 406 px, with f at each step beside it), the network under one line (29).
SLIDE_FIGSIZES = {"tangent": (2.55, 3.45), "surface": (3.75, 3.3), "surface_alone": (8.5, 2.95),
                  "gradient_field": (4.15, 3.45), "descent_path": (8.5, 4.2), "network": (8.4, 4.75)}
# The two classes of the slide network's data, as in every figure, notebook and explorer (site.css).
CLASS_COLORS = (BLUE, ORANGE)


def class_colormap():
    """クラス 0 の確率が高いほど青、クラス 1 が高いほど橙になる色の対応（決定領域の塗り分け用）。

    ページ: docs/notebooks/network.py
    """
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("classes", [CLASS_COLORS[0], "#ffffff", CLASS_COLORS[1]])


# ---------------------------------------------------------------- data

def data_tangent(x0):
    """f(x) = 0.01x² + 0.1x と、x0 における接線（傾きは numerical_diff）。

    ページ: docs/diff.md
    """
    x = np.linspace(-20, 20, 201)
    slope, intercept = tangent_line(function_1, x0)
    return {"x": x, "f": function_1(x), "x0": x0, "y0": function_1(x0),
            "slope": slope, "tangent": slope * x + intercept}


def data_surface():
    """f(x0, x1) = x0² + x1² を格子上で。

    ページ: docs/diff.md
    """
    x0, x1 = np.meshgrid(np.linspace(-3, 3, 41), np.linspace(-3, 3, 41))
    return {"x0": x0, "x1": x1, "f": x0 ** 2 + x1 ** 2}


def data_gradient_field():
    """格子上の各点の勾配を numerical_gradient で求め、矢印は −∇f（下り坂の向き）。

    ページ: docs/gradient.md
    """
    x0, x1 = np.meshgrid(np.arange(-2, 2.25, 0.5), np.arange(-2, 2.25, 0.5))
    points = np.column_stack([x0.ravel(), x1.ravel()])
    grad = numerical_gradient(function_2, points)
    return {"points": points, "grad": grad, "arrows": -grad}


def data_descent_path():
    """(−3, 4) から gradient_descent（η = 0.1, 20 ステップ）でたどる軌跡。

    ページ: docs/descent.md
    """
    _, history = gradient_descent(function_2, np.array(DESCENT_START),
                                  lr=DESCENT_LR, step_num=DESCENT_STEPS)
    return {"history": history, "lr": DESCENT_LR, "steps": DESCENT_STEPS}


def data_one_variable_descent():
    """スライドの 1 変数ループが表示する (i, x, f(x))（10000 ステップごと）。

    ページ: docs/descent.md
    """
    rows, _ = gradient_descent_1d(function, init_x=0.0, lr=ONE_VARIABLE_LR,
                                  step_num=ONE_VARIABLE_STEPS, report_every=ONE_VARIABLE_EVERY)
    steps, xs, fs = (np.array(column) for column in zip(*rows))
    return {"steps": steps, "x": xs, "f": fs, "curve_x": np.linspace(-12, 4, 161)}


def data_network():
    """スライドのネットワーク（2 → 3 → 2 → 2）の節点の位置と名前。

    ページ: docs/learning.md
    """
    layers = []
    for layer, size in enumerate(SLIDE_SIZES):
        ys = (np.arange(size) - (size - 1) / 2)[::-1] * 1.3
        if layer == 0:
            labels = [f"$x_{i}$" for i in range(1, size + 1)]
        elif layer == len(SLIDE_SIZES) - 1:
            labels = [f"$y_{i}$" for i in range(1, size + 1)]
        else:
            labels = [f"$z^{layer}_{i}$" for i in range(1, size + 1)]
        layers.append({"name": LAYER_NAMES[layer], "x": layer * 3.0, "y": ys, "labels": labels})
    return {"layers": layers}


def data_accuracy_vs_loss():
    """2 クラスのデータ（40 個）で学習させた TwoLayerNet(2, 3, 2) の重み W1[0, 0] だけを動かしたときの
    正解率と損失。正解率は 1/40 刻みの階段、損失はなめらか。

    ページ: docs/supplement/minibatch.md
    """
    x, t = make_two_class_data(40, seed=1)
    net = TwoLayerNet(2, 3, 2, weight_init_std=1.0, seed=0)
    train_minibatch(net, x, t, x, t, lr=1.0, batch_size=40, epochs=300, seed=0)
    trained = float(net.params["W1"][0, 0])
    weights = trained + np.linspace(-4, 4, 801)
    accuracy, loss = [], []
    for w in weights:
        net.params["W1"][0, 0] = w
        accuracy.append(net.accuracy(x, t))
        loss.append(net.loss(x, t))
    net.params["W1"][0, 0] = trained
    return {"w": weights, "trained": trained, "accuracy": np.array(accuracy), "loss": np.array(loss), "n": len(x)}


def data_step_vs_sigmoid():
    """ステップ関数とシグモイド関数、それぞれの数値微分（numerical_diff）。

    ページ: docs/supplement/minibatch.md
    """
    x = np.linspace(-6, 6, 240)  # an even count: no grid point at the jump x = 0
    return {"x": x, "step": step_function(x), "sigmoid": sigmoid(x),
            "d_step": np.array([numerical_diff(step_function, v) for v in x]),
            "d_sigmoid": np.array([numerical_diff(sigmoid, v) for v in x])}


def _slope(h, error, low, high):
    """log10(error) を log10(h) の直線で近似したときの傾き（low ≤ h ≤ high の範囲）。"""
    chosen = (h >= low) & (h <= high)
    return float(np.polyfit(np.log10(h[chosen]), np.log10(error[chosen]), 1)[0])


def data_difference_error():
    """f(x) = e^x の x = 1 での微分（答えは e）を前方差分と中心差分で求めたときの誤差を、h ごとに。
    h は 10⁻¹⁴（x = 1 で x ± h が区別できる範囲）から 1 まで、1 桁を 50 に分けた 701 点。
    ``*_slope``: h = 1e-3〜1e-1 での両対数の傾き（打ち切り誤差の次数）。``slide_h_error``: スライドの
    h = 1e-4 での中心差分の誤差、``slide_h_truncation``: その打ち切り誤差の理論値 h² f‴(1) / 6。

    ページ: docs/supplement/numerical_diff.md
    """
    h = 10.0 ** np.linspace(-14, 0, 701)
    forward = np.array([abs(forward_diff(math.exp, 1.0, v) - math.e) for v in h])
    central = np.array([abs(numerical_diff(math.exp, 1.0, v) - math.e) for v in h])
    return {"h": h, "forward": forward, "central": central,
            "forward_slope": _slope(h, forward, 1e-3, 1e-1), "central_slope": _slope(h, central, 1e-3, 1e-1),
            "slide_h_error": abs(numerical_diff(math.exp, 1.0, DEFAULT_H) - math.e),
            "slide_h_truncation": DEFAULT_H ** 2 * math.e / 6}


def saddle(x):
    """f(x0, x1) = x0² − x1²: 原点は鞍点（x0 の向きには谷底、x1 の向きには山頂）。

    ページ: docs/supplement/gradient_more.md
    """
    return x[0] ** 2 - x[1] ** 2


def data_saddle_descent():
    """鞍点 (0, 0) の近くから始めた勾配法の軌跡、各ステップの f と勾配の大きさ。

    ページ: docs/supplement/gradient_more.md
    """
    _, history = gradient_descent(saddle, np.array(SADDLE_START), lr=SADDLE_LR, step_num=SADDLE_STEPS)
    grad_norm = np.array([np.linalg.norm(numerical_gradient_nd(saddle, point.copy())) for point in history])
    return {"history": history, "f": np.array([saddle(p) for p in history]), "grad_norm": grad_norm,
            "lr": SADDLE_LR, "steps": SADDLE_STEPS}


# ---------------------------------------------------------------- drawing

def _new_figure(width, height, projection=None):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, facecolor="white", layout="constrained")
    ax = fig.add_subplot(projection=projection)
    return fig, ax


def _finish_plane(ax, limit, title, legend_loc, slide=False):
    """(x0, x1) 平面の軸の仕上げ: 縦横同じ縮尺、軸ラベル、凡例、薄い格子。"""
    ax.set(xlabel="$x_0$", ylabel="$x_1$", xlim=(-limit, limit), ylim=(-limit, limit),
           aspect="equal", title=title)
    ax.legend(loc=legend_loc, fontsize=_small(slide))
    ax.grid(alpha=0.3)


def _small(slide):
    """Legends: 8 points on the site; on a slide, SLIDE_STYLE's size (None: matplotlib's setting)."""
    return None if slide else 8


def draw_tangent(x0, slide=False):
    d = data_tangent(x0)
    fig, ax = _new_figure(*(SLIDE_FIGSIZES["tangent"] if slide else (4.2, 3.4)))
    ax.plot(d["x"], d["f"], color=BLUE, label="$f(x) = 0.01x^2 + 0.1x$")
    ax.plot(d["x"], d["tangent"], color=ORANGE, linestyle="--",
            label=f"接線（傾き {d['slope']:.4f}）")
    if slide:  # a third of the slide's width: the slope as the title, the function named by the slide
        ax.set_title(f"接線の傾き {d['slope']:.4f}".replace("-", "−"))
        ax.set(xticks=[-20, 0, 20], yticks=[0, 2, 4, 6])
    ax.plot([d["x0"]], [d["y0"]], "o", color=ORANGE, markersize=7)
    # Above the point, on the side where the tangent line falls away from it; on a slide, a falling tangent's
    # label goes high above the point, tied to it by a line (at the slide's type size, beside it runs into the curve).
    rising = d["slope"] > 0
    high = slide and not rising
    ax.annotate(f"x = {d['x0']}".replace("-", "−" if slide else "-"), (d["x0"], d["y0"]), textcoords="offset points",
                xytext=(0, 45) if high else (-10, 10) if rising else (10, 10),
                ha="center" if high else "right" if rising else "left", color=GREY,
                arrowprops={"arrowstyle": "-", "color": GREY, "linewidth": 0.8, "shrinkB": 5} if high else None)
    ax.set(xlabel="x", ylabel="f(x)", xlim=(-20, 20), ylim=(-1.5, 6))
    if not slide:
        ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    return fig


def _surface(ax, slide, zoom=1.12, named=True):
    d = data_surface()
    ax.plot_surface(d["x0"], d["x1"], d["f"], cmap="viridis", linewidth=0,
                    rstride=1, cstride=1, antialiased=False)
    # in the slides' table the header above names f (and its label would leave the cell)
    ax.set(xlabel="$x_0$", ylabel="$x_1$", zlabel="$f(x_0, x_1)$" if named else "")
    # on a slide the box fills a room wider than high: seen lower, its height 0.7 of its sides (the site's
    # 0.85 zoom leaves a wide white frame)
    ax.view_init(elev=22 if slide else 28, azim=-60)
    ax.set_box_aspect((1, 1, 0.7) if slide else None, zoom=zoom if slide else 0.85)
    if slide:  # fewer ticks, labels further out: at the slide's type size the site's run into each other
        ax.set(xticks=[-3, 0, 3], yticks=[-3, 0, 3], zticks=[0, 9, 18])
        for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
            axis.labelpad = 8


def draw_surface(slide=False):
    fig, ax = _new_figure(*(SLIDE_FIGSIZES["surface"] if slide else (4.6, 3.8)), projection="3d")
    _surface(ax, slide, named=not slide)
    return fig


def draw_surface_alone():
    # slide 13's room is three times as wide as high: the surface, and beside it the same f seen from above
    from matplotlib.figure import Figure

    fig = Figure(figsize=SLIDE_FIGSIZES["surface_alone"], dpi=100, facecolor="white", layout="constrained")
    grid = fig.add_gridspec(1, 2, width_ratios=(1, 1))
    surface = fig.add_subplot(grid[0], projection="3d")
    _surface(surface, True, zoom=1.25)
    plane = fig.add_subplot(grid[1])
    d = data_surface()
    levels = [2, 8, 18]
    filled = plane.contourf(d["x0"], d["x1"], d["f"], levels=40, cmap="viridis")
    fig.colorbar(filled, ax=plane, ticks=[0, 9, 18], label="$f(x_0, x_1)$")
    lines = plane.contour(d["x0"], d["x1"], d["f"], levels=levels, colors="white", linewidths=1)
    plane.clabel(lines, fmt="%d", fontsize=SLIDE_TEXT)
    plane.set(xlabel="$x_0$", ylabel="$x_1$", aspect="equal", xticks=[-3, 0, 3], yticks=[-3, 0, 3],
              title="上から見た等高線")
    return fig


def draw_gradient_field(slide=False):
    d = data_gradient_field()
    fig, ax = _new_figure(*(SLIDE_FIGSIZES["gradient_field"] if slide else (4.2, 4.0)))
    ax.quiver(d["points"][:, 0], d["points"][:, 1], d["arrows"][:, 0], d["arrows"][:, 1],
              angles="xy", color=BLUE, width=0.006 if slide else 0.004)
    ax.plot([0], [0], "*", color=ORANGE, markersize=12, label="最小値 (0, 0)")
    _finish_plane(ax, 2.3, r"矢印は $-\nabla f$（下り坂）" if slide else r"矢印は $-\nabla f$（下り坂の向き）",
                  "upper right", slide)
    if slide:  # beside the plane, where no arrow is (inside, at the slide's type size, it covers arrows)
        ax.get_legend().remove()
        fig.legend(ax.get_legend_handles_labels()[0], ["最小値\n(0, 0)"], loc="outside right center", frameon=False,
                   handlelength=1, handletextpad=0.4, borderaxespad=0)
    return fig


def _descent_plane(ax, d, slide):
    grid = np.linspace(-4.5, 4.5, 181)
    x0, x1 = np.meshgrid(grid, grid)
    ax.contour(x0, x1, x0 ** 2 + x1 ** 2, levels=[1, 4, 9, 16], colors=GREY,
               linestyles="dashed", linewidths=0.8)
    path = d["history"]
    ax.plot(path[:, 0], path[:, 1], "o-", color=BLUE, markersize=4)
    ax.plot(*path[0], "s", color=ORANGE, markersize=8, label="初期値 (−3, 4)")
    ax.plot([0], [0], "*", color=GREEN, markersize=12, label="最小値 (0, 0)")
    # on a slide the lower left, where the path never goes
    _finish_plane(ax, 4.5, f"学習率 η = {d['lr']}、{d['steps']} ステップ", "lower left" if slide else "lower right", slide)


def draw_descent_path(slide=False):
    d = data_descent_path()
    if not slide:
        fig, ax = _new_figure(4.4, 4.2)
        _descent_plane(ax, d, slide)
        return fig
    # The slide's room is twice as wide as high: beside the path, f at each step (how it comes near the minimum).
    from matplotlib.figure import Figure

    fig = Figure(figsize=SLIDE_FIGSIZES["descent_path"], dpi=100, facecolor="white", layout="constrained")
    plane, steps = fig.subplots(1, 2, width_ratios=(1, 1.1))
    _descent_plane(plane, d, slide)
    values = [function_2(point) for point in d["history"]]
    steps.plot(range(len(values)), values, "o-", color=BLUE, markersize=4)
    steps.plot([0], values[:1], "s", color=ORANGE, markersize=8)
    steps.set(xlabel="ステップ", ylabel="$f(x_0, x_1)$", title="ステップごとの $f$ の値", xticks=range(0, d["steps"] + 1, 5))
    steps.grid(alpha=0.3)
    return fig


def draw_one_variable_descent():
    d = data_one_variable_descent()
    fig, ax = _new_figure(5.0, 3.4)
    ax.plot(d["curve_x"], function(d["curve_x"]), color=GREY, label="$f(x) = 0.01x^2 + 0.1x$")
    points = ax.scatter(d["x"], d["f"], c=d["steps"], cmap="viridis", zorder=3, s=24)
    cbar = fig.colorbar(points, ax=ax)
    cbar.set_label("ステップ i")
    ax.plot([-5], [-0.25], "*", color=ORANGE, markersize=12, label="最小値 x = −5")
    ax.set(xlabel="x", ylabel="f(x)",
           title=f"1 変数の勾配法（η = {ONE_VARIABLE_LR}、{ONE_VARIABLE_EVERY} ステップごと）")
    ax.legend(loc="upper right", fontsize=8)
    ax.grid(alpha=0.3)
    return fig


def draw_network(slide=False):
    from matplotlib.patches import Circle

    d = data_network()
    fig, ax = _new_figure(*(SLIDE_FIGSIZES["network"] if slide else (6.4, 3.6)))
    grow = 1.6 if slide else 1.0  # the slide's labels: 11 points and up become 17.6 and up
    radius = 0.42
    layers = d["layers"]
    for left, right, number in zip(layers, layers[1:], range(1, len(layers))):
        for y_from in left["y"]:
            for y_to in right["y"]:
                ax.plot([left["x"] + radius, right["x"] - radius], [y_from, y_to],
                        color=GREY, linewidth=0.8, zorder=1)
        # The bias enters each unit of the next layer from a constant-1 node.
        bias_y = left["y"].min() - 1.3
        for y_to in right["y"]:
            ax.plot([left["x"] + 0.25, right["x"] - radius], [bias_y, y_to],
                    color=ORANGE, linewidth=0.7, linestyle="--", zorder=1)
        ax.text(left["x"], bias_y, "1", ha="center", va="center", fontsize=10 * grow,
                bbox={"boxstyle": "circle", "facecolor": "#fff3e6", "edgecolor": ORANGE})
        middle = (left["x"] + right["x"]) / 2
        ax.text(middle, max(left["y"].max(), right["y"].max()) + 0.55, f"$W^{number}$",
                ha="center", fontsize=12 * grow, color=BLUE)
        ax.text(middle - 0.2, bias_y - 0.05, f"$B^{number}$", ha="center", va="top",
                fontsize=12 * grow, color=ORANGE)
    for layer in layers:
        for y, label in zip(layer["y"], layer["labels"]):
            ax.add_patch(Circle((layer["x"], y), radius, facecolor="#e8f1fa",
                                edgecolor=BLUE, linewidth=1.2, zorder=2))
            ax.text(layer["x"], y, label, ha="center", va="center", fontsize=11 * grow, zorder=3)
        ax.text(layer["x"], 2.75, layer["name"], ha="center", va="bottom", fontsize=11 * grow)
    ax.set(xlim=(-0.8, 9.8), ylim=(-3.4, 3.4), aspect="equal")
    ax.axis("off")
    return fig


def draw_accuracy_vs_loss():
    d = data_accuracy_vs_loss()
    fig, ax = _new_figure(4.6, 3.4)
    ax.plot(d["w"], d["accuracy"], color=BLUE, drawstyle="steps-mid", label="正解率（左の軸）")
    ax.set(xlabel="重み W1[0, 0] の値（コードの名前）", ylabel="正解率", ylim=(0.4, 1.02))
    ax.axvline(d["trained"], color=GREY, linestyle=":", linewidth=1)
    right = ax.twinx()
    right.plot(d["w"], d["loss"], color=ORANGE, label="損失（右の軸）")
    right.set(ylabel="損失（交差エントロピー誤差）")
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    ax.grid(alpha=0.3)
    ax.set_title("重みを 1 つだけ動かすと", fontsize=10)
    return fig


def draw_step_vs_sigmoid():
    from matplotlib.figure import Figure

    d = data_step_vs_sigmoid()
    fig = Figure(figsize=(4.6, 4.2), dpi=100, facecolor="white", layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    top.plot(d["x"], d["step"], color=BLUE, drawstyle="steps-mid", label="ステップ関数")
    top.plot(d["x"], d["sigmoid"], color=ORANGE, label="シグモイド関数")
    top.set(ylabel="関数の値")
    bottom.plot(d["x"], d["d_step"], color=BLUE, label="ステップ関数の微分（0 以外は 0）")
    bottom.plot(d["x"], d["d_sigmoid"], color=ORANGE, label="シグモイド関数の微分")
    bottom.set(xlabel="入力 a", ylabel="微分", ylim=(-0.02, 0.3))
    for ax in (top, bottom):
        ax.legend(loc="upper left", fontsize=8)
        ax.grid(alpha=0.3)
    return fig


def draw_difference_error():
    d = data_difference_error()
    fig, ax = _new_figure(4.8, 3.6)
    ax.loglog(d["h"], d["forward"], color=BLUE, label=f"前方差分（右側の傾き {d['forward_slope']:.1f}）")
    ax.loglog(d["h"], d["central"], color=ORANGE, label=f"中心差分（右側の傾き {d['central_slope']:.1f}）")
    ax.axvline(1e-4, color=GREY, linestyle=":", linewidth=1)
    ax.annotate("h = 1e-4", (1e-4, 1e-13), textcoords="offset points", xytext=(4, 0), fontsize=8, color=GREY)
    ax.set(xlabel="h", ylabel="誤差 |近似値 − e|", ylim=(1e-14, 10))
    ax.legend(loc="upper center", fontsize=8)
    ax.grid(alpha=0.3, which="major")
    ax.set_title("$e^x$ の $x = 1$ での微分の誤差", fontsize=10)
    return fig


def draw_saddle_descent():
    from matplotlib.figure import Figure

    d = data_saddle_descent()
    fig = Figure(figsize=(6.4, 3.2), dpi=100, facecolor="white", layout="constrained")
    plane, steps = fig.subplots(1, 2, width_ratios=(1, 1.15))
    grid = np.linspace(-3.5, 3.5, 141)
    x0, x1 = np.meshgrid(grid, grid)
    contours = plane.contour(x0, x1, x0 ** 2 - x1 ** 2, levels=np.arange(-9, 10, 2), colors=GREY, linewidths=0.7)
    plane.clabel(contours, fontsize=6)
    path = d["history"]
    plane.plot(path[:, 0], path[:, 1], "o-", color=BLUE, markersize=3)
    plane.plot(*path[0], "s", color=ORANGE, markersize=7, label="初期値")
    plane.plot([0], [0], "x", color="black", markersize=8, label="鞍点 (0, 0)")
    _finish_plane(plane, 3.5, "$f = x_0^2 - x_1^2$ の等高線と軌跡", "lower left")
    steps.plot(d["f"], color=BLUE, label="$f(x)$")
    steps.plot(d["grad_norm"], color=ORANGE, linestyle="--", label=r"勾配の大きさ $|\nabla f|$")
    steps.set(xlabel="ステップ", title=f"η = {d['lr']}: 鞍点の近くで停滞", ylim=(-3, 9.5))
    steps.legend(loc="upper right", fontsize=8)
    steps.grid(alpha=0.3)
    return fig


@dataclass(frozen=True)
class FigureSpec:
    """出力する図 1 枚: ファイル名、それを描く関数とその引数、書き出す形式。

    ``scripts/steps/make_figures.py`` は ``draw`` がたどる dlcode の関数をソースから調べ、
    そのどれかが変わったときだけ描き直す。

    ページ: docs/diff.md, docs/gradient.md, docs/descent.md, docs/learning.md
    """
    name: str
    draw: object
    args: tuple = ()
    # The format the pages show: SVG stays sharp at any size; the 3-D surface as SVG is 290 kB.
    formats: tuple = ("svg",)
    style: tuple = ()  # matplotlib settings (name, value) while it is drawn and written: SLIDE_STYLE for the deck's


def _for_slide(spec):
    return FigureSpec(f"slide_{spec.name}", spec.draw, (*spec.args, True), spec.formats, tuple(SLIDE_STYLE.items()))


FIGURES = (
    *(FigureSpec(f"numerical_diff_{i}", draw_tangent, (x0,)) for i, x0 in enumerate(TANGENT_POINTS, start=1)),
    FigureSpec("graph_two_variable_function", draw_surface, formats=("png",)),
    FigureSpec("graph_two_variable_function_gradient", draw_gradient_field),
    FigureSpec("graph_two_variable_function_learning", draw_descent_path),
    FigureSpec("neural_network", draw_network),
    FigureSpec("gradient_descent_one_variable", draw_one_variable_descent),
    FigureSpec("accuracy_vs_loss", draw_accuracy_vs_loss),
    FigureSpec("step_vs_sigmoid", draw_step_vs_sigmoid),
    FigureSpec("difference_error", draw_difference_error),
    FigureSpec("saddle_descent", draw_saddle_descent),
)
# The deck's versions (scripts/slides/markdown.py shows slide_<name> in place of <name>).
SLIDE_FIGURE_NAMES = ("numerical_diff_1", "numerical_diff_2", "numerical_diff_3", "graph_two_variable_function",
                      "graph_two_variable_function_gradient", "graph_two_variable_function_learning", "neural_network")
FIGURES += tuple(_for_slide(spec) for spec in FIGURES if spec.name in SLIDE_FIGURE_NAMES)
# A figure alone under a slide's text there and in a table's cell on other slides: slide_<name>_alone is drawn for
# the first room (scripts/slides/markdown.py shows it where the figure is not in a table).
FIGURES += (FigureSpec("slide_graph_two_variable_function_alone", draw_surface_alone, (), ("png",), tuple(SLIDE_STYLE.items())),)
