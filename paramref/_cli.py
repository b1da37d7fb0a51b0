"""The command line: count a layer or a network written as code, and solve the MLP problems.

Expressions are parsed with ``ast`` and never evaluated: only a call of a known
spec (``nn.X(...)`` or ``layers.X(...)``) with literal arguments is accepted, and a
spec may appear as an argument of another (``nn.Sequential(nn.Linear(4, 5))``).
Keras layers written one after another make a ``layers.Sequential``: the input
shape, given once, flows from layer to layer as Keras passes it.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import io
import json
import keyword as python_keyword
import math
import os
import re
import sys
import tokenize
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, NoReturn

from . import layers, models, nn
from ._tensors import Spec, symbol

if TYPE_CHECKING:  # sympy is imported where a formula is written, not to count
    from fractions import Fraction

    import sympy

    from ._keras import Output
    from ._keras_model import KerasSequential


def _is_instance(spec: object, module: str, name: str) -> bool:
    """``isinstance(spec, paramref.<module>.<name>)`` without importing the module.

    A spec of that class exists only once its module is imported, so a module
    not yet imported answers no: counting ``nn.Linear`` loads no Keras code.
    """
    loaded = sys.modules.get(f"paramref.{module}")
    return loaded is not None and isinstance(spec, getattr(loaded, name))


__all__ = ["main"]

MAX_EXPRESSION = 10_000
MAX_DEPTH = 8
MAX_DIGITS = 30
#: How deeply an expression or a config may nest, checked before it is parsed:
#: Python's parser and ``json`` recurse once per level, and where the stack is
#: small (WebAssembly, in the site's calculator boxes) it ends before Python's
#: recursion limit is reached. A valid layer call stays far below.
MAX_NESTING = 100

#: Namespace as written -> (short name, the paramref module), imported on first use.
NAMESPACES: dict[str, tuple[str, str]] = {
    "nn": ("nn", "paramref.nn"),
    "torch.nn": ("nn", "paramref.nn"),
    "paramref.nn": ("nn", "paramref.nn"),
    "layers": ("layers", "paramref.layers"),
    "keras.layers": ("layers", "paramref.layers"),
    "paramref.layers": ("layers", "paramref.layers"),
}
# torch.nn.utils's normalizations wrap a layer: nn.utils.weight_norm(nn.Linear(4, 3)).
for _path in ("nn.utils", "nn.utils.parametrizations"):
    for _prefix in ("", "torch.", "paramref."):
        NAMESPACES[_prefix + _path] = (_path, f"paramref.{_path}")


class UsageError(Exception):
    """A refusal: printed as one line on stderr, exit status 2."""


# ---------------------------------------------------------------------------
# Reading expressions


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def _callables(module: Any) -> list[str]:
    """The names in ``module.__all__`` that make a spec (not the submodules)."""
    return sorted(name for name in module.__all__ if callable(getattr(module, name)))


def known_specs() -> dict[str, list[str]]:
    """Namespace -> the public spec names a user may call."""
    return {
        "nn": _callables(nn),
        "nn.utils": _callables(nn.utils),
        "nn.utils.parametrizations": _callables(nn.utils.parametrizations),
        "layers": _callables(layers),
    }


def _spec_class(node: ast.expr) -> tuple[str, str, Callable[..., Spec]]:
    """(namespace, ``namespace.Name``, class) of the callee, or a refusal."""
    dotted = _dotted(node)
    if dotted is None or "." not in dotted:
        raise UsageError(
            f"expected a layer call like nn.Linear(...), got {dotted or 'an expression'}"
        )
    prefix, _, name = dotted.rpartition(".")
    if prefix not in NAMESPACES:
        raise UsageError(f"unknown namespace {prefix!r}: use nn.X(...) or layers.X(...)")
    short, path = NAMESPACES[prefix]
    module = importlib.import_module(path)
    # Only the named class is imported: a name of __all__ that is not a module.
    if name not in module.__all__ or inspect.ismodule(getattr(module, name)):
        raise UsageError(f"unknown layer {short}.{name}; see `paramref layers` for the list")
    return short, f"{short}.{name}", getattr(module, name)


def _literal(node: ast.expr, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise UsageError("expression nested too deeply")
    if isinstance(node, ast.Constant):
        value = node.value
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and len(str(abs(value))) > MAX_DIGITS
        ):
            raise UsageError(f"number too large: more than {MAX_DIGITS} digits")
        if value is Ellipsis or isinstance(value, bytes | complex):
            raise UsageError(f"unsupported literal {ast.unparse(node)}")
        return value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = _literal(node.operand, depth + 1)
        if isinstance(operand, bool) or not isinstance(operand, int | float):
            raise UsageError(f"unsupported expression {ast.unparse(node)}")
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Tuple | ast.List):
        items = [_literal(item, depth + 1) for item in node.elts]
        return tuple(items) if isinstance(node, ast.Tuple) else items
    if isinstance(node, ast.Dict):  # nn.ModuleDict({"head": nn.Linear(8, 2)})
        entries: dict[Any, Any] = {}
        for key_node, value_node in zip(node.keys, node.values, strict=True):
            if key_node is None:
                raise UsageError("**mapping is not accepted: write each entry")
            key = _literal(key_node, depth + 1)
            if not isinstance(key, str | int | float | bool | None):
                raise UsageError(f"unsupported dictionary key {ast.unparse(key_node)}")
            entries[key] = _literal(value_node, depth + 1)
        return entries
    if isinstance(node, ast.Call):
        return _call(node, depth + 1)
    raise UsageError(f"only literal arguments are accepted, got {ast.unparse(node)}")


@dataclass(frozen=True)
class Layer:
    """One parsed layer: how the user wrote it and the spec it makes."""

    text: str
    framework: str
    spec: Spec


def _call(node: ast.Call, depth: int) -> Spec:
    _, _, cls = _spec_class(node.func)
    args = [_literal(arg, depth) for arg in node.args]
    kwargs: dict[str, Any] = {}
    for keyword in node.keywords:
        if keyword.arg is None:
            raise UsageError("**kwargs is not accepted: write each argument")
        kwargs[keyword.arg] = _literal(keyword.value, depth)
    if any(isinstance(arg, ast.Starred) for arg in node.args):
        raise UsageError("*args is not accepted: write each argument")
    try:
        return cls(*args, **kwargs)
    except (TypeError, ValueError) as error:
        raise UsageError(f"{ast.unparse(node)}: {error}") from None


def check_nesting(text: str) -> None:
    """Refuse text whose syntax tree could be deeper than ``MAX_NESTING``, before parsing it.

    The bound is read from the tokens: each open bracket is a level, and so is each
    operator, dot, keyword, call or subscript chained within one element of a
    bracket (a comma starts the next element). Text that does not tokenize is left
    to the parser, which names the error.

    >>> check_nesting("nn.Sequential(nn.Linear(4, 5), nn.ReLU())")
    >>> check_nesting("nn.Linear(1" + " + 1" * 200 + ", 2)")
    Traceback (most recent call last):
    ...
    paramref._cli.UsageError: expression nested too deeply
    """
    chained = [0]  # per open bracket: levels chained in its current element
    previous: tokenize.TokenInfo | None = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            kind, string = token.type, token.string
            if kind == tokenize.OP and string in ("(", "[", "{"):
                if previous is not None and (
                    previous.type in (tokenize.NAME, tokenize.NUMBER, tokenize.STRING)
                    or previous.string in (")", "]", "}")
                ):
                    chained[-1] += 1  # a call or a subscript of what precedes
                chained.append(0)
            elif kind == tokenize.OP and string in (")", "]", "}"):
                if len(chained) > 1:
                    chained.pop()
            elif (kind == tokenize.OP and string in (",", ";")) or kind == tokenize.NEWLINE:
                chained[-1] = 0
            elif kind == tokenize.OP or python_keyword.iskeyword(string):
                chained[-1] += 1
            if len(chained) + sum(chained) > MAX_NESTING:
                raise UsageError("expression nested too deeply")
            previous = token
    except (tokenize.TokenError, SyntaxError):
        pass


def read_python(text: str, mode: str) -> Any:
    """``text`` parsed by ``ast`` (``mode`` ``"eval"``, stripped, or ``"exec"``), after
    the checks of its length and nesting; ``SyntaxError`` when it is not Python.

    Python warns about text such as ``"6in"`` before it fails on it; the failure
    is what the user needs to read, once.
    """
    if len(text) > MAX_EXPRESSION:
        raise UsageError(f"expression longer than {MAX_EXPRESSION} characters")
    check_nesting(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        return ast.parse(text.strip() if mode == "eval" else text, mode=mode)


def parse_layer(text: str) -> Layer:
    """Parse one expression such as ``"nn.Linear(784, 128)"`` into a spec.

    >>> parse_layer("nn.Linear(784, 128)").spec.params
    100480
    >>> parse_layer("__import__('os').system('true')")
    Traceback (most recent call last):
    ...
    paramref._cli.UsageError: expected a layer call like nn.Linear(...), got an expression
    """
    try:
        tree = read_python(text, "eval")
    except SyntaxError as error:
        raise UsageError(f"not a valid expression: {text!r} ({error.msg})") from None
    if not isinstance(tree.body, ast.Call):
        raise UsageError(f"expected a call such as nn.Linear(784, 128), got {text!r}")
    namespace, _, _ = _spec_class(tree.body.func)
    spec = _call(tree.body, 0)
    return Layer(ast.unparse(tree.body), "keras" if namespace == "layers" else "torch", spec)


# ---------------------------------------------------------------------------
# Output


def thousands(value: int) -> str:
    return f"{value:,}"


def shape_text(shape: Sequence[int]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def table(rows: list[tuple[str, str, str]], header: tuple[str, str, str]) -> list[str]:
    """Left-aligned name and shape, right-aligned count."""
    widths = [max(len(row[k]) for row in [header, *rows]) for k in range(3)]
    lines = []
    for row in [header, *rows]:
        lines.append(
            f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}".rstrip()
        )
    return lines


def latex_symbols(formula: sympy.Expr) -> dict[sympy.Symbol, str]:
    return {s: r"\mathrm{" + s.name.replace("_", r"\_") + "}" for s in formula.free_symbols}


def latex_equation(formula: sympy.Expr, values: dict[sympy.Symbol, int], total: int) -> str:
    """``P = <formula> = <formula with the numbers> = <total>``, ready to paste."""
    if formula == 0:
        return "P = 0"
    import sympy

    numbers = {s: str(values[s]) for s in formula.free_symbols}
    symbolic = sympy.latex(formula, symbol_names=latex_symbols(formula), mul_symbol="dot")
    numeric = sympy.latex(formula, symbol_names=numbers, mul_symbol="dot")
    return f"P = {symbolic} = {numeric} = {latex_int(total)}"


def latex_int(value: int) -> str:
    """An integer with thin spaces between thousands, as LaTeX: ``32\\,896``."""
    return f"{value:,}".replace(",", r"\,")


def count_report(items: list[Layer], *, formulas: bool = True) -> dict[str, Any]:
    """The stable JSON shape of ``paramref count``; without ``formulas``, no sympy is needed."""
    report_layers = []
    for index, item in enumerate(items):
        prefix = f"{index}." if len(items) > 1 else ""
        spec = item.spec
        layer: dict[str, Any] = {
            "expression": item.text,
            "framework": item.framework,
            "tensors": [
                {
                    "name": prefix + tensor.name,
                    "shape": [int(s) for s in tensor.shape],
                    "count": int(tensor.numel),
                    "trainable": tensor.trainable,
                }
                for tensor in spec.tensors
            ],
            "buffers": {prefix + name: list(shape) for name, shape in spec.buffers.items()},
            "params": spec.params,
            "trainable_params": spec.trainable_params,
            "non_trainable_params": spec.non_trainable_params,
        }
        if formulas:
            layer["formula"] = str(spec.formula)
            layer["latex"] = latex_equation(spec.formula, spec.arguments, spec.params)
        report_layers.append(layer)
    return {
        "layers": report_layers,
        "params": sum(item.spec.params for item in items),
        "trainable_params": sum(item.spec.trainable_params for item in items),
        "non_trainable_params": sum(item.spec.non_trainable_params for item in items),
    }


def print_count(report: dict[str, Any], out: IO[str]) -> None:
    rows = [
        (tensor["name"], shape_text(tensor["shape"]), thousands(tensor["count"]))
        for layer in report["layers"]
        for tensor in layer["tensors"]
    ]
    for layer in report["layers"]:
        print(f"{layer['expression']}: {thousands(layer['params'])}", file=out)
    if rows:
        print(file=out)
        for line in table(rows, ("tensor", "shape", "count")):
            print(line, file=out)
    buffers = [
        (name, shape_text(shape), thousands(math.prod(shape)))
        for layer in report["layers"]
        for name, shape in layer["buffers"].items()
    ]
    if buffers:
        print(file=out)
        for line in table(buffers, ("buffer (not counted)", "shape", "count")):
            print(line, file=out)
    print(file=out)
    summary = [
        ("total", report["params"]),
        ("trainable", report["trainable_params"]),
        ("non-trainable", report["non_trainable_params"]),
    ]
    width = max(len(thousands(value)) for _, value in summary)
    for label, value in summary:
        print(f"{label:<14}{thousands(value):>{width}}", file=out)


# ---------------------------------------------------------------------------
# Commands


def keras_network(items: list[Layer], input_shape: list[int | None] | None) -> bool:
    """Whether the layers make a Keras model: an input given, or several Keras layers."""
    keras = [_is_instance(item.spec, "_keras", "KerasLayer") for item in items]
    given = input_shape is not None or any(
        _is_instance(item.spec, "_parameter_free", "InputLayer") for item in items
    )
    if given and not all(keras):
        raise UsageError(
            "a Keras network takes only Keras layers (layers.X(...)); "
            + ", ".join(item.text for item, ok in zip(items, keras, strict=True) if not ok)
            + " is not one"
        )
    return given or (len(items) > 1 and all(keras))


def keras_model(items: list[Layer], input_shape: list[int | None] | None) -> KerasSequential:
    """The Keras ``Sequential`` the layers make, built on the input shape."""
    from ._keras_model import KerasSequential

    model: KerasSequential = _checked(lambda: KerasSequential([item.spec for item in items]))
    if input_shape is not None:
        _checked(lambda: model.build((None, *input_shape)))
    if not model.built:
        raise UsageError(
            "the network's input shape is unknown (Keras calls the model unbuilt): give "
            "--input-shape, or start with layers.Input(shape=(...))"
        )
    return model


def _shape_json(shape: Output) -> list[Any]:
    if isinstance(shape, list):
        return [list(item) for item in shape]
    return list(shape)


def network_report(
    items: list[Layer], model: KerasSequential, *, formulas: bool = True
) -> dict[str, Any]:
    """The stable JSON shape of ``paramref count`` for a Keras network (formulas need sympy)."""
    texts = [
        item.text for item in items if not _is_instance(item.spec, "_parameter_free", "InputLayer")
    ]
    report_layers: list[dict[str, Any]] = []
    for text, spec in zip(texts, model.layers, strict=True):
        prefix = f"{spec.name}/"
        report_layers.append(
            {
                "name": spec.name,
                "class": type(spec).__name__,
                "expression": text,
                "framework": "keras",
                "output_shape": _shape_json(spec.output_shape),
                "tensors": [
                    {
                        "name": prefix + tensor.name,
                        "shape": [int(s) for s in tensor.shape],
                        "count": int(tensor.numel),
                        "trainable": tensor.trainable and model.trainable,
                    }
                    for tensor in spec.tensors
                ],
                "buffers": {},
                "params": spec.params,
                "trainable_params": spec.trainable_params,
                "non_trainable_params": spec.non_trainable_params,
            }
        )
        if formulas:
            report_layers[-1]["formula"] = str(spec.formula)
            report_layers[-1]["latex"] = latex_equation(spec.formula, spec.arguments, spec.params)
    return {
        "model": model.name,
        "input_shape": list(model.input_shape),
        "output_shape": _shape_json(model.output_shape),
        "layers": report_layers,
        "params": model.params,
        "trainable_params": model.trainable_params,
        "non_trainable_params": model.non_trainable_params,
    }


def count_result(
    items: list[Layer], input_shape: list[int | None] | None, *, formulas: bool = True
) -> tuple[dict[str, Any], KerasSequential | None]:
    """What ``paramref count`` reports for ``items``, and the Keras model when they make one."""
    if keras_network(items, input_shape):
        model = keras_model(items, input_shape)
        return network_report(items, model, formulas=formulas), model
    return _checked(lambda: count_report(items, formulas=formulas)), None


def command_count(options: argparse.Namespace, out: IO[str]) -> None:
    items = [parse_layer(text) for text in options.expressions]
    # The formulas (and so sympy) only where they are printed: --json and --latex.
    formulas = bool(options.json or options.latex)
    report, model = count_result(items, options.input_shape, formulas=formulas)
    if options.json:
        json.dump(report, out, indent=2)
        print(file=out)
    elif options.latex:
        for line in count_latex(report):
            print(line, file=out)
    elif model is not None:
        print_network(model, report, out)
    else:
        print_count(report, out)


def print_network(model: KerasSequential, report: dict[str, Any], out: IO[str]) -> None:
    """A Keras network: Keras's summary, then every tensor."""
    print(model.summary_text(), end="", file=out)
    rows = [
        (tensor["name"], shape_text(tensor["shape"]), thousands(tensor["count"]))
        for layer in report["layers"]
        for tensor in layer["tensors"]
    ]
    if rows:
        print(file=out)
        for line in table(rows, ("tensor", "shape", "count")):
            print(line, file=out)


def _input_axis(text: str) -> int | None:
    if text.lower() == "none":
        return None
    try:
        size = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an axis size: {text!r} (an integer, or None for a free axis)"
        ) from None
    if size < 0:
        raise argparse.ArgumentTypeError(f"an axis size cannot be negative, got {size}")
    return size


def count_latex(report: dict[str, Any]) -> list[str]:
    """The lines of ``paramref count --latex``: each layer's equation, then the sum."""
    lines = [layer["latex"] for layer in report["layers"]]
    if len(report["layers"]) > 1:
        terms = " + ".join(latex_int(layer["params"]) for layer in report["layers"])
        lines.append(f"P = {terms} = {latex_int(report['params'])}")
    return lines


def command_layers(options: argparse.Namespace, out: IO[str]) -> None:
    specs = known_specs()
    if options.json:
        json.dump(specs, out, indent=2)
        print(file=out)
        return
    for namespace, names in specs.items():
        print(f"{namespace}: " + ", ".join(names), file=out)


MLP_ARGUMENTS = ("input_dim", "hidden_dim", "hidden_layers", "output_dim")


def command_mlp(options: argparse.Namespace, out: IO[str]) -> None:
    from ._mlp import MLP

    net = _checked(lambda: MLP(*(getattr(options, name) for name in MLP_ARGUMENTS)))
    import sympy

    formula = sympy.collect(net.formula, symbol("hidden_dim"))
    if options.json:
        report = count_report([Layer("MLP", "torch", net)])
        layer = report["layers"][0]
        layer["formula"] = str(formula)
        layer["latex"] = latex_equation(formula, net.arguments, net.params)
        json.dump(report, out, indent=2)
        print(file=out)
    elif options.latex:
        print(latex_equation(formula, net.arguments, net.params), file=out)
    else:
        print_count(count_report([Layer(_mlp_text(options), "torch", net)]), out)


def _mlp_text(options: argparse.Namespace) -> str:
    return "MLP(" + ", ".join(f"{name}={getattr(options, name)}" for name in MLP_ARGUMENTS) + ")"


def command_match(options: argparse.Namespace, out: IO[str]) -> None:
    from ._mlp import match_hidden_dim

    m = _checked(
        lambda: match_hidden_dim(
            options.input_dim,
            options.output_dim,
            options.hidden_layers,
            options.hidden_dim,
            options.dest_hidden_layers,
        )
    )
    a, b, c = m.coefficients
    import sympy

    if options.json:
        report = {
            "hidden_dim": m.hidden_dim,
            "params": m.params,
            "target": m.target,
            "delta": m.delta,
            "coefficients": {"a": a, "b": b, "c": c},
            "roots": [str(root) for root in m.roots],
            "roots_latex": [sympy.latex(root) for root in m.roots],
        }
        json.dump(report, out, indent=2)
        print(file=out)
        return
    if options.latex:
        roots = ", ".join(sympy.latex(root) for root in m.roots)
        square = f"{a} d_d^2 + " if a else ""
        print(
            rf"{square}{b} d_d {'-' if c < 0 else '+'} {abs(c)} = 0"
            rf" \Rightarrow d_d \in \{{{roots}\}}",
            file=out,
        )
        return
    print(f"original total        {thousands(m.target)}", file=out)
    square, sign = (f"{a}·d_d² + " if a else ""), ("-" if c < 0 else "+")
    print(f"equation              {square}{b}·d_d {sign} {thousands(abs(c))} = 0", file=out)
    print(
        "roots                 " + ", ".join(f"{root} ≈ {float(root):.4f}" for root in m.roots),
        file=out,
    )
    print(f"hidden_dim            {m.hidden_dim}", file=out)
    print(f"total at hidden_dim   {thousands(m.params)} ({m.delta:+,})", file=out)


# The models by name: the transformers (every model_type) read config keys, the
# CNNs torchvision's names.
def transformer_models() -> tuple[str, ...]:
    """Every ``model_type`` the zoo reads (loads the rows)."""
    return models.MODEL_TYPES


def cnn_models() -> dict[str, Callable[..., models.ModelSpec]]:
    """torchvision's model names -> a builder taking ``num_classes``."""
    named: dict[str, Callable[..., models.ModelSpec]] = {
        "alexnet": models.alexnet,
        "mobilenet_v2": models.mobilenet_v2,
    }
    for depth in (18, 34, 50, 101, 152):
        named[f"resnet{depth}"] = lambda depth=depth, **kw: models.resnet(depth, **kw)
    for depth in (11, 13, 16, 19):
        named[f"vgg{depth}"] = lambda depth=depth, **kw: models.vgg(depth, **kw)
        named[f"vgg{depth}_bn"] = lambda depth=depth, **kw: models.vgg(depth, True, **kw)
    return named


def model_keys(name: str) -> dict[str, object]:
    """The keyword arguments (config keys) a model takes, with their defaults."""
    if name == "bert":  # the config keys, and BertModel's own add_pooling_layer
        return {**models.ROWS[name].defaults, "add_pooling_layer": True}
    if name in models.ROWS:
        return dict(models.ROWS[name].defaults)
    return {"num_classes": 1000}


def _config_value(key: str, text: str, default: object) -> object:
    lowered = text.lower()
    if isinstance(default, bool):
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise UsageError(f"--{key} takes true or false, got {text!r}")
    if lowered in ("none", "null") and default is None:
        return None
    if isinstance(default, list | tuple):  # a value per stage: --depths 2,2,6,2
        items = text.strip().strip("[]").replace(" ", "").split(",")
        try:
            return [int(item) for item in items]
        except ValueError:
            raise UsageError(f"--{key} takes integers separated by commas, got {text!r}") from None
    if isinstance(default, str):  # an option string: --norm_rel_ebd layer_norm
        return text
    if isinstance(default, float):
        try:
            return float(text)
        except ValueError:
            raise UsageError(f"--{key} takes a number, got {text!r}") from None
    try:
        return int(text)
    except ValueError:
        raise UsageError(f"--{key} takes an integer, got {text!r}") from None


_JSON_SPECIAL = re.compile(r'[\\"\[\]{}]')


def json_nesting(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest (strings skipped).

    >>> json_nesting('{"a": [1, {"b": "[[["}]}')
    3
    """
    depth = deepest = 0
    in_string = False
    escaped = -1  # the position of a character escaped by a backslash
    for match in _JSON_SPECIAL.finditer(text):
        char, at = match.group(), match.start()
        if at == escaped:
            continue
        if in_string:
            if char == "\\":
                escaped = at + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def read_config(text: str, source: str) -> dict[str, Any]:
    """The JSON object in ``text``, read from ``source`` (named in a refusal)."""
    if json_nesting(text) > MAX_NESTING:
        raise UsageError(f"{source} is nested too deeply")
    try:
        config = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"{source} is not JSON: {error.msg} (line {error.lineno})") from None
    except RecursionError:
        raise UsageError(f"{source} is nested too deeply") from None
    except ValueError as error:  # an integer with too many digits
        raise UsageError(f"{source}: {error}") from None
    if not isinstance(config, dict):
        raise UsageError(f"{source} must hold a JSON object, got {type(config).__name__}")
    return config


def config_model(config: dict[str, Any]) -> tuple[str, models.ModelSpec]:
    """The model ``config`` describes, and its ``model_type``."""
    spec = _checked(lambda: models.from_config(config))
    return str(config.get("model_type")), spec


def model_spec(options: argparse.Namespace) -> tuple[str, models.ModelSpec]:
    """The model named on the command line (or described by --config), with its keys set."""
    if options.config is not None:
        if options.name is not None:
            raise UsageError("give a model name or --config, not both")
        try:
            with open(options.config, encoding="utf-8") as file:
                text = file.read()
        except OSError as error:
            raise UsageError(f"cannot read {options.config}: {error.strerror}") from None
        config = read_config(text, options.config)
        if options.settings:
            raise UsageError("with --config, set keys in the file")
        return config_model(config)
    names = [*transformer_models(), *cnn_models()]
    if options.name is None:
        raise UsageError("name a model (" + ", ".join(names) + ") or give --config FILE")
    # A famous checkpoint's name stands for its config: its keys may still be set.
    checkpoint = models.CHECKPOINTS.get(options.name, {})
    model_type = str(checkpoint.get("model_type", options.name))
    if model_type not in names:
        raise UsageError(
            f"unknown model {options.name!r}; known: " + ", ".join(names) + "; and the "
            "checkpoints of paramref.models.CHECKPOINTS: " + ", ".join(models.CHECKPOINTS)
        )
    keys = model_keys(model_type)
    values: dict[str, object] = {}
    words = list(options.settings)
    for output in ("json", "latex"):  # output flags may follow the name too
        if f"--{output}" in words:
            words.remove(f"--{output}")
            setattr(options, output, True)
    if options.json and options.latex:
        raise UsageError("argument --latex: not allowed with argument --json")
    while words:
        word = words.pop(0)
        flag_name, _, inline = word.partition("=")
        key = flag_name.removeprefix("--").replace("-", "_")
        if not flag_name.startswith("--") or key not in keys:
            raise UsageError(
                f"{options.name} takes no option {flag_name!r}; its keys: "
                + ", ".join("--" + k for k in keys)
            )
        if inline or "=" in word:
            text = inline
        elif words:
            text = words.pop(0)
        else:
            raise UsageError(f"--{key} needs a value")
        values[key] = _config_value(key, text, keys[key])
    if model_type in transformer_models():
        config = {**checkpoint, "model_type": model_type, **values}
        spec = _checked(lambda: models.from_config(config))
    else:
        spec = _checked(lambda: cnn_models()[model_type](**values))
    return options.name, spec


def percent(part: int, total: int) -> str:
    """``part / total`` as a percentage with one decimal, by integer arithmetic."""
    if total == 0:
        return "-"
    tenths = (part * 1000 + total // 2) // total
    return f"{tenths // 10}.{tenths % 10}%"


def active_params(spec: models.ModelSpec) -> int | None:
    """What one token passes through (a mixture of experts: the experts it picks);
    ``None`` when the config picks no number of experts per token."""
    try:
        return int(getattr(spec, "active_params", spec.params))
    except ValueError:
        return None


def model_report(name: str, spec: models.ModelSpec, *, formulas: bool = True) -> dict[str, Any]:
    """The stable JSON shape of ``paramref model``; without ``formulas``, no sympy is needed."""
    report: dict[str, Any] = {
        "model": name,
        "spec": repr(spec),
        "config": dict(spec._sizes),
        "params": spec.params,
        "trainable_params": spec.trainable_params,
        "non_trainable_params": spec.non_trainable_params,
        "non_embedding_params": spec.num_parameters(exclude_embeddings=True),
        "active_params": active_params(spec),
        "breakdown": spec.breakdown,
        "buffers": len(spec.buffers),
    }
    if formulas:
        report["formula"] = str(spec.formula)
        report["latex"] = latex_equation(spec.formula, spec.arguments, spec.params)
    return report


def command_model(options: argparse.Namespace, out: IO[str]) -> None:
    name, spec = model_spec(options)
    non_embedding = spec.num_parameters(exclude_embeddings=True)
    if options.json:
        json.dump(model_report(name, spec), out, indent=2)
        print(file=out)
        return
    if options.latex:
        print(latex_equation(spec.formula, spec.arguments, spec.params), file=out)
        return
    print(f"{spec!r}: {thousands(spec.params)}", file=out)
    print(file=out)
    rows = [
        (part, thousands(count), percent(count, spec.params))
        for part, count in spec.breakdown.items()
    ]
    for line in table(rows, ("part", "count", "share")):
        print(line, file=out)
    print(file=out)
    summary = [
        ("total", spec.params),
        ("trainable", spec.trainable_params),
        ("non-trainable", spec.non_trainable_params),
    ]
    if non_embedding != spec.params:
        summary.append(("non-embedding", non_embedding))
    active = active_params(spec)
    if active is not None and active != spec.params:
        summary.append(("active", active))
    width = max(len(thousands(value)) for _, value in summary)
    for label, value in summary:
        print(f"{label:<14}{thousands(value):>{width}}", file=out)
    if spec.buffers:
        print(f"buffers       {len(spec.buffers)} tensors of state, not parameters", file=out)


def _fraction(text: str) -> Fraction:
    from fractions import Fraction

    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(
            f"not an exact ratio bound: {text!r} (use 3, 2.5 or 5/2)"
        ) from None


def command_resize(options: argparse.Namespace, out: IO[str]) -> None:
    from ._mlp import solve_two_hidden

    fit = _checked(
        lambda: solve_two_hidden(
            options.input_dim,
            options.target,
            ratio=tuple(options.ratio or map(_fraction, ("3", "6"))),
            output_dim=options.output_dim,
            candidates=options.candidates,
        )
    )
    if options.json:
        report = {
            "h1": fit.h1,
            "h2": fit.h2,
            "params": fit.params,
            "target": fit.target,
            "delta": fit.delta,
            "ratio": [str(fit.ratio[0]), str(fit.ratio[1])],
            "candidates": [
                {"h1": c.h1, "h2": c.h2, "params": c.params, "delta": c.delta}
                for c in fit.candidates
            ],
        }
        json.dump(report, out, indent=2)
        print(file=out)
        return
    if options.latex:
        n, o = options.input_dim, options.output_dim
        print(
            rf"({n} + 1) \cdot {fit.h1} + ({fit.h1} + 1) \cdot {fit.h2} + ({fit.h2} + 1) \cdot {o}"
            rf" = {fit.params:,}".replace(",", r"\,"),
            file=out,
        )
        return
    lo, hi = fit.ratio
    print(f"target {thousands(fit.target)}, {lo} <= h1/h2 <= {hi}", file=out)
    print(
        f"best   h1 = {fit.h1}, h2 = {fit.h2}: {thousands(fit.params)} ({fit.delta:+,})", file=out
    )
    print(file=out)
    rows = [(f"{c.h1} / {c.h2}", thousands(c.params), f"{c.delta:+,}") for c in fit.candidates]
    for line in table(rows, ("h1 / h2", "params", "delta")):
        print(line, file=out)


def _checked(make: Callable[[], Any]) -> Any:
    try:
        return make()
    except (TypeError, ValueError) as error:
        raise UsageError(str(error)) from None


# ---------------------------------------------------------------------------
# The parser


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line and raises instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


EXAMPLES = {
    "count": """examples:
  paramref count "nn.Linear(784, 128)"
  paramref count "nn.LSTM(64, 32, num_layers=2, bidirectional=True)"
  paramref count "layers.LSTM(256, input_shape=(16, 4096))"
  paramref count "nn.Linear(8, 16)" "nn.Linear(16, 16)" "nn.Linear(16, 8)"
  paramref count "layers.Embedding(1000, 64)" "layers.SimpleRNN(32)" --input-shape 10
  paramref count "layers.Input(shape=(28, 28, 1))" "layers.Conv2D(32, 3)" "layers.Flatten()"
  paramref count "nn.utils.parametrizations.weight_norm(nn.Linear(4, 3))"
  paramref count --latex "nn.Linear(256, 128)"
""",
    "mlp": """example (552 parameters):
  paramref mlp --input-dim 8 --hidden-dim 16 --hidden-layers 2 --output-dim 8
""",
    "match": """example (from 2 to 4 hidden layers of the 552-parameter MLP):
  paramref match --input-dim 8 --output-dim 8 --hidden-layers 2 --hidden-dim 16 \\
                 --dest-hidden-layers 4
""",
    "model": """examples:
  paramref model gpt2
  paramref model gpt2 --n_embd 1024 --n_layer 24 --n_head 16
  paramref model llama --num_key_value_heads 8
  paramref model resnet50
  paramref model --config config.json
""",
    "resize": """example (4096 inputs, a budget of 4,197,377, 3 <= h1/h2 <= 6):
  paramref resize --input-dim 4096 --target 4197377 --ratio 3 6
""",
}


def _positive(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None


def build_parser() -> Parser:
    parser = Parser(
        prog="paramref",
        description="Exact parameter counts of neural-network layers, from their tensor shapes.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    def add(name: str, help_text: str) -> Parser:
        sub: Parser = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EXAMPLES.get(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        output = sub.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true", help="machine-readable output")
        if name != "layers":
            output.add_argument(
                "--latex", action="store_true", help="the formula with your numbers, as LaTeX"
            )
        return sub

    count = add(
        "count", "Count the parameters of layers written as code (nn.X(...) or layers.X(...))."
    )
    count.add_argument(
        "expressions", nargs="+", metavar="LAYER", help="a layer call; several make a network"
    )
    count.add_argument(
        "--input-shape",
        nargs="+",
        type=_input_axis,
        metavar="N",
        help="a Keras network's input, one sample (None for a free axis): the layers "
        "make a Sequential, as after layers.Input(shape=...)",
    )
    count.set_defaults(run=command_count)

    listing = add("layers", "List the layers `count` knows.")
    listing.set_defaults(run=command_layers)

    mlp = add("mlp", "Count an MLP with equal hidden layers, biases included.")
    for name in MLP_ARGUMENTS:
        mlp.add_argument("--" + name.replace("_", "-"), dest=name, type=_positive, required=True)
    mlp.set_defaults(run=command_mlp)

    match = add("match", "Width for a new depth that keeps an MLP's total closest.")
    for name in ("input_dim", "output_dim", "hidden_layers", "hidden_dim", "dest_hidden_layers"):
        match.add_argument("--" + name.replace("_", "-"), dest=name, type=_positive, required=True)
    match.set_defaults(run=command_match)

    model = add("model", "Count a whole model by name with its config keys, or from a config.json.")
    model.add_argument(
        "name",
        nargs="?",
        help="a model_type (gpt2, bert, llama, t5, ...), resnet50, vgg16_bn, ..., or a famous "
        "checkpoint (Llama-2-7B, Mixtral-8x7B-v0.1, ...)",
    )
    model.add_argument(
        "--config", metavar="FILE", help="a Hugging Face config.json (model_type picks the model)"
    )
    model.add_argument(
        "settings",
        nargs=argparse.REMAINDER,
        metavar="--KEY VALUE",
        help="config keys, e.g. --n_layer 24",
    )
    model.set_defaults(run=command_model)

    resize = add("resize", "Two hidden widths in a ratio band whose total is closest to a budget.")
    resize.add_argument("--input-dim", type=_positive, required=True)
    resize.add_argument("--target", type=_positive, required=True, help="the parameter budget")
    resize.add_argument(
        "--ratio",
        nargs=2,
        type=_fraction,
        default=None,
        metavar=("LO", "HI"),
        help="the band of the ratio of the widths (default: 3 6)",
    )
    resize.add_argument("--output-dim", type=_positive, default=1)
    resize.add_argument("--candidates", type=_positive, default=5, help="how many pairs to list")
    resize.set_defaults(run=command_resize)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status: 0, or 2 for a refusal.

    A refusal is one line on stderr, never a traceback.
    """
    parser = build_parser()
    try:
        options = parser.parse_args(argv)
        options.run(options, sys.stdout)
    except BrokenPipeError:  # the reader went away (`paramref ... | head`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as error:
        line, status = refusal(error)
        print(line, file=sys.stderr)
        return status
    return 0


def refusal(error: Exception) -> tuple[str, int]:
    """The one line ``main`` prints for ``error``, and its exit status (2, or 1 for a bug)."""
    if isinstance(error, UsageError):
        return f"paramref: error: {error}", 2
    if isinstance(error, RecursionError):
        return "paramref: error: expression nested too deeply", 2
    if isinstance(error, MemoryError):
        return "paramref: error: expression too large", 2
    # A bug, not the user's fault: still one line.
    return f"paramref: internal error: {type(error).__name__}: {error}", 1
