"""Benchmark: cost of one numerical-gradient step, and the per-element overhead of the loop.

Prints numbers; asserts nothing (speed is shown here, never in a timed test).
Run: .venv/bin/python scripts/bench/bench_gradient.py
"""
import time
import warnings

import numpy as np

from dlcode import slides
from dlcode.gradient import ZeroGradientWarning, _central_difference_gradient
from dlcode.network import Network

BATCH = 100
FULL_STEP_LIMIT_S = 60.0


def one_step_cost(sizes, sample_elements=None):
    """Return (evaluations in a full step, measured seconds, extrapolated?, seconds per evaluation)."""
    rng = np.random.default_rng(0)
    net = Network(sizes, seed=0)
    x = rng.random((BATCH, sizes[0]))
    t = rng.integers(0, sizes[-1], BATCH)
    evaluations = 2 * net.parameter_count
    if sample_elements is None:
        start = time.perf_counter()
        net.numerical_gradients(x, t)
        return evaluations, time.perf_counter() - start, False, None
    # Time the gradient of a slice of W1 (a view, so the loss sees each perturbation).
    rows = max(1, sample_elements // sizes[1])
    sample = net.params["W1"][:rows]
    counter = {"n": 0}

    def loss(_):
        counter["n"] += 1
        return net.loss(x, t)

    start = time.perf_counter()
    _central_difference_gradient(loss, sample, 1e-4)
    per_evaluation = (time.perf_counter() - start) / counter["n"]
    estimate = per_evaluation * evaluations
    if estimate > FULL_STEP_LIMIT_S:
        return evaluations, estimate, True, per_evaluation
    start = time.perf_counter()
    net.numerical_gradients(x, t)
    return evaluations, time.perf_counter() - start, False, per_evaluation


def plain_reference_loop(f, x, h=1e-4):
    """The slide's own loop (no checks, no restore on error), over a flat view of ``x``."""
    return slides._numerical_gradient(f, x.reshape(-1))


def per_element_seconds(gradient, shape, repeats=5):
    x = np.random.default_rng(0).random(shape)

    def cheap(_):  # as cheap as f can be, so the loop itself is what is timed
        return 0.0

    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        gradient(cheap, x, 1e-4)
        best = min(best, time.perf_counter() - start)
    return best / x.size


def main():
    print(f"numerical gradient, one step, batch of {BATCH} random inputs")
    for name, sizes, sample in [("slide network 2-3-2-2", (2, 3, 2, 2), None),
                                ("book two-layer 784-50-10", (784, 50, 10), 1000)]:
        evaluations, seconds, extrapolated, per_eval = one_step_cost(sizes, sample)
        how = (f"extrapolated from {2 * sample} evaluations ({per_eval * 1e6:.0f} us each): "
               f"a full step would take over {FULL_STEP_LIMIT_S:.0f} s"
               if extrapolated else "measured, full step")
        print(f"  {name:26s} loss evaluations {evaluations:6d}  {seconds:10.3f} s  ({how})")

    print("per-element overhead of the gradient loop (f returns 0.0 at once; best of 5)")
    for shape in [(1000,), (100, 100)]:
        with warnings.catch_warnings():  # a constant f is the point here, not a learner's mistake
            warnings.simplefilter("ignore", ZeroGradientWarning)
            mine = per_element_seconds(_central_difference_gradient, shape)
        reference = per_element_seconds(plain_reference_loop, shape)
        print(f"  shape {str(shape):11s} dlcode {mine * 1e9:7.0f} ns  reference (slide) loop "
              f"{reference * 1e9:7.0f} ns  ratio {mine / reference:.2f}")


if __name__ == "__main__":
    main()
