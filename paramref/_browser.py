"""What the site's calculator boxes call, in the reader's browser (Pyodide).

Each function takes the text a reader typed and returns JSON text: the command
line's own report (what ``paramref count --json`` or ``paramref model --config
FILE --json`` prints, without the formulas), the formulas as ``paramref ...
--latex`` prints them, or ``{"error": line}`` with the one line the command line
prints for the same input. Nothing typed is evaluated: calls go through the
command line's ``ast`` reader, configs through ``json``.

Counting needs no sympy; formulas do. When a formula is asked for before sympy is
installed, the answer is ``{"missing": "sympy"}``: the page installs sympy and
asks again. Integers are sent as strings, because JavaScript's numbers are exact
only up to 2**53.

>>> import json
>>> json.loads(count("nn.Linear(8, 16), nn.Linear(16, 8)"))["report"]["params"]
'280'
>>> keras = "layers.Input(shape=(10,)), layers.Embedding(1000, 64), layers.SimpleRNN(32)"
>>> json.loads(count(keras))["report"]["output_shape"], json.loads(count(keras))["report"]["params"]
(['32'], '67104')
>>> json.loads(count("__import__('os')"))["error"]
'paramref: error: expected a layer call like nn.Linear(...), got __import__'
"""

from __future__ import annotations

import ast
import contextlib
import doctest
import io
import json
import traceback
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from ._cli import (
    build_parser,
    config_model,
    count_latex,
    count_result,
    model_report,
    parse_layer,
    percent,
    read_config,
    read_python,
    refusal,
)

__all__ = ["count", "count_formula", "expressions", "model", "model_formula", "run"]

#: The name a pasted config goes by in messages, as a file name would.
CONFIG_SOURCE = "config.json"
#: Packages the page installs only when a formula is asked for.
LAZY_PACKAGES = ("sympy", "mpmath")


def expressions(text: str) -> list[str]:
    """The calls in ``text``, as the arguments ``paramref count`` would get them.

    Calls are separated by new lines, semicolons or commas, and one call may span
    several lines. Text that is not Python is passed on whole, so that the
    command line's reader refuses it with its own message.

    >>> expressions("nn.Linear(8, 16), nn.ReLU()\\nnn.Linear(\\n  16, 8)")
    ['nn.Linear(8, 16)', 'nn.ReLU()', 'nn.Linear(\\n  16, 8)']
    """
    try:
        tree = read_python(text, "exec")
    except SyntaxError:
        return [text]
    nodes: list[ast.AST] = []
    for statement in tree.body:
        if isinstance(statement, ast.Expr):
            value = statement.value
            nodes += value.elts if isinstance(value, ast.Tuple) else [value]
        else:
            nodes.append(statement)  # `import os`, `x = ...`: the reader refuses it
    return [ast.get_source_segment(text, node) or ast.unparse(node) for node in nodes]


def _count_report(text: str, *, formulas: bool) -> dict[str, Any]:
    options = build_parser().parse_args(["count", "--", *expressions(text)])
    items = [parse_layer(call) for call in options.expressions]
    return count_result(items, options.input_shape, formulas=formulas)[0]


def _model_report(text: str, *, formulas: bool) -> dict[str, Any]:
    name, spec = config_model(read_config(text, CONFIG_SOURCE))
    report = model_report(name, spec, formulas=formulas)
    report["shares"] = {
        part: percent(part_count, spec.params) for part, part_count in spec.breakdown.items()
    }
    return report


def count(text: str) -> str:
    """``paramref count --json`` for the calls in ``text``, formulas left out."""
    return _answer(lambda: {"report": _count_report(text, formulas=False)})


def count_formula(text: str) -> str:
    """The lines of ``paramref count --latex`` for the calls in ``text``."""
    return _answer(lambda: {"latex": count_latex(_count_report(text, formulas=True))})


def model(text: str) -> str:
    """``paramref model --config config.json --json`` for the pasted config, formulas left out.

    ``shares`` adds each part's share of the total, as the command line prints it.
    """
    return _answer(lambda: {"report": _model_report(text, formulas=False)})


def model_formula(text: str) -> str:
    """The line of ``paramref model --config config.json --latex`` for the pasted config."""
    return _answer(lambda: {"latex": [_model_report(text, formulas=True)["latex"]]})


#: How the test suite compares a snippet's output with the page's.
DOCTEST_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


class _Runner(doctest.DocTestRunner):
    """A doctest runner that keeps what each example printed, and whether it is the page's."""

    def __init__(self) -> None:
        super().__init__(optionflags=DOCTEST_FLAGS, verbose=False)
        self.seen: list[dict[str, Any]] = []

    def report_start(self, out: Any, test: Any, example: doctest.Example) -> None:
        pass

    def _keep(self, example: doctest.Example, got: str, same: bool) -> None:
        self.seen.append({"source": example.source, "want": example.want, "got": got, "same": same})

    def report_success(self, out: Any, test: Any, example: doctest.Example, got: str) -> None:
        self._keep(example, got, True)

    def report_failure(self, out: Any, test: Any, example: doctest.Example, got: str) -> None:
        self._keep(example, got, False)

    def report_unexpected_exception(
        self, out: Any, test: Any, example: doctest.Example, exc_info: Any
    ) -> None:
        error = exc_info[1]
        if _lazy(error):
            raise error  # the page installs it and asks again
        lines = traceback.format_exception_only(exc_info[0], error)
        self._keep(example, "Traceback (most recent call last):\n  ...\n" + "".join(lines), False)


def _run_snippet(kind: str, source: str, namespace: dict[str, Any], name: str) -> list[Any]:
    """Run one snippet in ``namespace``: a script, or a doctest whose examples are returned."""
    if kind == "script":
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(source, name, "exec"), namespace)
        return []
    test = doctest.DocTestParser().get_doctest(source, namespace, name, None, 0)
    runner = _Runner()
    runner.run(test, out=lambda text: None, clear_globs=False)
    namespace.update(test.globs)  # a doctest runs in a copy of the namespace
    return runner.seen


def run(text: str) -> str:
    """Run a page's snippets in a fresh namespace, as the test suite runs them.

    ``text`` is JSON: a list of ``[kind, source]`` in page order, ``kind``
    ``"script"`` (a ``python`` fence, run as a script) or ``"doctest"`` (a
    ``pycon`` fence); the last is the snippet asked for. The answer lists its
    examples, each with what it printed and whether that is what the page shows:
    ``{"examples": [{"source", "want", "got", "same"}]}``. When an earlier
    snippet fails or prints something else, the answer is ``{"error": line}``.
    The snippets are the page's own, written into it when the site was built:
    nothing a reader types is run.

    >>> answer = json.loads(run(json.dumps([
    ...     ["script", "from paramref import nn\\n"],
    ...     ["doctest", ">>> nn.Linear(3, 2).params\\n8\\n"],
    ... ])))
    >>> answer["examples"][0]["got"], answer["examples"][0]["same"]
    ('8\\n', True)
    """
    return _answer(lambda: _run_snippets(json.loads(text)))


def _run_snippets(snippets: Sequence[Sequence[str]]) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "__main__"}
    examples: list[Any] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for number, (kind, source) in enumerate(snippets, 1):
            name = f"<snippet {number}>"
            try:
                examples = _run_snippet(kind, source, namespace, name)
            except Exception as error:
                if _lazy(error):
                    raise
                return {"error": f"{name}: {type(error).__name__}: {error}"}
            differs = [e for e in examples if not e["same"]]
            if differs and number < len(snippets):
                return {"error": f"{name}: {differs[0]['source'].strip()} printed otherwise"}
    return {"examples": examples}


def _lazy(error: BaseException) -> str:
    """The package ``error`` misses, if it is one the page installs on demand; else ``""``."""
    if isinstance(error, ModuleNotFoundError):
        missing = (error.name or "").partition(".")[0]
        if missing in LAZY_PACKAGES:
            return missing
    return ""


def _answer(make: Callable[[], dict[str, Any]]) -> str:
    try:
        answer = make()
    except Exception as error:
        if _lazy(error):
            return json.dumps({"missing": _lazy(error)})
        answer = {"error": refusal(error)[0]}
    return json.dumps(_exact(answer))


def _exact(value: Any) -> Any:
    """``value`` with every integer (not ``bool``) written as a string of digits."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return {key: _exact(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_exact(item) for item in value]
    return value
