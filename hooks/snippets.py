"""MkDocs hook: a "Run" button on the ``pycon`` snippets the reader's browser can run.

The test suite runs every page's Python snippets in one namespace, in page order
(``tests/docs_collection.py``). The browser can do the same with the package's
wheel and sympy (``paramref._browser.run``), but not with torch, Keras or
``transformers``, which the "check it yourself" snippets import. This hook reads
a page's snippets, as the suite reads them, and keeps those that need none of
those: a snippet that imports another package is left out, and so is every later
snippet that reads a name it defines. Each kept ``pycon`` snippet gets a marker
after it:

    <div data-run-snippet="7"></div>

and the page gets, once, the kept snippets' sources as JSON
(``<script type="application/json" id="paramref-snippets">``): the button runs
the kept snippets up to its own in a fresh namespace and shows what each example
of its own prints, beside what the page shows. ``docs/javascripts/calculator.js``
draws the buttons; Python loads only when one is pressed. The suite checks, in
CPython, that every kept snippet prints what its page shows.
"""

from __future__ import annotations

import ast
import doctest
import json
import re
import sys
from dataclasses import dataclass, field
from typing import Any

#: A fenced block at the start of a line: its info string and its source.
FENCE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)\n(?P<source>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
#: A hidden snippet: ``<!-- invisible-code-block: python ... -->``.
HIDDEN = re.compile(
    r"<!--\s*(?:invisible-)?code(?:-block)?:\s*(?P<info>[^\n]*)\n(?P<source>.*?)-->",
    re.DOTALL,
)
PYTHON = frozenset({"python", "py", "pycon"})
#: Packages the browser has: the standard library (but what needs an operating
#: system or a network), the package, and the wheels the site serves.
UNAVAILABLE = frozenset(
    {"subprocess", "multiprocessing", "socket", "ssl", "urllib", "http", "ctypes", "tkinter"}
)
AVAILABLE = (frozenset(sys.stdlib_module_names) - UNAVAILABLE) | {"paramref", "sympy", "mpmath"}
MARKER = '<div class="snippet-run" data-run-snippet="{index}"></div>'
SCRIPT = '<script type="application/json" id="paramref-snippets">{data}</script>'


@dataclass
class Snippet:
    """One Python snippet of a page: how it runs, its source, where it ends."""

    kind: str  # "script" or "doctest"
    source: str
    end: int  # offset in the page's markdown just after it
    shown: bool  # a fence (not a hidden snippet)
    defines: set[str] = field(default_factory=set)
    reads: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)


def language(info: str) -> str:
    """The language of a fence's info string: ``'python title="a.py"'`` -> ``'python'``."""
    words = info.strip().lstrip("{").split()
    return words[0].lstrip(".").rstrip("}").lower() if words else ""


def code_of(kind: str, source: str) -> str:
    """The Python a snippet runs: a doctest's examples joined, or the script itself."""
    if kind == "script":
        return source
    return "".join(example.source for example in doctest.DocTestParser().get_examples(source))


def snippets(markdown: str) -> list[Snippet]:
    """The page's Python snippets, fenced or hidden, in page order."""
    found = [(m, True) for m in FENCE.finditer(markdown)]
    found += [(m, False) for m in HIDDEN.finditer(markdown)]
    found.sort(key=lambda item: item[0].start())
    listed = []
    for match, shown in found:
        if language(match["info"]) not in PYTHON:
            continue
        source = match["source"]
        kind = "doctest" if source.lstrip().startswith(">>>") else "script"
        snippet = Snippet(kind, source, match.end(), shown)
        try:
            tree = ast.parse(code_of(kind, source))
        except SyntaxError:
            snippet.modules.add("?")  # never kept
        else:
            read_names(tree, snippet)
        listed.append(snippet)
    return listed


def read_names(tree: ast.AST, snippet: Snippet) -> None:
    """What ``tree`` imports, binds and reads."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                snippet.modules.add(alias.name.partition(".")[0])
                snippet.defines.add(alias.asname or alias.name.partition(".")[0])
        elif isinstance(node, ast.ImportFrom):
            snippet.modules.add("." if node.level else (node.module or "").partition(".")[0])
            snippet.defines.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Name):
            (snippet.reads if isinstance(node.ctx, ast.Load) else snippet.defines).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            snippet.defines.add(node.name)


def runnable(listed: list[Snippet]) -> list[bool]:
    """Which snippets the browser runs: available imports, and no name of one it skips."""
    kept: list[bool] = []
    unknown: set[str] = set()  # names a skipped snippet defines
    for snippet in listed:
        keep = snippet.modules <= AVAILABLE and not (snippet.reads & unknown)
        if keep:
            unknown -= snippet.defines
        else:
            unknown |= snippet.defines
        kept.append(keep)
    return kept


def sessions(markdown: str) -> tuple[list[Snippet], dict[int, list[int]]]:
    """The page's snippets and, for each kept ``pycon`` fence (by index), the kept
    snippets up to it: what its button runs."""
    listed = snippets(markdown)
    kept = runnable(listed)
    runs: dict[int, list[int]] = {}
    so_far: list[int] = []
    for index, (snippet, keep) in enumerate(zip(listed, kept, strict=True)):
        if not keep:
            continue
        so_far.append(index)
        if snippet.kind == "doctest" and snippet.shown:
            runs[index] = list(so_far)
    return listed, runs


def on_page_markdown(markdown: str, page: Any, config: Any, **kwargs: Any) -> str:
    listed, runs = sessions(markdown)
    if not runs:
        return markdown
    used = sorted({index for session in runs.values() for index in session})
    data = {
        "snippets": {str(i): [listed[i].kind, listed[i].source] for i in used},
        "runs": {str(i): session for i, session in runs.items()},
    }
    pieces, start = [], 0
    for index in sorted(runs):
        end = listed[index].end
        pieces += [markdown[start:end], "\n\n" + MARKER.format(index=index) + "\n"]
        start = end
    pieces.append(markdown[start:])
    # "</" cannot end the script early: JSON may write "/" as "\/".
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return "".join(pieces) + "\n\n" + SCRIPT.format(data=text) + "\n"
