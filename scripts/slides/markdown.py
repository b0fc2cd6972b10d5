"""The corrected deck as Marp Markdown: slide text with its corrections marked, code from
dlcode, the drawn figures sized for a 4:3 slide, and front matter for Marp."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.slides import SlidesError, deck  # noqa: E402
from scripts.slides.code import Session, slide_code  # noqa: E402
from scripts.slides import added  # noqa: E402
from scripts.slides import notes as presenter  # noqa: E402
from scripts.slides.corrections import PARTIAL, correction_targets, note_url  # noqa: E402
from scripts.pages.figure_sizes import natural_size  # noqa: E402
from scripts.steps.render_math import spaced  # noqa: E402

CONTENT_WIDTH = 820  # px inside gaia's 4:3 frame (960 px less 2 × 70 px padding)
LOST_IMAGE = re.compile(r"!\[([^\]]*)\]\(\./03_learning/(\w+)\.png\)")


FENCE = re.compile(r"^```(\w*)\n(.*?)^```[ \t]*$", re.S | re.M)
BLOCK_MATH = re.compile(r"^\$\$\n.*?^\$\$[ \t]*$", re.S | re.M)
STYLE = """\
section {
  font-family: -apple-system, BlinkMacSystemFont, "Hiragino Sans", "Hiragino Kaku Gothic ProN",
    "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", Meiryo, "IPAexGothic", sans-serif;
  font-size: 26px;
  word-break: auto-phrase; /* Japanese lines break between phrases (文節), as on the pages (Chromium) */
  padding-top: 50px; /* gaia's 70 px: the room goes to the content, the 訂正 marks sit above the heading */
}
section h3, section h4 { font-size: 34px; } /* one title size */
section pre, section code {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "IPAexGothic", monospace;
}
section pre code { font-size: 20px; line-height: 1.2; } /* gaia: 0.7 em, 18.2 px; code is read from the back of the room too */
section table img { display: block; margin: 0 auto; }
/* A slide with a figure of its own: the figure takes the height the text leaves. */
section.figure { display: flex; flex-direction: column; }
section.figure > p:has(> img:only-child) { flex: 1 1 0; min-height: 0; margin: 0.3em 0 0; text-align: center; }
section.figure > p > img:only-child { max-width: 100%; max-height: 100%; object-fit: contain; }
/* 24 px: formulas in a cell are 1.21 times that, their second-level indices half of it, 14.5 px */
section table { font-size: 24px; }
section table th, section table td { padding-top: 0.1em; padding-bottom: 0.1em; }
/* The 「訂正」 marks: in the slide's top-right corner, above the heading, on one line. */
section .marks { position: absolute; top: 12px; right: 40px; white-space: nowrap; word-break: keep-all; }
section p:has(> .marks:only-child) { margin: 0; height: 0; }
a[title^="訂正"] {
  font-size: 18px; font-weight: bold; text-decoration: none; margin-left: 0.4em;
  padding: 0.15em 0.5em; border-radius: 0.3em; background: #c62828; color: #fff;
}
section .marks .added {
  font-size: 18px; font-weight: bold; padding: 0.15em 0.5em; border-radius: 0.3em; background: #1f6fb4; color: #fff;
}
footer { font-size: 18px; }
footer a { color: inherit; }
"""


# Matrices of fractions get taller rows, as on the pages, but less: a slide has a fixed height.
DECK_ARRAY_STRETCH = 1.3
SLIDE_FIGURE = "slide_{}"  # dlcode.figures draws each of the deck's figures again at the size the slide shows it


def convert_images(text, figures, prefix, alts):
    """The lost ./03_learning/*.png become the figures drawn for the slide, shown at their own size
    (Marp's `w:` keyword), so that their text is as large as dlcode.figures.SLIDE_STYLE makes it.
    Classic Marp's per-cent sizes (`![80%]`) are for the lost images and dropped."""
    def convert(match):
        name = SLIDE_FIGURE.format(match.group(2))
        text, end = match.string, match.string.find("\n", match.end())
        line = text[text.rfind("\n", 0, match.start()) + 1:end if end >= 0 else len(text)]
        if "|" not in line and any(figures.glob(f"{name}_alone.*")):
            name += "_alone"  # drawn for a slide where it is alone under the text, not in a table's cell
        figure = next((p for p in sorted(figures.glob(f"{name}.*")) if p.suffix in (".svg", ".png")), None)
        if figure is None:
            raise SlidesError(f"no figure {name} in {figures}")
        alt = alts.get(match.group(2), match.group(2))
        width = min(round(natural_size(figure)[0]), CONTENT_WIDTH)
        return f"![{alt} w:{width}px]({prefix}{figure.name})"

    return LOST_IMAGE.sub(convert, text)


def compact_rows(formula):
    """An empty row between two lines of a formula (`\\\\ \\\\`) becomes a small gap: on a slide of a fixed height
    the formulas in display size need the room."""
    return re.sub(r"\\\\[ \t]*\n?[ \t]*\\\\[ \t]*\n", lambda _: "\\\\[0.6em]\n", formula)


def display_matrices(formula):
    """Fractions inside a matrix in display size (\\dfrac), as large as the formulas around them:
    in text style a matrix of derivatives shrinks to 0.7 of them and its indices to 0.5."""
    def display(array):
        if "\\frac" not in array:
            return array
        return array.replace("\\frac", "\\dfrac").replace("\\\\\n", "\\\\[0.8em]\n")  # rows apart, as their fractions are tall
    return re.sub(r"\\begin\{array\}.*?\\end\{array\}", lambda m: display(m.group(0)), formula, flags=re.S)


def figure_alts(docs=ROOT / "docs"):
    """The pages' alt texts of the figures: {figure name: alt}."""
    alts = {}
    for page in deck.MIRROR_PAGES:
        for alt, name in re.findall(r"!\[([^\]]+)\]\(figures/(\w+)\.\w+\)", (docs / page).read_text(encoding="utf-8")):
            alts.setdefault(name, alt.replace("[", "").replace("]", ""))
    return alts


def in_note(text, position):
    """Whether ``position`` is inside a hidden comment (a presenter note)."""
    return text.rfind("<!--", 0, position) > text.rfind("-->", 0, position)


def marks_line(links, for_site):
    """The slide's 「訂正」 marks, in one place: the style sets them in the slide's top-right corner,
    on one line; the hand-out (plain Marp, no HTML) has them on a line under the heading."""
    return f'<span class="marks">{" ".join(links)}</span>' if for_site else "".join(links)


def _token(number):
    return f"\ue000{number}\ue001"  # a placeholder for a mark, from the Private Use Area


TOKEN = re.compile("\ue000(\\d+)\ue001")


def slide_markdown(slide, section, corrections, session, figures, prefix, link_prefix, alts, extra=""):
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
    # One mark per note on a slide, all in one place, numbered in the order the corrections come when
    # several. A correction inside a presenter note is said there, where the presenter reads it.
    tokens = sorted(TOKEN.finditer(text), key=lambda m: m.start())
    shown = list(dict.fromkeys(notes[int(t.group(1))] for t in tokens if not in_note(text, t.start())))
    said = list(dict.fromkeys(notes[int(t.group(1))] for t in tokens if in_note(text, t.start())))
    for token in reversed(tokens):
        hidden = in_note(text, token.start())
        text = text[:token.start()] + text[token.end():]
        if hidden:
            end = text.find("\n", token.start())
            end = len(text) if end < 0 else end
            text = text[:end] + "（訂正）" + text[end:]
    links = []
    for number, note in enumerate(shown, start=1):
        label = "訂正" if len(shown) == 1 else f"訂正 {number}"
        links.append(f"［{label}］" if link_prefix is None else
                     f'[{label}]({note_url(note, link_prefix)} "訂正: {note[1].replace("$", "")}（ページの注へ）")')
    if links:
        heading = re.search(r"^#+ .*$", text, re.M)
        text = text[:heading.end()] + "\n\n" + marks_line(links, link_prefix is not None) + "\n" + text[heading.end():]
    # The presenter note (scripts/slides/notes.py) takes the deck's own hidden note in, as plain text.
    own = [comment.strip() for comment in re.findall(r"<!--(.*?)-->", text, re.S)]
    text = re.sub(r"\n?<!--.*?-->", "", text, flags=re.S)
    labels = [(f"訂正" if len(shown) == 1 else f"訂正 {number}", presenter.change(note))
              for number, note in enumerate(shown, start=1)]
    labels += [("訂正（元のメモ）", presenter.change(note)) for note in said]
    text += (f"\n\n{extra}" if extra else "") + "\n\n<!--\n" + presenter.presenter_note(*presenter.talk(slide), labels, own) + "\n-->\n"
    text = BLOCK_MATH.sub(lambda m: "$$\n" + display_matrices(compact_rows(spaced(m.group(0)[3:-2].strip("\n"), DECK_ARRAY_STRETCH)))
                          + "\n$$", text)
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
                              "../" if for_site else None, alts, added.cover(added.site_url()) if slide.number == 1 else "")
        if for_site:
            page = section.page.removesuffix(".md").removesuffix("index")
            body = f'<!-- _footer: "[ページで読む]({"../" + (page + "/" if page else "")}#{section.anchor})" -->\n\n' + body
        parts.append(body)
        if slide.number == added.AGENDA_AFTER:
            parts.append(added_slide(added.agenda(path), "agenda"))
    parts.append(added_slide(added.SUMMARY, "summary"))
    return front_matter(directives) + "\n\n---\n\n".join(parts) + "\n"


def added_slide(markdown, name):
    """A slide the presented deck adds, marked 補足, with its presenter note."""
    return added.marked(markdown) + "\n\n<!--\n" + presenter.presenter_note(*presenter.ADDED_TALKS[name], []) + "\n-->\n"
