"""Every number in the site's prose is held: computed by a claim, shown by an example beside it,
copied from the deck, read by a test, or allowed here with the reason it needs no computation.

Read from the sources (docs/**/*.md and the markdown cells of docs/notebooks/*.py), no build.

Prose is the site's text as a reader reads it, split into sentences at 。, at the end of a paragraph,
a list item and a table cell (a line wrapped inside a paragraph goes on). Not prose: front matter,
fenced code, $$ math blocks, HTML comments and tags, link targets, attribute lists, a notebook's
code cells, headings, admonition titles and link texts (a title names what follows; the numbers it
repeats are the body's), and inline code unless it is a bare value (`1e-4`, `[25000, 35000]`):
inline code quotes code, whose numbers are arguments and indices that the examples run. Image alt
texts and figure captions are prose.

A number is digits (full-width too) with a sign, decimals, thousands commas, an exponent
(1e-4, 10^{-8}, 1.5 \\times 10^{-8}) and 万/億/兆; in words, 十/百/千/万/億/兆 as a size (千倍, 数兆回).
Not a number that matters:
- a digit in a name (W1, float64, loss-4), a term (2乗和誤差, 2 層ネットワーク, 2 クラスのデータ) or
  a formula's index or coefficient (x_0, W^1, x^2, 2h, 0.01x: a subscript, a superscript not on a
  number, a number glued to a variable);
- 0 and 1 on their own: a definition's zero and unit (勾配が 0, one-hot の 1), not a measured value;
- the book's section or chapter (原著 4.2.3–4.2.5 節, 5 章, the reading list's "4.1:");
- an ordinal (2 つ目, 3 列目, 1 枚目), a list marker, the ordinal column of a table;
- "1" with a counter (1 つ, 1 ステップ, 1 回 …): "one"/"per", the unit a statement counts in;
- a counting convention (0 から数える) and a name made of a digit (クラス 1, ラベル 2, 「5」).
Dates do not occur in the prose.

A number is held by
(a) a claim in tests/test_claims.py whose words contain it (read from the decorators, not run here:
    test_claims.py runs them);
(b) a ```pycon example in the same section (between headings) that shows the same value in its
    input or output (a notebook: a code cell of the section), rounded as the prose writes it;
(c) on the pages that mirror the deck, a line of the deck (tests/test_mirror.py checks it is there);
(d) the exercises: their text is not in the sources (<!-- exercises --> is filled at build from
    dlcode/exercises.py), so nothing is found for them;
(e) another test that reads the words from the page: none does today (test_words.py,
    test_reading_order.py and test_one_text.py read names, notation and words, no number that
    matters here), so a test that comes to read a number registers it as a claim;
or by words in ALLOWED with a one-line reason (a parameter the slide, the book or the page chooses,
a count the page itself shows, a name). A computed result gets a claim instead.
"""
import ast
import math
import re
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DECK = ROOT / "tests" / "data" / "slides.md"
MIRRORED = {"docs/index.md", "docs/loss.md", "docs/diff.md", "docs/gradient.md", "docs/descent.md",
            "docs/learning.md", "docs/advanced.md"}  # advanced.md: the deck's closing hidden notes

# Numbers that need no computation: (source, the words holding them, the reason). The words hold the
# numbers inside them, as a claim's words do; an entry that holds no number any more is stale.
ALLOWED = [
    # counts of what the page shows right there
    ("docs/advanced.md", "次の 4 つの手順", "the numbered list below it has the 4 steps"),
    ("docs/advanced.md", "1〜3 をくり返す", "the steps numbered 1 to 3 just above"),
    ("docs/advanced.md", "2 つの差が開かない", "the two accuracies the sentence names"),
    ("docs/advanced.md", "学習後の 2 つの正解率", "the two accuracies, training and test"),
    ("docs/descent.md", "2 つの式は同時に", "the two update formulas shown just above"),
    ("docs/diff.md", "上の 3 つの出力と同じ値", "the three outputs of the example above"),
    ("docs/diff.md", "$x_0$ を 2 回書いている", "the slide's text above shows x_0 twice"),
    ("docs/errata.md", "を 2 回書いている（2 つ目は $x_1$）", "the slide's text, as diff.md shows it"),
    ("docs/errata.md", "`{rrr}` の 3 列を宣言して 1 列に", "the slide's LaTeX, as learning.md shows it"),
    ("docs/exercises.md", "3 種類ある", "the list below shows the three kinds"),
    ("docs/index.md", "枠で囲まれた注は 3 種類ある", "the list below shows the three kinds"),
    ("docs/index.md", "原著に 2 通りの書き方があり", "the list below shows the two"),
    ("docs/index.md", "スライドは次の 2 枚で始まる", "the two quoted slides below"),
    ("docs/supplement/learning_from_data.md", "大きく 2 つに分かれる", "the list below shows the two"),
    # parameters the slide, the book or the site chooses (each stated where it is used)
    ("docs/diff.md", "原著が $h = 10^{-4}$ を使う理由", "the book's h"),
    ("docs/diff.md", "$h = 0.0001$ の中心差分", "the slide's h, set on the slide above"),
    ("docs/diff.md", "「$(3, 4)$ における偏微分」（または「点 $(3, 4)$ での偏微分」）",
     "the slide's point, named again in the wording it suggests"),
    ("docs/diff.md", "$(x_0, x_1) = (3, 4)$ は平面上の点", "the slide's point"),
    ("docs/errata.md", "「$(3, 4)$ 時点の偏微分」", "the slide's words, as diff.md shows them"),
    ("docs/errata.md", "点 $(3, 4)$ における偏微分", "the slide's point"),
    ("docs/descent.md", "破線は $f = 1, 4, 9, 16$ の等高線", "the levels the figure draws (dlcode/figures.py draw_descent_path)"),
    ("docs/advanced.md", "原著の 0.1 より大きい", "the book's learning rate"),
    ("docs/learning.md", "原著 4.5 節は学習率 0.1 で 1 万回更新する", "the book's learning rate and updates"),
    ("docs/learning.md", "学習率を 2.0 にしている", "the rate the site chooses for this network (its examples use it)"),
    ("docs/notebooks/digits.py", "原著 4.5 節の学習率 0.1 は、誤差逆伝播法の勾配で 1 万回更新する", "the book's rate and updates"),
    ("docs/notebooks/network.py", "原著 4.5 節の学習率 0.1 は、誤差逆伝播法の勾配で 1 万回更新する", "the book's rate and updates"),
    ("docs/notebooks/two_layer_net.py", "MNIST（28×28 画素、訓練 6 万枚）", "the book's data set"),
    ("docs/notebooks/two_layer_net.py", "| 784 → 50 → 10 |", "the book's network"),
    ("docs/notebooks/two_layer_net.py", "| 600 回 |", "the book's updates per epoch (60,000 images in batches of 100)"),
    ("docs/notebooks/two_layer_net.py", "| 10000 回（約 17 エポック） |", "the book's updates (10,000 at 600 an epoch)"),
    ("docs/loss.md", "（$\\delta = 10^{-7}$）", "the slide code's constant, shown in the code below"),
    ("docs/supplement/numerical_diff.md", "原著は $h = 10^{-4}$ くらいがよい", "the book's h"),
    ("docs/supplement/numerical_diff.md", "スライドの $h = 10^{-4}$", "the slide's h"),
    ("docs/notebooks/exercises.py", "（$\\delta = 10^{-7}$）", "the exercise's constant (dlcode/exercises.py)"),
    ("docs/notebooks/exercises.py", "中心差分（$h = 10^{-4}$）", "the exercise's h (dlcode/exercises.py)"),
    ("docs/notebooks/network.py", "クラス 1 の確率 = 0.5", "the level the notebook's decision_map draws (its code above)"),
    # names and examples of notation, not quantities
    ("docs/errata.md", "NumPy 2 では", "NumPy's major version"),
    ("docs/supplement/numerical_diff.md", "（32 ビットの浮動小数点数）", "what the name float32 says"),
    ("docs/exercises.md", "`0.07`、`７e-2`、`.07` のように", "ways of writing an answer, not a value"),
    ("docs/supplement/minibatch.md", "訓練データが何万個もあると", "an order of size, not a value"),
]

# --- the number grammar -------------------------------------------------------------------------

DIGIT = r"[0-9０-９]"
NUMBER = re.compile(
    rf"(?<![A-Za-z_0-9０-９.])(?<![A-Za-z0-9０-９)]-)(?<![A-Za-z0-9０-９)]−)"  # not in a name (W1, loss-4)
    rf"(?P<sign>(?<![A-Za-z0-9０-９)])[-−])?"
    rf"(?P<mantissa>{DIGIT}{{1,3}}(?:,{DIGIT}{{3}})+(?!{DIGIT})|{DIGIT}+(?:\.{DIGIT}+)?|\.{DIGIT}+)"
    rf"(?P<exp>e[-+]?{DIGIT}+"
    rf"|\s*\\times\s*10\^\{{?-?{DIGIT}+\}}?"
    rf"|\^\{{?-?{DIGIT}+\}}?)?"
    rf"(?P<scale>\s*[万億兆])?"
    rf"(?!{DIGIT}|\.{DIGIT})"
)
KANJI_SIZE = re.compile(r"(?<![0-9０-９\s])[数何]?[十百千万億兆]+(?=[倍回個枚分人桁])|数[十百千万億兆]+")
SCALE = {"万": 1e4, "億": 1e8, "兆": 1e12}

# Spans where a digit is not a number that matters (each pattern's whole match is masked).
NOT_NUMBERS = [
    r"(?:原著\s*)?(?:{d}+(?:\.{d}+)*(?:\s*[–〜~-]\s*{d}+(?:\.{d}+)*)?\s*(?:章|節)(?:\s*[・と、]\s*)?)+",
    r"^\s*{d}+(?:\.{d}+)+(?:\s*[–〜]\s*{d}+(?:\.{d}+)+)?:",  # the reading list's "4.2.1–4.2.2:"
    r"{d}+\s*(?:つ目|番目|行目|列目|枚目|層目|回目|ステップ目|エポック目|個目|点目|段階目)",
    r"(?<![{D}.,])[1１]\s*(?=(?:つ|個|点|回|歩|層|本|枚|行|列|ステップ|エポック|要素|種類|文|件|節|画素|度|通り|か所)(?!目))",
    r"{d}+\s*から数え",
    r"(?:クラス|ラベル)\s*{d}+",
    r"「{d}+」",
    r"_\{{[^}}]*\}}|_{d}+",  # subscripts: indices
    r"(?:(?<![0-9０-９])|(?<=_[0-9０-９]))\^(?:\{{[^}}]*\}}|{d}+)",  # a superscript not on a number
    r"(?<![\w.]){d}+(?:\.{d}+)?(?=\\(?!times)[A-Za-z]|[A-Za-z](?![-+]?{d}))",  # a coefficient: 2h, 0.01x, 2\eta
    r"\\sqrt\[{d}+\]",
    r"十分",  # "enough", not ten
    r"(?<![{D}.,])[01０１](?![{D}.,]|\s*[万億兆]|e[-+]?[{D}])",  # 0 and 1: a definition's zero and unit
    r"{d}+\s*(?=乗|階|次関数|次元|変数|層ネットワーク|層の|クラスのデータ)",  # in a term's name: 2乗和誤差, 2 層ネットワーク
]
NOT_NUMBERS = [re.compile(p.format(d=DIGIT, D=DIGIT[1:-1]), re.M) for p in NOT_NUMBERS]


def value(match):
    """The number a NUMBER match writes, as a float."""
    text = re.sub(r"\s", "", match.group(0)).replace("−", "-").replace(",", "")
    scale = SCALE.get(text[-1], 1)
    text = text.rstrip("万億兆")
    text = re.sub(r"\\times10\^\{?(-?\d+)\}?", r"e\1", text)
    power = re.search(r"\^\{?(-?\d+)\}?$", text)
    if power:
        base = float(text[:power.start()])
        return base ** int(power.group(1)) * scale
    return float(text) * scale


def decimals(match):
    """How many digits after the point the prose writes (of the mantissa, for 2.2 × 10^{-16})."""
    mantissa = match.group("mantissa")
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def same(prose_match, shown):
    """A value an example shows holds a prose number written to fewer digits (0.906 for -0.9063…,
    2.2 × 10^{-16} for 2.220446049250313e-16)."""
    wanted = value(prose_match)
    if shown == wanted or (wanted != 0 and abs(shown - wanted) <= 1e-12 * abs(wanted)):
        return True
    if wanted == 0 or shown == 0:
        return False
    digits = decimals(prose_match)
    if (prose_match.group("exp") or "").lstrip().startswith(("e", "\\")):
        power = 10.0 ** math.floor(math.log10(abs(wanted)))  # compare mantissas: 2.2 with 2.22…
        return round(shown / power, digits) == round(wanted / power, digits)
    if "." in prose_match.group("mantissa"):
        return round(shown, digits) == wanted
    return False


# --- reading a source ---------------------------------------------------------------------------

class Source:
    """A page's prose as one string (lines joined: a wrapped line goes on), with the line of each
    character, the sentences' spans, the spans masked for numbers and the examples of each section."""

    def __init__(self, name, text):
        self.name = name
        self.text, self.line_of, self.masked = "", [], []
        self.breaks = set()  # positions where a sentence ends without 。
        self.section_of, self.examples = [], {}  # character -> section number; section -> values
        self._read(text.splitlines())

    def _add(self, number, content, section, masked=()):
        shift = 0
        if re.match(r"[A-Za-z0-9`$*(\[]", content[:1] or " ") and re.search(r"[A-Za-z0-9`$*)\]]$", self.text):
            content, shift = " " + content, 1  # English words and formulas wrapped over lines keep their space
        start = len(self.text) + shift
        self.text += content
        self.line_of += [number] * len(content)
        self.section_of += [section] * len(content)
        self.masked += [False] * len(content)
        for begin, end in masked:
            for i in range(start + begin, start + end):
                self.masked[i] = True
        return start

    def _break(self):
        if self.text:
            self.breaks.add(len(self.text))

    def _example(self, section, code):
        """Values an example shows (input and output, comments aside)."""
        found = self.examples.setdefault(section, [])
        for line in code:
            line = re.sub(r"^\s*(>>>|\.\.\.)\s?", "", line)
            line = re.sub(r"#.*$", "", line) if not re.match(r"^\s*['\"]", line) else line
            for match in NUMBER.finditer(line):
                try:
                    found.append(value(match))
                except (ValueError, OverflowError):
                    continue

    def _read(self, lines):
        notebook = self.name.endswith(".py")
        section, fence, in_math, comment, code_cell = 0, None, False, False, False
        example = []
        start = 0
        if lines and lines[0].strip() == "---":  # front matter
            start = next(i for i in range(1, len(lines)) if lines[i].strip() == "---") + 1
        for number, raw in enumerate(lines[start:], start=start + 1):
            if notebook:
                if raw.startswith("# %%"):
                    if code_cell:
                        self._example(section, example)
                    code_cell, example = "[markdown]" not in raw, []
                    self._break()
                    continue
                if code_cell:
                    example.append(raw)
                    continue
                raw = re.sub(r"^#\s?", "", raw)
            stripped = raw.strip()
            if fence:
                if stripped.startswith(fence):
                    if example is not None:
                        self._example(section, example)
                    fence, example = None, []
                elif example is not None:
                    example.append(stripped)
                continue
            if re.match(r"(```|~~~)", stripped):
                fence = stripped[:3]
                example = [] if stripped[3:].strip().startswith("pycon") else None
                self._break()
                continue
            if comment:
                comment = "-->" not in raw
                continue
            if stripped.startswith("<!--") and "-->" not in stripped:
                comment = True
                self._break()
                continue
            if stripped.startswith("$$"):
                if not (len(stripped) > 2 and stripped.endswith("$$")):  # not a one-line $$ … $$
                    in_math = not in_math
                self._break()
                continue
            if in_math:
                continue
            if not stripped or re.fullmatch(r"[-:| ]+", stripped) or stripped == "---":
                self._break()
                continue
            if re.match(r"#{1,6}\s", stripped) or re.match(r"!!!|\?\?\?", stripped):
                section += re.match(r"#{1,6}\s", stripped) is not None
                self._break()
                continue
            self._prose_line(number, stripped, section)
        if code_cell:
            self._example(section, example)
        self._break()

    def _prose_line(self, number, line, section):
        line = re.sub(r"<!--.*?-->", "", line)
        marker = re.match(r"(?:[-*+]|\d+\.)\s+", line)
        if marker:  # a list item starts a sentence; its marker is no number
            self._break()
            line = line[marker.end():]
        if re.match(r"<|!\[", line):  # a line of HTML or an image is a sentence of its own
            self._break()
        if line.startswith("|") or re.search(r"\S\s*\|\s*\S", line) and line.count("|") >= 2:
            masks = self._masks(line)
            first = re.match(r"\|?\s*(\d+)\s*\|", line)
            if first:
                masks.append(first.span(1))  # the row's ordinal
            self._break()
            start = self._add(number, line, section, masks)
            self.breaks.update(start + m.end() for m in re.finditer(r"\|", line))
            self._break()
            return
        self._add(number, line, section, self._masks(line))
        if re.match(r"<|!\[", line):
            self._break()

    @staticmethod
    def _masks(line):
        spans = []
        for match in re.finditer(r"(?<!!)\[[^\]]*\]\(", line):
            spans.append(match.span())  # a link's text is a page's title or a heading: not prose
        for match in re.finditer(r"\]\([^)]*\)|\{[^{}]*(?:width|\.|#)[^{}]*\}|<[^>]+>", line):
            spans.append((match.start() + (match.group(0).startswith("]")), match.end()))
        for match in re.finditer(r"`([^`]+)`", line):
            if not re.fullmatch(r"[\s\d０-９.,eE+\-−\[\]()]+", match.group(1)):
                spans.append(match.span())  # code, not a bare value
        for pattern in NOT_NUMBERS:
            spans += [m.span() for m in pattern.finditer(line)]
        return spans

    # --- what the source says

    def sentences(self):
        """[(start, end)] of each sentence."""
        cuts = sorted({0, len(self.text)} | self.breaks | {m.end() for m in re.finditer("。", self.text)})
        return [(a, b) for a, b in zip(cuts, cuts[1:]) if self.text[a:b].strip()]

    def numbers(self):
        """[(span, match)] of numbers that matter."""
        found = []
        for match in NUMBER.finditer(self.text):
            digits = [i for i in range(*match.span()) if re.match(DIGIT, self.text[i])]
            if any(self.masked[i] for i in digits):
                continue
            found.append((match.span(), match))
        for match in KANJI_SIZE.finditer(self.text):
            if not any(self.masked[i] for i in range(*match.span())):
                found.append((match.span(), None))
        return found

    def spans_of(self, words):
        """Spans of ``words`` in the prose, whitespace aside (as tests/test_claims.py compares)."""
        if not hasattr(self, "_flat"):
            self._kept = [i for i, c in enumerate(self.text) if not c.isspace()]
            self._flat = "".join(self.text[i] for i in self._kept)
        kept, flat = self._kept, self._flat
        target = re.sub(r"\s", "", words)
        spans, at = [], flat.find(target)
        while target and at >= 0:
            spans.append((kept[at], kept[at + len(target) - 1] + 1))
            at = flat.find(target, at + 1)
        return spans


def sources():
    paths = sorted(DOCS.rglob("*.md")) + sorted((DOCS / "notebooks").glob("*.py"))
    return {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in paths}


@lru_cache(maxsize=None)
def claims():
    """[(source, words)] of tests/test_claims.py's @claim decorators."""
    tree = ast.parse((ROOT / "tests" / "test_claims.py").read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        for decorator in getattr(node, "decorator_list", []):
            if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "claim":
                found.append(tuple(ast.literal_eval(arg) for arg in decorator.args))
    return found


@lru_cache(maxsize=None)
def deck_lines():
    """The deck's prose lines as the mirrored pages copy them (code and $$ math aside, list markers
    and comment marks too)."""
    lines, skipping = [], None
    for line in DECK.read_text(encoding="utf-8").splitlines():
        mark = "```" if line.strip().startswith("```") else "$$" if line.strip() == "$$" else None
        if mark or skipping:
            skipping = None if mark == skipping else skipping or mark
            continue
        line = re.sub(r"^\s*(?:<!--|[-*]\s+|#+\s*)|-->\s*$", "", line).strip()
        if len(re.sub(r"\s", "", line)) >= 6:
            lines.append(line)
    return lines


def holders(name):
    """Words whose numbers are held in source ``name``: [(words, by)]."""
    found = [(words, "tests/test_claims.py") for source, words in claims() if source == name]
    if name in MIRRORED:
        found += [(line, "the deck (tests/test_mirror.py)") for line in deck_lines()]
    return found


def unheld(name, text, holding=None, allow=()):
    """([(line, sentence, [numbers nothing holds])], {allow-list entries that held a number}) of
    source ``name`` with this ``text``. An allow-list entry holds the numbers inside its words."""
    source = Source(name, text)
    held = set()
    for words, _ in (holders(name) if holding is None else holding):
        for begin, end in source.spans_of(words):
            held.update(range(begin, end))
    allowed = {}
    for entry in allow:
        if entry[0] == name:
            for begin, end in source.spans_of(entry[1]):
                allowed.update({i: entry for i in range(begin, end)})
    numbers, found, used = source.numbers(), [], set()
    for begin, end in source.sentences():
        missing = []
        for (a, b), match in numbers:
            if not begin <= a < end or all(i in held for i in range(a, b)):
                continue
            shown = source.examples.get(source.section_of[a], [])
            if match is not None and any(same(match, v) for v in shown):
                continue
            if all(i in allowed for i in range(a, b)):
                used.add(allowed[a])
                continue
            missing.append(source.text[a:b])
        if missing:
            found.append((source.line_of[begin], source.text[begin:end].strip(" |"), missing))
    return found, used


def report(allow=None, texts=None):
    """(a line for each sentence holding a number nothing holds, the allow-list entries used)."""
    allow = ALLOWED if allow is None else allow
    failures, used = [], set()
    for name, text in (sources() if texts is None else texts).items():
        found, entries = unheld(name, text, allow=allow)
        used |= entries
        failures += [f"{name}:{line}: {sentence}\n    numbers nothing holds: {', '.join(missing)}"
                     for line, sentence, missing in found]
    return failures, used


HOW_TO_FIX = ("Each number in prose comes from a computation or a test reads it: add a claim to "
              "tests/test_claims.py (@claim(source, the sentence's words) and a function computing it), "
              "show it in a ```pycon example in the same section, or, if it needs no computation (a "
              "parameter the page chooses, a count the page shows, the book's number), add the words holding it "
              "to ALLOWED in tests/test_numbers_in_prose.py with a one-line reason.")


@lru_cache(maxsize=None)
def site_report():
    return report()


def test_every_number_in_prose_is_held():
    failures, _ = site_report()
    assert not failures, f"{len(failures)} sentences hold a number nothing holds:\n" + "\n".join(failures) + "\n" + HOW_TO_FIX


def test_every_allow_list_entry_is_still_needed():
    _, used = site_report()
    stale = [entry for entry in ALLOWED if entry not in used]
    assert not stale, "allow-list entries whose sentence is gone or now held (remove them): " + repr(stale)


# --- the rule on text fed to it -------------------------------------------------------------------

PAGE = """---
search:
  exclude: true
---

# 学習率

## 節の見出し 4.4

原著 4.4.2 節のとおり、1 つずつ 2 つ目の値を見る。[図](figures/x_1.svg){ width="460" }

```python
lr = 0.37
```

$$
f(x) = 0.01x^2 + 0.1x
$$

<!-- exercises -->

1. 学習率を 0.3 にすると 42 ステップで着く。
2. 損失は約 0.5975 になる。

```pycon
>>> round(0.59748, 4)
0.5975
```
"""


def test_a_sentence_with_a_number_nothing_holds_is_found_with_its_line():
    failures, _ = report(allow=[], texts={"docs/x.md": PAGE})
    assert failures == ["docs/x.md:22: 学習率を 0.3 にすると 42 ステップで着く。\n"
                        "    numbers nothing holds: 0.3, 42"]


def test_an_example_holds_only_its_own_section():
    moved = PAGE.replace("2. 損失は約 0.5975 になる。", "## 次の節\n\n損失は約 0.5975 になる。\n\n## 例の節")
    failures, _ = report(allow=[], texts={"docs/x.md": moved})
    assert len(failures) == 2 and "0.5975" in failures[1]


def test_a_claim_s_words_and_an_allow_list_entry_hold_what_they_cover():
    found, used = unheld("docs/x.md", PAGE, holding=[("0.3 にすると", "a claim")],
                         allow=[("docs/x.md", "42 ステップ", "a count"), ("docs/x.md", "99 回", "gone")])
    assert found == [] and used == {("docs/x.md", "42 ステップ", "a count")}  # "99 回" would be stale
    found, _ = unheld("docs/x.md", PAGE, holding=[("0.3 に", "a claim")])
    assert [missing for _, _, missing in found] == [["42"]]


@pytest.mark.parametrize("text, numbers", [
    ("誤差は約 $4.5 \\times 10^{-9}$ で、$h = 10^{-4}$ と 1e-4 は同じ。", [4.5e-9, 1e-4, 1e-4]),
    ("39,760 個と 20 万ステップと $x = -5$、(−3, 0.001)。", [39760, 2e5, -5, -3, 0.001]),
    ("ラベル 2 とクラス 1 の 2 乗和誤差、2 層ネットワーク、x_0 と $W^1$ と `x[0]` と float64 と loss-4。", []),
    ("`[25000, 35000]` は値で、`np.array([3, 4])` はコード。", [25000, 35000]),
])
def test_what_counts_as_a_number(text, numbers):
    source = Source("docs/x.md", text)
    assert [value(match) for _, match in source.numbers() if match] == pytest.approx(numbers)


def test_japanese_sizes_count_as_numbers():
    source = Source("docs/x.md", "損失を数千回、積和は千倍を超える。十分に小さい。")
    assert [source.text[a:b] for (a, b), _ in source.numbers()] == ["数千", "千"]
