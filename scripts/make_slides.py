"""Build the presentable deck: the study notes' Marp deck as an HTML slide show for site/slides/,
with the figures that scripts/make_figures.py draws, the code from dlcode, and the errors fixed.

- Slide text: the deck itself (tests/data/slides.md, read through scripts/deck.py), because the
  deck is what its author presents; the pages add notes and examples around the same text.
- Code: each function on a slide is replaced by the dlcode snippet region its page section
  includes; every other line is the deck's own, run at build in one session that goes through
  the deck in order, and its `->` results are what that code returns today (never typed).
- Figures: the lost `./03_learning/*.png` become the figures in --figures; classic image options
  (`![center 80%](...)`) become Marp's sizing syntax (`![w:…px]`).
- Corrections (CORRECTIONS): each error listed on the errata page is fixed on its slide and marked
  with a small 「訂正」 link to the note that explains it; typos are fixed. A correction whose text
  the deck no longer has stops the build, naming it.
- Classic directives become front matter; hidden comments stay comments: Marp's presenter notes.
- Each slide's footer links back to the page section that mirrors it.

Outputs in --out: index.html (Marp's bespoke slide show; KaTeX fonts from the site's
assets/katex/fonts, no request leaves the site) and chapter4-slides.zip (the Marp Markdown with
its figures, to keep editing in Marp). Incremental: rebuilt only when an input changed (deck,
dlcode, the pages, figures, this script and the Marp engine, the npm packages' versions).
`--pdf FILE` also prints the deck to PDF with the system Chromium (make slides-pdf).

    python scripts/make_slides.py [--out DIR] [--figures DIR] [--pdf FILE]
"""
import argparse
import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import deck  # noqa: E402
from outputs import ZIP_EPOCH, exclusive, write_atomically  # noqa: E402
from render_math import spaced  # noqa: E402

DEFAULT_OUT = ROOT / ".cache" / "slides"  # published by the MkDocs hook as slides/
DEFAULT_FIGURES = ROOT / ".cache" / "figures"
MARP = ROOT / "node_modules" / ".bin" / "marp"
ENGINE = ROOT / "scripts" / "marp_engine.mjs"
LAZY_SCRIPT = ROOT / "scripts" / "lazy_slides.js"
NPM_PACKAGES = ("@marp-team/marp-cli", "@marp-team/marp-core", "katex")
HANDOUT = "chapter4-slides"
FILES = ("index.html", f"{HANDOUT}.zip")
MANIFEST = ".manifest.json"
CONTENT_WIDTH = 820  # px inside gaia's 4:3 frame (960 px less 2 × 70 px padding)
LOST_IMAGE = re.compile(r"!\[([^\]]*)\]\(\./03_learning/(\w+)\.png\)")


class SlidesError(Exception):
    pass


@dataclass(frozen=True)
class Correction:
    """On the slide headed ``heading``: ``find`` (the deck's text, which must still be there)
    becomes ``replace``. ``note``: (page, title of its 元のスライドとの違い note) for an error, which
    the slide marks with a 「訂正」 link; None for a typo. ``block``: ``replace`` is a function of the
    session's printed output that gives the whole code block containing ``find``."""
    heading: str
    find: str
    replace: str | Callable = ""
    note: tuple | None = None
    level: int | None = None
    count: int = 1  # how many times the deck has ``find`` on that slide
    block: bool = False


def _elided(printed):
    lines = printed.rstrip("\n").splitlines()
    return "\n".join(lines if len(lines) <= 11 else [*lines[:5], "...", *lines[-5:]])


LOSS, DIFF, GRADIENT = "loss.md", "diff.md", "gradient.md"
COVER_TITLE = "ゼロから作るDeep Learning"  # the presented deck's first slide (the deck's says 「Working」)
CORRECTIONS = (
    # the cover: the deck's title was left as 「Working」; presented, the cover names the chapter
    Correction("Working", "# Working", f"# {COVER_TITLE}\n\n4 章　ニューラルネットワークの学習（学習ノート）\n\n"
               "<!-- 元のスライドの表紙は「Working」（作業中）のまま -->", level=1),
    # results are computed at build: this one marks the block whose result the deck misprinted
    Correction("損失関数(２乗和誤差：実装)", "-> .09750000000000003", "", (LOSS, "表示される値"), block=True),
    Correction("損失関数(２乗和誤差：実装)", "y= np.array([0.1,0.5,0.1,0.0,0.05,0.1,0.0,0.6,0.5,0.0])",
               "y = np.array([0.1,0.05,0.1,0.0,0.05,0.1,0.0,0.6,0.0,0.0])",
               (LOSS, "「7」の例は確率になっていない")),
    Correction("損失関数(交差エントロピー誤差：実装)", "y= np.array([0.1,0.5,0.1,0.0,0.05,0.1,0.0,0.6,0.5,0.0])",
               "y = np.array([0.1,0.05,0.1,0.0,0.05,0.1,0.0,0.6,0.0,0.0])",
               (LOSS, "「7」の例は確率になっていない")),
    Correction("損失関数(交差エントロピー誤差)", r"E = - \sum_k t_k \text{log} y_k", r"E = - \sum_k t_k \log y_k",
               (LOSS, "log の書き方と δ")),
    Correction("微分(数値微分：計算例)", "f(x) = 0.001 x^2 + 0.1x", "f(x) = 0.01 x^2 + 0.1x",
               (DIFF, "式の係数と「約0.199」")),
    Correction("微分(数値微分：計算例)", "約$0.199$", "約$0.2$", (DIFF, "式の係数と「約0.199」")),
    Correction("微分(数値微分：実装)", "numerical_diff(function_1, -10))", "numerical_diff(function_1, -10)",
               (DIFF, "閉じかっこが 1 つ多い")),
    Correction("微分(数値微分：イメージ)", "$f(x)=0.001 x^2 + 0.1$", "$f(x)=0.01 x^2 + 0.1x$", (DIFF, "図の関数")),
    Correction("微分(偏微分)", r"$\frac{\delta{f}}{\delta{x_0}}$, $\frac{\delta{f}}{\delta{x_0}}$",
               r"$\frac{\partial{f}}{\partial{x_0}}$, $\frac{\partial{f}}{\partial{x_1}}$", (DIFF, "偏微分の記号")),
    Correction("微分(偏微分：計算①)", "f'(x_0", "g_0(x_0", (DIFF, "$f'$ という名前"), count=4),
    Correction("微分(偏微分：計算①)", "f'(3.0001) - f'(2.9999)", "g_0(3.0001) - g_0(2.9999)"),
    Correction("微分(偏微分：計算②)", "f''(x_1", "g_1(x_1", (DIFF, "$f'$ という名前"), count=4),
    Correction("微分(偏微分：計算②)", "f''(4.0001) - f''(3.9999)", "g_1(4.0001) - g_1(3.9999)"),
    Correction("勾配(実装①)", "    tmp_val = x[idx]", "", (GRADIENT, "整数の配列だと黙って間違える"), block=True),
    Correction("勾配(実装②)", "    for idx, x in enumerate(X):", "", (GRADIENT, "1 点だけを渡すと動かない"), block=True),
    Correction("勾配(イメージ)", "勾配は、$f(x_0, x_1)$の「一番低い場所（最小値）」を指す。",
               "勾配は$f$が最も急に増える向きを指す。負の勾配$-\\nabla f$（右図の矢印）は各点で最も急に下る向きで、"
               "この$f$ではたまたま最小値のほうを向く。", (GRADIENT, "勾配は「上り坂」を指す")),
    Correction("勾配法（処理結果：変数１つ）", "     0: 0                 ,  0.0", _elided,
               ("descent.md", "結果は前のスライドのコードの出力ではない"), block=True),
    Correction("ニューラルネットワークの学習", "閾値$B$", "バイアス$B$", ("learning.md", "$B$ は閾値ではなくバイアス"),
               level=3),
    Correction("ニューラルネットワークの学習(まとめ)", "データの分離(教師データ)", "データの分離(テストデータ)",
               ("advanced.md", "実力を評価するのは「テストデータ」")),
    # typos (the errata page's 表記・誤字)
    Correction("微分(偏微分：計算①)", "x_0^2+ 4^2 \\\\\n\n", "x_0^2+ 4^2 \\\\\n"),
    Correction("微分(偏微分：計算②)", "3^2 + x_1^2 \\\\\n\n", "3^2 + x_1^2 \\\\\n"),
    Correction("勾配", "に置ける", "における", level=3),
    Correction("勾配法（処理結果：変数１つ）", "近いている", "近づいている"),
    Correction("勾配法(変数２つ③)", "x_1^2$対し", "x_1^2$に対し"),
    Correction("勾配法(変数２つ③)", "最小値点に近く", "最小値点に近づく"),
    Correction("ニューラルネットワークの学習(計算式：①)", "隱れ層", "隠れ層", count=2),
    Correction("ニューラルネットワークの学習(計算式④)", "b^1_1, b^1_2, b^1_3", "b^1_1 & b^1_2 & b^1_3"),
    Correction("ニューラルネットワークの学習(計算式④)",
               r"\frac {\delta L}{\delta b^1_1}, \frac {\delta L}{\delta b^1_2}, \frac {\delta L}{\delta b^1_3}",
               r"\frac {\delta L}{\delta b^1_1} & \frac {\delta L}{\delta b^1_2} & \frac {\delta L}{\delta b^1_3}"),
    Correction("ニューラルネットワークの学習(まとめ)", "程計算", "手計算"),
    Correction("ニューラルネットワークの学習(まとめ)", "データせっと", "データセット"),
)
# The slides' partial derivatives are written with \delta; the corrected deck uses \partial on
# every slide (marked there), the error explained once (diff.md's note on the symbol).
PARTIAL = (DIFF, "偏微分の記号")
# Code on the corrected deck that differs from the slide's own (dlcode/slides.py): region names.
CORRECTED_CODE = {"single_point_gradient": "dlcode/slides_corrected.py",
                  "numerical_gradient": "dlcode/slides_corrected.py"}


def presented_heading(slide):
    """A slide's heading in the presented deck: the deck's own, but the cover names the chapter."""
    return COVER_TITLE if slide.number == 1 else slide.heading


def note_url(note, prefix):
    page, title = note
    return f"{prefix}{page.removesuffix('.md')}/#{deck.note_id(title)}"


def correction_targets(corrections=CORRECTIONS, path=deck.DECK):
    """[(correction, slide)]; raises SlidesError when the deck does not have a correction's text
    as often as it says (an edit of the deck would otherwise drop the correction silently)."""
    found = []
    for correction in corrections:
        try:
            slide = deck.slide(correction.heading, correction.level, path=path)
        except KeyError as error:
            raise SlidesError(f"correction {correction.find!r}: {error.args[0]}") from None
        times = slide.text.count(correction.find)
        if times != correction.count:
            raise SlidesError(f"correction on slide {slide.number} ({slide.heading}): the deck has "
                              f"{correction.find!r} {times} times, not {correction.count}")
        found.append((correction, slide))
    return found


# --- code: dlcode regions and a session that runs the deck's examples -----------------------------

def region(path, name):
    text = (ROOT / path).read_text(encoding="utf-8")
    match = re.search(rf"^[ \t]*# --8<-- \[start:{name}\]\n(.*?)^[ \t]*# --8<-- \[end:{name}\]", text, re.S | re.M)
    if not match:
        raise SlidesError(f"no snippet region {name} in {path}")
    return textwrap.dedent(match.group(1)).rstrip("\n")  # as the pages show it (dedent_subsections)


class Session:
    """One Python session for the whole deck, as a presenter running each slide's code in turn."""

    def __init__(self):
        self.namespace = {"__name__": "__deck__"}
        self.printed = ""
        self.shown = {}  # code block -> (as shown, printed): the hand-out reuses the site's run
        self.run("import numpy as np")

    def run(self, code, expression=False):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            value = eval(code, self.namespace) if expression else exec(code, self.namespace)
        self.printed = buffer.getvalue() or self.printed
        return value


def statements(lines):
    """Split a code block into chunks: ("blank",), ("code", [comment and code lines], shows_result)."""
    chunks, pending = [], []
    for line in lines:
        if line.lstrip().startswith("->"):
            if not chunks or chunks[-1][0] != "code":
                raise SlidesError(f"a result line with no code before it: {line!r}")
            chunks[-1] = ("code", chunks[-1][1], True)
        elif not line.strip():
            if chunks and chunks[-1][0] == "code" and not pending and _open_block(chunks[-1][1]):
                chunks[-1][1].append(line)  # a blank line inside a def
            else:
                chunks.extend([("blank",)] if not pending else [])
                if pending:
                    pending.append(line)
        elif line.startswith((" ", "\t")) and chunks and chunks[-1][0] == "code" and not pending:
            chunks[-1][1].append(line)
        elif line.lstrip().startswith("#"):
            pending.append(line)
        else:
            chunks.append(("code", [*pending, line], False))
            pending = []
    chunks.extend(("code", [line], False) for line in pending)  # trailing comments
    for index, chunk in enumerate(chunks):  # blank lines at a def's end belong between chunks
        if chunk[0] == "code":
            while len(chunk[1]) > 1 and not chunk[1][-1].strip():
                chunk[1].pop()
    return chunks


def _open_block(lines):
    code = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return bool(code) and code[0].rstrip().endswith(":")


def first_code_line(lines):
    return next(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def slide_code(block, regions, session):
    """The code block as the corrected deck shows it: functions replaced by their dlcode region,
    the other lines run, with their results. ``regions``: [(path, name)] of the page section."""
    texts = {(path, name): region(CORRECTED_CODE.get(name, path), name) for path, name in regions}
    out, shown = [], set()
    for chunk in statements(block.split("\n")):
        if chunk[0] == "blank":
            if out and out[-1] != "":
                out.append("")
            continue
        if out and out[-1] == "" and len(out) > 1 and out[-2] == "":
            out.pop()
        _, lines, shows_result = chunk
        first = first_code_line(lines)
        defined = re.match(r"def (\w+)\(", first)
        if defined:
            owner = [key for key, text in texts.items() if re.search(rf"^\s*def {defined.group(1)}\(", text, re.M)]
        else:
            owner = [key for key, text in texts.items() if first in (line.strip() for line in text.splitlines())]
        if owner:
            if owner[0] not in shown:  # the region's other lines and functions follow in the deck
                shown.add(owner[0])
                out.extend([texts[owner[0]], ""])
                try:
                    session.run(texts[owner[0]])
                except Exception as error:  # noqa: BLE001
                    raise SlidesError(f"region {owner[0][1]} raised {type(error).__name__}: {error}") from None
            continue
        if defined:
            raise SlidesError(f"function {defined.group(1)} is not in the section's dlcode regions {regions}")
        code = "\n".join(lines)
        out.extend(lines)
        try:
            if shows_result:
                out.append(f"-> {session.run(code.strip(), expression=True)!r}")
            else:
                session.run(code)
        except Exception as error:  # noqa: BLE001 - reported with the code that raised
            raise SlidesError(f"{first!r} raised {type(error).__name__}: {error}") from None
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


# --- the Markdown ------------------------------------------------------------------------------

FENCE = re.compile(r"^```(\w*)\n(.*?)^```[ \t]*$", re.S | re.M)
BLOCK_MATH = re.compile(r"^\$\$\n.*?^\$\$[ \t]*$", re.S | re.M)
STYLE = """\
section {
  font-family: -apple-system, BlinkMacSystemFont, "Hiragino Sans", "Hiragino Kaku Gothic ProN",
    "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", Meiryo, "IPAexGothic", sans-serif;
  font-size: 26px;
}
section pre, section code {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "IPAexGothic", monospace;
}
section table img { display: block; margin: 0 auto; }
/* A slide with a figure of its own: the figure takes the height the text leaves. */
section.figure { display: flex; flex-direction: column; }
section.figure > p:has(> img:only-child) { flex: 1 1 0; min-height: 0; margin: 0.3em 0 0; text-align: center; }
section.figure > p > img:only-child { max-width: 100%; max-height: 100%; object-fit: contain; }
section table { font-size: 0.85em; }
a[title^="訂正"] {
  font-size: 0.55em; font-weight: bold; text-decoration: none; vertical-align: super;
  padding: 0.1em 0.4em; border-radius: 0.3em; background: #c62828; color: #fff;
}
section .marks { display: block; height: 0; margin: -0.9em 0 0.9em; text-align: right; }
footer { font-size: 18px; }
footer a { color: inherit; }
"""


TABLE_IMAGE_HEIGHT = 320  # px: a row of figures in a table leaves room for a heading and two lines of text
# Matrices of fractions get taller rows, as on the pages, but less: a slide has a fixed height.
DECK_ARRAY_STRETCH = 1.3


def image_width(options, figure, cells):
    """Classic Marp sized an image in per cent of its natural size; Marp's syntax takes a width.
    Figures in a table share the width and keep to TABLE_IMAGE_HEIGHT."""
    percent = next((int(o[:-1]) for o in options.split() if re.fullmatch(r"\d+%", o)), 100)
    width, height = natural_size(figure)
    limit = CONTENT_WIDTH if cells == 0 else min(CONTENT_WIDTH / cells - 32, TABLE_IMAGE_HEIGHT * width / height)
    return round(min(width * percent / 100, limit))


def natural_size(figure):
    """(width, height) in CSS px: an SVG's size in pt; a PNG is drawn at 1.5 × its CSS size."""
    if figure.suffix == ".svg":
        head = figure.read_text(encoding="utf-8")[:2000]
        return tuple(float(re.search(rf'{side}="([\d.]+)pt"', head).group(1)) * 4 / 3 for side in ("width", "height"))
    with open(figure, "rb") as stream:
        header = stream.read(24)
    return int.from_bytes(header[16:20], "big") / 1.5, int.from_bytes(header[20:24], "big") / 1.5


def convert_images(text, figures, prefix, alts):
    """The lost ./03_learning/*.png become the drawn figures, sized with Marp's `w:` keyword."""
    def convert(match, cells):
        name = match.group(2)
        figure = next((p for p in sorted(figures.glob(f"{name}.*")) if p.suffix in (".svg", ".png")), None)
        if figure is None:
            raise SlidesError(f"no figure {name} in {figures}")
        alt = alts.get(name, name)
        return f"![{alt} w:{image_width(match.group(1), figure, cells)}px]({prefix}{figure.name})"

    lines = []
    for line in text.split("\n"):
        cells = len(LOST_IMAGE.findall(line)) if "|" in line else 0
        lines.append(LOST_IMAGE.sub(lambda m: convert(m, cells), line))
    return "\n".join(lines)


def figure_alts(docs=ROOT / "docs"):
    """The pages' alt texts of the figures: {figure name: alt}."""
    alts = {}
    for page in deck.MIRROR_PAGES:
        for alt, name in re.findall(r"!\[([^\]]+)\]\(figures/(\w+)\.\w+\)", (docs / page).read_text(encoding="utf-8")):
            alts.setdefault(name, alt.replace("[", "").replace("]", ""))
    return alts


MARKS_LINE = re.compile(r"(?:\s*(?:［訂正(?: \d+)?］|\[訂正(?: \d+)?\]\([^)]*\)))*\s*")


def mark(text, position, link):
    """Put a 「訂正」 link at the end of the line holding ``position``; for a code or math block
    (no link can go inside) on a line of its own after it, which the style lifts to the block's
    bottom-right corner."""
    for block in (*FENCE.finditer(text), *BLOCK_MATH.finditer(text)):
        if block.start() <= position < block.end():
            text, position = text[:block.end()] + "\n\n" + text[block.end():], block.end() + 2
            break
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    end = len(text) if end < 0 else end
    if text.rfind("<!--", 0, position) > text.rfind("-->", 0, position):  # a presenter note: no links
        return text[:end] + "（訂正）" + text[end:]
    line = re.sub(r"</?span[^>]*>", "", text[start:end]).strip()
    if MARKS_LINE.fullmatch(line):
        marks = f"{link} {line}".strip()  # marks are placed last one first: this keeps reading order
        return text[:start] + (marks if link.startswith("［") else f'<span class="marks">{marks}</span>') + text[end:]
    return text[:end] + " " + link + text[end:]


def _token(number):
    return f"\ue000{number}\ue001"  # a placeholder for a mark, from the Private Use Area


TOKEN = re.compile("\ue000(\\d+)\ue001")


def slide_markdown(slide, section, corrections, session, figures, prefix, link_prefix, alts):
    """One slide of the corrected deck. Each mark is first a placeholder token where its correction
    is; tokens in a code block move below it (the block is made anew), then each token becomes a
    「訂正」 link after its line or block."""
    text, notes, blocks = slide.text, [], {}
    for correction in corrections:
        index = text.index(correction.find)
        if correction.note:
            notes.append(correction.note)
            text = text[:index] + _token(len(notes) - 1) + text[index:]
            index += len(_token(len(notes) - 1))
        if correction.block:
            blocks[text.rfind("```", 0, index)] = correction
        else:
            text = text[:index] + text[index:].replace(correction.find, correction.replace)
    if "\\delta" in text:
        notes.append(PARTIAL)
        index = text.index("\\delta")
        text = text[:index] + _token(len(notes) - 1) + text[index:].replace("\\delta", "\\partial")
    regions = re.findall(r'--8<-- "([^":]+):([\w-]+)"', section.text)
    pieces, last = [], 0
    for match in FENCE.finditer(text):
        pieces.append(text[last:match.start()])
        correction = blocks.get(match.start())
        tokens = "".join(TOKEN.findall(match.group(0)) and map(_token, map(int, TOKEN.findall(match.group(0)))))
        code = TOKEN.sub("", match.group(2)).rstrip("\n")
        if correction and callable(correction.replace):
            language, body = "text", correction.replace(session.printed)
        elif (code, tuple(regions)) in session.shown:
            language, (body, session.printed) = match.group(1), session.shown[code, tuple(regions)]
        else:
            language, body = match.group(1), slide_code(code, regions, session)
            session.shown[code, tuple(regions)] = body, session.printed
        pieces.append(f"```{language}\n{body}\n```" + (f"\n\n{tokens}\n" if tokens else ""))
        last = match.end()
    text = "".join(pieces) + text[last:]
    # One mark per note on a slide, at its first place; several notes on a slide are numbered.
    tokens = sorted(TOKEN.finditer(text), key=lambda m: m.start())
    order = list(dict.fromkeys(notes[int(token.group(1))] for token in tokens))
    first = {notes[int(token.group(1))]: token.start() for token in reversed(tokens)}
    for token in reversed(tokens):
        note = notes[int(token.group(1))]
        text = text[:token.start()] + text[token.end():]
        if first[note] != token.start():
            continue  # marked at its first place on this slide
        label = "訂正" if len(order) == 1 else f"訂正 {order.index(note) + 1}"
        link = f"［{label}］" if link_prefix is None else \
            f'[{label}]({note_url(note, link_prefix)} "訂正: {note[1].replace("$", "")}（ページの注へ）")'
        text = mark(text, token.start(), link)
    text = BLOCK_MATH.sub(lambda m: "$$\n" + spaced(m.group(0)[3:-2].strip("\n"), DECK_ARRAY_STRETCH) + "\n$$", text)
    if re.search(r"^!\[[^\]]*\]\(\./03_learning/", text, re.M):
        text = "<!-- _class: figure -->\n\n" + text
    text = convert_images(text, figures, prefix, alts)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def front_matter(directives):
    """Classic global directives (`<!-- $theme: gaia -->`) as Marp's front matter."""
    unknown = set(directives) - {"theme", "size", "prerender", "page_number"}
    if unknown:
        raise SlidesError(f"deck directives this script does not convert: {sorted(unknown)}")
    style = "\n".join("  " + line if line else "" for line in STYLE.splitlines())
    return "\n".join([
        "---", "marp: true", f"theme: {directives['theme']}", f"size: {directives['size']}",
        f"paginate: {str(directives.get('page_number') == 'true').lower()}", "math: katex", "lang: ja",
        "title: ゼロから作るDeep Learning 4章 ニューラルネットワークの学習（訂正版スライド）",
        "style: |", style, "---", ""])


def deck_markdown(figures, for_site, docs=ROOT / "docs", path=deck.DECK, session=None):
    """The corrected deck as Marp Markdown. For the site, figures are at ../figures/ and every
    slide links back to its page section; the hand-out has its figures beside it and no links."""
    directives, slides = deck.read(path)
    sections = deck.mirrored_sections(docs, path)
    targets = correction_targets(path=path)
    alts = figure_alts(docs)
    session = session or Session()
    parts = []
    for slide in slides:
        section = sections[slide.number]
        own = [c for c, s in targets if s.number == slide.number]
        body = slide_markdown(slide, section, own, session, figures, "../figures/" if for_site else "figures/",
                              "../" if for_site else None, alts)
        if for_site:
            page = section.page.removesuffix(".md").removesuffix("index")
            body = f'<!-- _footer: "[ページで読む]({"../" + (page + "/" if page else "")}#{section.anchor})" -->\n\n' + body
        parts.append(body)
    return front_matter(directives) + "\n\n---\n\n".join(parts) + "\n"


# --- building ----------------------------------------------------------------------------------

def npm_versions():
    versions = {}
    for name in NPM_PACKAGES:
        manifest = ROOT / "node_modules" / name / "package.json"
        if not manifest.is_file():
            raise SlidesError(f"{name} is missing from node_modules: run `make site` (it runs npm ci)")
        versions[name] = json.loads(manifest.read_text())["version"]
    return versions


def inputs_key(figures, docs=ROOT / "docs"):
    """Everything the deck is made from. Of the pages only what the deck reads: each slide's
    section (page, anchor, the snippet regions it includes) and the figures' alt texts, so that
    editing a page's prose does not make the deck again."""
    digest = hashlib.sha256(json.dumps(npm_versions(), sort_keys=True).encode())
    sections = {number: [section.page, section.anchor, re.findall(r'--8<-- "([^"]+)"', section.text)]
                for number, section in deck.mirrored_sections(docs).items()}
    digest.update(json.dumps([sections, figure_alts(docs)], sort_keys=True, ensure_ascii=False).encode())
    paths = [deck.DECK, Path(__file__), ENGINE, LAZY_SCRIPT, ROOT / "scripts" / "deck.py", ROOT / "scripts" / "render_math.py",
             *sorted((ROOT / "dlcode").glob("*.py")),
             *sorted(p for p in figures.iterdir() if p.suffix in (".svg", ".png"))]
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def marp(source, output, *options, env=None):
    result = subprocess.run([str(MARP), "--no-stdin", "--engine", str(ENGINE), *options, str(source), "-o", str(output)],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if result.returncode != 0 or not Path(output).is_file():
        lines = [line for line in (result.stderr + result.stdout).splitlines() if "ERROR" in line or "Error" in line]
        raise SlidesError("marp: " + (lines[0].strip() if lines else f"exited with {result.returncode}"))


def handout(markdown, figures):
    """A zip of the hand-out Markdown and its figures, with fixed times (identical bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = [(f"{HANDOUT}/slides.md", markdown.encode("utf-8"))]
        for name in sorted(set(re.findall(r"\]\(figures/([\w.]+)\)", markdown))):
            entries.append((f"{HANDOUT}/figures/{name}", (figures / name).read_bytes()))
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


# Marp's on-screen controls speak English; the deck is Japanese. Longer strings first. A Marp
# upgrade that changes one of them stops the build (the string is no longer found).
CONTROLS_JA = (
    ("`Page ${t+1} of ${e.slides.length}`", "`${t+1} / ${e.slides.length}`"),
    ("Toggle fullscreen (f)", "全画面 (f)"), ("Toggle fullscreen", "全画面"),
    ("Toggle overview view (o)", "一覧 (o)"), ("Toggle overview", "一覧"), ("Close overview", "一覧を閉じる"),
    ("Open presenter view (p)", "発表者ビュー (p)"), ("Open presenter view", "発表者ビュー"),
    ("Previous slide", "前のスライド"), ("Next slide", "次のスライド"),
)


def japanese_controls(html):
    for english, japanese in CONTROLS_JA:
        if english not in html:
            raise SlidesError(f"marp: the slide show no longer has the control text {english!r}")
        html = html.replace(english, japanese)
    return html


SECTION = re.compile(r"(<section\b[^>]*>)(.*?)(</section>)", re.S)


def lazy_slides(html):
    """Each slide's content in a <template> that LAZY_SCRIPT fills when the slide is near the one
    shown (or the browser is idle): the deck starts with one slide's elements, not all of them."""
    html, count = SECTION.subn(lambda m: f"{m[1]}<template data-slide-content>{m[2]}</template>{m[3]}", html)
    if count != len(deck.slides()) or "</body>" not in html:
        raise SlidesError(f"marp: expected {len(deck.slides())} <section> slides and a </body>, found {count}")
    return html.replace("</body>", f"<script>{LAZY_SCRIPT.read_text(encoding='utf-8')}</script></body>", 1)


def build(out, figures):
    with tempfile.TemporaryDirectory(prefix="slides-") as scratch:
        source = Path(scratch) / "slides.md"
        session = Session()
        source.write_text(deck_markdown(figures, for_site=True, session=session), encoding="utf-8")
        marp(source, Path(scratch) / "index.html", "--html")
        html = (Path(scratch) / "index.html").read_text(encoding="utf-8")
    # the site's icon, so that the browser does not ask the server for a missing /favicon.ico
    html = html.replace("</head>", '<link rel="icon" href="../assets/images/favicon.png"></head>', 1)
    html = lazy_slides(japanese_controls(html))
    write_atomically(out / "index.html", html)
    write_atomically(out / f"{HANDOUT}.zip", handout(deck_markdown(figures, for_site=False, session=session), figures))


def pdf(target, figures, chromium):
    """Print the deck to PDF with Chromium, from a scratch folder laid out like the site."""
    with tempfile.TemporaryDirectory(prefix="slides-pdf-") as scratch:
        scratch = Path(scratch)
        (scratch / "slides").mkdir()
        shutil.copytree(figures, scratch / "figures", ignore=shutil.ignore_patterns(".*"))
        shutil.copytree(ROOT / "node_modules" / "katex" / "dist" / "fonts", scratch / "assets" / "katex" / "fonts")
        source = scratch / "slides" / "slides.md"
        source.write_text(deck_markdown(figures, for_site=True), encoding="utf-8")
        marp(source, scratch / "slides.pdf", "--pdf", "--allow-local-files", "--browser", "chrome",
             "--browser-path", chromium, env={"CHROME_NO_SANDBOX": "1"})
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, (scratch / "slides.pdf").read_bytes())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default .cache/slides)")
    parser.add_argument("--figures", type=Path, default=DEFAULT_FIGURES, help="drawn figures (default .cache/figures)")
    parser.add_argument("--pdf", type=Path, help="also print the deck to this PDF file (needs Chromium)")
    args = parser.parse_args(argv)
    out, figures = args.out.resolve(), args.figures.resolve()
    try:
        if args.pdf:
            chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
            if not chromium:
                raise SlidesError("Chromium is needed for the PDF: apt-get install chromium (or set CHROMIUM)")
            pdf(args.pdf.resolve(), figures, chromium)
            print(f"slides: wrote {args.pdf} ({len(deck.slides())} pages)")
            return 0
        print("files:", *FILES, flush=True)
        with exclusive(out):
            key = inputs_key(figures)
            manifest_path = out / MANIFEST
            if (manifest_path.exists() and json.loads(manifest_path.read_text()).get("key") == key
                    and all((out / name).exists() for name in FILES)):
                print("slides: up to date")
                return 0
            (out / MANIFEST).unlink(missing_ok=True)
            build(out, figures)
            write_atomically(manifest_path, json.dumps({"key": key}))
            print(f"slides: built {len(deck.slides())} slides")
    except SlidesError as error:
        print(f"slides: FAILED: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
