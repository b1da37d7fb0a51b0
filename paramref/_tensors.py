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
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    import sympy

#: A dimension: a concrete ``int``, a :class:`Poly` in size names, or a sympy
#: expression in argument symbols. sympy is imported only when a formula is asked for.
Dim: TypeAlias = Any


def symbol(name: str) -> sympy.Symbol:
    """Return the sympy symbol paramref uses for the argument ``name``.

    Symbols are plain ``sympy.Symbol(name)``, so a reader's own
    ``sympy.symbols("in_features out_features")`` compares equal to them.
    Calling this imports sympy; counting never does.

    >>> import sympy
    >>> symbol("in_features") == sympy.Symbol("in_features")
    True
    """
    import sympy

    return sympy.Symbol(name)


class Poly:
    """A polynomial with integer coefficients in named sizes: what counting needs.

    Listing a model's tensors with a ``Poly`` for each size gives its count as a
    polynomial without importing sympy; :func:`compile_count` turns that into an
    integer-only function. Only ``+``, ``-`` and ``*`` with ``int`` and ``Poly``
    are defined: a tensor listing that divides or compares sizes cannot be
    compiled, and says so.

    >>> a, b = Poly.var("a"), Poly.var("b")
    >>> (a * (b + 1) - a).terms
    {('a', 'b'): 1}
    """

    __slots__ = ("terms",)

    def __init__(self, terms: Mapping[tuple[str, ...], int]) -> None:
        self.terms = {monomial: c for monomial, c in terms.items() if c}

    @classmethod
    def var(cls, name: str) -> Poly:
        """The polynomial ``name``."""
        return cls({(name,): 1})

    @staticmethod
    def _of(value: object) -> Poly | None:
        if isinstance(value, Poly):
            return value
        if type(value) is int:
            return Poly({(): value})
        return None

    def __add__(self, other: object) -> Poly:
        poly = Poly._of(other)
        if poly is None:
            return NotImplemented
        terms = dict(self.terms)
        for monomial, c in poly.terms.items():
            terms[monomial] = terms.get(monomial, 0) + c
        return Poly(terms)

    __radd__ = __add__

    def __neg__(self) -> Poly:
        return Poly({monomial: -c for monomial, c in self.terms.items()})

    def __sub__(self, other: object) -> Poly:
        poly = Poly._of(other)
        if poly is None:
            return NotImplemented
        return self + -poly

    def __rsub__(self, other: object) -> Poly:
        return -self + other

    def __mul__(self, other: object) -> Poly:
        poly = Poly._of(other)
        if poly is None:
            return NotImplemented
        terms: dict[tuple[str, ...], int] = {}
        for m1, c1 in self.terms.items():
            for m2, c2 in poly.terms.items():
                monomial = tuple(sorted(m1 + m2))
                terms[monomial] = terms.get(monomial, 0) + c1 * c2
        return Poly(terms)

    __rmul__ = __mul__

    def __repr__(self) -> str:
        return " + ".join(f"{c}*{'*'.join(m) or 1}" for m, c in self.terms.items()) or "0"


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
        module: The class of the module that holds it (``"Linear"``,
            ``"Embedding"``, ``"Conv1D"``), where an adapter needs to know it.
    """

    name: str
    shape: tuple[Dim, ...]
    repeat: Dim = 1
    trainable: bool = True
    buffer: bool = False
    module: str = ""

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
        index = Poly.var("k") if isinstance(count, Poly) else symbol("k")
        for tensor in block(index):
            yield replace(tensor, repeat=count * tensor.repeat)


def prefixed(prefix: str, tensors: Iterable[Tensor]) -> Iterator[Tensor]:
    """Yield ``tensors`` renamed ``"{prefix}.{name}"``, as torch names a submodule's.

    An empty ``prefix`` leaves the names as they are.
    """
    if not prefix:
        yield from tensors
        return
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
    import sympy

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


def compile_count(
    tensors_of: Callable[[Mapping[str, Dim]], Iterable[Tensor]], names: Iterable[str]
) -> Callable[..., int]:
    """Turn a tensor listing into a fast integer function of the sizes ``names``.

    ``tensors_of`` is called once, with a :class:`Poly` for each name; the
    element counts of what it yields are summed into one polynomial, which
    becomes a plain Python function of the sizes, in the order of ``names``. It
    does integer arithmetic only, so its answers are exact, and it does not
    import sympy. A listing whose count is not an integer polynomial in the
    sizes (a division, a comparison) is refused here.

    >>> f = compile_count(lambda s: [Tensor("w", (s["a"], s["b"] + 1))], ["a", "b"])
    >>> f(3, 4)
    15
    """
    names = list(names)
    total = Poly({})
    for tensor in tensors_of({name: Poly.var(name) for name in names}):
        numel = tensor.numel
        if not isinstance(numel, Poly | int):
            raise TypeError(f"tensor {tensor.name!r} has no polynomial count: {numel!r}")
        total = total + numel
    return compiled_polynomial(total, names)


def compiled_polynomial(total: Poly, names: list[str]) -> Callable[..., int]:
    """The Python function ``(*sizes) -> int`` of a :class:`Poly` in ``names``."""
    position = {name: f"_{k}" for k, name in enumerate(names)}
    terms = []
    for monomial, c in sorted(total.terms.items()):
        factors = [str(c)] if c != 1 or not monomial else []
        factors += [position[name] for name in monomial]
        terms.append("*".join(factors))
    source = f"lambda {', '.join(position.values())}: {' + '.join(terms) or '0'}"
    # The source is built from integers and argument positions only: no name from
    # outside this function reaches it.
    function: Callable[..., int] = eval(source, {"__builtins__": {}})
    return function
