# %% [markdown]
# # 勾配法を試す
#
# [勾配法](../../descent/)のページで見たループを実際に動かし、学習率 $\eta$ を変えると何が起きるかを確かめる。
# このノートブックはサイトのページからダウンロードでき、手元の Jupyter で数字を変えて試せる
# （必要なものは、そのページにある 1 行の `pip install` で入る）。

# %%
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  日本語のラベルを表示するためのフォント
import numpy as np
from matplotlib_inline.backend_inline import set_matplotlib_formats

from dlcode.figures import NOTEBOOK_STYLE
from dlcode.descent import gradient_descent, gradient_descent_1d
from dlcode.slides import function, function_2

set_matplotlib_formats("retina")  # 画素 2 倍の PNG: 高精細の画面や拡大でもくっきり
plt.rcParams.update(NOTEBOOK_STYLE)  # 12 ポイントの文字: スマートフォンの幅でも読める

# %% [markdown]
# ## 1 変数: スライドのループ
#
# $f(x) = 0.01x^2 + 0.1x$ を $x = 0$ から、学習率 $\eta = 0.001$ で 20 万ステップ。
# `gradient_descent_1d` はスライドのループと同じ計算をして、10000 ステップごとの $(i, x, f(x))$ を返す。

# %%
rows, x_last = gradient_descent_1d(function, init_x=0, lr=0.001, step_num=200000, report_every=10000)
for i, x, fx in rows:
    print(f"{i:6d}: x = {x!r:<20} f(x) = {fx!r}")

# %% [markdown]
# 最小値は $x = -5$（$f = -0.25$）。20 万ステップたっても $x \approx -4.9$ で、まだ届いていない。
#
# サイトの注のとおり、スライドの「処理結果」に載っている値はこの表ではなく $\eta = 0.002$ のときのもの。
# 学習率を 2 倍にすると、ほぼ同じ $x$ に半分のステップ数で着く（1 ステップの移動が約 2 倍になるため）。

# %%
rows_double, _ = gradient_descent_1d(function, init_x=0, lr=0.002, step_num=20001, report_every=10000)
print("η = 0.002, 10000 ステップ:", rows_double[1][1])
print("η = 0.001, 20000 ステップ:", rows[2][1])

# %% [markdown]
# ## 2 変数: 学習率を変える
#
# $f(x_0, x_1) = x_0^2 + x_1^2$ を $(-3, 4)$ から 20 ステップ。$\nabla f = (2x_0, 2x_1)$ なので、1 ステップで
# $x$ は $(1 - 2\eta)$ 倍になる。
#
# - $\eta$ が小さすぎる（0.01）: $0.98$ 倍ずつで、20 ステップたっても $f$ は 25 から約 11 までしか下がらない（最小値は 0）。
# - $\eta$ がちょうどよい（0.1）: $0.8$ 倍ずつで、最小値に近づく。
# - $\eta$ が大きすぎる（1.05）: $-1.1$ 倍ずつで、符号を変えながら（振動しながら）遠ざかる＝発散。

# %%
START = np.array([-3.0, 4.0])
learning_rates = {"小さすぎる": 0.01, "ちょうどよい": 0.1, "大きすぎる": 1.05}
paths = {}
for label, lr in learning_rates.items():
    x_final, history = gradient_descent(function_2, START, lr=lr, step_num=20)
    paths[label] = history
    print(f"{label:6s} η = {lr:<5} 20 ステップ後 x = {np.round(x_final, 4)}, f(x) = {function_2(x_final):.4g}")

# %%
grid = np.linspace(-8, 8, 161)
g0, g1 = np.meshgrid(grid, grid)
fig, axes = plt.subplots(3, 1, figsize=(5, 11), layout="constrained")
for ax, (label, history) in zip(axes, paths.items()):
    ax.contour(g0, g1, g0 ** 2 + g1 ** 2, levels=[1, 4, 9, 16, 25, 49], colors="#999999", linewidths=0.7)
    ax.plot(history[:, 0], history[:, 1], "o-", markersize=3)
    ax.plot(*START, "s", color="#e66a00")
    ax.plot(0, 0, "*", color="#2a9d3c", markersize=12)
    ax.set(title=f"{label}（η = {learning_rates[label]}）", xlim=(-8, 8), ylim=(-8, 8), aspect="equal",
           xlabel="$x_0$", ylabel="$x_1$")
plt.show()

# %% [markdown]
# ## まとめ: 学習率 η のはたらき
#
# 勾配法の 1 ステップは $x \leftarrow x - \eta \nabla f(x)$。$\eta$ は「勾配と逆の向きに、勾配の何倍だけ進むか」を決める。
#
# - 小さすぎると、1 ステップの移動が小さく、最小値に着くまでに膨大なステップが要る。
# - 大きすぎると、谷を飛び越えて反対側の、もっと高い所に出てしまい、振動したり発散したりする。
#   この関数では $\eta > 1$ で必ず発散する（$\lvert 1 - 2\eta \rvert > 1$）。
#
# ちょうどよい値は関数の形（曲がり具合）で変わるので、実際の学習では何通りか試して選ぶ。
