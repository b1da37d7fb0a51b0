"""Layers without parameters, and the exception: PReLU.

Activations, dropout, pooling, flattening, reshaping, padding and upsampling
compute a fixed function of their input. Their constructor arguments (a
slope, a rate, a window, a padding) are settings, not weights: the framework
stores no tensor for them and counts 0. Each spec here takes the framework's
arguments, checks what the framework checks when the layer is constructed, and
lists no tensor.

PReLU learns its negative slope, so it has parameters: ``num_parameters`` of
them in PyTorch, one per input element in Keras unless ``shared_axes`` ties
axes together.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import ClassVar

from ._check import no_other_arguments, nonnegative_int
from ._keras import KerasLayer, Output, Shape, keras_input_shape, renamed, trainable_as
from ._tensors import Dim, Spec, Tensor

__all__ = [
    "CELU",
    "ELU",
    "GELU",
    "SELU",
    "Activation",
    "AdaptiveAvgPool1d",
    "AdaptiveAvgPool2d",
    "AdaptiveAvgPool3d",
    "AdaptiveMaxPool1d",
    "AdaptiveMaxPool2d",
    "AdaptiveMaxPool3d",
    "AlphaDropout",
    "AveragePooling1D",
    "AveragePooling2D",
    "AveragePooling3D",
    "AvgPool1d",
    "AvgPool2d",
    "AvgPool3d",
    "ConstantPad1d",
    "ConstantPad2d",
    "ConstantPad3d",
    "Cropping1D",
    "Cropping2D",
    "Cropping3D",
    "Dropout",
    "Dropout1d",
    "Dropout2d",
    "Dropout3d",
    "FeatureAlphaDropout",
    "Flatten",
    "GaussianDropout",
    "GaussianNoise",
    "GlobalAveragePooling1D",
    "GlobalAveragePooling2D",
    "GlobalAveragePooling3D",
    "GlobalMaxPooling1D",
    "GlobalMaxPooling2D",
    "GlobalMaxPooling3D",
    "Hardswish",
    "Hardtanh",
    "Input",
    "InputLayer",
    "KerasAlphaDropout",
    "KerasDropout",
    "KerasELU",
    "KerasFlatten",
    "KerasIdentity",
    "KerasLeakyReLU",
    "KerasPReLU",
    "KerasReLU",
    "KerasSoftmax",
    "LeakyReLU",
    "LogSoftmax",
    "MaxPool1d",
    "MaxPool2d",
    "MaxPool3d",
    "MaxPooling1D",
    "MaxPooling2D",
    "MaxPooling3D",
    "Mish",
    "PReLU",
    "Permute",
    "PixelShuffle",
    "PixelUnshuffle",
    "ReLU",
    "ReLU6",
    "RepeatVector",
    "Reshape",
    "SiLU",
    "Sigmoid",
    "Softmax",
    "Softplus",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
    "Tanh",
    "Unflatten",
    "UpSampling1D",
    "UpSampling2D",
    "UpSampling3D",
    "Upsample",
    "ZeroPad1d",
    "ZeroPad2d",
    "ZeroPad3d",
    "ZeroPadding1D",
    "ZeroPadding2D",
    "ZeroPadding3D",
    "pooled_size",
    "prelu_tensors",
    "reshaped",
]


# ---------------------------------------------------------------------------
# Argument checks the frameworks make when a layer is constructed.


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    return value


def _dropout_probability(value: object) -> None:
    """torch's check on ``p``."""
    p = _number("p", value)
    if p < 0 or p > 1:
        raise ValueError(f"dropout probability p has to be between 0 and 1, got {value!r}")


def _keras_rate(name: str, value: object) -> None:
    """Keras's check on a dropout ``rate`` (and on GaussianNoise's ``stddev``)."""
    rate = _number(name, value)
    if rate < 0 or rate > 1:
        raise ValueError(f"{name} must be a float between 0 and 1, got {value!r}")


def _slope(layer: str, name: str, value: object) -> None:
    """Keras's ReLU and LeakyReLU refuse None and negative settings."""
    if value is None or _number(name, value) < 0:
        raise ValueError(f"{layer}: {name} cannot be None or negative, got {value!r}")


def _int_tuple(name: str, value: object, rank: int, minimum: int) -> tuple[int, ...]:
    """An int or a ``rank``-tuple of ints, each at least ``minimum`` (Keras's tuples)."""
    items = (value,) * rank if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(items, Sequence) or isinstance(items, str) or len(items) != rank:
        raise ValueError(f"{name} must be an int or a tuple of {rank} ints, got {value!r}")
    for item in items:
        if isinstance(item, bool) or not isinstance(item, int):
            raise ValueError(f"{name} must be an int or a tuple of {rank} ints, got {value!r}")
        if item < minimum:
            raise ValueError(f"{name} values must be >= {minimum}, got {value!r}")
    return tuple(items)


def _padding(name: str, value: object, rank: int) -> None:
    """Keras's padding and cropping: an int, ``rank`` ints, or ``rank`` pairs of ints."""
    if isinstance(value, int) and not isinstance(value, bool):
        _int_tuple(name, value, 1, 0)
        return
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != rank:
        raise ValueError(f"{name} must have {rank} elements, got {value!r}")
    for item in value:
        _int_tuple(name, item, 1 if isinstance(item, int) else 2, 0)


def _data_format(value: object) -> None:
    if value not in (None, "channels_first", "channels_last"):
        raise ValueError(
            f"data_format must be 'channels_first', 'channels_last' or None, got {value!r}"
        )


# ---------------------------------------------------------------------------
# Bases.


class _NoParameters(Spec):
    """A layer without tensors: count 0, formula 0."""

    _sizes: dict[str, int] = {}  # noqa: RUF012 - never mutated

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        yield from ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


# ---------------------------------------------------------------------------
# PyTorch activations.


class _Inplace(_NoParameters):
    def __init__(self, inplace: bool = False) -> None:
        self.inplace = inplace


class ReLU(_Inplace):
    """``torch.nn.ReLU``: ``max(0, x)``; no parameters.

    Examples:
        >>> ReLU(inplace=True).params
        0
    """


class ReLU6(_Inplace):
    """``torch.nn.ReLU6``: ``min(max(0, x), 6)``; no parameters.

    Examples:
        >>> ReLU6().params
        0
    """


class SELU(_Inplace):
    """``torch.nn.SELU``: scaled ELU with fixed constants; no parameters.

    Examples:
        >>> SELU().params
        0
    """


class SiLU(_Inplace):
    """``torch.nn.SiLU``: ``x · sigmoid(x)``; no parameters.

    Examples:
        >>> SiLU().params
        0
    """


class Mish(_Inplace):
    """``torch.nn.Mish``: ``x · tanh(softplus(x))``; no parameters.

    Examples:
        >>> Mish().params
        0
    """


class Hardswish(_Inplace):
    """``torch.nn.Hardswish``; no parameters.

    Examples:
        >>> Hardswish().params
        0
    """


class LeakyReLU(_NoParameters):
    """``torch.nn.LeakyReLU``: the slope ``negative_slope`` is a setting, not a weight.

    Examples:
        >>> LeakyReLU(0.2).params
        0
    """

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        self.negative_slope = negative_slope


class ELU(_NoParameters):
    """``torch.nn.ELU``: ``alpha`` is a fixed setting; no parameters.

    Examples:
        >>> ELU(alpha=0.5).params
        0
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        self.alpha = alpha


class CELU(_NoParameters):
    """``torch.nn.CELU``: ``alpha`` is a fixed setting; no parameters.

    Examples:
        >>> CELU(alpha=0.5).params
        0
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        self.alpha = alpha


class GELU(_NoParameters):
    """``torch.nn.GELU``: ``x · Φ(x)``, exact or ``approximate="tanh"``; no parameters.

    Examples:
        >>> GELU(approximate="tanh").params
        0
    """

    def __init__(self, approximate: str = "none") -> None:
        self.approximate = approximate


class Sigmoid(_NoParameters):
    """``torch.nn.Sigmoid``: ``1 / (1 + exp(-x))``; no parameters, no arguments.

    Examples:
        >>> Sigmoid().params
        0
    """

    def __init__(self) -> None:
        pass


class Tanh(_NoParameters):
    """``torch.nn.Tanh``; no parameters, no arguments.

    Examples:
        >>> Tanh().params
        0
    """

    def __init__(self) -> None:
        pass


class Softmax(_NoParameters):
    """``torch.nn.Softmax`` over ``dim``; no parameters.

    Examples:
        >>> Softmax(dim=-1).params
        0
    """

    def __init__(self, dim: int | None = None) -> None:
        self.dim = dim


class LogSoftmax(_NoParameters):
    """``torch.nn.LogSoftmax`` over ``dim``; no parameters.

    Examples:
        >>> LogSoftmax(dim=1).params
        0
    """

    def __init__(self, dim: int | None = None) -> None:
        self.dim = dim


class Softplus(_NoParameters):
    """``torch.nn.Softplus``: ``beta`` and ``threshold`` are settings; no parameters.

    Examples:
        >>> Softplus(beta=2.0).params
        0
    """

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        self.beta = beta


class Hardtanh(_NoParameters):
    """``torch.nn.Hardtanh``: clamps to ``[min_val, max_val]``; no parameters.

    torch requires ``max_val > min_val``.

    Examples:
        >>> Hardtanh(-2.0, 2.0).params
        0
    """

    def __init__(
        self,
        min_val: float = -1.0,
        max_val: float = 1.0,
        inplace: bool = False,
        min_value: float | None = None,
        max_value: float | None = None,
    ) -> None:
        low = _number("min_val", min_val if min_value is None else min_value)
        high = _number("max_val", max_val if max_value is None else max_value)
        if high <= low:
            raise ValueError(f"max_val ({high}) must be greater than min_val ({low})")


class PReLU(Spec):
    """``torch.nn.PReLU``: ``max(0, x) + a · min(0, x)`` with a *learned* slope ``a``.

    ``num_parameters=1`` (the default) shares one slope across all channels;
    ``num_parameters=C`` learns one slope per channel. ``init`` is the slope's
    starting value, not a size.

    Args:
        num_parameters: Number of slopes: 1, or the number of input channels.
        init: Initial value of every slope.
        device: Accepted for signature compatibility.
        dtype: Accepted for signature compatibility.

    Examples:
        >>> PReLU().shapes, PReLU().params
        ({'weight': (1,)}, 1)
        >>> PReLU(num_parameters=64).params
        64
        >>> PReLU(64).formula
        num_parameters
    """

    def __init__(
        self,
        num_parameters: int = 1,
        init: float = 0.25,
        device: object = None,
        dtype: object = None,
    ) -> None:
        self._sizes = {"num_parameters": nonnegative_int("num_parameters", num_parameters)}
        self.init = init

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return prelu_tensors((sizes["num_parameters"],))


def prelu_tensors(shape: Sequence[Dim], name: str = "weight") -> Iterator[Tensor]:
    """The one tensor of a PReLU: its slopes, of the given shape."""
    yield Tensor(name, tuple(shape))


# ---------------------------------------------------------------------------
# PyTorch dropout.


class _TorchDropout(_NoParameters):
    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        _dropout_probability(p)
        self.p = p


class Dropout(_TorchDropout):
    """``torch.nn.Dropout``: zeroes elements with probability ``p`` while training.

    ``p`` is a setting: dropout has no parameters and does not change the
    count of any other layer. torch requires ``0 <= p <= 1``.

    Examples:
        >>> Dropout(p=0.5).params
        0
    """


class Dropout1d(_TorchDropout):
    """``torch.nn.Dropout1d``: drops whole channels; no parameters.

    Examples:
        >>> Dropout1d(0.2).params
        0
    """


class Dropout2d(_TorchDropout):
    """``torch.nn.Dropout2d``: drops whole feature maps; no parameters.

    Examples:
        >>> Dropout2d(0.2).params
        0
    """


class Dropout3d(_TorchDropout):
    """``torch.nn.Dropout3d``: drops whole volumes; no parameters.

    Examples:
        >>> Dropout3d(0.2).params
        0
    """


class AlphaDropout(_TorchDropout):
    """``torch.nn.AlphaDropout``: dropout that keeps SELU's statistics; no parameters.

    Examples:
        >>> AlphaDropout(0.1).params
        0
    """


class FeatureAlphaDropout(_TorchDropout):
    """``torch.nn.FeatureAlphaDropout``; no parameters.

    Examples:
        >>> FeatureAlphaDropout(0.1).params
        0
    """


# ---------------------------------------------------------------------------
# PyTorch pooling, reshaping, padding, upsampling.


class _TorchMaxPool(_NoParameters):
    def __init__(
        self,
        kernel_size: int | tuple[int, ...],
        stride: int | tuple[int, ...] | None = None,
        padding: int | tuple[int, ...] = 0,
        dilation: int | tuple[int, ...] = 1,
        return_indices: bool = False,
        ceil_mode: bool = False,
    ) -> None:
        self.kernel_size = kernel_size


class MaxPool1d(_TorchMaxPool):
    """``torch.nn.MaxPool1d``: the maximum over each window; no parameters.

    Examples:
        >>> MaxPool1d(3, stride=2).params
        0
    """


class MaxPool2d(_TorchMaxPool):
    """``torch.nn.MaxPool2d``: the maximum over each window; no parameters.

    Examples:
        >>> MaxPool2d(2).params
        0
    """


class MaxPool3d(_TorchMaxPool):
    """``torch.nn.MaxPool3d``: the maximum over each window; no parameters.

    Examples:
        >>> MaxPool3d(2).params
        0
    """


class AvgPool1d(_NoParameters):
    """``torch.nn.AvgPool1d``: the mean over each window; no parameters.

    Examples:
        >>> AvgPool1d(3).params
        0
    """

    def __init__(
        self,
        kernel_size: int | tuple[int],
        stride: int | tuple[int] | None = None,
        padding: int | tuple[int] = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
    ) -> None:
        self.kernel_size = kernel_size


class _TorchAvgPool(_NoParameters):
    def __init__(
        self,
        kernel_size: int | tuple[int, ...],
        stride: int | tuple[int, ...] | None = None,
        padding: int | tuple[int, ...] = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
        divisor_override: int | None = None,
    ) -> None:
        self.kernel_size = kernel_size


class AvgPool2d(_TorchAvgPool):
    """``torch.nn.AvgPool2d``: the mean over each window; no parameters.

    Examples:
        >>> AvgPool2d(2).params
        0
    """


class AvgPool3d(_TorchAvgPool):
    """``torch.nn.AvgPool3d``: the mean over each window; no parameters.

    Examples:
        >>> AvgPool3d(2).params
        0
    """


class _TorchAdaptiveAvgPool(_NoParameters):
    def __init__(self, output_size: int | tuple[int | None, ...] | None) -> None:
        self.output_size = output_size


class AdaptiveAvgPool1d(_TorchAdaptiveAvgPool):
    """``torch.nn.AdaptiveAvgPool1d``: means over windows sized to hit ``output_size``.

    Examples:
        >>> AdaptiveAvgPool1d(1).params
        0
    """


class AdaptiveAvgPool2d(_TorchAdaptiveAvgPool):
    """``torch.nn.AdaptiveAvgPool2d``: global average pooling with ``(1, 1)``; no parameters.

    Examples:
        >>> AdaptiveAvgPool2d((1, 1)).params
        0
    """


class AdaptiveAvgPool3d(_TorchAdaptiveAvgPool):
    """``torch.nn.AdaptiveAvgPool3d``; no parameters.

    Examples:
        >>> AdaptiveAvgPool3d(1).params
        0
    """


class _TorchAdaptiveMaxPool(_NoParameters):
    def __init__(
        self, output_size: int | tuple[int | None, ...] | None, return_indices: bool = False
    ) -> None:
        self.output_size = output_size


class AdaptiveMaxPool1d(_TorchAdaptiveMaxPool):
    """``torch.nn.AdaptiveMaxPool1d``; no parameters.

    Examples:
        >>> AdaptiveMaxPool1d(1).params
        0
    """


class AdaptiveMaxPool2d(_TorchAdaptiveMaxPool):
    """``torch.nn.AdaptiveMaxPool2d``; no parameters.

    Examples:
        >>> AdaptiveMaxPool2d((1, 1)).params
        0
    """


class AdaptiveMaxPool3d(_TorchAdaptiveMaxPool):
    """``torch.nn.AdaptiveMaxPool3d``; no parameters.

    Examples:
        >>> AdaptiveMaxPool3d(1).params
        0
    """


class Flatten(_NoParameters):
    """``torch.nn.Flatten``: merges axes ``start_dim`` to ``end_dim``; no parameters.

    Examples:
        >>> Flatten().params
        0
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        self.start_dim, self.end_dim = start_dim, end_dim


class Unflatten(_NoParameters):
    """``torch.nn.Unflatten``: splits axis ``dim`` into ``unflattened_size``; no parameters.

    torch requires a tuple or list of ints (or of ``(name, size)`` pairs for a
    named ``dim``).

    Examples:
        >>> Unflatten(1, (2, 5, 5)).params
        0
    """

    def __init__(
        self, dim: int | str, unflattened_size: Sequence[int] | Sequence[tuple[str, int]]
    ) -> None:
        if not isinstance(unflattened_size, tuple | list):
            raise TypeError(
                f"unflattened_size must be a tuple or list, got "
                f"{type(unflattened_size).__name__} {unflattened_size!r}"
            )
        wanted = tuple if isinstance(dim, str) else int
        for k, item in enumerate(unflattened_size):
            if isinstance(item, bool) or not isinstance(item, wanted):
                raise TypeError(
                    f"unflattened_size[{k}] must be {wanted.__name__}, got "
                    f"{type(item).__name__} {item!r}"
                )
        self.dim = dim


class _TorchPad(_NoParameters):
    def __init__(self, padding: int | tuple[int, ...]) -> None:
        self.padding = padding


class ZeroPad1d(_TorchPad):
    """``torch.nn.ZeroPad1d``: pads with zeros; no parameters.

    Examples:
        >>> ZeroPad1d(2).params
        0
    """


class ZeroPad2d(_TorchPad):
    """``torch.nn.ZeroPad2d``: pads with zeros; no parameters.

    Examples:
        >>> ZeroPad2d((1, 1, 2, 0)).params
        0
    """


class ZeroPad3d(_TorchPad):
    """``torch.nn.ZeroPad3d``: pads with zeros; no parameters.

    Examples:
        >>> ZeroPad3d(1).params
        0
    """


class _TorchConstantPad(_NoParameters):
    def __init__(self, padding: int | tuple[int, ...], value: float) -> None:
        self.padding, self.value = padding, value


class ConstantPad1d(_TorchConstantPad):
    """``torch.nn.ConstantPad1d``: pads with ``value``, a setting; no parameters.

    Examples:
        >>> ConstantPad1d(2, 3.5).params
        0
    """


class ConstantPad2d(_TorchConstantPad):
    """``torch.nn.ConstantPad2d``: pads with ``value``; no parameters.

    Examples:
        >>> ConstantPad2d(1, 0.0).params
        0
    """


class ConstantPad3d(_TorchConstantPad):
    """``torch.nn.ConstantPad3d``: pads with ``value``; no parameters.

    Examples:
        >>> ConstantPad3d(1, 0.0).params
        0
    """


class Upsample(_NoParameters):
    """``torch.nn.Upsample``: nearest, linear, bilinear, bicubic or trilinear; no parameters.

    Examples:
        >>> Upsample(scale_factor=2, mode="bilinear").params
        0
    """

    def __init__(
        self,
        size: int | tuple[int, ...] | None = None,
        scale_factor: float | tuple[float, ...] | None = None,
        mode: str = "nearest",
        align_corners: bool | None = None,
        recompute_scale_factor: bool | None = None,
    ) -> None:
        self.mode = mode


class PixelShuffle(_NoParameters):
    """``torch.nn.PixelShuffle``: moves channels into space; no parameters.

    Examples:
        >>> PixelShuffle(2).params
        0
    """

    def __init__(self, upscale_factor: int) -> None:
        self.upscale_factor = upscale_factor


class PixelUnshuffle(_NoParameters):
    """``torch.nn.PixelUnshuffle``: moves space into channels; no parameters.

    Examples:
        >>> PixelUnshuffle(2).params
        0
    """

    def __init__(self, downscale_factor: int) -> None:
        self.downscale_factor = downscale_factor


# ---------------------------------------------------------------------------
# Keras: the base, and the input.


def _pairs(name: str, value: object, rank: int) -> tuple[tuple[int, int], ...]:
    """Keras's paddings and croppings: an int, ``rank`` ints, or ``rank`` pairs, as pairs."""
    if isinstance(value, int) and not isinstance(value, bool):
        (size,) = _int_tuple(name, value, 1, 0)
        return ((size, size),) * rank
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != rank:
        raise ValueError(f"{name} must have {rank} elements, got {value!r}")
    pairs = []
    for item in value:
        before, after = _int_tuple(name, item, 2, 0)
        pairs.append((before, after))
    return tuple(pairs)


def _keras_data_format(value: object) -> str:
    _data_format(value)
    return "channels_first" if value == "channels_first" else "channels_last"


class _KerasNoParameters(KerasLayer):
    """A Keras layer without weights: it counts 0 before it is built.

    ``_ndim`` is the rank Keras's ``input_spec`` asks of one sample (batch
    excluded), when it asks for one; scalar samples are accepted otherwise.
    """

    _ndim: ClassVar[int | None] = None

    def _keras(
        self,
        layer: str,
        kwargs: Mapping[str, object],
        input_shape: object,
        allowed: Sequence[str] = (),
    ) -> None:
        self._keras_init(kwargs, input_shape, allowed)
        self._sizes = {}

    def _build(self, input_shape: object) -> None:
        shape = keras_input_shape(input_shape, min_rank=0)
        if self._ndim is not None and len(shape) != self._ndim:
            raise ValueError(
                f"{type(self).__name__} expects inputs of rank {self._ndim + 1} "
                f"(batch included), got input_shape {shape!r}"
            )
        self.input_shape = shape
        self._output()  # Keras refuses some shapes only when it computes the output

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        yield from ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class InputLayer(_KerasNoParameters):
    """``keras.layers.InputLayer``: the input of a model; no weights.

    ``layers.Input(shape=...)`` makes one. As the first layer of a
    :class:`Sequential` it gives the shape of one sample to the layers after it;
    ``model.layers`` and the summary leave it out, as Keras does. ``shape``
    excludes the batch axis, ``batch_shape`` includes it.

    Args:
        shape: Shape of one sample, batch excluded (``None`` for a free axis).
        batch_size: Optional fixed batch size; it does not change the count.
        dtype: Accepted; the input's dtype does not change the count.
        sparse: Accepted; it does not change the count.
        ragged: Accepted; it does not change the count.
        batch_shape: The shape with the batch axis first, instead of ``shape``.
        input_tensor: Not supported (there are no tensors here).
        optional: Accepted; it does not change the count.
        name: The layer's name.
        **kwargs: ``input_shape`` (the old name of ``shape``) and
            ``batch_input_shape`` (of ``batch_shape``).

    Examples:
        >>> inputs = InputLayer(shape=(10,))
        >>> inputs.params, inputs.output_shape
        (0, (10,))
    """

    def __init__(
        self,
        shape: Sequence[int | None] | None = None,
        batch_size: int | None = None,
        dtype: object = None,
        sparse: bool | None = None,
        ragged: bool | None = None,
        batch_shape: Sequence[int | None] | None = None,
        input_tensor: object = None,
        optional: bool = False,
        name: str | None = None,
        **kwargs: object,
    ) -> None:
        given = dict(kwargs)
        if "input_shape" in given:
            shape = given.pop("input_shape")  # type: ignore[assignment]
        if "batch_input_shape" in given:
            batch_shape = given.pop("batch_input_shape")  # type: ignore[assignment]
        no_other_arguments("InputLayer", given, ())
        if input_tensor is not None:
            raise NotImplementedError("InputLayer: input_tensor is not supported")
        if shape is not None and batch_shape is not None:
            raise ValueError("You cannot pass both `shape` and `batch_shape` at the same time.")
        if batch_size is not None and batch_shape is not None:
            raise ValueError(
                "You cannot pass both `batch_size` and `batch_shape` at the same time."
            )
        if shape is None and batch_shape is None:
            raise ValueError("You must pass a `shape` argument.")
        if batch_size is not None:
            nonnegative_int("batch_size", batch_size)
        if batch_shape is not None:
            full = keras_input_shape(batch_shape, "batch_shape")
            batch, sample = full[0], full[1:]
        else:
            batch, sample = batch_size, keras_input_shape(shape, "shape", min_rank=0)
        self.batch_shape: tuple[int | None, ...] = (batch, *sample)
        self._keras("InputLayer", {"name": name, "dtype": dtype}, sample)
        self._build_given()


def Input(  # noqa: N802 - Keras's name
    shape: Sequence[int | None] | None = None,
    batch_size: int | None = None,
    dtype: object = None,
    sparse: bool | None = None,
    ragged: bool | None = None,
    batch_shape: Sequence[int | None] | None = None,
    name: str | None = None,
    tensor: object = None,
    optional: bool = False,
) -> InputLayer:
    """``keras.Input``: the input of a model, as an :class:`InputLayer`; no weights.

    Keras returns a symbolic tensor; paramref returns the input layer, which a
    :class:`Sequential` takes as its first layer, as Keras does with the tensor.

    Examples:
        >>> Input(shape=(28, 28, 1)).output_shape
        (28, 28, 1)
        >>> Input(batch_shape=(32, 10)).batch_shape
        (32, 10)
    """
    return InputLayer(
        shape=shape,
        batch_size=batch_size,
        dtype=dtype,
        sparse=sparse,
        ragged=ragged,
        batch_shape=batch_shape,
        input_tensor=tensor,
        optional=optional,
        name=name,
    )


# ---------------------------------------------------------------------------
# Keras activations: the output has the input's shape.


class Activation(_KerasNoParameters):
    """``keras.layers.Activation``: applies a named activation; no weights.

    Examples:
        >>> Activation("relu").params
        0
    """

    def __init__(
        self,
        activation: object,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("Activation", kwargs, input_shape)
        self.activation = activation
        self._build_given()


@renamed("ReLU")
class KerasReLU(_KerasNoParameters):
    """``keras.layers.ReLU`` (``paramref.layers.ReLU``): its limits are settings, not weights.

    Keras refuses a negative ``max_value``, and a ``None`` or negative
    ``negative_slope`` or ``threshold``.

    Examples:
        >>> KerasReLU(max_value=6.0).params
        0
    """

    def __init__(
        self,
        max_value: float | None = None,
        negative_slope: float = 0.0,
        threshold: float = 0.0,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("ReLU", kwargs, input_shape)
        if max_value is not None and _number("max_value", max_value) < 0:
            raise ValueError(f"ReLU: max_value cannot be negative, got {max_value!r}")
        _slope("ReLU", "negative_slope", negative_slope)
        _slope("ReLU", "threshold", threshold)
        self._build_given()


@renamed("LeakyReLU")
class KerasLeakyReLU(_KerasNoParameters):
    """``keras.layers.LeakyReLU`` (``paramref.layers.LeakyReLU``): a fixed slope; no weights.

    The old name ``alpha`` is still accepted for ``negative_slope``.

    Examples:
        >>> KerasLeakyReLU(negative_slope=0.2).params
        0
    """

    def __init__(
        self,
        negative_slope: float = 0.3,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        if "alpha" in kwargs:
            kwargs = dict(kwargs)
            negative_slope = kwargs.pop("alpha")  # type: ignore[assignment]
        self._keras("LeakyReLU", kwargs, input_shape)
        _slope("LeakyReLU", "negative_slope", negative_slope)
        self._build_given()


@renamed("ELU")
class KerasELU(_KerasNoParameters):
    """``keras.layers.ELU`` (``paramref.layers.ELU``): a fixed ``alpha``; no weights.

    Examples:
        >>> KerasELU(alpha=1.0).params
        0
    """

    def __init__(
        self,
        alpha: float = 1.0,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("ELU", kwargs, input_shape)
        self._build_given()


@renamed("Softmax")
class KerasSoftmax(_KerasNoParameters):
    """``keras.layers.Softmax`` (``paramref.layers.Softmax``) over ``axis``; no weights.

    Examples:
        >>> KerasSoftmax(axis=-1).params
        0
    """

    def __init__(
        self,
        axis: int | tuple[int, ...] = -1,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("Softmax", kwargs, input_shape)
        self._build_given()


@renamed("PReLU")
class KerasPReLU(KerasLayer):
    """``keras.layers.PReLU`` (``paramref.layers.PReLU``): one learned slope per input element.

    Keras gives ``alpha`` the shape of one input sample and sets to 1 every axis
    listed in ``shared_axes``. Axes are numbered as Keras numbers them, with the
    batch as axis 0, so ``shared_axes=[1, 2]`` on images ``(H, W, C)`` leaves one
    slope per channel. Keras writes ``alpha[axis - 1] = 1`` with Python
    indexing, and paramref does the same: ``shared_axes=[0]`` shares the *last*
    axis. The formula's symbols are ``axis_1``, ``axis_2``, ... for the sizes of
    the input's axes. The output has the input's shape.

    Args:
        alpha_initializer: Accepted; it does not change the count.
        alpha_regularizer: Accepted; it does not change the count.
        alpha_constraint: Accepted; it does not change the count.
        shared_axes: An axis or a list of axes whose slopes are shared.
        input_shape: Shape of one input sample, batch excluded; every axis not
            shared must be fixed. Without it the spec is unbuilt.
        **kwargs: Keyword arguments of every Keras layer.

    Examples:
        >>> KerasPReLU(input_shape=(32, 32, 3)).params
        3072
        >>> images = KerasPReLU(shared_axes=[1, 2], input_shape=(32, 32, 3))
        >>> images.shapes, images.params, images.formula
        ({'alpha': (1, 1, 3)}, 3, axis_3)
    """

    def __init__(
        self,
        alpha_initializer: object = "Zeros",
        alpha_regularizer: object = None,
        alpha_constraint: object = None,
        shared_axes: int | Sequence[int] | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras_init(kwargs, input_shape)
        if shared_axes is None:
            shared: list[int] = []
        elif isinstance(shared_axes, int) and not isinstance(shared_axes, bool):
            shared = [shared_axes]
        elif isinstance(shared_axes, list | tuple):
            shared = list(shared_axes)
        else:
            raise TypeError(
                f"shared_axes must be an int, a list of ints or None, got {shared_axes!r}"
            )
        for axis in shared:
            if isinstance(axis, bool) or not isinstance(axis, int):
                raise TypeError(f"shared_axes must hold ints, got {shared_axes!r}")
        self.shared_axes = shared_axes
        self._shared = shared
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self.input_shape = keras_input_shape(input_shape)
        rank = len(self.input_shape)
        layout: list[str | int] = [f"axis_{k + 1}" for k in range(rank)]
        for axis in self._shared:
            if not -rank <= axis - 1 < rank:
                raise ValueError(
                    f"shared_axes {self.shared_axes!r} names an axis that input_shape "
                    f"{self.input_shape!r} does not have"
                )
            layout[axis - 1] = 1
        self._layout = tuple(layout)
        sizes = {}
        for k, size in enumerate(self.input_shape):
            name = f"axis_{k + 1}"
            if name in self._layout:
                if size is None:
                    raise ValueError(
                        f"input_shape must fix axis {k + 1} (not shared), got {self.input_shape!r}"
                    )
                sizes[name] = size
        self._sizes = sizes

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        shape = [sizes[axis] if isinstance(axis, str) else axis for axis in self._layout]
        return trainable_as(self.trainable, prelu_tensors(shape, "alpha"))


# ---------------------------------------------------------------------------
# Keras dropout and noise: the output has the input's shape.


class _KerasRate(_KerasNoParameters):
    _layer = "Dropout"

    def __init__(
        self,
        rate: float,
        noise_shape: object = None,
        seed: int | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras(self._layer, kwargs, input_shape)
        _keras_rate("rate", rate)
        self.rate = rate
        self._build_given()


@renamed("Dropout")
class KerasDropout(_KerasRate):
    """``keras.layers.Dropout`` (``paramref.layers.Dropout``): no weights.

    ``rate`` must be between 0 and 1; it is a setting, not a weight, and it does
    not change the count of the layers around it.

    Examples:
        >>> KerasDropout(0.5).params
        0
    """


@renamed("AlphaDropout")
class KerasAlphaDropout(_KerasRate):
    """``keras.layers.AlphaDropout`` (``paramref.layers.AlphaDropout``): no weights.

    Examples:
        >>> KerasAlphaDropout(0.1).params
        0
    """

    _layer = "AlphaDropout"


class GaussianDropout(_KerasNoParameters):
    """``keras.layers.GaussianDropout``: multiplicative noise; no weights.

    Examples:
        >>> GaussianDropout(0.1).params
        0
    """

    def __init__(
        self,
        rate: float,
        seed: int | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("GaussianDropout", kwargs, input_shape)
        _keras_rate("rate", rate)
        self._build_given()


class GaussianNoise(_KerasNoParameters):
    """``keras.layers.GaussianNoise``: additive noise; no weights.

    Keras checks ``stddev`` with its dropout-rate check: it must lie in ``[0, 1]``.

    Examples:
        >>> GaussianNoise(0.1).params
        0
    """

    def __init__(
        self,
        stddev: float,
        seed: int | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("GaussianNoise", kwargs, input_shape)
        _keras_rate("stddev", stddev)
        self._build_given()


class SpatialDropout1D(_KerasNoParameters):
    """``keras.layers.SpatialDropout1D``: drops whole channels; no weights.

    It takes sequences ``(steps, channels)``.

    Examples:
        >>> SpatialDropout1D(0.2).params
        0
    """

    _ndim = 2

    def __init__(
        self,
        rate: float,
        seed: int | None = None,
        name: str | None = None,
        dtype: object = None,
        *,
        input_shape: Sequence[int | None] | None = None,
    ) -> None:
        self._keras("SpatialDropout1D", {"name": name, "dtype": dtype}, input_shape)
        _keras_rate("rate", rate)
        self._build_given()


class _KerasSpatialDropout(_KerasNoParameters):
    def __init__(
        self,
        rate: float,
        data_format: str | None = None,
        seed: int | None = None,
        name: str | None = None,
        dtype: object = None,
        *,
        input_shape: Sequence[int | None] | None = None,
    ) -> None:
        self._keras(type(self).__name__, {"name": name, "dtype": dtype}, input_shape)
        _keras_rate("rate", rate)
        _data_format(data_format)
        self._build_given()


class SpatialDropout2D(_KerasSpatialDropout):
    """``keras.layers.SpatialDropout2D``: drops whole feature maps; no weights.

    Examples:
        >>> SpatialDropout2D(0.2).params
        0
    """

    _ndim = 3


class SpatialDropout3D(_KerasSpatialDropout):
    """``keras.layers.SpatialDropout3D``: drops whole volumes; no weights.

    Examples:
        >>> SpatialDropout3D(0.2).params
        0
    """

    _ndim = 4


# ---------------------------------------------------------------------------
# Keras pooling.


def pooled_size(size: int | None, window: int, stride: int, padding: str) -> int | None:
    """One spatial axis after pooling, as Keras computes it (``None`` stays ``None``).

    >>> pooled_size(28, 2, 2, "valid"), pooled_size(7, 2, 2, "same")
    (14, 4)
    """
    if size is None:
        return None
    if padding == "valid":
        return (size - window) // stride + 1
    return (size - 1) // stride + 1


class _KerasPooling(_KerasNoParameters):
    _rank = 1
    _layer = "Pooling"

    def _pooling(
        self,
        pool_size: object,
        strides: object,
        padding: object,
        data_format: object,
        kwargs: Mapping[str, object],
        input_shape: object,
    ) -> None:
        self._keras(self._layer, kwargs, input_shape)
        self.pool_size = _int_tuple("pool_size", pool_size, self._rank, 1)
        self.strides = _int_tuple(
            "strides", self.pool_size if strides is None else strides, self._rank, 1
        )
        if padding not in ("valid", "same"):
            raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")
        self.padding = str(padding)
        self.data_format = _keras_data_format(data_format)
        self._build_given()

    @property
    def _ndim(self) -> int:  # type: ignore[override]
        return self._rank + 1

    def _output(self) -> Output:
        assert self.input_shape is not None
        first = self.data_format == "channels_first"
        spatial = self.input_shape[1:] if first else self.input_shape[:-1]
        pooled = []
        for axis, size in enumerate(spatial):
            out = pooled_size(size, self.pool_size[axis], self.strides[axis], self.padding)
            if out is not None and out <= 0:
                raise ValueError(
                    "Computed output size would be zero or negative: input_shape "
                    f"{self.input_shape!r}, pool_size={self.pool_size}, "
                    f"strides={self.strides}, padding={self.padding!r}"
                )
            pooled.append(out)
        if first:
            return (self.input_shape[0], *pooled)
        return (*pooled, self.input_shape[-1])


class MaxPooling1D(_KerasPooling):
    """``keras.layers.MaxPooling1D``: the maximum over each window; no weights.

    Each step axis becomes ``(size - pool_size) // strides + 1`` (``"valid"``)
    or ``(size - 1) // strides + 1`` (``"same"``); ``strides`` defaults to
    ``pool_size``.

    Examples:
        >>> MaxPooling1D(pool_size=2).params
        0
        >>> MaxPooling1D(2, input_shape=(9, 16)).output_shape
        (4, 16)
    """

    _rank, _layer = 1, "MaxPooling1D"

    def __init__(
        self,
        pool_size: int | tuple[int] = 2,
        strides: int | tuple[int] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        given = {**kwargs, "name": name}
        self._pooling(pool_size, strides, padding, data_format, given, input_shape)


class MaxPooling2D(_KerasPooling):
    """``keras.layers.MaxPooling2D``: the maximum over each window; no weights.

    Keras's default ``pool_size`` is ``(2, 2)``.

    Examples:
        >>> MaxPooling2D((2, 2), input_shape=(28, 28, 32)).params
        0
        >>> MaxPooling2D((2, 2), input_shape=(28, 28, 32)).output_shape
        (14, 14, 32)
    """

    _rank, _layer = 2, "MaxPooling2D"

    def __init__(
        self,
        pool_size: int | tuple[int, int] = (2, 2),
        strides: int | tuple[int, int] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        given = {**kwargs, "name": name}
        self._pooling(pool_size, strides, padding, data_format, given, input_shape)


class MaxPooling3D(_KerasPooling):
    """``keras.layers.MaxPooling3D``: the maximum over each window; no weights.

    Examples:
        >>> MaxPooling3D().params
        0
    """

    _rank, _layer = 3, "MaxPooling3D"

    def __init__(
        self,
        pool_size: int | tuple[int, int, int] = (2, 2, 2),
        strides: int | tuple[int, int, int] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        given = {**kwargs, "name": name}
        self._pooling(pool_size, strides, padding, data_format, given, input_shape)


class _KerasAveragePooling(_KerasPooling):
    def __init__(
        self,
        pool_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        given = {**kwargs, "name": name}
        self._pooling(pool_size, strides, padding, data_format, given, input_shape)


class AveragePooling1D(_KerasAveragePooling):
    """``keras.layers.AveragePooling1D``: the mean over each window; no weights.

    Examples:
        >>> AveragePooling1D(2).params
        0
    """

    _rank, _layer = 1, "AveragePooling1D"


class AveragePooling2D(_KerasAveragePooling):
    """``keras.layers.AveragePooling2D``: the mean over each window; no weights.

    Examples:
        >>> AveragePooling2D((2, 2)).params
        0
    """

    _rank, _layer = 2, "AveragePooling2D"


class AveragePooling3D(_KerasAveragePooling):
    """``keras.layers.AveragePooling3D``: the mean over each window; no weights.

    Examples:
        >>> AveragePooling3D(2).params
        0
    """

    _rank, _layer = 3, "AveragePooling3D"


class _KerasGlobalPooling(_KerasNoParameters):
    _layer = "GlobalPooling"
    _rank = 1

    def __init__(
        self,
        data_format: str | None = None,
        keepdims: bool = False,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras(self._layer, kwargs, input_shape)
        self.data_format = _keras_data_format(data_format)
        self.keepdims = keepdims
        self._build_given()

    @property
    def _ndim(self) -> int:  # type: ignore[override]
        return self._rank + 1

    def _output(self) -> Output:
        assert self.input_shape is not None
        ones = (1,) * self._rank if self.keepdims else ()
        if self.data_format == "channels_first":
            return (self.input_shape[0], *ones)
        return (*ones, self.input_shape[-1])


class GlobalAveragePooling1D(_KerasGlobalPooling):
    """``keras.layers.GlobalAveragePooling1D``: the mean over the steps; no weights.

    Examples:
        >>> GlobalAveragePooling1D().params
        0
    """

    _layer, _rank = "GlobalAveragePooling1D", 1


class GlobalAveragePooling2D(_KerasGlobalPooling):
    """``keras.layers.GlobalAveragePooling2D``: one mean per channel; no weights.

    Examples:
        >>> GlobalAveragePooling2D(input_shape=(7, 7, 512)).params
        0
        >>> GlobalAveragePooling2D(input_shape=(7, 7, 512)).output_shape
        (512,)
    """

    _layer, _rank = "GlobalAveragePooling2D", 2


class GlobalAveragePooling3D(_KerasGlobalPooling):
    """``keras.layers.GlobalAveragePooling3D``; no weights.

    Examples:
        >>> GlobalAveragePooling3D().params
        0
    """

    _layer, _rank = "GlobalAveragePooling3D", 3


class GlobalMaxPooling1D(_KerasGlobalPooling):
    """``keras.layers.GlobalMaxPooling1D``; no weights.

    Examples:
        >>> GlobalMaxPooling1D().params
        0
    """

    _layer, _rank = "GlobalMaxPooling1D", 1


class GlobalMaxPooling2D(_KerasGlobalPooling):
    """``keras.layers.GlobalMaxPooling2D``; no weights.

    Examples:
        >>> GlobalMaxPooling2D().params
        0
    """

    _layer, _rank = "GlobalMaxPooling2D", 2


class GlobalMaxPooling3D(_KerasGlobalPooling):
    """``keras.layers.GlobalMaxPooling3D``; no weights.

    Examples:
        >>> GlobalMaxPooling3D().params
        0
    """

    _layer, _rank = "GlobalMaxPooling3D", 3


# ---------------------------------------------------------------------------
# Keras reshaping, padding, cropping, upsampling.


@renamed("Flatten")
class KerasFlatten(_KerasNoParameters):
    """``keras.layers.Flatten`` (``paramref.layers.Flatten``): no weights.

    Flatten itself is free; the ``Dense`` after it pays for every flattened
    feature: the output is one axis, the product of the input's axes (``None``
    if one of them is free).

    Examples:
        >>> KerasFlatten(input_shape=(7, 7, 64)).params
        0
        >>> KerasFlatten(input_shape=(7, 7, 64)).output_shape
        (3136,)
    """

    def __init__(
        self,
        data_format: str | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("Flatten", kwargs, input_shape)
        _data_format(data_format)
        self._build_given()

    def _output(self) -> Output:
        assert self.input_shape is not None
        if any(size is None for size in self.input_shape):
            return (None,)
        total = 1
        for size in self.input_shape:
            assert size is not None
            total *= size
        return (total,)


def reshaped(input_shape: Shape, target_shape: tuple[int, ...]) -> Shape:
    """Keras's ``Reshape`` output: ``target_shape`` with its ``-1`` worked out.

    >>> reshaped((4, 6), (3, -1))
    (3, 8)
    """
    if None in input_shape:
        return tuple(None if size == -1 else size for size in target_shape)
    total = 1
    for size in input_shape:
        assert size is not None
        total *= size
    known = 1
    for size in target_shape:
        if size != -1:
            known *= size
    if -1 not in target_shape:
        if known != total:
            raise ValueError(
                "The total size of the tensor must be unchanged, got input_shape "
                f"{input_shape!r} ({total} values) and target_shape {target_shape!r}"
            )
        return target_shape
    if known == 0 or total % known:
        raise ValueError(
            f"input_shape {input_shape!r} ({total} values) cannot be divided by the sizes "
            f"given in target_shape {target_shape!r}"
        )
    return tuple(total // known if size == -1 else size for size in target_shape)


class Reshape(_KerasNoParameters):
    """``keras.layers.Reshape``: no weights.

    At most one axis of ``target_shape`` may be ``-1``: it takes what the
    others leave of the input's size.

    Examples:
        >>> Reshape((4, -1)).params
        0
        >>> Reshape((4, -1), input_shape=(2, 8)).output_shape
        (4, 4)
    """

    def __init__(
        self,
        target_shape: Sequence[int],
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("Reshape", kwargs, input_shape)
        if not isinstance(target_shape, Sequence) or isinstance(target_shape, str):
            raise TypeError(f"target_shape must be a tuple of ints, got {target_shape!r}")
        for size in target_shape:
            if isinstance(size, bool) or not isinstance(size, int):
                raise TypeError(f"target_shape must be a tuple of ints, got {target_shape!r}")
            if size < -1:
                raise ValueError(
                    "Each dimension in target_shape must be a non-negative integer, or -1 "
                    f"for a single unknown dimension, got target_shape={target_shape!r}"
                )
        if list(target_shape).count(-1) > 1:
            raise ValueError(
                "There must be at most one unknown dimension (-1) in target_shape, "
                f"got target_shape={target_shape!r}"
            )
        self.target_shape = tuple(target_shape)
        self._build_given()

    def _output(self) -> Output:
        assert self.input_shape is not None
        return reshaped(self.input_shape, self.target_shape)


class Permute(_KerasNoParameters):
    """``keras.layers.Permute``: reorders axes; no weights.

    ``dims`` must be a permutation of ``1, ..., n`` (the batch axis stays put).

    Examples:
        >>> Permute((2, 1)).params
        0
        >>> Permute((2, 1), input_shape=(10, 64)).output_shape
        (64, 10)
    """

    def __init__(
        self,
        dims: Sequence[int],
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("Permute", kwargs, input_shape)
        if not isinstance(dims, Sequence) or sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError(f"dims must be a permutation of 1, ..., n, got {dims!r}")
        self.dims = tuple(dims)
        self._build_given()

    @property
    def _ndim(self) -> int:  # type: ignore[override]
        return len(self.dims)

    def _output(self) -> Output:
        assert self.input_shape is not None
        return tuple(self.input_shape[axis - 1] for axis in self.dims)


class RepeatVector(_KerasNoParameters):
    """``keras.layers.RepeatVector``: repeats the input ``n`` times; no weights.

    It takes vectors ``(features,)`` and returns ``(n, features)``.

    Examples:
        >>> RepeatVector(3).params
        0
        >>> RepeatVector(3, input_shape=(32,)).output_shape
        (3, 32)
    """

    _ndim = 1

    def __init__(
        self,
        n: int,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("RepeatVector", kwargs, input_shape)
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be an int, got {type(n).__name__} {n!r}")
        self.n = n
        self._build_given()

    def _output(self) -> Output:
        assert self.input_shape is not None
        return (self.n, self.input_shape[0])


class _KerasResize(_KerasNoParameters):
    """Padding, cropping and upsampling: each spatial axis changes by a rule."""

    _rank = 1
    data_format = "channels_last"

    @property
    def _ndim(self) -> int:  # type: ignore[override]
        return self._rank + 1

    def _resize(self, axis: int, size: int) -> int:
        raise NotImplementedError

    def _output(self) -> Output:
        assert self.input_shape is not None
        shape = list(self.input_shape)
        first = 1 if self.data_format == "channels_first" else 0
        for axis in range(self._rank):
            size = shape[first + axis]
            if size is not None:
                shape[first + axis] = self._resize(axis, size)
        return tuple(shape)


class _KerasPadding(_KerasResize):
    padding: tuple[tuple[int, int], ...]

    def _resize(self, axis: int, size: int) -> int:
        return size + sum(self.padding[axis])


class _KerasCropping(_KerasResize):
    cropping: tuple[tuple[int, int], ...]

    def _resize(self, axis: int, size: int) -> int:
        cropped = size - sum(self.cropping[axis])
        if cropped <= 0:
            raise ValueError(
                "cropping must be smaller than the spatial axes of the input, got "
                f"input_shape={self.input_shape!r} and cropping={self.cropping}"
            )
        return cropped


class _KerasUpSampling(_KerasResize):
    size: tuple[int, ...]

    def _resize(self, axis: int, size: int) -> int:
        return size * self.size[axis]


class ZeroPadding1D(_KerasPadding):
    """``keras.layers.ZeroPadding1D``: no weights; the steps grow by the padding.

    Examples:
        >>> ZeroPadding1D(2).params
        0
        >>> ZeroPadding1D((1, 2), input_shape=(10, 8)).output_shape
        (13, 8)
    """

    def __init__(
        self,
        padding: int | tuple[int, int] = 1,
        data_format: str | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("ZeroPadding1D", kwargs, input_shape)
        before, after = _int_tuple("padding", padding, 2, 0)
        self.padding = ((before, after),)
        self.data_format = _keras_data_format(data_format)
        self._build_given()


class ZeroPadding2D(_KerasPadding):
    """``keras.layers.ZeroPadding2D``: no weights; rows and columns grow by the padding.

    Examples:
        >>> ZeroPadding2D(((1, 2), (3, 4))).params
        0
        >>> ZeroPadding2D(1, input_shape=(28, 28, 3)).output_shape
        (30, 30, 3)
    """

    _rank = 2

    def __init__(
        self,
        padding: int | tuple[int, int] | tuple[tuple[int, int], tuple[int, int]] = (1, 1),
        data_format: str | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("ZeroPadding2D", kwargs, input_shape)
        self.padding = _pairs("padding", padding, 2)
        self.data_format = _keras_data_format(data_format)
        self._build_given()


class ZeroPadding3D(_KerasPadding):
    """``keras.layers.ZeroPadding3D``: no weights.

    Examples:
        >>> ZeroPadding3D(1).params
        0
    """

    _rank = 3

    def __init__(
        self,
        padding: int | tuple[int, ...] | tuple[tuple[int, int], ...] = ((1, 1), (1, 1), (1, 1)),
        data_format: str | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("ZeroPadding3D", kwargs, input_shape)
        self.padding = _pairs("padding", padding, 3)
        self.data_format = _keras_data_format(data_format)
        self._build_given()


class Cropping1D(_KerasCropping):
    """``keras.layers.Cropping1D``: no weights; the steps shrink by the cropping.

    Examples:
        >>> Cropping1D((1, 2)).params
        0
    """

    def __init__(
        self,
        cropping: int | tuple[int, int] = (1, 1),
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("Cropping1D", kwargs, input_shape)
        before, after = _int_tuple("cropping", cropping, 2, 0)
        self.cropping = ((before, after),)
        self._build_given()


class Cropping2D(_KerasCropping):
    """``keras.layers.Cropping2D``: no weights.

    Examples:
        >>> Cropping2D(2).params
        0
        >>> Cropping2D(((1, 1), (2, 2)), input_shape=(28, 28, 3)).output_shape
        (26, 24, 3)
    """

    _rank = 2

    def __init__(
        self,
        cropping: int | tuple[int, int] | tuple[tuple[int, int], tuple[int, int]] = (
            (0, 0),
            (0, 0),
        ),
        data_format: str | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("Cropping2D", kwargs, input_shape)
        self.cropping = _pairs("cropping", cropping, 2)
        self.data_format = _keras_data_format(data_format)
        self._build_given()


class Cropping3D(_KerasCropping):
    """``keras.layers.Cropping3D``: no weights.

    Examples:
        >>> Cropping3D(1).params
        0
    """

    _rank = 3

    def __init__(
        self,
        cropping: int | tuple[int, ...] | tuple[tuple[int, int], ...] = ((1, 1), (1, 1), (1, 1)),
        data_format: str | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("Cropping3D", kwargs, input_shape)
        self.cropping = _pairs("cropping", cropping, 3)
        self.data_format = _keras_data_format(data_format)
        self._build_given()


class UpSampling1D(_KerasUpSampling):
    """``keras.layers.UpSampling1D``: repeats each step ``size`` times; no weights.

    Examples:
        >>> UpSampling1D(2).params
        0
        >>> UpSampling1D(2, input_shape=(10, 8)).output_shape
        (20, 8)
    """

    def __init__(
        self,
        size: int = 2,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("UpSampling1D", kwargs, input_shape)
        if isinstance(size, bool) or not isinstance(size, int):
            raise TypeError(f"size must be an int, got {type(size).__name__} {size!r}")
        if size < 1:
            raise ValueError(f"size must be a positive integer, got {size!r}")
        self.size = (size,)
        self._build_given()


class UpSampling2D(_KerasUpSampling):
    """``keras.layers.UpSampling2D``: nearest or bilinear resizing; no weights.

    Examples:
        >>> UpSampling2D((2, 2), interpolation="bilinear").params
        0
    """

    _rank = 2

    def __init__(
        self,
        size: int | tuple[int, int] = (2, 2),
        data_format: str | None = None,
        interpolation: str = "nearest",
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("UpSampling2D", kwargs, input_shape)
        self.size = _int_tuple("size", size, 2, 1)
        self.data_format = _keras_data_format(data_format)
        self._build_given()


class UpSampling3D(_KerasUpSampling):
    """``keras.layers.UpSampling3D``; no weights.

    Examples:
        >>> UpSampling3D(2).params
        0
    """

    _rank = 3

    def __init__(
        self,
        size: int | tuple[int, int, int] = (2, 2, 2),
        data_format: str | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras("UpSampling3D", kwargs, input_shape)
        self.size = _int_tuple("size", size, 3, 1)
        self.data_format = _keras_data_format(data_format)
        self._build_given()


@renamed("Identity")
class KerasIdentity(_KerasNoParameters):
    """``keras.layers.Identity`` (``paramref.layers.Identity``): returns its input; no weights.

    Unlike ``torch.nn.Identity`` it takes only the keywords of every Keras layer.

    Examples:
        >>> KerasIdentity(name="skip").params
        0
    """

    def __init__(
        self, *, input_shape: Sequence[int | None] | None = None, **kwargs: object
    ) -> None:
        self._keras("Identity", kwargs, input_shape)
        self._build_given()
