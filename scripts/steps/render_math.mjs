// Render TeX to HTML with the pinned KaTeX, for the MkDocs hook (build-time math, no math JS
// in the browser). Reads a JSON array of {tex, display} on stdin, writes a JSON array of
// {html} or {error} in the same order on stdout.
import katex from "katex";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const formulas = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = formulas.map(({ tex, display }) => {
  try {
    return { html: katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: "error", output: "html" }) };
  } catch (error) {
    return { error: String(error.message || error) };
  }
});
process.stdout.write(JSON.stringify(results));
