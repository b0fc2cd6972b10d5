# %% [markdown]
# # 手書き数字で学習する
#
# scikit-learn に同梱されている 8×8 ピクセルの手書き数字（1797 枚、ネットワークからのダウンロードなし）を、
# 原著と同じ形の 2 層ネットワークで学習させます。勾配はこれまでと同じ数値微分です。
# 目的は、**数値微分による学習がどれくらい遅いか**を測ることです。

# %%
import time

import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  日本語のラベルを表示するためのフォント
import numpy as np

from dlcode.datasets import load_digits_split
from dlcode.network import Network, train

plt.rcParams["figure.dpi"] = 72

# %%
x_train, t_train, x_test, t_test = load_digits_split(seed=0)
print("訓練データ:", x_train.shape, "テストデータ:", x_test.shape)
fig, axes = plt.subplots(1, 10, figsize=(10, 1.4), layout="constrained")
for digit, ax in enumerate(axes):
    ax.imshow(x_train[t_train == digit][0].reshape(8, 8), cmap="gray_r")
    ax.set(title=str(digit), xticks=[], yticks=[])
plt.show()

# %% [markdown]
# ## ネットワーク: 64 → 16 → 10
#
# 入力は 64 画素、隠れ層は 16 ニューロン（シグモイド）、出力は 10 クラス（ソフトマックス）。
# パラメータは $64 \times 16 + 16 + 16 \times 10 + 10 = 1210$ 個なので、1 ステップに損失を 2420 回計算します。

# %%
net = Network((64, 16, 10), seed=0)
print("パラメータ数:", net.parameter_count, "→ 1 ステップの損失の計算回数:", 2 * net.parameter_count)
before = (net.accuracy(x_train, t_train), net.accuracy(x_test, t_test))
print(f"学習前の正解率: 訓練 {before[0]:.1%}, テスト {before[1]:.1%}")

# %% [markdown]
# ## ミニバッチで学習
#
# 毎ステップ、訓練データから 100 枚を選び（ミニバッチ）、学習率 $\eta = 5.0$ で 100 ステップ学習します。

# %%
STEPS, BATCH = 100, 100
start = time.perf_counter()
losses = train(net, x_train, t_train, lr=5.0, step_num=STEPS, batch_size=BATCH, seed=0)
seconds_per_step = (time.perf_counter() - start) / STEPS
after = (net.accuracy(x_train, t_train), net.accuracy(x_test, t_test))
print(f"学習後の正解率: 訓練 {after[0]:.1%}, テスト {after[1]:.1%}")
print(f"損失: {losses[0]:.3f} → {losses[-1]:.3f}")
print(f"1 ステップ: {seconds_per_step:.3f} 秒（損失の計算 {2 * net.parameter_count} 回）")

# %%
fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
ax.plot(losses)
ax.set(xlabel="ステップ", ylabel="損失（ミニバッチ）", title="損失の推移")
ax.grid(alpha=0.3)
plt.show()

# %% [markdown]
# 訓練データとテストデータの正解率が近いので、この程度の学習では過学習はまだ起きていません。
#
# ## 原著の MNIST ネットワークなら?
#
# 原著は 28×28 画素の MNIST を 784 → 50 → 10 のネットワークで学習します。パラメータは 39,760 個、
# 1 ステップに損失を 79,520 回計算します。その 1 回の計算時間を測り、1 ステップの時間を見積もります。

# %%
rng = np.random.default_rng(0)
mnist_net = Network((784, 50, 10), seed=0)
x_mnist = rng.random((BATCH, 784))
t_mnist = rng.integers(0, 10, BATCH)
repeats = 200
start = time.perf_counter()
for _ in range(repeats):
    mnist_net.loss(x_mnist, t_mnist)
seconds_per_loss = (time.perf_counter() - start) / repeats
mnist_evaluations = 2 * mnist_net.parameter_count
mnist_step = seconds_per_loss * mnist_evaluations
print(f"損失 1 回: {seconds_per_loss * 1e3:.3f} ms × {mnist_evaluations} 回 = 1 ステップ約 {mnist_step:.0f} 秒")
print(f"原著の 10,000 ステップなら約 {mnist_step * 10000 / 3600:.0f} 時間")
print(f"（この 8×8 のネットワークは 1 ステップ {seconds_per_step:.2f} 秒）")

# %% [markdown]
# 1 ステップに何秒もかかり、原著どおり 1 万ステップ学習すると何十時間にもなります。
# パラメータの数だけ損失を計算し直す数値微分では、大きなネットワークは学習できません。
# 次章の**誤差逆伝播法**は、損失を 1 回計算するのとほぼ同じ手間で、すべてのパラメータの勾配を一度に求めます。
