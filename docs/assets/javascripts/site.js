// The pip line on notebook pages names the wheel by its absolute URL, computed where the page is
// read (a server or a file), since pip cannot resolve a URL relative to a web page.
document.querySelectorAll("code[data-wheel]").forEach((code) => {
  const url = new URL(code.dataset.wheel, document.baseURI).href;
  code.textContent = `pip install "dlcode[notebooks] @ ${url}"`;
});

// Notebook figures open in the lightbox too: mkdocs-jupyter does not link them as glightbox does
// the page figures, so the lightbox is given the image's own source when clicked.
document.querySelectorAll(".jupyter-wrapper .jp-RenderedImage img").forEach((img) => {
  img.tabIndex = 0;
  img.setAttribute("role", "button");
  img.setAttribute("aria-label", "図を拡大する");
  const open = () => GLightbox({ elements: [{ href: img.src, type: "image" }], zoomable: true }).open();
  img.addEventListener("click", open);
  img.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(); } });
});

// Search: Material reads the query on keyup, which a Japanese input method's commit (and a phone's
// keyboard) may never send: an input event outside composition, and the end of a composition,
// pass the query on as a keyup. The worker (search-worker.js) folds and cuts what is typed.
document.querySelectorAll("input.md-search__input").forEach((input) => {
  const pass = () => input.dispatchEvent(new KeyboardEvent("keyup", { key: "Unidentified" }));
  input.addEventListener("compositionend", pass);
  input.addEventListener("input", (event) => { if (!event.isComposing) pass(); });
});

// Accessibility of what Material builds in the page:
// - its search is a dialog with no name: it gets one;
// - each code block's copy button sits in a <nav> of its own, dozens of unnamed landmarks on a page:
//   the button stays, the landmark goes;
// - a table, formula, notebook output or code block wider than the column scrolls: it gets keyboard
//   focus (and, but for code, a name), so that it can be scrolled without a mouse (site.css draws
//   the edge shadows).
document.querySelectorAll('.md-search[role="dialog"]').forEach((dialog) => dialog.setAttribute("aria-label", "検索"));
const SCROLLERS = ".md-typeset__scrollwrap, .md-typeset div.arithmatex, .jupyter-wrapper .jp-RenderedText pre, .md-typeset pre > code";
function tidy() {
  document.querySelectorAll(".md-code__nav:not([role])").forEach((nav) => nav.setAttribute("role", "none"));
  const counts = {};
  document.querySelectorAll(SCROLLERS).forEach((element) => {
    const scrolls = element.scrollWidth > element.clientWidth + 1;
    if (element.matches("code")) {  // as Material does on a desktop (not on a touch screen): focusable only
      if (scrolls) element.tabIndex = 0;
      else element.removeAttribute("tabindex");
    } else if (scrolls) {
      const kind = element.matches("div.arithmatex") ? "数式" : element.matches("pre") ? "出力" : "表";
      counts[kind] = (counts[kind] || 0) + 1;  // each region a name of its own
      element.setAttribute("data-scrolls", "");
      element.tabIndex = 0;
      element.setAttribute("role", "region");
      element.setAttribute("aria-label", `${kind} ${counts[kind]}（横にスクロールできる）`);
    } else if (element.hasAttribute("data-scrolls")) {
      ["data-scrolls", "tabindex", "role", "aria-label"].forEach((name) => element.removeAttribute(name));
    }
  });
}
let tidying = false;
function tidySoon() {  // at most once a frame, however many nodes Material adds
  if (tidying) return;
  tidying = true;
  requestAnimationFrame(() => { tidying = false; tidy(); });
}
tidy();
new MutationObserver(tidySoon).observe(document.body, { childList: true, subtree: true });
addEventListener("resize", tidySoon);
