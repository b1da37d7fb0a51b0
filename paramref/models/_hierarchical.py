"""Hierarchical vision backbones as ``transformers.AutoModel`` builds them: Swin and ConvNeXt.

Both cut the image into patches with one strided convolution, then run stages
of blocks; each stage works at half the resolution of the one before, on wider
features. Swin's block is attention inside a window with a table of relative
position biases per block, and stages are joined by patch merging (a norm and
a bias-free linear map of four neighbouring patches, ``4C -> 2C``). ConvNeXt's
block is a depthwise 7x7 convolution, a norm and a 4x-wide MLP scaled by a
learned vector (layer scale); stages are joined by a norm and a 2x2, stride-2
convolution.

The per-stage keys are lists (``depths``, ``num_heads``, ``hidden_sizes``):
each element is a symbol of its own, named by the key and the stage,
``depths_0``, ``depths_1``, ... Each stage is a :class:`~._decoder.Stack` of
one kind of layer repeated ``depths_i`` times.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from .._conv import conv_tensors
from .._tensors import Dim, Tensor, prefixed
from ._blocks import Linear, Norm, Ref, dim
from ._decoder import LayerKind, Layout, Stack
from ._rows import Built, Config, Row, register
from ._spec import Tagged, tag

__all__ = ["Conv", "Hierarchy", "Parameter", "RelativePositionBias"]

#: The classes of both rows, by class-name suffix.
VISION_CLASSES = ("Model", "ForImageClassification")


@dataclass(frozen=True)
class Conv:
    """A 2-d convolution ``n -> m`` channels under ``name``: ``torch.nn.Conv2d``'s tensors.

    ``depthwise``: ``groups = n = m``, one ``kernel`` per channel: the same listing
    with one input channel per group (``in_channels / groups = 1``).
    """

    name: str
    n: Ref
    m: Ref
    kernel: tuple[Ref, Ref]
    depthwise: bool = False
    bias: bool = True
    part: str = "conv"

    @property
    def width(self) -> Ref:
        """The features it outputs."""
        return self.m

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        kernel = [dim(sizes, k) for k in self.kernel]
        # A depthwise convolution's groups divide its input channels into ones:
        # the listing of a convolution from 1 channel, without a division.
        n = 1 if self.depthwise else dim(sizes, self.n)
        tensors = conv_tensors(n, dim(sizes, self.m), kernel, 1, self.bias)
        return tag(self.part, prefixed(self.name, tensors))


@dataclass(frozen=True)
class Parameter:
    """A bare ``nn.Parameter`` of ``shape`` under ``name`` (layer scale, position table)."""

    name: str
    shape: tuple[Ref, ...]
    part: str

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        yield Tagged(self.name, tuple(dim(sizes, ref) for ref in self.shape), part=self.part)


@dataclass(frozen=True)
class RelativePositionBias:
    """Swin's bias of every relative offset inside a ``window x window`` window, per head.

    ``relative_position_bias_table``: ``(2 window - 1)^2`` offsets by ``heads``;
    the buffer ``relative_position_index``: for each of the ``window^2 x window^2``
    pairs of positions, the row of its offset (flattened).
    """

    name: str
    heads: Ref
    window: Ref = "window_size"

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        w = dim(sizes, self.window)
        offsets = (2 * w - 1) * (2 * w - 1)
        yield Tagged(
            f"{self.name}.relative_position_bias_table",
            (offsets, dim(sizes, self.heads)),
            part="attention",
        )
        yield Tagged(
            f"{self.name}.relative_position_index", (w * w * w * w,), buffer=True, part="attention"
        )


@dataclass(frozen=True)
class Hierarchy(Layout):
    """A :class:`Layout` whose classifier reads the last stage's features.

    ``width``: the features of the last stage (the final norm's and the
    classifier's input); ``classifier``: whether the classification class has a
    linear classifier (``num_labels > 0``; an ``nn.Identity`` otherwise).
    """

    width: Ref = "hidden_size"
    classifier: bool = True


def _classify(layout: Layout, tied: bool) -> Layout:
    """The image classifier: ``Linear(width, num_labels)`` on the pooled last stage."""
    assert isinstance(layout, Hierarchy)
    if not layout.classifier:
        return layout
    head = Linear("classifier", layout.width, "num_labels", bias=True, part="head")
    return replace(layout, head=(*layout.head, head))


def _no_head(hidden: str, tied: bool) -> tuple[Any, ...]:
    return ()


# --------------------------------------------------------------------------
# Reading the config


def _int_list(config: Config, key: str, minimum: int) -> list[int]:
    """A list (or tuple) of ints, each at least ``minimum``."""
    value = config.get(key)
    if not isinstance(value, list | tuple):
        raise TypeError(
            f"{key} must be a list of ints, got {type(value).__name__} {value!r} "
            f"({config.model_type})"
        )
    for item in value:
        if type(item) is not int or item < minimum:
            raise ValueError(
                f"{key} must hold integers >= {minimum}, got {value!r} ({config.model_type})"
            )
    return list(value)


def _pair(config: Config, key: str) -> tuple[int, int]:
    """An int or a pair of ints (``image_size``, ``patch_size``), as ``(height, width)``."""
    value = config.get(key)
    if type(value) is int and value > 0:
        return value, value
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(type(v) is int and v > 0 for v in value)
    ):
        return value[0], value[1]
    raise ValueError(
        f"{key} must be a positive int or a pair of them, got {value!r} ({config.model_type})"
    )


def _patch(config: Config, sizes: dict[str, int]) -> tuple[Ref, Ref]:
    """The patch embedding's kernel: the symbol ``patch_size``, or a fixed pair."""
    height, width = _pair(config, "patch_size")
    if type(config.get("patch_size")) is int:
        sizes["patch_size"] = height
        return "patch_size", "patch_size"
    return height, width


def _ratio_width(ratio: float, stage: int, embed_dim: int) -> Ref:
    """``int(mlp_ratio * embed_dim * 2**stage)``: a multiple of ``embed_dim`` when the
    ratio is whole, else the integer itself (no symbol of it)."""
    if float(ratio).is_integer():
        return (int(ratio) * 2**stage, "embed_dim")
    return int(ratio * embed_dim * 2**stage)


# --------------------------------------------------------------------------
# Swin


def _swin_block(stage: int, mlp: Ref, qkv_bias: bool) -> LayerKind:
    """One Swin block of stage ``stage``: windowed attention and an MLP, each after a norm."""
    width: Ref = (2**stage, "embed_dim") if stage else "embed_dim"
    blocks: list[tuple[str, Any]] = [
        ("", Linear(f"attention.{name}", width, width, bias=qkv_bias, part="attention"))
        for name in ("q_proj", "k_proj", "v_proj")
    ]
    blocks += [
        ("", Linear("attention.o_proj", width, width, bias=True, part="attention")),
        ("", RelativePositionBias("attention.relative_position_bias", f"num_heads_{stage}")),
        ("", Norm("layernorm_before", "layer", width)),
        ("", Norm("layernorm_after", "layer", width)),
        ("", Linear("mlp.fc1", width, mlp, bias=True, part="mlp")),
        ("", Linear("mlp.fc2", mlp, width, bias=True, part="mlp")),
    ]
    return LayerKind(tuple(blocks))


def _merging(stage: int) -> tuple[Any, ...]:
    """Patch merging after stage ``stage``: 2x2 neighbours concatenated (``4C``), a norm,
    and a bias-free map to ``2C``."""
    four: Ref = (4 * 2**stage, "embed_dim")
    return (
        Norm("downsample.norm", "layer", four),
        Linear("downsample.reduction", four, (2 * 2**stage, "embed_dim"), part="projection"),
    )


@cache
def swin_layout(
    mlp: tuple[Ref, ...],
    patch: tuple[Ref, Ref],
    qkv_bias: bool,
    absolute: bool,
    last: Ref,
    classifier: bool,
) -> Hierarchy:
    """Swin with ``len(mlp)`` stages (``mlp``: the MLP width of each), ``absolute``
    position embeddings or not, ``last`` the features of the last stage."""
    stages = len(mlp)
    embeddings: tuple[Any, ...] = (
        Conv("embeddings.patch_embeddings.projection", "num_channels", "embed_dim", patch),
    )
    if absolute:
        table = (1, "num_patches", "embed_dim")
        embeddings += (Parameter("embeddings.position_embeddings", table, "projection"),)
    encoder = tuple(
        Stack(
            f"encoder.layers.{i}",
            kinds=(_swin_block(i, mlp[i], qkv_bias),),
            counts=(f"depths_{i}",),
            layers="blocks",
            after=_merging(i) if i < stages - 1 else (),
        )
        for i in range(stages)
    )
    stem = Norm("embeddings.norm", "layer", "embed_dim")
    return _backbone("swin", embeddings, stem, encoder, last, classifier)


def _backbone(
    base: str,
    embeddings: tuple[Any, ...],
    stem: Norm,
    stages: tuple[Stack, ...],
    last: Ref,
    classifier: bool,
) -> Hierarchy:
    """A backbone: the embeddings and their norm, the stages (each a :class:`Stack`),
    the final norm over ``last`` features, and the classifier on them or not."""
    return Hierarchy(
        embeddings=embeddings,
        kinds=(),
        counts=(),
        base=base,
        before=(stem, *stages),
        after=(Norm("layernorm", "layer", last),),
        rotary=None,
        width=last,
        classifier=classifier,
    )


def _classifier_present(config: Config) -> bool:
    return config.num_labels() > 0


def _swin(config: Config) -> Built:
    depths = _int_list(config, "depths", 0)
    heads = _int_list(config, "num_heads", 0)
    if len(heads) < len(depths):
        raise ValueError(
            f"num_heads must name the heads of each of the {len(depths)} stages, got "
            f"num_heads={heads} ({config.model_type})"
        )
    sizes = {key: config.size(key) for key in ("embed_dim", "num_channels")}
    patch = _patch(config, sizes)
    sizes["window_size"] = config.size("window_size", minimum=0)
    e = sizes["embed_dim"]
    ratio = config.number("mlp_ratio")
    mlp: list[Ref] = []
    for i, (depth, h) in enumerate(zip(depths, heads, strict=False)):
        sizes[f"depths_{i}"] = depth
        sizes[f"num_heads_{i}"] = h
        if depth and h == 0:
            raise ValueError(
                f"num_heads[{i}] must be positive for a stage of {depth} blocks, got "
                f"num_heads={heads} ({config.model_type})"
            )
        if depth and e * 2**i < h:
            raise ValueError(
                f"num_heads[{i}]={h} is more than the {e * 2**i} features of stage {i} "
                f"(embed_dim={e}): a head of no features ({config.model_type})"
            )
        width = int(ratio * e * 2**i)
        if width < 0:
            raise ValueError(f"mlp_ratio must be >= 0, got {ratio} ({config.model_type})")
        mlp.append(_ratio_width(ratio, i, e) if width else 0)
    absolute = config.flag("use_absolute_embeddings")
    if absolute:
        (h0, w0), (p0, p1) = _pair(config, "image_size"), _pair(config, "patch_size")
        sizes["num_patches"] = (w0 // p1) * (h0 // p0)
    last: Ref = (2 ** (len(depths) - 1), "embed_dim") if depths else int(e * 0.5)
    if last == (1, "embed_dim"):
        last = "embed_dim"
    layout = swin_layout(
        tuple(mlp), patch, config.flag("qkv_bias"), absolute, last, _classifier_present(config)
    )
    return layout, sizes, {}


#: The classes of both rows: the base model, and the classifier on the last stage.
_CLASSES: dict[str, Any] = {
    "classes": VISION_CLASSES,
    "heads": dict.fromkeys(VISION_CLASSES, _no_head),
    "default": "Model",
    "labelled": ("ForImageClassification",),
    "adapt": {"ForImageClassification": _classify},
}

register(
    Row(
        "swin",
        "Swin",
        {
            "image_size": 224,
            "patch_size": 4,
            "num_channels": 3,
            "embed_dim": 96,
            "depths": (2, 2, 6, 2),
            "num_heads": (3, 6, 12, 24),
            "window_size": 7,
            "mlp_ratio": 4.0,
            "qkv_bias": True,
            "use_absolute_embeddings": False,
        },
        _swin,
        "hierarchical",
        **_CLASSES,
    ),
)


# --------------------------------------------------------------------------
# ConvNeXt


def _convnext_block(stage: int, layer_scale: bool) -> LayerKind:
    """One ConvNeXt block: depthwise 7x7 convolution, norm, 4x MLP, layer scale."""
    width = f"hidden_sizes_{stage}"
    blocks: list[tuple[str, Any]] = []
    if layer_scale:
        blocks.append(("", Parameter("layer_scale_parameter", (width,), "mlp")))
    blocks += [
        ("", Conv("dwconv", width, width, (7, 7), depthwise=True)),
        ("", Norm("layernorm", "layer", width)),
        ("", Linear("pwconv1", width, (4, width), bias=True, part="mlp")),
        ("", Linear("pwconv2", (4, width), width, bias=True, part="mlp")),
    ]
    return LayerKind(tuple(blocks))


@cache
def convnext_layout(
    stages: int, patch: tuple[Ref, Ref], layer_scale: bool, last: str, classifier: bool
) -> Hierarchy:
    """ConvNeXt with ``stages`` stages; ``last`` the key of the final norm's width."""
    encoder = []
    for i in range(stages):
        before: tuple[Any, ...] = ()
        if i > 0:
            n, m = f"hidden_sizes_{i - 1}", f"hidden_sizes_{i}"
            before = (
                Norm("downsampling_layer.0", "layer", n),
                Conv("downsampling_layer.1", n, m, (2, 2)),
            )
        encoder.append(
            Stack(
                f"encoder.stages.{i}",
                kinds=(_convnext_block(i, layer_scale),),
                counts=(f"depths_{i}",),
                before=before,
            )
        )
    embeddings = (Conv("embeddings.patch_embeddings", "num_channels", "hidden_sizes_0", patch),)
    stem = Norm("embeddings.layernorm", "layer", "hidden_sizes_0")
    return _backbone("convnext", embeddings, stem, tuple(encoder), last, classifier)


def _convnext(config: Config) -> Built:
    stages = config.size("num_stages", minimum=0)
    depths = _int_list(config, "depths", 0)
    widths = _int_list(config, "hidden_sizes", 1)
    for key, values in (("depths", depths), ("hidden_sizes", widths)):
        if len(values) < stages:
            raise ValueError(
                f"{key} must have num_stages={stages} entries, got {key}={values} "
                f"({config.model_type})"
            )
    if not widths:
        raise ValueError(f"hidden_sizes must not be empty ({config.model_type})")
    sizes = {"num_channels": config.size("num_channels")}
    patch = _patch(config, sizes)
    used = sorted({0, len(widths) - 1, *range(stages)})
    for i in used:
        sizes[f"hidden_sizes_{i}"] = widths[i]
    for i in range(stages):
        sizes[f"depths_{i}"] = depths[i]
    scale = config.number("layer_scale_init_value") > 0
    last = f"hidden_sizes_{len(widths) - 1}"
    layout = convnext_layout(stages, patch, scale, last, _classifier_present(config))
    return layout, sizes, {}


register(
    Row(
        "convnext",
        "ConvNext",
        {
            "num_channels": 3,
            "patch_size": 4,
            "num_stages": 4,
            "hidden_sizes": (96, 192, 384, 768),
            "depths": (3, 3, 9, 3),
            "layer_scale_init_value": 1e-6,
            "image_size": 224,
        },
        _convnext,
        "hierarchical",
        **_CLASSES,
    ),
)
