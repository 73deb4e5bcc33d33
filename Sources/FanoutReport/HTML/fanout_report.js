"use strict";
// Fanout's HTML report: draws the model that HTMLReportModel wrote into #fanout-data. No network, no library.
(function () {
  const data = JSON.parse(document.getElementById("fanout-data").textContent);
  const PAGE = 100;
  const colours = {
    passed: "var(--passed)", failed: "var(--failed)", error: "var(--error)", timeout: "var(--timeout)",
    skipped: "var(--skipped)", xfailed: "var(--xfailed)", xpassed: "var(--xpassed)",
  };

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) node.appendChild(child);
    return node;
  }

  function seconds(value) {
    return value >= 100 ? value.toFixed(0) + "s" : value >= 10 ? value.toFixed(1) + "s" : value.toFixed(2) + "s";
  }

  function badge(outcome) {
    return el("span", { class: "outcome", style: "background:" + (colours[outcome] || "#555"), text: outcome });
  }

  function table(node, headings, rows) {
    node.replaceChildren(el("tr", {}, headings.map((h) => el("th", { class: h.num ? "num" : "", text: h.text }))));
    for (const row of rows) node.appendChild(el("tr", {}, row));
  }

  function cell(text, kind) {
    return el("td", { class: kind || "", text: String(text) });
  }

  /// Buttons for `count` items shown `size` at a time; `show(page)` draws one page.
  function pages(node, count, size, show) {
    const total = Math.max(1, Math.ceil(count / size));
    let current = 0;
    function draw() {
      show(current);
      node.replaceChildren();
      if (total === 1) return;
      const previous = el("button", { text: "‹ previous" });
      previous.disabled = current === 0;
      previous.onclick = () => { current -= 1; draw(); };
      const next = el("button", { text: "next ›" });
      next.disabled = current === total - 1;
      next.onclick = () => { current += 1; draw(); };
      node.append(previous, el("span", { text: "page " + (current + 1) + " of " + total }), next);
    }
    draw();
  }

  function summary() {
    document.getElementById("title").textContent =
      data.adapter + " · " + data.workspace + " · run " + data.title;
    document.title = "Fanout: " + data.verdict;
    const verdict = document.getElementById("verdict");
    verdict.textContent = data.verdict + " in " + seconds(data.duration);
    verdict.className = "verdict " + (data.exitCode === 0 ? "ok" : "bad");
    const cards = [["tests", data.tests.length], ["wall", seconds(data.duration)], ["slots", data.workers.length],
      ["flaky", data.flaky.length], ["not run", data.notRun.length]];
    for (const name of data.outcomeNames) if (data.counts[name]) cards.push([name, data.counts[name]]);
    document.getElementById("summary").replaceChildren(
      ...cards.map(([name, value]) => el("div", { class: "card" }, [el("b", { text: String(value) }),
        el("span", { text: name })])));
    if (data.problems.length) {
      document.getElementById("problems-section").hidden = false;
      document.getElementById("problems").replaceChildren(...data.problems.map((p) => el("li", { text: p })));
    }
  }

  function timeline() {
    const ns = "http://www.w3.org/2000/svg";
    const lane = 22, left = 90, width = Math.max(700, document.body.clientWidth - 80);
    const span = Math.max(data.duration, ...data.batches.map((b) => b[1] + b[2]), 0.001);
    const scale = (width - left - 10) / span;
    const svg = document.createElementNS(ns, "svg");
    const height = data.workers.length * lane + 30;
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "timeline of " + data.batches.length + " batches on " + data.workers.length +
      " slots");
    function add(tag, attributes, text) {
      const node = document.createElementNS(ns, tag);
      for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
      if (text !== undefined) node.textContent = text;
      svg.appendChild(node);
      return node;
    }
    data.workers.forEach((worker, index) => {
      add("text", { x: 6, y: index * lane + 15 }, worker);
      add("line", { x1: left, x2: width - 10, y1: index * lane + lane - 1, y2: index * lane + lane - 1,
        stroke: "#d0d7de" });
    });
    const step = Math.pow(10, Math.floor(Math.log10(span / 5 || 1)));
    for (let t = 0; t <= span; t += step * (span / step > 20 ? 5 : 1)) {
      add("text", { x: left + t * scale, y: height - 8 }, seconds(t));
    }
    for (const [worker, start, wall, outcome, id, scopes] of data.batches) {
      if (worker < 0) continue;
      const name = outcome >= 0 ? data.outcomeNames[outcome] : "no results";
      const bar = add("rect", { x: left + start * scale, y: worker * lane + 3, height: lane - 7,
        width: Math.max(1, wall * scale - 1), fill: colours[name] || "#bbb", class: "batch", "data-batch": id });
      const title = document.createElementNS(ns, "title");
      title.textContent = "batch " + id + " on " + data.workers[worker] + ": " + seconds(wall) + ", " + name +
        "\n" + scopes;
      bar.appendChild(title);
    }
    document.getElementById("timeline").replaceChildren(svg);
  }

  function failures() {
    const list = data.failures;
    document.getElementById("failures-title").textContent = "Failures (" + list.length + ")";
    const node = document.getElementById("failures");
    if (!list.length) node.replaceChildren(el("p", { text: "None." }));
    pages(document.getElementById("failures-pages"), list.length, 50, (page) => {
      if (!list.length) return;
      node.replaceChildren(...list.slice(page * 50, page * 50 + 50).map((f) => {
        const parts = [el("summary", {}, [badge(f.outcome), document.createTextNode(" " + f.id + " (" + f.worker +
          (f.attempts > 1 ? ", " + f.attempts + " attempts" : "") + ")")])];
        if (f.message) parts.push(el("p", { text: f.message }));
        for (const [label, text] of [["details", f.details], ["stdout", f.stdout], ["stderr", f.stderr]]) {
          if (text) parts.push(el("b", { text: label }), el("pre", { text: text }));
        }
        return el("details", { class: "failure " + f.outcome }, parts);
      }));
    });
  }

  function flaky() {
    if (!data.flaky.length) return;
    document.getElementById("flaky-section").hidden = false;
    const rows = data.flaky.map((f) => el("div", {}, [badge("passed"), document.createTextNode(" " + f.id +
      " on " + f.worker + " after " + f.attempts.map((a) => a.outcome + " on " + a.worker +
        (a.message ? " (" + a.message + ")" : "")).join(", "))]));
    document.getElementById("flaky").replaceChildren(...rows);
  }

  function slowest() {
    table(document.getElementById("slowest-tests"), [{ text: "seconds", num: true }, { text: "test" },
      { text: "slot" }], data.slowestTests.map(([id, duration, worker]) => [cell(seconds(duration), "num"),
      cell(id, "id"), cell(worker)]));
    table(document.getElementById("slowest-scopes"), [{ text: "seconds", num: true }, { text: "file" },
      { text: "slots" }], data.slowestScopes.map(([id, duration, workers]) => [cell(seconds(duration), "num"),
      cell(id, "id"), cell(workers)]));
    table(document.getElementById("hosts"), [{ text: "host" }, { text: "slots", num: true },
      { text: "tests", num: true }, { text: "batches", num: true }, { text: "busy", num: true },
      { text: "utilisation" }], data.hosts.map((h) => [cell(h.host), cell(h.slots, "num"), cell(h.tests, "num"),
      cell(h.batches, "num"), cell(seconds(h.busy), "num"), el("td", {}, [el("span", { class: "bar" },
        [el("i", { style: "width:" + (h.utilisation * 100).toFixed(1) + "%" })]),
      document.createTextNode(" " + (h.utilisation * 100).toFixed(0) + "%")])]));
  }

  function tests() {
    const select = document.getElementById("outcome");
    select.replaceChildren(el("option", { value: "", text: "every outcome" }),
      ...data.outcomeNames.map((name, code) => el("option", { value: String(code), text: name })));
    const search = document.getElementById("search");
    function draw() {
      const text = search.value.toLowerCase();
      const code = select.value === "" ? null : Number(select.value);
      const shown = data.tests.filter((t) => (code === null || t[2] === code) &&
        (!text || t[0].toLowerCase().includes(text)));
      document.getElementById("test-count").textContent = shown.length + " of " + data.tests.length + " tests";
      pages(document.getElementById("tests-pages"), shown.length, PAGE, (page) => {
        table(document.getElementById("tests"), [{ text: "outcome" }, { text: "test" },
          { text: "seconds", num: true }, { text: "slot" }],
        shown.slice(page * PAGE, page * PAGE + PAGE).map(([id, , outcome, duration, worker]) => [
          el("td", {}, [badge(data.outcomeNames[outcome])]), cell(id, "id"), cell(seconds(duration), "num"),
          cell(worker >= 0 ? data.workers[worker] : "")]));
      });
    }
    let pending = null;
    search.oninput = () => { clearTimeout(pending); pending = setTimeout(draw, 150); };
    select.onchange = draw;
    draw();
  }

  summary();
  timeline();
  failures();
  flaky();
  slowest();
  tests();
  document.body.setAttribute("data-rendered", "yes");
})();
