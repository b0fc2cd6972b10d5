"""TwoLayerNet (the book's 4.5 class), SimpleNet, the mini-batch training loop, and the small
helpers the supplementary pages teach with (batch cross-entropy, forward difference, step function)."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcode.datasets import make_two_class_data
from dlcode.diff import forward_diff, numerical_diff
from dlcode.gradient import ZeroGradientWarning, numerical_gradient_nd
from dlcode.losses import batch_cross_entropy, cross_entropy_error, to_one_hot
from dlcode.network import SimpleNet, TwoLayerNet, softmax, step_function, train_minibatch


def net_and_batch(sizes, batch, std, seed):
    net = TwoLayerNet(*sizes, weight_init_std=std, seed=seed)
    rng = np.random.default_rng(seed + 1)
    return net, rng.standard_normal((batch, sizes[0])), rng.integers(0, sizes[2], batch)


# --- construction and shapes ----------------------------------------------------------------------

def test_parameters_have_the_books_names_shapes_and_initial_values():
    net = TwoLayerNet(input_size=784, hidden_size=50, output_size=10, seed=3)
    assert {key: value.shape for key, value in net.params.items()} == {
        "W1": (784, 50), "b1": (50,), "W2": (50, 10), "b2": (10,)}
    assert not net.params["b1"].any() and not net.params["b2"].any()
    assert net.params["W1"].std() == pytest.approx(0.01, rel=0.05)  # weight_init_std's default
    again = TwoLayerNet(784, 50, 10, seed=3)
    assert all(np.array_equal(net.params[k], again.params[k]) for k in net.params)
    assert not np.array_equal(TwoLayerNet(784, 50, 10, seed=4).params["W1"], net.params["W1"])


def test_predict_gives_probabilities_for_one_sample_and_for_a_batch():
    net, x, _ = net_and_batch((4, 5, 3), 6, 1.0, 0)
    y = net.predict(x)
    assert y.shape == (6, 3) and np.allclose(y.sum(axis=1), 1) and (y > 0).all()
    np.testing.assert_allclose(net.predict(x[2]), y[2])
    manual = softmax((1 / (1 + np.exp(-(x @ net.params["W1"] + net.params["b1"])))) @ net.params["W2"] + net.params["b2"])
    np.testing.assert_allclose(y, manual, rtol=1e-12)


def test_loss_and_accuracy_take_labels_or_one_hot():
    net, x, t = net_and_batch((4, 5, 3), 8, 1.0, 2)
    one_hot = to_one_hot(t, 3)
    assert net.loss(x, t) == net.loss(x, one_hot) == cross_entropy_error(net.predict(x), t)
    assert net.accuracy(x, t) == net.accuracy(x, one_hot) == np.mean(net.predict(x).argmax(axis=1) == t)


# --- the gradient check ---------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(sizes=st.tuples(st.integers(1, 6), st.integers(1, 5), st.integers(2, 5)), batch=st.integers(1, 5),
       std=st.sampled_from([0.01, 0.1, 1.0, 2.0]), seed=st.integers(0, 2 ** 16), one_hot=st.booleans())
def test_backprop_gradient_matches_the_numerical_gradient(sizes, batch, std, seed, one_hot):
    net, x, t = net_and_batch(sizes, batch, std, seed)
    labels = to_one_hot(t, sizes[2]) if one_hot else t
    numerical, backprop = net.numerical_gradient(x, labels), net.gradient(x, labels)
    assert set(numerical) == set(backprop) == set(net.params)
    for key in net.params:
        assert backprop[key].shape == net.params[key].shape
        assert np.abs(numerical[key] - backprop[key]).max() < 1e-7, key


def test_gradient_of_one_sample_is_that_of_a_batch_of_one():
    net, x, t = net_and_batch((3, 4, 2), 1, 1.0, 5)
    single, batch = net.gradient(x[0], t[0]), net.gradient(x, t)
    assert all(np.array_equal(single[k], batch[k]) for k in net.params)


def test_gradients_leave_the_parameters_as_they_were():
    net, x, t = net_and_batch((3, 4, 2), 5, 1.0, 6)
    before = {k: v.copy() for k, v in net.params.items()}
    net.numerical_gradient(x, t)
    net.gradient(x, t)
    assert all(np.array_equal(before[k], net.params[k]) for k in net.params)


def test_a_descent_step_along_the_gradient_lowers_the_loss():
    net, x, t = net_and_batch((4, 6, 3), 10, 1.0, 7)
    before = net.loss(x, t)
    for key, grad in net.gradient(x, t).items():
        net.params[key] -= 0.01 * grad
    assert net.loss(x, t) < before


# --- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    ((0, 3, 2), "input_size must be a positive integer, got 0"),
    ((2, True, 2), "hidden_size must be a positive integer, got True"),
    ((2, 3, 2.0), "output_size must be a positive integer, got 2.0"),
    ((2, 3, 2, 0.0), "weight_init_std must be a finite number > 0, got 0.0"),
])
def test_bad_sizes_are_named(args, message):
    with pytest.raises(ValueError, match=f"^{message}$".replace("(", r"\(").replace(")", r"\)")):
        TwoLayerNet(*args, seed=0)


@pytest.mark.parametrize("method", ["predict", "loss", "accuracy", "numerical_gradient", "gradient"])
def test_wrong_input_shape_is_named(method):
    net = TwoLayerNet(4, 3, 2, seed=0)
    args = (np.zeros((5, 3)),) if method == "predict" else (np.zeros((5, 3)), np.zeros(5, dtype=int))
    with pytest.raises(ValueError, match=r"x must have shape \(4,\) or \(N, 4\), got \(5, 3\)"):
        getattr(net, method)(*args)


@pytest.mark.parametrize("method", ["loss", "accuracy", "numerical_gradient", "gradient"])
@pytest.mark.parametrize("labels, message", [
    ([0, 1, 2], r"labels must lie in 0\.\.1, got values from 0 to 2"),
    ([0, -1, 1], r"labels must lie in 0\.\.1, got values from -1 to 1"),
    ([0.0, 1.0, 1.0], r"labels must be integers, got dtype float64"),
    ([0, 1], r"shape mismatch: y has shape \(3, 2\), t has shape \(2,\)"),
])
def test_bad_labels_are_named_and_leave_the_network_alone(method, labels, message):
    net = TwoLayerNet(4, 3, 2, seed=0)
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(ValueError, match=message):
        getattr(net, method)(np.zeros((3, 4)), np.array(labels))
    assert all(np.array_equal(before[k], net.params[k]) for k in net.params)


# --- training -------------------------------------------------------------------------------------

def test_training_records_each_epoch_and_is_reproducible():
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((50, 4)), rng.integers(0, 3, 50)
    runs = []
    for _ in range(2):
        net = TwoLayerNet(4, 5, 3, weight_init_std=0.5, seed=1)
        runs.append((train_minibatch(net, x[:40], t[:40], x[40:], t[40:], lr=0.5, batch_size=8, epochs=3, seed=2), net))
    history, net = runs[0]
    assert history["iterations"] == 3 * (40 // 8) == len(history["loss"])
    assert len(history["train_acc"]) == len(history["test_acc"]) == 4
    assert history["train_acc"][-1] == net.accuracy(x[:40], t[:40])
    assert history == runs[1][0]


def test_training_lowers_the_loss_with_batches_of_the_given_size_and_records_test_accuracy():
    x, t = make_two_class_data(80, seed=1)
    sizes = []

    class Recording(TwoLayerNet):
        def gradient(self, x_batch, t_batch):
            sizes.append(x_batch.shape)
            assert len(np.unique(x_batch, axis=0)) == len(x_batch)  # drawn without replacement
            return super().gradient(x_batch, t_batch)

    net = Recording(2, 8, 2, weight_init_std=1.0, seed=0)
    history = train_minibatch(net, x[:60], t[:60], x[60:], t[60:], lr=1.0, batch_size=10, epochs=40, seed=0)
    assert history["iterations"] == 40 * 6 and sizes == [(10, 2)] * 240
    assert np.mean(history["loss"][-6:]) < np.mean(history["loss"][:6]) / 2
    assert history["test_acc"][-1] == net.accuracy(x[60:], t[60:]) > history["test_acc"][0]
    assert history["train_acc"][-1] > 0.9


@pytest.mark.parametrize("batch_size", [1, 12])
def test_training_accepts_batches_of_one_and_of_all_the_data(batch_size):
    x, t = make_two_class_data(12, seed=1)
    history = train_minibatch(TwoLayerNet(2, 3, 2, seed=0), x, t, x, t, lr=0.1, batch_size=batch_size, epochs=1, seed=0)
    assert history["iterations"] == 12 // batch_size


def test_training_with_the_numerical_gradient_follows_the_same_path():
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((12, 3)), rng.integers(0, 2, 12)
    histories = [train_minibatch(TwoLayerNet(3, 4, 2, weight_init_std=0.5, seed=1), x, t, x, t, lr=0.5, batch_size=4,
                                 epochs=2, seed=0, method=method) for method in ("gradient", "numerical_gradient")]
    np.testing.assert_allclose(histories[0]["loss"], histories[1]["loss"], atol=1e-8)


@pytest.mark.parametrize("kwargs, message", [
    ({"batch_size": 0}, "batch_size must be between 1 and 10, got 0"),
    ({"batch_size": 11}, "batch_size must be between 1 and 10, got 11"),
    ({"method": "backprop"}, "method must be 'gradient' or 'numerical_gradient', got 'backprop'"),
    ({"lr": -1.0}, "lr must be a finite number > 0, got -1.0"),
    ({"epochs": -1}, "epochs must be >= 0, got -1"),
    ({"batch_size": 1.5}, "batch_size must be an integer >= 0, got 1.5"),
])
def test_bad_training_settings_are_named(kwargs, message):
    x, t = np.zeros((10, 2)), np.zeros(10, dtype=int)
    settings_ = {"lr": 0.1, "batch_size": 5, "epochs": 1, "seed": 0, **kwargs}
    with pytest.raises(ValueError, match=f"^{message}$".replace("(", r"\(").replace(")", r"\)")):
        train_minibatch(TwoLayerNet(2, 2, 2, seed=0), x, t, x, t, **settings_)


# --- SimpleNet and the helpers ------------------------------------------------------------------------

def test_simple_net_gradient_is_x_times_the_output_error():
    net = SimpleNet(seed=0)
    x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])
    dW = numerical_gradient_nd(lambda w: net.loss(x, t), net.W)
    np.testing.assert_allclose(dW, np.outer(x, softmax(net.predict(x)) - t), atol=1e-6)
    assert (dW[:, 2] < 0).all() and (dW[:, :2] > 0).all()  # what the page says about the signs
    with pytest.warns(ZeroGradientWarning):
        assert not numerical_gradient_nd(lambda w: net.loss(x, t), net.W.copy()).any()  # a copy is not net.W


@settings(max_examples=50, deadline=None)
@given(batch=st.integers(1, 6), classes=st.integers(2, 6), seed=st.integers(0, 1000))
def test_batch_cross_entropy_with_labels_equals_one_hot_and_the_checked_version(batch, classes, seed):
    rng = np.random.default_rng(seed)
    y = softmax(rng.standard_normal((batch, classes)))
    t = rng.integers(0, classes, batch)
    expected = cross_entropy_error(y, t)
    assert batch_cross_entropy(y, t) == pytest.approx(expected, rel=1e-12)
    assert batch_cross_entropy(y, to_one_hot(t, classes)) == pytest.approx(expected, rel=1e-12)
    assert batch_cross_entropy(y[0], to_one_hot(t, classes)[0]) == pytest.approx(cross_entropy_error(y[0], t[0]))


@settings(max_examples=50, deadline=None)
@given(x=st.floats(-2, 2), h=st.sampled_from([1e-2, 1e-3]))
def test_forward_difference_error_is_about_h_times_half_the_second_derivative(x, h):
    error = forward_diff(math.exp, x, h) - math.exp(x)
    assert error == pytest.approx(h / 2 * math.exp(x), rel=0.02)
    assert abs(numerical_diff(math.exp, x, h) - math.exp(x)) < abs(error) / 10


def test_step_function_jumps_at_zero_and_is_flat_elsewhere():
    np.testing.assert_array_equal(step_function(np.array([-3.0, -1e-9, 0.0, 1e-9, 3.0])), [0, 0, 0, 1, 1])
    assert numerical_diff(step_function, 0.5) == numerical_diff(step_function, -0.5) == 0.0
    assert numerical_diff(step_function, 0.0) == pytest.approx(1 / 2e-4)  # the jump, seen by the difference
