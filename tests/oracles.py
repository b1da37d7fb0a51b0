"""The frameworks as oracles: what PyTorch and Keras themselves say a layer holds.

Every catalogue test compares a paramref spec with these, name by name.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import torch

from paramref import Spec


@dataclass(frozen=True)
class Counted:
    """What a framework reports for one layer."""

    shapes: dict[str, tuple[int, ...]]
    params: int
    trainable: int
    non_trainable: int
    buffers: dict[str, tuple[int, ...]]


def torch_counts(module: torch.nn.Module) -> Counted:
    """Names, shapes and counts of a torch module (built on the meta device is fine)."""
    shapes = {name: tuple(p.shape) for name, p in module.named_parameters()}
    params = sum(p.numel() for p in module.parameters())
    trainable = sum(p.numel() for p in module.parameters() if p.requires_grad)
    buffers = {name: tuple(b.shape) for name, b in module.named_buffers()}
    return Counted(shapes, params, trainable, params - trainable, buffers)


def keras_counts(layer: keras.layers.Layer, input_shape: Sequence[int | None]) -> Counted:
    """Build ``layer`` on ``(None, *input_shape)`` and read its weights.

    Weight names are their ``path`` without the layer's own name, so nested
    weights keep their sub-layer (``forward_lstm/lstm_cell/kernel``).
    """
    if not layer.built:
        layer.build((None, *input_shape))
    prefix = layer.name + "/"
    shapes = {}
    for weight in layer.weights:
        name = weight.path.removeprefix(prefix)
        assert name not in shapes, f"two weights named {name}"
        shapes[name] = tuple(int(s) for s in weight.shape)
    trainable = sum(int(w.numpy().size) for w in layer.trainable_weights)
    non_trainable = sum(int(w.numpy().size) for w in layer.non_trainable_weights)
    return Counted(shapes, layer.count_params(), trainable, non_trainable, {})


def keras_output_shape(layer: keras.layers.Layer, input_shape: Sequence[int | None]) -> Any:
    """``layer.compute_output_shape`` of one sample, batch left out (a list for several)."""
    output = layer.compute_output_shape((None, *input_shape))
    if isinstance(output, list | tuple) and output and isinstance(output[0], list | tuple):
        return [tuple(shape)[1:] for shape in output]
    return tuple(output)[1:]


def assert_same(spec: Spec, oracle: Counted) -> None:
    """The spec agrees with the framework on names, shapes, every count and the formula."""
    assert spec.shapes == oracle.shapes
    assert spec.params == oracle.params
    assert spec.trainable_params == oracle.trainable
    assert spec.non_trainable_params == oracle.non_trainable
    assert spec.buffers == oracle.buffers
    assert spec.formula.subs(spec.arguments) == spec.params
