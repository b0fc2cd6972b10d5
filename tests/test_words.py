"""One voice, one notation, the book's words: checked on the sources of the site's own prose.

- The site's own prose (home page, supplements, notebooks' text, notes and explorer boxes on the
  mirrored pages) is written in である調: no sentence ends in です・ます. The slides' text, which the
  mirrored pages copy, keeps the deck's voice.
- Where a page uses the site's 正解率, it also names the book's 認識精度.
- The two classes have the same colours and the plane the same axis names in every figure, notebook
  and explorer.
"""
import re
from pathlib import Path

import pytest

from dlcode import figures

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
POLITE = re.compile(r"(です|ます|ません|でした|ました|ください)[。）]")


def notebook_text(path):
    """The Markdown cells of a jupytext notebook source (its '# ' comment lines after [markdown])."""
    cells = re.split(r"^# %%", path.read_text(encoding="utf-8"), flags=re.M)
    return "\n".join(re.sub(r"^# ?", "", cell, flags=re.M) for cell in cells if cell.startswith(" [markdown]"))


def admonitions(text):
    """The bodies of the notes (!!! blocks): the site's words on a mirrored page."""
    return "\n".join(re.findall(r"^!!! .*\n((?:    .*\n|\n)+)", text, re.M))


def own_prose():
    for name in ("index", "errata", "summary"):  # pages of the site's own words
        yield f"docs/{name}.md", (DOCS / f"{name}.md").read_text(encoding="utf-8")
    for path in sorted((DOCS / "supplement").glob("*.md")):
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
    for path in sorted((DOCS / "notebooks").glob("*.py")):
        yield path.relative_to(ROOT).as_posix(), notebook_text(path)
    for name in ("loss", "diff", "gradient", "descent", "learning", "advanced"):
        yield f"docs/{name}.md", admonitions((DOCS / f"{name}.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize("source, text", list(own_prose()), ids=lambda value: value if value.startswith("docs") else "")
def test_the_site_s_own_prose_is_in_one_voice(source, text):
    text = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)  # code and its output are not prose
    assert text.strip(), source
    assert POLITE.findall(text) == [], source


@pytest.mark.parametrize("source, text", list(own_prose()), ids=lambda value: value if value.startswith("docs") else "")
def test_where_the_site_says_正解率_the_book_s_認識精度_is_named(source, text):
    page = (ROOT / source).read_text(encoding="utf-8")
    if "正解率" in text:
        assert "認識精度" in page, source


def test_the_classes_and_axes_look_the_same_everywhere():
    css = (DOCS / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    for label, colour in enumerate(figures.CLASS_COLORS):
        assert re.search(rf"\.explorer-class{label} {{ fill: {colour}; }}", css), label
        assert re.search(rf"\.explorer-point{label} {{ fill: {colour};", css), label
    network = (DOCS / "notebooks" / "network.py").read_text(encoding="utf-8")
    assert "CLASS_COLORS" in network and 'xlabel="$x_0$", ylabel="$x_1$"' in network
    assert "#c0392b" not in network and "coolwarm" not in network
    explorer_page = (DOCS / "learning.md").read_text(encoding="utf-8")
    assert "青が 0、橙が 1" in explorer_page
    explorers = (DOCS / "assets" / "javascripts" / "explorers.js").read_text(encoding="utf-8")
    assert '"x₀"' in explorers and '"x₁"' in explorers


def test_the_step_and_sigmoid_figure_does_not_call_them_h():
    """h is the output layer's activation on the slides: this figure names its functions instead."""
    fig = figures.draw_step_vs_sigmoid()
    labels = [text for ax in fig.axes for text in (ax.get_xlabel(), ax.get_ylabel(),
                                                   *(t.get_text() for t in ax.get_legend().get_texts()))]
    assert "ステップ関数" in labels and "シグモイド関数" in labels
    assert not any(re.search(r"(^|[^a-z])h'?\(", label) for label in labels), labels
