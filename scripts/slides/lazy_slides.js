// The slide show fills a slide's content when it is near the one shown, and the rest a few at a
// time while the browser is idle: with every slide's formulas in the page at once, a phone spends
// about a second styling ~10,000 elements before the first slide responds. Marp hides inactive
// slides; their content waits in a <template> until then (make_slides.lazy_slides).
(() => {
  const slides = [...document.querySelectorAll("svg[data-marpit-svg]")];
  const fill = (slide) => {
    const template = slide && slide.querySelector("template[data-slide-content]");
    if (template) template.replaceWith(template.content);
  };
  const fillNear = () => {
    const shown = slides.findIndex((slide) => slide.classList.contains("bespoke-marp-active"));
    if (shown >= 0) [shown, shown + 1, shown - 1].forEach((i) => fill(slides[i]));
  };
  const rest = slides.slice();
  const done = () => { document.documentElement.dataset.slidesFilled = ""; };
  const idle = window.requestIdleCallback || ((step) => setTimeout(() => step({timeRemaining: () => 8}), 30));
  const fillWhileIdle = (deadline) => {
    while (rest.length && deadline.timeRemaining() > 4) fill(rest.shift());
    if (rest.length) idle(fillWhileIdle); else done();
  };
  fillNear();
  new MutationObserver(fillNear).observe(document.body, {attributes: true, subtree: true, attributeFilter: ["class"]});
  idle(fillWhileIdle);
  // Printing and the browser's find need every slide at once.
  const fillAll = () => { rest.splice(0).forEach(fill); done(); };
  addEventListener("beforeprint", fillAll);
  addEventListener("keydown", (event) => { if ((event.ctrlKey || event.metaKey) && event.key === "f") fillAll(); });
})();
