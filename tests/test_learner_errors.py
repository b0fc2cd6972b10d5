"""What learners pass by mistake gets a ValueError (or a warning) that says what is wrong, and their
data is left as it was; and the book's own chapter-4 calls work on dlcode's TwoLayerNet."""
import math
import warnings

import numpy as np
import pytest

from dlcode.descent import gradient_descent, gradient_descent_1d
from dlcode.diff import forward_diff, numerical_diff, tangent_line
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
    with pytest.raises(ValueError, match=r"^x_train and t_train must have one entry per sample: got x_train of "
                                         r"shape \(4, 2\) and t_train of shape \(3,\)$"):
        train_minibatch(TwoLayerNet(2, 3, 2, seed=0), x, t[:3], x, t, lr=0.5, batch_size=2, epochs=1, seed=0)


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


# What dlcode gets back from the learner's own code (a function f, a network's loss or gradients):
# a value that makes the answer meaningless is named, with what it was and where, and nothing of the
# learner's is left changed.

NOT_A_NUMBER = [
    (float("nan"), "a finite number, got nan"), (np.float64("inf"), "a finite number, got inf"),
    (None, "a number, got None"), ("1.5", "a number, got '1.5'"), (True, "a number, got True"),
    (np.array([1.0, 2.0]), r"a scalar, got a value of shape \(2,\)"),
]


@pytest.mark.parametrize("value, what", NOT_A_NUMBER)
def test_what_f_returns_to_numerical_diff_is_named_with_the_point(value, what):
    def f(x):
        return value if x > 5 else x ** 2  # only at x + h

    with pytest.raises(ValueError, match=rf"^f must return {what} at x \+ h = 5\.0001$"):
        numerical_diff(f, 5)
    with pytest.raises(ValueError, match=rf"^f must return {what} at x - h = 4\.9999$"):
        numerical_diff(lambda x: value if x < 5 else x ** 2, 5)
    with pytest.raises(ValueError, match=rf"^f must return {what} at x = 5$"):
        forward_diff(lambda x: value if x == 5 else x ** 2, 5)
    with pytest.raises(ValueError, match=rf"^f must return {what} at x = 5$"):
        tangent_line(lambda x: value if x == 5 else x ** 2, 5)


@pytest.mark.parametrize("value, what", NOT_A_NUMBER)
@pytest.mark.parametrize("gradient", [_numerical_gradient, numerical_gradient, numerical_gradient_nd])
def test_what_f_returns_to_a_gradient_is_named_with_the_element_moved(gradient, value, what):
    x = np.array([3.0, 4.0])

    def f(point):
        return value if point[1] < 4 else np.sum(point ** 2)  # only when x[1] is moved down

    name = "X" if gradient is numerical_gradient else "x"  # as the parameter is called
    with pytest.raises(ValueError, match=rf"^f must return {what} when {name}\[1\] was moved to 3\.9999 \({name}\[1\] - h\)$"):
        gradient(f, x)
    np.testing.assert_array_equal(x, [3.0, 4.0])


def test_the_element_is_named_by_its_row_and_column():
    X = np.array([[3.0, 4.0], [0.0, 2.0]])

    def f(point):
        return np.nan if point[0] > 0.00005 and point[1] == 2.0 else np.sum(point ** 2)

    with pytest.raises(ValueError, match=r"^f must return a finite number, got nan when X\[1, 0\] was moved to 0\.0001 \(X\[1, 0\] \+ h\)$"):
        numerical_gradient(f, X)
    np.testing.assert_array_equal(X, [[3.0, 4.0], [0.0, 2.0]])
    W = np.arange(6.0).reshape(2, 3)
    for weights, moved in ((W, "3.0001"), (W.T, "1.0001")):  # a transposed view is walked element by element
        with pytest.raises(ValueError, match=rf"^f must return a finite number, got inf when x\[1, 0\] was moved "
                                             rf"to {moved} \(x\[1, 0\] \+ h\)$"):
            numerical_gradient_nd(lambda w: np.inf if w[1, 0] % 1 else np.sum(w), weights)
    np.testing.assert_array_equal(W, np.arange(6.0).reshape(2, 3))


def test_gradient_descent_names_the_step_in_which_f_returned_no_number_and_divergence_as_such():
    start = np.array([-3.0, 4.0])

    def f(x):  # x is multiplied by 0.8 each step: x[0] passes -2 in step 3
        return np.nan if x[0] > -2 else function_2(x)

    with pytest.raises(ValueError, match=r"^f must return a finite number, got nan when x\[0\] was moved to "
                                         r"-1\.919\d* \(x\[0\] \+ h\), in step 3 of gradient descent$"):
        gradient_descent(f, start, lr=0.1)
    np.testing.assert_array_equal(start, [-3.0, 4.0])
    with pytest.raises(ValueError, match=r"^f must return a number, got None at x = -3.0, in step 1 of gradient descent$"):
        gradient_descent_1d(lambda x: None if x == -3.0 else x ** 2, init_x=-3.0, lr=0.1)
    with pytest.raises(ValueError, match=r"^f must return a finite number, got inf at x \+ h = -1\.919\d*, "
                                         r"in step 3 of gradient descent$"):
        gradient_descent_1d(lambda x: np.inf if x > -2 else x ** 2, init_x=-3.0, lr=0.1)
    # the learner's own error is kept (as the cause), with the step named
    with pytest.raises(ValueError, match=r"^math domain error, in step 2 of gradient descent$") as raised:
        gradient_descent_1d(lambda x: math.log(x + 3), init_x=-2.0, lr=1.0)
    assert str(raised.value.__cause__) == "math domain error"
    # beyond what h can move: divergence from step 2 on, but a starting point that is itself too large
    # is named as such (the step-1 error says h is too small)
    with pytest.raises(ValueError, match=r"^gradient descent diverged at step 2 with lr=1000000000000.0: x had grown "
                                         r"to 2e\+12 in absolute value; try a smaller learning rate$"):
        gradient_descent(function_2, np.array([1.0, 1.0]), lr=1e12)
    with pytest.raises(ValueError, match=r"^h=0.0001 is too small for x of dtype float64 .*, in step 1 of gradient descent$"):
        gradient_descent(function_2, np.array([2e12, 1.0]), lr=0.1)
    # a divergence in one variable is named as in two
    with pytest.raises(ValueError, match=r"^gradient descent diverged at step \d+ with lr=10.0: x had grown to .* "
                                         r"try a smaller learning rate$"):
        gradient_descent_1d(lambda x: x ** 2, init_x=3.0, lr=10.0, step_num=100)


class BookNet:
    """A learner's network as the book writes it (params, loss, accuracy, gradient), whose gradient or
    loss can be made to return something wrong from a given call on."""

    def __init__(self, wrong=None, after=0, what="gradient"):
        self.net, self.after, self.calls = TwoLayerNet(2, 3, 2, seed=0), after, 0
        self.wrong = {what: wrong} if wrong else {}
        self.params = self.net.params

    def _returns(self, what, value):
        return self.wrong[what](value) if what in self.wrong and self.calls > self.after else value

    def loss(self, x, t):
        return self._returns("loss", self.net.loss(x, t))

    def accuracy(self, x, t):
        return self.net.accuracy(x, t)

    def gradient(self, x, t):
        self.calls += 1
        return self._returns("gradient", self.net.gradient(x, t))


DATA = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]), np.array([0, 1, 1, 0])


@pytest.mark.parametrize("wrong, message", [
    (lambda g: {**g, "W1": g["W1"][0]}, r"net\.gradient\(x_batch, t_batch\)\['W1'\] has shape \(3,\), expected \(2, 3\)"),
    (lambda g: {**g, "b2": g["b2"] * np.nan}, r"net\.gradient\(x_batch, t_batch\)\['b2'\] contains a non-finite value nan at index \(0,\)"),
    (lambda g: {"W1": g["W1"]}, r"net\.gradient\(x_batch, t_batch\) must have the keys \['W1', 'W2', 'b1', 'b2'\], got \['W1'\]"),
    (lambda g: list(g.values()), r"net\.gradient\(x_batch, t_batch\) must be a dict of arrays keyed like the parameters, got a list"),
    (lambda g: {**g, "W2": "0.1"}, r"net\.gradient\(x_batch, t_batch\)\['W2'\] must be numeric, got dtype <U3"),
])
def test_train_minibatch_names_wrong_gradients_and_changes_no_parameter_with_them(wrong, message):
    net = BookNet(wrong, after=2)
    before = {key: value.copy() for key, value in net.params.items()}
    with pytest.raises(ValueError, match=f"^{message}, in update 3 \\(epoch 2\\) of train_minibatch$"):
        train_minibatch(net, *DATA, *DATA, lr=0.5, batch_size=2, epochs=3, seed=0)
    reference = BookNet()  # the same two updates, then none
    train_minibatch(reference, *DATA, *DATA, lr=0.5, batch_size=2, epochs=1, seed=0)
    assert all(np.array_equal(net.params[key], reference.params[key]) for key in before)
    assert not all(np.array_equal(net.params[key], before[key]) for key in before)


def test_train_minibatch_names_a_loss_or_accuracy_that_is_no_number_and_when():
    net = BookNet(lambda value: np.float64("nan"), after=1, what="loss")
    with pytest.raises(ValueError, match=r"^net\.loss must return a finite number, got nan, in update 2 \(epoch 1\) "
                                         r"of train_minibatch$"):
        train_minibatch(net, *DATA, *DATA, lr=0.5, batch_size=2, epochs=2, seed=0)
    for wrong_from, where in ((0, "before the first update"), (2, "after epoch 1")):  # two updates an epoch
        net = BookNet()
        net.accuracy = lambda x, t, net=net, wrong_from=wrong_from: None if net.calls >= wrong_from else 0.5
        with pytest.raises(ValueError, match=rf"^net\.accuracy must return a number, got None, {where} of train_minibatch$"):
            train_minibatch(net, *DATA, *DATA, lr=0.5, batch_size=2, epochs=2, seed=0)


def test_train_names_a_loss_that_is_no_number_and_update_refuses_non_finite_gradients():
    x, t = DATA
    net = Network((2, 3, 2), seed=0)
    real_loss = net.loss
    net.loss = lambda xs, ts: [real_loss(xs, ts)]  # a list of one loss, not a number
    with pytest.raises(ValueError, match=r"^network\.loss must return a scalar, got a value of shape \(1,\), "
                                         r"in step 1 of train$"):
        train(net, x, t, lr=1.0, step_num=3)
    net = Network((2, 3, 2), seed=0)
    before = {key: value.copy() for key, value in net.params.items()}
    grads = {key: np.zeros_like(value) for key, value in net.params.items()}
    grads["W2"][2, 1] = np.inf
    with pytest.raises(ValueError, match=r"^grads\['W2'\] contains a non-finite value inf at index \(2, 1\)$"):
        net.update(grads, lr=1.0)
    assert all(np.array_equal(before[key], net.params[key]) for key in before)
