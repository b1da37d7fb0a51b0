"""paramref: exact parameter counts of neural-network layers, derived from tensor shapes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import layers, models, nn, peft
from ._mlp import (
    MLP,
    TwoHiddenCandidate,
    TwoHiddenFit,
    WidthMatch,
    match_hidden_dim,
    mlp_params,
    solve_two_hidden,
)
from ._tensors import Spec, Tensor, symbol

if TYPE_CHECKING:
    import sympy

__all__ = [
    "MLP",
    "MLP_FORMULA",
    "TWO_HIDDEN_FORMULA",
    "Spec",
    "Tensor",
    "TwoHiddenCandidate",
    "TwoHiddenFit",
    "WidthMatch",
    "layers",
    "match_hidden_dim",
    "mlp_params",
    "models",
    "nn",
    "peft",
    "solve_two_hidden",
    "symbol",
]


def __getattr__(name: str) -> sympy.Expr:
    """``MLP_FORMULA`` and ``TWO_HIDDEN_FORMULA``: built, with sympy, when first asked for."""
    if name in ("MLP_FORMULA", "TWO_HIDDEN_FORMULA"):
        from . import _mlp

        return getattr(_mlp, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
