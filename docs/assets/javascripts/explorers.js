// Explorers: sliders over data that scripts/steps/make_explorers.py computed with dlcode at build time
// (explorers/*.js, loaded by a plain <script>, so the page also works when opened from a file).
// Nothing is computed here: each number shown is one dlcode computed, in dlcode.explorers'
// display_number form (stored as displayed, printed back with the same rule).
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const data = window.dlcodeExplorerData || {};

  function show(value) {
    if (value === null || !Number.isFinite(value)) return "発散";
    if (Math.abs(value) < 1e4) {
      const text = value.toFixed(4);
      return text === "-0.0000" ? "0.0000" : text;
    }
    return value.toExponential(3);
  }

  function element(tag, attributes, parent, namespace) {
    const node = namespace ? document.createElementNS(namespace, tag) : document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  function svg(parent, width, height, label) {
    return element("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label, class: "explorer-svg" }, parent, SVG);
  }

  function draw(tag, attributes, parent) {
    return element(tag, attributes, parent, SVG);
  }

  // A labelled range input with its value shown beside it; returns the input.
  function slider(form, id, label, max, value, describe) {
    const row = element("div", { class: "explorer-control" }, form);
    element("label", { for: id }, row).textContent = label;
    const input = element("input", { type: "range", id, min: 0, max, step: 1, value }, row);
    const output = element("output", { for: id }, row);
    const update = () => {
      output.textContent = describe(Number(input.value));
      input.setAttribute("aria-valuetext", describe(Number(input.value)));
    };
    input.addEventListener("input", update);
    update();
    return input;
  }

  function choice(form, id, label, options, value) {
    const row = element("div", { class: "explorer-control" }, form);
    element("label", { for: id }, row).textContent = label;
    const select = element("select", { id }, row);
    options.forEach((text, index) => {
      const option = element("option", { value: index }, select);
      option.textContent = text;
    });
    select.value = value;
    return select;
  }

  // What the markers of a drawing mean, in the page's text (legible at any width).
  function legend(parent, entries) {
    const line = element("p", { class: "explorer-legend" }, parent);
    for (const [key, text] of entries) {
      element("span", { class: `explorer-key ${key}`, "aria-hidden": "true" }, line);
      line.append(text);
    }
  }

  function polyline(points, parent, attributes) {
    return draw("polyline", { points: points.map((p) => p.join(",")).join(" "), fill: "none", ...attributes }, parent);
  }

  // A value against the step on a log axis (values <= 1e-8 sit on the floor).
  function logChart(parent, values, upTo, label, name, steps) {
    const chart = svg(parent, 320, 200, label);
    const finite = values.filter((v) => v !== null && Number.isFinite(v));
    const logs = finite.map((v) => Math.log10(Math.max(v, 1e-8)));
    const top = Math.ceil(Math.max(...logs, 1)), bottom = Math.floor(Math.min(...logs, -1));
    const x = (i) => 40 + (270 * i) / (values.length - 1);
    const y = (v) => 176 - (160 * (Math.log10(Math.max(v, 1e-8)) - bottom)) / (top - bottom);
    for (let decade = bottom; decade <= top; decade += Math.max(1, Math.round((top - bottom) / 5))) {
      draw("line", { x1: 40, x2: 310, y1: y(10 ** decade), y2: y(10 ** decade), class: "explorer-grid" }, chart);
      draw("text", { x: 36, y: y(10 ** decade) + 4, class: "explorer-tick", "text-anchor": "end" }, chart).textContent = `1e${decade}`;
    }
    const last = steps || values.length - 1;
    for (const tick of [0, last]) {
      draw("text", { x: x((tick * (values.length - 1)) / last), y: 192, class: "explorer-tick", "text-anchor": "middle" }, chart)
        .textContent = String(tick);
    }
    draw("text", { x: 175, y: 192, class: "explorer-tick", "text-anchor": "middle" }, chart).textContent = "ステップ";
    draw("text", { x: 44, y: 8, class: "explorer-tick" }, chart).textContent = name;
    const shown = [];
    for (let i = 0; i <= upTo; i++) if (values[i] !== null && Number.isFinite(values[i])) shown.push([x(i), y(values[i])]);
    polyline(shown, chart, { class: "explorer-line" });
    return chart;
  }

  const builders = {
    "learning-rate-2d"(root, d) {
      const form = element("div", { class: "explorer-controls" }, root);
      const lr = slider(form, "lr2d-eta", "学習率 η", d.lrs.length - 1, d.lrs.indexOf(0.1), (i) => `η = ${d.lrs[i]}`);
      const steps = slider(form, "lr2d-steps", "ステップ数", d.steps - 1, 19, (i) => `${i + 1} ステップ`);
      const start = choice(form, "lr2d-start", "初期値", d.starts.map((s) => `(${s[0]}, ${s[1]})`), 0);
      const result = element("p", { class: "explorer-result", "aria-live": "polite" }, root);
      legend(root, [["explorer-key-start", "初期値"], ["explorer-key-now", "いまの点"], ["explorer-key-path", "軌跡"]]);
      const figures = element("div", { class: "explorer-figures" }, root);
      function render() {
        const run = d.runs[Number(lr.value)][Number(start.value)], k = Number(steps.value) + 1;
        figures.replaceChildren();
        const plane = svg(figures, 240, 240, "等高線と勾配法の軌跡");
        // x0, x1 from -LIMIT to LIMIT; the path is drawn as computed and clipped at the frame, so that a
        // diverging run leaves the picture where it really goes
        const LIMIT = 5, to = (v) => 120 + (100 * v) / LIMIT;
        const clip = `lr2d-clip-${lr.value}-${start.value}`;
        draw("rect", { x: 20, y: 20, width: 200, height: 200, class: "explorer-frame" }, plane);
        const clipPath = draw("clipPath", { id: clip }, plane);
        draw("rect", { x: 20, y: 20, width: 200, height: 200 }, clipPath);
        const inside = draw("g", { "clip-path": `url(#${clip})` }, plane);
        for (let r = 1; r <= 5; r++) draw("circle", { cx: 120, cy: 120, r: 20 * r, class: "explorer-grid" }, inside);
        draw("line", { x1: 20, x2: 220, y1: 120, y2: 120, class: "explorer-axis" }, plane);
        draw("line", { x1: 120, x2: 120, y1: 20, y2: 220, class: "explorer-axis" }, plane);
        for (const tick of [-4, -2, 0, 2, 4]) {
          draw("text", { x: to(tick), y: 234, class: "explorer-tick", "text-anchor": "middle" }, plane).textContent = String(tick);
          draw("text", { x: 16, y: 240 - to(tick) + 4, class: "explorer-tick", "text-anchor": "end" }, plane).textContent = String(tick);
        }
        draw("text", { x: 222, y: 116, class: "explorer-tick", "text-anchor": "end" }, plane).textContent = "x₀";
        draw("text", { x: 124, y: 32, class: "explorer-tick" }, plane).textContent = "x₁";
        const path = [];  // up to step k, or until the run diverged (null)
        for (let i = 0; i <= k && run.x0[i] !== null; i++) path.push([to(run.x0[i]), 240 - to(run.x1[i])]);
        const now = path[path.length - 1];
        polyline(path, inside, { class: "explorer-line" });
        for (const [px, py] of path) draw("circle", { cx: px, cy: py, r: 2, class: "explorer-dot" }, inside);
        draw("rect", { x: path[0][0] - 5, y: path[0][1] - 5, width: 10, height: 10, class: "explorer-start" }, inside);
        const outside = run.x0[k] === null || Math.max(Math.abs(run.x0[k]), Math.abs(run.x1[k])) > LIMIT;
        if (outside) {
          draw("text", { x: 120, y: 14, class: "explorer-note", "text-anchor": "middle" }, plane)
            .textContent = run.x0[k] === null ? "発散（図の外）" : "現在の点は図の外";
        } else {
          draw("circle", { cx: now[0], cy: now[1], r: 6, class: "explorer-now" }, inside);
        }
        logChart(figures, run.f, k, "f(x) とステップ数（対数目盛）", "f(x₀, x₁)（対数目盛）", d.steps);
        const where = `(${show(run.x0[k])}, ${show(run.x1[k])})`;
        result.textContent = run.x0[k] === null ? `${k} ステップ後: 発散（x が大きくなりすぎて止めた）`
          : `${k} ステップ後: (x₀, x₁) = ${where}、f(x₀, x₁) = ${show(run.f[k])}`;
        plane.setAttribute("aria-label", `等高線と軌跡。η = ${d.lrs[Number(lr.value)]}、${k} ステップ後の点は ${where}`);
      }
      for (const input of [lr, steps, start]) input.addEventListener("input", render);
      render();
    },

    "learning-rate-1d"(root, d) {
      const form = element("div", { class: "explorer-controls" }, root);
      const lr = slider(form, "lr1d-eta", "学習率 η", d.lrs.length - 1, d.lrs.indexOf(0.001), (i) => `η = ${d.lrs[i]}`);
      const steps = slider(form, "lr1d-steps", "ステップ数", d.checkpoints.length - 1, d.checkpoints.indexOf(10000),
        (i) => `${d.checkpoints[i].toLocaleString("ja-JP")} ステップ`);
      const result = element("p", { class: "explorer-result", "aria-live": "polite" }, root);
      const figures = element("div", { class: "explorer-figures" }, root);
      function render() {
        const run = d.runs[Number(lr.value)], k = Number(steps.value);
        figures.replaceChildren();
        const plot = svg(figures, 320, 200, "f(x) = 0.01x² + 0.1x と、勾配法の x");
        const x = (v) => 20 + (280 * (v + 14)) / 18, y = (v) => 166 - 180 * (v + 0.25);
        const curve = [];
        for (let v = -14; v <= 4.001; v += 0.25) curve.push([x(v), y(0.01 * v * v + 0.1 * v)]);
        draw("line", { x1: 10, x2: 310, y1: y(0), y2: y(0), class: "explorer-axis" }, plot);
        polyline(curve, plot, { class: "explorer-curve" });
        for (let i = 0; i <= k; i++) {
          const v = run.x[i];
          if (v === null || v < -14 || v > 4) continue;
          draw("circle", { cx: x(v), cy: y(run.f[i]), r: i === k ? 5 : 2.5, class: i === k ? "explorer-now" : "explorer-dot" }, plot);
        }
        draw("text", { x: x(-5), y: y(-0.25) + 16, class: "explorer-tick", "text-anchor": "middle" }, plot).textContent = "最小 x = −5";
        draw("text", { x: x(0) + 4, y: y(0) + 14, class: "explorer-tick" }, plot).textContent = "← x = 0（開始）";
        const n = d.checkpoints[k].toLocaleString("ja-JP");
        result.textContent = run.x[k] === null ? `${n} ステップ後: 発散（x が大きくなりすぎて止めた）`
          : `${n} ステップ後: x = ${show(run.x[k])}、f(x) = ${show(run.f[k])}`;
        plot.setAttribute("aria-label", result.textContent);
      }
      for (const input of [lr, steps]) input.addEventListener("input", render);
      render();
    },

    training(root, d) {
      const form = element("div", { class: "explorer-controls" }, root);
      const lr = choice(form, "training-lr", "学習率 η", d.lrs.map((v) => `η = ${v}`), 1);
      const step = slider(form, "training-step", "ステップ", d.steps / d.every, d.steps / d.every,
        (i) => `${i * d.every} ステップ`);
      const result = element("p", { class: "explorer-result", "aria-live": "polite" }, root);
      const figures = element("div", { class: "explorer-figures" }, root);
      function render() {
        const run = d.runs[Number(lr.value)], i = Number(step.value), n = i * d.every;
        figures.replaceChildren();
        const map = svg(figures, 240, 240, "決定領域とデータ");
        const cell = 240 / d.grid, region = run.regions[i];
        for (let r = 0; r < d.grid; r++) {
          for (let c = 0; c < d.grid; c++) {
            const p = Number(region[r * d.grid + c]);
            draw("rect", { x: c * cell, y: r * cell, width: cell, height: cell, "shape-rendering": "crispEdges",
              class: p >= 5 ? "explorer-class1" : "explorer-class0", "fill-opacity": (Math.abs(p - 4.5) / 4.5 * 0.45 + 0.08).toFixed(2) }, map);
          }
        }
        const to = (v) => 120 + (120 * v) / d.extent;
        d.points.forEach(([a, b], j) => draw("circle", { cx: to(a), cy: 240 - to(b), r: 2.6,
          class: d.labels[j] ? "explorer-point1" : "explorer-point0" }, map));
        logChart(figures, run.loss, n, "損失とステップ数（対数目盛）", "損失（対数目盛）", d.steps);
        result.textContent = `${n} ステップ後: 損失 ${show(run.loss[n])}、正解率 ${(run.accuracy[i] * 100).toFixed(1)}%`;
        map.setAttribute("aria-label", `決定領域とデータ点。${result.textContent}`);
      }
      for (const input of [lr, step]) input.addEventListener("input", render);
      render();
    },
  };

  for (const root of document.querySelectorAll(".explorer[data-explorer]")) {
    const name = root.dataset.explorer;
    if (!data[name] || !builders[name]) continue;
    root.replaceChildren();
    builders[name](root, data[name]);
  }
})();
