"""Whole models: a spec whose tensors carry the part of the model they belong to.

A model is listed tensor by tensor like any layer (``_tensors`` yields every
parameter under the name the real implementation gives it), but each tensor is
also tagged with a *part* (``"embeddings"``, ``"attention"``, ``"mlp"``, ...), so
that ``spec.breakdown`` can say where the parameters are.

Counting a model by listing its tensors works but is slow for a deep one: a
32-layer model has hundreds of named tensors. So a model's counts come from its
*formula* instead. The symbolic listing (one representative block per stack,
thanks to ``repeated``) is summed once per architecture variant, compiled into an
integer-only function by ``compile_count`` and cached; counting a config is then a
few integer multiplications. The tests check that this count equals the sum over
the concrete tensors, and that both equal the framework's.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from .._check import flag, positive_int
from .._tensors import Poly, Spec, Tensor, compiled_polynomial, formula

if TYPE_CHECKING:
    import sympy

__all__ = ["ModelSpec", "Tagged", "all_positive_ints", "checked_flags", "checked_sizes", "tag"]


def checked_sizes(sizes: Mapping[str, object]) -> dict[str, int]:
    """Return ``sizes`` once every value is a positive ``int`` (else raise naming it)."""
    for name, value in sizes.items():
        if type(value) is not int or value < 1:
            positive_int(name, value)
    return dict(sizes)  # type: ignore[arg-type]


def all_positive_ints(*values: object) -> bool:
    """Whether every value is a plain positive ``int``: the fast check before the careful one."""
    for value in values:  # noqa: SIM110 (a loop is faster here than all() on a generator)
        if type(value) is not int or value < 1:
            return False
    return True


def checked_flags(flags: dict[str, object]) -> tuple[bool, ...]:
    """The values of ``flags`` once each is a ``bool`` (else raise naming it)."""
    for name, value in flags.items():
        if type(value) is not bool:
            flag(name, value)
    return tuple(flags.values())  # type: ignore[arg-type]


@dataclass(frozen=True)
class Tagged(Tensor):
    """A :class:`Tensor` that also names the part of the model it belongs to.

    ``prefixed`` and ``repeated`` copy tensors with ``dataclasses.replace``, which
    keeps the class and the part, so a tagged listing can be nested freely.
    """

    part: str = "other"


def tag(part: str, tensors: Iterable[Tensor]) -> Iterator[Tagged]:
    """Yield ``tensors`` tagged with ``part``."""
    names = [f.name for f in fields(Tensor)]
    for tensor in tensors:
        yield Tagged(**{name: getattr(tensor, name) for name in names}, part=part)


@dataclass(frozen=True)
class _Compiled:
    """The integer functions of one architecture variant: the total and each part."""

    total: Callable[..., int]
    parts: dict[str, Callable[..., int]]


_COMPILED: dict[Hashable, _Compiled] = {}


class ModelSpec(Spec):
    """A whole model: named tensors, an exact count, a formula and a breakdown by part.

    Subclasses set ``PARTS`` (the part names, in the order ``breakdown`` reports
    them), ``self._sizes`` (config key -> int: the sizes that become symbols) and
    ``self._flags`` (whatever else fixes the structure), and implement
    ``_tensors`` yielding :class:`Tagged` tensors.

    Counting lists no tensor and imports no sympy: the listing is run once per
    structure with a :class:`~paramref._tensors.Poly` for each size (one
    representative layer per kind, times the number of such layers), and the
    polynomials are compiled into integer functions. The formulas are sympy
    expressions, built only when asked for.

    Examples:
        >>> from paramref.models import gpt2
        >>> spec = gpt2()
        >>> spec.params, spec.num_parameters(exclude_embeddings=True)
        (124439808, 85056000)
        >>> sum(spec.breakdown.values()) == spec.params
        True
        >>> spec.part_formulas["norms"]
        4*n_embd*n_layer + 2*n_embd
    """

    PARTS: tuple[str, ...] = ()
    #: Parts that ``num_parameters(exclude_embeddings=True)`` leaves out.
    EMBEDDING_PARTS: tuple[str, ...] = ("embeddings",)
    _flags: Hashable = ()

    @property
    def parts(self) -> tuple[str, ...]:
        """The part names of this model, in the order ``breakdown`` reports them."""
        return self.PARTS

    def _compiled(self) -> _Compiled:
        # The class and the flags fix the structure, and so the polynomial.
        key = (type(self), self._flags)
        try:
            return _COMPILED[key]
        except KeyError:
            found = _COMPILED[key] = self._compile()
            return found

    def _compile(self) -> _Compiled:
        names = list(self._sizes)
        parts = self.parts
        by_part: dict[str, Poly] = {part: Poly({}) for part in parts}
        for tensor in self._tensors({name: Poly.var(name) for name in names}):
            if tensor.buffer:
                continue
            part = getattr(tensor, "part", "other")
            if part not in by_part:
                raise AssertionError(f"{type(self).__name__}: tensor {tensor.name} in part {part}")
            by_part[part] = by_part[part] + tensor.numel
        total = Poly({})
        for poly in by_part.values():
            total = total + poly
        return _Compiled(
            total=compiled_polynomial(total, names),
            parts={part: compiled_polynomial(poly, names) for part, poly in by_part.items()},
        )

    @property
    def params(self) -> int:
        """Total number of parameters, each shared (tied) tensor counted once.

        Computed from the compiled formula: no tensor is listed.
        """
        try:
            compiled = _COMPILED[type(self), self._flags]  # the common case, fast
        except KeyError:
            compiled = self._compiled()
        return compiled.total(*self._sizes.values())

    @property
    def trainable_params(self) -> int:
        """Every parameter of a freshly built model is trainable."""
        return self.params

    @property
    def non_trainable_params(self) -> int:
        """Always 0: PyTorch keeps normalization statistics as buffers, not parameters."""
        return 0

    @property
    def breakdown(self) -> dict[str, int]:
        """Part -> number of parameters; the parts add up to ``params``."""
        values = tuple(self._sizes.values())
        return {part: f(*values) for part, f in self._compiled().parts.items()}

    @property
    def part_formulas(self) -> dict[str, sympy.Expr]:
        """Part -> its count as a polynomial in the config symbols (imports sympy)."""
        by_part: dict[str, list[Tensor]] = {part: [] for part in self.parts}
        for tensor in self.symbolic_tensors:
            by_part[getattr(tensor, "part", "other")].append(tensor)
        return {part: formula(items) for part, items in by_part.items()}

    def num_parameters(self, exclude_embeddings: bool = False) -> int:
        """The count, or with ``exclude_embeddings=True`` the non-embedding count.

        As in Hugging Face's ``model.num_parameters(exclude_embeddings=True)``:
        the embedding tables (token, position, token type) are left out. A head
        tied to the token embedding has no tensor of its own, so nothing of it
        is counted; an untied head is a linear layer and stays in.
        """
        if not isinstance(exclude_embeddings, bool):
            raise TypeError(
                f"exclude_embeddings must be a bool, got "
                f"{type(exclude_embeddings).__name__} {exclude_embeddings!r}"
            )
        if not exclude_embeddings:
            return self.params
        parts = self.breakdown
        return self.params - sum(parts.get(part, 0) for part in self.EMBEDDING_PARTS)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self._sizes.items())
        return f"{type(self).__name__}({args})"
