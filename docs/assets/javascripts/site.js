// The pip line on notebook pages names the wheel by its absolute URL, computed where the page is
// read (a server or a file), since pip cannot resolve a URL relative to a web page.
document.querySelectorAll("code[data-wheel]").forEach((code) => {
  const url = new URL(code.dataset.wheel, document.baseURI).href;
  code.textContent = `pip install "dlcode[notebooks] @ ${url}"`;
});

// Notebook figures open in the lightbox too. They are inline (base64) images, so the lightbox is
// given the image's own source when clicked instead of a second copy in the page.
document.querySelectorAll(".jupyter-wrapper .jp-RenderedImage img").forEach((img) => {
  img.tabIndex = 0;
  img.setAttribute("role", "button");
  img.setAttribute("aria-label", "図を拡大する");
  const open = () => GLightbox({ elements: [{ href: img.src, type: "image" }], zoomable: true }).open();
  img.addEventListener("click", open);
  img.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(); } });
});

// Search: what is typed is folded as the index was (scripts/search_index.py): full-width letters
// and digits become ASCII, and 二乗 is 2乗. Not while an input method is composing.
const SEARCH_NORMALISE = [["二乗", "2乗"]];
document.querySelectorAll("input.md-search__input").forEach((input) => {
  input.addEventListener("input", (event) => {
    if (event.isComposing) return;
    let value = input.value.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
      .replace(/\u3000/g, " ");
    for (const [variant, form] of SEARCH_NORMALISE) value = value.split(variant).join(form);
    if (value !== input.value) input.value = value;
  }, true);
});
