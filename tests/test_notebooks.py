"""The hands-on notebooks: executed by the build, current, error-free, and their claims hold.

`make test` builds the site first; the build executes every notebook whose inputs changed
(scripts/steps/run_notebooks.py), so the .ipynb files read here are the ones the site publishes.
"""
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

from dlcode.datasets import load_digits_split, make_two_class_data
from dlcode.descent import gradient_descent
from dlcode.network import Network, TwoLayerNet, train, train_minibatch
from dlcode.slides import function_2

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "docs" / "notebooks"
sys.path.insert(0, str(ROOT))
from scripts.build import runner  # noqa: E402
from scripts.build.dependencies import Dependencies  # noqa: E402
from scripts.build.graph import STEPS  # noqa: E402
from scripts.steps import run_notebooks  # noqa: E402

NAMES = ["descent", "network", "digits", "two_layer_net"]


def executed(name):
    path = NOTEBOOKS / f"{name}.ipynb"
    if not path.exists():
        pytest.fail(f"{path} is missing: build the site with `make site` (make test does this first)")
    return nbformat.read(path, as_version=4)


def printed(name):
    """Everything the notebook's code cells printed, in order."""
    return "".join(output.get("text", "") for cell in executed(name).cells if cell.cell_type == "code"
                   for output in cell.outputs if output.output_type == "stream")


def skipped(cell):
    return "skip-execution" in cell.metadata.get("tags", [])


@pytest.mark.parametrize("name", NAMES)
def test_notebook_was_executed_from_its_current_source_without_errors(name):
    keys, recorded = runner.current_keys("notebooks")
    assert recorded[name] == keys[name], "stale outputs"
    notebook = executed(name)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code" and not skipped(cell)]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
    assert not any(output.output_type == "error" for cell in code for output in cell.outputs)
    images = [output for cell in code for output in cell.outputs if "image/png" in output.get("data", {})]
    assert images, "every notebook draws at least one figure"


def test_cache_key_follows_the_dlcode_code_a_notebook_reaches():
    step = next(step for step in STEPS if step.name == "notebooks")
    item = {"network": run_notebooks.items()["network"]}

    def key(dependencies):
        return runner.item_keys(step, item, [], dependencies)["network"]

    def key_with_edit(module, name):
        dependencies = Dependencies()
        text, node = dependencies.module(module).definitions[name]
        dependencies.module(module).definitions[name] = (text + "# edited\n", node)
        return key(dependencies)

    before = key(Dependencies())

    assert key_with_edit("dlcode.network", "train") != before  # imported by the notebook
    assert key_with_edit("dlcode.losses", "_cross_entropy_of_checked") != before  # reached through Network.loss
    assert key_with_edit("dlcode.slides", "function_1") == before  # not reachable from the notebook


def test_published_notebook_is_what_a_fresh_execution_writes(tmp_path):
    """Same inputs, same bytes: no random cell ids, no timestamps, no machine-dependent output."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "steps" / "run_notebooks.py"), "--only", "descent",
                             "--out", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "descent.ipynb").read_bytes() == (NOTEBOOKS / "descent.ipynb").read_bytes()
    notebook = executed("descent")
    assert [cell.id for cell in notebook.cells] == [f"descent-{i}" for i in range(1, len(notebook.cells) + 1)]
    assert not any("execution" in cell.metadata for cell in notebook.cells)


def test_descent_notebook_too_large_learning_rate_diverges():
    text = printed("descent")
    finals = {label: float(value) for label, value in
              re.findall(r"^(\S+)\s+η = [\d.]+\s+20 ステップ後 x = .*, f\(x\) = (\S+)$", text, re.M)}
    assert set(finals) == {"小さすぎる", "ちょうどよい", "大きすぎる"}
    start = function_2(np.array([-3.0, 4.0]))
    assert finals["大きすぎる"] > start > finals["小さすぎる"] > finals["ちょうどよい"]
    # The same call in this process gives the printed value: seeded and deterministic.
    x, history = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=1.05, step_num=20)
    assert float(f"{function_2(x):.4g}") == finals["大きすぎる"]
    norms = np.linalg.norm(history, axis=1)
    assert np.all(np.diff(norms) > 0)  # moving away at every step: it does not converge


def test_descent_notebook_reproduces_the_slide_loop_table():
    text = printed("descent")
    assert "10000: x = -0.9063544220185227" in text
    assert "η = 0.002, 10000 ステップ: -1.648426583231277" in text


def test_network_notebook_loss_halves_and_accuracy_beats_90_percent():
    text = printed("network")
    before, after = map(float, re.search(r"損失: ([\d.]+) → ([\d.]+)", text).groups())
    test_before, test_after = map(float, re.search(r"正解率（テスト）: ([\d.]+)% → ([\d.]+)%", text).groups())
    assert after <= before / 2
    assert test_after > 90.0 and test_before < 60.0
    parameters = Network(seed=0).parameter_count
    assert f"1 ステップの損失の計算回数: {2 * parameters} = 2 × {parameters}" in text
    assert f"損失の計算: 300 ステップ × {2 * parameters} 回 = {300 * 2 * parameters:,} 回" in text
    # Reproducible: the notebook's exact calls give the printed numbers again here.
    x_train, t_train = make_two_class_data(200, seed=1)
    net = Network(seed=0)
    losses = train(net, x_train, t_train, lr=2.0, step_num=300)
    assert f"{losses[0]:.4f}" == f"{before:.4f}"
    assert f"{net.loss(x_train, t_train):.4f}" == f"{after:.4f}"


def test_digits_notebook_test_accuracy_reaches_90_percent():
    text = printed("digits")
    train_after, test_after = map(float, re.search(r"学習後の正解率: 訓練 ([\d.]+)%、テスト ([\d.]+)%", text).groups())
    assert test_after >= 90.0
    assert "パラメータ数: 1210 → 1 ステップの損失の計算回数: 2420" in text
    x_train, t_train, x_test, t_test = load_digits_split(seed=0)
    assert (len(x_train), len(x_test)) == (1348, 449)


@pytest.mark.parametrize("sizes, steps", [((64, 16, 10), 100), ((784, 50, 10), 10_000)])
def test_digits_notebook_counts_the_cost_of_numerical_gradients_exactly(sizes, steps):
    """The cost is argued with counts that do not depend on the machine: 2 loss evaluations per
    parameter, and batch × n_in × n_out multiply-adds per layer and evaluation (batch 100)."""
    text = printed("digits")
    evaluations = 2 * sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:]))
    multiply_adds = evaluations * 100 * sum(n_in * n_out for n_in, n_out in zip(sizes, sizes[1:]))
    line = re.search(rf"{' → '.join(map(str, sizes))}: 1 ステップに損失 ([\d,]+) 回、積和 ([\d,]+) 回"
                     rf"（([\d,]+) ステップで (\S+) 回）", text)
    assert line, text
    assert int(line.group(1).replace(",", "")) == evaluations
    assert int(line.group(2).replace(",", "")) == multiply_adds
    assert int(line.group(3).replace(",", "")) == steps
    assert float(line.group(4)) == pytest.approx(multiply_adds * steps, rel=1e-2)


def test_digits_notebook_publishes_no_time_but_lets_readers_measure_one():
    notebook = executed("digits")
    assert not re.search(r"\d\s*(秒|時間|ms)", printed("digits"))
    timing = [cell for cell in notebook.cells if cell.cell_type == "code" and "perf_counter" in cell.source]
    assert len(timing) == 1 and skipped(timing[0]) and timing[0].outputs == [] and timing[0].execution_count is None
    ratio = re.search(r"1 ステップの積和の比: ([\d,]+) 倍", printed("digits"))
    assert ratio and int(ratio.group(1).replace(",", "")) > 1000  # the prose says 千倍を超え
    assert "千倍を超え" in "".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def test_two_layer_net_notebook_reaches_95_percent_and_its_numbers_are_dlcodes():
    text = printed("two_layer_net")
    rows = {int(epoch): (float(train_acc), float(test_acc)) for epoch, train_acc, test_acc in
            re.findall(r"^\s*(\d+) エポック後: 訓練 ([\d.]+)%、テスト ([\d.]+)%$", text, re.M)}
    assert sorted(rows) == [0, 1, 10, 20, 50, 100]
    assert rows[100][1] >= 95.0 and rows[0][1] < 20.0
    assert abs(rows[100][0] - rows[100][1]) < 5.0  # the prose: no overfitting
    assert rows[10][1] < 50.0 < rows[50][1]  # the prose: a plateau for about 10 epochs, then a rise
    assert "ステップ数: 1300" in text
    # The notebook's exact calls give the printed numbers again here.
    x_train, t_train, x_test, t_test = load_digits_split(seed=0)
    net = TwoLayerNet(input_size=64, hidden_size=50, output_size=10, seed=0)
    history = train_minibatch(net, x_train, t_train, x_test, t_test, lr=0.5, batch_size=100, epochs=100, seed=0)
    for epoch, (train_acc, test_acc) in rows.items():
        assert (f"{history['train_acc'][epoch]:.1%}", f"{history['test_acc'][epoch]:.1%}") == (f"{train_acc}%", f"{test_acc}%")


def test_two_layer_net_notebook_counts_the_cost_exactly():
    """2 loss evaluations per parameter, batch × (64×50 + 50×10) multiply-adds per evaluation,
    against one forward and one backward pass (batch × (50×10 + 50×10 + 64×50)) for backprop."""
    text = printed("two_layer_net")
    params = 64 * 50 + 50 + 50 * 10 + 10
    forward = 100 * (64 * 50 + 50 * 10)
    numerical, backprop = 2 * params * forward, forward + 100 * (50 * 10 + 50 * 10 + 64 * 50)
    assert f"パラメータ: {params:,} 個 → 数値微分の勾配 1 回に損失を {2 * params:,} 回" in text
    assert f"更新 1 回の積和: 数値微分 {numerical:,} 回、誤差逆伝播法 {backprop:,} 回" in text
    assert f"1,300 回の更新で: 数値微分 {numerical * 1300:.3e} 回、誤差逆伝播法 {backprop * 1300:.3e} 回" in text
    assert f"比: {numerical // backprop:,} 倍" in text  # the prose's words on these counts: tests/test_claims.py


def test_printed_text_is_one_output_however_the_kernel_flushed_it():
    cell = nbformat.v4.new_code_cell("print(1); print(2)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="2\n"),
                    nbformat.v4.new_output("stream", name="stderr", text="warning\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="3\n")]
    run_notebooks.coalesce_streams(cell)
    assert [(o.name, o.text) for o in cell.outputs] == [("stdout", "1\n2\n"), ("stderr", "warning\n"), ("stdout", "3\n")]
