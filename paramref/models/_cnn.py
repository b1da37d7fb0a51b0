"""Classic convolutional networks as ``torchvision.models`` builds them.

Each spec lists the tensors of one torchvision architecture under the names its
``named_parameters()`` gives, from the convolution, batch-norm and linear
listings of the layer pages. Batch norm's running statistics are buffers, in
``spec.buffers``, not parameters. The only symbol of the formula is
``num_classes``: every other size is fixed by the architecture.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import pairwise

from .._check import flag, positive_int
from .._conv import conv_tensors
from .._linear import linear_tensors
from .._norm import batch_norm_tensors
from .._tensors import Dim, Tensor, prefixed
from ._spec import ModelSpec, tag

__all__ = [
    "VGG",
    "AlexNet",
    "MobileNetV2",
    "ResNet",
    "alexnet",
    "mobilenet_v2",
    "resnet",
    "vgg",
]

_PARTS = ("conv", "norms", "fc")


def conv(
    name: str, in_channels: int, out_channels: int, kernel: int, groups: int = 1, bias: bool = False
) -> Iterator[Tensor]:
    """``name``: a square ``Conv2d``, tagged ``conv``."""
    tensors = conv_tensors(in_channels, out_channels, (kernel, kernel), groups, bias)
    return tag("conv", prefixed(name, tensors))


def batch_norm(name: str, channels: int) -> Iterator[Tensor]:
    """``name``: ``BatchNorm2d(channels)``, its running statistics as buffers."""
    return tag("norms", prefixed(name, batch_norm_tensors(channels, True, True, True)))


def fully_connected(name: str, n: Dim, m: Dim) -> Iterator[Tensor]:
    """``name``: ``Linear(n, m)``, tagged ``fc``."""
    return tag("fc", prefixed(name, linear_tensors(n, m)))


def _num_classes(value: object) -> dict[str, int]:
    return {"num_classes": positive_int("num_classes", value)}


# --------------------------------------------------------------------------
# ResNet

#: Blocks per stage, and whether the block is the three-convolution bottleneck.
RESNET_DEPTHS: dict[int, tuple[tuple[int, int, int, int], bool]] = {
    18: ((2, 2, 2, 2), False),
    34: ((3, 4, 6, 3), False),
    50: ((3, 4, 6, 3), True),
    101: ((3, 4, 23, 3), True),
    152: ((3, 8, 36, 3), True),
}


class ResNet(ModelSpec):
    """``torchvision.models.ResNet``: a stem, four stages of residual blocks, a classifier.

    The stem is a 7x7 convolution from 3 to 64 channels and a batch norm. Stage
    ``s`` has ``planes = 64 * 2**s`` and stacks either basic blocks (two 3x3
    convolutions, ResNet-18 and -34) or bottlenecks (1x1, 3x3, 1x1 with four
    times ``planes`` out, ResNet-50, -101 and -152). The first block of a stage
    whose input does not match its output gets a ``downsample``: a 1x1
    convolution and a batch norm. Every convolution is followed by a batch norm
    and has no bias. The classifier ``fc`` maps 512 (basic) or 2048 (bottleneck)
    features to ``num_classes``. Build it with :func:`resnet`.

    Examples:
        >>> from paramref.models import resnet
        >>> resnet(50).params
        25557032
        >>> resnet(50).breakdown
        {'conv': 23454912, 'norms': 53120, 'fc': 2049000}
    """

    PARTS = _PARTS
    EMBEDDING_PARTS = ()

    def __init__(self, depth: int, num_classes: int, groups: int, width_per_group: int) -> None:
        if isinstance(depth, bool) or not isinstance(depth, int):
            raise TypeError(f"depth must be an int, got {type(depth).__name__} {depth!r}")
        if depth not in RESNET_DEPTHS:
            raise ValueError(f"depth must be one of 18, 34, 50, 101, 152, got {depth!r}")
        self.depth = depth
        self.blocks, self.bottleneck = RESNET_DEPTHS[depth]
        self.groups = positive_int("groups", groups)
        self.width_per_group = positive_int("width_per_group", width_per_group)
        if not self.bottleneck and (self.groups, self.width_per_group) != (1, 64):
            raise ValueError(
                f"ResNet-{depth}'s BasicBlock only supports groups=1 and width_per_group=64, "
                f"got groups={groups} and width_per_group={width_per_group}"
            )
        self._sizes = _num_classes(num_classes)
        self._flags = (depth, self.groups, self.width_per_group)

    def _block(self, inplanes: int, planes: int, downsample: bool) -> Iterator[Tensor]:
        if self.bottleneck:
            width = planes * self.width_per_group // 64 * self.groups
            yield from conv("conv1", inplanes, width, 1)
            yield from batch_norm("bn1", width)
            yield from conv("conv2", width, width, 3, self.groups)
            yield from batch_norm("bn2", width)
            yield from conv("conv3", width, planes * 4, 1)
            yield from batch_norm("bn3", planes * 4)
        else:
            yield from conv("conv1", inplanes, planes, 3)
            yield from batch_norm("bn1", planes)
            yield from conv("conv2", planes, planes, 3)
            yield from batch_norm("bn2", planes)
        if downsample:
            out = planes * (4 if self.bottleneck else 1)
            yield from conv("downsample.0", inplanes, out, 1)
            yield from batch_norm("downsample.1", out)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        expansion = 4 if self.bottleneck else 1
        yield from conv("conv1", 3, 64, 7)
        yield from batch_norm("bn1", 64)
        inplanes = 64
        for stage, count in enumerate(self.blocks):
            planes = 64 * 2**stage
            for k in range(count):
                downsample = k == 0 and (stage > 0 or inplanes != planes * expansion)
                yield from prefixed(
                    f"layer{stage + 1}.{k}", self._block(inplanes, planes, downsample)
                )
                inplanes = planes * expansion
        yield from fully_connected("fc", 512 * expansion, sizes["num_classes"])


def resnet(
    depth: int, *, num_classes: int = 1000, groups: int = 1, width_per_group: int = 64
) -> ResNet:
    """ResNet-``depth`` as ``torchvision.models.resnet{depth}()`` builds it.

    ``groups`` and ``width_per_group`` are torchvision's ``ResNet`` arguments for
    the bottleneck networks: ``resnext50_32x4d`` is ``resnet(50, groups=32,
    width_per_group=4)``, ``wide_resnet50_2`` is ``resnet(50, width_per_group=128)``.

    Args:
        depth: 18, 34, 50, 101 or 152.
        num_classes: Outputs of the classifier.
        groups: Groups of the 3x3 convolution of each bottleneck.
        width_per_group: Bottleneck width per group (64 for ResNet).

    Returns:
        A :class:`ResNet` spec.

    Examples:
        >>> [resnet(depth).params for depth in (18, 34, 50, 101, 152)]
        [11689512, 21797672, 25557032, 44549160, 60192808]
        >>> resnet(50, num_classes=10).params
        23528522
        >>> resnet(50).formula
        2049*num_classes + 23508032
    """
    return ResNet(depth, num_classes, groups, width_per_group)


# --------------------------------------------------------------------------
# VGG

#: torchvision's configurations: channels of each 3x3 convolution, ``0`` for a max-pool.
VGG_CONFIGS: dict[int, tuple[int, ...]] = {
    11: (64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0),
    13: (64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0),
    16: (64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0),
    19: (
        *(64, 64, 0, 128, 128, 0),
        *(256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0),
    ),
}


def _classifier(features: int, indices: Sequence[int], num_classes: Dim) -> Iterator[Tensor]:
    """The three fully connected layers of VGG and AlexNet: ``features -> 4096 -> 4096 -> n``."""
    widths = (features, 4096, 4096, num_classes)
    for index, (n, m) in zip(indices, pairwise(widths), strict=True):
        yield from fully_connected(f"classifier.{index}", n, m)


class VGG(ModelSpec):
    """``torchvision.models.VGG``: 3x3 convolutions with biases, max-pools, three dense layers.

    ``features`` is one ``nn.Sequential``: each convolution is followed by a
    ReLU (with ``batch_norm``, by a batch norm and then the ReLU), and each
    max-pool takes an index too, so the indices of the convolutions skip. The
    classifier maps the 512 x 7 x 7 pooled features to 4096, 4096 and
    ``num_classes``. Build it with :func:`vgg`.

    Examples:
        >>> from paramref.models import vgg
        >>> vgg(16).params
        138357544
        >>> vgg(16).breakdown
        {'conv': 14714688, 'norms': 0, 'fc': 123642856}
    """

    PARTS = _PARTS
    EMBEDDING_PARTS = ()

    def __init__(self, depth: int, batch_norm: bool, num_classes: int) -> None:
        if isinstance(depth, bool) or not isinstance(depth, int):
            raise TypeError(f"depth must be an int, got {type(depth).__name__} {depth!r}")
        if depth not in VGG_CONFIGS:
            raise ValueError(f"depth must be one of 11, 13, 16, 19, got {depth!r}")
        self.depth = depth
        self.batch_norm = flag("batch_norm", batch_norm)
        self._sizes = _num_classes(num_classes)
        self._flags = (depth, self.batch_norm)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        index, channels = 0, 3
        for width in VGG_CONFIGS[self.depth]:
            if width == 0:  # max-pool
                index += 1
                continue
            yield from conv(f"features.{index}", channels, width, 3, bias=True)
            if self.batch_norm:
                yield from batch_norm(f"features.{index + 1}", width)
            index += 3 if self.batch_norm else 2
            channels = width
        yield from _classifier(512 * 7 * 7, (0, 3, 6), sizes["num_classes"])


def vgg(depth: int, batch_norm: bool = False, *, num_classes: int = 1000) -> VGG:
    """VGG-``depth`` as ``torchvision.models.vgg{depth}()`` (or ``vgg{depth}_bn()``) builds it.

    Args:
        depth: 11, 13, 16 or 19.
        batch_norm: Whether each convolution is followed by a batch norm (``_bn``).
        num_classes: Outputs of the classifier.

    Returns:
        A :class:`VGG` spec.

    Examples:
        >>> [vgg(depth).params for depth in (11, 13, 16, 19)]
        [132863336, 133047848, 138357544, 143667240]
        >>> [vgg(depth, batch_norm=True).params for depth in (11, 13, 16, 19)]
        [132868840, 133053736, 138365992, 143678248]
    """
    return VGG(depth, batch_norm, num_classes)


# --------------------------------------------------------------------------
# AlexNet

#: (index in ``features``, channels in, channels out, kernel size) of each convolution.
_ALEXNET_CONVS: tuple[tuple[int, int, int, int], ...] = (
    (0, 3, 64, 11),
    (3, 64, 192, 5),
    (6, 192, 384, 3),
    (8, 384, 256, 3),
    (10, 256, 256, 3),
)


class AlexNet(ModelSpec):
    """``torchvision.models.AlexNet``: five convolutions with biases and three dense layers.

    torchvision's version (after *One weird trick*, 64-192-384-256-256
    channels), not the two-GPU original. Build it with :func:`alexnet`.

    Examples:
        >>> from paramref.models import alexnet
        >>> alexnet().params
        61100840
        >>> alexnet().breakdown
        {'conv': 2469696, 'norms': 0, 'fc': 58631144}
    """

    PARTS = _PARTS
    EMBEDDING_PARTS = ()

    def __init__(self, num_classes: int) -> None:
        self._sizes = _num_classes(num_classes)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        for index, n, m, kernel in _ALEXNET_CONVS:
            yield from conv(f"features.{index}", n, m, kernel, bias=True)
        yield from _classifier(256 * 6 * 6, (1, 4, 6), sizes["num_classes"])


def alexnet(*, num_classes: int = 1000) -> AlexNet:
    """AlexNet as ``torchvision.models.alexnet()`` builds it.

    Args:
        num_classes: Outputs of the classifier.

    Returns:
        An :class:`AlexNet` spec.

    Examples:
        >>> alexnet().params
        61100840
    """
    return AlexNet(num_classes)


# --------------------------------------------------------------------------
# MobileNetV2

#: (expansion t, channels c, repeats n) of each stage, as in the paper (strides left out).
MOBILENET_V2_STAGES: tuple[tuple[int, int, int], ...] = (
    (1, 16, 1),
    (6, 24, 2),
    (6, 32, 3),
    (6, 64, 4),
    (6, 96, 3),
    (6, 160, 3),
    (6, 320, 1),
)


class MobileNetV2(ModelSpec):
    """``torchvision.models.MobileNetV2``: inverted residual blocks of depthwise convolutions.

    ``features.0`` is a 3x3 convolution from 3 to 32 channels with its batch
    norm. Each inverted residual block expands ``inp`` channels ``t`` times with
    a 1x1 convolution (left out when ``t = 1``), filters each channel with a
    depthwise 3x3 convolution (``groups`` = channels), and projects to ``oup``
    channels with a 1x1 convolution; each convolution has a batch norm and no
    bias. ``features.18`` maps 320 to 1280 channels and ``classifier.1`` maps
    1280 to ``num_classes``. Build it with :func:`mobilenet_v2`.

    Examples:
        >>> from paramref.models import mobilenet_v2
        >>> mobilenet_v2().params
        3504872
    """

    PARTS = _PARTS
    EMBEDDING_PARTS = ()

    def __init__(self, num_classes: int) -> None:
        self._sizes = _num_classes(num_classes)

    @staticmethod
    def _conv_norm(name: str, n: int, m: int, kernel: int, groups: int = 1) -> Iterator[Tensor]:
        """torchvision's ``Conv2dNormActivation``: ``{name}.0`` convolution, ``{name}.1`` norm."""
        yield from conv(f"{name}.0", n, m, kernel, groups)
        yield from batch_norm(f"{name}.1", m)

    def _block(self, inp: int, oup: int, expand: int) -> Iterator[Tensor]:
        hidden = inp * expand
        index = 0
        if expand != 1:
            yield from self._conv_norm("conv.0", inp, hidden, 1)
            index = 1
        yield from self._conv_norm(f"conv.{index}", hidden, hidden, 3, groups=hidden)
        yield from conv(f"conv.{index + 1}", hidden, oup, 1)
        yield from batch_norm(f"conv.{index + 2}", oup)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        yield from self._conv_norm("features.0", 3, 32, 3)
        index, channels = 1, 32
        for expand, out, repeats in MOBILENET_V2_STAGES:
            for _ in range(repeats):
                yield from prefixed(f"features.{index}", self._block(channels, out, expand))
                index, channels = index + 1, out
        yield from self._conv_norm(f"features.{index}", channels, 1280, 1)
        yield from fully_connected("classifier.1", 1280, sizes["num_classes"])


def mobilenet_v2(*, num_classes: int = 1000) -> MobileNetV2:
    """MobileNetV2 as ``torchvision.models.mobilenet_v2()`` builds it (``width_mult=1.0``).

    Args:
        num_classes: Outputs of the classifier.

    Returns:
        A :class:`MobileNetV2` spec.

    Examples:
        >>> mobilenet_v2().params
        3504872
        >>> mobilenet_v2().breakdown
        {'conv': 2189760, 'norms': 34112, 'fc': 1281000}
    """
    return MobileNetV2(num_classes)
