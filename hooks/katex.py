"""MkDocs hook: render every formula with KaTeX when the site is built.

``pymdownx.arithmatex`` (generic mode) wraps TeX in ``<span class="arithmatex">``
and ``<div class="arithmatex">``. This hook sends each page's formulas to KaTeX
(the npm package, run by node) in one batch and puts the HTML in their place, so
readers need no JavaScript and no CDN. Invalid TeX fails the build. KaTeX's
stylesheet and its woff2 fonts are copied into the site.
"""

from __future__ import annotations

import atexit
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve().parent / "katex-render.cjs"
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
ASSETS = "assets/katex"

MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])"
    r"</(?P=tag)>",
    re.DOTALL,
)

_cache: dict[tuple[str, bool], str] = {}


def node_executable() -> str:
    """The node next to this Python (installed by the docs extra), else the one on PATH."""
    beside = Path(sys.executable).parent / "node"
    if beside.exists():
        return str(beside)
    found = shutil.which("node")
    if found is None:
        raise PluginError("node not found: install the docs extra (pip install -e '.[docs]')")
    return found


def repair(rendered: str) -> str:
    """Adjust KaTeX's output for the site.

    - KaTeX's SVG paths for tall ``\\lfloor`` and ``\\rfloor`` delimiters contain
      ``"z\\nMM319"``: a doubled moveto that browsers reject (a console error, and
      the delimiter's second half is not drawn). One ``M`` is what was meant.
    - Each formula is written three times (MathML, its TeX, and the HTML that is
      shown), which would fill the search index with noise such as ``yjy_jyj``:
      ``data-search-exclude`` keeps formulas out of it. Search finds words.
    """
    rendered = rendered.replace("z\nMM", "z\nM")
    return rendered.replace('<span class="katex">', '<span class="katex" data-search-exclude>')


_node: subprocess.Popen[str] | None = None


def _renderer() -> subprocess.Popen[str]:
    """The node process that renders for the whole build (started once, restarted if gone)."""
    global _node
    if _node is None or _node.poll() is not None:
        if not KATEX_DIST.exists():
            raise PluginError(f"KaTeX not found at {KATEX_DIST}: run `npm ci` in {ROOT}")
        _node = subprocess.Popen(
            [node_executable(), str(SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
        )
    return _node


@atexit.register
def _stop() -> None:
    """End the node process: it exits when its input closes."""
    global _node
    node, _node = _node, None
    if node is None:
        return
    assert node.stdin is not None
    assert node.stdout is not None
    node.stdin.close()
    try:
        node.wait(timeout=10)
    except subprocess.TimeoutExpired:
        node.kill()
        node.wait()
    node.stdout.close()


def render(formulas: list[tuple[str, bool]]) -> list[str]:
    """Render ``(tex, display)`` pairs to HTML; raise ``PluginError`` on invalid TeX."""
    missing = [f for f in dict.fromkeys(formulas) if f not in _cache]
    if missing:
        node = _renderer()
        assert node.stdin is not None
        assert node.stdout is not None
        node.stdin.write(json.dumps(missing) + "\n")
        node.stdin.flush()
        line = node.stdout.readline()
        if not line:
            raise PluginError("KaTeX stopped without an answer")
        answer = json.loads(line)
        if "error" in answer:
            raise PluginError(f"KaTeX could not render a formula: {answer['error']}")
        rendered = (repair(out) for out in answer["html"])
        _cache.update(zip(missing, rendered, strict=True))
    return [_cache[f] for f in formulas]


def on_page_content(html_text: str, page: Any, **kwargs: Any) -> str:
    matches = list(MATH.finditer(html_text))
    if not matches:
        return html_text
    formulas = []
    for match in matches:
        display = match.group("display") is not None
        tex = match.group("display") if display else match.group("inline")
        formulas.append((html.unescape(tex).strip(), display))
    try:
        rendered = iter(render(formulas))
    except PluginError as error:
        raise PluginError(f"{page.file.src_path}: {error}") from None

    def replace(match: re.Match[str]) -> str:
        out = next(rendered)
        if not match.group("display"):
            return out
        # The outer block holds the "Copy TeX" button (docs/javascripts/tex-copy.js);
        # the inner one scrolls sideways when the formula is wider than the page.
        return f'<div class="math-block"><div class="math-display">{out}</div></div>'

    return MATH.sub(replace, html_text)


def on_post_build(config: Any, **kwargs: Any) -> None:
    target = Path(config["site_dir"]) / ASSETS
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    shutil.copy2(KATEX_DIST / "katex.min.css", target / "katex.min.css")
    # For the formulas the calculator boxes render in the page, loaded only then.
    shutil.copy2(KATEX_DIST / "katex.min.js", target / "katex.min.js")
    for font in (KATEX_DIST / "fonts").glob("*.woff2"):
        shutil.copy2(font, target / "fonts" / font.name)
