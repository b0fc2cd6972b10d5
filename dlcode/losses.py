"""損失関数（２乗和誤差・交差エントロピー誤差）の、入力チェック付き・バッチ対応版。

1 次元の ``y`` ではスライドと同じ値を返し、2 次元（行がサンプル）ではサンプルごとの
損失をバッチで平均する。教師データ ``t`` は one-hot でもラベル（整数）でもよい。

ページ: docs/loss.md
"""
import numpy as np

__all__ = ["mean_squared_error", "cross_entropy_error", "to_one_hot", "batch_cross_entropy"]

CROSS_ENTROPY_DELTA = 1e-7  # log(0) = -inf を避けるための微小値（スライドと同じ）
PROBABILITY_SUM_TOLERANCE = 1e-6  # 確率の和が 1 からこれ以上ずれていれば確率のベクトルではない


def to_one_hot(labels, num_classes):
    """整数ラベルを one-hot 行列（float64）にする。

    >>> to_one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])

    ページ: docs/supplement/learning_from_data.md
    """
    labels = np.asarray(labels)
    if labels.ndim > 1:
        raise ValueError(f"labels must be one label or a 1-D sequence of labels, got shape {labels.shape}; "
                         "flatten them first (labels.ravel())")
    _check_labels(labels, num_classes)
    return np.eye(num_classes)[labels]


def _check_labels(labels, num_classes):
    if labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be integers, got dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"labels must lie in 0..{num_classes - 1}, got values from "
            f"{labels.min()} to {labels.max()}")


def _prediction_and_one_hot(y, t):
    """(y, t) を検査し、同じ形の 2 次元 float 配列（t は one-hot）にして返す。"""
    y = np.asarray(y, dtype=np.float64)
    t = np.asarray(t)
    if y.ndim not in (1, 2):
        raise ValueError(f"y must be 1-D (one sample) or 2-D (a batch), got shape {y.shape}")
    if y.size == 0:
        raise ValueError(f"y is empty (shape {y.shape})")
    if not np.all(np.isfinite(y)):
        bad = np.argwhere(~np.isfinite(y))[0]
        raise ValueError(f"y contains a non-finite value {y[tuple(bad)]} at index {tuple(bad.tolist())}")
    y2 = y.reshape(-1, y.shape[-1])
    if t.shape == y.shape:
        t2 = t.reshape(y2.shape).astype(np.float64)
        is_binary = np.all((t2 == 0) | (t2 == 1))
        if not (is_binary and np.all(t2.sum(axis=1) == 1)):
            raise ValueError(
                f"t has the shape of y {y.shape} but is not one-hot "
                "(each sample needs exactly one 1 and 0 elsewhere)")
        return y2, t2
    if t.shape == y.shape[:-1]:
        _check_labels(t, y.shape[-1])
        return y2, np.eye(y.shape[-1])[t.reshape(-1)]
    raise ValueError(
        f"shape mismatch: y has shape {y.shape}, t has shape {t.shape}; t must be "
        f"one-hot with shape {y.shape} or integer labels with shape {y.shape[:-1]}")


def mean_squared_error(y, t):
    """２乗和誤差 E = ½ Σ_k (y_k − t_k)²。

    名前は「mean」だが平均ではなく和の半分（スライド・原著と同じ定義）。
    バッチ（2 次元）ではサンプルごとの E をサンプル数で平均する。

    >>> t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    >>> y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    >>> mean_squared_error(y, t)
    0.09750000000000003
    >>> mean_squared_error([y, y], [2, 2])  # 整数ラベルのバッチ
    0.09750000000000003

    ページ: docs/loss.md
    """
    y2, t2 = _prediction_and_one_hot(y, t)
    return float(0.5 * np.sum((y2 - t2) ** 2) / y2.shape[0])


def cross_entropy_error(y, t):
    """交差エントロピー誤差 E = −Σ_k t_k log(y_k + δ)、δ = 1e-7。

    ``y`` は確率のベクトル（0 以上 1 以下で和が 1、ソフトマックスの出力など）。
    バッチ（2 次元）ではサンプル数で平均する。

    >>> t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    >>> y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    >>> cross_entropy_error(y, t)
    0.510825457099338
    >>> cross_entropy_error(y, 2)  # ラベルでもよい
    0.510825457099338

    ページ: docs/loss.md
    """
    y2, t2 = _prediction_and_one_hot(y, t)
    sums = y2.sum(axis=1)
    if np.any(y2 < 0) or np.any(y2 > 1) or not np.allclose(sums, 1, rtol=0, atol=PROBABILITY_SUM_TOLERANCE):
        row = int(np.argmax(np.any((y2 < 0) | (y2 > 1), axis=1) | ~np.isclose(sums, 1, rtol=0, atol=PROBABILITY_SUM_TOLERANCE)))
        raise ValueError(
            f"y must be probabilities (each between 0 and 1, summing to 1, e.g. a softmax output); "
            f"sample {row} has values from {y2[row].min():g} to {y2[row].max():g} summing to {sums[row]:g}")
    return _cross_entropy_of_checked(y2, t2)


def _cross_entropy_of_checked(y2, t2):
    """検査済みの 2 次元 ``y2`` と one-hot の ``t2`` の交差エントロピー誤差（バッチ平均）。"""
    # Only the target class enters the sum; taking it alone avoids 0 * log(0) terms.
    picked = y2[t2 == 1]
    return float(-np.sum(np.log(picked + CROSS_ENTROPY_DELTA)) / y2.shape[0])


# --8<-- [start:batch_cross_entropy]
def batch_cross_entropy(y, t):
    """バッチの交差エントロピー誤差 E = −(1/N) Σ_n Σ_k t_nk log(y_nk + δ)（原著 4.2.4 の書き方）。

    ``t`` が one-hot（``y`` と同じ形）なら式どおりに、ラベル（整数の並び）なら
    ``y[np.arange(N), t]`` で各行の正解の出力だけを取り出して計算する。入力の検査はしない
    （検査付きの版は ``cross_entropy_error``）。

    ページ: docs/supplement/minibatch.md
    """
    if y.ndim == 1:  # one sample: a batch of one
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    batch_size = y.shape[0]
    if t.size == y.size:  # one-hot
        return -np.sum(t * np.log(y + CROSS_ENTROPY_DELTA)) / batch_size
    return -np.sum(np.log(y[np.arange(batch_size), t] + CROSS_ENTROPY_DELTA)) / batch_size
# --8<-- [end:batch_cross_entropy]
