"""Publishing: the GitHub Pages workflow (.github/workflows/pages.yml) is valid against GitHub's
workflow schema (check-jsonschema's vendored copy: offline), pins every action by commit, builds
with `make site` and the Pages address as SITE_URL; a build with SITE_URL names that address in
its canonical links and sitemap, and its link check still passes.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
CHECK = Path(sys.executable).with_name("check-jsonschema")


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
    assert re.search(r"run: make site\n\s+env:\n\s+SITE_URL: \$\{\{ steps\.pages\.outputs\.base_url \}\}/\n", text)
    assert re.search(r"upload-pages-artifact@\w+.*\n\s+with:\n\s+path: site\n", text)
    assert "site_url: !ENV [SITE_URL, null]" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_a_build_for_an_address_names_it_and_its_links_hold(tmp_path):
    url = "https://example.github.io/chapter4/"
    site = tmp_path / "published"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build" / "build_site.py"), "--site", str(site)],
                            cwd=ROOT, env={**os.environ, "SITE_URL": url}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr  # the link check maps the address and the 404 page's /chapter4/ paths
    assert f'<link rel="canonical" href="{url}loss/">' in (site / "loss" / "index.html").read_text(encoding="utf-8")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{url}</loc>" in sitemap and f"<loc>{url}gradient/</loc>" in sitemap
    assert 'href="/chapter4/assets/' in (site / "404.html").read_text(encoding="utf-8")
