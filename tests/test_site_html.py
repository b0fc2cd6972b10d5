"""Checks on the built site/ (made by `make site`, which `make test` runs first)."""
import json
import re
import sys
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
URL_ATTRIBUTES = {"href", "src", "action", "poster", "data"}


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.urls, self.images, self.headings, self.warnings = set(), [], [], [], []
        self._heading = None
        self._admonition_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in URL_ATTRIBUTES & attrs.keys():
            self.urls.append((tag, name, attrs[name] or ""))
        if tag == "img":
            self.images.append(attrs)
        if tag in ("h1", "h2") and "id" in attrs:
            self._heading = attrs["id"]
            self.headings.append(attrs["id"])
        classes = (attrs.get("class") or "").split()
        if tag == "div" and "admonition" in classes and "warning" in classes:
            self.warnings.append([self.headings[-1] if self.headings else None, ""])
            self._admonition_depth = 1
        elif self._admonition_depth and tag == "div":
            self._admonition_depth += 1

    def handle_endtag(self, tag):
        if self._admonition_depth and tag == "div":
            self._admonition_depth -= 1

    def handle_data(self, data):
        if self._admonition_depth and self.warnings:
            self.warnings[-1][1] += data


def pages():
    if not SITE.is_dir():
        pytest.fail("site/ is missing: build it with `make site` (make test does this first)")
    return sorted(p for p in SITE.rglob("*.html"))


@lru_cache(maxsize=None)
def parse(path):
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page_url(path):
    return "/" + path.relative_to(SITE).as_posix()


PAGES = pages() if SITE.is_dir() else []
sys.path.insert(0, str(ROOT))
from scripts.checks import check_links  # noqa: E402


def test_site_was_built_with_every_page():
    names = {page_url(p) for p in pages()}
    for expected in ["/index.html", "/loss/index.html", "/diff/index.html", "/gradient/index.html",
                     "/descent/index.html", "/learning/index.html", "/advanced/index.html",
                     "/errata/index.html", "/notebooks/descent/index.html",
                     "/notebooks/network/index.html", "/notebooks/digits/index.html"]:
        assert expected in names


def test_every_link_anchor_and_resource_resolves_and_none_leaves_the_site():
    """The build's own check (scripts/checks/check_links.py), over the published site: all problems at once."""
    assert check_links.problems(SITE) == []


def test_link_check_reports_every_broken_link_raw_html_included(tmp_path):
    page = tmp_path / "a" / "index.html"
    page.parent.mkdir()
    page.write_text('<h2 id="here">x</h2><a href="../nope/">1</a><a href="#here">ok</a><a href="#gone">2</a>'
                    '<img src="missing.png"><a href="https://example.org/">3</a><a href="../a/#gone">4</a>')
    found = check_links.problems(tmp_path)
    assert len(found) == 5, found
    assert any("nope/index.html does not exist" in line for line in found)
    assert sum("no anchor #gone" in line for line in found) == 2
    assert any("outside host" in line for line in found)


def test_a_broken_link_is_named_by_its_source_and_the_nearest_existing_target(tmp_path):
    """A mistyped figure or anchor: the source .md and its line, and what was probably meant."""
    site, docs = tmp_path / "site", tmp_path / "docs"
    (docs / "supplement").mkdir(parents=True)
    (docs / "supplement" / "numerical_diff.md").write_text(
        "# 誤差\n\n本文\n\n![接線](figures/numerical_diff_l.svg)\n\n[交差エントロピー](../loss.md#cross-entropy-eror)\n")
    for name in ("figures/numerical_diff_1.svg", "figures/numerical_diff_2.svg", "loss/index.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text('<h2 id="cross-entropy-error">x</h2><h2 id="mean-squared-error">y</h2>')
    page = site / "supplement" / "numerical_diff" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<p>\n<img src="figures/numerical_diff_l.svg">\n<a href="../../loss/#cross-entropy-eror">x</a>')
    found = check_links.problems(site, docs=docs)
    assert found == [
        "docs/supplement/numerical_diff.md:5: supplement/numerical_diff/index.html:2: "
        "<img src='figures/numerical_diff_l.svg'>: supplement/numerical_diff/figures/numerical_diff_l.svg does not "
        "exist; nearest: figures/numerical_diff_2.svg, figures/numerical_diff_1.svg",
        "docs/supplement/numerical_diff.md:7: supplement/numerical_diff/index.html:3: "
        "<a href='../../loss/#cross-entropy-eror'>: no anchor #cross-entropy-eror in loss/index.html; "
        "nearest: cross-entropy-error"], found
    (docs / "supplement" / "numerical_diff.md").unlink()  # a page made otherwise is named as built
    assert check_links.problems(site, docs=docs)[0].startswith("supplement/numerical_diff/index.html:2: <img")


def test_a_mistyped_snippet_is_named_by_page_line_and_the_nearest_file_or_section():
    from scripts.pages.code_blocks import snippet_problem

    page = '# 微分\n\n```python\n--8<-- "dlcode/slides.py:function_1"\n```\n\n```python\n--8<-- "{}"\n```\n'
    assert snippet_problem(page.format("dlcode/diff.py"), "diff.md", ROOT) is None
    assert snippet_problem(page.format("dlcode/slide.py:numerical_diff"), "diff.md", ROOT).startswith(
        'docs/diff.md:8: snippet --8<-- "dlcode/slide.py:numerical_diff": dlcode/slide.py does not exist; '
        "nearest: dlcode/slides.py")  # the closest first
    assert snippet_problem(page.format("dlcode/slides.py:numerical_dif"), "diff.md", ROOT).startswith(
        'docs/diff.md:8: snippet --8<-- "dlcode/slides.py:numerical_dif": dlcode/slides.py has no section '
        "numerical_dif; nearest: numerical_diff")


def test_link_check_allows_links_into_the_site_s_repository_but_nothing_fetched_from_it(tmp_path):
    """A published page links its repository (to report an error, to its source: scripts/theme/main.html);
    only an <a> into that very repository is allowed, and only when the check is told it."""
    repository = "https://github.com/someone/chapter4"
    (tmp_path / "index.html").write_text(f'<a href="{repository}/issues/new?title=x">1</a>'
                                         f'<a href="{repository}-fork/blob/HEAD/docs/loss.md">2</a>'
                                         f'<img src="{repository}/raw/HEAD/a.png" alt="">')
    assert len(check_links.problems(tmp_path)) == 3
    found = check_links.problems(tmp_path, repository=repository + "/")
    assert len(found) == 2 and all("outside host" in line for line in found), found
    assert "chapter4-fork" in found[0] and "<img src=" in found[1]


def test_link_check_parses_only_changed_pages_and_finds_what_a_fresh_check_finds(tmp_path, monkeypatch):
    """Under `make serve` a rebuild re-parses only the pages whose bytes changed (.cache/links); a
    page changed to break a link, or to drop an anchor another page uses, is still reported."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    for name in "abc":
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(f'<h2 id="top">{name}</h2><a href="../a/#top">a</a><a href="../b/">b</a>')
    parsed = []
    monkeypatch.setattr(check_links, "Links", lambda text, Links=check_links.Links: parsed.append(text) or Links(text))

    def check():
        parsed.clear()
        pages = check_links.Pages(cache)
        found = check_links.problems(site, pages=pages)
        pages.save()
        assert found == check_links.problems(site)  # the same as a check with no cache
        return found, len(parsed) - 3  # less the 3 pages the check with no cache parsed

    assert check() == ([], 3)
    assert check() == ([], 0)
    (site / "a" / "index.html").write_text('<h2 id="start">a</h2><a href="../gone/">x</a>')
    found, fresh = check()
    assert fresh == 1 and len(found) == 3  # a's missing page; b and c link a's anchor it no longer has
    assert sum("no anchor #top in a/index.html" in line for line in found) == 2
    (site / "c" / "index.html").unlink()
    assert len(check()[0]) == 2
    assert len(json.loads(next(cache.glob("*.json")).read_text())) == 2  # the removed page's entry is gone


class ReferenceLinks(HTMLParser):
    """What the link check reads from a page, as Python's HTML parser finds it."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.ids, self.urls = set(), []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            elif name in check_links.URL_ATTRIBUTES and tag != "svg":
                values = [part.split()[0] for part in (value or "").split(",") if part.strip()] \
                    if name == "srcset" else [value or ""]
                self.urls.extend((tag, name, v, self.getpos()[0]) for v in values)


TRICKY_HTML = """<!DOCTYPE html><html><head><script>var s = '<a href="in-script">';</script>
<style>a[href="in-style"] {}</style><!-- <a href="in-comment"> --></head>
<body><A HREF="upper.html" ID=Top>x</A><a title="a > b" href='quoted.html?x=1&amp;y=2#f'>y</a>
<img srcset="a.png 1x, b.png 2x" src=plain.png><svg><a href="#in-svg"></a></svg>
<a name="named"><span data-x="1" data="d.bin"></span>
<p>text with href="not-a-tag" in it</p><script src="s.js"></script><a
  href="next-line.html">z</a></body></html>"""


@pytest.mark.parametrize("text", [TRICKY_HTML, *(path.read_text(encoding="utf-8") for path in sorted(SITE.rglob("*.html")))],
                         ids=["tricky", *(path.relative_to(SITE).as_posix() for path in sorted(SITE.rglob("*.html")))])
def test_link_check_reads_what_an_html_parser_reads(text):
    """The link check scans tags with a regular expression (fast on pages of KaTeX spans): it
    finds the same ids and references, on the same lines, as Python's HTML parser."""
    fast, reference = check_links.Links(text), ReferenceLinks(text)
    assert (fast.ids, fast.urls) == (reference.ids, reference.urls)
    assert fast.urls or text is not TRICKY_HTML


def test_link_check_takes_an_expected_file_as_made_and_only_that(tmp_path):
    """The link check runs alongside the zip step (scripts/build/graph.py): told to expect the zip,
    a link to it resolves; any other missing file is still broken."""
    (tmp_path / "index.html").write_text('<a href="downloads/site.zip">zip</a><a href="downloads/other.zip">x</a>')
    assert len(check_links.problems(tmp_path)) == 2
    found = check_links.problems(tmp_path, expected=("downloads/site.zip",))
    assert len(found) == 1 and "downloads/other.zip does not exist" in found[0]


def test_no_stylesheet_loads_from_an_outside_host():
    for css in SITE.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"(?i)(url\(\s*['\"]?|@import\s+['\"])(https?:)?//", text), css


def test_katex_stylesheet_and_every_font_it_names_are_served_by_the_site():
    css = SITE / "assets" / "katex" / "katex.min.css"
    fonts = re.findall(r"url\((fonts/[^)]+)\)", css.read_text(encoding="utf-8"))
    assert len(fonts) >= 20
    assert all((css.parent / font).is_file() for font in fonts)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: page_url(p))
def test_math_is_rendered_at_build_time(path):
    html = path.read_text(encoding="utf-8")
    assert "katex.min.js" not in html and "auto-render" not in html  # no math JavaScript
    assert "katex-error" not in html
    wrappers = re.findall(r'<(span|div) class="arithmatex">(.{0,40})', html, re.S)
    assert all(inner.startswith('<span class="katex') for _, inner in wrappers), wrappers[:3]
    for cell in re.findall(r'jp-RenderedMarkdown[^>]*>(.*?)</div>', html, re.S):
        text = re.sub(r"<code>.*?</code>|<annotation.*?</annotation>", "", cell, flags=re.S)
        assert "$" not in text, text[:200]


MKDOCS_PAGES = [p for p in PAGES if "slides" not in p.parts]  # the deck is Marp's (tests/test_slides*.py)


@pytest.mark.parametrize("path", MKDOCS_PAGES, ids=lambda p: page_url(p))
def test_math_assets_only_where_there_is_math_and_glightbox_only_where_something_zooms(path):
    """KaTeX's stylesheet (with its two main fonts preloaded) only on a page with a formula;
    glightbox's script and style only on a page with a figure or a notebook plot to open."""
    html = path.read_text(encoding="utf-8")
    has_math = 'class="katex"' in html
    assert ("katex.min.css" in html) == has_math
    preloads = re.findall(r'<link rel="preload" href="[^"]*/fonts/(KaTeX_[\w-]+\.woff2)" as="font"', html)
    assert preloads == (["KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2"] if has_math else [])
    zooms = 'class="glightbox"' in html or "jp-RenderedImage" in html
    assert ("glightbox.min.js" in html) == zooms and ("init-glightbox" in html) == zooms


@pytest.mark.parametrize("path", MKDOCS_PAGES, ids=lambda p: page_url(p))
def test_figures_keep_their_room_and_load_lazily_after_the_first(path):
    """Every figure and notebook plot has a width and a height in its own proportions (no layout
    shift while it loads); each one after the first on its page loads lazily."""
    from PIL import Image

    images = [image for image in parse(path).images
              if re.search(r"(^|/)(figures/[\w-]+\.(svg|png)|plot-[0-9a-f]{16}\.png)$", image.get("src") or "")]
    for number, image in enumerate(images):
        file = (path.parent / image["src"]).resolve()
        if file.suffix == ".png":
            with Image.open(file) as picture:
                ratio = picture.height / picture.width
        else:
            head = file.read_text(encoding="utf-8")[:2000]
            ratio = float(re.search(r'height="([\d.]+)pt"', head).group(1)) / float(re.search(r'width="([\d.]+)pt"', head).group(1))
        width, height = int(image["width"]), int(image["height"])
        assert abs(height - width * ratio) <= 1, (image["src"], width, height, ratio)
        assert (image.get("loading") == "lazy") == (number > 0), image["src"]
    assert "data:image/png" not in path.read_text(encoding="utf-8")


# the notebooks that draw (the exercise notebook has no plot)
@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "docs" / "notebooks").glob("*.py")
                                        if "plt." in p.read_text(encoding="utf-8")))
def test_notebook_plots_are_published_lighter_but_as_drawn(name):
    """The page's plots are the downloadable notebook's, in order and size, with a palette of 256
    colours (scripts/steps/notebook_images.py): under half the bytes, on average within a
    twentieth of a level of what matplotlib drew, and hardly a pixel off by more than 16 levels."""
    import base64
    import io

    import numpy as np
    from PIL import Image

    folder = SITE / "notebooks" / name
    notebook = json.loads((folder / f"{name}.ipynb").read_text(encoding="utf-8"))
    drawn = [base64.b64decode(output["data"]["image/png"]) for cell in notebook["cells"]
             for output in cell.get("outputs", []) if "image/png" in output.get("data", {})]
    shown = [folder / src for src in re.findall(r'src="(plot-[0-9a-f]{16}\.png)"', (folder / "index.html").read_text(encoding="utf-8"))]
    assert len(shown) == len(drawn) > 0
    for original, published in zip(drawn, shown):
        with Image.open(io.BytesIO(original)) as before, Image.open(published) as after:
            assert after.mode == "P" and after.size == before.size, published.name
            difference = np.abs(np.asarray(before.convert("RGB"), int) - np.asarray(after.convert("RGB"), int))
        assert published.stat().st_size < len(original) / 2, published.name
        assert difference.mean() < 0.05 and (difference.max(axis=2) > 16).mean() < 0.001, published.name


@pytest.mark.parametrize("path", [p for p in PAGES if "notebooks" not in p.parts],
                         ids=lambda p: page_url(p))
def test_images_have_alt_text(path):
    for image in parse(path).images:
        if "figures/" in (image.get("src") or ""):
            assert len(image.get("alt") or "") >= 10, image


def errata_table_links():
    errata = (SITE / "errata" / "index.html").read_text(encoding="utf-8")
    first_table = errata[errata.index("<table"):errata.index("</table>")]
    # Each row's section column is its first link; the description may link elsewhere.
    links = [re.search(r'<a href="([^"]+)"', row).group(1) for row in re.findall(r"<tr>(.*?)</tr>", first_table, re.S)
             if "<a href" in row]
    return [urlsplit(urljoin("/errata/", link)) for link in links]


def test_errata_page_lists_every_warning_note_and_only_real_ones():
    listed = {(parts.path, unquote(parts.fragment)) for parts in errata_table_links()}
    assert len(errata_table_links()) >= 14
    noted = set()
    for path in PAGES:
        for heading, text in parse(path).warnings:
            if "元のスライドとの違い" in text:
                noted.add((page_url(path).removesuffix("index.html"), heading))
    assert noted, "no 元のスライドとの違い notes found"
    assert noted - listed == set(), "notes missing from errata.md"
    assert listed - noted == set(), "errata.md rows whose section has no note"
    errata = (SITE / "errata" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>(.*?)</tr>", errata[errata.index("<table"):errata.index("</table>")], re.S)[1:]
    numbers = [re.sub(r"<[^>]+>", "", re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[0]).strip() for row in rows]
    assert numbers == [str(n) for n in range(1, len(rows) + 1)], "errata.md: the first table's rows are numbered 1, 2, …"


def test_notebook_pages_have_no_inlined_jupyterlab_css_and_offer_the_ipynb():
    for name in ["descent", "network", "digits"]:
        html = (SITE / "notebooks" / name / "index.html").read_text(encoding="utf-8")
        assert "--jp-shadow-base-lightness" not in html
        assert f'href="{name}.ipynb" download' in html
        assert (SITE / "notebooks" / name / f"{name}.ipynb").is_file()


RAW_TEX = re.compile(r"\\[()\[\]]|\$[^$\s][^$]*\$|\\(?:frac|eta|delta|partial|nabla|sum|begin|text|left|times)\b")


class VisibleText(HTMLParser):
    """Texts a reader sees outside the article's rendered math: the page title, navigation and
    table of contents entries, image alt texts and link titles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._depth = [], 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "title":
            self._in_title = True
        if self._depth or (tag == "a" and "md-nav__link" in classes):
            self._depth += 1
        for name in ("alt", "title", "aria-label"):
            if attrs.get(name):
                self.texts.append(attrs[name])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._in_title or self._depth:
            self.texts.append(data)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: page_url(p))
def test_no_raw_tex_in_titles_navigation_alt_texts_or_link_titles(path):
    parser = VisibleText()
    parser.feed(path.read_text(encoding="utf-8"))
    assert parser.texts
    assert [text for text in parser.texts if RAW_TEX.search(text)] == []


def test_no_raw_tex_in_search_titles_or_snippets():
    docs = json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    found = []
    for doc in docs:
        text = re.sub(r"<pre>.*?</pre>|<code>.*?</code>", "", doc["text"], flags=re.S)  # code keeps its $
        found += [(doc["location"], match) for match in RAW_TEX.findall(doc["title"] + " " + text)]
    assert found == []
    assert any("η" in doc["text"] for doc in docs)  # formulas became text, not nothing


def test_plain_text_math_reads_like_the_formula():
    from scripts.steps.render_math import tex_to_text

    assert tex_to_text(r"\frac {\delta{f}}{\delta{x_0}}") == "δf/δx₀"
    assert tex_to_text(r"x_0^2 + x_1^2") == "x₀² + x₁²"
    assert tex_to_text(r"3 \times 10^{15}") == "3 ×10¹⁵"


def test_code_back_references_link_to_their_page_and_are_left_out_on_it():
    """dlcode docstrings end with `ページ: docs/x.md`; on the site that is a link, or nothing on x itself."""
    linked = 0
    for path in PAGES:
        html = path.read_text(encoding="utf-8")
        this_page = "docs/" + path.relative_to(SITE).parent.as_posix().strip(".") + ".md"
        for references in re.findall(r'<span class="sd">\s*ページ: (.*?)</span>', html):
            plain = re.sub(r"<a [^>]*>.*?</a>", "", references)
            assert "docs/" not in plain, (path, references)
            assert this_page not in references, (path, references)
            linked += references.count("<a href=")
    assert linked >= 10


MIRRORED = ("loss", "diff", "gradient", "descent", "learning", "advanced")
BEYOND_THE_SLIDES = ("supplement/learning_from_data", "supplement/minibatch", "supplement/numerical_diff",
                     "supplement/gradient_more", "supplement/network_class", "notebooks/two_layer_net", "summary",
                     "notebooks/descent", "notebooks/network", "notebooks/digits")


def article_links(page):
    """The pages an <article> links to, as folder paths such as 'supplement/numerical_diff'."""
    path = SITE / page / "index.html"
    text = path.read_text(encoding="utf-8")
    article = text[text.index("<article"):text.index("</article>")]
    return {urljoin(page_url(path), unquote(href)).split("#")[0].strip("/").removesuffix("/index.html")
            for href in re.findall(r'<a [^>]*href="([^"]+)"', article)}


@pytest.mark.parametrize("target", BEYOND_THE_SLIDES)
def test_every_supplement_and_notebook_is_linked_from_the_home_page_and_a_mirrored_page(target):
    assert target in article_links(""), "not in the home page's 読み方"
    assert any(target in article_links(page) for page in MIRRORED), "no mirrored page links it"


def test_the_navigation_follows_the_chapter_with_the_supplements_marked():
    """The order itself is held against the book's sections by tests/test_reading_order.py; here, on the
    built page: every supplement is marked 補足 in the navigation."""
    nav = re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>',
                     (SITE / "index.html").read_text(encoding="utf-8"), re.S)
    titles = {href.strip("./").removesuffix("/"): title for href, title in nav}
    for page in ("supplement/learning_from_data", "supplement/minibatch", "supplement/numerical_diff",
                 "supplement/gradient_more", "supplement/network_class", "summary"):
        assert titles[page].startswith("補足: "), page
