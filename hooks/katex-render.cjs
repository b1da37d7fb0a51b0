// Render TeX with KaTeX at build time.
// stdin: JSON array of [tex, displayMode]; stdout: JSON array of HTML strings.
// Invalid TeX is an error: the message names the formula and the process exits 1.
"use strict";
const katex = require("katex");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const out = [];
  for (const [tex, displayMode] of JSON.parse(input)) {
    try {
      out.push(
        katex.renderToString(tex, {
          displayMode,
          throwOnError: true,
          strict: "error",
          output: "htmlAndMathml",
        }),
      );
    } catch (error) {
      process.stderr.write(`${error.message}\n  in: ${tex}\n`);
      process.exit(1);
    }
  }
  process.stdout.write(JSON.stringify(out));
});
