"""Make the built site's search index answer what learners type.

The site's own search worker (docs/assets/javascripts/search-worker.js) reads this index; it folds
and cuts index and query alike. Here, at build:

- Formulas in titles and text become plain text (η, x₀²), never TeX.
- The 「スライドで見る」 link text, which every mirrored section carries, leaves the text.
- An exercise's section is a result of its own, tagged 練習問題 (Material shows the tag beside it),
  its score scaled down (`scale`): a word finds the page that teaches it before an exercise on it.
- Each entry gets its page's weight: the supplementary pages, notebooks, the home page, the errata
  list and the source listings rank after the pages that mirror the slides (a supplement still comes first for
  a term only it teaches: it is in its headings and its text).
- SYNONYMS, the one table of the book's and common words for the site's, goes to the worker.

    python scripts/steps/search_index.py SITE_DIR
"""
import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.build.outputs import write_atomically  # noqa: E402
from scripts.pages import terms  # noqa: E402
from scripts.pages.slide_links import LINK_TEXT  # noqa: E402
from scripts.steps.render_math import CODE_SPAN, plain_text_math  # noqa: E402

# Words a learner may type (the book's, common or variant spellings) and the site's, group by group:
# a query word containing one member also matches the others. The site's word comes first. The
# chapter's terms come from the one table of them (scripts/pages/terms.py).
SYNONYMS = terms.synonym_groups()

# The navigation marks the supplementary pages (not from the slides) and a hands-on notebook among
# them with a prefix ("補足: X"); in the index the page keeps its own title X and the mark becomes a
# tag, which Material shows beside the result.
MARKS = ("補足", "ハンズオン")
# An exercise's heading is "<id>: <title>" (scripts/pages/exercises.py): its result is marked with this tag.
EXERCISE_TITLE = re.compile(r"^[a-z]+(?:-[a-z]+)*-[0-9]+: ")  # loss-1, numerical-diff-2
EXERCISE_TAG = "練習問題"
EXERCISES_ANCHOR = "exercises"  # the section introducing a page's exercises (scripts/pages/exercises.py)
# Page weights (the worker multiplies a page's score by its weight); the mirrored pages weigh 1.
# The home page and the errata list speak about the site and name every topic in passing. The chapter's
# summary restates every page in a line or two, each linking the page that teaches it, and the glossary
# names every term once: each is found by its title, and otherwise after the pages that teach.
WEIGHTS = ((re.compile(r"^supplement/"), 0.3), (re.compile(r"^notebooks/"), 0.3),
           (re.compile(r"^(errata/|#|$)"), 0.3), (re.compile(r"^summary/"), 0.05), (re.compile(r"^source/"), 0.25),
           (re.compile(r"^glossary/"), 0.2),
           (re.compile(r"^exercises/"), 0.1))  # the list of exercises: their titles, which name every topic
EXERCISE_SCALE = 0.1  # an exercise entry's score, relative to the other entries of its page
# Material's lunr settings, which the site's worker does not use.
UNUSED_CONFIG = ("pipeline", "fields")


def check_synonyms(groups):
    """Each word in one group only, none empty; returns the groups as lists."""
    seen = {}
    for group in groups:
        for word in group:
            if not word.strip():
                raise ValueError(f"an empty word in the synonym group {group}")
            if word in seen:
                raise ValueError(f"{word!r} is in two synonym groups: {seen[word]} and {group}")
            seen[word] = group
    return [list(group) for group in groups]


def weight(location):
    return next((value for pattern, value in WEIGHTS if pattern.search(location)), 1)


def tune(index):
    for doc in index["docs"]:
        doc["title"] = plain_text_math(doc["title"], escaped=True)
        for mark in MARKS:
            if doc["title"].startswith(f"{mark}: "):
                doc["title"] = doc["title"].removeprefix(f"{mark}: ")
                doc["tags"] = [mark]
        exercise = EXERCISE_TITLE.match(doc["title"])
        if exercise:
            doc["tags"] = [EXERCISE_TAG]
        text = terms.VARIANTS_LIST.sub("", doc["text"].replace(f"<p>{LINK_TEXT}</p>", ""))
        pieces = CODE_SPAN.split(text)  # code keeps its $ and backslashes
        pieces[::2] = [plain_text_math(piece, escaped=True) for piece in pieces[::2]]
        doc["text"] = "".join(pieces).strip()
        doc.pop("boost", None)
        if weight(doc["location"]) != 1:
            doc["boost"] = weight(doc["location"])
        # it uses the words of the topics it asks about: the pages teaching them come first. So does a
        # page's introduction to its exercises, whose heading names the page (a supplement's: 「…なぜ損失関数か」)
        if exercise or doc["location"].endswith(f"#{EXERCISES_ANCHOR}"):
            doc["scale"] = EXERCISE_SCALE
    for key in UNUSED_CONFIG:
        index["config"].pop(key, None)
    index["config"]["synonyms"] = check_synonyms(SYNONYMS)
    return index


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    args = parser.parse_args(argv)
    path = args.site / "search" / "search_index.json"
    if not path.exists():
        print(f"search: FAILED: {path} is missing (is the search plugin on?)", file=sys.stderr)
        return 1
    try:
        index = tune(json.loads(path.read_text(encoding="utf-8")))
    except ValueError as error:
        print(f"search: FAILED: {error}", file=sys.stderr)
        return 1
    write_atomically(path, json.dumps(index, ensure_ascii=False, separators=(",", ":")))
    print(f"search: {len(index['docs'])} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
