"""学習用の小さなデータ。すべて seed から生成するか、パッケージ同梱のものを読む。

ページ: docs/notebooks/network.py
"""
import numpy as np

from dlcode._checks import non_negative_int

__all__ = ["make_two_class_data", "load_digits_split"]


def make_two_class_data(n, *, seed, noise=0.35):
    """XOR 型に配置した 4 つの塊からなる 2 クラスの 2 次元データ（直線では分けられない）。

    クラス 0 は (−1, −1) と (1, 1) の周り、クラス 1 は (−1, 1) と (1, −1) の周り。
    戻り値は ``(x, t)``: x は形 (n, 2) の float、t は 0/1 のラベル。

    >>> x, t = make_two_class_data(8, seed=0)
    >>> x.shape, t.tolist()
    ((8, 2), [0, 1, 0, 1, 0, 1, 0, 1])

    ページ: docs/notebooks/network.py
    """
    n = non_negative_int("n", n)
    if n == 0:
        raise ValueError("n must be >= 1, got 0")
    rng = np.random.default_rng(seed)
    centres = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, 1.0], [1.0, -1.0]])
    cluster = np.arange(n) % 4
    x = centres[cluster] + noise * rng.standard_normal((n, 2))
    return x, cluster % 2


def load_digits_split(*, test_size=0.25, seed=0):
    """scikit-learn 同梱の 8×8 手書き数字を [0, 1] に正規化し、訓練とテストに分ける。

    ネットワークアクセスはしない。戻り値は ``(x_train, t_train, x_test, t_test)``。

    ページ: docs/notebooks/digits.py
    """
    from sklearn.datasets import load_digits  # optional dependency (the site's extras)

    digits = load_digits()
    x = digits.data / 16.0
    t = digits.target
    order = np.random.default_rng(seed).permutation(len(x))
    n_test = int(round(len(x) * test_size))
    test, train = order[:n_test], order[n_test:]
    return x[train], t[train], x[test], t[test]
