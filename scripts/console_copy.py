"""What the copy button of a console example (```pycon) gives: only the input lines, without
the `>>> ` and `... ` prompts and without the printed output, so that the text pasted into
`python` (or a file) runs. Material copies an ancestor's `data-copy` attribute when there is one.
Called by scripts/mkdocs_hooks.py for each page.
"""
import html as html_lib
import re

CONSOLE_BLOCK = re.compile(r'<div class="language-pycon highlight">(<pre>.*?</pre>)</div>', re.S)
TAG = re.compile(r"<[^>]+>")


def input_lines(console):
    """The code typed in a doctest-style console transcript, ready to paste: prompts dropped,
    output dropped, and a blank line after each indented block (the REPL needs it)."""
    lines, in_block = [], False
    for line in console.splitlines():
        if line.startswith(">>> ") or line == ">>>":
            if in_block:
                lines.append("")
            code = line[4:]
            in_block = code.rstrip().endswith(":")
            lines.append(code)
        elif line.startswith("... ") and lines:
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
