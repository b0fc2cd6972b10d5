// The site's search, in place of Material's lunr worker (same messages, same result shape, so
// Material's search box and result list stay as they are). Built for Japanese text:
//
// - Index and query are folded alike (fold): NFKC per character (full-width ASCII and half-width
//   kana), lower case, and no space next to a Japanese character (a soft line break or 「4 章」).
// - The index is matched at every character position (an n-gram index in effect), so a word is
//   found wherever it stands, inside a mixed kanji-kana run too. The query is cut into content
//   words (queryTerms): particles and auxiliaries between them (の, を, から, する, させる, すぎる)
//   are dropped, okurigana kept, and a word the site does not contain is cut into the longest
//   pieces it does contain (損失関数微分 -> 損失関数 + 微分).
// - The synonym table of scripts/steps/search_index.py (book's words -> site's words) arrives with the
//   index (config.synonyms).
// - Ranking: every word matched first; a title equal to the query, a title starting with it, then titles containing it,
//   then how often the words occur (saturated); each page's weight (doc.boost) from search_index.py.
//
// Runs as a Web Worker, under file:// through the iframe-worker shim, and in Node for unit tests.
"use strict";

const MESSAGE = { SETUP: 0, READY: 1, QUERY: 2, RESULT: 3 };

// Hiragana, katakana, CJK ideographs and their marks: the script with no spaces between words.
const JAPANESE = /[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const HIRAGANA = /^[\u3041-\u309f]$/;
const WORD_CHAR = /[a-z0-9_]/;
const SOUND_MARK = /[\uff9e\uff9f\u3099\u309a]/;  // (half-width) dakuten and handakuten
// Where a query splits into separate words, besides white space.
const QUERY_SEPARATOR = /[\s、。，．・：；！？!?「」『』（）()［］\[\]{}｛｝"'“”‘’,;:…]+/;
// Particles and auxiliaries: a hiragana run made only of these stands between content words.
// Longest first, so that the greedy split prefers させる to さ.
const FUNCTION_WORDS = [
  "させられる", "させない", "させます", "させて", "させる", "られる", "されて", "される", "ています",
  "ている", "できる", "できない", "すぎる", "すぎた", "すぎて", "します", "しない", "しよう", "ません",
  "である", "でした", "ました", "について", "における", "による", "によって", "として", "ような",
  "から", "まで", "より", "など", "って", "する", "した", "して", "させ", "され", "れる", "ない",
  "なる", "なり", "ます", "です", "すぎ", "いる", "ので", "には", "では", "とは", "への", "での",
  "との", "ても", "だけ", "とき",
  "の", "を", "が", "は", "に", "で", "と", "も", "へ", "や", "か", "な", "ね", "よ", "だ",
].sort((a, b) => b.length - a.length);

const isJapanese = (c) => JAPANESE.test(c);
const BETWEEN_JAPANESE = new RegExp(`(?<=${JAPANESE.source}) (?=${JAPANESE.source})`, "g");

/** ``text`` folded for matching, with map[i] = the index in ``text`` of folded character i. */
function fold(text) {
  let out = "";
  const map = [];
  for (let i = 0; i < text.length;) {
    const code = text.codePointAt(i);
    let ch = String.fromCodePoint(code);
    if (SOUND_MARK.test(text[i + ch.length] || "")) ch += text[i + ch.length];  // ﾊﾞ is バ
    if (/\s/.test(ch)) {
      let j = i;
      while (j < text.length && /\s/.test(text[j])) j++;
      const before = out[out.length - 1];
      const after = j < text.length ? String.fromCodePoint(text.codePointAt(j)).normalize("NFKC") : undefined;
      if (before !== undefined && after !== undefined && before !== " " && !isJapanese(before) && !isJapanese(after)) {
        out += " ";
        map.push(i);
      }
      i = j;
      continue;
    }
    const folded = (code < 128 ? ch : ch.normalize("NFKC")).toLowerCase();
    for (const c of folded) {
      if (/\s/.test(c)) continue;  // NFKC turns an ideographic space into a space: handled above
      out += c;
      map.push(i);
    }
    i += ch.length;
  }
  return { text: out, map };
}

/** Content words of one separator-free chunk of a folded query. */
function chunkWords(chunk) {
  // Runs of one kind: hiragana, or anything else (kanji, katakana, Latin, digits).
  const runs = [];
  for (const c of chunk) {
    const kind = HIRAGANA.test(c) ? "h" : "x";
    if (runs.length && runs[runs.length - 1].kind === kind) runs[runs.length - 1].text += c;
    else runs.push({ kind, text: c });
  }
  const words = [];
  let word = "";
  const flush = () => {
    if (word) words.push(word);
    word = "";
  };
  runs.forEach((run, r) => {
    if (run.kind === "x") {
      word += run.text;
      return;
    }
    if (onlyFunctionWords(run.text)) return flush();
    let text = run.text;
    // A particle or auxiliary at the end of the run closes the word (丸めの -> 丸め; 大きすぎる -> 大き).
    for (let cut = trailingFunctionWords(text); cut > 0; cut = trailingFunctionWords(text)) text = text.slice(0, text.length - cut);
    // A particle at its start, with more than one character left, starts a new word (勾配はどちら -> どちら).
    const lead = word ? leadingParticle(text) : 0;
    if (lead && text.length - lead > 1) {
      flush();
      text = text.slice(lead);
    }
    // A run of hiragana that starts a word is a word of its own (ほとんど変わらない -> ほとんど, 変わ).
    const ends = !word || text.length < run.text.length || r === runs.length - 1;
    // Okurigana at a word's end keep only their first kana, so that any inflection matches (変わらない -> 変わ).
    word += word && ends ? text.slice(0, 1) : text;
    if (ends) flush();
  });
  flush();
  return words;
}

function onlyFunctionWords(text) {
  const can = [true];  // can[i]: text.slice(0, i) splits into function words
  for (let i = 1; i <= text.length; i++) {
    can[i] = FUNCTION_WORDS.some((w) => w.length <= i && can[i - w.length] && text.startsWith(w, i - w.length));
  }
  return can[text.length];
}

function trailingFunctionWords(text) {
  const found = FUNCTION_WORDS.find((w) => w.length < text.length && text.endsWith(w));
  return found ? found.length : 0;
}

function leadingParticle(text) {
  const found = ["から", "まで", "より", "の", "を", "が", "は", "に", "で", "と", "も", "へ", "や"]
    .find((w) => text.startsWith(w));
  return found ? found.length : 0;
}

/** The separator-free chunks of a typed query, folded, each with its content words. */
function queryChunks(query) {
  const chunks = [];
  for (const chunk of fold(query).text.split(QUERY_SEPARATOR)) {
    if (chunk && !/^[*+\-:^~]+$/.test(chunk)) chunks.push({ chunk: stripEnd(chunk), words: chunkWords(chunk) });
  }
  return chunks;
}

function stripEnd(chunk) {
  for (let cut = trailingFunctionWords(chunk); cut > 0; cut = trailingFunctionWords(chunk)) chunk = chunk.slice(0, -cut);
  return chunk;
}

/** The content words of a typed query, folded: ["損失関数", "微分"] for 損失関数の微分. */
function queryTerms(query) {
  return oneOf(queryChunks(query).flatMap(({ words }) => words));
}

// Each word once; a one-character word (関 of に関する) says little beside longer ones.
function oneOf(words) {
  words = [...new Set(words)];
  return words.some((w) => w.length > 1) ? words.filter((w) => w.length > 1) : words;
}

/** Every occurrence of ``needle`` in ``haystack`` (an ASCII word only where a word starts). */
function occurrences(haystack, needle) {
  const found = [];
  const ascii = WORD_CHAR.test(needle[0]);
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    if (ascii && at > 0 && WORD_CHAR.test(haystack[at - 1])) continue;
    found.push([at, at + needle.length]);
  }
  return found;
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };

/** Plain text of an index entry's HTML: tags out, entities decoded, white space collapsed, and
 * none between two Japanese characters (a line break in the source is no space in Japanese). */
function plainText(html) {
  return html.replace(/<[^>]*>/g, " ").replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name) => ENTITIES[name])
    .replace(/\s+/g, " ").replace(BETWEEN_JAPANESE, "").trim();
}

const escapeHTML = (text) => text.replace(/[&<>"]/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot" }[c]};`);

/** The ranges of ``text`` that folded ranges came from: a dropped space at an end stays out. */
function original(text, folded, ranges) {
  return merge(ranges).map(([start, end]) => {
    const last = folded.map[end - 1];
    return [folded.map[start], last + String.fromCodePoint(text.codePointAt(last)).length];
  });
}

/** ``text`` from ``from`` to ``to`` as HTML, the original ranges in it marked. */
function mark(text, ranges, from = 0, to = text.length) {
  let html = "";
  let cursor = from;
  for (const [start, end] of ranges) {
    if (start < cursor || end > to) continue;
    html += escapeHTML(text.slice(cursor, start)) + "<mark>" + escapeHTML(text.slice(start, end)) + "</mark>";
    cursor = end;
  }
  return html + escapeHTML(text.slice(cursor, to));
}

function merge(ranges) {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

const SNIPPET_BEFORE = 30;
const SNIPPET_LENGTH = 140;

/** A short passage of ``text`` around its first match, matches marked. */
function snippet(text, folded, ranges) {
  if (!ranges.length) return "";
  const marks = original(text, folded, ranges);
  const from = Math.max(0, marks[0][0] - SNIPPET_BEFORE);
  const to = Math.min(text.length, Math.max(from + SNIPPET_LENGTH, marks[0][1]));
  return `<p>${from > 0 ? "…" : ""}${mark(text, marks, from, to)}${to < text.length ? "…" : ""}</p>`;
}

// Scoring. An entry scores, for each word, its rarity (idf) times: TITLE_WEIGHT if its title has
// the word, plus a count of the word in its text that saturates (n / (n + 1)). A title that is
// the query scores EXACT_TITLE more; an entry's score is scaled by the square of the share of the
// words it has; for several words, the whole query as written in a title or
// text scores PHRASE_*. A page scores its page weight times its best entry plus BREADTH times the
// others: the page that teaches a word uses it in many sections. A page whose title is the query
// comes first, then a page whose title starts with the query's phrase (of two words or more), then
// a page with a section titled as the query (次の章へ of the summary, whose weight is low because it
// repeats every topic). An exercise's entry (search_index.py) is a result of its own, its score
// multiplied by its scale.
const TITLE_WEIGHT = 3;
const EXACT_TITLE = 20;
const PHRASE_IN_TITLE = 5;
const PHRASE_IN_TEXT = 2;
const BREADTH = 0.5;

class Search {
  constructor({ config, docs }) {
    this.synonyms = (config.synonyms || []).map((group) => group.map((word) => fold(word).text));
    this.docs = docs.map((doc) => {
      const text = plainText(doc.text || "");
      return {
        doc, text,
        // an exercise is a result of its own (marked 練習問題), not a part of its page's
        page: doc.scale === undefined ? doc.location.split("#")[0] : doc.location,
        title: fold(doc.title), body: fold(text),
        // what a title may be typed as: itself, or with its tags before it (補足: データから学習する)
        names: [doc.title, ...(doc.tags || []).map((tag) => tag + doc.title)].map((name) => fold(name).text),
        weight: doc.boost === undefined ? 1 : doc.boost,
        scale: doc.scale === undefined ? 1 : doc.scale,  // an exercise's entry (search_index.py)
      };
    });
    this.corpus = this.docs.map((d) => `${d.title.text}\u0000${d.body.text}`).join("\u0000");
  }

  /** ``word`` and what it may also be written as, by the synonym table. */
  variants(word) {
    const found = new Set([word]);
    for (const group of this.synonyms) {
      const member = group.filter((m) => word.includes(m)).sort((a, b) => b.length - a.length)[0];
      if (member) for (const other of group) found.add(word.split(member).join(other));
    }
    return [...found];
  }

  /** A word the site lacks, cut into the longest pieces it has (>= 2 characters each). */
  pieces(word) {
    const pieces = [];
    for (let i = 0; i < word.length;) {
      let j = word.length;
      while (j - i >= 2 && !this.corpus.includes(word.slice(i, j))) j--;
      if (j - i >= 2) {
        pieces.push(word.slice(i, j));
        i = j;
      } else i++;
    }
    return pieces;
  }

  known(word) {
    return this.variants(word).some((v) => this.corpus.includes(v));
  }

  /** The query's words as the site has them; a chunk whose words the site lacks but which it
   * has whole stays whole (しきい値), and an unknown word is cut into known pieces. */
  terms(query) {
    const words = oneOf(queryChunks(query).flatMap(({ chunk, words }) => (
      words.every((w) => this.known(w)) || !this.known(chunk) ? words : [chunk])));
    const terms = [];
    for (const word of words) {
      const parts = this.known(word) ? [word] : this.pieces(word).filter((p) => this.known(p));
      if (!parts.length) terms.push({ word, variants: [], missing: true });
      for (const part of parts) terms.push({ word: part, variants: this.variants(part), missing: false });
    }
    return terms;
  }

  search(query) {
    const terms = this.terms(query);
    const found = terms.filter((t) => !t.missing);
    if (!found.length) return { items: [] };
    const phrase = fold(query).text.split(QUERY_SEPARATOR).join("");
    const hits = this.docs.map((d) => {
      const perTerm = found.map((t) => ({
        title: t.variants.flatMap((v) => occurrences(d.title.text, v)),
        body: t.variants.flatMap((v) => occurrences(d.body.text, v)),
      }));
      return { d, perTerm };
    });
    const docFrequency = found.map((_, k) => hits.filter((h) => h.perTerm[k].title.length + h.perTerm[k].body.length).length);
    const scored = [];
    for (const { d, perTerm } of hits) {
      let score = 0;
      perTerm.forEach(({ title, body }, k) => {
        const idf = Math.log(1 + this.docs.length / Math.max(1, docFrequency[k]));
        score += idf * (TITLE_WEIGHT * Math.min(title.length, 1) + body.length / (body.length + 1));
      });
      if (score === 0) continue;
      // An entry with all the words together beats one with some of them.
      const together = perTerm.filter(({ title, body }) => title.length + body.length).length / found.length;
      score *= together * together;
      const exact = d.names.includes(phrase) || found.length === 1 && found[0].variants.includes(d.title.text);
      if (exact) score += EXACT_TITLE;
      if (found.length > 1 && !exact && d.title.text.includes(phrase)) score += PHRASE_IN_TITLE;
      if (found.length > 1 && d.body.text.includes(phrase)) score += PHRASE_IN_TEXT;
      score *= d.scale;
      scored.push({ d, perTerm, score, exact });
    }
    // Pages: every word matched somewhere on the page first, then the page's score.
    const pages = new Map();
    for (const hit of scored) {
      const page = pages.get(hit.d.page) || { hits: [], matched: new Set(), weight: hit.d.weight, named: false, led: false, titled: false };
      const own = hit.d.doc.location === hit.d.page;
      page.named ||= hit.exact && own;  // the query is the page's title
      page.titled ||= hit.exact;  // ... or a section's
      // A phrase the page's title starts with names that page (元のスライドとの違い: 一覧), above sections
      // named by it; one word is a topic (数値微分 of 数値微分の誤差), left to the score.
      page.led ||= own && found.length > 1 && hit.d.names.some((name) => name.startsWith(phrase));
      hit.perTerm.forEach((p, k) => (p.title.length || p.body.length) && page.matched.add(k));
      page.hits.push(hit);
      pages.set(hit.d.page, page);
    }
    for (const page of pages.values()) {
      const scores = page.hits.map((hit) => hit.score).sort((a, b) => b - a);
      page.score = page.weight * (scores[0] + BREADTH * scores.slice(1).reduce((a, b) => a + b, 0));
    }
    const ranked = [...pages.entries()]
      .sort(([, a], [, b]) => b.matched.size - a.matched.size || b.named - a.named || b.led - a.led || b.titled - a.titled
        || b.score - a.score);
    const items = ranked.map(([location, page]) => {
      const group = page.hits.sort((a, b) => b.score - a.score).map((hit) => this.item(hit, found, terms, page));
      if (!group.some((item) => item.location === location)) {
        const article = this.docs.find((d) => d.doc.location === location);
        if (article) group.push({ ...article.doc, score: 0, terms: {} });
      }
      return group;
    });
    return { items };
  }

  item({ d, perTerm, score }, found, terms, page) {
    // Material lists the words marked false as missing, and highlights the true ones on the page
    // a result opens: so the written form found here (正解率 for 認識精度) is the one marked true.
    const words = {};
    found.forEach((t, k) => {
      const present = t.variants.filter((v) => d.title.text.includes(v) || d.body.text.includes(v));
      for (const v of present) words[v] = true;
      if (!page.matched.has(k)) words[t.word] = false;
    });
    for (const t of terms) if (t.missing) words[t.word] = false;
    const title = mark(d.doc.title, original(d.doc.title, d.title, perTerm.flatMap((p) => p.title)));
    const text = snippet(d.text, d.body, perTerm.flatMap((p) => p.body));
    return { ...d.doc, title, text, score, terms: words };
  }
}

let index;

function handle(message) {
  switch (message.type) {
    case MESSAGE.SETUP:
      index = new Search(message.data);
      return { type: MESSAGE.READY };
    case MESSAGE.QUERY:
      return { type: MESSAGE.RESULT, data: index.search(message.data) };
    default:
      throw new TypeError(`search worker: unknown message type ${message.type}`);
  }
}

if (typeof module !== "undefined" && module.exports) {
  module.exports = { fold, queryTerms, queryChunks, Search, handle };
} else {
  addEventListener("message", (event) => postMessage(handle(event.data)));
}
