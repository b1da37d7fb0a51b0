"""paramref: exact parameter counts of neural-network layers, derived from tensor shapes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import exports

if TYPE_CHECKING:  # the exports, imported on first use (see _lazy)
    from . import layers, models, nn, peft
    from ._mlp import (
        MLP,
        MLP_FORMULA,
        TWO_HIDDEN_FORMULA,
        TwoHiddenCandidate,
        TwoHiddenFit,
        WidthMatch,
        match_hidden_dim,
        mlp_params,
        solve_two_hidden,
    )
    from ._tensors import Spec, Tensor, symbol

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


__getattr__ = exports(__name__, __file__)
