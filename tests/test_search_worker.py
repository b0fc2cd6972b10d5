"""The search worker's folding, query cutting and ranking, run in Node on a small made-up index,
and the build side of the search (scripts/steps/search_index.py): the synonym table and the pages
naming the site's worker."""
import json
import re
import unicodedata
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKER = ROOT / "docs" / "assets" / "javascripts" / "search-worker.js"
SITE = ROOT / "site"
sys.path.insert(0, str(ROOT))
from scripts.pages import search_config  # noqa: E402
from scripts.steps import search_index  # noqa: E402


def run_worker(calls):
    """[(function, argument)] evaluated by the worker module in Node; their results, in order."""
    script = f"""
const w = require({json.dumps(str(WORKER))});
const calls = {json.dumps(calls, ensure_ascii=False)};
const results = calls.map(([fn, arg]) => {{
  if (fn === "fold") return w.fold(arg).text;
  if (fn === "queryTerms") return w.queryTerms(arg);
  if (fn === "search") {{
    const search = new w.Search(arg.index);
    return search.search(arg.query).items.map((group) => group.map((item) => [item.location, item.title, item.text, item.terms]));
  }}
  throw new Error(fn);
}});
process.stdout.write(JSON.stringify(results));
"""
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("text, folded", [
    ("ＴｗｏＬａｙｅｒＮｅｔ", "twolayernet"),  # full-width letters, lower case
    ("ﾐﾆﾊﾞｯﾁ", "ミニバッチ"),  # half-width katakana
    ("これは\n丸め誤差　です", "これは丸め誤差です"),  # a soft line break and an ideographic space
    ("4 章の one  hot", "4章のone hot"),  # no space next to a Japanese character; Latin words keep one
    ("２乗和誤差", "2乗和誤差"),
])
def test_fold_makes_index_and_query_alike(text, folded):
    assert run_worker([["fold", text]]) == [folded]


@pytest.mark.parametrize("query, words", [
    ("丸め誤差", ["丸め誤差"]),  # okurigana inside a word stay
    ("損失関数の微分", ["損失関数", "微分"]),  # a particle between words
    ("データから学習する", ["データ", "学習"]),
    ("学習させる", ["学習"]),  # a causative auxiliary
    ("学習率が大きすぎる", ["学習率", "大き"]),  # すぎる, and okurigana cut to their first kana
    ("ほとんど変わらない", ["ほとんど", "変わ"]),  # a hiragana word, then an inflected verb
    ("勾配はどちらを向く", ["勾配", "どちら", "向く"]),
    ("重みに関する損失関数の勾配", ["重み", "損失関数", "勾配"]),  # a one-character word (関) beside longer ones
    ("numerical_gradient", ["numerical_gradient"]),
    ("one-hot 表現", ["one-hot表現"]),  # folded as the text is: no space next to Japanese
    ("「勾配」、学習率", ["勾配", "学習率"]),
])
def test_query_is_cut_into_content_words(query, words):
    assert run_worker([["queryTerms", query]]) == [words]


def doc(location, title, text="", boost=None):
    entry = {"location": location, "title": title, "text": text}
    return entry | ({"boost": boost} if boost is not None else {})


INDEX = {"config": {"lang": ["ja"], "separator": "[\\s]+", "synonyms": [["正解率", "認識精度"]]}, "docs": [
    doc("a/", "微分"), doc("a/#x", "数値微分", "<p>数値微分は &lt;h&gt; を使う。丸め誤差が出る。</p>"),
    doc("b/", "誤差の話", boost=0.3), doc("b/#y", "丸め誤差", "<p>丸め誤差は h が小さすぎると\n大きくなる。</p>", boost=0.3),
    doc("c/", "学習"), doc("c/#z", "正解率", "<p>正解率で測る。</p>"),
]}


def test_ranking_title_first_then_headings_and_counts_with_page_weights():
    title, heading, synonym, missing = run_worker([
        ["search", {"index": INDEX, "query": "微分"}], ["search", {"index": INDEX, "query": "丸め誤差"}],
        ["search", {"index": INDEX, "query": "認識精度"}], ["search", {"index": INDEX, "query": "丸め誤差とカレー"}]])
    assert [group[0][0].split("#")[0] for group in title] == ["a/"]
    # the page whose heading names the word comes first even at a lower page weight
    assert [group[0][0].split("#")[0] for group in heading] == ["b/", "a/"]
    location, marked_title, text, terms = heading[0][0]
    assert marked_title == "<mark>丸め誤差</mark>" and text == "<p><mark>丸め誤差</mark>は h が小さすぎると大きくなる。</p>"
    assert terms == {"丸め誤差": True}
    # the book's word finds the site's, which is what is marked and highlighted on the page
    assert synonym[0][0][1] == "<mark>正解率</mark>" and synonym[0][0][3] == {"正解率": True}
    # a word the site lacks is named as missing; the rest is still found
    assert missing[0][0][3] == {"丸め誤差": True, "カレー": False}


def test_snippets_keep_the_site_text_escaped():
    [groups] = run_worker([["search", {"index": INDEX, "query": "数値微分"}]])
    assert groups[0][0][2] == "<p><mark>数値微分</mark>は &lt;h&gt; を使う。丸め誤差が出る。</p>"


def test_synonym_groups_are_checked():
    with pytest.raises(ValueError, match="'勾配' is in two synonym groups"):
        search_index.check_synonyms([("勾配", "こうばい"), ("勾配法", "勾配")])
    with pytest.raises(ValueError, match="an empty word"):
        search_index.check_synonyms([("勾配", " ")])


def test_every_synonym_group_names_a_word_the_site_has():
    index = json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = unicodedata.normalize("NFKC", " ".join(entry["title"] + " " + entry["text"] for entry in index["docs"]))
    assert index["config"]["synonyms"] == [list(group) for group in search_index.SYNONYMS]
    for group in search_index.SYNONYMS:
        assert group[0] in text, f"the site's word {group[0]!r} of {group} is not on the site"


def test_every_page_runs_the_site_search_worker():
    pages = sorted(SITE.rglob("*.html"))
    configured = [path for path in pages if 'id="__config"' in path.read_text(encoding="utf-8")]
    assert len(configured) > 20
    for path in configured:
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                           path.read_text(encoding="utf-8"), re.S).group(1)
        assert json.loads(config)["search"].endswith(search_config.SITE_WORKER), path
        # the index on demand: its script runs just before Material's, and is there
        before = re.search(r'<script src="([^"]*)"></script>\s*<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js">',
                           path.read_text(encoding="utf-8"))
        assert before and before.group(1).endswith(search_config.ON_DEMAND), path
        source = before.group(1)  # 404.html names its scripts from the root
        assert ((SITE / source.lstrip("/")) if source.startswith("/") else (path.parent / source)).resolve() \
            == (SITE / search_config.ON_DEMAND).resolve(), path
    assert (SITE / search_config.SITE_WORKER).is_file() and (SITE / search_config.ON_DEMAND).is_file()
    with pytest.raises(ValueError, match="names Material's search worker 0 times"):
        search_config.use_site_worker('<script id="__config">{"search": "elsewhere.js"}</script>')


def test_a_phrase_that_starts_a_page_title_finds_that_page_before_sections_named_by_it():
    """「元のスライドとの違い」 is the start of the title 「元のスライドとの違い一覧」: that page comes before
    the pages with sections (notes) of exactly that name. A single word at the start of a title (数値微分 of
    数値微分の誤差) is the page's topic, not its name: the page that teaches it may still come first."""
    index = {"config": {"lang": ["ja"], "separator": "[\\s]+"}, "docs": [
        doc("loss/", "損失関数"), doc("loss/#note", "元のスライドとの違い", "<p>スライドの式との違い。</p>"),
        doc("diff/", "微分"), doc("diff/#numerical", "数値微分", "<p>数値微分の式。</p>"),
        doc("diff/#note", "元のスライドとの違い", "<p>元のスライドの h との違い。</p>"),
        doc("errata/", "元のスライドとの違い一覧", "<p>すべての違い。</p>"),
        doc("numerical/", "数値微分の誤差", "<p>丸め誤差。</p>"),
    ]}
    phrase, word = run_worker([["search", {"index": index, "query": "元のスライドとの違い"}],
                               ["search", {"index": index, "query": "数値微分"}]])
    assert [group[0][0].split("#")[0] for group in phrase][0] == "errata/"
    assert [group[0][0].split("#")[0] for group in word][0] == "diff/"


def test_a_section_titled_as_the_query_lifts_its_page_however_low_its_weight():
    """The summary's weight is low (it repeats every topic), but its section 「次の章へ」 is what a reader
    typing that heading wants: it comes before pages whose titles only hold the words."""
    index = {"config": {"lang": ["ja"], "separator": "[\\s]+"}, "docs": [
        doc("learning/", "学習"), doc("learning/#next", "次の章の学習へのまとめ", "<p>次に章の内容を見る。次の章。</p>"),
        doc("summary/", "まとめ", boost=0.05), doc("summary/#next", "次の章へ", "<p>誤差逆伝播法。</p>", boost=0.05),
        doc("glossary/", "用語集", boost=0.2), doc("glossary/#next", "次の章へ", "<p>次の章。</p>", boost=0.2),
    ]}
    [groups] = run_worker([["search", {"index": index, "query": "次の章へ"}]])
    # both titled pages first, ordered by their weights; then the page that only holds the words
    assert [group[0][0] for group in groups] == ["glossary/#next", "summary/#next", "learning/#next"]
