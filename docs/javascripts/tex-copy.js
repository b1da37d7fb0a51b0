// A "Copy TeX" button on every displayed formula.
// The formulas are rendered by KaTeX when the site is built; KaTeX keeps each
// formula's source in <annotation encoding="application/x-tex">, which is what
// the button copies.
(function () {
  "use strict";

  const LABEL = { en: "Copy TeX", zh: "复制 TeX" };
  const DONE = { en: "Copied", zh: "已复制" };

  function language() {
    return (document.documentElement.lang || "en").startsWith("zh") ? "zh" : "en";
  }

  // The TeX source of the formula inside `block`, or "" if there is none.
  function texOf(block) {
    const note = block.querySelector('annotation[encoding="application/x-tex"]');
    return note ? note.textContent.trim() : "";
  }

  function fallbackCopy(text) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try {
      document.execCommand("copy");
    } finally {
      area.remove();
    }
    return Promise.resolve();
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(() => fallbackCopy(text));
    }
    return fallbackCopy(text);
  }

  function addButton(block) {
    if (block.querySelector(":scope > .tex-copy")) return;
    const tex = texOf(block);
    if (!tex) return;
    const lang = language();
    const button = document.createElement("button");
    button.type = "button";
    button.className = "tex-copy";
    button.title = LABEL[lang];
    button.setAttribute("aria-label", LABEL[lang]);
    button.textContent = "TeX";
    button.dataset.tex = tex;
    button.addEventListener("click", () => {
      copy(button.dataset.tex).then(() => {
        button.classList.add("tex-copy--done");
        button.title = DONE[lang];
        window.setTimeout(() => {
          button.classList.remove("tex-copy--done");
          button.title = LABEL[lang];
        }, 1500);
      });
    });
    block.appendChild(button);
  }

  function init() {
    document.querySelectorAll(".math-block").forEach(addButton);
  }

  // For formulas rendered later, in the page (the calculator boxes' formulas).
  window.paramrefTexCopy = addButton;

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
