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

// Search: Material reads the query on keyup, which a Japanese input method's commit (and a phone's
// keyboard) may never send: an input event outside composition, and the end of a composition,
// pass the query on as a keyup. The worker (search-worker.js) folds and cuts what is typed.
document.querySelectorAll("input.md-search__input").forEach((input) => {
  const pass = () => input.dispatchEvent(new KeyboardEvent("keyup", { key: "Unidentified" }));
  input.addEventListener("compositionend", pass);
  input.addEventListener("input", (event) => { if (!event.isComposing) pass(); });
});
