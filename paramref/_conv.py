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

from collections.abc import Iterable, Iterator, Mapping, Sequence
from numbers import Integral
from typing import ClassVar

from ._check import flag, nonnegative_int, positive_int
from ._keras import KerasLayer, Output
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
    "conv_output_size",
    "conv_tensors",
    "depthwise_tensors",
    "keras_conv_tensors",
    "separable_tensors",
    "transposed_output_size",
]

# --------------------------------------------------------------------------
# The tensors: written once, for int and sympy sizes alike.
# --------------------------------------------------------------------------


def per_group(channels: Dim, groups: Dim) -> Dim:
    """Channels seen by one group: exact ``//`` for ints, a sympy ratio for symbols."""
    if type(groups) is int and groups == 1:
        return channels  # no division: counting whole models with polynomials stays sympy-free
    if isinstance(channels, int) and isinstance(groups, int):
        return channels // groups
    import sympy

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


def torch_tuple(value: object, rank: int) -> tuple[object, ...]:
    """What torch's ``_single`` / ``_pair`` / ``_triple`` make of ``value``.

    Any iterable becomes a tuple as it is, whatever its length (a string becomes
    its characters); anything else is repeated ``rank`` times. Torch does not check
    the result: a stride, padding or dilation is only used when the layer runs.

    >>> torch_tuple(3, 2), torch_tuple([1, 2, 3], 2), torch_tuple("same", 2)
    ((3, 3), (1, 2, 3), ('s', 'a', 'm', 'e'))
    """
    if isinstance(value, Iterable):
        return tuple(value)
    return (value,) * rank


def no_bools(name: str, value: object, entries: tuple[object, ...]) -> tuple[object, ...]:
    """Refuse a bool where torch takes an int or a tuple of ints; return ``entries``."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int or a tuple of ints, got bool {value!r}")
    for axis, entry in enumerate(entries):
        if isinstance(entry, bool):
            raise TypeError(f"{name}[{axis}] must be an int, got bool {entry!r}")
    return entries


def torch_int(name: str, value: object) -> int:
    """An int as ``torch.empty`` takes it in a shape (``numpy.int64`` too); not a bool.

    A float is refused, as ``torch.empty`` refuses it; so is a ``bool``, which
    torch would take as 0 or 1.
    """
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    return int(value)


def nonnegative(name: str, size: int) -> int:
    """Refuse a negative size: ``torch.empty`` cannot make a negative dimension."""
    if size < 0:
        raise ValueError(
            f"{name} must be a non-negative integer (torch cannot create a tensor with a "
            f"negative dimension), got {size!r}"
        )
    return size


def torch_size(name: str, value: object) -> int:
    """A kernel size: an int >= 0, the size of one axis of the weight."""
    return nonnegative(name, torch_int(name, value))


def torch_kernel(kernel_size: object, rank: int) -> tuple[int, ...]:
    """``kernel_size`` as torch stores it: an int repeated ``rank`` times, a tuple as is."""
    if not isinstance(kernel_size, Iterable):
        return (torch_size("kernel_size", kernel_size),) * rank
    return tuple(
        torch_size(f"kernel_size[{axis}]", size) for axis, size in enumerate(tuple(kernel_size))
    )


def same_padding(dilation: tuple[object, ...], kernel: tuple[int, ...]) -> None:
    """Refuse what torch cannot turn into padding for ``padding='same'``.

    Torch computes ``d * (k - 1)`` and halves it with ``//`` for each pair of
    dilation and kernel entry; a dilation that is not a number fails there.
    """
    for axis, (spread, size) in enumerate(zip(dilation, kernel, strict=False)):
        problem = isinstance(spread, str | bytes | bytearray | list | tuple)
        if not problem:
            try:
                total = spread * (size - 1)  # type: ignore[operator]
                _ = total - total // 2  # the far side's padding, as torch computes it
            except (TypeError, ArithmeticError):
                problem = True
        if problem:
            raise TypeError(
                f"dilation[{axis}] must be a number for padding='same', "
                f"got {type(spread).__name__} {spread!r}"
            )


class _TorchConv(Spec):
    """What ``torch.nn.ConvNd`` and ``ConvTransposeNd`` share.

    Paramref accepts what the torch constructor accepts, a ``bool`` for an int or a
    non-``bool`` for ``bias`` aside, and keeps the arguments as torch keeps them:
    ``kernel_size`` is the weight's spatial shape, any length; ``stride``,
    ``padding``, ``dilation`` and ``output_padding`` are stored unchecked.
    """

    _rank: ClassVar[int]
    _transposed: ClassVar[bool]

    kernel_size: tuple[int, ...]
    stride: tuple[object, ...]
    padding: str | tuple[object, ...]
    dilation: tuple[object, ...]
    output_padding: tuple[object, ...]

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
        # In torch's order: groups, then the channels they divide, then the rest.
        self.groups = torch_int("groups", groups)
        if self.groups <= 0:
            raise ValueError(f"groups must be a positive integer, got {groups!r}")
        self.in_channels = torch_int("in_channels", in_channels)
        self.out_channels = torch_int("out_channels", out_channels)
        divisible("in_channels", self.in_channels, self.groups)
        divisible("out_channels", self.out_channels, self.groups)
        nonnegative("in_channels", self.in_channels)
        nonnegative("out_channels", self.out_channels)
        self.kernel_size = torch_kernel(kernel_size, rank)
        self.stride = no_bools("stride", stride, torch_tuple(stride, rank))
        self.dilation = no_bools("dilation", dilation, torch_tuple(dilation, rank))
        if isinstance(padding, str) and not self._transposed:
            if padding not in ("same", "valid"):
                raise ValueError(
                    f"Invalid padding string {padding!r}, should be one of 'same', 'valid'"
                )
            if padding == "same":
                if any(step != 1 for step in self.stride):
                    raise ValueError(
                        "padding='same' is not supported for strided convolutions, "
                        f"got stride={self.stride}"
                    )
                same_padding(self.dilation, self.kernel_size)
            self.padding: str | tuple[object, ...] = padding
        else:
            # A transposed layer takes no padding string: torch makes "same" a tuple
            # of characters, ("s", "a", "m", "e"), which only fails when the layer runs.
            self.padding = no_bools("padding", padding, torch_tuple(padding, rank))
        if self._transposed and padding_mode != "zeros":
            raise ValueError(
                f'Only "zeros" padding mode is supported for {layer}, '
                f"got padding_mode={padding_mode!r}"
            )
        if padding_mode not in _PADDING_MODES:
            raise ValueError(
                f"padding_mode must be one of {_PADDING_MODES}, got padding_mode={padding_mode!r}"
            )
        self.padding_mode = str(padding_mode)
        self.bias = flag("bias", bias)
        if self._transposed:
            pads = torch_tuple(output_padding, rank)
            self.output_padding = no_bools("output_padding", output_padding, pads)
        else:
            self.output_padding = (0,) * rank
        self._sizes = {
            "in_channels": self.in_channels,
            "out_channels": self.out_channels,
            "groups": self.groups,
            **dict(zip(kernel_names(len(self.kernel_size)), self.kernel_size, strict=True)),
        }

    def __repr__(self) -> str:
        # As torch prints the module (its extra_repr): the non-default arguments after
        # the sizes.
        text = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}"
        text += f", stride={self.stride}"
        if self.padding != (0,) * len(self.padding):
            text += f", padding={self.padding}"
        if self.dilation != (1,) * len(self.dilation):
            text += f", dilation={self.dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if not self.bias:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += f", padding_mode={self.padding_mode}"
        return f"{type(self).__name__}({text})"

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        kernel = [sizes[name] for name in kernel_names(len(self.kernel_size))]
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
        kernel_size: The kernel's size: an int, or a tuple kept as it is, one axis of
            the weight per entry, whatever its length (as torch keeps it); the
            symbols ``kernel_size_0``, ``kernel_size_1``, ... Sizes may be 0.
        stride: Step of the kernel. It shapes the output, not the
            count; torch stores it unchecked, so a zero or negative value is accepted
            (the layer fails when it runs).
        padding: Zero padding: an int, a tuple, or ``"same"`` / ``"valid"``. It shapes
            the output, not the count. Torch checks the strings (``"same"`` needs
            every stride 1), not the numbers.
        dilation: Spacing of the kernel's taps. It shapes the output, not the
            count; torch stores it unchecked, so a zero or negative value is accepted
            (the layer fails when it runs).
        groups: Blocked connections: each of the ``groups`` groups maps
            ``in_channels / groups`` inputs to ``out_channels / groups`` outputs.
            Both channel counts must be divisible by it.
        bias: Whether the layer has one bias per output channel.
        padding_mode: ``"zeros"``, ``"reflect"``, ``"replicate"`` or ``"circular"``. It does
            not change the count.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Raises:
        TypeError: If a channel count, a kernel size or ``groups`` is not an int, a
            bool is given for an int argument (torch would take it as 0 or 1), or
            ``bias`` is not a bool.
        ValueError: Where the torch constructor raises: a negative channel count
            or kernel size, ``groups`` not positive or not dividing both channel
            counts, a padding string other than ``"same"`` and ``"valid"``,
            ``padding="same"`` with a stride other than 1, an unknown ``padding_mode``.

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
        kernel_size: The kernel's spatial size: an int, used for each of the 2 axes,
            or a tuple kept as it is, one axis of the weight per entry, whatever its
            length (as torch keeps it); the symbols ``kernel_size_0``, ... Sizes may be 0.
        stride: Step of the kernel. It shapes the output, not the
            count; torch stores it unchecked, so a zero or negative value is accepted
            (the layer fails when it runs).
        padding: Zero padding: an int, a tuple, or ``"same"`` / ``"valid"``. It shapes
            the output, not the count. Torch checks the strings (``"same"`` needs
            every stride 1), not the numbers.
        dilation: Spacing of the kernel's taps. It shapes the output, not the
            count; torch stores it unchecked, so a zero or negative value is accepted
            (the layer fails when it runs).
        groups: Blocked connections: each of the ``groups`` groups maps
            ``in_channels / groups`` inputs to ``out_channels / groups`` outputs.
            Both channel counts must be divisible by it.
        bias: Whether the layer has one bias per output channel.
        padding_mode: ``"zeros"``, ``"reflect"``, ``"replicate"`` or ``"circular"``. It does
            not change the count.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Raises:
        TypeError: If a channel count, a kernel size or ``groups`` is not an int, a
            bool is given for an int argument (torch would take it as 0 or 1), or
            ``bias`` is not a bool.
        ValueError: Where the torch constructor raises: a negative channel count
            or kernel size, ``groups`` not positive or not dividing both channel
            counts, a padding string other than ``"same"`` and ``"valid"``,
            ``padding="same"`` with a stride other than 1, an unknown ``padding_mode``.

    Examples:
        >>> layer = Conv2d(3, 64, 3)
        >>> layer.shapes
        {'weight': (64, 3, 3, 3), 'bias': (64,)}
        >>> layer.params
        1792
        >>> Conv2d(32, 32, 3, groups=32).params  # depthwise: one 3 x 3 kernel per channel
        320
        >>> Conv2d(3, 64, (3, 3, 3)).shapes  # torch keeps a 3-tuple: a 3-D kernel it cannot run
        {'weight': (64, 3, 3, 3, 3), 'bias': (64,)}
    """

    _rank = 2


class Conv3d(_TorchConvNd):
    """``torch.nn.Conv3d``: ``weight`` is ``(out_channels, in_channels / groups, kD, kH, kW)``.

    Args:
        in_channels: Channels of the input.
        out_channels: Channels of the output.
        kernel_size: The kernel's spatial size: an int, used for each of the 3 axes,
            or a tuple kept as it is, one axis of the weight per entry, whatever its
            length (as torch keeps it); the symbols ``kernel_size_0``, ... Sizes may be 0.
        stride: Step of the kernel. It shapes the output, not the
            count; torch stores it unchecked, so a zero or negative value is accepted
            (the layer fails when it runs).
        padding: Zero padding: an int, a tuple, or ``"same"`` / ``"valid"``. It shapes
            the output, not the count. Torch checks the strings (``"same"`` needs
            every stride 1), not the numbers.
        dilation: Spacing of the kernel's taps. It shapes the output, not the
            count; torch stores it unchecked, so a zero or negative value is accepted
            (the layer fails when it runs).
        groups: Blocked connections: each of the ``groups`` groups maps
            ``in_channels / groups`` inputs to ``out_channels / groups`` outputs.
            Both channel counts must be divisible by it.
        bias: Whether the layer has one bias per output channel.
        padding_mode: ``"zeros"``, ``"reflect"``, ``"replicate"`` or ``"circular"``. It does
            not change the count.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Raises:
        TypeError: If a channel count, a kernel size or ``groups`` is not an int, a
            bool is given for an int argument (torch would take it as 0 or 1), or
            ``bias`` is not a bool.
        ValueError: Where the torch constructor raises: a negative channel count
            or kernel size, ``groups`` not positive or not dividing both channel
            counts, a padding string other than ``"same"`` and ``"valid"``,
            ``padding="same"`` with a stride other than 1, an unknown ``padding_mode``.

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
        kernel_size: The kernel's size: an int, or a tuple kept as it is, one axis of
            the weight per entry, whatever its length (as torch keeps it); the
            symbols ``kernel_size_0``, ``kernel_size_1``, ... Sizes may be 0.
        stride: Step of the kernel. It shapes the output, not the
            count; torch stores it unchecked, so a zero or negative value is accepted
            (the layer fails when it runs).
        padding: Implicit zero padding removed from the output. It shapes the output,
            not the count. Torch stores it unchecked; a string is no padding mode
            here but an iterable: ``"same"`` is stored as ``('s', 'a', 'm', 'e')``,
            and the layer fails when it runs.
        output_padding: Extra size added to one side of the output. It shapes the
            output, not the count; torch stores it unchecked (it must be smaller than
            the stride or the dilation only when the layer runs).
        groups: Blocked connections: each of the ``groups`` groups maps
            ``in_channels / groups`` inputs to ``out_channels / groups`` outputs.
            Both channel counts must be divisible by it.
        bias: Whether the layer has one bias per output channel.
        dilation: Spacing of the kernel's taps. It shapes the output, not the
            count; torch stores it unchecked, so a zero or negative value is accepted
            (the layer fails when it runs).
        padding_mode: Only ``"zeros"`` is supported, as in PyTorch.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Raises:
        TypeError: If a channel count, a kernel size or ``groups`` is not an int, a
            bool is given for an int argument (torch would take it as 0 or 1), or
            ``bias`` is not a bool.
        ValueError: Where the torch constructor raises: a negative channel count
            or kernel size, ``groups`` not positive or not dividing both channel
            counts, a ``padding_mode`` other than ``"zeros"``.

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
        kernel_size: The kernel's spatial size: an int, used for each of the 2 axes,
            or a tuple kept as it is, one axis of the weight per entry, whatever its
            length (as torch keeps it); the symbols ``kernel_size_0``, ... Sizes may be 0.
        stride: Step of the kernel. It shapes the output, not the
            count; torch stores it unchecked, so a zero or negative value is accepted
            (the layer fails when it runs).
        padding: Implicit zero padding removed from the output. It shapes the output,
            not the count. Torch stores it unchecked; a string is no padding mode
            here but an iterable: ``"same"`` is stored as ``('s', 'a', 'm', 'e')``,
            and the layer fails when it runs.
        output_padding: Extra size added to one side of the output. It shapes the
            output, not the count; torch stores it unchecked (it must be smaller than
            the stride or the dilation only when the layer runs).
        groups: Blocked connections: each of the ``groups`` groups maps
            ``in_channels / groups`` inputs to ``out_channels / groups`` outputs.
            Both channel counts must be divisible by it.
        bias: Whether the layer has one bias per output channel.
        dilation: Spacing of the kernel's taps. It shapes the output, not the
            count; torch stores it unchecked, so a zero or negative value is accepted
            (the layer fails when it runs).
        padding_mode: Only ``"zeros"`` is supported, as in PyTorch.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Raises:
        TypeError: If a channel count, a kernel size or ``groups`` is not an int, a
            bool is given for an int argument (torch would take it as 0 or 1), or
            ``bias`` is not a bool.
        ValueError: Where the torch constructor raises: a negative channel count
            or kernel size, ``groups`` not positive or not dividing both channel
            counts, a ``padding_mode`` other than ``"zeros"``.

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
        kernel_size: The kernel's spatial size: an int, used for each of the 3 axes,
            or a tuple kept as it is, one axis of the weight per entry, whatever its
            length (as torch keeps it); the symbols ``kernel_size_0``, ... Sizes may be 0.
        stride: Step of the kernel. It shapes the output, not the
            count; torch stores it unchecked, so a zero or negative value is accepted
            (the layer fails when it runs).
        padding: Implicit zero padding removed from the output. It shapes the output,
            not the count. Torch stores it unchecked; a string is no padding mode
            here but an iterable: ``"same"`` is stored as ``('s', 'a', 'm', 'e')``,
            and the layer fails when it runs.
        output_padding: Extra size added to one side of the output. It shapes the
            output, not the count; torch stores it unchecked (it must be smaller than
            the stride or the dilation only when the layer runs).
        groups: Blocked connections: each of the ``groups`` groups maps
            ``in_channels / groups`` inputs to ``out_channels / groups`` outputs.
            Both channel counts must be divisible by it.
        bias: Whether the layer has one bias per output channel.
        dilation: Spacing of the kernel's taps. It shapes the output, not the
            count; torch stores it unchecked, so a zero or negative value is accepted
            (the layer fails when it runs).
        padding_mode: Only ``"zeros"`` is supported, as in PyTorch.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Raises:
        TypeError: If a channel count, a kernel size or ``groups`` is not an int, a
            bool is given for an int argument (torch would take it as 0 or 1), or
            ``bias`` is not a bool.
        ValueError: Where the torch constructor raises: a negative channel count
            or kernel size, ``groups`` not positive or not dividing both channel
            counts, a ``padding_mode`` other than ``"zeros"``.

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


def conv_output_size(
    size: int | None, kernel: int, stride: int, dilation: int, padding: str
) -> int | None:
    """One spatial axis after a Keras convolution (``None`` stays ``None``).

    ``"valid"`` keeps the positions where the dilated kernel fits; ``"same"``
    and ``"causal"`` keep one output per stride.

    >>> conv_output_size(500, 7, 1, 1, "valid"), conv_output_size(32, 3, 2, 1, "same")
    (494, 16)
    """
    if size is None:
        return None
    if padding == "valid":
        return (size - dilation * (kernel - 1) - 1) // stride + 1
    return (size - 1) // stride + 1


def transposed_output_size(
    size: int | None,
    kernel: int,
    stride: int,
    dilation: int,
    padding: str,
    output_padding: int | None,
) -> int | None:
    """One spatial axis after a Keras transposed convolution (``None`` stays ``None``).

    >>> transposed_output_size(16, 2, 2, 1, "valid", None)
    32
    """
    if size is None:
        return None
    reach = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(reach, stride) - reach if output_padding is None else output_padding
        return (size - 1) * stride + reach + extra
    if output_padding is None:
        return size * stride
    return (size - 1) * stride + reach % 2 + output_padding


#: Keyword arguments a Keras convolution takes besides the layer keywords.
_LAYER_KEYWORDS: tuple[str, ...] = ()


class _KerasConv(KerasLayer):
    """What the Keras convolutions share: the input, the data format, the kernel."""

    _rank: ClassVar[int]
    _causal: ClassVar[bool] = False  # only Conv1D takes padding="causal"
    _strided_dilation: ClassVar[bool] = False  # Conv and ConvTranspose refuse both > 1
    _checks_output: ClassVar[bool] = True  # build() computes the output shape

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
    ) -> None:
        """Check the shared arguments and set them on ``self``."""
        layer, rank = type(self).__name__, self._rank
        self._keras_init(kwargs, input_shape, allowed)
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

    def _input(self, input_shape: object) -> int:
        """Check ``input_shape`` (one sample: spatial axes and channels); return the channels.

        Sizes may be 0, as in ``keras.Input``: Keras builds a layer on zero channels
        (an empty kernel) and, except under ``"valid"`` padding, on an empty axis.
        """
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
            None if size is None else nonnegative_int(f"input_shape[{axis}]", size)
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

    def _channels_out(self) -> int:
        """The channels of the output."""
        return self._sizes["filters"]

    def _output(self) -> Output:
        assert self.input_shape is not None
        first = self.data_format == "channels_first"
        spatial = self.input_shape[1:] if first else self.input_shape[:-1]
        sizes = tuple(
            conv_output_size(
                size,
                self.kernel_size[axis],
                self.strides[axis],
                self.dilation_rate[axis],
                self.padding,
            )
            for axis, size in enumerate(spatial)
        )
        channels = self._channels_out()
        return (channels, *sizes) if first else (*sizes, channels)

    def __repr__(self) -> str:
        if not self.built:
            return super().__repr__()
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
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self.filters = positive_int("filters", filters)
        self.groups = positive_int("groups", groups)
        divisible("filters", self.filters, self.groups)
        self._common(
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
        rank = kwargs.get("lora_rank")
        self.lora_rank = None if rank is None else nonnegative_int("lora_rank", rank) or None
        self._build_given()

    def _build(self, input_shape: object) -> None:
        channels = self._input(input_shape)
        divisible("input_channels", channels, self.groups)
        sizes = {
            "input_channels": channels,
            "filters": self.filters,
            "groups": self.groups,
            **dict(zip(kernel_names(self._rank), self.kernel_size, strict=True)),
        }
        if self.lora_rank is not None:
            sizes["lora_rank"] = self.lora_rank
        self._sizes = sizes

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
        self._common(
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
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self._sizes = {
            "input_channels": self._input(input_shape),
            "filters": self.filters,
            **dict(zip(kernel_names(self._rank), self.kernel_size, strict=True)),
        }

    def _output(self) -> Output:
        assert self.input_shape is not None
        first = self.data_format == "channels_first"
        spatial = self.input_shape[1:] if first else self.input_shape[:-1]
        pads = self.output_padding
        sizes = tuple(
            transposed_output_size(
                size,
                self.kernel_size[axis],
                self.strides[axis],
                self.dilation_rate[axis],
                self.padding,
                None if pads is None else pads[axis],
            )
            for axis, size in enumerate(spatial)
        )
        return (self.filters, *sizes) if first else (*sizes, self.filters)

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
        input_shape: Sequence[int | None] | None = None,
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
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self.depth_multiplier = positive_int("depth_multiplier", depth_multiplier)
        self._common(
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            use_bias,
            input_shape,
            kwargs,
        )
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self._sizes = {
            "input_channels": self._input(input_shape),
            "depth_multiplier": self.depth_multiplier,
            **dict(zip(kernel_names(self._rank), self.kernel_size, strict=True)),
        }

    def _channels_out(self) -> int:
        return self._sizes["input_channels"] * self.depth_multiplier

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
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self.filters = positive_int("filters", filters)
        self.depth_multiplier = positive_int("depth_multiplier", depth_multiplier)
        self._common(
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            use_bias,
            input_shape,
            kwargs,
        )
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self._sizes = {
            "input_channels": self._input(input_shape),
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
        input_shape: Sequence[int | None] | None = None,
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
