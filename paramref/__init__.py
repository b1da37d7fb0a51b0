"""paramref: exact parameter counts of neural-network layers, derived from tensor shapes."""

from . import layers, models, nn
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
    "solve_two_hidden",
    "symbol",
]
