"""axe-core (npm, pinned in package-lock.json) on every page of the built site and on the slide
show, at 1280 and 390 px, in both palettes: no violation of serious or critical impact, and no
moderate one but those named below with the reason they stay."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import ROOT, site_pages  # noqa: E402

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")
# Moderate findings that stay, and why.
ACCEPTED = {
    # Marp's slide show draws its on-screen controls (page number, buttons) outside any landmark;
    # the deck is a presentation, each slide a <section>, and the controls are Marp's own markup.
    ("/slides/", "region"),
}
# Resolves once the document has not changed for 150 ms: Material mounts its components, site.js
# tidies what Material added a frame later, and the deck fills its slides while idle.
STILL = """() => new Promise((resolve) => {
  const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, 150); });
  let timer = setTimeout(done, 150);
  function done() { observer.disconnect(); resolve(); }
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})"""
RUN_AXE = """async () => (await axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => ({
  id: v.id, impact: v.impact,
  nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${(n.failureSummary || "").split("\\n")[1] || ""}`),
}))"""


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `make test` (it runs npm ci)")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("device", list(VIEWPORTS))
@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_or_unexplained_accessibility_violations(browser, served, axe_source, scheme, device):
    context = browser.new_context(viewport=VIEWPORTS[device], color_scheme=scheme,
                                  is_mobile=device == "phone", has_touch=device == "phone")
    context.add_init_script(axe_source)  # into every page as it opens, parsed once per page
    page = context.new_page()
    found = []
    for path in [*site_pages(), "/slides/"]:
        # Checked once the page's own scripts have run and its document is still: what arrives
        # later (the search index, lazy images) does not change what axe checks.
        page.goto(served + path, wait_until="load")
        page.wait_for_function("() => !document.querySelector('svg[data-marpit-svg] section > template')")
        page.evaluate(STILL)
        for violation in page.evaluate(RUN_AXE):
            if violation["impact"] in ("serious", "critical") or (path, violation["id"]) not in ACCEPTED:
                found.append(f"{path} {violation['impact']} {violation['id']}: {violation['nodes']}")
    context.close()
    assert len(site_pages()) > 20
    assert found == [], "\n".join(found)
