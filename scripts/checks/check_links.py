"""Check every link, anchor and embedded resource of a built site, raw HTML included, and report
all broken ones at once (a page may have several). References to outside hosts count as broken:
the site makes no request that leaves it.

    python scripts/checks/check_links.py SITE_DIR [--site-url URL] [--expect FILE ...]

With --site-url (set under `mkdocs serve`, whose pages link to themselves at the server's address)
links under that address are checked as local ones.
"""
import argparse
import html
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

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


@lru_cache(maxsize=None)
def parse(path):
    return Links(path.read_text(encoding="utf-8"))


def _target(site, url_path):
    target = site / unquote(url_path).lstrip("/")
    return target / "index.html" if url_path.endswith("/") or target.is_dir() else target


def problems(site, site_url=None, expected=()):
    """Every broken reference in the site, as 'page:line: tag attr="url": why' strings. A link to
    a file in ``expected`` (made by a step running alongside) resolves."""
    site = site.resolve()
    expected = {site / name for name in expected}
    found = []
    root = urlsplit(site_url).path.rstrip("/") + "/" if site_url else "/"  # where the site lives on its host
    for path in sorted(site.rglob("*.html")):
        base = "/" + path.relative_to(site).as_posix()
        for tag, attribute, value, line in parse(path).urls:
            where = f"{path.relative_to(site)}:{line}: <{tag} {attribute}={value!r}>"
            if site_url and value.startswith(site_url):
                value = root + value[len(site_url):].lstrip("/")
            if OUTSIDE.match(value.strip()):
                found.append(f"{where}: refers to an outside host")
                continue
            if not value or value.startswith(("data:", "mailto:", "javascript:", "blob:")):
                continue
            parts = urlsplit(urljoin(base, value))
            if parts.scheme or parts.netloc:
                found.append(f"{where}: refers to an outside host")
                continue
            if value.startswith("/") and root != "/":  # an absolute path on the host (the 404 page's)
                if not parts.path.startswith(root):
                    found.append(f"{where}: outside the site's path {root}")
                    continue
                parts = parts._replace(path="/" + parts.path[len(root):])
            target = _target(site, parts.path) if parts.path else path
            if target in expected:
                continue
            if not target.is_file():
                found.append(f"{where}: {target.relative_to(site) if target.is_relative_to(site) else target} "
                             "does not exist")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parse(target).ids:
                found.append(f"{where}: no anchor #{unquote(parts.fragment)} in {target.relative_to(site)}")
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--site-url", default=os.environ.get("SITE_URL") or None,
                        help="the address the site is served from, if it links to itself (default $SITE_URL)")
    parser.add_argument("--expect", action="append", default=[], metavar="FILE",
                        help="a file of the site that a step running alongside makes: links to it resolve")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.error(f"not a folder: {args.site}")
    broken = problems(args.site, args.site_url, args.expect)
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
