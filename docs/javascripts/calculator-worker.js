// The calculator boxes' Python: Pyodide in a Web Worker, running the paramref package.
//
// Everything comes from the site itself (assets/calculator/manifest.json lists it,
// hooks/calculator.py writes it): Pyodide's runtime, the package's wheel and, only
// when a formula is asked for, the sympy and mpmath wheels.
//
// Messages in:  {id, fn, text}, fn one of paramref._browser's functions
//               (count, count_formula, model, model_formula, run); {fn: "start"} only
//               loads Python.
// Messages out: {type: "progress", stage, loaded, total}: stage python, paramref,
//                 sympy (downloads), import (sympy), ready, or working: a call
//                 into the package has begun (the page times calls, not loading)
//               {type: "answer", id, answer}   answer: the function's JSON, parsed
//               {type: "failed", id, message}  Python could not be loaded
//               {type: "crashed", id, message} Python broke during a call; the page
//                 ends this worker and starts another at the next request
"use strict";

const ASSETS = new URL("../assets/", import.meta.url);
const FUNCTIONS = new Set(["count", "count_formula", "model", "model_formula", "run"]);

// The Python side: import the package's browser entry points, reporting a missing
// module (sympy, while `import paramref` imports it) by its name.
const GLUE = `
import json

def paramref_import():
    try:
        import paramref._browser
    except ModuleNotFoundError as error:
        return (error.name or "").partition(".")[0]
    return ""

def paramref_call(name, text):
    from paramref import _browser
    return getattr(_browser, name)(text)
`;

let manifest = null;
let pyodide = null;
let starting = null;
let lazyInstalling = null;
let missing = ""; // what `import paramref._browser` still lacks
let progress = { stage: "python", loaded: 0, total: 0 };

function post(message) {
  self.postMessage(message);
}

function report(stage) {
  if (stage) progress.stage = stage;
  post({ type: "progress", ...progress });
}

// fetch, counting the bytes as they arrive, for the progress bar. The WebAssembly
// module goes through untouched, so the browser can cache its compiled code.
const plainFetch = self.fetch.bind(self);
self.fetch = async (input, init) => {
  const response = await plainFetch(input, init);
  if (!response.ok || !response.body) return response;
  if (response.url.endsWith(".wasm")) {
    progress.loaded += manifest.runtime["pyodide.asm.wasm"];
    report();
    return response;
  }
  const reader = response.body.getReader();
  const counted = new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      progress.loaded += value.byteLength;
      report();
      controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(counted, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
};

async function download(item) {
  const url = new URL(`calculator/${item.file}?v=${item.hash}`, ASSETS);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function install(items) {
  const wheels = await Promise.all(items.map(download));
  for (const wheel of wheels) pyodide.unpackArchive(wheel, "wheel");
  pyodide.runPython("import importlib; importlib.invalidate_caches()");
}

async function start() {
  const answer = await plainFetch(new URL("calculator/manifest.json", ASSETS), {
    cache: "no-cache",
  });
  if (!answer.ok) throw new Error(`calculator/manifest.json: HTTP ${answer.status}`);
  manifest = await answer.json();
  const runtimeBytes = Object.entries(manifest.runtime)
    .filter(([name]) => !name.endsWith(".mjs")) // modules are imported, not fetched
    .reduce((sum, [, bytes]) => sum + bytes, 0);
  progress.total = runtimeBytes + manifest.paramref.bytes;
  report("python");
  const indexURL = new URL(manifest.runtime_dir, ASSETS).href;
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  pyodide = await loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
  report("paramref");
  await install([manifest.paramref]);
  pyodide.runPython(GLUE);
  missing = python("paramref_import");
  report("ready");
}

function installLazy() {
  if (!lazyInstalling) {
    // Installed once; a failed download is tried again at the next request.
    lazyInstalling = (async () => {
      progress = {
        stage: "sympy",
        loaded: 0,
        total: manifest.lazy.reduce((sum, item) => sum + item.bytes, 0),
      };
      report();
      await install(manifest.lazy);
    })().catch((error) => {
      lazyInstalling = null;
      throw error;
    });
  }
  return lazyInstalling;
}

function python(name, ...args) {
  const fn = pyodide.globals.get(name);
  try {
    return fn(...args);
  } finally {
    fn.destroy();
  }
}

// sympy and mpmath, installed and imported: each step starts with a message, so
// the page can tell loading from a call that runs away.
async function loadLazy() {
  await installLazy();
  report("import");
  pyodide.runPython("import sympy");
}

async function answer(fn, text) {
  const lazy = new Set(manifest.lazy.map((item) => item.name));
  if (lazy.has(missing)) {
    await loadLazy();
    missing = python("paramref_import");
  }
  if (missing) {
    return { error: `paramref: internal error: ModuleNotFoundError: ${missing}` };
  }
  report("working");
  let result = JSON.parse(python("paramref_call", fn, text));
  if (result.missing && lazy.has(result.missing)) {
    await loadLazy();
    report("working");
    result = JSON.parse(python("paramref_call", fn, text));
  }
  return result;
}

// One request at a time, in order: Python runs on this one thread anyway.
let queue = Promise.resolve();

self.onmessage = (event) => {
  const { id, fn, text } = event.data || {};
  if (fn !== "start" && !(FUNCTIONS.has(fn) && typeof text === "string")) return;
  queue = queue.then(async () => {
    try {
      starting = starting || start();
      await starting;
    } catch (error) {
      post({ type: "failed", id, message: String((error && error.message) || error) });
      starting = null;
      return;
    }
    if (fn === "start") return;
    let result;
    try {
      result = await answer(fn, text);
    } catch (error) {
      post({ type: "crashed", id, message: String((error && error.message) || error) });
      return;
    }
    post({ type: "answer", id, answer: result });
  });
};
