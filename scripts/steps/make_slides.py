"""Build the presentable deck: the study notes' Marp deck as an HTML slide show for site/slides/,
with the figures that scripts/steps/make_figures.py draws, the code from dlcode, and the errors fixed.

- Slide text: the deck itself (tests/data/slides.md, read through scripts/slides/deck.py), because the
  deck is what its author presents; the pages add notes and examples around the same text.
- Code: each function on a slide is replaced by the dlcode snippet region its page section
  includes; every other line is the deck's own, run at build in one session that goes through
  the deck in order, and its `->` results are what that code returns today (never typed).
- Figures: the lost `./03_learning/*.png` become the figures in --figures; classic image options
  (`![center 80%](...)`) become Marp's sizing syntax (`![w:…px]`).
- Corrections (scripts/slides/corrections.py): each error listed on the errata page is fixed on its slide and marked
  with a small 「訂正」 link to the note that explains it; typos are fixed. A correction whose text
  the deck no longer has stops the build, naming it.
- Classic directives become front matter. Every slide has a presenter note (scripts/slides/notes.py: what to
  say, what is asked, what each 「訂正」 changed and why), the deck's own hidden notes in it as plain text.
- Added slides (scripts/slides/added.py), marked 補足: an agenda, a summary, the site's address and QR code on the cover.
- Each slide's footer links back to the page section that mirrors it.

Outputs in --out: index.html (Marp's bespoke slide show; KaTeX fonts from the site's
assets/katex/fonts, no request leaves the site) and chapter4-slides.zip (the Marp Markdown with
its figures, to keep editing in Marp). A build step (scripts/build/graph.py): made again when an input changed
(the deck, dlcode, what the deck takes from the pages, the figures, scripts/slides/, the npm
packages' versions).
`--pdf FILE` also prints the deck to PDF with the system Chromium (make slides-pdf).

    python scripts/steps/make_slides.py [--out DIR] [--figures DIR] [--pdf FILE]
"""
import argparse
import json
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.slides import SlidesError, added, deck  # noqa: E402
from scripts.slides.marp import FILES, build, pdf  # noqa: E402
from scripts.slides.markdown import figure_alts  # noqa: E402

DEFAULT_OUT = ROOT / ".cache" / "slides"  # published by the MkDocs hook as slides/
DEFAULT_FIGURES = ROOT / ".cache" / "figures"


def items(docs=ROOT / "docs"):
    """One item, the deck. Of the pages it reads only each slide's section (page, anchor, the
    snippet regions it includes) and the figures' alt texts, so that editing a page's prose does
    not make the deck again."""
    from scripts.build.graph import Item  # the runner's, not needed to make anything

    sections = {number: [section.page, section.anchor, re.findall(r'--8<-- "([^"]+)"', section.text)]
                for number, section in deck.mirrored_sections(docs).items()}
    return {"slides": Item(files=FILES, data=json.dumps([sections, figure_alts(docs)], sort_keys=True, ensure_ascii=False))}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default .cache/slides)")
    parser.add_argument("--figures", type=Path, default=DEFAULT_FIGURES, help="drawn figures (default .cache/figures)")
    parser.add_argument("--pdf", type=Path, help="also print the deck to this PDF file (needs Chromium)")
    args = parser.parse_args(argv)
    out, figures = args.out.resolve(), args.figures.resolve()
    try:
        if args.pdf:
            chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
            if not chromium:
                raise SlidesError("Chromium is needed for the PDF: apt-get install chromium (or set CHROMIUM)")
            pdf(args.pdf.resolve(), figures, chromium)
            print(f"slides: wrote {args.pdf} ({added.count()} pages)")
            return 0
        out.mkdir(parents=True, exist_ok=True)
        build(out, figures)
        print(f"slides: built {added.count()} slides")
    except SlidesError as error:
        print(f"slides: FAILED: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
