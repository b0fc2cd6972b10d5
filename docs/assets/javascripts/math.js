// Render math with the site's own KaTeX after every page load, including Material's
// instant navigation (document$ emits for each new page).
document$.subscribe(({ body }) => {
  const options = { throwOnError: false };
  // Markdown pages: pymdownx.arithmatex (generic) wraps TeX in \( \) and \[ \].
  body.querySelectorAll(".arithmatex").forEach((element) =>
    renderMathInElement(element, {
      ...options,
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
    })
  );
  // Notebook pages: Jupyter Markdown keeps $ and $$ delimiters.
  body.querySelectorAll(".jp-RenderedMarkdown").forEach((element) =>
    renderMathInElement(element, {
      ...options,
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "$", right: "$", display: false },
      ],
    })
  );
});
