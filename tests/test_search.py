"""The site's search as learners use it, in Chromium: typed through an input method (Japanese) or
key by key (ASCII), on the served site and on the unzipped download opened as a file, at desktop
and phone widths. The queries and the pages they must find are tests/data/search_queries.tsv."""
import html
import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import ROOT, SITE, make_archive, search, watch_search  # noqa: E402

QUERY_TABLE = ROOT / "tests" / "data" / "search_queries.tsv"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
JAPANESE = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"


def query_table():
    rows = [line.split("\t") for line in QUERY_TABLE.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return [(query, page, int(rank)) for query, page, rank, _kind in rows]


def site_path(path):
    """The served path of a result, from the served site or from the unzipped files."""
    path = path.split(f"/{make_archive.TOP}", 1)[-1] if f"/{make_archive.TOP}/" in path else path
    return re.sub(r"index\.html$", "", path)


@pytest.fixture(params=list(VIEWPORTS))
def home(request, browser, site):
    """The home page in a fresh tab, with what goes wrong on it recorded in tab.problems."""
    how, url = site
    phone = request.param == "phone"
    context = watch_search(browser.new_context(viewport=VIEWPORTS[request.param], is_mobile=phone, has_touch=phone))
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: m.type == "error" and tab.problems.append(f"console: {m.text}"))
    tab.on("pageerror", lambda error: tab.problems.append(f"page error: {error}"))
    tab.on("request", lambda r: r.url.startswith(("http://127.0.0.1", "file://", "data:", "blob:", "about:"))
           or tab.problems.append(f"outside request: {r.url}"))
    tab.goto(url("/"))
    yield tab
    context.close()


def ranks(tab, table):
    """[(query, page, wanted rank, rank found or None, the first results)] for the table."""
    found = []
    for query, page, rank in table:
        paths = [site_path(path) for path in search(tab, query)]
        found.append((query, page, rank, paths.index(page) + 1 if page in paths else None, paths[:4]))
    return found


def test_the_query_table_has_what_the_search_must_answer():
    table = query_table()
    queries = {query for query, _, _ in table}
    assert len(table) >= 40
    assert {"丸め誤差", "勾配法の補足", "データから学習する", "学習させる", "損失関数の微分", "認識精度",
            "数値微分の誤差", "中心差分", "numerical_gradient", "TwoLayerNet", "cross_entropy_error"} <= queries
    titles = {doc["title"] for doc in json.loads((SITE / "search" / "search_index.json").read_text())["docs"]
              if "#" not in doc["location"] and not doc["location"].startswith("source/")}
    typed = {re.sub(r"\s", "", query) for query in queries}
    assert {re.sub(r"\s", "", title) for title in titles} <= typed, "every page title is in the table"


def test_every_query_finds_its_page(home):
    misses = [row for row in ranks(home, query_table()) if row[3] is None or row[3] > row[2]]
    assert misses == [], "\n".join(f"{q}: {p} wanted within {r}, found at {f}: {first}" for q, p, r, f, first in misses)
    assert home.problems == []


def reading_headings():
    """(heading text, page path) of every h1 and h2 of the reading pages (the dlcode listings aside)."""
    headings = []
    for path in sorted(SITE.rglob("index.html")):
        page = "/" + path.parent.relative_to(SITE).as_posix().strip(".") + ("/" if path.parent != SITE else "")
        if page.startswith(("/source/", "/slides/")):
            continue
        text = path.read_text(encoding="utf-8")
        article = text[text.index('<article'):text.index('</article>')]
        for match in re.finditer(r"<h([12])[^>]*>(.*?)</h\1>", article, re.S):
            heading = re.sub(r'<a class="headerlink".*?</a>|<[^>]+>', "", match.group(2))
            headings.append((html.unescape(heading).strip(), page))
    return headings


def test_every_heading_typed_as_shown_finds_its_page(browser, site):
    headings = reading_headings()
    assert len(headings) > 60
    context = watch_search(browser.new_context(viewport=VIEWPORTS["desktop"]))
    tab = context.new_page()
    tab.goto(site[1]("/"))
    misses = [row for row in ranks(tab, [(heading, page, 3) for heading, page in headings])
              if row[3] is None or row[3] > 3]
    context.close()
    assert misses == [], "\n".join(f"{q}: {p} found at {f}: {first}" for q, p, _, f, first in misses)


RESULT_TEXT = """() => [...document.querySelectorAll(".md-search-result__article")].map((article) => ({
  title: article.querySelector("h1, h2").textContent,
  text: [...article.querySelectorAll("p:not(.md-search-result__terms)")].map((p) => p.textContent).join(""),
  marks: [...article.querySelectorAll("mark")].map((m) => m.textContent),
}))"""


def plain_text(entry_html):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", entry_html))).strip()


@pytest.mark.parametrize("query, marked", [
    ("丸め誤差", {"丸め誤差"}), ("損失関数の微分", {"損失関数", "微分"}), ("認識精度", {"正解率", "認識精度"}),
    ("２乗和誤差", {"2乗和誤差", "２乗和誤差", "2 乗和誤差", "2 乗", "2乗"}), ("TwoLayerNet", {"TwoLayerNet"}),
])
def test_results_show_the_site_text_with_the_words_marked(browser, served, query, marked):
    context = watch_search(browser.new_context(viewport=VIEWPORTS["desktop"]))
    tab = context.new_page()
    tab.goto(served + "/")
    search(tab, query)
    results = tab.evaluate(RESULT_TEXT)
    context.close()
    index = json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [re.sub(r"\s", "", plain_text(doc["text"])) for doc in index["docs"]]
    shown = [result for result in results if result["marks"]]
    assert shown, results
    for result in shown:
        assert set(result["marks"]) <= marked, result
        assert not re.search("[\u200b-\u200d\ufeff]", result["title"] + result["text"])
        assert not re.search(f"[{JAPANESE}]\\s+[{JAPANESE}]", result["text"]), f"a space between Japanese: {result}"
        for passage in filter(None, result["text"].split("…")):
            assert any(re.sub(r"\s", "", passage) in text for text in texts), f"not the site's text: {passage!r}"


def test_a_word_the_site_lacks_is_named_and_the_rest_still_found(home):
    paths = [site_path(path) for path in search(home, "丸め誤差とカレー")]
    assert paths[0] == "/supplement/numerical_diff/"
    missing = home.locator(".md-search-result__terms").first
    assert "カレー" in missing.inner_text() and "検索に含まれない" in missing.inner_text()
    assert home.problems == []


def test_the_page_a_result_opens_highlights_the_site_word(browser, served):
    context = watch_search(browser.new_context(viewport=VIEWPORTS["desktop"]))
    tab = context.new_page()
    tab.goto(served + "/")
    search(tab, "認識精度")  # the book's word: the pages say 正解率
    tab.locator(".md-search-result__item a[href*='h=%']").first.click()
    tab.wait_for_selector("mark[data-md-highlight]", state="attached")
    assert "正解率" in tab.eval_on_selector_all("mark[data-md-highlight]", "ms => ms.map((m) => m.textContent)")
    context.close()


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_the_index_is_fetched_when_a_reader_turns_to_search(browser, served, device):
    """No page fetches the search index as it loads (docs/assets/javascripts/search-on-demand.js);
    opening the search by its key (desktop) or its button (phone) fetches it once, and the query
    typed is answered."""
    phone = device == "phone"
    context = watch_search(browser.new_context(viewport=VIEWPORTS[device], is_mobile=phone, has_touch=phone))
    tab = context.new_page()
    fetched = []
    tab.on("request", lambda request: "search_index" in request.url and fetched.append(request.url))
    tab.goto(served + "/diff/", wait_until="networkidle")  # 500 ms with no request after load
    assert fetched == [] and tab.evaluate("() => __search.ready") is False
    if phone:
        tab.locator("label.md-header__button[for='__search']").click()
    else:
        tab.keyboard.press("/")
    tab.wait_for_function("() => __search.ready")
    assert fetched == [served + "/search/search_index.json"]
    assert "/gradient/" in [site_path(path) for path in search(tab, "勾配")]
    tab.goto(served + "/gradient/?h=%E5%8B%BE%E9%85%8D")  # as a result opens it: the words marked at once
    tab.wait_for_selector("mark[data-md-highlight]", state="attached")
    context.close()
