"""The presentable deck (scripts/steps/make_slides.py, scripts/slides/): generated from the deck, dlcode and the figures,
with every correction still matching the deck's text, deterministic, cached, and printable.

The slide show itself is driven in Chromium by tests/test_slides_browser.py.
"""
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.slides import SlidesError, added, corrections, deck, markdown, marp  # noqa: E402
from scripts.steps import make_slides  # noqa: E402

from dlcode import slides, slides_corrected  # noqa: E402

FIGURES = ROOT / ".cache" / "figures"  # drawn by make site, which make test runs first
SLIDES = deck.slides()


@pytest.fixture(scope="module")
def site_markdown():
    return markdown.deck_markdown(FIGURES, for_site=True)


@pytest.fixture(scope="module")
def handout_markdown():
    return markdown.deck_markdown(FIGURES, for_site=False)


def split(markdown, everything=False):
    """(front matter, [slide text]) of generated Marp Markdown: the deck's slides (in the deck's order,
    as its numbers), or ``everything`` presented, the added slides too."""
    _, front, body = markdown.split("---\n", 2)
    parts = body.split("\n---\n")
    return front, parts if everything else [parts[added.presented_number(s.number) - 1] for s in SLIDES]


# --- corrections --------------------------------------------------------------------------------

def test_every_correction_still_matches_the_decks_text():
    targets = corrections.correction_targets()
    assert len(targets) == len(corrections.CORRECTIONS)
    for correction, slide in targets:
        assert slide.text.count(correction.find) == correction.count, correction


def test_a_correction_the_deck_no_longer_has_stops_the_build(tmp_path):
    edited = tmp_path / "slides.md"
    text = deck.DECK.read_text(encoding="utf-8")
    assert "numerical_diff(function_1, -10))" in text
    edited.write_text(text.replace("numerical_diff(function_1, -10))", "numerical_diff(function_1, -10)"), encoding="utf-8")
    with pytest.raises(SlidesError, match=r"slide 10 \(微分\(数値微分：実装\)\).*-10\)\).* 0 times"):
        corrections.correction_targets(path=edited)


def test_every_error_on_the_errata_page_is_corrected_on_the_deck():
    """Each 元のスライドとの違い note names an error; the deck fixes each one (and links to it)."""
    notes = {(page.name, title) for page in (ROOT / "docs").glob("*.md")
             for title in re.findall(r'^!!! warning "元のスライドとの違い: (.+)"$', page.read_text(encoding="utf-8"), re.M)}
    corrected = {c.note for c in corrections.CORRECTIONS if c.note} | {corrections.PARTIAL}
    assert corrected == notes


def test_each_correction_is_marked_with_a_link_to_its_note(site_markdown):
    _, parts = split(site_markdown)
    for correction, slide in corrections.correction_targets():
        if correction.note is None:
            continue
        url = corrections.note_url(correction.note, "../")
        if correction.heading == "ニューラルネットワークの学習(まとめ)":  # the fix is in a presenter note
            assert "(テストデータ)（訂正）" in parts[slide.number - 1]
        else:
            assert re.search(rf"\[訂正(?: \d)?\]\({re.escape(url)} ", parts[slide.number - 1]), (slide.number, correction.note)


def test_corrected_text_replaces_the_decks(site_markdown):
    _, parts = split(site_markdown)
    for correction, slide in corrections.correction_targets():
        if correction.block:
            continue
        # (the symbol is corrected too; a matrix's fractions are in display size)
        part = parts[slide.number - 1].replace("\\partial", "\\delta").replace("\\dfrac", "\\frac")
        part = re.sub(r"\[訂正[^\]]*\]\([^)]*\)", "", part)  # (a mark's title names the error,
        part = re.sub(r"話すこと：.*?(?=元のスライドのメモ：|-->)", "", part, flags=re.S)  # the presenter note says what changed)
        assert correction.find not in part or correction.find in correction.replace, correction
        assert correction.replace.replace("\\partial", "\\delta") in part, correction
    assert "\\delta" not in site_markdown  # partial derivatives use \partial throughout


def test_the_typos_listed_on_the_errata_page_are_fixed(site_markdown):
    """Each 表記・誤字 row whose written form the slide has (e.g. に置ける) is gone from the deck."""
    _, parts = split(site_markdown)
    errata = (ROOT / "docs" / "errata.md").read_text(encoding="utf-8").split("## 表記・誤字")[1]
    checked = 0
    for row in re.findall(r"^\| (.+?) \| (.+?) \| (.+?) \|$", errata, re.M)[2:]:
        headings = re.findall(r"\[([^\]]+)\]\(\w+\.md#", row[0])
        for slide in SLIDES:
            if slide.heading not in headings and not (headings and slide is SLIDES[-1] and "(advanced.md#" in row[0]):
                continue
            for written in (w.strip().strip("$") for w in row[1].split("／")):
                if written and written in slide.text and written not in row[2]:  # (対し → に対し)
                    assert written not in parts[slide.number - 1], (slide.number, written)
                    checked += 1
    assert checked >= 7


# --- structure ----------------------------------------------------------------------------------

def test_classic_directives_become_front_matter(site_markdown):
    front, parts = split(site_markdown)
    directives, _ = deck.read()
    assert f"theme: {directives['theme']}\n" in front and f"size: {directives['size']}\n" in front
    assert "paginate: true\n" in front
    assert "$theme" not in site_markdown and "page_number" not in site_markdown


def test_every_mark_on_a_slide_opens_its_own_note_and_several_are_numbered(site_markdown):
    _, parts = split(site_markdown)
    for number, part in enumerate(parts, start=1):
        marks = re.findall(r"\[(訂正(?: \d)?)\]\(([^ )]+)", part)
        urls = [url for _, url in marks]
        assert len(urls) == len(set(urls)), (number, marks)  # no two marks open the same note
        labels = sorted(label for label, _ in marks)
        assert labels == (["訂正"] if len(marks) == 1 else [f"訂正 {i}" for i in range(1, len(marks) + 1)]), (number, labels)
    assert any(len(re.findall(r"\[訂正 \d\]", part)) == 2 for part in parts)  # slide 5 has two


def test_deck_order_and_headings(site_markdown):
    _, parts = split(site_markdown)
    assert len(parts) == len(SLIDES) == 33 and len(split(site_markdown, everything=True)[1]) == added.count() == 35
    for slide, part in zip(SLIDES, parts):
        heading = re.search(r"^(#+) (.+)$", part, re.M)
        assert (len(heading.group(1)), heading.group(2)) == (slide.level, corrections.presented_heading(slide))


def test_every_slide_has_one_presenter_note_with_each_correction_explained(site_markdown):
    """scripts/slides/notes.py: what to say, what is asked, each 訂正 of the slide explained by its label;
    the deck's own hidden notes kept inside as plain text (no Markdown shown to the presenter)."""
    from scripts.slides import notes

    _, parts = split(site_markdown)
    for slide, part in zip(SLIDES, parts):
        comments = [c for c in re.findall(r"<!--(.*?)-->", part, re.S) if not re.match(r"\s*_\w+:", c)]
        assert len(comments) == 1, slide.number
        (note,) = comments
        said, asked = notes.talk(slide)
        assert f"話すこと：{said}" in note and f"よくある質問：{asked}" in note
        labels = re.findall(r"\[(訂正(?: \d)?)\]\(", part)
        assert re.findall(r"^(訂正(?: \d)?)：", note, re.M) == labels, slide.number
        for comment in slide.comments:
            assert notes.plain(comment).splitlines()[0] in note, slide.number
        assert not re.search(r"^\s*(#+ |- )", note, re.M), slide.number  # no raw Markdown
    assert "・データの分離(テストデータ)（訂正）" in parts[-1] and "訂正（元のメモ）：" in parts[-1]


def test_a_correction_in_the_decks_hidden_memo_is_made_in_the_note_not_on_the_slide(site_markdown):
    """The deck hides its last slide's memo from the audience (「入門には不要」), and 「データの分離(教師データ)」 is
    only there: the presented slide shows neither a 訂正 badge for it nor the memo, the presenter note corrects it in
    the memo's copy and says why, and errata.md says why the slide does not."""
    from scripts.slides import notes

    _, parts = split(site_markdown)
    hidden = [(c, slide) for c, slide in corrections.correction_targets()
              if c.note and c.find not in slide.visible and any(c.find in comment for comment in slide.comments)]
    assert [(c.find, slide.number) for c, slide in hidden] == [("データの分離(教師データ)", len(SLIDES))]
    (correction, slide), = hidden
    part = parts[slide.number - 1]
    shown = re.sub(r"<!--.*?-->", "", part, flags=re.S)
    assert "訂正" not in shown and correction.replace not in shown and correction.find not in shown
    note = re.findall(r"<!--(.*?)-->", part, re.S)[-1]
    assert f"・{correction.replace}（訂正）" in note and f"訂正（元のメモ）：{notes.change(correction.note)}" in note
    assert "聴き手には見せない" in notes.change(correction.note)
    errata = (ROOT / "docs" / "errata.md").read_text(encoding="utf-8").split("## 誤り")[0]
    assert f"非表示のメモの中の誤り（「{correction.find}」）は、スライドには印も直した文も出さず" in errata


def test_a_note_on_the_wrong_slide_stops_the_build(monkeypatch):
    from scripts.slides import notes

    talks = list(notes.TALKS)
    talks[3] = (4, *talks[4][1:])  # slide 4 given the next slide's note
    monkeypatch.setattr(notes, "TALKS", tuple(talks))
    with pytest.raises(SlidesError, match=r"slide 4 \(損失関数\(２乗和誤差\)\) has the note of '損失関数\(２乗和誤差：実装\)'"):
        notes.check()


def test_lost_images_become_drawn_figures_with_marp_sizes(site_markdown):
    _, parts = split(site_markdown)
    assert "03_learning" not in site_markdown
    for slide, part in zip(SLIDES, parts):
        lost = [(name, "|" in line) for line in slide.text.splitlines()
                for name in re.findall(r"\./03_learning/(\w+)\.png", line)]
        drawn = re.findall(r"!\[[^\]]* w:(\d+)px\]\(\.\./figures/(\w+)\.(?:svg|png)\)", part)
        # drawn for the slide; for its room when alone under the text (slide_<name>_alone) if there is such a drawing
        assert [name for _, name in drawn] == [markdown.SLIDE_FIGURE.format(name) + (
            "" if in_table or not list(FIGURES.glob(f"slide_{name}_alone.*")) else "_alone") for name, in_table in lost]
        assert all(0 < int(width) <= markdown.CONTENT_WIDTH for width, _ in drawn)
    assert "slide_graph_two_variable_function_alone.png" in parts[11] and "_alone" not in parts[19] + parts[24]  # slides 12, 20, 25


def test_each_slide_links_back_to_its_section(site_markdown):
    _, parts = split(site_markdown)
    sections = deck.mirrored_sections()
    for slide, part in zip(SLIDES, parts):
        section = sections[slide.number]
        page = "" if section.page == "index.md" else section.page.removesuffix(".md") + "/"
        assert f'<!-- _footer: "[ページで読む](../{page}#{section.anchor})" -->' in part


def test_the_handout_has_no_site_links_and_keeps_the_marks(handout_markdown):
    assert "../" not in handout_markdown and "_footer" not in handout_markdown
    assert len(re.findall(r"［訂正(?: \d)?］", handout_markdown)) >= len({c.heading for c in corrections.CORRECTIONS if c.note}) - 1


# --- code: dlcode regions and results computed at build --------------------------------------------

def code_blocks(part):
    return re.findall(r"^```\w*\n(.*?)^```", part, re.S | re.M)


def test_functions_on_the_deck_are_dlcode_regions(site_markdown):
    _, parts = split(site_markdown)
    shown = 0
    for part in parts:
        for block in code_blocks(part):
            for name in re.findall(r"^def (\w+)\(", block, re.M):
                source = slides_corrected if name in ("_numerical_gradient", "numerical_gradient") else slides
                path = Path(source.__file__)
                regions = re.findall(r"# --8<-- \[start:(\w+)\]\n(.*?)\s*# --8<-- \[end:\1\]", path.read_text(encoding="utf-8"), re.S)
                assert any(re.search(rf"^def {name}\(", text, re.M) and text.strip() in block for _, text in regions), name
                shown += 1
    assert shown == 12  # every def on the deck's slides


def results(part):
    return re.findall(r"^(.+)\n-> (.+)$", part, re.M)


def test_results_are_what_the_code_returns(site_markdown):
    _, parts = split(site_markdown)
    t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    y2 = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    y7 = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])  # the corrected example: sums to 1
    assert results(parts[4]) == [("mean_squared_error(y, t)", repr(slides.mean_squared_error(y2, t))),
                                 ("mean_squared_error(y, t)", repr(slides.mean_squared_error(y7, t)))]
    assert results(parts[6])[1] == ("cross_entropy_error(y, t)", repr(slides.cross_entropy_error(y7, t)))
    assert results(parts[9]) == [(f"numerical_diff(function_1, {x})", repr(slides.numerical_diff(slides.function_1, x)))
                                 for x in (5, 15, -10)]
    # the corrected numerical_gradient of the slide, not the previous slide's _numerical_gradient
    assert results(parts[18]) == [(f"numerical_gradient(function_2, np.array({p}))",
                                   repr(slides_corrected.numerical_gradient(slides.function_2, np.array(p))))
                                  for p in ([3.0, 4.0], [0.0, 2.0])]


def test_the_result_slide_shows_what_the_previous_slides_code_prints(site_markdown, capsys):
    _, parts = split(site_markdown)
    slides.run_gradient_descent_loop()
    printed = capsys.readouterr().out.splitlines()
    (block,) = code_blocks(parts[22])
    assert block.splitlines() == [*printed[:5], "...", *printed[-5:]]
    assert "[訂正](../descent/#note-" in parts[22]


# --- files: determinism, cache, hand-out, PDF -------------------------------------------------------

def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "steps" / "make_slides.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)


def test_two_builds_give_identical_bytes(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = run("--out", out)
        assert result.returncode == 0, result.stderr
        assert "slides: built 35 slides" in result.stdout
    for name in marp.FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_the_deck_is_made_again_when_what_it_reads_of_the_pages_changes_not_for_prose(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    key = make_slides.items(docs)["slides"].data
    page = docs / "gradient.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("となる。", "となる（書き足した文）。", 1), encoding="utf-8")
    assert make_slides.items(docs)["slides"].data == key  # prose: the deck does not read it
    page.write_text(text.replace("## 勾配(実装①)", "## 勾配(実装①)\n\n## 挿入した節", 1), encoding="utf-8")
    assert make_slides.items(docs)["slides"].data != key  # a new heading takes the slide section's code away
    page.write_text(text.replace('--8<-- "dlcode/slides.py:function_2"', '--8<-- "dlcode/slides.py:function"'),
                    encoding="utf-8")
    assert make_slides.items(docs)["slides"].data != key  # another snippet region on a slide's section


def test_the_site_publishes_the_deck():
    site = ROOT / "site" / "slides"
    for name in marp.FILES:
        assert (site / name).read_bytes() == (ROOT / ".cache" / "slides" / name).read_bytes(), name


def test_the_slide_show_loads_nothing_from_outside():
    html = (ROOT / "site" / "slides" / "index.html").read_text(encoding="utf-8")
    assert "fonts.bunny.net" not in html and "cdn.jsdelivr" not in html and "googleapis" not in html
    urls = re.findall(r"""(?:src|href)=["']?(https?://[^"' >]+)""", html) + re.findall(r"url\(['\"]?(https?://[^)'\"]+)", html)
    assert urls == []
    assert "url('../assets/katex/fonts/KaTeX_Main-Regular.woff2')" in html
    assert (ROOT / "site" / "assets" / "katex" / "fonts" / "KaTeX_Main-Regular.woff2").is_file()


def test_the_slide_show_has_the_presenter_notes():
    html = (ROOT / "site" / "slides" / "index.html").read_text(encoding="utf-8")
    shown = dict(re.findall(r'<div class="bespoke-marp-note" data-index="(\d+)"[^>]*>(.*?)</div>', html, re.S))
    assert sorted(int(i) + 1 for i in shown) == list(range(1, added.count() + 1))  # every slide, added ones too
    assert all("話すこと：" in note and "よくある質問：" in note for note in shown.values())
    assert "データの分離(テストデータ)（訂正）" in shown[str(added.presented_number(SLIDES[-1].number) - 1)]
    assert "###" not in html.split('<div class="bespoke-marp-note"', 1)[1]  # the deck's note is plain text


def test_the_handout_zip_has_the_markdown_and_its_figures(tmp_path):
    data = (ROOT / "site" / "slides" / f"{marp.HANDOUT}.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(tmp_path)
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
    markdown = (tmp_path / marp.HANDOUT / "slides.md").read_text(encoding="utf-8")
    images = re.findall(r"\]\((figures/[\w.]+)\)", markdown)
    assert len(images) == len(re.findall(r"\./03_learning/", deck.DECK.read_text(encoding="utf-8"))) and all((tmp_path / marp.HANDOUT / image).is_file() for image in images)
    # Marp itself (without this site's engine) converts it: it is plain Marp Markdown.
    result = subprocess.run([str(marp.MARP), "--no-stdin", str(tmp_path / marp.HANDOUT / "slides.md"),
                             "-o", str(tmp_path / "out.html")], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.html").read_text(encoding="utf-8").count('<section id="') == added.count()


def test_slides_pdf_has_35_pages_with_their_text_and_notes(tmp_path):
    import pypdf

    pdf = tmp_path / "deck.pdf"
    result = run("--pdf", pdf)
    assert result.returncode == 0, result.stderr
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == added.count() == 35
    for slide in SLIDES:
        page = reader.pages[added.presented_number(slide.number) - 1]
        assert corrections.presented_heading(slide) in page.extract_text(), slide.number
        notes = [annotation.get_object() for annotation in page.get("/Annots", [])]  # --pdf-notes: the note
        assert any("話すこと：" in str(note.get("/Contents", "")) for note in notes), slide.number


def test_a_failing_deck_names_what_failed(tmp_path, monkeypatch):
    figures = tmp_path / "figures"
    shutil.copytree(FIGURES, figures)
    (figures / "slide_numerical_diff_2.svg").unlink()
    result = run("--out", tmp_path / "out", "--figures", figures)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"slides: FAILED: no figure slide_numerical_diff_2 in {figures}"]
    assert not (tmp_path / "out" / "index.html").exists()


def test_the_slide_show_controls_speak_japanese():
    html = (ROOT / "site" / "slides" / "index.html").read_text(encoding="utf-8")
    for english, japanese in marp.CONTROLS_JA:
        assert english not in html and japanese in html
    english = " ".join(original for original, _ in marp.CONTROLS_JA)
    assert "Next slide" not in marp.japanese_controls(english)
    with pytest.raises(SlidesError, match="no longer has the control text 'Next slide'"):
        marp.japanese_controls(english.replace("Next slide", "Next"))  # a Marp upgrade renamed it


# --- slides the deck adds: cover address, agenda, summary -----------------------------------------------

def test_added_slides_are_marked_and_the_agenda_lands_on_its_parts(site_markdown):
    _, parts = split(site_markdown, everything=True)
    agenda, summary = parts[added.AGENDA_AFTER], parts[-1]
    for part in (agenda, summary):
        assert f'<span class="added">{added.ADDED_MARK}</span>' in part and "_footer" not in part
    assert sum(added.ADDED_MARK in part for part in parts) == 2
    starts = [int(n) for n in re.findall(r"（スライド (\d+)〜\d+）", agenda)]
    for heading, number in zip(re.findall(r"^\d\. (.+?)（", agenda, re.M), starts, strict=True):
        assert re.search(rf"^### {re.escape(heading)}$", parts[number - 1], re.M), (heading, number)
    assert len(starts) == len([s for s in SLIDES if s.level == 3]) == 5
    for words in ("損失関数", "中心差分", "勾配", r"W \leftarrow W - \eta \dfrac{\partial L}{\partial W}", "5 章 誤差逆伝播法"):
        assert words in summary, words


def test_the_cover_shows_the_sites_address_and_its_qr_code_only_when_published(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    _, parts = split(markdown.deck_markdown(FIGURES, for_site=True), everything=True)
    assert "ゼロから作るDeep Learning" in parts[0] and "4 章" in parts[0]
    assert "サイト：" not in parts[0] and "data:image" not in parts[0]
    monkeypatch.setenv("SITE_URL", "https://example.github.io/chapter4/")
    _, parts = split(markdown.deck_markdown(FIGURES, for_site=True), everything=True)
    assert "サイト：https://example.github.io/chapter4/" in parts[0]
    (uri,) = re.findall(r"\]\((data:image/png;base64,[^)]+)\)", parts[0])
    import base64

    assert base64.b64decode(uri.split(",", 1)[1]).startswith(b"\x89PNG")
