"""Running Marp (npm @marp-team/marp-cli, pinned) on the deck's Markdown: the slide show for the
site with Japanese controls and slides filled as they come near, the hand-out zip, the PDF."""
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.build.outputs import write_atomically  # noqa: E402
from scripts.slides import SlidesError, added  # noqa: E402
from scripts.slides.code import Session  # noqa: E402
from scripts.slides.markdown import deck_markdown  # noqa: E402

MARP = ROOT / "node_modules" / ".bin" / "marp"
ENGINE = Path(__file__).with_name("marp_engine.mjs")
LAZY_SCRIPT = Path(__file__).with_name("lazy_slides.js")
NPM_PACKAGES = ("@marp-team/marp-cli", "@marp-team/marp-core", "katex")
HANDOUT = "chapter4-slides"
FILES = ("index.html", f"{HANDOUT}.zip")


def npm_versions():
    versions = {}
    for name in NPM_PACKAGES:
        manifest = ROOT / "node_modules" / name / "package.json"
        if not manifest.is_file():
            raise SlidesError(f"{name} is missing from node_modules: run `make site` (it runs npm ci)")
        versions[name] = json.loads(manifest.read_text())["version"]
    return versions


def marp(source, output, *options, env=None):
    result = subprocess.run([str(MARP), "--no-stdin", "--engine", str(ENGINE), *options, str(source), "-o", str(output)],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if result.returncode != 0 or not Path(output).is_file():
        lines = [line for line in (result.stderr + result.stdout).splitlines() if "ERROR" in line or "Error" in line]
        raise SlidesError("marp: " + (lines[0].strip() if lines else f"exited with {result.returncode}"))


def handout(markdown, figures):
    """A zip of the hand-out Markdown and its figures, with fixed times (identical bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = [(f"{HANDOUT}/slides.md", markdown.encode("utf-8"))]
        for name in sorted(set(re.findall(r"\]\(figures/([\w.]+)\)", markdown))):
            entries.append((f"{HANDOUT}/figures/{name}", (figures / name).read_bytes()))
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


# Marp's on-screen controls speak English; the deck is Japanese. Longer strings first. A Marp
# upgrade that changes one of them stops the build (the string is no longer found).
CONTROLS_JA = (
    ("`Page ${t+1} of ${e.slides.length}`", "`${t+1} / ${e.slides.length}`"),
    ("Toggle fullscreen (f)", "全画面 (f)"), ("Toggle fullscreen", "全画面"),
    ("Toggle overview view (o)", "一覧 (o)"), ("Toggle overview", "一覧"), ("Close overview", "一覧を閉じる"),
    ("Open presenter view (p)", "発表者ビュー (p)"), ("Open presenter view", "発表者ビュー"),
    ("Previous slide", "前のスライド"), ("Next slide", "次のスライド"),
    ("Smaller notes font size", "ノートの文字を小さく"), ("Bigger notes font size", "ノートの文字を大きく"),
)


def japanese_controls(html):
    for english, japanese in CONTROLS_JA:
        if english not in html:
            raise SlidesError(f"marp: the slide show no longer has the control text {english!r}")
        html = html.replace(english, japanese)
    return html


SECTION = re.compile(r"(<section\b[^>]*>)(.*?)(</section>)", re.S)


def lazy_slides(html):
    """Each slide's content in a <template> that LAZY_SCRIPT fills when the slide is near the one
    shown (or the browser is idle): the deck starts with one slide's elements, not all of them."""
    html, count = SECTION.subn(lambda m: f"{m[1]}<template data-slide-content>{m[2]}</template>{m[3]}", html)
    if count != added.count() or "</body>" not in html:
        raise SlidesError(f"marp: expected {added.count()} <section> slides and a </body>, found {count}")
    return html.replace("</body>", f"<script>{LAZY_SCRIPT.read_text(encoding='utf-8')}</script></body>", 1)


def build(out, figures):
    with tempfile.TemporaryDirectory(prefix="slides-") as scratch:
        source = Path(scratch) / "slides.md"
        session = Session()
        source.write_text(deck_markdown(figures, for_site=True, session=session), encoding="utf-8")
        marp(source, Path(scratch) / "index.html", "--html")
        html = (Path(scratch) / "index.html").read_text(encoding="utf-8")
    # the site's icon, so that the browser does not ask the server for a missing /favicon.ico
    html = html.replace("</head>", '<link rel="icon" href="../assets/images/favicon.png"></head>', 1)
    # the on-screen controls at the bottom edge, under the slide's padding, not over its last lines
    html = html.replace("</head>", "<style>.bespoke-marp-parent>.bespoke-marp-osc{bottom:6px!important}</style></head>", 1)
    html = lazy_slides(japanese_controls(html))
    write_atomically(out / "index.html", html)
    write_atomically(out / f"{HANDOUT}.zip", handout(deck_markdown(figures, for_site=False, session=session), figures))


def pdf(target, figures, chromium):
    """Print the deck to PDF with Chromium, from a scratch folder laid out like the site."""
    with tempfile.TemporaryDirectory(prefix="slides-pdf-") as scratch:
        scratch = Path(scratch)
        (scratch / "slides").mkdir()
        shutil.copytree(figures, scratch / "figures", ignore=shutil.ignore_patterns(".*"))
        shutil.copytree(ROOT / "node_modules" / "katex" / "dist" / "fonts", scratch / "assets" / "katex" / "fonts")
        source = scratch / "slides" / "slides.md"
        source.write_text(deck_markdown(figures, for_site=True), encoding="utf-8")
        marp(source, scratch / "slides.pdf", "--pdf", "--pdf-notes", "--allow-local-files", "--browser", "chrome",
             "--browser-path", chromium, env={"CHROME_NO_SANDBOX": "1"})
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, (scratch / "slides.pdf").read_bytes())
