// The "Count it" boxes: the paramref package itself answers, in the reader's browser.
//
// A page places a box with one line (hooks/calculator.py checks it and adds the
// answer to its example, so the box shows a result before any Python is loaded):
//   <div data-calculator-box="layer" data-example="nn.LSTM(64, 32)"></div>
//   <div data-calculator-box="config"></div>
// The same Python runs the "Run" buttons under the page's snippets (hooks/snippets.py).
// Python (Pyodide, served by the site) starts in a Web Worker
// (calculator-worker.js) only when a reader first uses a box; sympy and KaTeX's
// script load only when a reader asks for a formula. Labels follow the page's
// language (<html lang>).
(function () {
  "use strict";

  const SCRIPT = document.currentScript && document.currentScript.src;
  if (!SCRIPT) return;
  const WORKER = new URL("calculator-worker.js", SCRIPT);
  const KATEX = new URL("../assets/katex/katex.min.js", SCRIPT);
  // Milliseconds a call into the package may take before it is stopped (a box's
  // data-timeout overrides it): an input can ask for more tensors than can be listed.
  // Loading Python is not timed: it reports its progress.
  const TIMEOUT = 30000;

  const TEXT = {
    en: {
      layerTitle: "Count it",
      layerHint:
        "One or more layers, written as in code: nn.X(...) (PyTorch) or layers.X(...) (Keras), " +
        "separated by new lines or commas. Enter counts.",
      configTitle: "Count a model",
      configHint: "Paste a Hugging Face config.json, or pick a checkpoint. Ctrl+Enter counts.",
      checkpoint: "Checkpoint",
      pasted: "(your config)",
      count: "Count",
      formula: "Formula",
      example: "The page's example, counted when the site was built.",
      tensor: "tensor",
      shape: "shape",
      number: "count",
      buffer: "buffer (not counted)",
      frozen: "non-trainable",
      part: "part",
      share: "share",
      total: "total",
      trainable: "trainable",
      nonTrainable: "non-trainable",
      nonEmbedding: "non-embedding",
      active: "active",
      buffers: (n) => `${n} tensors of state, not parameters`,
      tex: "TeX",
      python: "Loading Python",
      paramref: "Installing paramref",
      sympy: "Loading sympy",
      import: "Starting sympy",
      katex: "Loading KaTeX",
      working: "Counting",
      failed: (message) => `Python could not be loaded: ${message}`,
      crashed: (message) => `Python stopped: ${message}. It starts again at the next request.`,
      stopped: (seconds) =>
        `No answer within ${seconds} s: stopped (the input lists too many tensors). ` +
        "Python starts again at the next request.",
      megabytes: (loaded, total) => `${loaded} of ${total} MB`,
      run: "Run",
      running: "Running",
      runHint: "Runs this snippet in your browser, after the snippets above it that it needs.",
      same: "Same output as on the page.",
      differs: "The output differs from the page's.",
      pageShows: "the page shows:",
    },
    zh: {
      layerTitle: "自己数一数",
      layerHint:
        "一个或多个层，写法与代码相同：nn.X(...)（PyTorch）或 layers.X(...)（Keras），" +
        "用换行或逗号分隔。按 Enter 计算。",
      configTitle: "数一个模型",
      configHint: "粘贴 Hugging Face 的 config.json，或选择一个检查点。按 Ctrl+Enter 计算。",
      checkpoint: "检查点",
      pasted: "（你的配置）",
      count: "计算",
      formula: "公式",
      example: "本页的例子，构建网站时已算好。",
      tensor: "张量",
      shape: "形状",
      number: "参数量",
      buffer: "缓冲区（不计入）",
      frozen: "不可训练",
      part: "部分",
      share: "占比",
      total: "总计",
      trainable: "可训练",
      nonTrainable: "不可训练",
      nonEmbedding: "不含嵌入",
      active: "激活",
      buffers: (n) => `${n} 个状态张量，不是参数`,
      tex: "TeX",
      python: "正在加载 Python",
      paramref: "正在安装 paramref",
      sympy: "正在加载 sympy",
      import: "正在启动 sympy",
      katex: "正在加载 KaTeX",
      working: "正在计算",
      failed: (message) => `无法加载 Python：${message}`,
      crashed: (message) => `Python 出错停止：${message}。下次计算时会重新启动。`,
      stopped: (seconds) =>
        `${seconds} 秒内没有结果，已停止（输入列出的张量太多）。下次计算时 Python 会重新启动。`,
      megabytes: (loaded, total) => `${loaded} / ${total} MB`,
      run: "运行",
      running: "正在运行",
      runHint: "在浏览器里运行这段代码（先运行它所依赖的前文代码）。",
      same: "输出与页面上的相同。",
      differs: "输出与页面上的不同。",
      pageShows: "页面上是：",
    },
  };

  function words() {
    return TEXT[(document.documentElement.lang || "en").startsWith("zh") ? "zh" : "en"];
  }

  // "1234567" -> "1,234,567": the integers come as strings of digits, exact at any size.
  function thousands(digits) {
    return String(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function shapeText(shape) {
    return "(" + shape.join(", ") + (shape.length === 1 ? "," : "") + ")";
  }

  // A Keras layer's output, batch axis first, as Keras's summary writes it: (None, 10, 64).
  function outputText(shape) {
    if (shape.length && Array.isArray(shape[0])) return shape.map(outputText).join(", ");
    return "(" + ["None", ...shape.map((size) => (size === null ? "None" : size))].join(", ") + ")";
  }

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  // --- Python: one worker for every box of the page ---------------------------------

  const python = {
    worker: null,
    nextId: 1,
    pending: new Map(), // id -> {resolve, timeout}
    timer: null,
    working: false, // a call into the package is running: the clock runs
    listeners: new Set(),
    status: null,
  };

  function tell(status) {
    python.status = status;
    python.listeners.forEach((listener) => listener(status));
  }

  function startPython() {
    if (python.worker) return;
    python.worker = new Worker(WORKER, { type: "module" });
    python.worker.onmessage = (event) => heard(event.data);
    python.worker.onerror = (event) => {
      event.preventDefault();
      stopPython({ failed: (event && event.message) || "the worker did not start" });
    };
    tell({ stage: "python", loaded: 0, total: 0 });
    python.worker.postMessage({ fn: "start" });
  }

  function stopPython(result) {
    if (python.worker) python.worker.terminate();
    python.worker = null;
    python.working = false;
    window.clearTimeout(python.timer);
    for (const request of python.pending.values()) request.resolve(result);
    python.pending.clear();
    tell(null);
  }

  // The clock runs while a call into the package runs.
  function armTimer() {
    window.clearTimeout(python.timer);
    if (!python.pending.size || !python.working) return;
    const timeout = Math.min(...[...python.pending.values()].map((r) => r.timeout));
    python.timer = window.setTimeout(
      () => stopPython({ stopped: Math.round(timeout / 1000) }),
      timeout,
    );
  }

  function heard(message) {
    if (message.type === "progress") {
      python.working = message.stage === "working";
      tell(message.stage === "ready" ? null : message);
    } else {
      python.working = false;
      const request = python.pending.get(message.id);
      const result =
        message.type === "answer" ? message.answer : { [message.type]: message.message };
      if (request) {
        python.pending.delete(message.id);
        request.resolve(result);
      }
      if (message.type !== "answer") stopPython(result);
      else if (!python.pending.size) tell(null);
    }
    armTimer();
  }

  function ask(fn, text, timeout) {
    startPython();
    const id = python.nextId++;
    const answer = new Promise((resolve) => python.pending.set(id, { resolve, timeout }));
    python.worker.postMessage({ id, fn, text });
    armTimer();
    return answer;
  }

  let katexLoading = null;

  function loadKatex() {
    if (window.katex) return Promise.resolve(window.katex);
    katexLoading =
      katexLoading ||
      new Promise((resolve, reject) => {
        const script = element("script", { src: KATEX.href });
        script.onload = () => resolve(window.katex);
        script.onerror = () => {
          katexLoading = null;
          reject(new Error("KaTeX could not be loaded"));
        };
        document.head.append(script);
      });
    return katexLoading;
  }

  // --- showing answers -------------------------------------------------------------

  // A table; the first cell of a row is a name (code) unless the table has no header.
  function table(name, header, rows) {
    const body = rows.map(({ cells, key, note }) =>
      element(
        "tr",
        { "data-key": key },
        ...cells.map((cell, k) =>
          element(
            "td",
            {},
            k === 0 && header ? element("code", { text: cell }) : cell,
            k === 0 && note,
          ),
        ),
      ),
    );
    const head =
      header &&
      element("thead", {}, element("tr", {}, ...header.map((label) => element("th", { text: label }))));
    return element("table", { "data-table": name }, head, element("tbody", {}, ...body));
  }

  function summary(items) {
    return table(
      "summary",
      null,
      items.map(([key, label, value]) => ({ key, cells: [label, thousands(value)] })),
    );
  }

  function showCount(area, report) {
    const w = words();
    area.append(
      element(
        "p",
        { class: "calculator__lines" },
        ...report.layers.flatMap((layer) => [
          element("code", { text: layer.expression }),
          layer.output_shape ? ` → ${outputText(layer.output_shape)}` : "",
          `: ${thousands(layer.params)}`,
          element("br"),
        ]),
      ),
    );
    const tensors = report.layers.flatMap((layer) => layer.tensors);
    if (tensors.length) {
      const rows = tensors.map((t) => ({
        key: t.name,
        cells: [t.name, shapeText(t.shape), thousands(t.count)],
        note: t.trainable ? null : element("span", { class: "calculator__note", text: w.frozen }),
      }));
      area.append(table("tensors", [w.tensor, w.shape, w.number], rows));
    }
    const buffers = report.layers.flatMap((layer) => Object.entries(layer.buffers));
    if (buffers.length) {
      const rows = buffers.map(([name, shape]) => ({
        key: name,
        cells: [name, shapeText(shape), thousands(shape.reduce((a, b) => BigInt(a) * BigInt(b), 1n))],
      }));
      area.append(table("buffers", [w.buffer, w.shape, w.number], rows));
    }
    area.append(
      summary([
        ["total", w.total, report.params],
        ["trainable", w.trainable, report.trainable_params],
        ["non-trainable", w.nonTrainable, report.non_trainable_params],
      ]),
    );
  }

  function showModel(area, report) {
    const w = words();
    area.append(
      element(
        "p",
        { class: "calculator__lines" },
        element("code", { text: report.spec }),
        `: ${thousands(report.params)}`,
      ),
    );
    const parts = Object.entries(report.breakdown).map(([part, count]) => ({
      key: part,
      cells: [part, thousands(count), report.shares[part]],
    }));
    area.append(table("parts", [w.part, w.number, w.share], parts));
    const items = [
      ["total", w.total, report.params],
      ["trainable", w.trainable, report.trainable_params],
      ["non-trainable", w.nonTrainable, report.non_trainable_params],
    ];
    if (report.non_embedding_params !== report.params) {
      items.push(["non-embedding", w.nonEmbedding, report.non_embedding_params]);
    }
    if (report.active_params != null && report.active_params !== report.params) {
      items.push(["active", w.active, report.active_params]);
    }
    area.append(summary(items));
    if (report.buffers !== "0") {
      area.append(element("p", { class: "calculator__note", text: w.buffers(report.buffers) }));
    }
  }

  function showFormula(area, lines, katex) {
    for (const tex of lines) {
      const display = element("div", { class: "math-display" });
      katex.render(tex, display, { displayMode: true, throwOnError: false });
      const block = element("div", { class: "math-block" }, display);
      area.append(block);
      if (window.paramrefTexCopy) window.paramrefTexCopy(block);
    }
    area.append(
      element(
        "details",
        { class: "calculator__tex" },
        element("summary", { text: words().tex }),
        element("pre", {}, element("code", { text: lines.join("\n") })),
      ),
    );
  }

  function problem(result) {
    const w = words();
    if (result.error) return result.error;
    if (result.stopped) return w.stopped(result.stopped);
    if (result.failed) return w.failed(result.failed);
    if (result.crashed) return w.crashed(result.crashed);
    return null;
  }

  // Loading Python, on a progress bar: the text beside it.
  function showProgress(progress, bar, working) {
    const w = words();
    bar.hidden = false;
    let text = (w[progress.stage] || working || w.working) + "…";
    if (progress.total && ["python", "paramref", "sympy"].includes(progress.stage)) {
      bar.max = progress.total;
      bar.value = Math.min(progress.loaded, progress.total);
      const mb = (bytes) => (bytes / 1e6).toFixed(1);
      text += " " + w.megabytes(mb(Math.min(progress.loaded, progress.total)), mb(progress.total));
    } else {
      bar.removeAttribute("value");
    }
    return text;
  }

  // --- a box ------------------------------------------------------------------------

  let boxes = 0;

  function build(marker) {
    if (marker.dataset.calculatorReady) return;
    marker.dataset.calculatorReady = "";
    const w = words();
    const kind = marker.dataset.calculatorBox === "config" ? "config" : "layer";
    const id = `calculator-${++boxes}`;
    const checkpoints = kind === "config" ? JSON.parse(marker.dataset.checkpoints || "[]") : [];
    const chosen = checkpoints.find((c) => c.name === marker.dataset.example);
    const example = kind === "config" ? (chosen ? chosen.config : "") : marker.dataset.example;

    const input = element("textarea", {
      id,
      "data-calculator": kind,
      rows: kind === "config" ? 10 : 2,
      spellcheck: "false",
      autocomplete: "off",
      autocapitalize: "off",
    });
    input.value = example || "";
    const count = element("button", {
      type: "button",
      class: "md-button md-button--primary",
      "data-calculator-action": "count",
    });
    count.textContent = w.count;
    const formula = element("button", {
      type: "button",
      class: "md-button",
      "data-calculator-action": "formula",
    });
    formula.textContent = w.formula;
    const bar = element("progress", { hidden: true });
    const status = element("span", { class: "calculator__status", role: "status" });
    const result = element("div", {
      class: "calculator__result",
      "data-calculator-result": "",
      "aria-live": "polite",
    });
    const formulas = element("div", { class: "calculator__formula", "data-calculator-formula": "" });
    let select = null;
    if (kind === "config") {
      select = element(
        "select",
        { "data-calculator-checkpoint": "", "aria-label": w.checkpoint },
        element("option", { value: "", text: w.pasted }),
        ...checkpoints.map((c) =>
          element("option", {
            value: c.name,
            text: `${c.name} (${thousands(c.params)})`,
            selected: c === chosen,
          }),
        ),
      );
    }

    marker.classList.add("calculator");
    const title = kind === "config" ? w.configTitle : w.layerTitle;
    const hint = kind === "config" ? w.configHint : w.layerHint;
    marker.replaceChildren(
      ...[
        element("p", { class: "calculator__title", text: title }),
        element("label", { for: id, class: "calculator__hint", text: hint }),
        select,
        input,
        element("div", { class: "calculator__actions" }, count, formula, bar, status),
        result,
        formulas,
      ].filter(Boolean),
    );

    function showStatus(progress) {
      const busy = result.dataset.state === "working" || formulas.dataset.state === "working";
      if (!progress || !(busy || marker.dataset.calculatorUsed !== undefined)) {
        bar.hidden = true;
        status.textContent = busy ? w.working + "…" : "";
        return;
      }
      status.textContent = showProgress(progress, bar);
    }
    python.listeners.add(showStatus);

    function use() {
      if (marker.dataset.calculatorUsed === undefined) marker.dataset.calculatorUsed = "";
      startPython();
      showStatus(python.status);
    }

    function settle(area, state, text) {
      area.dataset.state = state;
      area.dataset.answered = text;
      showStatus(python.status);
    }

    function showProblem(area, line, text) {
      area.replaceChildren(element("p", { class: "calculator__error", "data-calculator-error": "", text: line }));
      settle(area, "error", text);
    }

    let counting = 0;
    async function runCount() {
      const text = input.value;
      const mine = ++counting;
      formulas.replaceChildren();
      delete formulas.dataset.state;
      result.dataset.state = "working";
      use();
      const timeout = Number(marker.dataset.timeout) || TIMEOUT;
      const answer = await ask(kind === "config" ? "model" : "count", text, timeout);
      if (mine !== counting) return;
      const line = problem(answer);
      if (line) return showProblem(result, line, text);
      result.replaceChildren();
      (kind === "config" ? showModel : showCount)(result, answer.report);
      settle(result, "done", text);
    }

    let formulating = 0;
    async function runFormula() {
      const text = input.value;
      const mine = ++formulating;
      formulas.dataset.state = "working";
      use();
      const timeout = Number(marker.dataset.timeout) || TIMEOUT;
      const [answer, katex] = await Promise.all([
        ask(kind === "config" ? "model_formula" : "count_formula", text, timeout),
        loadKatex().catch((error) => error),
      ]);
      if (mine !== formulating) return;
      const line = problem(answer) || (katex instanceof Error ? katex.message : null);
      if (line) return showProblem(formulas, line, text);
      formulas.replaceChildren();
      showFormula(formulas, answer.latex, katex);
      settle(formulas, "done", text);
    }

    marker.addEventListener("focusin", use);
    marker.addEventListener("pointerdown", use);
    count.addEventListener("click", runCount);
    formula.addEventListener("click", runFormula);
    input.addEventListener("keydown", (event) => {
      const submit = kind === "config" ? event.ctrlKey || event.metaKey : !event.shiftKey;
      if (event.key === "Enter" && submit && !event.isComposing) {
        event.preventDefault();
        runCount();
      }
    });
    input.addEventListener("input", () => {
      if (select) select.value = "";
    });
    if (select) {
      select.addEventListener("change", () => {
        const picked = checkpoints.find((c) => c.name === select.value);
        if (!picked) return;
        input.value = picked.config;
        runCount();
      });
    }

    // The example's answer, computed when the site was built.
    try {
      const answer = JSON.parse(marker.dataset.answer || "null");
      if (answer && answer.report) {
        (kind === "config" ? showModel : showCount)(result, answer.report);
        result.append(element("p", { class: "calculator__note", text: w.example }));
        result.dataset.state = "example";
        result.dataset.answered = example;
      }
    } catch (error) {
      // no example answer: the box starts empty
    }
  }

  // --- "Run" on a page's snippets (hooks/snippets.py) ----------------------------------

  // A snippet may run the page's sympy proofs before it: more time than one count.
  const RUN_TIMEOUT = 120000;

  // ">>> source" and "... more" lines, then what the example printed.
  function transcriptOf(example) {
    const lines = example.source.replace(/\n$/, "").split("\n");
    return lines.map((line, k) => (k ? "... " : ">>> ") + line).join("\n") + "\n" + example.got;
  }

  function buildRun(marker, data) {
    if (marker.dataset.runReady !== undefined) return;
    const session = data.runs[marker.dataset.runSnippet];
    if (!session) return;
    marker.dataset.runReady = "";
    const w = words();
    const button = element("button", {
      type: "button",
      class: "md-button",
      title: w.runHint,
      "data-run-action": "",
    });
    button.textContent = w.run;
    const bar = element("progress", { hidden: true });
    const status = element("span", { class: "calculator__status", role: "status" });
    const result = element("div", { class: "snippet-run__result", "data-run-result": "", "aria-live": "polite" });
    marker.replaceChildren(element("div", { class: "calculator__actions" }, button, bar, status), result);

    python.listeners.add((progress) => {
      if (result.dataset.state !== "working") return;
      if (progress) status.textContent = showProgress(progress, bar, w.running);
    });

    button.addEventListener("click", async () => {
      if (result.dataset.state === "working") return;
      result.dataset.state = "working";
      startPython();
      status.textContent = showProgress(python.status || { stage: "working" }, bar, w.running);
      const text = JSON.stringify(session.map((index) => data.snippets[index]));
      const answer = await ask("run", text, RUN_TIMEOUT);
      bar.hidden = true;
      status.textContent = "";
      const line = problem(answer);
      if (line) {
        result.replaceChildren(element("p", { class: "calculator__error", "data-calculator-error": "", text: line }));
        result.dataset.state = "error";
        return;
      }
      const same = answer.examples.every((example) => example.same);
      result.replaceChildren(
        element(
          "pre",
          {},
          element(
            "code",
            {},
            // Examples that print nothing are left out: the snippet above shows them.
            ...answer.examples.filter((e) => e.got || e.want || !e.same).map((example) =>
              element(
                "span",
                { class: example.same ? null : "snippet-run__differs" },
                transcriptOf(example),
                example.same ? null : `# ${w.pageShows}\n${example.want}`,
              ),
            ),
          ),
        ),
        element("p", { class: "calculator__note", text: same ? w.same : w.differs }),
      );
      result.dataset.same = String(same);
      result.dataset.state = "done";
    });
  }

  function init() {
    document.querySelectorAll("[data-calculator-box]").forEach(build);
    const node = document.getElementById("paramref-snippets");
    if (!node) return;
    const data = JSON.parse(node.textContent);
    document.querySelectorAll("[data-run-snippet]").forEach((marker) => buildRun(marker, data));
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
