"""The linear family: a weight matrix and an optional bias vector.

PyTorch stores ``weight`` as ``(out_features, in_features)``; Keras stores
``kernel`` as ``(input_dim, units)``. Same count, transposed shape, other names.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise

from ._tensors import Dim, Tensor, prefixed


def linear_tensors(in_features: Dim, out_features: Dim, bias: bool = True) -> Iterator[Tensor]:
    """Tensors of ``torch.nn.Linear(in_features, out_features, bias)``."""
    yield Tensor("weight", (out_features, in_features))
    if bias:
        yield Tensor("bias", (out_features,))


def dense_tensors(input_dim: Dim, units: Dim, use_bias: bool = True) -> Iterator[Tensor]:
    """Tensors of ``keras.layers.Dense(units, use_bias)`` on ``input_dim`` features."""
    yield Tensor("kernel", (input_dim, units))
    if use_bias:
        yield Tensor("bias", (units,))


def linear_stack_tensors(widths: Sequence[Dim]) -> Iterator[Tensor]:
    """Tensors of ``nn.Sequential`` of ``Linear(widths[k], widths[k + 1])``, with biases.

    Names are the ones torch gives: ``0.weight``, ``0.bias``, ``1.weight``, ...
    """
    for index, (n, m) in enumerate(pairwise(widths)):
        yield from prefixed(str(index), linear_tensors(n, m))
