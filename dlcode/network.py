"""スライド最後のネットワーク（2 → 3 → 2 → 2）と、数値勾配による学習。

層の数と大きさは ``sizes`` で変えられるので、同じクラスで手書き数字用の
2 層ネットワーク（例: 64 → 16 → 10、原著の MNIST なら 784 → 50 → 10）も作れる。
パラメータはスライドの記法どおり ``W1, B1, W2, B2, W3, B3`` をキーとする辞書。

ページ: docs/learning.md
"""
from collections.abc import Mapping

import numpy as np

from dlcode._checks import finite_array, non_negative_int, positive_float, positive_int, scalar_result
from dlcode.gradient import numerical_gradient_nd
from dlcode.losses import CROSS_ENTROPY_DELTA, _cross_entropy_of_checked, _prediction_and_one_hot

__all__ = ["SLIDE_SIZES", "step_function", "sigmoid", "softmax", "Network", "train", "SimpleNet", "TwoLayerNet",
           "train_minibatch"]

SLIDE_SIZES = (2, 3, 2, 2)  # 入力層, 隠れ層①, 隠れ層②, 出力層


def step_function(a):
    """ステップ関数: a > 0 なら 1、それ以外は 0（原著 3 章。微分がほぼどこでも 0 の例）。

    >>> step_function(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 1.])

    ページ: docs/supplement/minibatch.md, docs/supplement/numerical_diff.md
    """
    return (np.asarray(a, dtype=np.float64) > 0).astype(np.float64)


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
    初期値は ``seed`` から作る乱数だけで決まる（同じ seed なら同じ重み）。重みは標準正規分布 × 1/√n
    （n は前の層のニューロンの数、原著 6.2.2 の Xavier の初期値）で、原著 4.5 の 0.01 とは違う
    （``weight_scale=0.01`` で原著と同じ大きさ）。バイアスは 0。

    >>> net = Network(seed=0)
    >>> {key: value.shape for key, value in net.params.items()}
    {'W1': (2, 3), 'B1': (3,), 'W2': (3, 2), 'B2': (2,), 'W3': (2, 2), 'B3': (2,)}

    ページ: docs/learning.md
    """

    def __init__(self, sizes=SLIDE_SIZES, *, seed, weight_scale=None):
        sizes = tuple(sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes must be two or more positive integers, got {sizes!r}")
        sizes = tuple(positive_int(f"sizes[{i}]", n) for i, n in enumerate(sizes))
        if weight_scale is not None:
            weight_scale = positive_float("weight_scale", weight_scale)
        rng = np.random.default_rng(seed)
        self.sizes = sizes
        self.params = {}
        for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            # Default scale 1/sqrt(n_in) (Xavier): signals neither vanish through the layers (the book's 0.01
            # leaves the slides' net flat at log 2: docs/learning.md) nor saturate the sigmoid units.
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
        z = finite_array("x", x)
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
        grads = _checked_gradients("grads", grads, self.params)  # all of them, before any W changes
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
    x, t = _samples(x, t)
    if batch_size is not None:
        batch_size = non_negative_int("batch_size", batch_size)
        if not 1 <= batch_size <= len(x):
            raise ValueError(f"batch_size must be between 1 and {len(x)}, got {batch_size}")
    rng = np.random.default_rng(seed)
    losses = []
    for step in range(1, step_num + 1):
        if batch_size is None:
            x_batch, t_batch = x, t
        else:
            chosen = rng.choice(len(x), batch_size, replace=False)
            x_batch, t_batch = x[chosen], t[chosen]
        try:
            grads = network.numerical_gradients(x_batch, t_batch)
            losses.append(scalar_result("network.loss", network.loss(x_batch, t_batch)))
            network.update(grads, lr)
        except ValueError as error:  # the network may be the learner's own: say in which step
            raise ValueError(f"{error}, in step {step} of train") from error
    return losses


def _checked_gradients(name, grads, params):
    """``grads`` as float arrays, one of each parameter's shape for each key of ``params``, all finite:
    checked whole, so that a wrong one changes no parameter."""
    if not isinstance(grads, Mapping):
        raise ValueError(f"{name} must be a dict of arrays keyed like the parameters, got a {type(grads).__name__}")
    if set(grads) != set(params):
        raise ValueError(f"{name} must have the keys {sorted(params)}, got {sorted(grads)}")
    checked = {}
    for key, value in params.items():
        checked[key] = finite_array(f"{name}[{key!r}]", grads[key])
        if checked[key].shape != value.shape:
            raise ValueError(f"{name}[{key!r}] has shape {checked[key].shape}, expected {value.shape}")
    return checked


def _samples(x, t, names=("x", "t")):
    """``(x, t)`` as arrays with one label (or one-hot row) per sample of ``x``."""
    x, t = finite_array(names[0], x), np.asarray(t)
    if x.ndim == 0 or t.ndim == 0 or len(x) != len(t):
        raise ValueError(f"{names[0]} and {names[1]} must have one entry per sample: "
                         f"got {names[0]} of shape {x.shape} and {names[1]} of shape {t.shape}")
    return x, t


class SimpleNet:
    """重み W（2 × 3）だけを持つ最小のネットワーク（原著 4.4.2 の simpleNet と同じ形）。

    出力はソフトマックス(x W)、損失は交差エントロピー誤差。W は ``seed`` の正規乱数。

    ページ: docs/supplement/gradient_more.md
    """

    def __init__(self, *, seed):
        self.W = np.random.default_rng(seed).standard_normal((2, 3))

    def predict(self, x):
        """x W（ソフトマックスの前の値）。

        ページ: docs/supplement/gradient_more.md
        """
        x = finite_array("x", x)
        if x.shape[-1:] != (2,):
            raise ValueError(f"x must have 2 features in its last axis, got shape {x.shape}")
        return x @ self.W

    def loss(self, x, t):
        """交差エントロピー誤差。``t`` は one-hot でもラベルでもよい。

        ページ: docs/supplement/gradient_more.md
        """
        y2, t2 = _prediction_and_one_hot(softmax(self.predict(x)), t)
        return _cross_entropy_of_checked(y2, t2)


class TwoLayerNet:
    """原著 4.5 節の 2 層ネットワーク（入力 → 隠れ層（シグモイド）→ 出力（ソフトマックス））。

    パラメータは原著と同じ名前の辞書 ``params``: ``W1``（input_size × hidden_size）, ``b1``,
    ``W2``（hidden_size × output_size）, ``b2``。重みは標準偏差 ``weight_init_std`` の正規乱数、
    バイアスは 0。``seed`` を渡せば重みは ``seed`` だけで決まり、渡さなければ原著と同じく
    NumPy の乱数（``np.random.randn``）から引く。損失は交差エントロピー誤差（δ = 1e-7、バッチ平均）。
    勾配は 2 通り: ``numerical_gradient``（数値微分、この章の方法）と ``gradient``（誤差逆伝播法、
    次章の方法。同じ値をずっと速く求める）。

    >>> net = TwoLayerNet(input_size=4, hidden_size=3, output_size=2, seed=0)
    >>> {key: value.shape for key, value in net.params.items()}
    {'W1': (4, 3), 'b1': (3,), 'W2': (3, 2), 'b2': (2,)}

    ページ: docs/supplement/network_class.md
    """

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, seed=None):
        n_in, n_hidden, n_out = (positive_int(name, size) for name, size in
                                 (("input_size", input_size), ("hidden_size", hidden_size), ("output_size", output_size)))
        weight_init_std = positive_float("weight_init_std", weight_init_std)
        if seed is None:  # the book's draws: NumPy's global generator, so np.random.seed applies
            def draw(shape):
                return np.random.randn(*shape)
        else:
            draw = np.random.default_rng(seed).standard_normal
        self.params = {"W1": weight_init_std * draw((n_in, n_hidden)), "b1": np.zeros(n_hidden),
                       "W2": weight_init_std * draw((n_hidden, n_out)), "b2": np.zeros(n_out)}

    def _check_x(self, x):
        x = finite_array("x", x)
        size = self.params["W1"].shape[0]
        if x.ndim not in (1, 2) or x.shape[-1] != size:
            raise ValueError(f"x must have shape ({size},) or (N, {size}), got {x.shape}")
        return x

    # --8<-- [start:two_layer_predict]
    def predict(self, x):
        """出力 y（確率）。``x`` は 1 サンプル（1 次元）か、行ごとのバッチ（2 次元）。

        ページ: docs/supplement/network_class.md
        """
        x = self._check_x(x)
        z1 = sigmoid(x @ self.params["W1"] + self.params["b1"])
        return softmax(z1 @ self.params["W2"] + self.params["b2"])
    # --8<-- [end:two_layer_predict]

    def loss(self, x, t):
        """交差エントロピー誤差（バッチ平均）。``t`` はラベルでも one-hot でもよい。

        ページ: docs/supplement/network_class.md
        """
        y2, t2 = _prediction_and_one_hot(self.predict(x), t)
        return _cross_entropy_of_checked(y2, t2)

    def accuracy(self, x, t):
        """正解率（0〜1）。

        ページ: docs/supplement/network_class.md
        """
        y2, t2 = _prediction_and_one_hot(self.predict(x), t)
        return float(np.mean(y2.argmax(axis=1) == t2.argmax(axis=1)))

    # --8<-- [start:two_layer_numerical_gradient]
    def numerical_gradient(self, x, t):
        """損失の各パラメータについての勾配を数値微分（中心差分、h = 1e-4）で求める。

        ページ: docs/supplement/network_class.md
        """
        x = self._check_x(x)
        _, t2 = _prediction_and_one_hot(self.predict(x), t)  # check t once, not per evaluation

        def loss_w(_):  # the argument is ignored: the loss reads the params being nudged in place
            return _cross_entropy_of_checked(self.predict(x).reshape(t2.shape), t2)

        return {key: numerical_gradient_nd(loss_w, value) for key, value in self.params.items()}
    # --8<-- [end:two_layer_numerical_gradient]

    # --8<-- [start:two_layer_gradient]
    def gradient(self, x, t, *, ignore_delta=False):
        """同じ勾配を誤差逆伝播法（次章）で求める。出力側から連鎖律で 1 層ずつさかのぼる。

        損失の δ まで含めて微分する。``ignore_delta=True`` なら原著と同じく、ソフトマックスの入力
        についての勾配を (y − t) / N とする（δ を無視した式。正解クラスの出力が δ に近いと大きくずれる）。

        ページ: docs/supplement/network_class.md
        """
        x = self._check_x(x)
        x2 = x.reshape(-1, x.shape[-1])  # one sample is a batch of one
        W1, b1, W2, b2 = (self.params[key] for key in ("W1", "b1", "W2", "b2"))
        z1 = sigmoid(x2 @ W1 + b1)
        y = softmax(z1 @ W2 + b2)
        _, t2 = _prediction_and_one_hot(y.reshape(x.shape[:-1] + y.shape[-1:]), t)
        if ignore_delta:
            da2 = (y - t2) / len(x2)
        else:  # dL/dy of L = -(1/N) Σ t log(y + δ), then back through softmax
            dy = -t2 / (y + CROSS_ENTROPY_DELTA) / len(x2)
            da2 = y * (dy - np.sum(dy * y, axis=1, keepdims=True))
        dz1 = da2 @ W2.T
        da1 = dz1 * z1 * (1.0 - z1)
        return {"W1": x2.T @ da1, "b1": da1.sum(axis=0), "W2": z1.T @ da2, "b2": da2.sum(axis=0)}
    # --8<-- [end:two_layer_gradient]


# --8<-- [start:train_minibatch]
def train_minibatch(net, x_train, t_train, x_test, t_test, *, lr, batch_size, epochs, seed, method="gradient"):
    """原著 4.5 の手順でミニバッチ学習する。

    毎回、訓練データから ``batch_size`` 個を無作為に選び（``seed`` の乱数）、``net.<method>``
    （``"gradient"`` か ``"numerical_gradient"``）で求めた勾配で ``W ← W − η ∂L/∂W`` とする。
    訓練データの数 / ``batch_size`` 回の更新を 1 エポックとし、学習前と各エポックの後に
    訓練データとテストデータの正解率を記録する。戻り値は辞書: ``loss``（更新ごとのミニバッチの損失）、
    ``train_acc``・``test_acc``（長さ ``epochs + 1``）、``iterations``（ステップ数: パラメータを更新した回数）。

    ページ: docs/notebooks/two_layer_net.py
    """
    lr = positive_float("lr", lr)
    epochs = non_negative_int("epochs", epochs)
    batch_size = non_negative_int("batch_size", batch_size)
    x_train, t_train = _samples(x_train, t_train, ("x_train", "t_train"))
    x_test, t_test = _samples(x_test, t_test, ("x_test", "t_test"))
    if not 1 <= batch_size <= len(x_train):
        raise ValueError(f"batch_size must be between 1 and {len(x_train)}, got {batch_size}")
    if method not in ("gradient", "numerical_gradient"):
        raise ValueError(f"method must be 'gradient' or 'numerical_gradient', got {method!r}")
    rng = np.random.default_rng(seed)
    iterations_per_epoch = len(x_train) // batch_size  # >= 1: batch_size is at most len(x_train)
    history = {"loss": [], "train_acc": [], "test_acc": []}
    update, where = 0, "before the first update"  # net may be the learner's own: an error says where
    try:
        _record_accuracy(history, net, x_train, t_train, x_test, t_test)
        for epoch in range(1, epochs + 1):
            for _ in range(iterations_per_epoch):
                update += 1
                where = f"in update {update} (epoch {epoch})"
                # not mutated: its mutant replace=None draws the same batches (an equivalent mutant)
                chosen = rng.choice(len(x_train), batch_size, replace=False)  # pragma: no mutate
                x_batch, t_batch = x_train[chosen], t_train[chosen]
                grads = _checked_gradients(f"net.{method}(x_batch, t_batch)", getattr(net, method)(x_batch, t_batch),
                                           net.params)  # all of them, before any W changes
                for key in net.params:
                    net.params[key] -= lr * grads[key]
                history["loss"].append(scalar_result("net.loss", net.loss(x_batch, t_batch)))
            where = f"after epoch {epoch}"
            _record_accuracy(history, net, x_train, t_train, x_test, t_test)
    except ValueError as error:
        raise ValueError(f"{error}, {where} of train_minibatch") from error
    history["iterations"] = epochs * iterations_per_epoch
    return history


def _record_accuracy(history, net, x_train, t_train, x_test, t_test):
    for key, x, t in (("train_acc", x_train, t_train), ("test_acc", x_test, t_test)):
        history[key].append(scalar_result("net.accuracy", net.accuracy(x, t)))
# --8<-- [end:train_minibatch]
