import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from dlcode import slides
from dlcode.losses import cross_entropy_error, mean_squared_error, to_one_hot

T = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
Y_TWO = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
Y_SEVEN = np.array([0.1, 0.5, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.5, 0.0])  # the slide's: sums to 1.95 (errata)
Y_SEVEN_BOOK = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])  # the book's, a probability vector


@pytest.mark.parametrize("loss, slide_loss, y, printed", [
    (mean_squared_error, slides.mean_squared_error, Y_TWO, "0.09750000000000003"),
    (mean_squared_error, slides.mean_squared_error, Y_SEVEN, "0.8462500000000001"),
    (cross_entropy_error, slides.cross_entropy_error, Y_TWO, "0.510825457099338"),
])
def test_slide_values_are_reproduced_by_both_versions(loss, slide_loss, y, printed):
    assert repr(float(slide_loss(y, T))) == printed
    assert repr(loss(y, T)) == printed
    assert repr(loss(y, 2)) == printed  # label form


def test_the_slide_s_second_output_is_no_probability_vector_for_the_checked_cross_entropy():
    assert repr(float(slides.cross_entropy_error(Y_SEVEN, T))) == "2.302584092994546"  # the slide computes it
    with pytest.raises(ValueError, match="summing to 1.95"):
        cross_entropy_error(Y_SEVEN, T)


def test_mean_squared_error_is_half_a_sum_not_a_mean():
    y, t = np.array([1.0, 0.0, 0.0, 0.0]), np.array([0, 1, 0, 0])
    assert mean_squared_error(y, t) == 1.0  # 0.5 * (1 + 1); a mean would be 0.5


def test_batch_forms_average_over_samples_for_labels_and_one_hot():
    y = np.stack([Y_TWO, Y_SEVEN_BOOK])
    labels = np.array([2, 7])
    expected_ce = (cross_entropy_error(Y_TWO, 2) + cross_entropy_error(Y_SEVEN_BOOK, 7)) / 2
    assert cross_entropy_error(y, labels) == pytest.approx(expected_ce)
    assert cross_entropy_error(y, to_one_hot(labels, 10)) == pytest.approx(expected_ce)
    expected_mse = (mean_squared_error(Y_TWO, 2) + mean_squared_error(Y_SEVEN_BOOK, 7)) / 2
    assert mean_squared_error(y, labels) == pytest.approx(expected_mse)


@pytest.mark.parametrize("y, t, message", [
    (Y_TWO, T[:5], r"shape mismatch: y has shape \(10,\), t has shape \(5,\)"),
    (np.array([]), np.array([]), r"y is empty \(shape \(0,\)\)"),
    (np.array([0.5, np.nan]), np.array([0, 1]), r"non-finite value nan at index \(1,\)"),
    (np.array([0.5, 0.5]), np.array([1, 1]), "not one-hot"),
    (np.array([0.5, 0.5]), np.array([0.5, 0.5]), "not one-hot"),
    (np.array([[0.5, 0.5]]), np.array([2]), r"labels must lie in 0\.\.1, got values from 2 to 2"),
    (np.array([[0.5, 0.5]]), np.array([-1]), r"labels must lie in 0\.\.1"),
    (np.array([[0.5, 0.5]]), np.array([0.0]), "labels must be integers"),
    (np.zeros((2, 2, 2)), np.zeros((2, 2)), r"1-D .* or 2-D .*, got shape \(2, 2, 2\)"),
])
@pytest.mark.parametrize("loss", [mean_squared_error, cross_entropy_error])
def test_bad_input_names_what_is_wrong(loss, y, t, message):
    with pytest.raises(ValueError, match=message):
        loss(y, t)


@pytest.mark.parametrize("y, values", [
    ([1.5, -0.5], "values from -0.5 to 1.5 summing to 1"),  # sums to 1, but not probabilities
    ([3.0, 2.0, 5.0], "values from 2 to 5 summing to 10"),  # raw scores (before softmax)
    ([[0.5, 0.5, 0.0], [0.3, 0.3, 0.3]], "sample 1 has values from 0.3 to 0.3 summing to 0.9"),
])
def test_cross_entropy_rejects_what_is_not_a_probability_vector(y, values):
    y = np.array(y)
    before = y.copy()
    with pytest.raises(ValueError, match=f"y must be probabilities .*{values}"):
        cross_entropy_error(y, np.zeros(y.shape[:-1], dtype=int))
    np.testing.assert_array_equal(y, before)


def test_losses_do_not_modify_their_arguments():
    y, t = Y_TWO.copy(), T.copy()
    cross_entropy_error(y, t)
    mean_squared_error(y, t)
    np.testing.assert_array_equal(y, Y_TWO)
    np.testing.assert_array_equal(t, T)


weights = hnp.arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(2, 6)), elements=st.floats(0, 1))
# rows of non-negative weights scaled to sum to 1 (rows of zeros become uniform)
probabilities = weights.map(lambda w: np.where(w.sum(axis=1, keepdims=True) > 0, w, 1.0)).map(
    lambda w: w / w.sum(axis=1, keepdims=True))


@given(probabilities, st.data())
def test_losses_are_non_negative(y, data):
    labels = data.draw(hnp.arrays(np.int64, y.shape[0], elements=st.integers(0, y.shape[1] - 1)))
    assert mean_squared_error(y, labels) >= 0
    # y <= 1, so -log(y + delta) > -log(1 + 1e-7), a hair below zero at worst.
    assert cross_entropy_error(y, labels) >= -1e-6
