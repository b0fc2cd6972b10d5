"""スライド最後のネットワーク（2 → 3 → 2 → 2）と、数値勾配による学習。

層の数と大きさは ``sizes`` で変えられるので、同じクラスで手書き数字用の
2 層ネットワーク（例: 64 → 16 → 10、原著の MNIST なら 784 → 50 → 10）も作れる。
パラメータはスライドの記法どおり ``W1, B1, W2, B2, W3, B3`` をキーとする辞書。

ページ: docs/learning.md
"""
import numpy as np

from dlcode._checks import non_negative_int, positive_float
from dlcode.gradient import numerical_gradient_nd
from dlcode.losses import _cross_entropy_of_checked, _prediction_and_one_hot

__all__ = ["SLIDE_SIZES", "sigmoid", "softmax", "Network", "train"]

SLIDE_SIZES = (2, 3, 2, 2)  # 入力層, 隠れ層①, 隠れ層②, 出力層


def sigmoid(a):
    """シグモイド関数 1 / (1 + exp(−a))。tanh で書くので大きな |a| でも警告が出ない。

    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])

    ページ: docs/learning.md
    """
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(a, dtype=np.float64)))


def softmax(a):
    """ソフトマックス関数（最後の軸で正規化、オーバーフロー対策に最大値を引く）。

    >>> softmax(np.array([1000.0, 1000.0]))
    array([0.5, 0.5])

    ページ: docs/learning.md
    """
    a = np.asarray(a, dtype=np.float64)
    exp = np.exp(a - a.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


class Network:
    """全結合ネットワーク。隠れ層はシグモイド f、出力層はソフトマックス h。

    A^l = Z^{l-1} W^l + B^l,  Z^l = f(A^l),  Y = h(A^L)。
    初期値は ``seed`` から作る乱数だけで決まる（同じ seed なら同じ重み）。

    >>> net = Network(seed=0)
    >>> {key: value.shape for key, value in net.params.items()}
    {'W1': (2, 3), 'B1': (3,), 'W2': (3, 2), 'B2': (2,), 'W3': (2, 2), 'B3': (2,)}

    ページ: docs/learning.md
    """

    def __init__(self, sizes=SLIDE_SIZES, *, seed, weight_scale=None):
        sizes = tuple(sizes)
        if len(sizes) < 2 or any(isinstance(n, bool) or not isinstance(n, int) or n < 1
                                 for n in sizes):
            raise ValueError(f"sizes must be two or more positive integers, got {sizes!r}")
        if weight_scale is not None:
            weight_scale = positive_float("weight_scale", weight_scale)
        rng = np.random.default_rng(seed)
        self.sizes = sizes
        self.params = {}
        for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            # Default scale 1/sqrt(n_in) (Xavier) keeps sigmoid units out of saturation.
            scale = weight_scale if weight_scale is not None else 1.0 / np.sqrt(n_in)
            self.params[f"W{layer}"] = scale * rng.standard_normal((n_in, n_out))
            self.params[f"B{layer}"] = np.zeros(n_out)

    @property
    def parameter_count(self):
        """パラメータの総数（数値勾配 1 回の損失評価回数はこの 2 倍）。

        ページ: docs/learning.md
        """
        return sum(value.size for value in self.params.values())

    # --8<-- [start:network_predict]
    def predict(self, x):
        """入力 ``x``（1 サンプル、または行ごとのバッチ）に対する出力 Y（確率）。

        ページ: docs/learning.md
        """
        z = np.asarray(x, dtype=np.float64)
        if z.shape[-1:] != (self.sizes[0],):
            raise ValueError(f"x must have {self.sizes[0]} features in its last axis, "
                             f"got shape {z.shape}")
        last = len(self.sizes) - 1
        for layer in range(1, last + 1):
            a = z @ self.params[f"W{layer}"] + self.params[f"B{layer}"]
            z = softmax(a) if layer == last else sigmoid(a)
        return z
    # --8<-- [end:network_predict]

    def loss(self, x, t):
        """交差エントロピー誤差 L（バッチ平均）。``t`` は one-hot でもラベルでもよい。

        ページ: docs/learning.md
        """
        y2, t2 = _prediction_and_one_hot(self.predict(x), t)
        return _cross_entropy_of_checked(y2, t2)

    def accuracy(self, x, t):
        """正解率（0〜1）。

        ページ: docs/learning.md
        """
        y2, t2 = _prediction_and_one_hot(self.predict(x), t)
        return float(np.mean(y2.argmax(axis=1) == t2.argmax(axis=1)))

    # --8<-- [start:network_gradients]
    def numerical_gradients(self, x, t):
        """すべてのパラメータについて ∂L/∂W^l, ∂L/∂B^l を数値微分で求める（キーは params と同じ）。

        ページ: docs/learning.md
        """
        x = np.asarray(x, dtype=np.float64)
        _, t2 = _prediction_and_one_hot(self.predict(x), t)  # validate t once, not per evaluation

        def loss_of_current_params(_):
            return _cross_entropy_of_checked(self.predict(x).reshape(t2.shape), t2)

        return {key: numerical_gradient_nd(loss_of_current_params, value)
                for key, value in self.params.items()}
    # --8<-- [end:network_gradients]

    # --8<-- [start:network_update]
    def update(self, grads, lr):
        """W ← W − η ∂L/∂W をすべてのパラメータに行う。

        ページ: docs/learning.md
        """
        lr = positive_float("lr", lr)
        if set(grads) != set(self.params):
            raise ValueError(f"grads must have the keys {sorted(self.params)}, got {sorted(grads)}")
        for key, value in self.params.items():
            if np.shape(grads[key]) != value.shape:
                raise ValueError(f"grads[{key!r}] has shape {np.shape(grads[key])}, "
                                 f"expected {value.shape}")
        for key, value in self.params.items():
            value -= lr * grads[key]
    # --8<-- [end:network_update]


def train(network, x, t, *, lr, step_num, batch_size=None, seed=0):
    """数値勾配と勾配降下法で ``network`` を学習させ、各ステップ前の損失のリストを返す。

    ``batch_size`` を指定するとミニバッチ（``seed`` から選ぶ）で学習する。

    >>> from dlcode.datasets import make_two_class_data
    >>> x, t = make_two_class_data(40, seed=1)
    >>> net = Network(seed=0)
    >>> losses = train(net, x, t, lr=1.0, step_num=5)
    >>> len(losses), losses[-1] < losses[0]
    (5, True)

    ページ: docs/learning.md
    """
    lr = positive_float("lr", lr)
    step_num = non_negative_int("step_num", step_num)
    x = np.asarray(x, dtype=np.float64)
    t = np.asarray(t)
    if batch_size is not None:
        batch_size = non_negative_int("batch_size", batch_size)
        if not 1 <= batch_size <= len(x):
            raise ValueError(f"batch_size must be between 1 and {len(x)}, got {batch_size}")
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(step_num):
        if batch_size is None:
            x_batch, t_batch = x, t
        else:
            chosen = rng.choice(len(x), batch_size, replace=False)
            x_batch, t_batch = x[chosen], t[chosen]
        grads = network.numerical_gradients(x_batch, t_batch)
        losses.append(network.loss(x_batch, t_batch))
        network.update(grads, lr)
    return losses
