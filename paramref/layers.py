"""Keras-faithful specs: same class names, argument names and defaults as ``keras.layers``.

Each spec also takes ``input_shape``, the shape of one input sample without the
batch dimension, because a Keras layer only creates its weights once it knows
its input. ``spec.shapes`` maps each weight's name to its shape, in the order of
``layer.weights``; ``spec.params`` is ``layer.count_params()`` of the built layer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from ._check import flag, positive_int
from ._linear import dense_tensors
from ._tensors import Dim, Spec, Tensor

__all__ = ["Dense"]


def _input_shape(value: object) -> tuple[int | None, ...]:
    """Check an ``input_shape``: a tuple of positive ints (``None`` for free axes)."""
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) == 0:
        raise TypeError(f"input_shape must be a non-empty tuple of ints, got {value!r}")
    return tuple(
        None if size is None else positive_int(f"input_shape[{k}]", size)
        for k, size in enumerate(value)
    )


def _last_axis(input_shape: tuple[int | None, ...]) -> int:
    last = input_shape[-1]
    if last is None:
        raise ValueError(f"input_shape must fix its last axis, got {input_shape!r}")
    return last


class Dense(Spec):
    """``keras.layers.Dense``: ``y = x · kernel + bias`` on the last axis.

    Args:
        units: Size of the output's last axis.
        activation: Accepted for signature compatibility; no activation has weights.
        use_bias: Whether the layer has the ``bias`` vector.
        input_shape: Shape of one input sample, batch excluded; its last axis is
            the ``input_dim`` of the formula.

    Examples:
        >>> layer = Dense(128, input_shape=(256,))
        >>> layer.shapes
        {'kernel': (256, 128), 'bias': (128,)}
        >>> layer.params
        32896
        >>> layer.formula
        input_dim*units + units
    """

    def __init__(
        self,
        units: int,
        activation: object = None,
        use_bias: bool = True,
        *,
        input_shape: Sequence[int | None],
    ) -> None:
        self.input_shape = _input_shape(input_shape)
        self._sizes = {
            "input_dim": _last_axis(self.input_shape),
            "units": positive_int("units", units),
        }
        self.use_bias = flag("use_bias", use_bias)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return dense_tensors(sizes["input_dim"], sizes["units"], self.use_bias)
