"""Render every formula of a built site with the pinned KaTeX, in place (build-time math: the
pages ship KaTeX's CSS and fonts, and no math JavaScript).

Formulas come from pymdownx.arithmatex wrappers (Markdown pages) and from `$`/`$$` in notebook
Markdown cells. One Node run renders all of them (those rendered before come from .cache/math); a
formula KaTeX rejects fails the step, named with its page, and no page is written. Where no HTML can go (the search index's titles and
snippets), `plain_text_math` gives formulas as plain text (η, ∂L/∂W, x₀²) instead of TeX.

    python scripts/steps/render_math.py SITE_DIR
"""
import argparse
import hashlib
import html as html_lib
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.build.outputs import write_atomically  # noqa: E402

RENDER_MJS = Path(__file__).with_name("render_math.mjs")

# pymdownx.arithmatex (generic) leaves \( \) and \[ \] in these wrappers; notebook Markdown
# cells keep $ and $$.
ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
NOTEBOOK_MARKDOWN = re.compile(r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^>]*>)(.*?)(</div>)', re.S)
DOLLAR_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$", re.S)
CODE_SPAN = re.compile(r"(<code>.*?</code>|<pre>.*?</pre>)", re.S)
PLACEHOLDER = re.compile(r"\x00MATH(\d+)\x00")


class MathError(Exception):
    pass


def _arithmatex_formula(match):
    wrapper, body = match.group(1), html_lib.unescape(match.group(2)).strip()
    display = wrapper == "div"
    opening, closing = ("\\[", "\\]") if display else ("\\(", "\\)")
    if not (body.startswith(opening) and body.endswith(closing)):
        raise MathError(f"unexpected arithmatex markup: {match.group(0)[:80]}")
    return body[len(opening):-len(closing)], display


def spaced(tex, stretch=1.8):
    """Matrices of fractions (∂L/∂W on the learning page) get taller rows: at KaTeX's default the
    fractions of neighbouring rows almost touch. The formula itself is unchanged."""
    if r"\begin{array}" in tex and r"\frac" in tex:
        return rf"\def\arraystretch{{{stretch}}}" + tex
    return tex


CACHE = ROOT / ".cache" / "math"


def _katex_version():
    return json.loads((ROOT / "node_modules" / "katex" / "package.json").read_text())["version"]


def render_all(formulas):
    """Render [(tex, display, where)] with KaTeX; raise naming every formula that fails. Formulas
    rendered before by this KaTeX version and this script come from .cache/math; the rest go to
    one Node process."""
    if not formulas:
        return []
    try:
        key = hashlib.sha256(_katex_version().encode() + Path(__file__).read_bytes() + RENDER_MJS.read_bytes()).hexdigest()
    except FileNotFoundError as error:
        raise MathError(f"KaTeX is missing ({error.filename}): run `make site`, which reinstalls node_modules") from None
    cache_path = CACHE / f"{key[:16]}.json"
    cache = json.loads(cache_path.read_text()) if cache_path.exists() else {}
    requests = [json.dumps([spaced(tex), display]) for tex, display, _ in formulas]
    missing = sorted(set(requests) - set(cache))
    if missing:
        try:
            result = subprocess.run(["node", str(RENDER_MJS)], cwd=ROOT, capture_output=True, text=True,
                                    input=json.dumps([{"tex": tex, "display": display} for tex, display in map(json.loads, missing)]))
        except FileNotFoundError as error:
            raise MathError("node is not installed: install Node.js (see README), then run `make site`") from error
        if result.returncode != 0:
            raise MathError(f"KaTeX could not run ({result.stderr.strip().splitlines()[-1:]}): run `make site`, "
                            "which reinstalls node_modules")
        fresh = dict(zip(missing, json.loads(result.stdout)))
        errors = [f"{where}: {tex!r}: {fresh[request]['error']}" for (tex, _, where), request in zip(formulas, requests)
                  if "error" in fresh.get(request, {})]
        if errors:
            raise MathError("KaTeX could not render " + "; ".join(errors))
        cache |= {request: out["html"] for request, out in fresh.items()}
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in CACHE.glob("*.json"):
            if old != cache_path:
                old.unlink()  # another KaTeX's or script's renderings
        write_atomically(cache_path, json.dumps(cache, sort_keys=True, ensure_ascii=False))
    return [cache[request] for request in requests]


def _dollar_math(cell_html, collect):
    pieces = CODE_SPAN.split(cell_html)  # odd pieces are code: any $ there is not math
    for index in range(0, len(pieces), 2):
        pieces[index] = DOLLAR_MATH.sub(
            lambda m: collect(html_lib.unescape(m.group(1) if m.group(1) is not None else m.group(2)),
                              m.group(1) is not None), pieces[index])
    return "".join(pieces)


def render_site(site):
    """Replace every formula in the site's pages by KaTeX's HTML; return the number rendered."""
    original = {path: path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    pages = dict(original)
    formulas = []
    for path, text in pages.items():
        where = path.relative_to(site).as_posix()

        def collect(tex, display, where=where):
            formulas.append((tex, display, where))
            return f"\x00MATH{len(formulas) - 1}\x00"

        text = ARITHMATEX.sub(  # a formula rendered by an earlier run stays as it is
            lambda m: m.group(0) if m.group(2).startswith('<span class="katex') else
            f'<{m.group(1)} class="arithmatex">{collect(*_arithmatex_formula(m))}</{m.group(1)}>', text)
        text = NOTEBOOK_MARKDOWN.sub(lambda m: m.group(1) + _dollar_math(m.group(2), collect) + m.group(3), text)
        pages[path] = text
    rendered = render_all(formulas)
    for path, text in pages.items():
        new = with_math_assets(PLACEHOLDER.sub(lambda m: rendered[int(m.group(1))], text))
        if new != original[path]:  # atomically: the link check reads these pages meanwhile
            write_atomically(path, new)
    return len(formulas)


KATEX_CSS = re.compile(r'<link rel="stylesheet" href="([^"]*?)assets/katex/katex\.min\.css">')
# The fonts nearly every formula uses: fetched with the page, not once its formulas are laid out.
PRELOADED_FONTS = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")


def with_math_assets(page_html):
    """KaTeX's stylesheet only on a page with math, there with its main fonts preloaded."""
    match = KATEX_CSS.search(page_html)
    if not match:
        return page_html
    if 'class="katex"' not in page_html:
        return page_html[:match.start()] + page_html[match.end():]
    if "rel=\"preload\"" in page_html[:match.start()]:
        return page_html  # done by an earlier run
    preloads = "".join(f'<link rel="preload" href="{match.group(1)}assets/katex/fonts/{font}" as="font" '
                       'type="font/woff2" crossorigin>' for font in PRELOADED_FONTS)
    return page_html[:match.start()] + preloads + page_html[match.start():]


GREEK = {name: chr(code) for name, code in [
    ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3B5), ("eta", 0x3B7),
    ("theta", 0x3B8), ("lambda", 0x3BB), ("mu", 0x3BC), ("pi", 0x3C0), ("sigma", 0x3C3), ("Sigma", 0x3A3)]}
SYMBOLS = {"partial": "∂", "nabla": "∇", "sum": "Σ", "times": "×", "cdot": "·", "pm": "±", "to": "→",
           "leftarrow": "←", "rightarrow": "→", "infty": "∞", "ldots": "…", "approx": "≈", "leq": "≤",
           "geq": "≥", "lvert": "|", "rvert": "|", "log": "log", "lim": "lim", "exp": "exp", **GREEK}
SUPERSCRIPT = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
GROUP = r"\{([^{}]*)\}"


def _script(mark, body):
    table = SUPERSCRIPT if mark == "^" else SUBSCRIPT
    converted = body.translate(table)
    return converted if body and not set(converted) & set(body) - set(" ") else f"{mark}{body}"


def tex_to_text(tex):
    """A readable plain-text form of a formula, for places that show text only."""
    text = re.sub(r"\\(?:left|right|big|Big)\b|\\end\{\w+\}", "", tex)
    text = re.sub(r"\\begin\{\w+\}(\{[^}]*\})?", "", text)
    text = re.sub(r"\\(?:text|mathrm|operatorname)\s*", "", text)
    text = re.sub(r"\\[dt]?frac\s*", "\x01", text)  # \x01{a}{b}: a fraction, until its groups are simple
    text = re.sub(r"\\([A-Za-z]+)\s*", lambda m: SYMBOLS.get(m.group(1), m.group(1)), text)
    for _ in range(6):
        before = text
        text = re.sub(r"\x01\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"\1/\2", text)
        text = re.sub(r"([\^_])\{([^{}]*)\}", lambda m: _script(m.group(1), m.group(2)), text)
        text = re.sub(r"(?<![\x01^_}\s])\{([^{}]*)\}", r"\1", text)
        if text == before:
            break
    text = re.sub(r"([\^_])([0-9A-Za-z])", lambda m: _script(m.group(1), m.group(2)), text)
    text = text.replace("&", " ").replace("\\\\", " ").replace("\x01", "")
    text = re.sub(r"[{}\\]", "", text)
    return re.sub(r"\s+", " ", text).strip()


TEX_IN_TEXT = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$|(?<![\\$])\$(?!\$)([^$]+?)(?<![\\$])\$", re.S)


def plain_text_math(text, escaped=False):
    """Every \\( \\), \\[ \\], $ and $$ formula in ``text`` replaced by its plain-text form;
    ``escaped``: ``text`` is HTML (a formula's & is &amp; there, and so is the plain form's)."""
    def plain(match):
        tex = next(g for g in match.groups() if g is not None)
        return html_lib.escape(tex_to_text(html_lib.unescape(tex)), quote=False) if escaped else tex_to_text(tex)
    return TEX_IN_TEXT.sub(plain, text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.error(f"not a folder: {args.site}")
    try:
        count = render_site(args.site)
    except MathError as error:
        print(f"math: FAILED: {error}", file=sys.stderr)
        return 1
    print(f"math: {count} formulas rendered")
    return 0


if __name__ == "__main__":
    sys.exit(main())
