"""The data behind each figure, and the figure script's contract (not pixels)."""
import io
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dlcode import figures
from dlcode.diff import function_1, numerical_diff
from dlcode.gradient import numerical_gradient
from dlcode.slides import function_2

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "steps" / "make_figures.py"
NAMES = [spec.name for spec in figures.FIGURES]

sys.path.insert(0, str(ROOT))
from scripts.build import runner  # noqa: E402
from scripts.build.dependencies import Dependencies, _Module  # noqa: E402
from scripts.build.graph import STEPS  # noqa: E402
from scripts.steps import make_figures  # noqa: E402

pytestmark = pytest.mark.xdist_group("test_figures")  # the two fresh runs of every figure, made once


@pytest.mark.parametrize("x0", figures.TANGENT_POINTS)
def test_tangent_slope_is_numerical_diff_and_touches_the_curve(x0):
    d = figures.data_tangent(x0)
    assert d["slope"] == numerical_diff(function_1, x0)
    assert np.interp(x0, d["x"], d["tangent"]) == pytest.approx(function_1(x0), abs=1e-9)


def _png(pixels):
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_published_png_keeps_what_was_drawn_in_256_colours():
    """scripts/build/png.py: a plot of few colours keeps them exactly; one of many (a shaded
    surface) keeps within a few levels; a PNG with transparency is left as it is."""
    from scripts.build.png import palette_png

    t = np.linspace(0, 1, 300)
    colours = np.stack([t * 255, 128 + t * 60, 255 - t * 200], axis=1).astype(np.uint8)
    few = colours[np.random.default_rng(0).integers(0, 5, size=(300, 200)) * 60]  # 5 colours, scattered
    shaded = colours[(np.arange(300)[:, None] * 7 + np.arange(200)[None, :] * 3) % 300]  # 300 colours
    for pixels, most in ((few, 0), (shaded, 3)):
        with Image.open(io.BytesIO(palette_png(_png(pixels)))) as image:
            assert image.mode == "P"
            assert np.abs(np.asarray(image.convert("RGB"), int) - pixels).max() <= most
    clear = np.dstack([shaded, np.full(shaded.shape[:2], 128, np.uint8)])
    assert palette_png(_png(clear)) == _png(clear)


def test_tangent_figures_follow_the_slide_order():
    assert [spec.args for spec in figures.FIGURES[:3]] == [(-10,), (5,), (15,)]
    assert [spec.name for spec in figures.FIGURES[:3]] == [f"numerical_diff_{i}" for i in (1, 2, 3)]


def test_surface_is_the_sum_of_squares():
    d = figures.data_surface()
    np.testing.assert_allclose(d["f"], d["x0"] ** 2 + d["x1"] ** 2)


def test_gradient_arrows_are_minus_numerical_gradient_pointing_downhill():
    d = figures.data_gradient_field()
    np.testing.assert_array_equal(d["arrows"], -numerical_gradient(function_2, d["points"]))
    away = np.linalg.norm(d["points"], axis=1) > 0
    # Downhill: each arrow points back toward the origin.
    assert np.all(np.sum(d["arrows"][away] * d["points"][away], axis=1) < 0)


def test_descent_path_starts_at_minus_3_4_and_ends_near_the_origin():
    d = figures.data_descent_path()
    path = d["history"]
    assert path[0].tolist() == [-3.0, 4.0]
    assert len(path) == d["steps"] + 1 == 21 and d["lr"] == 0.1
    assert np.abs(path[-1]).max() < 0.05
    # Each step scales the point by 1 - 2*lr = 0.8, so 20 steps end at 5 * 0.8**20 from 0.
    assert np.linalg.norm(path[-1]) == pytest.approx(5 * 0.8 ** 20)


def test_one_variable_descent_is_the_slide_loop():
    d = figures.data_one_variable_descent()
    assert d["steps"].tolist() == list(range(0, 200000, 10000))
    assert d["x"][1] == pytest.approx(-0.9063544220185227)
    assert np.all(np.diff(d["f"]) < 0)


def test_network_diagram_has_the_slide_layers():
    layers = figures.data_network()["layers"]
    assert [len(layer["y"]) for layer in layers] == [2, 3, 2, 2]
    assert [layer["name"] for layer in layers] == ["入力層", "隠れ層①", "隠れ層②", "出力層"]
    assert layers[0]["labels"] == ["$x_1$", "$x_2$"] and layers[-1]["labels"] == ["$y_1$", "$y_2$"]


def run_script(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def two_fresh_runs(tmp_path_factory):
    outs = [tmp_path_factory.mktemp(f"figures{i}") for i in range(2)]
    runs = [subprocess.Popen([sys.executable, str(SCRIPT), "--out", str(out), "--verbose"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for out in outs]
    results = [run.communicate() + (run.returncode,) for run in runs]
    for _, stderr, code in results:
        assert code == 0, stderr
    return outs, [stdout for stdout, _, _ in results]


def test_every_figure_is_a_valid_image_and_reported(two_fresh_runs):
    (out, _), (stdout, _) = two_fresh_runs
    for spec in figures.FIGURES:
        name = spec.name
        if "png" in spec.formats:
            with Image.open(out / f"{name}.png") as image:
                image.verify()
            with Image.open(out / f"{name}.png") as image:
                assert image.format == "PNG" and 400 <= image.width <= 1300 and 300 <= image.height <= 900
                assert image.mode == "P", f"{name}.png has no palette (scripts/build/png.py)"
        if "svg" in spec.formats:
            assert (out / f"{name}.svg").read_text().lstrip().startswith("<?xml")
        assert f"{name}: drawn" in stdout


def test_two_fresh_runs_are_byte_identical(two_fresh_runs):
    (first, second), _ = two_fresh_runs
    files = sorted(p.name for p in first.iterdir() if not p.name.startswith("."))
    assert len(files) == sum(len(spec.formats) for spec in figures.FIGURES)
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_fresh_figures_pass_the_check(two_fresh_runs):
    (out, _), _ = two_fresh_runs
    assert run_script("--out", str(out), "--check").returncode == 0


def test_published_figures_are_what_a_fresh_process_draws_now(two_fresh_runs):
    """What the site publishes (site/figures) equals a fresh draw: the fresh runs' files, byte for
    byte (what --check compares, tested above, without drawing every figure once more)."""
    (fresh, _), _ = two_fresh_runs
    published = ROOT / "site" / "figures"
    names = sorted(p.name for p in fresh.iterdir() if not p.name.startswith("."))
    assert len(names) == sum(len(spec.formats) for spec in figures.FIGURES)
    missing = [name for name in names if not (published / name).is_file()]
    stale = [name for name in names if name not in missing and (published / name).read_bytes() != (fresh / name).read_bytes()]
    assert (missing, stale) == ([], []), f"site/figures: missing {missing}, differs from a fresh draw {stale}"


def test_check_catches_a_stale_figure_that_the_manifest_accepts(tmp_path, two_fresh_runs):
    """The `make serve` failure mode: the manifest says current, the file shows old code."""
    (out, _), _ = two_fresh_runs
    for path in out.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    stale = tmp_path / "numerical_diff_1.svg"
    stale.write_bytes((tmp_path / "numerical_diff_2.svg").read_bytes())  # another function's drawing
    # the figures concerned only (--check of every figure is test_fresh_figures_pass_the_check)
    result = run_script("--out", str(tmp_path), "--check", "--only", "numerical_diff_1", "--only", "numerical_diff_2")
    assert result.returncode == 1
    assert "numerical_diff_1.svg: differs from a fresh draw (stale)" in result.stdout
    assert "numerical_diff_1" in result.stderr and "numerical_diff_2" not in result.stderr
    (tmp_path / "neural_network.svg").unlink()
    assert "neural_network.svg: missing" in run_script("--out", str(tmp_path), "--check", "--only", "neural_network").stdout


def test_a_failing_figure_is_one_line_naming_it_and_the_others_are_drawn(tmp_path, monkeypatch, capsys):
    def broken():
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(figures, "data_surface", broken)
    assert make_figures.main(["--out", str(tmp_path), "--only", "graph_two_variable_function",
                              "--only", "neural_network"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == "graph_two_variable_function: FAILED: ZeroDivisionError: division by zero"
    assert "Traceback" not in err
    assert (tmp_path / "neural_network.svg").exists() and not (tmp_path / "graph_two_variable_function.png").exists()


def test_cache_key_follows_the_dlcode_code_a_figure_reaches():
    spec = {s.name: s for s in figures.FIGURES}
    reached, modules = Dependencies().reach([("dlcode.figures", "draw_tangent")])
    names = {name for _, name in reached}
    assert {"data_tangent", "tangent_line", "numerical_diff", "function_1", "positive_float"} <= names
    assert "function_2" not in names and "numerical_gradient" not in names
    _, modules = Dependencies().reach([("dlcode.figures", "draw_network")])
    assert "dlcode.network" in modules  # SLIDE_SIZES, a constant imported from there

    step = next(step for step in STEPS if step.name == "figures")
    items = make_figures.items()

    def key(figure, dependencies):
        return runner.item_keys(step, {figure: items[figure]}, [], dependencies)[figure]

    def key_with_edit(figure, module, name):
        dependencies = Dependencies()
        text, node = dependencies.module(module).definitions[name]
        dependencies.module(module).definitions[name] = (text + "# edited\n", node)
        return key(figure, dependencies)

    before = key("numerical_diff_1", Dependencies())
    assert set(items) == set(spec)
    assert key_with_edit("numerical_diff_1", "dlcode.slides", "function_1") != before
    assert key_with_edit("numerical_diff_1", "dlcode._checks", "scalar_result") != before
    assert key_with_edit("numerical_diff_1", "dlcode.slides", "function_2") == before


def test_adding_a_figure_re_keys_no_other_figure_and_no_notebook():
    """A newcomer adds a figure with one line in FIGURES: only that figure is drawn; the others and the
    notebooks (which import NOTEBOOK_STYLE from dlcode.figures) keep their keys. A constant a drawing
    uses, and module-level code that is no assignment, still re-key it; the dlcode imports the new figure
    needs and its page named in the docstring do not."""
    from scripts.steps import run_notebooks

    figures_step = next(step for step in STEPS if step.name == "figures")
    notebooks_step = next(step for step in STEPS if step.name == "notebooks")
    figure_items, notebook_items = make_figures.items(), run_notebooks.items()

    def keys(dependencies):
        return (runner.item_keys(figures_step, figure_items, [], dependencies)
                | runner.item_keys(notebooks_step, notebook_items, [], dependencies))

    def edited(name=None, rest="", source=None):
        dependencies = Dependencies()
        if source:  # the module's text as the newcomer leaves it
            dependencies.modules["dlcode.figures"] = _Module("dlcode.figures", source)
        module = dependencies.module("dlcode.figures")
        if name:
            text, node = module.definitions[name]
            module.definitions[name] = (text + "# edited\n", node)
        module.rest += rest
        return keys(dependencies)

    before = keys(Dependencies())
    assert edited("FIGURES") == before
    # the newcomer's figure needs a loss from dlcode, and its page goes into the docstring's ページ: line
    text = (Path(figures.__file__)).read_text(encoding="utf-8")
    grown = text.replace('"""', '"""補足の新しいページ。\n', 1).replace(
        "\nimport numpy as np\n", "\nimport numpy as np\nfrom dlcode.losses import cross_entropy_error\n", 1)
    assert grown.count("cross_entropy_error") == 1 + text.count("cross_entropy_error") and grown != text
    assert edited(source=grown) == before
    changed = {name for name, key in edited("BLUE").items() if key != before[name]}
    # draw_tangent draws in BLUE; the 3-D surface and the descent notebook do not use it
    assert "numerical_diff_1" in changed and not {"graph_two_variable_function", "descent"} & changed
    assert all(key != before[name] for name, key in edited("NOTEBOOK_STYLE").items() if name in notebook_items
               and name != "exercises")  # the exercises notebook draws nothing
    assert all(key != before[name] for name, key in edited(rest="import os\n").items() if name in figure_items)
    assert all(key != before[name] for name, key in edited(rest="print()\n").items() if name in figure_items)


def test_unknown_only_name_is_a_clear_error(tmp_path):
    result = run_script("--out", str(tmp_path), "--only", "nope")
    assert result.returncode == 2
    assert "unknown figure name(s) for --only: nope" in result.stderr
    assert "neural_network" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unwritable_out_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run_script("--out", str(blocker / "sub"), "--only", "neural_network")
    assert result.returncode != 0
    assert f"cannot write figures to --out {blocker / 'sub'}" in result.stderr
    assert blocker.read_text() == ""


def test_a_missing_glyph_fails_the_drawing(tmp_path):
    from matplotlib.figure import Figure

    with warnings.catch_warnings():
        make_figures.configure_matplotlib()
        fig = Figure()
        fig.text(0.5, 0.5, "損失関数")  # covered by the bundled font: fine
        fig.savefig(tmp_path / "ok.png")
        fig.text(0.2, 0.2, "\U0001F642")  # not in the font
        with pytest.raises(UserWarning, match="missing from font"):
            fig.savefig(tmp_path / "bad.png")


# --- the supplementary pages' figures ------------------------------------------------------------

def test_accuracy_is_a_staircase_where_the_loss_is_smooth():
    d = figures.data_accuracy_vs_loss()
    steps = np.diff(d["accuracy"])
    assert set(np.round(d["accuracy"] * d["n"], 9)) <= set(range(d["n"] + 1))  # multiples of 1/40
    assert np.mean(steps == 0) > 0.9  # flat almost everywhere: no slope to follow
    assert np.abs(steps).max() >= 1 / d["n"] - 1e-12  # and where it moves, it jumps
    assert np.all(np.diff(d["loss"]) != 0)  # the loss changes with every nudge
    assert np.abs(np.diff(d["loss"], 2)).max() < 1e-3  # smoothly: no jumps in its slope
    trained = np.argmin(np.abs(d["w"] - d["trained"]))
    assert d["accuracy"][trained] >= 0.9 and d["loss"][trained] == pytest.approx(d["loss"].min(), abs=0.05)


def test_step_function_derivative_is_zero_and_sigmoid_derivative_is_s_times_one_minus_s():
    d = figures.data_step_vs_sigmoid()
    assert 0.0 not in d["x"] and np.all(d["d_step"] == 0)
    np.testing.assert_allclose(d["d_sigmoid"], d["sigmoid"] * (1 - d["sigmoid"]), atol=1e-8)
    assert d["d_sigmoid"].min() > 0 and d["d_sigmoid"].max() == pytest.approx(0.25, abs=1e-3)


def test_difference_errors_have_slopes_one_and_two_then_round_off_grows():
    d = figures.data_difference_error()
    assert d["forward_slope"] == pytest.approx(1, abs=0.05) and d["central_slope"] == pytest.approx(2, abs=0.05)
    h, central, forward = d["h"], d["central"], d["forward"]
    at = {value: np.argmin(np.abs(h - value)) for value in (1e-12, 1e-8, 1e-4, 1e-1)}
    assert central[at[1e-4]] < forward[at[1e-4]] / 1000  # the slide's h: central is far better
    assert central[at[1e-12]] > central[at[1e-8]] > central[at[1e-4]]  # round-off grows as h shrinks
    assert 1e-7 < h[np.argmin(central)] < 1e-4 and h[np.argmin(central)] > h[np.argmin(forward)]


def test_descent_stalls_near_the_saddle_then_leaves_it():
    d = figures.data_saddle_descent()
    path, norm = d["history"], d["grad_norm"]
    assert path[0].tolist() == list(figures.SADDLE_START) and len(path) == d["steps"] + 1
    slow = np.flatnonzero(norm < 0.2)
    assert len(slow) >= 8 and slow.min() >= 10  # many steps with almost no gradient, after the slide down
    assert np.linalg.norm(path[np.argmin(norm)]) < 0.06  # ... next to the saddle (0, 0)
    assert d["f"][-1] < -1 and path[-1][1] > 1  # then it leaves: the saddle is no minimum
    np.testing.assert_allclose(d["f"], [figures.saddle(p) for p in path])


def _drawn_for_the_slide(name):
    """The deck's version of a figure, drawn with its style (matplotlib places the legend while drawing)."""
    import matplotlib

    make_figures.configure_matplotlib()
    spec = next(spec for spec in figures.FIGURES if spec.name == name)
    with matplotlib.rc_context(dict(spec.style)):
        fig = spec.draw(*spec.args)
        fig.draw_without_rendering()  # lays it out as when written
    return fig


def _in_a_legend(fig, points):
    """The points (display coordinates) inside the box of one of the figure's legends."""
    boxes = [legend.get_window_extent() for legend in fig.legends]
    boxes += [ax.get_legend().get_window_extent() for ax in fig.axes if ax.get_legend()]
    assert boxes, "the figure has no legend"
    return [tuple(point) for point in points if any(box.contains(*point) for box in boxes)]


def test_the_slides_legends_cover_no_arrow_and_no_step_of_the_path():
    """On the slides (at their type size) a legend sits where no arrow of the field, and no point of the path, is."""
    fig = _drawn_for_the_slide("slide_graph_two_variable_function_gradient")
    box = fig.axes[0].get_window_extent()  # the arrows fill the plane: its corners, edges' middles and centre
    plane = [(x, y) for x in (box.x0 + 1, (box.x0 + box.x1) / 2, box.x1 - 1) for y in (box.y0 + 1, (box.y0 + box.y1) / 2, box.y1 - 1)]
    assert _in_a_legend(fig, plane) == [] and not any(
        legend.get_window_extent().overlaps(box) for legend in [*fig.legends, fig.axes[0].get_legend()] if legend)
    fig = _drawn_for_the_slide("slide_graph_two_variable_function_learning")
    plane = fig.axes[0]
    assert _in_a_legend(fig, plane.transData.transform(figures.data_descent_path()["history"])) == []
