"""The chapter's words, in one table: the site's word, the book's word and section, the variants the
site does not use, a one-line definition and the page that teaches it.

It drives the glossary page (docs/glossary.md: `<!-- glossary -->` becomes the table, by
scripts/mkdocs_hooks.py), the search's synonyms (scripts/steps/search_index.py) and the test that
the site's own prose uses no variant (tests/test_one_text.py). The book's chapter titles are here
too: a page that names a chapter names it by its title.
"""
import re
from dataclasses import dataclass

# 「ゼロから作るDeep Learning」の章の題名
CHAPTERS = {1: "Python入門", 2: "パーセプトロン", 3: "ニューラルネットワーク", 4: "ニューラルネットワークの学習",
            5: "誤差逆伝播法", 6: "学習に関するテクニック", 7: "畳み込みニューラルネットワーク", 8: "ディープラーニング"}


@dataclass(frozen=True)
class Term:
    word: str  # the site's word
    reading: str  # how it is read, for the glossary's order
    book: str  # the book's section where it is taught ("5 章" for the next chapter)
    definition: str  # one line, in the site's voice
    page: str  # the docs/ page that teaches it (with an anchor where one is stable)
    book_word: str = ""  # the book's word, where the site's differs
    variants: tuple = ()  # other spellings: the search finds them, the site's own prose does not use them
    search_only: tuple = ()  # words a learner may type that the site may also use in their own sense


TERMS = (
    Term("損失関数", "そんしつかんすう", "4.2", "ネットワークの出力が教師データとどれだけ合っていないかを表す値。学習はこれを小さくする。",
         "loss.md", variants=("ロス関数",)),
    Term("2 乗和誤差", "にじょうわごさ", "4.2.1", "出力と教師データの差の 2 乗の和の半分 $\\frac{1}{2}\\sum_k (y_k - t_k)^2$。",
         "loss.md", variants=("二乗和誤差",), search_only=("2乗", "二乗")),
    Term("交差エントロピー誤差", "こうさえんとろぴーごさ", "4.2.2",
         "正解のクラスの出力の自然対数に負号をつけた値 $-\\sum_k t_k \\log y_k$。",
         "loss.md", variants=("クロスエントロピー誤差", "クロスエントロピー")),
    Term("one-hot 表現", "わんほっとひょうげん", "4.2.1", "正解のクラスだけを 1、ほかを 0 にした教師データの表し方。",
         "supplement/learning_from_data.md#one-hot-表現", variants=("ワンホット",), search_only=("onehot", "one-hot")),
    Term("教師データ", "きょうしでーた", "4.2.1", "各データの正解。one-hot 表現かラベル（整数）で表す。式では $t$。",
         "loss.md", search_only=("正解ラベル",)),
    Term("ミニバッチ学習", "みにばっちがくしゅう", "4.2.3", "訓練データから無作為に選んだ一部（ミニバッチ）の損失で学習すること。",
         "supplement/minibatch.md#ミニバッチ学習", variants=("ミニバッチ法",), search_only=("ミニバッチ",)),
    Term("訓練データ", "くんれんでーた", "4.1.2", "学習に使うデータ。", "supplement/learning_from_data.md#訓練データとテストデータ", variants=("学習データ",)),
    Term("テストデータ", "てすとでーた", "4.1.2", "学習に使わず、学習したモデルの実力を測るためにとっておくデータ。",
         "supplement/learning_from_data.md#訓練データとテストデータ"),
    Term("汎化能力", "はんかのうりょく", "4.1.2", "訓練データにないデータにも正しく答える能力。", "supplement/learning_from_data.md#訓練データとテストデータ",
         variants=("汎化性能",)),
    Term("過学習", "かがくしゅう", "4.1.2", "訓練データにだけ合いすぎて、テストデータの成績が上がらない状態。", "supplement/learning_from_data.md#訓練データとテストデータ",
         variants=("過剰適合", "オーバーフィッティング", "overfitting")),
    Term("特徴量", "とくちょうりょう", "4.1.1", "入力データから判別に効く数を取り出すように、人が設計した変換器（原著の定義）。"
         "取り出した数の並びも特徴量と呼ぶ。",
         "supplement/learning_from_data.md"),
    Term("正解率", "せいかいりつ", "4.2.5", "データのうち、ネットワークが正しいクラスを答えた割合。", "supplement/minibatch.md#なぜ正解率ではなく損失を使うのか",
         book_word="認識精度"),
    Term("数値微分", "すうちびぶん", "4.3.1", "微小な差分 $h$ で関数の値の変化を測り、微分を近似すること。", "diff.md"),
    Term("中心差分", "ちゅうしんさぶん", "4.3.1", "$\\frac{f(x+h) - f(x-h)}{2h}$。前方差分より誤差が小さい数値微分。", "diff.md",
         variants=("中央差分",)),
    Term("前方差分", "ぜんぽうさぶん", "4.3.1", "$\\frac{f(x+h) - f(x)}{h}$。微分の定義の形の数値微分。",
         "supplement/numerical_diff.md"),
    Term("偏微分", "へんびぶん", "4.3.3", "変数が複数ある関数を、1 つの変数だけについて微分すること（ほかの変数は定数とみなす）。", "diff.md"),
    Term("勾配", "こうばい", "4.4", "すべての変数の偏微分をまとめたベクトル $\\nabla f$（∇ はナブラと読む）。", "gradient.md",
         search_only=("ナブラ", "nabla")),
    Term("勾配法", "こうばいほう", "4.4.1", "勾配と逆の向きに少しずつ進み、関数の値を小さくしていく方法。最小値を探すものは勾配降下法とも呼ぶ。",
         "descent.md", search_only=("勾配降下法",)),
    Term("学習率", "がくしゅうりつ", "4.4.1", "勾配法の 1 回の更新でパラメータを動かす量を決める係数 $\\eta$。", "descent.md",
         search_only=("learning rate",)),
    Term("ハイパーパラメータ", "はいぱーぱらめーた", "4.4.1", "学習率のように、学習で決まるのではなく人が前もって決める値。",
         "supplement/gradient_more.md#ハイパーパラメータ", variants=("ハイパーパラメーター",)),
    Term("パラメータ", "ぱらめーた", "4.4.2", "学習で決める値。ネットワークでは重みとバイアス。", "learning.md",
         variants=("パラメーター",)),
    Term("バイアス", "ばいあす", "2 章", "ニューロンの入力の重みつき和に足す値。閾値とは符号が逆。", "learning.md"),
    Term("閾値", "しきいち", "2 章", "ステップ関数のニューロンが発火する境目の値 $\\theta$。", "learning.md", variants=("しきい値",)),
    Term("鞍点", "あんてん", "4.4.1", "ある向きには最小、別の向きには最大になっている、勾配が 0 の点。",
         "supplement/gradient_more.md#勾配が-0-でも最小値とは限らない", variants=("サドルポイント",)),
    Term("エポック", "えぽっく", "4.5.3", "学習の単位。「訓練データの数 ÷ ミニバッチの大きさ」回の更新を 1 エポックとし、"
         "訓練データを使い切った回数にあたる（ミニバッチは毎回無作為に選ぶので、1 エポックで全データを 1 回ずつ使うとは限らない）。",
         "notebooks/two_layer_net.ipynb",
         search_only=("epoch",)),
    Term("ステップ", "すてっぷ", "4.5.2", "パラメータの 1 回の更新。原著の繰り返し（iteration）の 1 回。", "descent.md",
         variants=("更新の回数",)),
    Term("誤差逆伝播法", "ごさぎゃくでんぱほう", "5 章", "出力側から連鎖律で 1 層ずつさかのぼり、すべてのパラメータの勾配を一度に求める方法。",
         "supplement/network_class.md#誤差逆伝播法で勾配を速く求める", variants=("バックプロパゲーション",),
         search_only=("逆伝播", "backpropagation")),
    Term("連鎖律", "れんさりつ", "5 章", "合成関数の微分は、それぞれの関数の微分の積になるという性質。",
         "supplement/network_class.md#誤差逆伝播法で勾配を速く求める", variants=("チェインルール",)),
    Term("ディープラーニング", "でぃーぷらーにんぐ", "8 章", "層を深く重ねたニューラルネットワークによる機械学習。",
         "supplement/learning_from_data.md", variants=("深層学習",)),
    Term("画素", "がそ", "3 章", "画像を作る 1 つ 1 つの点。手書き数字の画像は画素の明るさの並び。", "notebooks/digits.ipynb",
         variants=("ピクセル",)),
    Term("乱数の種", "らんすうのたね", "—", "乱数の列を決める数（seed）。同じ種からは同じ乱数が出る。", "supplement/minibatch.md#ミニバッチ学習",
         variants=("シード",)),
)

# How the glossary lists a term's variants; the search index leaves that list out, so that a variant
# typed finds the pages that teach the term (through the synonyms), not the glossary's list.
VARIANTS_SAID = "とも書く"
VARIANTS_LIST = re.compile(rf"（[^（）]* ?{VARIANTS_SAID}）")

# Spellings the site writes one way (not terms of the chapter).
SPELLINGS = (("分かる", ("わかる",)),)


def synonym_groups():
    """The search's synonym groups: the site's word first, then the book's, its variants and what a
    learner may type."""
    return tuple((term.word, *filter(None, (term.book_word,)), *term.variants, *term.search_only) for term in TERMS
                 if term.book_word or term.variants or term.search_only)


def variants():
    """{variant: the site's word} for every variant the site's own prose does not use."""
    found = {variant: term.word for term in TERMS for variant in term.variants}
    found |= {variant: word for word, spellings in SPELLINGS for variant in spellings}
    return found


def _book(term):
    return term.book if "章" in term.book or not term.book[0].isdigit() else f"{term.book} 節"


def glossary_markdown(titles):
    """The glossary in あいうえお順, a definition list (readable on a phone), each term with its
    book section and a link to the page that teaches it; ``titles`` maps a page (its path under
    docs/) to its title."""
    entries = []
    for term in sorted(TERMS, key=lambda term: term.reading):
        page = term.page.split("#")[0]
        if page not in titles:
            raise ValueError(f"the term {term.word!r} names the page {page!r}, which is not in the site")
        name = f"**{term.word}**" + (f"（原著では{term.book_word}）" if term.book_word else "")
        listed = "、".join(term.variants) + (" " if term.variants and term.variants[-1].isascii() else "")
        also = f'<span class="term-variants">（{listed}{VARIANTS_SAID}）</span>' if term.variants else ""
        book = f"原著 {_book(term)}。" if term.book != "—" else ""
        entries.append(f"{name}{also}\n:   {term.definition}{book}"
                       f"学ぶページ: [{titles[page]}]({term.page})\n")
    return "\n".join(entries)
