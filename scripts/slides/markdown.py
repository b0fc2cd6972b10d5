"""The corrected deck as Marp Markdown: slide text with its corrections marked, code from
dlcode, the drawn figures sized for a 4:3 slide, and front matter for Marp."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.slides import SlidesError, deck  # noqa: E402
from scripts.slides.code import Session, slide_code  # noqa: E402
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
