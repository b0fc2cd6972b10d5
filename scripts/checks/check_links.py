"""Check every link, anchor and embedded resource of a built site, raw HTML included, and report
all broken ones at once (a page may have several). References to outside hosts count as broken:
the site makes no request that leaves it.

    python scripts/checks/check_links.py SITE_DIR [--site-url URL] [--repository URL] [--expect FILE ...]

With --site-url (set under `mkdocs serve`, whose pages link to themselves at the server's address)
links under that address are checked as local ones. With --repository (the published site's, from
$REPO_URL), links into it are allowed: each page's error report and source. What a page defines and refers to is kept in
.cache/links by the page's bytes, this script's code and Python's version: a rebuild parses only
the pages it changed. A broken link is named by the page's source in docs/ and its line there
(where the page has one), and by the nearest existing file or anchor, as a mistyped name needs.
"""
import argparse
import difflib
import hashlib
import html
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
from scripts.build.outputs import write_atomically  # noqa: E402

CACHE = ROOT / ".cache" / "links"
DOCS = ROOT / "docs"

URL_ATTRIBUTES = {"href", "src", "action", "poster", "data", "srcset"}
OUTSIDE = re.compile(r"(?i)^(https?:)?//")


# A scanner of start tags, twice as fast as html.parser on pages of KaTeX spans; it
# finds what html.parser finds (tests/test_site_html.py compares them on every built page): comments
# and the text of <script> and <style> are not markup, attribute names are lower case, values unescaped.
MARKUP = re.compile(r"""<!--.*?(?:-->|\Z)|<([a-zA-Z][^\s/>]*)((?:[^>"']+|"[^"]*"|'[^']*')*)>""", re.S)
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
RAW_TEXT = {"script", "style"}
MAY_MATTER = re.compile(r"(?i)(?:id|name|href|src|action|poster|data|srcset)\s*=")  # most tags have none


class Links:
    """The ids (and names) a page defines and the URLs it refers to: (tag, attribute, url, line)."""

    def __init__(self, text):
        self.ids, self.urls = set(), []
        position, line, counted = 0, 1, 0
        while match := MARKUP.search(text, position):
            position = match.end()
            tag, attributes = match.groups()
            if tag is None:  # a comment
                continue
            tag = tag.lower()
            if MAY_MATTER.search(attributes):
                line += text.count("\n", counted, match.start())
                counted = match.start()
                self.start_tag(tag, attributes, line)
            if tag in RAW_TEXT and not attributes.rstrip().endswith("/"):
                end = re.compile(rf"</{tag}\s*>", re.I).search(text, position)
                position = end.end() if end else len(text)

    def start_tag(self, tag, attributes, line):
        for name, *values in ATTRIBUTE.findall(attributes):
            name = name.lower()
            value = next((v for v in values if v), "")
            value = html.unescape(value) if "&" in value else value
            if name in ("id", "name") and value:
                self.ids.add(value)
            elif name in URL_ATTRIBUTES and tag != "svg":
                parts = [part.split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
                self.urls.extend((tag, name, part, line) for part in parts)


class Pages:
    """Each page's (ids, urls), parsed once per run; with a ``cache`` folder, also kept there by
    the page's bytes, this script's code and Python's version, so that only new bytes are parsed.
    ``save()`` keeps what this run read and drops the rest."""

    def __init__(self, cache=None):
        self.pages, self.known, self.used = {}, {}, {}
        self.file = None
        if cache is not None:
            code = Path(__file__).read_bytes() + sys.version.encode()  # html.unescape is Python's
            self.file = cache / f"{hashlib.sha256(code).hexdigest()[:16]}.json"
            try:
                self.known = json.loads(self.file.read_text(encoding="utf-8"))
            except (FileNotFoundError, ValueError):  # none yet, or cut short by a killed build
                pass

    def __call__(self, path):
        if path not in self.pages:
            data = path.read_bytes()
            key = hashlib.sha256(data).hexdigest()
            if key not in self.known:
                links = Links(data.decode("utf-8"))
                self.known[key] = [sorted(links.ids), links.urls]
            self.used[key] = ids, urls = self.known[key]
            self.pages[path] = set(ids), [tuple(url) for url in urls]
        return self.pages[path]

    def save(self):
        if self.file is None:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.file, json.dumps(self.used, sort_keys=True, ensure_ascii=False))
        for old in self.file.parent.glob("*.json"):  # made by an older version of this script
            if old != self.file:
                old.unlink(missing_ok=True)


def _target(site, url_path):
    target = site / unquote(url_path).lstrip("/")
    return target / "index.html" if url_path.endswith("/") or target.is_dir() else target


def source_of(page, docs=DOCS):
    """The file in ``docs`` a built page (relative to the site) was made from: a Markdown page or a
    notebook's jupytext source; None for a page made otherwise (the theme's 404 page, the deck)."""
    if page.name != "index.html":
        return None
    stem = page.parent.as_posix()
    names = ["index.md"] if stem == "." else [f"{stem}.md", f"{stem}/index.md", f"{stem}.py"]
    return next((docs / name for name in names if (docs / name).is_file()), None)


def source_line(source, value):
    """The first line of ``source`` that names ``value`` as written, else its anchor, else its
    file's name (a page links ``loss.md#x`` where the HTML says ``../loss/#x``); else 1."""
    path, _, fragment = value.partition("#")
    name = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    lines = source.read_text(encoding="utf-8").splitlines()
    for wanted in (value, f"#{fragment}" if fragment else "", name if name not in ("", "..", ".") else ""):
        if wanted:
            number = next((number for number, line in enumerate(lines, 1) if wanted in line), None)
            if number:
                return number
    return 1


def nearest(wanted, existing):
    """The names closest to a mistyped one (up to three, the closest first), as a hint, or ''."""
    found = difflib.get_close_matches(wanted, existing, n=3, cutoff=0.6)
    return f"; nearest: {', '.join(found)}" if found else ""


def problems(site, site_url=None, expected=(), pages=None, docs=DOCS, repository=None):
    """Every broken reference in the site, as 'source.md:line: page:line: tag attr="url": why'
    strings (without a source in ``docs``, 'page:line: ...'). A link to a file in ``expected``
    (made by a step running alongside) resolves. ``pages``: a ``Pages`` (by default one without
    a cache). A link (<a href>, which a reader follows, never fetched by the page) into
    ``repository``, the site's repository, is allowed: reporting an error, the page's source."""
    parse = pages or Pages()
    site = site.resolve()
    expected = {site / name for name in expected}
    root = urlsplit(site_url).path.rstrip("/") + "/" if site_url else "/"  # where the site lives on its host
    located = {}  # URL path -> (file, whether it is one)
    files = {}  # suffix -> the site's files with it, for the nearest to a missing one

    def why(path, base, value):
        """What is wrong with ``value`` on the page ``path`` (at ``base``), or None."""
        if site_url and value.startswith(site_url):
            value = root + value[len(site_url):].lstrip("/")
        if OUTSIDE.match(value.strip()):
            return "refers to an outside host"
        if not value or value.startswith(("data:", "mailto:", "javascript:", "blob:")):
            return None
        parts = urlsplit(urljoin(base, value))
        if parts.scheme or parts.netloc:
            return "refers to an outside host"
        if value.startswith("/") and root != "/":  # an absolute path on the host (the 404 page's)
            if not parts.path.startswith(root):
                return f"outside the site's path {root}"
            parts = parts._replace(path="/" + parts.path[len(root):])
        if not parts.path:  # on the page itself
            target, is_file = path, True
        else:
            if parts.path not in located:  # many pages link the same file
                target = _target(site, parts.path)
                located[parts.path] = target, target.is_file()
            target, is_file = located[parts.path]
        if target in expected:
            return None
        if not is_file:
            if not target.is_relative_to(site):
                return f"{target} does not exist"
            missing = target.relative_to(site).as_posix()
            if target.suffix not in files:
                files[target.suffix] = [p.relative_to(site).as_posix() for p in site.rglob(f"*{target.suffix}")]
            return f"{missing} does not exist{nearest(missing, files[target.suffix])}"
        if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parse(target)[0]:
            ids = parse(target)[0]
            return f"no anchor #{unquote(parts.fragment)} in {target.relative_to(site)}" \
                   f"{nearest(unquote(parts.fragment), sorted(ids))}"
        return None

    into_repository = repository.rstrip("/") + "/" if repository else None
    found, known = [], {}  # (page, value) -> why
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site)
        base = "/" + name.as_posix()
        for tag, attribute, value, line in parse(path)[1]:
            if into_repository and tag == "a" and value.startswith(into_repository):
                continue
            if (base, value) not in known:
                known[base, value] = why(path, base, value)
            if known[base, value]:
                source = source_of(name, docs)
                where = f"{source.relative_to(docs.parent).as_posix()}:{source_line(source, value)}: " if source else ""
                found.append(f"{where}{name}:{line}: <{tag} {attribute}={value!r}>: {known[base, value]}")
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--site-url", default=os.environ.get("SITE_URL") or None,
                        help="the address the site is served from, if it links to itself (default $SITE_URL)")
    parser.add_argument("--repository", default=os.environ.get("REPO_URL") or None,
                        help="the site's repository, which its pages may link (default $REPO_URL)")
    parser.add_argument("--expect", action="append", default=[], metavar="FILE",
                        help="a file of the site that a step running alongside makes: links to it resolve")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.error(f"not a folder: {args.site}")
    pages = Pages(CACHE)
    broken = problems(args.site, args.site_url, args.expect, pages, repository=args.repository)
    pages.save()
    if broken:
        print(f"links: FAILED: {len(broken)} broken: " + " | ".join(broken[:3])
              + (" | ..." if len(broken) > 3 else ""), file=sys.stderr)
        for line in broken:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("links: all resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
