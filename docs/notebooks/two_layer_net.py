# %% [markdown]
# # 2 層ネットワークを学習させる
#
# 補足ページ「[2 層ネットワークのクラス](../../supplement/network_class/)」の `TwoLayerNet` を、手書き数字で学習させる
# （元のスライドにはない、原著 4.5.2–4.5.3 節の内容）。原著と同じ手順で、ミニバッチを選んで勾配を求め、
# 重みを $W \leftarrow W - \eta \frac{\partial L}{\partial W}$ と更新することをくり返す。
# 訓練データを一通り使い切るだけの更新（「訓練データの数 ÷ ミニバッチの大きさ」回）を 1 **エポック**といい、
# エポックごとに訓練データとテストデータの正解率（原著の言葉では認識精度）を記録する。
# 勾配は誤差逆伝播法（`gradient`、次章の方法）で求めるので、数秒で終わる。

# %%
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  日本語のラベルを表示するためのフォント
import numpy as np
from matplotlib_inline.backend_inline import set_matplotlib_formats

from dlcode.figures import NOTEBOOK_STYLE
from dlcode.datasets import load_digits_split
from dlcode.network import TwoLayerNet, train_minibatch

set_matplotlib_formats("retina")  # 画素 2 倍の PNG: 高精細の画面や拡大でもくっきり
plt.rcParams.update(NOTEBOOK_STYLE)  # 12 ポイントの文字: スマートフォンの幅でも読める

# %% [markdown]
# ## データ: MNIST の代わりに 8×8 の手書き数字
#
# 原著は MNIST（28×28 画素、訓練 6 万枚）を使うが、ここでは scikit-learn に同梱の 8×8 画素の手書き数字（1797 枚）を使う。
# パッケージに入っているのでダウンロードが要らず、どこでも同じデータで、すぐに実行できるからだ。
# 画素の値は 0〜1 にそろえ、4 分の 3 を訓練データ、残りをテストデータにする。

# %%
x_train, t_train, x_test, t_test = load_digits_split(seed=0)
print("訓練データ:", x_train.shape, "テストデータ:", x_test.shape)

# %% [markdown]
# ## ハイパーパラメータ: 原著の手順をデータの大きさに合わせる
#
# | 項目 | 原著（MNIST） | このノートブック（8×8 の数字） |
# |:--|:--|:--|
# | ネットワーク | 784 → 50 → 10 | 64 → 50 → 10 |
# | ミニバッチ | 100 枚 | 100 枚 |
# | 1 エポックの更新回数（訓練データの数 ÷ ミニバッチ） | 600 回 | 13 回 |
# | 学習率 | 0.1 | 0.5 |
# | 学習の長さ | 10000 回（約 17 エポック） | 100 エポック（1300 回） |
#
# 訓練データが少ないので 1 エポックの更新は 13 回しかない。そこでエポックを 100 に増やし、学習率を 0.5 に上げた。
# 更新は合わせて 1300 回で原著の 10000 回よりずっと少ないが、データが小さいので、下のグラフのとおり正解率は
# 学習の後半には落ち着く。

# %%
EPOCHS, BATCH, LR, HIDDEN = 100, 100, 0.5, 50
net = TwoLayerNet(input_size=64, hidden_size=HIDDEN, output_size=10, seed=0)
history = train_minibatch(net, x_train, t_train, x_test, t_test,
                          lr=LR, batch_size=BATCH, epochs=EPOCHS, seed=0)
print(f"ステップ数: {history['iterations']}")
for epoch in (0, 1, 10, 20, 50, EPOCHS):
    train_acc, test_acc = history["train_acc"][epoch], history["test_acc"][epoch]
    print(f"{epoch:3d} エポック後: 訓練 {train_acc:.1%}、テスト {test_acc:.1%}")
GUESS = 0.2  # 当て推量（10 %）の 2 倍: これを超えたら当て推量を抜け出したとみなす
escaped = next(epoch for epoch, acc in enumerate(history["test_acc"]) if acc > GUESS)
plateau = history["test_acc"][:escaped]
print(f"当て推量のまま: {escaped - 1} エポック後まで（テストの正解率 {min(plateau):.1%}〜{max(plateau):.1%}）、"
      f"{escaped} エポック後に {history['test_acc'][escaped]:.1%}")
last = history["test_acc"][-20:]
print(f"終わりの 20 エポック: テストの正解率 {min(last):.1%}〜{max(last):.1%}")

# %%
fig, (left, right) = plt.subplots(2, 1, figsize=(5, 6.4), layout="constrained")
epochs = np.arange(EPOCHS + 1)
left.plot(epochs, history["train_acc"], label="訓練データ")
left.plot(epochs, history["test_acc"], linestyle="--", label="テストデータ")
left.set(xlabel="エポック", ylabel="正解率", ylim=(0, 1.02), title="正解率の推移")
left.legend(loc="lower right")
right.plot(history["loss"], linewidth=0.8)
right.set(xlabel="ステップ", ylabel="損失（ミニバッチ）", title="損失の推移")
for ax in (left, right):
    ax.grid(alpha=0.3)
plt.show()

# %% [markdown]
# 学習の始めの数エポックは、正解率が当て推量（10 クラスなので 10 %）と変わらない。重みが小さいうちは、どの入力にも
# ほぼ同じ出力になり、勾配も小さいからだ（勾配法の補足の「プラトー」）。そこを抜けると正解率は急に上がり、
# その後はゆっくり上がる。当て推量を抜け出すまでのエポック数と、終わりの 20 エポックの正解率の幅は、学習のセルの出力のとおり。
# 訓練データとテストデータの正解率の差はずっと小さく、
# **過学習**（訓練データにだけ合いすぎて、テストデータの成績が上がらないこと）は起きていない。
# 損失はミニバッチごとに計算しているので、選ばれたデータによって上下しながら下がっていく。
#
# ## 同じ学習を数値微分でしたら: 計算の回数を数える
#
# 勾配を `numerical_gradient` で求めると、どれだけの計算になるかを数える（時間ではなく回数なので、計算機によらない）。
# 数値微分はパラメータ 1 個につき損失を 2 回計算し、損失 1 回（順伝播）の積和は
# 「ミニバッチの大きさ × (入力 × 隠れ層 + 隠れ層 × 出力)」回。
# 誤差逆伝播法は、順伝播 1 回と、同じくらいの手間の逆伝播 1 回（重みの勾配 2 つと、隠れ層へ戻す 1 つ）で済む。

# %%
params = sum(value.size for value in net.params.values())
forward = BATCH * (64 * HIDDEN + HIDDEN * 10)
backward = BATCH * (HIDDEN * 10 + HIDDEN * 10 + 64 * HIDDEN)
numerical_per_update = 2 * params * forward
backprop_per_update = forward + backward
updates = history["iterations"]
print(f"パラメータ: {params:,} 個 → 数値微分の勾配 1 回に損失を {2 * params:,} 回")
print(f"更新 1 回の積和: 数値微分 {numerical_per_update:,} 回、誤差逆伝播法 {backprop_per_update:,} 回")
print(f"{updates:,} 回の更新で: 数値微分 {numerical_per_update * updates:.3e} 回、"
      f"誤差逆伝播法 {backprop_per_update * updates:.3e} 回")
print(f"比: {numerical_per_update // backprop_per_update:,} 倍")

# %% [markdown]
# 数値微分では、この学習に積和が数兆回かかる。誤差逆伝播法ならその数千分の 1 で、だから数秒で終わる。
# 次章では、この誤差逆伝播法のしくみを学ぶ。
