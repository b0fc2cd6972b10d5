"""One notation and the pages' names for each other, checked on the sources (the voice, words and
typography of the site's own prose are checked on the built pages: tests/test_one_text.py).

- The two classes have the same colours and the plane the same axis names in every figure, notebook
  and explorer.
"""
import re
from pathlib import Path

import pytest

from dlcode import figures

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def test_the_classes_and_axes_look_the_same_everywhere():
    css = (DOCS / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    for label, colour in enumerate(figures.CLASS_COLORS):
        assert re.search(rf"\.explorer-class{label} {{ fill: {colour}; }}", css), label
        assert re.search(rf"\.explorer-point{label} {{ fill: {colour};", css), label
    network = (DOCS / "notebooks" / "network.py").read_text(encoding="utf-8")
    inputs = network_figure_inputs()
    assert "CLASS_COLORS" in network and f'xlabel="${inputs[0]}$", ylabel="${inputs[1]}$"' in network
    assert "#c0392b" not in network and "coolwarm" not in network
    explorer_page = (DOCS / "learning.md").read_text(encoding="utf-8")
    assert "青が 0、橙が 1" in explorer_page
    explorers = (DOCS / "assets" / "javascripts" / "explorers.js").read_text(encoding="utf-8")
    assert '"x₀"' in explorers and '"x₁"' in explorers


def network_figure_inputs():
    """The input labels of the network's figure as drawn (matplotlib keeps each text in a comment)."""
    svg = (ROOT / ".cache" / "figures" / "neural_network.svg").read_text(encoding="utf-8")
    return [label.strip("$") for label in re.findall(r"<!-- (\$x_\d\$) -->", svg)]


def test_the_network_s_inputs_are_named_as_in_its_figure_and_the_notation():
    """The book counts a network's inputs from 1 (chapter 3) and a function's variables from 0
    (4.3–4.4): the network figure, its notebook and the home page's 記法 name them one way."""
    inputs = network_figure_inputs()
    assert inputs == ["x_1", "x_2"]
    notation = (DOCS / "index.md").read_text(encoding="utf-8")
    notation = notation[notation.index("## 記法"):]
    assert f"入力 ${inputs[0]}, {inputs[1]}$" in notation
    assert f"${inputs[0]}$（横）と ${inputs[1]}$（縦）" in notation
    network_pages = [DOCS / "learning.md", DOCS / "notebooks" / "network.py", DOCS / "advanced.md"]
    for page in network_pages:  # the network's pages never call its inputs x_0
        assert "x_0" not in page.read_text(encoding="utf-8"), page


def test_each_page_that_indexes_weights_says_which_of_the_book_s_two_conventions_it_uses():
    """w_ij is row i, column j in 4.4.2 and 'to i from j' in chapter 3 (and the slides)."""
    for path in sorted(DOCS.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"w(\^\d)?_\{?(ij|\d\d)", text) and path.name != "index.md":
            assert re.search(r"原著 (3 章|4\.4\.2 節)と同じく", text) and "記法" in text, path


def test_the_step_and_sigmoid_figure_does_not_call_them_h():
    """h is the output layer's activation on the slides: this figure names its functions instead."""
    fig = figures.draw_step_vs_sigmoid()
    labels = [text for ax in fig.axes for text in (ax.get_xlabel(), ax.get_ylabel(),
                                                   *(t.get_text() for t in ax.get_legend().get_texts()))]
    assert "ステップ関数" in labels and "シグモイド関数" in labels
    assert not any(re.search(r"(^|[^a-z])h'?\(", label) for label in labels), labels


def nav_entries():
    """{page source: (section or None, title)} from mkdocs.yml's navigation."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["nav"]
    entries = {}

    def walk(items, section):
        for item in items:
            for title, target in item.items():
                if isinstance(target, list):
                    walk(target, title)
                else:
                    entries[target] = (section, title)
    walk(nav, None)
    return entries


def test_a_page_is_called_what_the_navigation_calls_it():
    """「ハンズオン「X」」 links a page the navigation calls ハンズオン: X (or X in its ハンズオン
    section); 「補足「X」」 a page it calls 補足: X."""
    entries, wrong = nav_entries(), []
    for path in sorted(DOCS.rglob("*.md")) + sorted((DOCS / "notebooks").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for kind, title, target in re.findall(r"(ハンズオン|補足)「\[([^\]]+)\]\(([^)#]+)", text):
            page = (path.parent / target).resolve().relative_to(DOCS.resolve()).as_posix()
            section, nav_title = entries.get(page, (None, None))
            named = nav_title == f"{kind}: {title}" or (kind == "ハンズオン" and section == kind and nav_title == title)
            if not named:
                wrong.append(f"{path.relative_to(ROOT)}: {kind}「{title}」 → {page} is {section}/{nav_title}")
    assert wrong == []


def test_the_site_never_says_a_descent_step_goes_along_the_gradient():
    """The step is x ← x − η∇f: against the gradient."""
    for path in sorted(DOCS.rglob("*.md")) + sorted((DOCS / "notebooks").glob("*.py")):
        text = re.sub(r"\n(?:#\s?)?\s*", "", path.read_text(encoding="utf-8"))
        assert not re.search(r"(?<![と逆])(?<!負の)勾配の向きに[^。]{0,8}進", text), path


def test_the_notebooks_set_up_says_how_to_open_a_notebook_and_in_the_site_s_voice():
    """The extra `notebooks` installs no Jupyter front end: the set-up line says how to get one.
    The set-up cell every notebook starts with is the site's prose too."""
    import sys
    sys.path.insert(0, str(ROOT))
    from scripts.pages.notebook_pages import install_note
    from scripts.steps.run_notebooks import setup_cell_source

    note = install_note("downloads/dlcode-0.1.0-py3-none-any.whl")
    extras = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    extras = extras[extras.index("notebooks = ["):extras.index("]", extras.index("notebooks = ["))]
    assert "jupyter" not in extras.lower() or "jupyterlab" in extras
    assert "pip install jupyterlab" in note and "<code>jupyter lab</code>" in note
    from test_one_text import POLITE
    assert POLITE.findall(setup_cell_source()) == []
    assert POLITE.findall(re.sub(r"<[^>]+>", "", note)) == []


def test_the_network_figure_s_caption_names_the_colours_it_is_drawn_in():
    svg = (ROOT / ".cache" / "figures" / "neural_network.svg").read_text(encoding="utf-8")
    caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", (DOCS / "learning.md").read_text(encoding="utf-8"), re.S)
    colours = {"灰色の線": figures.GREY, "橙の破線": figures.ORANGE}
    for words, colour in colours.items():
        assert words in caption.group(1)
        assert re.search(rf"stroke: {colour}", svg), (words, colour)
    assert re.search(rf"stroke-dasharray[^;]*;[^\"]*stroke: {figures.ORANGE}|stroke: {figures.ORANGE}[^\"]*stroke-dasharray", svg)
