"""How code blocks read on the site. Called by scripts/mkdocs_hooks.py for each page.

- The copy button of a console example (```pycon) gives only the input lines, without the `>>> `
  and `... ` prompts and the printed output, so that the text pasted into `python` (or a file)
  runs. Material copies an ancestor's `data-copy` attribute when there is one.
- A mistyped snippet (`--8<--`) is named by page and line with the nearest file or section.
- A dlcode docstring's `ページ: docs/x.md` line (the page that teaches the code) becomes a link to
  that page, and is left out on the very page it names.
"""
import html as html_lib
import re

CONSOLE_BLOCK = re.compile(r'<div class="language-pycon highlight">(<pre>.*?</pre>)</div>', re.S)
TAG = re.compile(r"<[^>]+>")
SNIPPET = re.compile(r'^\s*--8<-- "([^":]+)(?::([^"]+))?"', re.M)


def input_lines(console):
    """The code typed in a doctest-style console transcript, ready to paste: prompts dropped,
    output dropped, and a blank line after each indented block (the REPL needs it)."""
    lines, in_block = [], False
    for line in console.splitlines():
        if line.startswith(">>> ") or line == ">>>":
            if in_block:
                lines.append("")
            in_block = False
            lines.append(line[4:])
        elif line.startswith("... ") and lines:
            # an indented continuation is a block's body (a `for ...:  # comment` ends in no colon);
            # a blank line after a continued call does no harm
            in_block = in_block or line[4:5].isspace()
            lines.append(line[4:])
    if in_block:
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def add_copy_text(page_html):
    """Give each console example's wrapper a data-copy attribute with its input lines."""
    def with_copy(match):
        console = html_lib.unescape(TAG.sub("", match.group(1)))
        text = html_lib.escape(input_lines(console), quote=True).replace("\n", "&#10;")
        return f'<div class="language-pycon highlight" data-copy="{text}">{match.group(1)}</div>'

    return CONSOLE_BLOCK.sub(with_copy, page_html)


LINE_ANCHOR = r'<a id="__codelineno-[^"]+" name="[^"]+" href="[^"]+"></a>'
PAGE_REFERENCE = re.compile(rf'({LINE_ANCHOR}\n)?({LINE_ANCHOR})<span class="sd">(\s*)ページ: ([^<]+)</span>\n')


def link_page_references(page_html, this_page, urls):
    """``urls`` maps a page's source (docs/x.md) to its URL relative to this page."""
    if "ページ: " not in page_html:
        return page_html  # most pages: no docstring shown (the pattern is slow to rule out)
    def reference(match):
        blank, anchor, indent, named = match.groups()
        pages = [name.strip() for name in named.split(",")]
        if pages == [this_page]:
            return ""  # the reader is on it
        links = ", ".join(name if name == this_page or name not in urls else f'<a href="{urls[name]}">{name}</a>'
                          for name in pages)
        return f'{blank or ""}{anchor}<span class="sd">{indent}ページ: {links}</span>\n'

    return PAGE_REFERENCE.sub(reference, page_html)


def snippet_problem(markdown, source, root):
    """What is wrong with the first snippet the page ``source`` includes (pymdownx.snippets), as
    'source.md:line: ...' with the nearest existing files or sections, or None. pymdownx names the
    path alone, not the page, the line or what was meant. ``root``: the folder snippets are read from."""
    from scripts.checks.check_links import nearest

    for match in SNIPPET.finditer(markdown):
        name, section = match.groups()
        where = f"docs/{source}:{markdown.count(chr(10), 0, match.start()) + 1}: snippet {match.group(0).strip()}"
        path = root / name
        if not path.is_file():
            folder = path.parent if path.parent.is_dir() else root
            existing = [p.relative_to(root).as_posix() for p in sorted(folder.glob(f"*{path.suffix}")) if p.is_file()]
            return f"{where}: {name} does not exist{nearest(name, existing)}"
        if section:
            sections = re.findall(r"--8<-- \[start:([^\]]+)\]", path.read_text(encoding="utf-8"))
            if section not in sections:
                return f"{where}: {name} has no section {section}{nearest(section, sections)}"
    return None
