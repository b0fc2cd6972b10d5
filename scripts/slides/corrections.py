"""The deck's errors, fixed on the presented deck: each correction names its slide, the deck's
text (which must still be there) and, for an error, the page note that explains it."""
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.slides import SlidesError, deck  # noqa: E402


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


LOSS, DIFF, GRADIENT, DESCENT, LEARNING = "loss.md", "diff.md", "gradient.md", "descent.md", "learning.md"
APPROX = (DIFF, "数値微分の値は「=」でなく「≈」")
MATRIX = (LEARNING, "「行列式」ではなく「行列」")
COVER_TITLE = "ゼロから作るDeep Learning"  # the presented deck's first slide (the deck's says 「Working」)
# The table over the figure of -grad f (slides 20 and 25) is headed by the gradient itself.
GRADIENT_HEADER = r"| $(\frac {\delta{f}}{\delta{x_0}}, \frac{\delta{f}}{\delta{x_1}})$"
NEGATIVE_HEADER = r"| $-\nabla f = -(\frac {\delta{f}}{\delta{x_0}}, \frac{\delta{f}}{\delta{x_1}})$"
CORRECTIONS = (
    # the cover: the deck's title was left as 「Working」; presented, the cover names the chapter
    Correction("Working", "# Working", f"# {COVER_TITLE}\n\n4 章　ニューラルネットワークの学習（学習ノート）", level=1),
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
    Correction("損失関数(２乗和誤差)", "$t_k$ | 想定結果", "$t_k$ | 教師データ（正解ラベル）", (LOSS, "「想定結果」と「教師データ」は同じもの")),
    Correction("微分", r"\lim_{h \to 0} \frac{f(x + h) - f(x - h)}{2h}", r"\lim_{h \to 0} \frac{f(x + h) - f(x)}{h}",
               (DIFF, "「中心差分」は極限をとらない式"), level=3),
    Correction("微分", "この式は中心差分と呼ばれ、$x$地点を中心とした$\\pm{h}$地点の$f(x)$の結果から$x$地点の変化量を求める式となる。",
               "極限をとらずに小さな$h$で止め、$x$地点を中心とした$\\pm{h}$地点の$f(x)$の結果から$x$地点の変化量を"
               "近似する式$\\frac{f(x + h) - f(x - h)}{2h}$を中心差分と呼ぶ。", level=3),
    Correction("微分(数値微分：計算例)", "& = 0.1999999999990898", r"& \approx 0.1999999999990898", APPROX),
    Correction("微分(数値微分：計算例)", "f(x) = 0.001 x^2 + 0.1x", "f(x) = 0.01 x^2 + 0.1x",
               (DIFF, "式の係数と「約0.199」")),
    Correction("微分(数値微分：計算例)", "約$0.199$", "約$0.2$", (DIFF, "式の係数と「約0.199」")),
    Correction("微分(数値微分：実装)", "numerical_diff(function_1, -10))", "numerical_diff(function_1, -10)",
               (DIFF, "閉じかっこが 1 つ多い")),
    Correction("微分(数値微分：イメージ)", "$f(x)=0.001 x^2 + 0.1$", "$f(x)=0.01 x^2 + 0.1x$", (DIFF, "図の関数")),
    Correction("微分(偏微分)", r"$\frac{\delta{f}}{\delta{x_0}}$, $\frac{\delta{f}}{\delta{x_0}}$",
               r"$\frac{\partial{f}}{\partial{x_0}}$, $\frac{\partial{f}}{\partial{x_1}}$", (DIFF, "偏微分の記号")),
    # g_0 has one variable: its derivative is d/dx_0 (placed before the renaming, which it includes)
    Correction("微分(偏微分：計算①)", r"\frac {\delta{f'(x_0)}}{\delta{x_0}}", r"\frac {d g_0(x_0)}{d x_0}", (DIFF, "$f'$ という名前")),
    Correction("微分(偏微分：計算①)", "f'(x_0", "g_0(x_0", (DIFF, "$f'$ という名前"), count=4),
    Correction("微分(偏微分：計算①)", "& = 6.00000000000378", r"& \approx 6.00000000000378", APPROX),
    Correction("微分(偏微分：計算①)", "f'(3.0001) - f'(2.9999)", "g_0(3.0001) - g_0(2.9999)"),
    Correction("微分(偏微分：計算②)", r"\frac {\delta{f''(x_1)}}{\delta{x_1}}", r"\frac {d g_1(x_1)}{d x_1}", (DIFF, "$f'$ という名前")),
    Correction("微分(偏微分：計算②)", "f''(x_1", "g_1(x_1", (DIFF, "$f'$ という名前"), count=4),
    Correction("微分(偏微分：計算②)", "& = 7.999999999999119", r"& \approx 7.999999999999119", APPROX),
    Correction("微分(偏微分：計算③)", "& = ", r"& \approx ", APPROX, count=2),
    Correction("微分(偏微分：計算③)", "(3, 4)$時点の", "(3, 4)$における", (DIFF, "「時点」は時刻の言葉")),
    Correction("微分(偏微分：計算②)", "f''(4.0001) - f''(3.9999)", "g_1(4.0001) - g_1(3.9999)"),
    Correction("勾配(実装①)", "    tmp_val = x[idx]", "", (GRADIENT, "整数の配列だと黙って間違える"), block=True),
    Correction("勾配(実装②)", "    for idx, x in enumerate(X):", "", (GRADIENT, "1 点だけを渡すと動かない"), block=True),
    Correction("勾配(実装②)", "_numerical_gradient(function_2, np.array(", "numerical_gradient(function_2, np.array(",
               (GRADIENT, "例が呼ぶのは前のスライドの関数"), count=2),
    Correction("勾配(イメージ)", GRADIENT_HEADER, NEGATIVE_HEADER, (GRADIENT, "勾配は「上り坂」を指す")),
    Correction("勾配法(変数２つ②)", GRADIENT_HEADER, NEGATIVE_HEADER, (GRADIENT, "勾配は「上り坂」を指す")),
    Correction("勾配法", "$\\eta$は学習率(LearningRate)とよび任意の数値が使われる。",
               "$\\eta$は学習率（learning rate）とよび、学習の前に人が決めておく値（ハイパーパラメータ）。",
               (DESCENT, "学習率は「任意の数値」ではない"), level=3),
    Correction("勾配(イメージ)", "勾配は、$f(x_0, x_1)$の「一番低い場所（最小値）」を指す。",
               "勾配は$f$が最も急に増える向きを指す。負の勾配$-\\nabla f$（右図の矢印）は各点で最も急に下る向きで、"
               "この$f$ではたまたま最小値のほうを向く。", (GRADIENT, "勾配は「上り坂」を指す")),
    Correction("勾配法（処理結果：変数１つ）", "     0: 0                 ,  0.0", _elided,
               ("descent.md", "結果は前のスライドのコードの出力ではない"), block=True),
    Correction("ニューラルネットワークの学習", "閾値$B$", "バイアス$B$", ("learning.md", "$B$ は閾値ではなくバイアス"),
               level=3),
    Correction("ニューラルネットワークの学習(計算式②)", "行列式", "行列", MATRIX),
    Correction("ニューラルネットワークの学習(計算式③)", "行列式", "行列", MATRIX),
    Correction("ニューラルネットワークの学習(計算式④)", "行列式", "行列", MATRIX),
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
    Correction("ニューラルネットワークの学習(まとめ)", "計算出来ない", "計算できない"),
    Correction("勾配法(実装例：変数１つ）", "#### 勾配法(実装例：変数１つ）", "#### 勾配法（実装例：変数１つ）"),
    Correction("ニューラルネットワークの学習(まとめ)", "データせっと", "データセット"),
)
# The slides' partial derivatives are written with \delta; the corrected deck uses \partial on
# every slide (marked there), the error explained once (diff.md's note on the symbol).
PARTIAL = (DIFF, "偏微分の記号")
# Code on the corrected deck that differs from the slide's own (dlcode/slides.py): region names.
CORRECTED_CODE = {"single_point_gradient": "dlcode/slides_corrected.py",
                  "numerical_gradient": "dlcode/slides_corrected.py"}


def presented_heading(slide):
    """A slide's heading in the presented deck: the deck's own, but the cover names the chapter and
    a typo in a heading is corrected."""
    if slide.number == 1:
        return COVER_TITLE
    line = f"{'#' * slide.level} {slide.heading}"
    for correction in CORRECTIONS:
        if correction.heading == slide.heading and correction.level in (None, slide.level) and correction.find in line:
            line = line.replace(correction.find, correction.replace)
    return line.lstrip("#").strip()


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
