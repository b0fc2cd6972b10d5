# %% [markdown]
# # 手書き数字で学習する
#
# scikit-learn に同梱されている 8×8 画素の手書き数字（1797 枚、ネットワークからのダウンロードなし）を、
# 原著と同じ形の 2 層ネットワークで学習させる。勾配はこれまでと同じ数値微分。
# 目的は、**数値微分による学習にどれくらいの計算が要るか**を数えること。

# %%
import matplotlib.pyplot as plt
import matplotlib_fontja  # noqa: F401  日本語のラベルを表示するためのフォント
import numpy as np
from matplotlib_inline.backend_inline import set_matplotlib_formats

from dlcode.figures import NOTEBOOK_STYLE
from dlcode.datasets import load_digits_split
from dlcode.network import Network, train

set_matplotlib_formats("retina")  # 画素 2 倍の PNG: 高精細の画面や拡大でもくっきり
plt.rcParams.update(NOTEBOOK_STYLE)  # 12 ポイントの文字: スマートフォンの幅でも読める

# %%
x_train, t_train, x_test, t_test = load_digits_split(seed=0)
print("訓練データ:", x_train.shape, "テストデータ:", x_test.shape)
fig, axes = plt.subplots(2, 5, figsize=(5, 2.4), layout="constrained")
for digit, ax in enumerate(axes.ravel()):
    ax.imshow(x_train[t_train == digit][0].reshape(8, 8), cmap="gray_r")
    ax.set(title=str(digit), xticks=[], yticks=[])
plt.show()

# %% [markdown]
# ## ネットワーク: 64 → 16 → 10
#
# 入力は 64 画素、隠れ層は 16 ニューロン（シグモイド）、出力は 10 クラス（ソフトマックス）。
# パラメータは $64 \times 16 + 16 + 16 \times 10 + 10 = 1210$ 個なので、1 ステップに損失を 2420 回計算する。
# ネットワークはスライドのネットワークと同じクラス `Network` で、層の大きさだけを変えて作る（原著 4.5.1 節の形の
# `TwoLayerNet` との違いは、補足ページ「[2 層ネットワークのクラス](../../supplement/network_class/#twolayernet)」の注）。

# %%
net = Network((64, 16, 10), seed=0)
print("パラメータ数:", net.parameter_count, "→ 1 ステップの損失の計算回数:", 2 * net.parameter_count)
before = (net.accuracy(x_train, t_train), net.accuracy(x_test, t_test))
print(f"学習前の正解率: 訓練 {before[0]:.1%}、テスト {before[1]:.1%}")

# %% [markdown]
# ## ミニバッチで学習
#
# 毎ステップ、訓練データから 100 枚を選び（ミニバッチ）、学習率 $\eta = 5.0$ で 100 ステップ学習する。
#
# **補足: 学習率 5.0（原著は 0.1）**。原著 4.5 節の学習率 0.1 は、誤差逆伝播法の勾配で 1 万回更新する原著の学習での値。
# ここは 1 ステップに損失を 2420 回計算する数値微分なので 100 ステップにとどめ、そのぶん学習率を大きくしている。
# 同じ 100 ステップを学習率 0.1 で学習させると、テストデータの正解率は 50 % ほどにとどまる。

# %%
STEPS, BATCH = 100, 100
losses = train(net, x_train, t_train, lr=5.0, step_num=STEPS, batch_size=BATCH, seed=0)
after = (net.accuracy(x_train, t_train), net.accuracy(x_test, t_test))
print(f"学習後の正解率: 訓練 {after[0]:.1%}、テスト {after[1]:.1%}")
print(f"損失: {losses[0]:.3f} → {losses[-1]:.3f}")

# %%
fig, ax = plt.subplots(figsize=(5, 3.2), layout="constrained")
ax.plot(losses)
ax.set(xlabel="ステップ", ylabel="損失（ミニバッチ）", title="損失の推移")
ax.grid(alpha=0.3)
plt.show()

# %% [markdown]
# 学習後の訓練データとテストデータの正解率（原著の言葉では認識精度）の差は小さい。過学習（訓練データにだけ合いすぎて、テストデータの成績が
# 上がらないこと）の目安はこの差で、ここでは過学習は起きていない。学習の途中でもこの差を記録すれば、
# 差が開き始める時点まで分かる（ハンズオン「2 層ネットワークを学習させる」はエポック（訓練データを使い切る学習の単位）ごとに記録している）。
#
# ## 数値微分の計算量: 損失を何回、掛け算を何回？
#
# 数値微分の勾配は、パラメータ 1 個につき損失を 2 回（$+h$ と $-h$）計算する。
# 損失 1 回の計算（順伝播）の掛け算と足し算の組（積和）は、全結合層 1 つにつき
# 「バッチの大きさ × 入力の数 × 出力の数」回。これを数えれば、かかる手間を機械の速さによらずに比べられる。

# %%
def multiply_adds_per_loss(sizes, batch):
    """全結合層の順伝播 1 回の積和の回数（活性化関数の分は数えない）。"""
    return batch * sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


per_step = {}
for name, sizes, steps in [("この 8×8 のネットワーク", (64, 16, 10), STEPS),
                           ("原著の MNIST ネットワーク", (784, 50, 10), 10_000)]:
    evaluations = 2 * Network(sizes, seed=0).parameter_count
    per_step[sizes] = evaluations * multiply_adds_per_loss(sizes, BATCH)
    print(f"{name} {' → '.join(map(str, sizes))}: 1 ステップに損失 {evaluations:,} 回、"
          f"積和 {per_step[sizes]:,} 回（{steps:,} ステップで {per_step[sizes] * steps:.2e} 回）")
print(f"1 ステップの積和の比: {per_step[(784, 50, 10)] / per_step[(64, 16, 10)]:,.0f} 倍")

# %% [markdown]
# 原著の 784 → 50 → 10 のネットワークでは、1 ステップの積和が 8×8 のネットワークの千倍を超え、
# 原著どおり 1 万ステップ学習すると $3 \times 10^{15}$ 回を超える。
# パラメータの数だけ損失を計算し直す数値微分では、大きなネットワークは学習できない。
# 次章の**誤差逆伝播法**は、損失を 1 回計算するのと同じくらいの手間で、すべてのパラメータの勾配を一度に求める。
#
# ### 自分の計算機で時間を測る
#
# 次のセルはサイトでは実行していない（かかる時間は計算機とその混み具合で変わるため）。
# ダウンロードしたノートブックで実行すると、あなたの計算機で 1 ステップが何秒かかるかを見積もる。

# %% tags=["skip-execution"]
import time

rng = np.random.default_rng(0)
mnist_net = Network((784, 50, 10), seed=0)
x_mnist, t_mnist = rng.random((BATCH, 784)), rng.integers(0, 10, BATCH)
repeats = 200
start = time.perf_counter()
for _ in range(repeats):
    mnist_net.loss(x_mnist, t_mnist)
seconds_per_loss = (time.perf_counter() - start) / repeats
step_seconds = seconds_per_loss * 2 * mnist_net.parameter_count
print(f"損失 1 回: {seconds_per_loss * 1e3:.3f} ms → 1 ステップ約 {step_seconds:.0f} 秒、"
      f"1 万ステップ約 {step_seconds * 10_000 / 3600:.0f} 時間")
