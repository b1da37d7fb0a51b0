"""The convolution family: one kernel per output channel, shared across positions.

A convolution's parameters do not depend on the size of its input, nor on its
stride, padding or dilation: those change the shape of the output, not the
shape of the kernel. What counts is the kernel's spatial size, the channels in
and out, the groups and the bias.

PyTorch stores a convolution's ``weight`` as ``(out_channels, in_channels /
groups, *kernel_size)`` and a transposed convolution's as ``(in_channels,
out_channels / groups, *kernel_size)``. Keras puts the spatial axes first:
``kernel`` is ``(*kernel_size, input_channels / groups, filters)``, and
``(*kernel_size, filters, input_channels)`` when transposed. One listing
function per storage convention serves every dimension.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import ClassVar

import sympy

from ._check import flag, no_other_arguments, nonnegative_int, positive_int
from ._tensors import Dim, Spec, Tensor

__all__ = [
    "Conv1D",
    "Conv1DTranspose",
    "Conv1d",
    "Conv2D",
    "Conv2DTranspose",
    "Conv2d",
    "Conv3D",
    "Conv3DTranspose",
    "Conv3d",
    "ConvTranspose1d",
    "ConvTranspose2d",
    "ConvTranspose3d",
    "DepthwiseConv1D",
    "DepthwiseConv2D",
    "SeparableConv1D",
    "SeparableConv2D",
    "conv_tensors",
    "depthwise_tensors",
    "keras_conv_tensors",
    "separable_tensors",
]

# --------------------------------------------------------------------------
# The tensors: written once, for int and sympy sizes alike.
# --------------------------------------------------------------------------


def per_group(channels: Dim, groups: Dim) -> Dim:
    """Channels seen by one group: exact ``//`` for ints, a sympy ratio for symbols."""
    if isinstance(channels, int) and isinstance(groups, int):
        return channels // groups
    return sympy.sympify(channels) / groups


def conv_tensors(
    in_channels: Dim,
    out_channels: Dim,
    kernel: Sequence[Dim],
    groups: Dim = 1,
    bias: bool = True,
    transposed: bool = False,
) -> Iterator[Tensor]:
    """Tensors of ``torch.nn.ConvNd`` / ``ConvTransposeNd``, as torch names and shapes them."""
    if transposed:
        yield Tensor("weight", (in_channels, per_group(out_channels, groups), *kernel))
    else:
        yield Tensor("weight", (out_channels, per_group(in_channels, groups), *kernel))
    if bias:
        yield Tensor("bias", (out_channels,))


def keras_conv_tensors(
    input_channels: Dim,
    filters: Dim,
    kernel: Sequence[Dim],
    groups: Dim = 1,
    use_bias: bool = True,
    *,
    transposed: bool = False,
    lora_rank: Dim | None = None,
    trainable: bool = True,
) -> Iterator[Tensor]:
    """Tensors of ``keras.layers.ConvND`` / ``ConvNDTranspose``, in ``layer.weights`` order.

    With ``lora_rank`` the kernel is frozen and two trainable low-rank factors
    follow the bias, as ``layer.enable_lora(rank)`` adds them.
    """
    if transposed:
        kernel_shape: tuple[Dim, ...] = (*kernel, filters, input_channels)
    else:
        kernel_shape = (*kernel, per_group(input_channels, groups), filters)
    yield Tensor("kernel", kernel_shape, trainable=trainable and lora_rank is None)
    if use_bias:
        yield Tensor("bias", (filters,), trainable=trainable)
    if lora_rank is not None:
        yield Tensor("lora_kernel_a", (*kernel_shape[:-1], lora_rank), trainable=trainable)
        yield Tensor("lora_kernel_b", (lora_rank, filters), trainable=trainable)


def depthwise_tensors(
    input_channels: Dim,
    depth_multiplier: Dim,
    kernel: Sequence[Dim],
    use_bias: bool = True,
    *,
    trainable: bool = True,
) -> Iterator[Tensor]:
    """Tensors of ``keras.layers.DepthwiseConvND``: one small kernel per input channel."""
    yield Tensor("kernel", (*kernel, input_channels, depth_multiplier), trainable=trainable)
    if use_bias:
        yield Tensor("bias", (input_channels * depth_multiplier,), trainable=trainable)


def separable_tensors(
    input_channels: Dim,
    depth_multiplier: Dim,
    filters: Dim,
    kernel: Sequence[Dim],
    use_bias: bool = True,
    *,
    trainable: bool = True,
) -> Iterator[Tensor]:
    """Tensors of ``keras.layers.SeparableConvND``: depthwise, then a 1 x ... x 1 pointwise."""
    depthwise = (*kernel, input_channels, depth_multiplier)
    yield Tensor("depthwise_kernel", depthwise, trainable=trainable)
    ones = tuple(1 for _ in kernel)
    pointwise = (*ones, input_channels * depth_multiplier, filters)
    yield Tensor("pointwise_kernel", pointwise, trainable=trainable)
    if use_bias:
        yield Tensor("bias", (filters,), trainable=trainable)


def kernel_names(rank: int) -> list[str]:
    """Symbol names of the kernel's spatial sizes: ``kernel_size_0``, ``kernel_size_1``, ..."""
    return [f"kernel_size_{axis}" for axis in range(rank)]


# --------------------------------------------------------------------------
# Argument checks shared by both frameworks.
# --------------------------------------------------------------------------


def per_axis(
    name: str, value: object, rank: int, layer: str, *, minimum: int = 1
) -> tuple[int, ...]:
    """An int or a tuple of ``rank`` ints, each at least ``minimum`` (1 or 0), as a tuple."""
    check = positive_int if minimum == 1 else nonnegative_int
    if isinstance(value, int) and not isinstance(value, bool):
        return (check(name, value),) * rank
    if not isinstance(value, tuple | list):
        raise TypeError(
            f"{name} must be an int or a tuple of {rank} ints, got {type(value).__name__} {value!r}"
        )
    if len(value) != rank:
        raise ValueError(
            f"{name} must be an int or a tuple of {rank} ints for {layer}, got {value!r}"
        )
    return tuple(check(f"{name}[{axis}]", size) for axis, size in enumerate(value))


def divisible(name: str, channels: int, groups: int) -> None:
    """Refuse channels that do not split evenly into ``groups``."""
    if channels % groups != 0:
        raise ValueError(
            f"{name} must be divisible by groups, got {name}={channels}, groups={groups}"
        )


# --------------------------------------------------------------------------
# PyTorch: torch.nn.Conv{1,2,3}d and ConvTranspose{1,2,3}d.
# --------------------------------------------------------------------------

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class _TorchConv(Spec):
    """What ``torch.nn.ConvNd`` and ``ConvTransposeNd`` share."""

    _rank: ClassVar[int]
    _transposed: ClassVar[bool]

    kernel_size: tuple[int, ...]
    stride: tuple[int, ...]
    padding: str | tuple[int, ...]
    dilation: tuple[int, ...]
    output_padding: tuple[int, ...]

    def _setup(
        self,
        in_channels: object,
        out_channels: object,
        kernel_size: object,
        stride: object,
        padding: object,
        dilation: object,
        groups: object,
        bias: object,
        padding_mode: object,
        output_padding: object,
    ) -> None:
        layer, rank = type(self).__name__, self._rank
        self.in_channels = positive_int("in_channels", in_channels)
        self.out_channels = positive_int("out_channels", out_channels)
        self.kernel_size = per_axis("kernel_size", kernel_size, rank, layer)
        self.stride = per_axis("stride", stride, rank, layer)
        self.dilation = per_axis("dilation", dilation, rank, layer)
        if not isinstance(groups, int) or isinstance(groups, bool):
            raise TypeError(f"groups must be an int, got {type(groups).__name__} {groups!r}")
        if groups < 1:
            raise ValueError(f"groups must be a positive integer, got {groups!r}")
        self.groups = groups
        divisible("in_channels", self.in_channels, groups)
        divisible("out_channels", self.out_channels, groups)
        self.bias = flag("bias", bias)
        if isinstance(padding, str):
            if self._transposed:
                raise TypeError(
                    f"padding must be an int or a tuple of ints for {layer}, got {padding!r}"
                )
            if padding not in ("same", "valid"):
                raise ValueError(
                    f"Invalid padding string {padding!r}, should be one of 'same', 'valid'"
                )
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError(
                    "padding='same' is not supported for strided convolutions, "
                    f"got stride={self.stride}"
                )
            self.padding = padding
        else:
            self.padding = per_axis("padding", padding, rank, layer, minimum=0)
        if padding_mode not in _PADDING_MODES:
            raise ValueError(
                f"padding_mode must be one of {_PADDING_MODES}, got padding_mode={padding_mode!r}"
            )
        if self._transposed and padding_mode != "zeros":
            raise ValueError(
                f'Only "zeros" padding mode is supported for {layer}, '
                f"got padding_mode={padding_mode!r}"
            )
        self.padding_mode = str(padding_mode)
        self.output_padding = per_axis("output_padding", output_padding, rank, layer, minimum=0)
        for pad, step, spread in zip(self.output_padding, self.stride, self.dilation, strict=True):
            if pad >= step and pad >= spread:
                raise ValueError(
                    "output_padding must be smaller than either stride or dilation, got "
                    f"output_padding={self.output_padding}, stride={self.stride}, "
                    f"dilation={self.dilation}"
                )
        self._sizes = {
            "in_channels": self.in_channels,
            "out_channels": self.out_channels,
            "groups": self.groups,
            **dict(zip(kernel_names(rank), self.kernel_size, strict=True)),
        }

    def __repr__(self) -> str:
        # As torch prints the module: the non-default arguments after the sizes.
        parts = [str(self.in_channels), str(self.out_channels)]
        parts += [f"kernel_size={self.kernel_size}", f"stride={self.stride}"]
        if self.padding != (0,) * self._rank:
            parts.append(f"padding={self.padding!r}")
        if self.dilation != (1,) * self._rank:
            parts.append(f"dilation={self.dilation}")
        if self.output_padding != (0,) * self._rank:
            parts.append(f"output_padding={self.output_padding}")
        if self.groups != 1:
            parts.append(f"groups={self.groups}")
        if not self.bias:
            parts.append("bias=False")
        if self.padding_mode != "zeros":
            parts.append(f"padding_mode={self.padding_mode!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        kernel = [sizes[name] for name in kernel_names(self._rank)]
        return conv_tensors(
            sizes["in_channels"],
            sizes["out_channels"],
            kernel,
            sizes["groups"],
            self.bias,
            self._transposed,
        )


class _TorchConvNd(_TorchConv):
    _transposed = False

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | tuple[int, ...],
        stride: int | tuple[int, ...] = 1,
        padding: str | int | tuple[int, ...] = 0,
        dilation: int | tuple[int, ...] = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        device: object = None,
        dtype: object = None,
    ) -> None:
        self._setup(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            groups,
            bias,
            padding_mode,
            0,
        )


class _TorchConvTransposeNd(_TorchConv):
    _transposed = True

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | tuple[int, ...],
        stride: int | tuple[int, ...] = 1,
        padding: int | tuple[int, ...] = 0,
        output_padding: int | tuple[int, ...] = 0,
        groups: int = 1,
        bias: bool = True,
        dilation: int | tuple[int, ...] = 1,
        padding_mode: str = "zeros",
        device: object = None,
        dtype: object = None,
    ) -> None:
        self._setup(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            groups,
            bias,
            padding_mode,
            output_padding,
        )


class Conv1d(_TorchConvNd):
    """``torch.nn.Conv1d``: ``weight`` is ``(out_channels, in_channels / groups, k)``.

    Args:
        in_channels: Channels of the input.
        out_channels: Channels of the output.
        kernel_size: The kernel's size: an int or a tuple of one int, the symbol
            ``kernel_size_0``.
        stride: Step of the kernel. It shapes the output, not the count.
        padding: Zero padding: an int, a tuple, or ``"same"`` / ``"valid"``. It shapes
            the output, not the count.
        dilation: Spacing of the kernel's taps. It shapes the output, not the count.
        groups: Blocked connections: each of the ``groups`` groups maps
            ``in_channels / groups`` inputs to ``out_channels / groups`` outputs.
            Both channel counts must be divisible by it.
        bias: Whether the layer has one bias per output channel.
        padding_mode: ``"zeros"``, ``"reflect"``, ``"replicate"`` or ``"circular"``. It does
            not change the count.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Raises:
        TypeError: If a size is not an int (a bool is refused) or ``bias`` is not a bool.
        ValueError: If a size is not positive, ``groups`` does not divide both
            channel counts, or a padding, stride or dilation is one PyTorch refuses
            when it builds or first runs the layer.

    Examples:
        >>> layer = Conv1d(128, 32, 7)
        >>> layer.shapes
        {'weight': (32, 128, 7), 'bias': (32,)}
        >>> layer.params
        28704
        >>> layer.formula
        out_channels + in_channels*kernel_size_0*out_channels/groups
    """

    _rank = 1


class Conv2d(_TorchConvNd):
    """``torch.nn.Conv2d``: ``weight`` is ``(out_channels, in_channels / groups, kH, kW)``.

    Args:
        in_channels: Channels of the input.
        out_channels: Channels of the output.
        kernel_size: The kernel's spatial size: one int for every axis, or a tuple
            of 2 ints, the symbols ``kernel_size_0``, ``kernel_size_1``.
        stride: Step of the kernel. It shapes the output, not the count.
        padding: Zero padding: an int, a tuple, or ``"same"`` / ``"valid"``. It shapes
            the output, not the count.
        dilation: Spacing of the kernel's taps. It shapes the output, not the count.
        groups: Blocked connections: each of the ``groups`` groups maps
            ``in_channels / groups`` inputs to ``out_channels / groups`` outputs.
            Both channel counts must be divisible by it.
        bias: Whether the layer has one bias per output channel.
        padding_mode: ``"zeros"``, ``"reflect"``, ``"replicate"`` or ``"circular"``. It does
            not change the count.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Raises:
        TypeError: If a size is not an int (a bool is refused) or ``bias`` is not a bool.
        ValueError: If a size is not positive, ``groups`` does not divide both
            channel counts, or a padding, stride or dilation is one PyTorch refuses
            when it builds or first runs the layer.

    Examples:
        >>> layer = Conv2d(3, 64, 3)
        >>> layer.shapes
        {'weight': (64, 3, 3, 3), 'bias': (64,)}
        >>> layer.params
        1792
        >>> Conv2d(32, 32, 3, groups=32).params  # depthwise: one 3 x 3 kernel per channel
        320
    """

    _rank = 2


class Conv3d(_TorchConvNd):
    """``torch.nn.Conv3d``: ``weight`` is ``(out_channels, in_channels / groups, kD, kH, kW)``.

    Args:
        in_channels: Channels of the input.
        out_channels: Channels of the output.
        kernel_size: The kernel's spatial size: one int for every axis, or a tuple
            of 3 ints, the symbols ``kernel_size_0``, ``kernel_size_1``, ``kernel_size_2``.
        stride: Step of the kernel. It shapes the output, not the count.
        padding: Zero padding: an int, a tuple, or ``"same"`` / ``"valid"``. It shapes
            the output, not the count.
        dilation: Spacing of the kernel's taps. It shapes the output, not the count.
        groups: Blocked connections: each of the ``groups`` groups maps
            ``in_channels / groups`` inputs to ``out_channels / groups`` outputs.
            Both channel counts must be divisible by it.
        bias: Whether the layer has one bias per output channel.
        padding_mode: ``"zeros"``, ``"reflect"``, ``"replicate"`` or ``"circular"``. It does
            not change the count.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Raises:
        TypeError: If a size is not an int (a bool is refused) or ``bias`` is not a bool.
        ValueError: If a size is not positive, ``groups`` does not divide both
            channel counts, or a padding, stride or dilation is one PyTorch refuses
            when it builds or first runs the layer.

    Examples:
        >>> layer = Conv3d(3, 8, (3, 5, 5), bias=False)
        >>> layer.shapes
        {'weight': (8, 3, 3, 5, 5)}
        >>> layer.params
        1800
    """

    _rank = 3


class ConvTranspose1d(_TorchConvTransposeNd):
    """``torch.nn.ConvTranspose1d``: ``weight`` is ``(in_channels, out_channels / groups, k)``.

    Args:
        in_channels: Channels of the input.
        out_channels: Channels of the output.
        kernel_size: The kernel's size: an int or a tuple of one int, the symbol
            ``kernel_size_0``.
        stride: Step of the kernel. It shapes the output, not the count.
        padding: Implicit zero padding removed from the output. It shapes the output,
            not the count. Strings are refused, as PyTorch refuses them on the first call.
        output_padding: Extra size added to one side of the output. It shapes the
            output, not the count.
        groups: Blocked connections: each of the ``groups`` groups maps
            ``in_channels / groups`` inputs to ``out_channels / groups`` outputs.
            Both channel counts must be divisible by it.
        bias: Whether the layer has one bias per output channel.
        dilation: Spacing of the kernel's taps. It shapes the output, not the count.
        padding_mode: Only ``"zeros"`` is supported, as in PyTorch.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Raises:
        TypeError: If a size is not an int (a bool is refused) or ``bias`` is not a bool.
        ValueError: If a size is not positive, ``groups`` does not divide both
            channel counts, or a padding, stride or dilation is one PyTorch refuses
            when it builds or first runs the layer.

    Examples:
        >>> layer = ConvTranspose1d(32, 16, 4, stride=2)
        >>> layer.shapes
        {'weight': (32, 16, 4), 'bias': (16,)}
        >>> layer.params
        2064
    """

    _rank = 1


class ConvTranspose2d(_TorchConvTransposeNd):
    """``torch.nn.ConvTranspose2d``: ``weight`` is ``(in_channels, out_channels / groups, kH, kW)``.

    Args:
        in_channels: Channels of the input.
        out_channels: Channels of the output.
        kernel_size: The kernel's spatial size: one int for every axis, or a tuple
            of 2 ints, the symbols ``kernel_size_0``, ``kernel_size_1``.
        stride: Step of the kernel. It shapes the output, not the count.
        padding: Implicit zero padding removed from the output. It shapes the output,
            not the count. Strings are refused, as PyTorch refuses them on the first call.
        output_padding: Extra size added to one side of the output. It shapes the
            output, not the count.
        groups: Blocked connections: each of the ``groups`` groups maps
            ``in_channels / groups`` inputs to ``out_channels / groups`` outputs.
            Both channel counts must be divisible by it.
        bias: Whether the layer has one bias per output channel.
        dilation: Spacing of the kernel's taps. It shapes the output, not the count.
        padding_mode: Only ``"zeros"`` is supported, as in PyTorch.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Raises:
        TypeError: If a size is not an int (a bool is refused) or ``bias`` is not a bool.
        ValueError: If a size is not positive, ``groups`` does not divide both
            channel counts, or a padding, stride or dilation is one PyTorch refuses
            when it builds or first runs the layer.

    Examples:
        >>> layer = ConvTranspose2d(64, 32, 2, stride=2)
        >>> layer.shapes
        {'weight': (64, 32, 2, 2), 'bias': (32,)}
        >>> layer.params
        8224
        >>> layer.formula
        out_channels + in_channels*kernel_size_0*kernel_size_1*out_channels/groups
    """

    _rank = 2


class ConvTranspose3d(_TorchConvTransposeNd):
    """``torch.nn.ConvTranspose3d``: ``weight`` is ``(in_channels, out_channels / groups, *k)``.

    Args:
        in_channels: Channels of the input.
        out_channels: Channels of the output.
        kernel_size: The kernel's spatial size: one int for every axis, or a tuple
            of 3 ints, the symbols ``kernel_size_0``, ``kernel_size_1``, ``kernel_size_2``.
        stride: Step of the kernel. It shapes the output, not the count.
        padding: Implicit zero padding removed from the output. It shapes the output,
            not the count. Strings are refused, as PyTorch refuses them on the first call.
        output_padding: Extra size added to one side of the output. It shapes the
            output, not the count.
        groups: Blocked connections: each of the ``groups`` groups maps
            ``in_channels / groups`` inputs to ``out_channels / groups`` outputs.
            Both channel counts must be divisible by it.
        bias: Whether the layer has one bias per output channel.
        dilation: Spacing of the kernel's taps. It shapes the output, not the count.
        padding_mode: Only ``"zeros"`` is supported, as in PyTorch.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Raises:
        TypeError: If a size is not an int (a bool is refused) or ``bias`` is not a bool.
        ValueError: If a size is not positive, ``groups`` does not divide both
            channel counts, or a padding, stride or dilation is one PyTorch refuses
            when it builds or first runs the layer.

    Examples:
        >>> layer = ConvTranspose3d(8, 4, 2, stride=2, groups=2)
        >>> layer.shapes
        {'weight': (8, 2, 2, 2, 2), 'bias': (4,)}
        >>> layer.params
        132
    """

    _rank = 3


# --------------------------------------------------------------------------
# Keras: keras.layers.Conv{1,2,3}D, Conv{1,2,3}DTranspose, DepthwiseConv{1,2}D,
# SeparableConv{1,2}D.
# --------------------------------------------------------------------------

#: Layer arguments every Keras layer takes that do not change the count
#: (``trainable`` is read, the others are only accepted).
_LAYER_KEYWORDS = ("trainable", "name", "dtype", "autocast")


class _KerasConv(Spec):
    """What the Keras convolutions share: the input, the data format, the kernel."""

    _rank: ClassVar[int]
    _causal: ClassVar[bool] = False  # only Conv1D takes padding="causal"
    _strided_dilation: ClassVar[bool] = False  # Conv and ConvTranspose refuse both > 1
    _checks_output: ClassVar[bool] = True  # build() computes the output shape

    input_shape: tuple[int | None, ...]
    kernel_size: tuple[int, ...]
    strides: tuple[int, ...]
    dilation_rate: tuple[int, ...]

    def _common(
        self,
        kernel_size: object,
        strides: object,
        padding: object,
        data_format: object,
        dilation_rate: object,
        use_bias: object,
        input_shape: object,
        kwargs: Mapping[str, object],
        allowed: Sequence[str] = _LAYER_KEYWORDS,
    ) -> int:
        """Check the shared arguments, set them on ``self``; return the input channels."""
        layer, rank = type(self).__name__, self._rank
        no_other_arguments(layer, kwargs, allowed)
        self.trainable = flag("trainable", kwargs.get("trainable", True))
        self.kernel_size = per_axis("kernel_size", kernel_size, rank, layer)
        self.strides = per_axis("strides", strides, rank, layer)
        self.dilation_rate = per_axis("dilation_rate", dilation_rate, rank, layer)
        if self._strided_dilation and max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "strides > 1 is not supported together with dilation_rate > 1, got "
                f"strides={self.strides}, dilation_rate={self.dilation_rate}"
            )
        paddings = ("valid", "same", "causal") if self._causal else ("valid", "same")
        if not isinstance(padding, str):
            raise TypeError(
                f"padding must be one of {paddings}, got {type(padding).__name__} {padding!r}"
            )
        if padding.lower() not in paddings:
            raise ValueError(f"padding must be one of {paddings} for {layer}, got {padding!r}")
        self.padding = padding.lower()
        formats = ("channels_last", "channels_first")
        if data_format is None:
            data_format = "channels_last"
        if not isinstance(data_format, str) or data_format.lower() not in formats:
            raise ValueError(f"data_format must be one of {formats} or None, got {data_format!r}")
        self.data_format = data_format.lower()
        self.use_bias = flag("use_bias", use_bias)
        return self._input(input_shape)

    def _input(self, input_shape: object) -> int:
        """Check ``input_shape`` (one sample: spatial axes and channels); return the channels."""
        rank, layer = self._rank, type(self).__name__
        if not isinstance(input_shape, tuple | list):
            raise TypeError(
                f"input_shape must be a tuple of {rank + 1} entries, "
                f"got {type(input_shape).__name__} {input_shape!r}"
            )
        if len(input_shape) != rank + 1:
            raise ValueError(
                f"input_shape must have {rank + 1} entries for {layer} "
                f"({rank} spatial and the channels, no batch), got {tuple(input_shape)!r}"
            )
        self.input_shape = tuple(
            None if size is None else positive_int(f"input_shape[{axis}]", size)
            for axis, size in enumerate(input_shape)
        )
        channel_axis = 0 if self.data_format == "channels_first" else rank
        channels = self.input_shape[channel_axis]
        if channels is None:
            raise ValueError(
                f"input_shape must fix the channel axis ({self.data_format}), "
                f"got {self.input_shape!r}"
            )
        spatial = self.input_shape[1:] if channel_axis == 0 else self.input_shape[:-1]
        if self._checks_output and self.padding == "valid":
            for axis, size in enumerate(spatial):
                reach = self.dilation_rate[axis] * (self.kernel_size[axis] - 1) + 1
                if size is not None and size < reach:
                    raise ValueError(
                        f"input_shape {self.input_shape!r} is too small for {layer} with "
                        f"padding='valid': spatial axis {axis} has {size} positions, the "
                        f"(dilated) kernel spans {reach}, so the output would be empty"
                    )
        return channels

    def __repr__(self) -> str:
        sizes = {k: v for k, v in self._sizes.items() if not k.startswith("kernel_size_")}
        sizes.pop("input_channels")
        args = [f"{k}={v}" for k, v in sizes.items()]
        args += [f"kernel_size={self.kernel_size}", f"input_shape={self.input_shape}"]
        return f"{type(self).__name__}({', '.join(args)})"

    def _kernel(self, sizes: Mapping[str, Dim]) -> list[Dim]:
        return [sizes[name] for name in kernel_names(self._rank)]


class _KerasConvND(_KerasConv):
    _strided_dilation = True

    def __init__(
        self,
        filters: int,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | Sequence[int] = 1,
        groups: int = 1,
        activation: object = None,
        use_bias: bool = True,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        *,
        input_shape: Sequence[int | None],
        **kwargs: object,
    ) -> None:
        self.filters = positive_int("filters", filters)
        self.groups = positive_int("groups", groups)
        divisible("filters", self.filters, self.groups)
        channels = self._common(
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            use_bias,
            input_shape,
            kwargs,
            (*_LAYER_KEYWORDS, "lora_rank", "lora_alpha"),
        )
        divisible("input_channels", channels, self.groups)
        rank = kwargs.get("lora_rank")
        self.lora_rank = None if rank is None else nonnegative_int("lora_rank", rank) or None
        self._sizes = {
            "input_channels": channels,
            "filters": self.filters,
            "groups": self.groups,
            **dict(zip(kernel_names(self._rank), self.kernel_size, strict=True)),
        }
        if self.lora_rank is not None:
            self._sizes["lora_rank"] = self.lora_rank

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return keras_conv_tensors(
            sizes["input_channels"],
            sizes["filters"],
            self._kernel(sizes),
            sizes["groups"],
            self.use_bias,
            lora_rank=sizes.get("lora_rank"),
            trainable=self.trainable,
        )


class _KerasConvTranspose(_KerasConv):
    _strided_dilation = True
    _checks_output = False

    def _transpose_setup(
        self,
        filters: object,
        kernel_size: object,
        strides: object,
        padding: object,
        output_padding: object,
        data_format: object,
        dilation_rate: object,
        use_bias: object,
        input_shape: object,
        kwargs: Mapping[str, object],
    ) -> None:
        self.filters = positive_int("filters", filters)
        channels = self._common(
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            use_bias,
            input_shape,
            kwargs,
        )
        if output_padding is None:
            self.output_padding: tuple[int, ...] | None = None
        else:
            layer = type(self).__name__
            pads = per_axis("output_padding", output_padding, self._rank, layer, minimum=0)
            if any(pad >= step for pad, step in zip(pads, self.strides, strict=True)):
                raise ValueError(
                    "output_padding must be strictly less than strides on every axis, got "
                    f"output_padding={pads}, strides={self.strides}"
                )
            self.output_padding = pads
        self._sizes = {
            "input_channels": channels,
            "filters": self.filters,
            **dict(zip(kernel_names(self._rank), self.kernel_size, strict=True)),
        }

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return keras_conv_tensors(
            sizes["input_channels"],
            sizes["filters"],
            self._kernel(sizes),
            use_bias=self.use_bias,
            transposed=True,
            trainable=self.trainable,
        )


class _KerasConvTransposeND(_KerasConvTranspose):
    def __init__(
        self,
        filters: int,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: str = "valid",
        output_padding: int | Sequence[int] | None = None,
        data_format: str | None = None,
        dilation_rate: int | Sequence[int] = 1,
        activation: object = None,
        use_bias: bool = True,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        *,
        input_shape: Sequence[int | None],
        **kwargs: object,
    ) -> None:
        self._transpose_setup(
            filters,
            kernel_size,
            strides,
            padding,
            output_padding,
            data_format,
            dilation_rate,
            use_bias,
            input_shape,
            kwargs,
        )


class _KerasDepthwise(_KerasConv):
    def __init__(
        self,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: str = "valid",
        depth_multiplier: int = 1,
        data_format: str | None = None,
        dilation_rate: int | Sequence[int] = 1,
        activation: object = None,
        use_bias: bool = True,
        depthwise_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        depthwise_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        depthwise_constraint: object = None,
        bias_constraint: object = None,
        *,
        input_shape: Sequence[int | None],
        **kwargs: object,
    ) -> None:
        self.depth_multiplier = positive_int("depth_multiplier", depth_multiplier)
        channels = self._common(
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            use_bias,
            input_shape,
            kwargs,
        )
        self._sizes = {
            "input_channels": channels,
            "depth_multiplier": self.depth_multiplier,
            **dict(zip(kernel_names(self._rank), self.kernel_size, strict=True)),
        }

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return depthwise_tensors(
            sizes["input_channels"],
            sizes["depth_multiplier"],
            self._kernel(sizes),
            self.use_bias,
            trainable=self.trainable,
        )


class _KerasSeparable(_KerasConv):
    def __init__(
        self,
        filters: int,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | Sequence[int] = 1,
        depth_multiplier: int = 1,
        activation: object = None,
        use_bias: bool = True,
        depthwise_initializer: object = "glorot_uniform",
        pointwise_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        depthwise_regularizer: object = None,
        pointwise_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        depthwise_constraint: object = None,
        pointwise_constraint: object = None,
        bias_constraint: object = None,
        *,
        input_shape: Sequence[int | None],
        **kwargs: object,
    ) -> None:
        self.filters = positive_int("filters", filters)
        self.depth_multiplier = positive_int("depth_multiplier", depth_multiplier)
        channels = self._common(
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            use_bias,
            input_shape,
            kwargs,
        )
        self._sizes = {
            "input_channels": channels,
            "depth_multiplier": self.depth_multiplier,
            "filters": self.filters,
            **dict(zip(kernel_names(self._rank), self.kernel_size, strict=True)),
        }

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return separable_tensors(
            sizes["input_channels"],
            sizes["depth_multiplier"],
            sizes["filters"],
            self._kernel(sizes),
            self.use_bias,
            trainable=self.trainable,
        )


class Conv1D(_KerasConvND):
    """``keras.layers.Conv1D``: ``kernel`` is ``(k, input_channels / groups, filters)``.

    Args:
        filters: Output channels (the number of kernels).
        kernel_size: The kernel's size: an int or a tuple of one int, the symbol
            ``kernel_size_0``.
        strides: Step of the kernel. It shapes the output, not the count.
        padding: ``"valid"``, ``"same"`` or ``"causal"`` (any case). It shapes the
            output, not the count.
        data_format: ``"channels_last"`` (``None``, the default: channels are the
            last axis of ``input_shape``) or ``"channels_first"``.
        dilation_rate: Spacing of the kernel's taps. It shapes the output, not the count.
        groups: Blocked connections: each of the ``groups`` groups maps
            ``input_channels / groups`` channels to ``filters / groups``. Both must
            be divisible by it.
        activation: Accepted; no activation has weights.
        use_bias: Whether the layer has the ``bias`` vector.
        kernel_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        kernel_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        input_shape: One input sample, batch excluded: 1 spatial axis (``None``
            for a free one) and the channels, whose size is the symbol
            ``input_channels``.
        **kwargs: ``lora_rank`` (a positive rank freezes ``kernel`` and adds the
            trainable ``lora_kernel_a`` and ``lora_kernel_b``; the symbol
            ``lora_rank``), ``lora_alpha``, ``trainable`` (``False`` makes every
            weight non-trainable), ``name``, ``dtype``, ``autocast``.

    Raises:
        TypeError: If a size is not an int (a bool is refused), a flag is not a
            bool, or a keyword is one Keras does not take.
        ValueError: If a size is not positive, ``groups`` does not divide
            ``filters`` and ``input_channels``, or an argument is one
            Keras refuses when it creates or builds the layer.

    Examples:
        >>> layer = Conv1D(32, 7, input_shape=(500, 128))
        >>> layer.shapes
        {'kernel': (7, 128, 32), 'bias': (32,)}
        >>> layer.params
        28704
        >>> layer.formula
        filters + filters*input_channels*kernel_size_0/groups
    """

    _rank = 1
    _causal = True


class Conv2D(_KerasConvND):
    """``keras.layers.Conv2D``: ``kernel`` is ``(kH, kW, input_channels / groups, filters)``.

    Args:
        filters: Output channels (the number of kernels).
        kernel_size: The kernel's spatial size: one int for every axis, or a tuple
            of 2 ints, the symbols ``kernel_size_0``, ``kernel_size_1``.
        strides: Step of the kernel. It shapes the output, not the count.
        padding: ``"valid"`` or ``"same"`` (any case). It shapes the output, not
            the count.
        data_format: ``"channels_last"`` (``None``, the default: channels are the
            last axis of ``input_shape``) or ``"channels_first"``.
        dilation_rate: Spacing of the kernel's taps. It shapes the output, not the count.
        groups: Blocked connections: each of the ``groups`` groups maps
            ``input_channels / groups`` channels to ``filters / groups``. Both must
            be divisible by it.
        activation: Accepted; no activation has weights.
        use_bias: Whether the layer has the ``bias`` vector.
        kernel_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        kernel_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        input_shape: One input sample, batch excluded: 2 spatial axes (``None``
            for a free one) and the channels, whose size is the symbol
            ``input_channels``.
        **kwargs: ``lora_rank`` (a positive rank freezes ``kernel`` and adds the
            trainable ``lora_kernel_a`` and ``lora_kernel_b``; the symbol
            ``lora_rank``), ``lora_alpha``, ``trainable`` (``False`` makes every
            weight non-trainable), ``name``, ``dtype``, ``autocast``.

    Raises:
        TypeError: If a size is not an int (a bool is refused), a flag is not a
            bool, or a keyword is one Keras does not take.
        ValueError: If a size is not positive, ``groups`` does not divide
            ``filters`` and ``input_channels``, or an argument is one
            Keras refuses when it creates or builds the layer.

    Examples:
        >>> layer = Conv2D(64, 3, input_shape=(32, 32, 3))
        >>> layer.shapes
        {'kernel': (3, 3, 3, 64), 'bias': (64,)}
        >>> layer.params
        1792
        >>> Conv2D(64, 3, data_format="channels_first", input_shape=(3, 32, 32)).params
        1792
    """

    _rank = 2


class Conv3D(_KerasConvND):
    """``keras.layers.Conv3D``: ``kernel`` is ``(kD, kH, kW, input_channels / groups, filters)``.

    Args:
        filters: Output channels (the number of kernels).
        kernel_size: The kernel's spatial size: one int for every axis, or a tuple
            of 3 ints, the symbols ``kernel_size_0``, ``kernel_size_1``, ``kernel_size_2``.
        strides: Step of the kernel. It shapes the output, not the count.
        padding: ``"valid"`` or ``"same"`` (any case). It shapes the output, not
            the count.
        data_format: ``"channels_last"`` (``None``, the default: channels are the
            last axis of ``input_shape``) or ``"channels_first"``.
        dilation_rate: Spacing of the kernel's taps. It shapes the output, not the count.
        groups: Blocked connections: each of the ``groups`` groups maps
            ``input_channels / groups`` channels to ``filters / groups``. Both must
            be divisible by it.
        activation: Accepted; no activation has weights.
        use_bias: Whether the layer has the ``bias`` vector.
        kernel_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        kernel_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        input_shape: One input sample, batch excluded: 3 spatial axes (``None``
            for a free one) and the channels, whose size is the symbol
            ``input_channels``.
        **kwargs: ``lora_rank`` (a positive rank freezes ``kernel`` and adds the
            trainable ``lora_kernel_a`` and ``lora_kernel_b``; the symbol
            ``lora_rank``), ``lora_alpha``, ``trainable`` (``False`` makes every
            weight non-trainable), ``name``, ``dtype``, ``autocast``.

    Raises:
        TypeError: If a size is not an int (a bool is refused), a flag is not a
            bool, or a keyword is one Keras does not take.
        ValueError: If a size is not positive, ``groups`` does not divide
            ``filters`` and ``input_channels``, or an argument is one
            Keras refuses when it creates or builds the layer.

    Examples:
        >>> layer = Conv3D(8, (3, 5, 5), use_bias=False, input_shape=(16, 64, 64, 3))
        >>> layer.shapes
        {'kernel': (3, 5, 5, 3, 8)}
        >>> layer.params
        1800
    """

    _rank = 3


class Conv1DTranspose(_KerasConvTransposeND):
    """``keras.layers.Conv1DTranspose``: ``kernel`` is ``(k, filters, input_channels)``.

    Args:
        filters: Output channels (the number of kernels).
        kernel_size: The kernel's size: an int or a tuple of one int, the symbol
            ``kernel_size_0``.
        strides: Step of the kernel. It shapes the output, not the count.
        padding: ``"valid"`` or ``"same"`` (any case). It shapes the output, not
            the count.
        output_padding: ``None`` or the extra size on one side of the output, less
            than ``strides`` on every axis. It shapes the output, not the count.
        data_format: ``"channels_last"`` (``None``, the default: channels are the
            last axis of ``input_shape``) or ``"channels_first"``.
        dilation_rate: Spacing of the kernel's taps. It shapes the output, not the count.
        activation: Accepted; no activation has weights.
        use_bias: Whether the layer has the ``bias`` vector.
        kernel_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        kernel_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        input_shape: One input sample, batch excluded: 1 spatial axis (``None``
            for a free one) and the channels, whose size is the symbol
            ``input_channels``.
        **kwargs: ``trainable`` (``False`` makes every weight non-trainable),
            ``name``, ``dtype``, ``autocast``.

    Raises:
        TypeError: If a size is not an int (a bool is refused), a flag is not a
            bool, or a keyword is one Keras does not take.
        ValueError: If a size is not positive, or an argument is one
            Keras refuses when it creates or builds the layer.

    Examples:
        >>> layer = Conv1DTranspose(16, 4, strides=2, input_shape=(100, 32))
        >>> layer.shapes
        {'kernel': (4, 16, 32), 'bias': (16,)}
        >>> layer.params
        2064
    """

    _rank = 1


class Conv2DTranspose(_KerasConvTransposeND):
    """``keras.layers.Conv2DTranspose``: ``kernel`` is ``(kH, kW, filters, input_channels)``.

    Args:
        filters: Output channels (the number of kernels).
        kernel_size: The kernel's spatial size: one int for every axis, or a tuple
            of 2 ints, the symbols ``kernel_size_0``, ``kernel_size_1``.
        strides: Step of the kernel. It shapes the output, not the count.
        padding: ``"valid"`` or ``"same"`` (any case). It shapes the output, not
            the count.
        output_padding: ``None`` or the extra size on one side of the output, less
            than ``strides`` on every axis. It shapes the output, not the count.
        data_format: ``"channels_last"`` (``None``, the default: channels are the
            last axis of ``input_shape``) or ``"channels_first"``.
        dilation_rate: Spacing of the kernel's taps. It shapes the output, not the count.
        activation: Accepted; no activation has weights.
        use_bias: Whether the layer has the ``bias`` vector.
        kernel_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        kernel_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        input_shape: One input sample, batch excluded: 2 spatial axes (``None``
            for a free one) and the channels, whose size is the symbol
            ``input_channels``.
        **kwargs: ``trainable`` (``False`` makes every weight non-trainable),
            ``name``, ``dtype``, ``autocast``.

    Raises:
        TypeError: If a size is not an int (a bool is refused), a flag is not a
            bool, or a keyword is one Keras does not take.
        ValueError: If a size is not positive, or an argument is one
            Keras refuses when it creates or builds the layer.

    Examples:
        >>> layer = Conv2DTranspose(32, 2, strides=2, input_shape=(16, 16, 64))
        >>> layer.shapes
        {'kernel': (2, 2, 32, 64), 'bias': (32,)}
        >>> layer.params
        8224
        >>> layer.formula
        filters*input_channels*kernel_size_0*kernel_size_1 + filters
    """

    _rank = 2


class Conv3DTranspose(_KerasConvTranspose):
    """``keras.layers.Conv3DTranspose``: ``kernel`` is ``(kD, kH, kW, filters, input_channels)``.

    Unlike ``Conv1DTranspose`` and ``Conv2DTranspose``, Keras takes ``data_format``
    before ``output_padding`` here; so does this spec.

    Args:
        filters: Output channels (the number of kernels).
        kernel_size: The kernel's spatial size: one int for every axis, or a tuple
            of 3 ints, the symbols ``kernel_size_0``, ``kernel_size_1``, ``kernel_size_2``.
        strides: Step of the kernel. It shapes the output, not the count.
        padding: ``"valid"`` or ``"same"`` (any case). It shapes the output, not
            the count.
        data_format: ``"channels_last"`` (``None``, the default: channels are the
            last axis of ``input_shape``) or ``"channels_first"``.
        output_padding: ``None`` or the extra size on one side of the output, less
            than ``strides`` on every axis. It shapes the output, not the count.
        dilation_rate: Spacing of the kernel's taps. It shapes the output, not the count.
        activation: Accepted; no activation has weights.
        use_bias: Whether the layer has the ``bias`` vector.
        kernel_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        kernel_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        input_shape: One input sample, batch excluded: 3 spatial axes (``None``
            for a free one) and the channels, whose size is the symbol
            ``input_channels``.
        **kwargs: ``trainable`` (``False`` makes every weight non-trainable),
            ``name``, ``dtype``, ``autocast``.

    Raises:
        TypeError: If a size is not an int (a bool is refused), a flag is not a
            bool, or a keyword is one Keras does not take.
        ValueError: If a size is not positive, or an argument is one
            Keras refuses when it creates or builds the layer.

    Examples:
        >>> layer = Conv3DTranspose(4, 2, strides=2, input_shape=(8, 8, 8, 8))
        >>> layer.shapes
        {'kernel': (2, 2, 2, 4, 8), 'bias': (4,)}
        >>> layer.params
        260
    """

    _rank = 3

    def __init__(
        self,
        filters: int,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        output_padding: int | Sequence[int] | None = None,
        dilation_rate: int | Sequence[int] = 1,
        activation: object = None,
        use_bias: bool = True,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        *,
        input_shape: Sequence[int | None],
        **kwargs: object,
    ) -> None:
        self._transpose_setup(
            filters,
            kernel_size,
            strides,
            padding,
            output_padding,
            data_format,
            dilation_rate,
            use_bias,
            input_shape,
            kwargs,
        )


class DepthwiseConv1D(_KerasDepthwise):
    """``keras.layers.DepthwiseConv1D``: ``kernel`` is ``(k, input_channels, depth_multiplier)``.

    Args:
        kernel_size: The kernel's size: an int or a tuple of one int, the symbol
            ``kernel_size_0``.
        strides: Step of the kernel. It shapes the output, not the count.
        padding: ``"valid"`` or ``"same"`` (any case). It shapes the output, not
            the count.
        depth_multiplier: Output channels per input channel; the layer has
            ``input_channels * depth_multiplier`` outputs.
        data_format: ``"channels_last"`` (``None``, the default: channels are the
            last axis of ``input_shape``) or ``"channels_first"``.
        dilation_rate: Spacing of the kernel's taps. It shapes the output, not the count.
        activation: Accepted; no activation has weights.
        use_bias: Whether the layer has the ``bias`` vector.
        depthwise_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        depthwise_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        depthwise_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        input_shape: One input sample, batch excluded: 1 spatial axis (``None``
            for a free one) and the channels, whose size is the symbol
            ``input_channels``.
        **kwargs: ``trainable`` (``False`` makes every weight non-trainable),
            ``name``, ``dtype``, ``autocast``.

    Raises:
        TypeError: If a size is not an int (a bool is refused), a flag is not a
            bool, or a keyword is one Keras does not take.
        ValueError: If a size is not positive, or an argument is one
            Keras refuses when it creates or builds the layer.

    Examples:
        >>> layer = DepthwiseConv1D(3, depth_multiplier=2, input_shape=(100, 16))
        >>> layer.shapes
        {'kernel': (3, 16, 2), 'bias': (32,)}
        >>> layer.params
        128
    """

    _rank = 1


class DepthwiseConv2D(_KerasDepthwise):
    """``keras.layers.DepthwiseConv2D``: ``kernel`` is ``(kH, kW, input_channels, multiplier)``.

    Args:
        kernel_size: The kernel's spatial size: one int for every axis, or a tuple
            of 2 ints, the symbols ``kernel_size_0``, ``kernel_size_1``.
        strides: Step of the kernel. It shapes the output, not the count.
        padding: ``"valid"`` or ``"same"`` (any case). It shapes the output, not
            the count.
        depth_multiplier: Output channels per input channel; the layer has
            ``input_channels * depth_multiplier`` outputs.
        data_format: ``"channels_last"`` (``None``, the default: channels are the
            last axis of ``input_shape``) or ``"channels_first"``.
        dilation_rate: Spacing of the kernel's taps. It shapes the output, not the count.
        activation: Accepted; no activation has weights.
        use_bias: Whether the layer has the ``bias`` vector.
        depthwise_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        depthwise_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        depthwise_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        input_shape: One input sample, batch excluded: 2 spatial axes (``None``
            for a free one) and the channels, whose size is the symbol
            ``input_channels``.
        **kwargs: ``trainable`` (``False`` makes every weight non-trainable),
            ``name``, ``dtype``, ``autocast``.

    Raises:
        TypeError: If a size is not an int (a bool is refused), a flag is not a
            bool, or a keyword is one Keras does not take.
        ValueError: If a size is not positive, or an argument is one
            Keras refuses when it creates or builds the layer.

    Examples:
        >>> layer = DepthwiseConv2D(3, input_shape=(32, 32, 32))
        >>> layer.shapes
        {'kernel': (3, 3, 32, 1), 'bias': (32,)}
        >>> layer.params
        320
        >>> layer.formula
        depth_multiplier*input_channels*kernel_size_0*kernel_size_1 +
        depth_multiplier*input_channels
    """

    _rank = 2


class SeparableConv1D(_KerasSeparable):
    """``keras.layers.SeparableConv1D``: a depthwise kernel, a pointwise kernel, one bias.

    Args:
        filters: Output channels (the number of kernels).
        kernel_size: The kernel's size: an int or a tuple of one int, the symbol
            ``kernel_size_0``.
        strides: Step of the kernel. It shapes the output, not the count.
        padding: ``"valid"`` or ``"same"`` (any case). It shapes the output, not
            the count.
        data_format: ``"channels_last"`` (``None``, the default: channels are the
            last axis of ``input_shape``) or ``"channels_first"``.
        dilation_rate: Spacing of the kernel's taps. It shapes the output, not the count.
        depth_multiplier: Output channels per input channel; the layer has
            ``input_channels * depth_multiplier`` outputs.
        activation: Accepted; no activation has weights.
        use_bias: Whether the layer has the ``bias`` vector.
        depthwise_initializer: Accepted; it does not change the count.
        pointwise_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        depthwise_regularizer: Accepted; it does not change the count.
        pointwise_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        depthwise_constraint: Accepted; it does not change the count.
        pointwise_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        input_shape: One input sample, batch excluded: 1 spatial axis (``None``
            for a free one) and the channels, whose size is the symbol
            ``input_channels``.
        **kwargs: ``trainable`` (``False`` makes every weight non-trainable),
            ``name``, ``dtype``, ``autocast``.

    Raises:
        TypeError: If a size is not an int (a bool is refused), a flag is not a
            bool, or a keyword is one Keras does not take.
        ValueError: If a size is not positive, or an argument is one
            Keras refuses when it creates or builds the layer.

    Examples:
        >>> layer = SeparableConv1D(32, 7, input_shape=(500, 128))
        >>> layer.shapes
        {'depthwise_kernel': (7, 128, 1), 'pointwise_kernel': (1, 128, 32), 'bias': (32,)}
        >>> layer.params
        5024
    """

    _rank = 1


class SeparableConv2D(_KerasSeparable):
    """``keras.layers.SeparableConv2D``: a depthwise kernel, a pointwise kernel, one bias.

    Args:
        filters: Output channels (the number of kernels).
        kernel_size: The kernel's spatial size: one int for every axis, or a tuple
            of 2 ints, the symbols ``kernel_size_0``, ``kernel_size_1``.
        strides: Step of the kernel. It shapes the output, not the count.
        padding: ``"valid"`` or ``"same"`` (any case). It shapes the output, not
            the count.
        data_format: ``"channels_last"`` (``None``, the default: channels are the
            last axis of ``input_shape``) or ``"channels_first"``.
        dilation_rate: Spacing of the kernel's taps. It shapes the output, not the count.
        depth_multiplier: Output channels per input channel; the layer has
            ``input_channels * depth_multiplier`` outputs.
        activation: Accepted; no activation has weights.
        use_bias: Whether the layer has the ``bias`` vector.
        depthwise_initializer: Accepted; it does not change the count.
        pointwise_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        depthwise_regularizer: Accepted; it does not change the count.
        pointwise_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        depthwise_constraint: Accepted; it does not change the count.
        pointwise_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        input_shape: One input sample, batch excluded: 2 spatial axes (``None``
            for a free one) and the channels, whose size is the symbol
            ``input_channels``.
        **kwargs: ``trainable`` (``False`` makes every weight non-trainable),
            ``name``, ``dtype``, ``autocast``.

    Raises:
        TypeError: If a size is not an int (a bool is refused), a flag is not a
            bool, or a keyword is one Keras does not take.
        ValueError: If a size is not positive, or an argument is one
            Keras refuses when it creates or builds the layer.

    Examples:
        >>> layer = SeparableConv2D(64, 3, input_shape=(32, 32, 3))
        >>> layer.shapes
        {'depthwise_kernel': (3, 3, 3, 1), 'pointwise_kernel': (1, 1, 3, 64), 'bias': (64,)}
        >>> layer.params
        283
    """

    _rank = 2
