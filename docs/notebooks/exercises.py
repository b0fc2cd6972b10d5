# %% [markdown]
# # 練習問題のノートブック
#
# サイトの練習問題のうち「コードを書く」問題の枠。問いは各ページの終わりの練習問題にあり、
# [練習問題](../../exercises/)のページに一覧がある。`...` のところに関数を書き、セルを実行すると
# `check` が確かめる。正しければ「正解」、違えばどの入力で何が期待され何が返ってきたかを言う。
# 解答は各ページの「解答と解説」を開くか、`solution("問題の番号")` で見られる。
#
# このノートブックはサイトで実行したもので、関数がまだ書かれていないので、どの `check` も
# 「何も返していない」と言っている。

# %%
import numpy as np

from dlcode.exercises import check, solution  # noqa: F401  solution は答えを見たいときに

# %% [markdown]
# ## loss-4: ミニバッチの交差エントロピー誤差
#
# 出力 `y`（形 `(N, K)`）と正解ラベル `t`（長さ $N$ の整数の配列）から、バッチで平均した交差エントロピー誤差
# （$\delta = 10^{-7}$）を返す。問いは[損失関数](../../loss/#loss-4)のページ。

# %% tags=["exercise"]
def cross_entropy(y, t):
    ...  # ここに書く


check("loss-4", cross_entropy)

# %% [markdown]
# ## minibatch-3: one-hot のバッチの交差エントロピー誤差
#
# 出力 `y` と one-hot の教師データ `t`（どちらも形 `(N, K)`）から、バッチで平均した交差エントロピー誤差
# （$\delta = 10^{-7}$）を返す。問いは補足のページ[ミニバッチ学習と、なぜ損失関数か](../../supplement/minibatch/#minibatch-3)。

# %% tags=["exercise"]
def cross_entropy_one_hot(y, t):
    ...  # ここに書く


check("minibatch-3", cross_entropy_one_hot)

# %% [markdown]
# ## diff-5: 数値微分
#
# 1 変数の関数 `f` の点 `x` における微分を、中心差分（$h = 10^{-4}$）で返す。問いは[微分](../../diff/#diff-5)のページ。

# %% tags=["exercise"]
def numerical_diff(f, x):
    ...  # ここに書く


check("diff-5", numerical_diff)

# %% [markdown]
# ## gradient-4: 勾配
#
# 1 次元の配列 `x`（整数の配列のこともある）における `f` の勾配を、float の配列で返す。呼び出し側の `x` は変えない。
# 問いは[勾配](../../gradient/#gradient-4)のページ。

# %% tags=["exercise"]
def numerical_gradient(f, x):
    ...  # ここに書く


check("gradient-4", numerical_gradient)

# %% [markdown]
# ## descent-3: 勾配法の 1 ステップ
#
# 点 `x` から学習率 `lr` で 1 ステップ進んだ点を、新しい配列で返す。呼び出し側の `x` は変えない。
# 勾配は `dlcode.gradient.numerical_gradient` で求めてよい。問いは[勾配法](../../descent/#descent-3)のページ。

# %% tags=["exercise"]
def step(f, x, lr):
    ...  # ここに書く


check("descent-3", step)

# %% [markdown]
# ## learning-6: 正解率
#
# 出力 `y`（形 `(N, K)`）と正解ラベル `t` から、正解率（原著の認識精度）を返す。
# 問いは[ニューラルネットワークの学習](../../learning/#learning-6)のページ。

# %% tags=["exercise"]
def accuracy(y, t):
    ...  # ここに書く


check("learning-6", accuracy)

# %% [markdown]
# ## 数値で答える問題もノートブックで確かめる
#
# 数値で答える問題は数を、選ぶ問題は選択肢の記号を渡す。たとえば loss-1（2乗和誤差）に 0.14 と答えると、
# その間違いに向けたヒントが返る。

# %%
check("loss-1", 0.14)
