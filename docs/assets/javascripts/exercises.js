// The exercises at the end of the pages (scripts/pages/exercises.py writes them from dlcode/exercises.py):
// a typed number or a chosen option is checked here, against the answer, tolerance and hints the
// build wrote into the page (so it works from a file too), and each result is kept in this
// browser's localStorage, nowhere else. The same rule as dlcode.exercises.check: correct when
// |answer typed - answer| <= tolerance; a typed value within the tolerance of a known wrong answer
// gets that answer's hint.
(() => {
  const KEY = "dlcode-exercises";
  const load = () => {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (error) { return {}; }
  };
  const store = (record) => {
    try { localStorage.setItem(KEY, JSON.stringify(record)); } catch (error) { /* storage off: no record */ }
  };

  const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
  const NOT_FINITE = /^[+-]?(nan|inf|infinity|∞)$/i;
  const WITH_UNIT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*\S+$/i;

  // The number a person typed: full-width digits and signs (NFKC), the minus sign −, a leading .5,
  // 1e-4 all read; anything else is told what is wrong with it, and gets no verdict.
  function parseNumber(typed) {
    const text = typed.normalize("NFKC").replace(/[\u2212\u2012\u2013\u2014\ufe63]/g, "-").trim();
    if (text === "") return { error: "答えが空。数を入力する。" };
    if (text.includes(",")) return { error: "カンマは使わない。小数点は「.」で、たとえば 0.07 と入力する。" };
    if (NOT_FINITE.test(text)) return { error: "NaN や無限大は答えにならない。有限の数を入力する。" };
    if (!NUMBER.test(text)) {
      if (WITH_UNIT.test(text)) return { error: "単位や記号を付けずに、数だけを入力する。" };
      return { error: "数として読めない。0.07 や 1e-4 のように入力する。" };
    }
    const value = Number(text);
    if (!Number.isFinite(value)) return { error: "大きすぎて数として扱えない。" };
    return { value };
  }

  // The words go to the block's live region (screen readers read them) and come into view: on a
  // phone the box may sit at the bottom of the screen, the verdict below it.
  function say(block, html) {
    const status = block.querySelector(".exercise-status");
    status.innerHTML = html;
    if (status.getBoundingClientRect().bottom > window.innerHeight) status.scrollIntoView({ block: "nearest" });
  }

  function verdict(correct, shown) {
    return `<p class="exercise-verdict ${correct ? "exercise-right" : "exercise-wrong"}"><strong>` +
      `${correct ? "正解" : "まだ正解ではない"}</strong>${shown}</p>`;
  }

  function record(id, correct) {
    const results = load();
    if (results[id] !== "solved") results[id] = correct ? "solved" : "tried";
    store(results);
    show();
  }

  function checkNumber(block) {
    const input = block.querySelector("input");
    const parsed = parseNumber(input.value);
    if ("error" in parsed) {
      say(block, `<p class="exercise-invalid">${parsed.error}</p>`);
      return;
    }
    const answer = Number(block.dataset.answer), tolerance = Number(block.dataset.tolerance);
    const correct = Math.abs(parsed.value - answer) <= tolerance;
    const hints = [...block.querySelectorAll(".exercise-hints [data-value]")];
    const hint = correct ? null : hints.find((p) => p.dataset.value !== "" &&
      Math.abs(parsed.value - Number(p.dataset.value)) <= tolerance) || hints.find((p) => p.dataset.value === "");
    say(block, verdict(correct, `（入力: ${parsed.value}）`) + (hint ? `<p>${hint.innerHTML}</p>` : ""));
    record(block.dataset.exercise, correct);
  }

  function checkChoice(block) {
    const chosen = block.querySelector("input[type=radio]:checked");
    if (!chosen) {
      say(block, '<p class="exercise-invalid">選択肢を 1 つ選ぶ。</p>');
      return;
    }
    const explanation = block.querySelector(`.exercise-hints [data-choice="${chosen.value}"]`);
    const correct = explanation.hasAttribute("data-correct");
    say(block, verdict(correct, `（${chosen.value}）`) + `<p>${explanation.innerHTML}</p>`);
    record(block.dataset.exercise, correct);
  }

  // The list page's progress view counts the published list of exercises: exercises.json when the
  // site is served; from a file, where fetch() fails, the copy the build embedded in the page.
  let list = null;  // [{id, page: "loss/#loss-1", ...}], once read
  async function readList() {
    const total = document.querySelector(".exercise-total[data-list]");
    if (!total) return;
    if (/^https?:$/.test(location.protocol)) {
      try {
        const response = await fetch(total.dataset.list);
        if (response.ok) list = (await response.json()).exercises;
      } catch (error) { /* offline: the embedded copy */ }
    }
    const embedded = document.getElementById("exercise-list");
    if (!list && embedded) list = JSON.parse(embedded.textContent).exercises;
  }

  const label = (state) => state === "solved" ? "正解" : state === "tried" ? "まだ正解ではない" : "未回答";

  // Solved counts and marks: this page's exercises, and on the list page every exercise in the list.
  function show() {
    const results = load();
    const solved = (ids) => ids.filter((id) => results[id] === "solved").length;
    const count = (p, ids) => {
      p.textContent = `${p.dataset.before || ""}正解 ${solved(ids)} / ${ids.length} 問${p.dataset.after || ""}`;
    };
    document.querySelectorAll(".exercise-progress[data-exercises]").forEach((p) => count(p, p.dataset.exercises.split(" ")));
    if (list) {
      document.querySelectorAll(".exercise-progress[data-page]").forEach((p) => count(p, list
        .filter((item) => item.page.split("#")[0] === p.dataset.page).map((item) => item.id)));
      document.querySelectorAll(".exercise-total[data-list]").forEach((p) => {
        p.textContent = `全部で ${list.length} 問、正解 ${solved(list.map((item) => item.id))} 問。`;
      });
      list.forEach((item) => document.querySelectorAll(`.exercise-mark[data-exercise="${item.id}"]`).forEach((mark) => {
        mark.textContent = label(results[item.id]);
        mark.dataset.state = results[item.id] || "none";
      }));
    }
    document.querySelectorAll(".exercise[data-exercise]").forEach((block) => {
      block.dataset.state = results[block.dataset.exercise] || "none";
    });
  }

  document.querySelectorAll(".exercise[data-exercise]").forEach((block) => {
    const form = block.querySelector("form.exercise-form");
    if (!form) return;  // a code exercise: checked in Python
    form.addEventListener("submit", (event) => {
      event.preventDefault();  // Enter in the box submits too
      if (block.dataset.kind === "数値") checkNumber(block);
      else checkChoice(block);
    });
  });
  document.querySelectorAll("button.exercise-reset").forEach((button) => {
    button.addEventListener("click", () => {
      try { localStorage.removeItem(KEY); } catch (error) { /* nothing was stored */ }
      show();
    });
  });
  show();
  readList().then(show);
})();
