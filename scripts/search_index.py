"""Make the built site's search index answer what learners type.

- Formulas in titles and snippets become plain text (η, x₀²), never TeX.
- Full-width letters and digits are their ASCII forms (２乗 is 2乗), and the book's 二乗 is 2乗
  too; assets/javascripts/site.js folds the typed query the same way (keep NORMALISE in step).
  Other characters stay as written (① is not 1), since the index text is also what results show.
- The supplementary pages, then the hands-on notebooks, rank after the pages that mirror the
  slides and teach the term, and the
  entry that stands for a whole page (it holds only the title) ranks before its sections. Pages
  whose word the ranking still misses carry it as a search keyword (`tags:` in their front matter).

    python scripts/search_index.py SITE_DIR
"""
import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from outputs import write_atomically  # noqa: E402
from render_math import CODE_SPAN, plain_text_math  # noqa: E402

NORMALISE = {"二乗": "2乗"}  # also in assets/javascripts/site.js
# The supplementary pages (not from the slides) and their notebook rank after the mirrored pages
# and the other notebooks. Lunr counts every occurrence of a term (no length normalisation), and a
# supplementary page that discusses a slide's term at length would otherwise come first.
BOOSTS = {re.compile(r"^notebooks/"): 0.5, re.compile(r"^(supplement|notebooks/two_layer_net)/"): 0.002}


FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def normalise(text):
    text = text.translate(FULL_WIDTH)
    for variant, form in NORMALISE.items():
        text = text.replace(variant, form)
    return text


PAGE_BOOST = 20


def tune(index):
    for doc in index["docs"]:
        if "#" not in doc["location"]:
            doc["boost"] = PAGE_BOOST
        doc["title"] = normalise(plain_text_math(doc["title"]))
        pieces = CODE_SPAN.split(doc["text"])  # code keeps its $ and backslashes
        pieces[::2] = [plain_text_math(piece) for piece in pieces[::2]]
        doc["text"] = normalise("".join(pieces))
        for pattern, boost in BOOSTS.items():
            if pattern.search(doc["location"]):
                doc["boost"] = boost
    return index


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    args = parser.parse_args(argv)
    path = args.site / "search" / "search_index.json"
    if not path.exists():
        print(f"search: FAILED: {path} is missing (is the search plugin on?)", file=sys.stderr)
        return 1
    index = tune(json.loads(path.read_text(encoding="utf-8")))
    write_atomically(path, json.dumps(index, ensure_ascii=False, separators=(",", ":")))
    print(f"search: {len(index['docs'])} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
