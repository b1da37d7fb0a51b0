"""Lazy exports: a package's names are imported the first time they are used.

``import paramref`` and ``paramref count "nn.Linear(784, 128)"`` should load only
what they use, so the command line answers at once and the browser loads little.
A package lists its exports once, as ordinary imports under ``if TYPE_CHECKING:``
(which type checkers read); :func:`exports` reads that block from the package's
source and returns a module ``__getattr__`` that imports each name on first use.
"""

from __future__ import annotations

import ast
import importlib
import os
import sys
from collections.abc import Callable

__all__ = ["exports"]


def _sources(file: str) -> dict[str, tuple[str, str | None]]:
    """Name -> (module, attribute) from the ``if TYPE_CHECKING:`` imports of ``file``.

    ``from .x import Y`` gives ``Y -> (".x", "Y")``; ``from . import x`` gives
    ``x -> (".x", None)``: the submodule itself.
    """
    with open(file, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    found: dict[str, tuple[str, str | None]] = {}
    for node in tree.body:
        if not (isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"):
            continue
        for statement in node.body:
            if not isinstance(statement, ast.ImportFrom) or statement.level == 0:
                continue
            dots = "." * statement.level
            for alias in statement.names:
                name = alias.asname or alias.name
                if statement.module is None:
                    found[name] = (dots + alias.name, None)
                else:
                    found[name] = (dots + statement.module, alias.name)
    return found


def exports(package: str, file: str) -> Callable[[str], object]:
    """The module ``__getattr__`` of ``package`` (its ``__name__`` and ``__file__``)."""
    sources = _sources(file)
    # Relative imports resolve against the package: the module itself if it is a
    # package (``__init__.py``), else its parent (``paramref`` for ``paramref.layers``).
    anchor = package if os.path.basename(file) == "__init__.py" else package.rpartition(".")[0]

    def attribute_of(name: str) -> object:
        try:
            module, attribute = sources[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value: object = importlib.import_module(module, anchor)
        if attribute is not None:
            value = getattr(value, attribute)
        setattr(sys.modules[package], name, value)
        return value

    return attribute_of
