"""Slides the presented deck adds to the study notes' deck, marked 補足 as the site marks its
supplements: an agenda after the chapter's title slide, a summary of the chapter at the end, and on
the cover the site's address with a QR code when the site is published with one.

The agenda moves the deck's slides 3 to 33 one place on: presented_number() is the one place
that says where a slide of the deck is shown (the pages' 「スライドで見る」 links use it).
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.slides import SlidesError, deck  # noqa: E402

AGENDA_AFTER = 2  # the deck's slide the agenda follows: the chapter's title
ADDED_MARK = "補足（元のスライドにない）"


def presented_number(number):
    """Where the deck's slide ``number`` is in the presented deck."""
    return number + (number > AGENDA_AFTER)


def count(path=deck.DECK):
    return len(deck.slides(path)) + 2


def site_url():
    """The published address (mkdocs.yml's `site_url: !ENV [SITE_URL, null]`), or None."""
    return os.environ.get("SITE_URL") or None


def qr_data_uri(url):
    """A QR code of ``url`` as a PNG data URI, made here (segno, pure Python): nothing is fetched."""
    try:
        import segno
    except ImportError:
        raise SlidesError("the QR code needs segno: pip install -e '.[site]'") from None
    return segno.make(url, error="m").png_data_uri(scale=6, border=2)


def cover(url):
    """Lines the cover adds: the book, and the site's address with its QR code when there is one."""
    lines = ["原著：斎藤康毅『ゼロから作るDeep Learning』（オライリー・ジャパン）"]
    if url:
        lines += ["", f"サイト：{url}", "",
                  f"![サイトのアドレスの QR コード w:180px]({qr_data_uri(url)})"]
    return "\n".join(lines)


def agenda(path=deck.DECK):
    """The chapter's parts (the deck's ### slides) with the presented slides each starts at."""
    slides = deck.slides(path)
    parts = [s for s in slides if s.level == 3]
    rows = []
    for index, part in enumerate(parts, start=1):
        last = parts[index].number - 1 if index < len(parts) else slides[-1].number
        rows.append(f"{index}. {part.heading}（スライド {presented_number(part.number)}〜{presented_number(last)}）")
    return "#### 今日の流れ\n\n" + "\n".join(rows) + "\n\nおわりに、4 章のまとめと 5 章への橋渡し。"


SUMMARY = r"""#### 4 章のまとめ

- **損失関数**：2 乗和誤差 $E = \frac{1}{2} \sum_k (y_k - t_k)^2$、交差エントロピー誤差 $E = -\sum_k t_k \log y_k$
- **数値微分**：中心差分 $\dfrac{f(x + h) - f(x - h)}{2h}$（小さな $h$ で止めた近似）
- **勾配**：偏微分を並べたベクトル $\nabla f$。$-\nabla f$ が最も急に下る向き
- **勾配法**：$W \leftarrow W - \eta \dfrac{\partial L}{\partial W}$（$\eta$ は学習率）
- **次は 5 章 誤差逆伝播法**：勾配をずっと速く求める"""


def marked(markdown):
    """An added slide: its heading followed by the 補足 mark, in the place of the 訂正 marks."""
    heading, _, rest = markdown.partition("\n")
    return f'{heading}\n\n<span class="marks"><span class="added">{ADDED_MARK}</span></span>\n{rest}'
