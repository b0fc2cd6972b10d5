"""Publishing: the GitHub Pages workflow (.github/workflows/pages.yml) is valid against GitHub's
workflow schema (check-jsonschema's vendored copy: offline), pins every action by commit, builds
with `make site` and the Pages address as SITE_URL and the repository's as REPO_URL; a build with
them names that address in its canonical links and sitemap, offers under every page to report an
error on it (a new issue) and its source, fetches nothing from outside, is axe-clean, and its link
check still passes. A build without them (the local site/) offers no such link.
"""
import html
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import SITE, scratch_project, serve_site, site_pages  # noqa: E402
from test_accessibility import AXE, RUN_AXE, STILL  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
CHECK = Path(sys.executable).with_name("check-jsonschema")
URL = "https://example.github.io/chapter4/"
REPOSITORY = "https://github.com/example/chapter4"
CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
SITE_NAME = re.search(r"^site_name: (.*)$", CONFIG, re.M).group(1)
HOME_TITLE = re.search(r"^  - (.*): index\.md$", CONFIG, re.M).group(1)  # in the navigation
pytestmark = pytest.mark.xdist_group("test_publish")  # one build for an address, made once


def validate(path):
    return subprocess.run([str(CHECK), "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True)


def test_the_workflow_is_valid_and_an_invalid_one_is_not(tmp_path):
    result = validate(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "pages.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "run-on:", 1), encoding="utf-8")
    assert validate(broken).returncode != 0


def test_every_action_is_pinned_by_commit():
    uses = re.findall(r"^\s*(?:- )?uses:\s*(\S+)(.*)$", WORKFLOW.read_text(encoding="utf-8"), re.M)
    assert len(uses) == 6
    for action, comment in uses:
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), (action, comment)  # the release it is


def test_the_workflow_builds_with_make_site_and_publishes_site_with_its_address():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert re.search(r"run: make site\n\s+env:\n\s+SITE_URL: \$\{\{ steps\.pages\.outputs\.base_url \}\}/\n"
                     r"\s+REPO_URL: \$\{\{ github\.server_url \}\}/\$\{\{ github\.repository \}\}\n", text)
    assert re.search(r"upload-pages-artifact@\w+.*\n\s+with:\n\s+path: site\n", text)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: !ENV [SITE_URL, null]" in config and "repository: !ENV [REPO_URL, null]" in config
    assert not re.search(r"^\s*(repo_url|edit_uri):", config, re.M)  # Material's repo widget asks GitHub's API


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The site built as the workflow builds it: with the Pages address and the repository's."""
    folder = tmp_path_factory.mktemp("publish")
    site = folder / "published"
    # in a copy of the project: the deck made for the address must not replace the checkout's own
    with scratch_project(folder / "project") as project:
        result = subprocess.run([sys.executable, str(project / "scripts" / "build" / "build_site.py"), "--site", str(site)],
                                cwd=project, env={**os.environ, "SITE_URL": URL, "REPO_URL": REPOSITORY},
                                capture_output=True, text=True)
    assert result.returncode == 0, result.stderr  # the link check maps the address and the 404 page's /chapter4/ paths
    return site


def test_a_build_for_an_address_names_it_and_its_links_hold(published):
    assert f'<link rel="canonical" href="{URL}loss/">' in (published / "loss" / "index.html").read_text(encoding="utf-8")
    sitemap = (published / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{URL}</loc>" in sitemap and f"<loc>{URL}gradient/</loc>" in sitemap
    assert 'href="/chapter4/assets/' in (published / "404.html").read_text(encoding="utf-8")


REPORT = re.compile(r'<p class="page-report"><a href="([^"]*)">([^<]*)</a>・<a href="([^"]*)">([^<]*)</a>\s*</p>')


def reports(site):
    """{page path: (its title, [(href, link text) of its error report])} for every page of ``site``."""
    found = {}
    for path in site_pages():
        text = (site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
        links = [(html.unescape(match.group(i)), match.group(i + 1)) for match in REPORT.finditer(text) for i in (1, 3)]
        # Material's <title>: the page's title, then the site's name; the home page's is the site's name alone
        title = html.unescape(re.search(r"<title>(.*?)</title>", text).group(1)).removesuffix(f" - {SITE_NAME}")
        found[path] = HOME_TITLE if path == "/" else title, links
    return found


def test_every_page_of_a_build_with_its_repository_offers_to_report_an_error_on_it(published):
    found = reports(published)
    assert len(found) > 20
    for path, (title, links) in found.items():
        assert [text for _, text in links] == ["このページの誤りを報告する", "このページのソース"], path
        (issue, _), (source, _) = links
        assert issue.startswith(f"{REPOSITORY}/issues/new?"), issue
        query = parse_qs(urlsplit(issue).query)
        assert query["title"] == [f"「{title}」の誤り"], (path, query)
        assert query["body"][0].startswith(f"ページ: {URL}{path.lstrip('/')}\n"), (path, query)
        assert source.startswith(f"{REPOSITORY}/blob/HEAD/"), source
        assert (ROOT / source.removeprefix(f"{REPOSITORY}/blob/HEAD/")).is_file(), (path, source)
    assert found["/notebooks/descent/"][1][1][0].endswith("/docs/notebooks/descent.py")  # the jupytext source
    assert found["/"][1][1][0].endswith("/docs/index.md")
    assert "page-report" not in (published / "404.html").read_text(encoding="utf-8")


def test_a_local_build_offers_no_report_and_no_repository_widget():
    """site/ is built without REPO_URL (make site on a checkout): no link to any repository, and never
    Material's repo widget (its script would ask GitHub's API for stars and forks)."""
    assert not os.environ.get("REPO_URL"), "these tests expect site/ to be built as a local checkout builds it"
    found = reports(SITE)
    assert len(found) > 20 and all(links == [] for _, links in found.values())
    for path in [*SITE.rglob("*.html")]:
        text = path.read_text(encoding="utf-8")
        assert "page-report" not in text and 'data-md-component="source"' not in text, path


@pytest.mark.parametrize("device, width", [("desktop", 1280), ("phone", 390)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_report_links_are_shown_axe_clean_and_fetch_nothing(browser, published, scheme, device, width):
    phone = device == "phone"
    with serve_site(published) as served:
        context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme,
                                      is_mobile=phone, has_touch=phone)
        context.add_init_script(AXE.read_text(encoding="utf-8"))
        tab = context.new_page()
        outside = []
        tab.on("request", lambda request: request.url.startswith(served) or request.url.startswith(("data:", "blob:"))
               or outside.append(request.url))
        for path in ("/", "/loss/", "/notebooks/descent/", "/source/losses/"):
            tab.goto(served + path, wait_until="load")
            tab.evaluate(STILL)
            report = tab.locator("p.page-report")
            assert report.is_visible(), path
            assert report.locator("a").all_inner_texts() == ["このページの誤りを報告する", "このページのソース"]
            assert tab.evaluate(RUN_AXE) == [], path
        context.close()
    assert outside == []
