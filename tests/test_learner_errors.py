"""What learners pass by mistake gets a ValueError (or a warning) that says what is wrong, and their
data is left as it was; and the book's own chapter-4 calls work on dlcode's TwoLayerNet."""
import warnings

import numpy as np
import pytest

from dlcode.descent import gradient_descent
from dlcode.diff import forward_diff, numerical_diff
from dlcode.gradient import ZeroGradientWarning, _numerical_gradient, numerical_gradient, numerical_gradient_nd
from dlcode.losses import to_one_hot
from dlcode.network import Network, SimpleNet, TwoLayerNet, train, train_minibatch
from dlcode.slides import function_1, function_2


@pytest.mark.parametrize("gradient", [_numerical_gradient, numerical_gradient, numerical_gradient_nd])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_non_finite_point_is_named(gradient, bad):
    x = np.array([3.0, bad])
    with pytest.raises(ValueError, match=rf"x contains a non-finite value {bad} at index \(1,\): there is no gradient"):
        gradient(function_2, x)
    assert x[0] == 3.0 and (np.isnan(x[1]) if np.isnan(bad) else x[1] == bad)


def test_gradient_descent_that_diverges_says_at_which_step_and_with_what_learning_rate():
    start = np.array([-3.0, 4.0])
    with pytest.raises(ValueError, match=r"gradient descent diverged at step \d+ with lr=10.0: x had grown to .* "
                                         r"try a smaller learning rate"):
        gradient_descent(function_2, start, lr=10, step_num=100)
    np.testing.assert_array_equal(start, [-3.0, 4.0])
    # a starting point that is itself wrong is named as such, not as divergence
    with pytest.raises(ValueError, match="non-finite value nan"):
        gradient_descent(function_2, np.array([np.nan, 1.0]), lr=0.1)


@pytest.mark.parametrize("diff", [numerical_diff, forward_diff])
def test_numerical_diff_takes_one_number_at_which_h_is_representable(diff):
    point = np.array([3.0, 4.0])
    with pytest.raises(ValueError, match=r"x must be one number, got an array of shape \(2,\)"):
        diff(function_2, point)  # the old behaviour: a directional derivative, 14
    np.testing.assert_array_equal(point, [3.0, 4.0])
    with pytest.raises(ValueError, match=r"h=0.0001 is too small for x of dtype float64 \(values up to 1e\+20"):
        diff(function_1, 1e20)  # the old behaviour: 0.0
    with pytest.raises(ValueError, match="dtype float32 .* use float64 or a larger h"):
        diff(function_1, np.float32(5000.0))  # x ± 1e-4 rounds away in float32
    with pytest.raises(ValueError, match="x must be a finite number, got nan"):
        diff(function_1, float("nan"))
    with pytest.raises(ValueError, match="x must be a number, got 'five'"):
        diff(function_1, "five")
    assert diff(function_1, 5) == pytest.approx(0.2, abs=1e-4)
    assert diff(function_1, np.int64(5)) == diff(function_1, 5.0)


def test_one_hot_labels_of_shape_n_by_1_are_refused_not_given_a_third_axis():
    labels = np.array([[1], [2]])
    with pytest.raises(ValueError, match=r"1-D sequence of labels, got shape \(2, 1\); flatten them first"):
        to_one_hot(labels, 3)
    assert to_one_hot(labels.ravel(), 3).shape == (2, 3)


def test_training_with_fewer_labels_than_inputs_says_so():
    x, t = np.ones((4, 2)), np.zeros(3, dtype=int)
    net = Network(seed=0)
    before = {key: value.copy() for key, value in net.params.items()}
    with pytest.raises(ValueError, match=r"x and t must have one entry per sample: got x of shape \(4, 2\) "
                                         r"and t of shape \(3,\)"):
        train(net, x, t, lr=1, step_num=1, batch_size=2)
    assert all(np.array_equal(before[key], net.params[key]) for key in before)


def test_train_minibatch_takes_python_lists_like_arrays():
    x = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]
    t = [0, 1, 1, 0]
    from_lists = train_minibatch(TwoLayerNet(2, 3, 2, seed=0), x, t, x, t, lr=0.5, batch_size=2, epochs=2, seed=0)
    from_arrays = train_minibatch(TwoLayerNet(2, 3, 2, seed=0), np.array(x), np.array(t), np.array(x), np.array(t),
                                  lr=0.5, batch_size=2, epochs=2, seed=0)
    assert from_lists == from_arrays
    with pytest.raises(ValueError, match=r"x_test and t_test must have one entry per sample"):
        train_minibatch(TwoLayerNet(2, 3, 2, seed=0), x, t, x, t[:3], lr=0.5, batch_size=2, epochs=1, seed=0)


@pytest.mark.parametrize("net", [TwoLayerNet(2, 3, 2, seed=0), Network(seed=0)], ids=["TwoLayerNet", "Network"])
def test_nan_in_x_is_blamed_on_x_not_on_y(net):
    x = np.array([[0.5, np.nan]])
    with pytest.raises(ValueError, match=r"x contains a non-finite value nan at index \(0, 1\)"):
        net.loss(x, np.array([1]))


def test_network_sizes_may_be_numpy_integers_as_for_two_layer_net():
    sizes = np.array([2, 3, 2])
    assert Network(tuple(sizes), seed=0).sizes == (2, 3, 2)
    assert TwoLayerNet(*sizes, seed=0).params["W1"].shape == (2, 3)
    with pytest.raises(ValueError, match=r"sizes\[2\] must be a positive integer, got 2.5"):
        Network((2, 3, 2.5), seed=0)


def test_simple_net_names_the_number_of_features_it_needs():
    with pytest.raises(ValueError, match=r"x must have 2 features in its last axis, got shape \(3,\)"):
        SimpleNet(seed=0).loss(np.array([0.6, 0.9, 0.1]), np.array([0, 0, 1]))


def test_a_loss_that_ignores_its_argument_is_warned_about_in_words():
    net = SimpleNet(seed=0)
    x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])
    with pytest.warns(ZeroGradientWarning, match="every partial derivative is exactly 0.*not a copy of it"):
        grad = numerical_gradient_nd(lambda w: net.loss(x, t), net.W.copy())
    assert not grad.any()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a true zero gradient (a minimum, a saddle) is no mistake
        assert not numerical_gradient(function_2, np.array([0.0, 0.0])).any()
        assert numerical_gradient_nd(lambda w: net.loss(x, t), net.W).any()


def test_the_book_s_chapter_4_calls_work():
    """The book's TwoLayerNet: no seed (NumPy's global generator), one-hot t, predict, loss, accuracy,
    numerical_gradient and gradient, called as the book calls them."""
    np.random.seed(0)
    net = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    np.random.seed(0)
    assert np.array_equal(net.params["W1"], 0.01 * np.random.randn(784, 50))
    assert np.array_equal(net.params["W2"], 0.01 * np.random.randn(50, 10))
    assert not np.array_equal(TwoLayerNet(784, 50, 10).params["W1"], net.params["W1"])  # the generator moved on
    x = np.random.rand(3, 784)
    t = np.eye(10)[[1, 4, 9]]  # one-hot, as the book's load_mnist(one_hot_label=True)
    y = net.predict(x)
    assert y.shape == (3, 10) and np.allclose(y.sum(axis=1), 1)
    assert net.loss(x, t) == pytest.approx(np.log(10), abs=0.05)  # tiny weights: about uniform outputs
    assert 0 <= net.accuracy(x, t) <= 1
    small = TwoLayerNet(input_size=5, hidden_size=4, output_size=3)
    xs, ts = np.random.rand(2, 5), np.eye(3)[[0, 2]]
    numerical, backprop = small.numerical_gradient(xs, ts), small.gradient(xs, ts)
    assert set(numerical) == set(backprop) == {"W1", "b1", "W2", "b2"}
    assert all(np.allclose(numerical[key], backprop[key], atol=1e-7) for key in numerical)


def test_the_book_s_delta_free_gradient_differs_by_delta_over_the_target_output():
    """dL/db2 summed over the batch: the book's (y − t)/N minus the exact one is, sample by sample,
    (y − t) · δ / (y_k + δ) / N, where y_k is the output of the sample's true class."""
    net = TwoLayerNet(input_size=64, hidden_size=50, output_size=10, weight_init_std=1, seed=3)
    x, t = np.random.default_rng(1).random((5, 64)), np.array([0, 1, 2, 3, 4])
    y = net.predict(x)
    target = y[np.arange(5), t]
    expected = ((y - np.eye(10)[t]) * (1e-7 / (target + 1e-7))[:, None]).sum(axis=0) / 5
    book, exact = net.gradient(x, t, ignore_delta=True), net.gradient(x, t)
    np.testing.assert_allclose(book["b2"] - exact["b2"], expected, atol=1e-12)
    assert target.min() < 1e-7 and np.abs(book["W2"] - exact["W2"]).max() > 0.1
