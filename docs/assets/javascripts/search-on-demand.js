// The search index is requested when a reader turns to the search, not as every page loads: it is
// the heaviest file most pages would fetch. Material asks for it at start-up (an XMLHttpRequest
// for search/search_index.json); this script, loaded before Material's, holds that request back
// until the search box is focused or opened, and sends it at once on a page opened from a search
// result (?h=, whose words Material marks with the index). A query typed meanwhile waits for the
// index and is then answered. Under file:// Material reads search_index.js instead, untouched here.
(() => {
  const INDEX = /\/search\/search_index\.json$/;
  let wanted = new URLSearchParams(location.search).has("h");
  const waiting = [];
  const want = () => {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach((send) => send());
  };
  const { open, send } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.searchIndex = INDEX.test(new URL(url, location.href).pathname);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (!this.searchIndex || wanted) return send.apply(this, args);
    waiting.push(() => send.apply(this, args));
  };
  document.addEventListener("focusin", (event) => event.target.matches(".md-search__input") && want());
  document.addEventListener("change", (event) => event.target.id === "__search" && event.target.checked && want());
})();
