"""The notebook pages' plots as image files beside each page: mkdocs-jupyter writes every plot
into its page as base64, so a page of several plots weighs hundreds of KiB that no browser can
cache or defer. Each becomes plot-<hash>.png (named by its bytes: identical builds, identical
names) with its size, and every plot after the first loads lazily. The downloadable .ipynb keeps
its plots inside, as matplotlib drew them.

Each plot is published with a palette (scripts/build/png.py). The smaller files are kept in
.cache/notebook-images, named by the plot, Pillow's version and these scripts, so that an edit of
a page does not quantize them again.

    python scripts/steps/notebook_images.py SITE_DIR
"""
import argparse
import base64
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.build import png  # noqa: E402
from scripts.build.outputs import ByContent, write_atomically  # noqa: E402

INLINE_PNG = re.compile(r'<img\b(?P<before>[^>]*?)\ssrc="data:image/png;base64,(?P<data>[A-Za-z0-9+/=\s]+)"(?P<after>[^>]*)>')
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CACHE = ROOT / ".cache" / "notebook-images"


def smaller():
    """png.palette_png once per plot, cached in .cache/notebook-images by Pillow's version and
    the code that makes it."""
    from PIL import __version__ as pillow

    key = f"{pillow}\n".encode() + Path(__file__).read_bytes() + Path(png.__file__).read_bytes()
    return ByContent(CACHE, png.palette_png, key, ".png")


def extract(page_html, folder, shrink):
    """The page with its inline plots written into ``folder`` (each through ``shrink``); returns
    (html, number of plots)."""
    written = []

    def to_file(match):
        data = base64.b64decode(match.group("data"))
        if not data.startswith(PNG_SIGNATURE):
            raise ValueError("an inline image that is not a PNG")
        data = shrink(data)
        name = f"plot-{hashlib.sha256(data).hexdigest()[:16]}.png"
        if not (folder / name).exists() or (folder / name).read_bytes() != data:
            write_atomically(folder / name, data)
        attributes = re.sub(r'\s(?:width|height)="[^"]*"', "", match.group("before") + match.group("after"))
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        lazy = ' loading="lazy"' if written else ""
        written.append(name)
        return f'<img{attributes} src="{name}" width="{width}" height="{height}"{lazy} decoding="async">'

    return INLINE_PNG.sub(to_file, page_html), len(written)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    args = parser.parse_args(argv)
    total = 0
    cached = smaller()
    try:
        for page in sorted(args.site.glob("notebooks/*/index.html")):
            text, count = extract(page.read_text(encoding="utf-8"), page.parent, cached)
            if count:
                write_atomically(page, text)
            total += count
    except ValueError as error:
        print(f"notebook images: FAILED: {page.relative_to(args.site)}: {error}", file=sys.stderr)
        return 1
    cached.prune()
    print(f"notebook images: {total} plots written beside their pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
