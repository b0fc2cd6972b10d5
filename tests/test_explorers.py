"""The explorers' data (dlcode/explorers.py, scripts/steps/make_explorers.py): every number is what
dlcode computes, in the form the page shows; small; identical bytes on every build.

The explorers on the pages are driven in Chromium by tests/test_offline.py (served and from the zip).
"""
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dlcode import explorers
from dlcode.datasets import make_two_class_data
from dlcode.descent import gradient_descent, gradient_descent_1d
from dlcode.explorers import display_number
from dlcode.network import Network, train
from dlcode.slides import function, function_2, numerical_diff

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "steps" / "make_explorers.py"
PUBLISHED = ROOT / "site" / "explorers"


def published(file_name):
    """The data a page receives: the JSON in the published explorers/<file>.js."""
    text = (PUBLISHED / file_name).read_text(encoding="utf-8")
    return json.loads(re.search(r"\] = (\{.*\});\n\Z", text, re.S).group(1))


@pytest.mark.parametrize("value, shown", [
    (-0.034588, "-0.0346"), (0.0461, "0.0461"), (4.0, "4.0000"), (-1e-9, "0.0000"), (0.0, "0.0000"),
    (9999.99994, "9999.9999"), (12345.6, "1.235e+4"), (-82817974.3, "-8.282e+7"), (3.2e-5, "0.0000"),
    (float("nan"), "発散"), (float("inf"), "発散"),
])
def test_display_number(value, shown):
    assert display_number(value) == shown


def test_learning_rate_2d_is_gradient_descent_for_every_setting():
    data = published("learning_rate_2d.js")
    assert data["lrs"] == list(explorers.LEARNING_RATES_2D) and data["steps"] == 100
    assert data["lrs"][0] == 0.001 and data["lrs"][-1] == 1.1 and 0.1 in data["lrs"]
    assert [-3.0, 4.0] in data["starts"]
    for lr, runs in zip(data["lrs"], data["runs"]):
        for start, run in zip(data["starts"], runs):
            _, history = gradient_descent(function_2, np.array(start), lr=lr, step_num=100)
            shown = [i for i, v in enumerate(run["x0"]) if v is not None]  # before any divergence
            assert shown == list(range(len(shown)))
            assert all(np.abs(history[len(shown):]).max(axis=1) > 1e8)  # stopped only where |x| > 1e8
            assert [display_number(run["x0"][i]) for i in shown] == [display_number(v) for v in history[shown, 0]]
            assert [display_number(run["x1"][i]) for i in shown] == [display_number(v) for v in history[shown, 1]]
            assert [display_number(run["f"][i]) for i in shown] == [display_number(function_2(history[i])) for i in shown]


def test_learning_rate_2d_shows_the_issues_example_and_the_regimes():
    data = published("learning_rate_2d.js")
    run = data["runs"][data["lrs"].index(0.1)][data["starts"].index([-3.0, 4.0])]
    assert (display_number(run["x0"][20]), display_number(run["x1"][20])) == ("-0.0346", "0.0461")
    final = {lr: runs[0]["f"][-1] for lr, runs in zip(data["lrs"], data["runs"])}
    for lr, f in final.items():  # each step scales x by (1 - 2η): f = 25 (1 - 2η)^200 after 100 steps
        if f is not None:
            assert f == pytest.approx(25 * (1 - 2 * lr) ** 200, rel=1e-3, abs=6e-5), lr
    assert final[0.001] > 15  # too small: still far from the minimum after 100 steps
    assert final[0.1] < 1e-8  # reaches the minimum
    assert final[1.0] == 25.0  # bounces between (-3, 4) and (3, -4) for ever
    assert final[1.1] is None and final[1.05] > 1e3  # diverges: shown as 発散


def test_learning_rate_1d_is_the_slides_loop_and_answers_its_question():
    data = published("learning_rate_1d.js")
    checkpoints = data["checkpoints"]
    assert checkpoints[0] == 0 and checkpoints[-1] == 200000 and 10000 in checkpoints
    for lr in (0.001, 0.002):
        run = data["runs"][data["lrs"].index(lr)]
        rows, _ = gradient_descent_1d(function, init_x=0.0, lr=lr, step_num=200000, report_every=10000)
        for step, x, fx in rows:
            index = checkpoints.index(step)
            assert (display_number(run["x"][index]), display_number(run["f"][index])) == (display_number(x), display_number(fx))
    at_10000 = {lr: run["x"][checkpoints.index(10000)] for lr, run in zip(data["lrs"], data["runs"])}
    assert display_number(at_10000[0.002]) == "-1.6484"  # the value on the slide of results
    assert display_number(at_10000[0.001]) == "-0.9064"  # what the slide's code (η = 0.001) prints
    final = {lr: run["x"][-1] for lr, run in zip(data["lrs"], data["runs"])}
    assert all(final[lr] == -5.0 for lr in data["lrs"] if 0.005 <= lr < 100)
    assert final[101.0] is None and final[110.0] is None  # diverged: shown as 発散


@pytest.mark.parametrize("lr", [0.5, 20.0, 0.02, 1.0, 99.0, 101.0])
def test_learning_rate_1d_early_stop_changes_nothing(lr):
    """descend_1d stops once x repeats (a fixed point at η = 0.5 and 20, a cycle of 2 or 3 values at
    0.02, 1.0 and 99) or diverges (101); running on gives the same x at every checkpoint."""
    checkpoints = [0, 1, 2, 3, 1000, 1363, 1364, 1365, 1366, 66435, 66436, 66437, 66438, 66439, 123457, 200000]
    expected, x = {}, 0.0
    for step in range(checkpoints[-1] + 1):
        if step in checkpoints:
            expected[step] = x if abs(x) < 1e6 else None
        x = x - lr * numerical_diff(function, x)  # the slide's loop, never stopped
    found = explorers.descend_1d(lr, checkpoints=checkpoints)
    assert [None if np.isnan(x) else x for x in found] == [expected[step] for step in checkpoints]


def test_training_is_dlcode_network_trained_with_numerical_gradients():
    data = published("training.js")
    x, t = make_two_class_data(200, seed=1)
    assert data["points"] == [[round(float(a), 3), round(float(b), 3)] for a, b in x]
    assert data["labels"] == t.tolist() and data["lrs"] == list(explorers.TRAINING_RATES)
    lr = data["lrs"][1]
    run = data["runs"][1]
    net = Network(seed=0)
    losses = train(net, x, t, lr=lr, step_num=data["steps"])
    assert [display_number(v) for v in run["loss"][:-1]] == [display_number(v) for v in losses]
    assert display_number(run["loss"][-1]) == display_number(net.loss(x, t))
    assert run["accuracy"][-1] == net.accuracy(x, t) and run["accuracy"][-1] > 0.9
    assert len(run["regions"]) == data["steps"] // data["every"] + 1
    assert all(len(region) == data["grid"] ** 2 and set(region) <= set("0123456789") for region in run["regions"])


def test_explorer_data_is_small_and_deterministic(tmp_path):
    """A fresh process computes the bytes the build's process published: deterministic (a second
    fresh run would only repeat that comparison)."""
    fresh = tmp_path / "fresh"
    result = subprocess.run([sys.executable, str(SCRIPT), "--out", str(fresh)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in fresh.glob("*.js")) == ["learning_rate_1d.js", "learning_rate_2d.js", "training.js"]
    for path in fresh.glob("*.js"):
        assert len(gzip.compress(path.read_bytes(), mtime=0)) < 60 * 1024, path.name
        assert path.read_bytes() == (PUBLISHED / path.name).read_bytes(), f"{path.name}: not what the build published"
