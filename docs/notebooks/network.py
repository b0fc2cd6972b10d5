# %% [markdown]
# # ネットワークを学習させる
#
# [ニューラルネットワークの学習](../../learning/)のスライドの 2 → 3 → 2 → 2 のネットワークを、数値微分で求めた勾配と
# 勾配法で実際に学習させる。データは `dlcode` が乱数の種（seed）から作るので、何度実行しても同じ結果になる。

# %%
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  日本語のラベルを表示するためのフォント
import numpy as np
from matplotlib_inline.backend_inline import set_matplotlib_formats

from dlcode.datasets import make_two_class_data
from dlcode.figures import CLASS_COLORS, NOTEBOOK_STYLE, class_colormap
from dlcode.gradient import numerical_gradient_nd
from dlcode.network import Network, train

set_matplotlib_formats("retina")  # 画素 2 倍の PNG: 高精細の画面や拡大でもくっきり
plt.rcParams.update(NOTEBOOK_STYLE)  # 12 ポイントの文字: スマートフォンの幅でも読める

# %% [markdown]
# ## データ: 直線では分けられない 2 クラス
#
# 4 つの塊を XOR 型に並べたデータ（左下と右上がクラス 0、左上と右下がクラス 1）。
# 学習用（訓練データ）と、実力を測る用（テストデータ）を別の seed で作る。

# %%
x_train, t_train = make_two_class_data(200, seed=1)
x_test, t_test = make_two_class_data(200, seed=2)
print("訓練データ:", x_train.shape, "テストデータ:", x_test.shape, "クラス 1 の割合:", t_train.mean())

# %% [markdown]
# ## ネットワークと、1 ステップの計算量
#
# パラメータは $W^1$（2×3）、$B^1$（3）、$W^2$（3×2）、$B^2$（2）、$W^3$（2×2）、$B^3$（2）の 23 個。
# 数値微分は 1 つのパラメータにつき損失を 2 回計算するので、1 ステップに 46 回。数えて確かめる。

# %%
net = Network(seed=0)
evaluations = 0


def counted_loss(_):
    global evaluations
    evaluations += 1
    return net.loss(x_train, t_train)


for value in net.params.values():
    numerical_gradient_nd(counted_loss, value)
print("パラメータ数:", net.parameter_count)
print("1 ステップの損失の計算回数:", evaluations, "= 2 ×", net.parameter_count)


# %%
def decision_map(network, ax, title):
    """平面をクラス 1 と判定する確率で塗り分け、データの点を重ねる。"""
    grid = np.linspace(-2.5, 2.5, 101)
    g0, g1 = np.meshgrid(grid, grid)
    probability = network.predict(np.column_stack([g0.ravel(), g1.ravel()]))[:, 1].reshape(g0.shape)
    ax.contourf(g0, g1, probability, levels=np.linspace(0, 1, 11), cmap=class_colormap(), alpha=0.6)
    ax.contour(g0, g1, probability, levels=[0.5], colors="black", linewidths=1.2)
    for label, color in enumerate(CLASS_COLORS):
        ax.scatter(*x_train[t_train == label].T, s=10, color=color, label=f"クラス {label}")
    ax.set(title=title, xlabel="$x_1$", ylabel="$x_2$", aspect="equal")  # ネットワークの入力（図と同じく 1 から数える）


before_loss = net.loss(x_train, t_train)
before_accuracy = (net.accuracy(x_train, t_train), net.accuracy(x_test, t_test))
untrained = Network(seed=0)  # 同じ seed なら同じ初期値: 学習前の図のためにとっておく

# %% [markdown]
# ## 学習
#
# 訓練データ全体で、学習率 $\eta = 2.0$ で 300 ステップ。各ステップで 46 回の損失計算をして勾配を求め、
# $W \leftarrow W - \eta \frac{\partial L}{\partial W}$ ですべてのパラメータを更新する。
# 学習の前と後で、損失と正解率（原著の言葉では認識精度: 正しいクラスを答えたデータの割合）を比べる。
#
# **補足: 学習率 2.0（原著は 0.1）**。原著 4.5 節の学習率 0.1 は、誤差逆伝播法の勾配で 1 万回更新する原著の学習での値。
# ここは 1 ステップに損失を 46 回計算する数値微分なので 300 ステップにとどめ、そのぶん学習率を大きくしている。0.1 では 300 ステップで損失が $\log 2$ のあたりから動かないことを、[ニューラルネットワークの学習](../../learning/#試してみる-ネットワークの学習)のページの注で確かめている。

# %%
losses = train(net, x_train, t_train, lr=2.0, step_num=300)
after_loss = net.loss(x_train, t_train)
after_accuracy = (net.accuracy(x_train, t_train), net.accuracy(x_test, t_test))
print(f"損失: {before_loss:.4f} → {after_loss:.4f}")
print(f"正解率（訓練）: {before_accuracy[0]:.1%} → {after_accuracy[0]:.1%}")
print(f"正解率（テスト）: {before_accuracy[1]:.1%} → {after_accuracy[1]:.1%}")
print(f"損失の計算: {len(losses)} ステップ × {evaluations} 回 = {len(losses) * evaluations:,} 回")

# %%
fig, axes = plt.subplots(2, 1, figsize=(5, 9.4), layout="constrained")
decision_map(untrained, axes[0], "学習前")
decision_map(net, axes[1], "学習後（300 ステップ）")
axes[1].legend(loc="upper right", fontsize=8)
plt.show()

# %% [markdown]
# 黒い線が、ネットワークがクラス 0 と 1 を分ける境界（クラス 1 の確率 = 0.5）。学習前はほぼ一色だが、
# 学習後は 4 つの塊を正しく分けている。直線 1 本ではできない分け方で、隠れ層があるからできることだ。

# %%
fig, ax = plt.subplots(figsize=(5, 3.2), layout="constrained")
ax.plot(losses)
ax.set(xlabel="ステップ", ylabel="損失（交差エントロピー誤差）", title="損失の推移", yscale="log")
ax.grid(alpha=0.3)
plt.show()

# %% [markdown]
# 損失は最初の数ステップで $\log 2 \approx 0.693$（どちらのクラスも確率 1/2 と答える値）のあたりまで下がり、
# そこで 200 ステップ近く止まってから、急に下がる。止まっているあいだは隠れ層の出力がどの入力でも
# 似ていて勾配が小さく、勾配法は「傾きに比例した分」しか進めないためだ。学習率を変えて試してみるとよい。
