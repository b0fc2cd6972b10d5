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
from scripts.build.outputs import write_atomically  # noqa: E402

INLINE_PNG = re.compile(r'<img\b(?P<before>[^>]*?)\ssrc="data:image/png;base64,(?P<data>[A-Za-z0-9+/=\s]+)"(?P<after>[^>]*)>')
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CACHE = ROOT / ".cache" / "notebook-images"


class Smaller:
    """png.palette_png through .cache/notebook-images; ``prune()`` drops what this run did not use."""

    def __init__(self):
        from PIL import __version__ as pillow

        self.key = hashlib.sha256(f"{pillow}\n".encode() + Path(__file__).read_bytes() + Path(png.__file__).read_bytes()).digest()
        self.used = set()

    def __call__(self, data):
        path = CACHE / f"{hashlib.sha256(self.key + data).hexdigest()[:20]}.png"
        self.used.add(path)
        try:
            return path.read_bytes()
        except FileNotFoundError:  # never made, or pruned meanwhile by a build of other plots
            pass
        smaller = png.palette_png(data)
        CACHE.mkdir(parents=True, exist_ok=True)
        write_atomically(path, smaller)
        return smaller

    def prune(self):
        for path in CACHE.glob("*.png"):
            if path not in self.used:
                path.unlink(missing_ok=True)  # (or pruned by another build meanwhile)


def extract(page_html, folder, smaller):
    """The page with its inline plots written into ``folder`` (each through ``smaller``); returns
    (html, number of plots)."""
    written = []

    def to_file(match):
        data = base64.b64decode(match.group("data"))
        if not data.startswith(PNG_SIGNATURE):
            raise ValueError("an inline image that is not a PNG")
        data = smaller(data)
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
    smaller = Smaller()
    try:
        for page in sorted(args.site.glob("notebooks/*/index.html")):
            text, count = extract(page.read_text(encoding="utf-8"), page.parent, smaller)
            if count:
                write_atomically(page, text)
            total += count
    except ValueError as error:
        print(f"notebook images: FAILED: {page.relative_to(args.site)}: {error}", file=sys.stderr)
        return 1
    smaller.prune()
    print(f"notebook images: {total} plots written beside their pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
