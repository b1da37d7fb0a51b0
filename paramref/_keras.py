"""Conventions every Keras spec shares: ``input_shape``, layer keywords, trainability.

A Keras layer creates its weights only once it knows its input, so every Keras
spec takes the ``input_shape`` of one sample (batch excluded). Every Keras layer
also takes a few keywords that change no count (``name``, ``dtype``, ...) and
``trainable``, which moves all its weights to the non-trainable side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from ._check import flag, no_other_arguments, nonnegative_int
from ._tensors import Spec, Tensor

__all__ = [
    "KERAS_LAYER_KEYWORDS",
    "keras_input_shape",
    "keras_last_axis",
    "keras_trainable",
    "lora_rank_arg",
    "no_quantization",
    "renamed",
    "trainable_as",
]

#: Keyword arguments every ``keras.layers.Layer`` takes; none changes a count
#: except ``trainable``, which moves every weight to the non-trainable side.
KERAS_LAYER_KEYWORDS = frozenset({"activity_regularizer", "autocast", "dtype", "name", "trainable"})


def keras_input_shape(value: object, name: str = "input_shape") -> tuple[int | None, ...]:
    """Check an ``input_shape``: one sample's shape, batch excluded.

    Each axis is an ``int`` >= 0 (Keras builds layers on empty axes too) or
    ``None`` for an axis left free.

    >>> keras_input_shape((10, None, 3))
    (10, None, 3)
    >>> keras_input_shape((3, -1))
    Traceback (most recent call last):
    ...
    ValueError: input_shape[1] must be a non-negative integer, got -1
    """
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) == 0:
        raise TypeError(f"{name} must be a non-empty tuple of ints, got {value!r}")
    return tuple(
        None if size is None else nonnegative_int(f"{name}[{k}]", size)
        for k, size in enumerate(value)
    )


def keras_last_axis(shape: tuple[int | None, ...], name: str = "input_shape") -> int:
    """The last axis of ``shape``, which must be fixed."""
    last = shape[-1]
    if last is None:
        raise ValueError(f"{name} must fix its last axis, got {shape!r}")
    return last


def keras_trainable(layer: str, kwargs: Mapping[str, object], allowed: Iterable[str] = ()) -> bool:
    """Check the extra keywords of a Keras layer and return its ``trainable`` flag.

    ``allowed`` names keywords the layer takes besides :data:`KERAS_LAYER_KEYWORDS`.
    A quantized dtype policy (``"int8_from_float32"``, ...) changes the weights
    and is not supported.

    >>> keras_trainable("Dense", {"name": "head", "trainable": False})
    False
    >>> keras_trainable("Dense", {"units": 3})
    Traceback (most recent call last):
    ...
    TypeError: Dense got an unexpected keyword argument 'units'
    """
    no_other_arguments(layer, kwargs, KERAS_LAYER_KEYWORDS | set(allowed))
    dtype = kwargs.get("dtype")
    if isinstance(dtype, str) and "_from_" in dtype:
        raise NotImplementedError(f"{layer}: quantized dtype policies are not supported: {dtype!r}")
    return flag("trainable", kwargs.get("trainable", True))


def trainable_as(trainable: bool, tensors: Iterable[Tensor]) -> Iterator[Tensor]:
    """Yield ``tensors``, all marked non-trainable when the layer is frozen."""
    for tensor in tensors:
        yield tensor if trainable else replace(tensor, trainable=False)


def lora_rank_arg(layer: str, lora_rank: object, constraint: object, constraint_name: str) -> int:
    """Check Keras's ``lora_rank``: ``None`` or 0 (no LoRA) or a positive int.

    Keras refuses LoRA on a layer with a constraint on the weight it adapts.
    """
    if lora_rank is None:
        return 0
    rank = nonnegative_int("lora_rank", lora_rank)
    if rank and constraint is not None:
        raise ValueError(
            f"{layer}: LoRA is incompatible with {constraint_name}; "
            f"got lora_rank={rank} and {constraint_name}={constraint!r}"
        )
    return rank


_SpecClass = TypeVar("_SpecClass", bound=type[Spec])


def renamed(name: str) -> Callable[[_SpecClass], _SpecClass]:
    """Class decorator: give a Keras spec the class name Keras uses.

    A family module holds both frameworks' specs, so a Keras spec whose name its
    PyTorch twin already takes (``Embedding``, ``PReLU``) is written as
    ``KerasEmbedding`` and renamed here; ``paramref.layers`` exports it under the
    Keras name.
    """

    def rename(cls: _SpecClass) -> _SpecClass:
        cls.__name__ = name
        cls.__qualname__ = name
        return cls

    return rename


def no_quantization(layer: str, quantization_config: object) -> None:
    if quantization_config is not None:
        raise NotImplementedError(f"{layer}: quantization_config is not supported")
