"""Figures on a page get their size: width and height attributes from the drawn file, so that the
browser keeps their room while they load (no layout shift), and every figure after the first
loads lazily (a phone fetches only what it scrolls to). Called by scripts/pages/transform.py."""
import re
from pathlib import Path

FIGURE = re.compile(r'<img\b(?P<attributes>[^>]*?\bsrc="(?:\.\./)*figures/(?P<name>[\w-]+\.(?:svg|png))"[^>]*?)\s*/?>')


def natural_size(figure):
    """(width, height) in CSS px: an SVG's size in pt; a PNG is drawn at 1.5 × its CSS size."""
    figure = Path(figure)
    if figure.suffix == ".svg":
        head = figure.read_text(encoding="utf-8")[:2000]
        return tuple(float(re.search(rf'{side}="([\d.]+)pt"', head).group(1)) * 4 / 3 for side in ("width", "height"))
    with open(figure, "rb") as stream:
        header = stream.read(24)
    return int.from_bytes(header[16:20], "big") / 1.5, int.from_bytes(header[20:24], "big") / 1.5


def add_sizes(page_html, figures):
    """``figures``: the folder of drawn figures. A figure already given a width keeps it."""
    seen = []

    def sized(match):
        attributes = match.group("attributes")
        if re.search(r'\sheight="', attributes):
            return match.group(0)
        if not (figures / match.group("name")).is_file():
            return match.group(0)  # the link check names it
        width, height = natural_size(figures / match.group("name"))
        shown = re.search(r'\swidth="(\d+)"', attributes)
        shown_width = int(shown.group(1)) if shown else round(width)
        attributes = re.sub(r'\swidth="\d+"', "", attributes)
        lazy = ' loading="lazy"' if seen else ""
        seen.append(match.group("name"))
        return f'<img{attributes} width="{shown_width}" height="{round(shown_width * height / width)}"{lazy} decoding="async">'

    return FIGURE.sub(sized, page_html)
