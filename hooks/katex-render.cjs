// Render TeX with KaTeX at build time, for hooks/katex.py.
// One process serves a whole build: each line on stdin is a JSON array of
// [tex, displayMode]; each answer is one line on stdout, {"html": [...]} with the
// HTML strings in order, or {"error": message} naming the formula KaTeX refused
// (invalid TeX is an error, never rendered red).
"use strict";
const katex = require("katex");
const readline = require("readline");

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  const html = [];
  for (const [tex, displayMode] of JSON.parse(line)) {
    try {
      html.push(
        katex.renderToString(tex, {
          displayMode,
          throwOnError: true,
          strict: "error",
          output: "htmlAndMathml",
        }),
      );
    } catch (error) {
      process.stdout.write(JSON.stringify({ error: `${error.message}\n  in: ${tex}` }) + "\n");
      return;
    }
  }
  process.stdout.write(JSON.stringify({ html }) + "\n");
});
