import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from dlcode.datasets import load_digits_split, make_two_class_data
from dlcode.descent import gradient_descent, gradient_descent_1d
from dlcode.network import SLIDE_SIZES, Network, SimpleNet, TwoLayerNet, sigmoid, softmax, train
from dlcode.slides import function, function_2


def test_one_variable_loop_rows_follow_the_slide_code():
    rows, x = gradient_descent_1d(function, init_x=0, lr=0.001, step_num=200000)
    assert [row[0] for row in rows] == list(range(0, 200000, 10000))
    assert rows[0] == (0, 0, 0.0)
    assert repr(rows[1][1]) == "-0.9063544220185227"
    # The minimum of 0.01x^2 + 0.1x is at x = -5: after 200000 steps x is on its way there.
    assert -5 < x < rows[-1][1] < -4.8


def test_gradient_descent_reaches_the_minimum_and_keeps_init_x():
    init_x = np.array([-3.0, 4.0])
    x, history = gradient_descent(function_2, init_x, lr=0.1, step_num=20)
    assert init_x.tolist() == [-3.0, 4.0]
    assert history.shape == (21, 2)
    np.testing.assert_array_equal(history[0], init_x)
    np.testing.assert_array_equal(history[-1], x)
    # For sum(x^2) each step multiplies x by (1 - 2*lr) = 0.8.
    np.testing.assert_allclose(x, init_x * 0.8 ** 20, atol=1e-9)
    assert np.abs(x).max() < 0.05


def test_gradient_descent_defaults_are_the_books_learning_rate_and_step_count():
    """The book's gradient_descent defaults: lr=0.01, step_num=100."""
    start = np.array([-3.0, 4.0])
    x, history = gradient_descent(function_2, start)
    assert history.shape == (101, 2)
    # For x0² + x1² each step multiplies the point by 1 − 2·lr.
    np.testing.assert_allclose(history[1], start * (1 - 2 * 0.01))
    np.testing.assert_allclose(x, start * (1 - 2 * 0.01) ** 100, rtol=1e-6)


def test_gradient_descent_accepts_integers_without_touching_them():
    init_x = np.array([-3, 4])
    x, _ = gradient_descent(function_2, init_x, lr=0.1, step_num=100)
    assert init_x.dtype.kind == "i" and init_x.tolist() == [-3, 4]
    assert np.allclose(x, 0, atol=1e-6)


@pytest.mark.parametrize("kwargs, message", [
    ({"lr": 0}, "lr must be a finite number > 0, got 0.0"),
    ({"lr": -0.1}, "lr must be a finite number > 0"),
    ({"lr": float("nan")}, "lr must be a finite number > 0"),
    ({"step_num": -1}, "step_num must be >= 0, got -1"),
    ({"step_num": 2.5}, "step_num must be an integer >= 0, got 2.5"),
    ({"step_num": True}, "step_num must be an integer >= 0, got True"),
])
def test_bad_hyperparameters_are_rejected(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        gradient_descent(function_2, np.array([1.0, 1.0]), **kwargs)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        gradient_descent_1d(function, **kwargs)


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.float64, 3, elements=st.floats(0.2, 5)),
       hnp.arrays(np.float64, 3, elements=st.floats(-5, 5)))
def test_descent_on_a_convex_quadratic_decreases_f(curvature, start):
    def bowl(v):
        return float(np.sum(curvature * v ** 2))

    lr = 0.9 / (2 * curvature.max())  # below 1/L, so each step decreases f
    _, history = gradient_descent(bowl, start, lr=lr, step_num=10)
    values = [bowl(point) for point in history]
    assert all(b <= a + 1e-12 for a, b in zip(values, values[1:]))
    if values[0] > 1e-6:  # far enough from 0 for the decrease to show in floats
        assert values[-1] < values[0]


def test_slide_network_has_the_slide_shapes_and_seeded_weights():
    net = Network(seed=0)
    assert net.sizes == SLIDE_SIZES
    assert [value.shape for value in net.params.values()] == [(2, 3), (3,), (3, 2), (2,), (2, 2), (2,)]
    assert list(net.params) == ["W1", "B1", "W2", "B2", "W3", "B3"]
    assert net.parameter_count == 23
    again, other = Network(seed=0), Network(seed=1)
    assert all(np.array_equal(net.params[k], again.params[k]) for k in net.params)
    assert not np.array_equal(net.params["W1"], other.params["W1"])


def test_predict_gives_probabilities_for_a_batch_and_a_sample():
    net = Network(seed=0)
    x, _ = make_two_class_data(10, seed=0)
    y = net.predict(x)
    assert y.shape == (10, 2)
    np.testing.assert_allclose(y.sum(axis=1), 1.0)
    np.testing.assert_allclose(net.predict(x[0]), y[0])


def test_activation_functions():
    np.testing.assert_allclose(sigmoid(np.array([0.0, 2.0])), [0.5, 1 / (1 + np.exp(-2))])
    s = softmax(np.array([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]]))
    np.testing.assert_allclose(s.sum(axis=1), 1.0)
    assert np.all(np.isfinite(s))


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["W1", "B1", "W2", "B2", "W3", "B3"]), st.data())
def test_network_gradient_agrees_with_a_finite_difference_check(seed, key, data):
    net = Network(seed=seed)
    x, t = make_two_class_data(12, seed=seed)
    grads = net.numerical_gradients(x, t)
    param = net.params[key]
    index = data.draw(st.tuples(*(st.integers(0, n - 1) for n in param.shape)))
    # Independent check: move one element by a larger step and compare the slope.
    eps = 1e-3
    original = param[index]
    param[index] = original + eps
    up = net.loss(x, t)
    param[index] = original - eps
    down = net.loss(x, t)
    param[index] = original
    assert grads[key][index] == pytest.approx((up - down) / (2 * eps), abs=1e-5)


def test_numerical_gradients_leave_parameters_unchanged():
    net = Network(seed=3)
    before = {k: v.copy() for k, v in net.params.items()}
    x, t = make_two_class_data(12, seed=0)
    net.numerical_gradients(x, t)
    assert all(np.array_equal(before[k], net.params[k]) for k in before)


def test_training_on_the_two_class_data_learns():
    x, t = make_two_class_data(200, seed=1)
    net = Network(seed=0)
    losses = train(net, x, t, lr=2.0, step_num=300)
    assert losses[-1] < losses[0] / 2
    assert net.accuracy(x, t) > 0.9


def test_minibatch_training_is_reproducible():
    x, t = make_two_class_data(100, seed=1)
    first, second = Network(seed=0), Network(seed=0)
    assert train(first, x, t, lr=1.0, step_num=5, batch_size=10, seed=4) == \
        train(second, x, t, lr=1.0, step_num=5, batch_size=10, seed=4)


@pytest.mark.parametrize("call, message", [
    (lambda: Network((2,), seed=0), "sizes must be two or more positive integers"),
    (lambda: Network((2, 0, 2), seed=0), r"sizes\[1\] must be a positive integer, got 0"),
    (lambda: Network(seed=0).predict(np.ones((4, 3))), r"x must have 2 features .*got shape \(4, 3\)"),
    (lambda: Network(seed=0).loss(np.ones((4, 2)), np.array([0, 1, 2, 0])), r"labels must lie in 0\.\.1"),
    (lambda: Network(seed=0).update({"W1": np.zeros((2, 3))}, 0.1), "grads must have the keys"),
    (lambda: train(Network(seed=0), np.ones((4, 2)), np.zeros(4, int), lr=1, step_num=1, batch_size=5),
     "batch_size must be between 1 and 4, got 5"),
])
def test_network_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_every_public_docstring_names_the_page_that_teaches_it():
    import importlib
    import inspect
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    checked = 0
    for name in ["losses", "diff", "gradient", "descent", "network", "datasets", "figures", "slides", "slides_corrected"]:
        module = importlib.import_module(f"dlcode.{name}")
        # The slide's own functions are shown verbatim (no docstring); slides.py's module docstring names their pages.
        documented = [module] + [getattr(module, attr) for attr in getattr(module, "__all__", [])
                                 if callable(getattr(module, attr))
                                 and getattr(getattr(module, attr), "__module__", "") != "dlcode.slides"]
        if name == "network":
            # (isascii: `make mutation` adds helper members named like xǁNetworkǁ…)
            documented += [member for cls in (Network, SimpleNet, TwoLayerNet) for attr, member in vars(cls).items()
                           if attr.isascii() and not attr.startswith("_") and (callable(member) or isinstance(member, property))]
        for item in documented:
            doc = inspect.getdoc(item) or ""
            pages = [line.split(":", 1)[1] for line in doc.splitlines() if line.startswith("ページ:")]
            assert pages, f"{name}.{getattr(item, '__name__', item)} names no page"
            for page in pages[0].split(","):
                assert (root / page.strip()).is_file(), page
            checked += 1
    assert checked > 30


def test_digits_split_is_normalised_disjoint_and_seeded():
    x_train, t_train, x_test, t_test = load_digits_split(seed=0)
    assert x_train.shape == (1348, 64) and x_test.shape == (449, 64)
    assert x_train.min() == 0.0 and x_train.max() == 1.0  # the 0..16 pixels scaled to 0..1
    assert set(t_train) == set(range(10)) and len(t_test) == 449
    rows = {row.tobytes() for row in x_train}
    assert not any(row.tobytes() in rows for row in x_test)  # no image in both
    again = load_digits_split(seed=0)
    assert all(np.array_equal(a, b) for a, b in zip(again, (x_train, t_train, x_test, t_test)))
    assert np.array_equal(load_digits_split()[0], x_train)  # the default seed is 0, as the pages use
    other = load_digits_split(seed=1)
    assert not np.array_equal(other[0], x_train)
    smaller = load_digits_split(test_size=0.5, seed=0)
    assert len(smaller[2]) == round(1797 * 0.5)
