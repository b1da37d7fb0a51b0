"""Tensor shapes -> sympy formula -> exact integer: the one place counting happens.

A layer family is written once, as a function that yields its tensors. Called with
integers it gives the concrete shapes (and so the exact count); called with sympy
symbols named after the constructor arguments it gives the symbolic shapes (and so
the formula). Both come from the same lines of code, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TypeAlias

import sympy

#: A dimension: a concrete ``int`` or a sympy expression in argument symbols.
Dim: TypeAlias = int | sympy.Expr


def symbol(name: str) -> sympy.Symbol:
    """Return the sympy symbol paramref uses for the argument ``name``.

    Symbols are plain ``sympy.Symbol(name)``, so a reader's own
    ``sympy.symbols("in_features out_features")`` compares equal to them.

    >>> symbol("in_features") == sympy.Symbol("in_features")
    True
    """
    return sympy.Symbol(name)


@dataclass(frozen=True)
class Tensor:
    """One named tensor of a layer.

    Attributes:
        name: The name the framework gives it (``"weight"``, ``"0.bias"``, ...).
        shape: Its dimensions, each an ``int`` or a sympy expression.
        repeat: How many tensors of this shape the entry stands for. It is 1 for
            concrete layers; a symbolic stack (``hidden_layers - 1`` equal layers)
            uses it to keep the formula closed-form.
        trainable: False for weights a framework counts but does not train
            (Keras ``BatchNormalization``'s moving statistics).
        buffer: True for a PyTorch buffer (``running_mean``, ...): part of the
            module's state, listed in ``spec.buffers``, never counted as a parameter.
    """

    name: str
    shape: tuple[Dim, ...]
    repeat: Dim = 1
    trainable: bool = True
    buffer: bool = False

    @property
    def numel(self) -> Dim:
        """Number of elements: ``repeat`` times the product of the shape."""
        total: Dim = self.repeat
        for size in self.shape:
            total = total * size
        return total


def repeated(count: Dim, block: Callable[[Dim], Iterable[Tensor]]) -> Iterator[Tensor]:
    """Yield ``count`` copies of ``block(k)``.

    With an integer ``count`` the copies are listed one by one (``k = 0, 1, ...``), so
    each has its own name. With a symbolic ``count`` one representative copy is
    yielded with its ``repeat`` multiplied by ``count``.
    """
    if isinstance(count, int):
        for k in range(count):
            yield from block(k)
    else:
        for tensor in block(symbol("k")):
            yield replace(tensor, repeat=count * tensor.repeat)


def prefixed(prefix: str, tensors: Iterable[Tensor]) -> Iterator[Tensor]:
    """Yield ``tensors`` renamed ``"{prefix}.{name}"``, as torch names a submodule's."""
    for tensor in tensors:
        yield replace(tensor, name=f"{prefix}.{tensor.name}")


def count(tensors: Iterable[Tensor]) -> int:
    """Exact number of elements in concrete ``tensors``."""
    total = 0
    for tensor in tensors:
        numel = tensor.numel
        if not isinstance(numel, int):
            raise TypeError(f"tensor {tensor.name!r} is symbolic: {numel}")
        total += numel
    return total


def formula(tensors: Iterable[Tensor]) -> sympy.Expr:
    """Sum of the element counts of ``tensors``, expanded into a polynomial."""
    return sympy.expand(sympy.Add(*(sympy.sympify(t.numel) for t in tensors)))


class Spec:
    """A layer (or network) described by its tensors.

    Subclasses set ``self._sizes`` (argument name -> int, the arguments that become
    symbols in the formula) and implement ``_tensors(sizes)``, a generator that works
    for ``int`` and sympy sizes alike. Everything else is derived here.
    """

    _sizes: dict[str, int]

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        raise NotImplementedError

    @cached_property
    def tensors(self) -> tuple[Tensor, ...]:
        """The concrete parameters (buffers excluded), in the framework's order."""
        return tuple(t for t in self._tensors(self._sizes) if not t.buffer)

    @property
    def shapes(self) -> dict[str, tuple[int, ...]]:
        """Parameter name -> shape.

        PyTorch specs: the keys of ``module.named_parameters()``. Keras specs: each
        weight's ``path`` without the layer's own name (``"kernel"``,
        ``"forward_lstm/lstm_cell/bias"``).
        """
        return {t.name: tuple(int(s) for s in t.shape) for t in self.tensors}

    @property
    def buffers(self) -> dict[str, tuple[int, ...]]:
        """PyTorch buffer name -> shape (``running_mean``, ...); not parameters."""
        return {
            t.name: tuple(int(s) for s in t.shape) for t in self._tensors(self._sizes) if t.buffer
        }

    @cached_property
    def params(self) -> int:
        """Total number of parameters, trainable or not."""
        return count(self.tensors)

    @property
    def trainable_params(self) -> int:
        """Number of trainable parameters."""
        return count(t for t in self.tensors if t.trainable)

    @property
    def non_trainable_params(self) -> int:
        """Number of parameters the framework counts but does not train."""
        return count(t for t in self.tensors if not t.trainable)

    @cached_property
    def symbolic_tensors(self) -> tuple[Tensor, ...]:
        """The tensors with every size argument replaced by its symbol."""
        symbols = {name: symbol(name) for name in self._sizes}
        return tuple(t for t in self._tensors(symbols) if not t.buffer)

    @property
    def symbolic_buffers(self) -> tuple[Tensor, ...]:
        """The buffers (``running_mean``, ...) with every size argument replaced by its symbol."""
        symbols = {name: symbol(name) for name in self._sizes}
        return tuple(t for t in self._tensors(symbols) if t.buffer)

    @property
    def formula(self) -> sympy.Expr:
        """The count as a polynomial in symbols named after the size arguments.

        Substituting the arguments gives ``params``.
        """
        return formula(self.symbolic_tensors)

    @property
    def arguments(self) -> dict[sympy.Symbol, int]:
        """Symbol -> value: the substitution that turns ``formula`` into ``params``."""
        return {symbol(name): value for name, value in self._sizes.items()}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self._sizes.items())
        return f"{type(self).__name__}({args})"


def compile_count(expr: sympy.Expr, names: Iterable[str]) -> Callable[..., int]:
    """Turn an integer polynomial into a fast Python function of ``names``.

    The function does integer arithmetic only, so its answers are exact. A
    coefficient that is not an integer is refused here rather than letting a float
    into a count.

    >>> f = compile_count(symbol("a") * (symbol("b") + 1), ["a", "b"])
    >>> f(3, 4)
    15
    """
    arguments = [symbol(name) for name in names]
    polynomial = sympy.Poly(expr, *arguments)
    if not all(c.is_integer for c in polynomial.coeffs()):
        raise ValueError(f"not an integer polynomial: {expr}")
    function: Callable[..., int] = sympy.lambdify(arguments, expr, modules=[])
    return function
