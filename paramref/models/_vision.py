"""Vision transformers and dual towers, as ``transformers.AutoModel`` builds them.

A vision transformer cuts the image into patches and embeds each with one
convolution whose kernel and stride are the patch (``nn.Conv2d(num_channels,
hidden_size, patch_size, stride=patch_size)``: its tensors are the convolution
page's), prepends a learned class token, adds a learned position to each of the
``num_patches + 1`` tokens and runs pre-norm encoder layers. ViT adds a pooler
in its base class; DINOv2 scales each branch of a layer by a learned vector
(layer scale), keeps a mask token, and with registers appends a few learned
register tokens.

CLIP and SigLIP hold two towers side by side: a text transformer and a vision
transformer, each a :class:`~paramref.models._decoder.Stack`, then CLIP's two
projections into a shared space and its logit scale (SigLIP: a logit scale and
a bias, a linear head on the text tower and an attention-pooling head on the
vision tower). Their sizes come from the nested ``text_config`` and
``vision_config``; the formula names them by path (``text_config.hidden_size``).

The number of patches is a floor division of the image size by the patch size:
no polynomial holds it, so the build function computes it from the concrete
config and the formula carries it as its own symbol, ``num_patches``, as
``transformers`` names the attribute. The patch size, a config key, stays one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from .._conv import conv_tensors
from .._tensors import Dim, Tensor, prefixed
from ._blocks import Attention, Embedding, Linear, Mlp, Norm, Ref, dim
from ._decoder import LayerKind, Layout, Stack
from ._rows import Built, Config, Row, register
from ._spec import Tagged, tag

__all__ = ["AttentionPool", "Learned", "PatchConv", "VisionLayout"]

Heads = dict[str, Callable[[str, bool], tuple[Any, ...]]]


# --------------------------------------------------------------------------
# Blocks


@dataclass(frozen=True)
class Learned:
    """A learned tensor of its own (``nn.Parameter``) under ``name``: a class token, a
    mask token, register tokens, a table of positions, a logit scale.

    ``shape`` holds size references; ``plus`` adds a fixed number to the axis
    ``axis`` (the class token's own position: ``num_patches + 1`` rows).
    """

    name: str
    shape: tuple[Ref, ...]
    part: str = "tokens"
    plus: int = 0
    axis: int = 0

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        shape = [dim(sizes, ref) for ref in self.shape]
        if self.plus:
            shape[self.axis] = shape[self.axis] + self.plus
        yield Tagged(self.name, tuple(shape), part=self.part)


@dataclass(frozen=True)
class PatchConv:
    """The patch embedding: ``nn.Conv2d(channels, width, kernel, stride=kernel)``.

    Its tensors are ``torch.nn.Conv2d``'s (``paramref.nn.Conv2d``): a weight of
    ``(width, channels, *kernel)`` and, with ``bias``, a ``(width,)`` bias.
    """

    name: str
    width: Ref
    channels: Ref
    kernel: tuple[Ref, Ref]
    bias: bool = True
    part: str = "patches"

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        kernel = tuple(dim(sizes, ref) for ref in self.kernel)
        conv = conv_tensors(dim(sizes, self.channels), dim(sizes, self.width), kernel, 1, self.bias)
        return tag(self.part, prefixed(self.name, conv))


@dataclass(frozen=True)
class Classifier:
    """A linear classifier ``n -> labels`` under ``name``; no module at all when
    ``labels`` is 0 (``nn.Identity``, as the image classifiers build it)."""

    name: str
    n: Ref
    labels: Ref = "num_labels"

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        labels = dim(sizes, self.labels)
        if isinstance(labels, int) and labels == 0:
            return iter(())  # concrete sizes only: the polynomial is 0 there anyway
        return Linear(self.name, self.n, self.labels, bias=True, part="head").tensors(sizes)


@dataclass(frozen=True)
class AttentionPool:
    """SigLIP's multihead attention-pooling head: a learned ``probe`` query attends to
    the tokens (``nn.MultiheadAttention``: one fused ``in_proj`` of ``3·width``
    rows and ``out_proj``), then a ``LayerNorm`` and an MLP ``width -> mlp -> width``."""

    width: Ref
    mlp: Ref
    part: str = "pooler"

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        d = dim(sizes, self.width)
        yield Tagged("probe", (1, 1, d), part=self.part)
        yield Tagged("attention.in_proj_weight", (3 * d, d), part=self.part)
        yield Tagged("attention.in_proj_bias", (3 * d,), part=self.part)
        yield from Linear("attention.out_proj", self.width, self.width, True, self.part).tensors(
            sizes
        )
        yield from Norm("layernorm", "layer", self.width, part=self.part).tensors(sizes)
        mlp = Mlp(self.width, self.mlp, ("fc1", "fc2"), bias=True, part=self.part)
        yield from prefixed("mlp", mlp.tensors(sizes))


@dataclass(frozen=True)
class VisionLayout(Layout):
    """A :class:`Layout` that also says how wide ViT's pooler is (``hidden_size``, or
    ``pooler_output_size`` when the config sets it), for the base class's head."""

    pooler: Ref = "hidden_size"


# --------------------------------------------------------------------------
# Reading the config


def _pair(config: Config, key: str, minimum: int) -> tuple[int, int]:
    """An image or patch size: an ``int``, or a pair ``[height, width]``."""
    value = config.get(key)
    if isinstance(value, list | tuple):
        if len(value) == 2 and all(type(v) is int and v >= minimum for v in value):
            return value[0], value[1]
        raise ValueError(
            f"{key} must be an int or a pair of ints >= {minimum}, got {value!r} "
            f"({config.model_type})"
        )
    size = config.size(key, minimum)
    return size, size


def _patches(config: Config, sizes: dict[str, int], prefix: str = "") -> tuple[Ref, Ref]:
    """The patch kernel's size references; sets ``num_patches`` (and the patch size keys).

    A square patch is the symbol ``patch_size``; a pair of unequal sides is
    ``patch_size[0]`` and ``patch_size[1]``. ``num_patches`` is
    ``(image_height // patch_height) * (image_width // patch_width)``, computed here.
    """
    pairs = not prefix  # ViT and DINOv2 take pairs; CLIP and SigLIP divide plain ints
    key = f"{prefix}patch_size"
    if pairs:
        height, width = _pair(config, f"{prefix}image_size", 0)
        ph, pw = _pair(config, key, 1)
    else:
        height = width = config.size(f"{prefix}image_size", 0)
        ph = pw = config.size(key)
    sizes[f"{prefix}num_patches"] = (height // ph) * (width // pw)
    if ph == pw:
        sizes[key] = ph
        return key, key
    sizes[f"{key}[0]"], sizes[f"{key}[1]"] = ph, pw
    return f"{key}[0]", f"{key}[1]"


def _heads(config: Config, sizes: dict[str, int], prefix: str = "") -> tuple[Ref, Ref]:
    """The attention's (heads, head_dim) references.

    ``hidden_size`` when the heads divide it (queries of ``hidden_size``
    features: one "head" of all of them, for a formula in ``hidden_size``);
    else ``num_attention_heads`` heads of ``head_dim = hidden_size //
    num_attention_heads`` (ViT and DINOv2 build them; ``head_dim`` set in the
    config overrides it).
    """
    hidden, heads = f"{prefix}hidden_size", f"{prefix}num_attention_heads"
    d, h = sizes[hidden], config.size(heads)
    if f"{prefix}head_dim" in config:
        sizes[heads], sizes[f"{prefix}head_dim"] = h, config.size(f"{prefix}head_dim")
        return heads, f"{prefix}head_dim"
    if d % h == 0:
        return 1, hidden
    if d < h:
        raise ValueError(
            f"{hidden} // {heads} is 0 ({hidden}={d}, {heads}={h}): the attention scales "
            f"by a head of no features ({config.model_type})"
        )
    sizes[heads], sizes[f"{prefix}head_dim"] = h, d // h
    return heads, f"{prefix}head_dim"


def _sized(config: Config, *keys: str, minimum: int = 1) -> dict[str, int]:
    return {key: config.size(key, minimum) for key in keys}


# --------------------------------------------------------------------------
# ViT


def _attention(hidden: Ref, heads: Ref, head_dim: Ref, qkv_bias: bool, names: Any) -> Attention:
    return Attention(
        hidden=hidden,
        heads=heads,
        kv_heads=None,
        head_dim=head_dim,
        projections=names,
        bias=(qkv_bias, qkv_bias, qkv_bias, True),
    )


_VIT_NAMES = ("q_proj", "k_proj", "v_proj", "o_proj")


def _embeddings(kernel: tuple[Ref, Ref], mask: str, registers: bool) -> tuple[Any, ...]:
    """ViT's and DINOv2's embeddings: class token, mask token (``"vit"``: ``(1, 1, d)``;
    ``"dinov2"``: ``(1, d)``; none), positions, registers, the patch convolution."""
    blocks: list[Any] = [Learned("embeddings.cls_token", (1, 1, "hidden_size"))]
    if mask == "vit":
        blocks.append(Learned("embeddings.mask_token", (1, 1, "hidden_size")))
    elif mask == "dinov2":
        blocks.append(Learned("embeddings.mask_token", (1, "hidden_size")))
    blocks.append(
        Learned(
            "embeddings.position_embeddings",
            (1, "num_patches", "hidden_size"),
            part="positions",
            plus=1,
            axis=1,
        )
    )
    if registers:
        blocks.append(
            Learned("embeddings.register_tokens", (1, "num_register_tokens", "hidden_size"))
        )
    blocks.append(
        PatchConv("embeddings.patch_embeddings.projection", "hidden_size", "num_channels", kernel)
    )
    return tuple(blocks)


@cache
def vit_layout(
    kernel: tuple[Ref, Ref], heads: Ref, head_dim: Ref, qkv_bias: bool, pooler: Ref
) -> Layout:
    """ViT: pre-norm layers (``layernorm_before``, attention, ``layernorm_after``, MLP)."""
    layer = LayerKind(
        (
            ("", Norm("layernorm_before", "layer")),
            ("attention", _attention("hidden_size", heads, head_dim, qkv_bias, _VIT_NAMES)),
            ("", Norm("layernorm_after", "layer")),
            ("mlp", Mlp(names=("fc1", "fc2"), bias=True)),
        )
    )
    return VisionLayout(
        embeddings=_embeddings(kernel, "", False),
        kinds=(layer,),
        base="vit",
        after=(Norm("layernorm", "layer"),),
        rotary=None,
        pooler=pooler,
    )


def _vit(config: Config) -> Built:
    sizes = _sized(config, "hidden_size")
    sizes.update(
        _sized(config, "num_hidden_layers", "intermediate_size", "num_channels", minimum=0)
    )
    # Read by the masked-image model's decoder only (0 parameters elsewhere).
    sizes["encoder_stride"] = config.size("encoder_stride", minimum=0)
    kernel = _patches(config, sizes)
    heads, head_dim = _heads(config, sizes)
    pooler: Ref = "hidden_size"
    if config.get("pooler_output_size"):  # transformers: ``or hidden_size``
        sizes["pooler_output_size"] = config.size("pooler_output_size", minimum=0)
        pooler = "pooler_output_size"
    layout = vit_layout(kernel, heads, head_dim, config.flag("qkv_bias"), pooler)
    return layout, sizes, {}


def _vit_pooler(layout: Layout, tied: bool) -> Layout:
    width = layout.pooler if isinstance(layout, VisionLayout) else "hidden_size"
    return replace(layout, head=(Linear("pooler.dense", "hidden_size", width, True, "pooler"),))


def _vit_masked(layout: Layout, tied: bool) -> Layout:
    """The masked-image model: a mask token, and a 1x1 convolution to
    ``encoder_stride² · num_channels`` channels (then a pixel shuffle, no parameter)."""
    cls, *others = layout.embeddings
    mask = Learned("embeddings.mask_token", (1, 1, "hidden_size"))
    return replace(layout, embeddings=(cls, mask, *others))


@dataclass(frozen=True)
class _Decoder:
    """ViT's masked-image decoder: ``nn.Conv2d(hidden_size, encoder_stride² · num_channels, 1)``."""

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        stride = dim(sizes, "encoder_stride")
        out = stride * stride * dim(sizes, "num_channels")
        conv = conv_tensors(dim(sizes, "hidden_size"), out, (1, 1), 1, True)
        return tag("head", prefixed("decoder.0", conv))


register(
    Row(
        "vit",
        "ViT",
        {
            "hidden_size": 768,
            "num_hidden_layers": 12,
            "num_attention_heads": 12,
            "intermediate_size": 3072,
            "image_size": 224,
            "patch_size": 16,
            "num_channels": 3,
            "qkv_bias": True,
            "encoder_stride": 16,
            "pooler_output_size": None,
        },
        _vit,
        "vision",
        classes=("Model", "ForImageClassification", "ForMaskedImageModeling"),
        heads={
            "Model": lambda hidden, tied: (),
            "ForImageClassification": lambda hidden, tied: (Classifier("classifier", hidden),),
            "ForMaskedImageModeling": lambda hidden, tied: (_Decoder(),),
        },
        default="Model",
        labelled=("ForImageClassification",),
        adapt={"Model": _vit_pooler, "ForMaskedImageModeling": _vit_masked},
        bases={"Model": ""},
    ),
)


# --------------------------------------------------------------------------
# DINOv2, with and without registers


@cache
def dinov2_layout(
    kernel: tuple[Ref, Ref],
    heads: Ref,
    head_dim: Ref,
    qkv_bias: bool,
    swiglu: bool,
    mask: bool,
    registers: bool,
    base: str,
) -> Layout:
    """DINOv2: pre-norm layers (``norm1``, attention, ``layer_scale1``, ``norm2``, MLP,
    ``layer_scale2``); the MLP is ``mlp_ratio · hidden_size`` wide, or SwiGLU
    (``gate_proj``, ``up_proj``, ``down_proj``) of ``hidden_features``."""
    if swiglu:
        mlp = Mlp(width="hidden_features", bias=True)
    else:
        mlp = Mlp(width=("mlp_ratio", "hidden_size"), names=("fc1", "fc2"), bias=True)
    layer = LayerKind(
        (
            ("", Norm("norm1", "layer")),
            ("attention", _attention("hidden_size", heads, head_dim, qkv_bias, _VIT_NAMES)),
            ("", Learned("layer_scale1.lambda1", ("hidden_size",), part="attention")),
            ("", Norm("norm2", "layer")),
            ("mlp", mlp),
            ("", Learned("layer_scale2.lambda1", ("hidden_size",), part="mlp")),
        )
    )
    return Layout(
        embeddings=_embeddings(kernel, "dinov2" if mask else "", registers),
        kinds=(layer,),
        base=base,
        layers="encoder.layer",
        after=(Norm("layernorm", "layer"),),
        rotary=None,
    )


def _dinov2_sizes(config: Config) -> tuple[dict[str, int], tuple[Ref, Ref], Ref, Ref, bool]:
    sizes = _sized(config, "hidden_size")
    sizes.update(_sized(config, "num_hidden_layers", "num_channels", minimum=0))
    kernel = _patches(config, sizes)
    heads, head_dim = _heads(config, sizes)
    ratio = config.size("mlp_ratio", minimum=0)
    swiglu = config.flag("use_swiglu_ffn")
    if swiglu:
        features = sizes["hidden_size"] * ratio
        # transformers: (int(features * 2 / 3) + 7) // 8 * 8, exactly
        sizes["hidden_features"] = (2 * features // 3 + 7) // 8 * 8
    else:
        sizes["mlp_ratio"] = ratio
    return sizes, kernel, heads, head_dim, swiglu


def _dinov2(config: Config) -> Built:
    sizes, kernel, heads, head_dim, swiglu = _dinov2_sizes(config)
    mask = config.flag("use_mask_token")
    qkv = config.flag("qkv_bias")
    return dinov2_layout(kernel, heads, head_dim, qkv, swiglu, mask, False, "dinov2"), sizes, {}


def _dinov2_registers(config: Config) -> Built:
    sizes, kernel, heads, head_dim, swiglu = _dinov2_sizes(config)
    sizes["num_register_tokens"] = config.size("num_register_tokens", minimum=0)
    qkv = config.flag("qkv_bias")
    base = "dinov2_with_registers"
    return dinov2_layout(kernel, heads, head_dim, qkv, swiglu, True, True, base), sizes, {}


_DINOV2_DEFAULTS: dict[str, object] = {
    "hidden_size": 768,
    "num_hidden_layers": 12,
    "num_attention_heads": 12,
    "mlp_ratio": 4,
    "image_size": 224,
    "patch_size": 14,
    "num_channels": 3,
    "qkv_bias": True,
    "use_swiglu_ffn": False,
    "use_mask_token": True,
}

_DINOV2_HEADS: Heads = {
    "Model": lambda hidden, tied: (),
    # The class token and the mean of the patch tokens, side by side.
    "ForImageClassification": lambda hidden, tied: (Classifier("classifier", (2, "hidden_size")),),
}

#: The classes of both DINOv2 rows, and where their base model sits.
_DINOV2_CLASSES: dict[str, Any] = {
    "classes": ("Model", "ForImageClassification"),
    "heads": _DINOV2_HEADS,
    "default": "Model",
    "labelled": ("ForImageClassification",),
    "bases": {"Model": ""},
}

register(
    Row(
        "dinov2",
        "Dinov2",
        _DINOV2_DEFAULTS,
        _dinov2,
        "vision",
        **_DINOV2_CLASSES,
    ),
    Row(
        "dinov2_with_registers",
        "Dinov2WithRegisters",
        {
            **{k: v for k, v in _DINOV2_DEFAULTS.items() if k != "use_mask_token"},
            "patch_size": 16,
            "num_register_tokens": 4,
        },
        _dinov2_registers,
        "vision",
        **_DINOV2_CLASSES,
    ),
)


# --------------------------------------------------------------------------
# CLIP and SigLIP: two towers


def _nested(config: Config, key: str, defaults: Mapping[str, object], override: bool) -> Config:
    """The sub-config ``key`` (``text_config``) with its class's defaults, its keys named
    by path (``text_config.hidden_size``). ``override``: CLIP's ``{key}_dict``, when
    set, replaces it (``CLIPConfig`` rebuilds the sub-config from it)."""
    value = config.get(key)
    if override and config.get(f"{key}_dict") is not None:
        key_used = f"{key}_dict"
        value = config.get(key_used)
    else:
        key_used = key
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise TypeError(
            f"{key_used} must be a mapping or None, got {type(value).__name__} {value!r} "
            f"({config.model_type})"
        )
    values = {f"{key}.{k}": v for k, v in value.items()}
    return Config(config.model_type, values, {f"{key}.{k}": v for k, v in defaults.items()})


def _tower_layer(prefix: str, norms_first: bool) -> LayerKind:
    """A CLIP / SigLIP encoder layer: ``layer_norm1``, ``self_attn`` (``q_proj``,
    ``k_proj``, ``v_proj``, ``out_proj``, all with biases), ``layer_norm2``, ``mlp``
    (``fc1``, ``fc2``)."""
    hidden = f"{prefix}hidden_size"
    names = ("q_proj", "k_proj", "v_proj", "out_proj")
    attention = _attention(hidden, 1, hidden, True, names)
    return LayerKind(
        (
            ("", Norm("layer_norm1", "layer", hidden)),
            ("self_attn", attention),
            ("", Norm("layer_norm2", "layer", hidden)),
            ("mlp", Mlp(hidden, f"{prefix}intermediate_size", ("fc1", "fc2"), bias=True)),
        )
    )


def _text_tower(head: Ref | None) -> Stack:
    """The text tower ``text_model``: token and position tables, the layers, a final
    norm, and (SigLIP) a linear ``head`` to ``head`` features."""
    p = "text_config."
    after: tuple[Any, ...] = (Norm("final_layer_norm", "layer", f"{p}hidden_size"),)
    if head is not None:
        after += (Linear("head", f"{p}hidden_size", head, True, "projection"),)
    return Stack(
        "text_model",
        kinds=(_tower_layer(p, True),),
        counts=(f"{p}num_hidden_layers",),
        layers="encoder.layers",
        before=(
            Embedding("embeddings.token_embedding", f"{p}vocab_size", f"{p}hidden_size"),
            Embedding(
                "embeddings.position_embedding", f"{p}max_position_embeddings", f"{p}hidden_size"
            ),
        ),
        after=after,
    )


def _vision_tower(kernel: tuple[Ref, Ref], clip: bool, head: bool) -> Stack:
    """The vision tower ``vision_model``. CLIP: a class embedding, a bias-free patch
    convolution, ``num_patches + 1`` positions and a norm before the layers (its
    ``pre_layrnorm``, so spelled). SigLIP: no class token, a patch convolution with
    a bias, ``num_patches`` positions, and the attention-pooling ``head``."""
    p = "vision_config."
    d = f"{p}hidden_size"
    before: tuple[Any, ...] = ()
    if clip:
        before += (Learned("embeddings.class_embedding", (d,)),)
    before += (
        PatchConv("embeddings.patch_embedding", d, f"{p}num_channels", kernel, bias=not clip),
        Embedding("embeddings.position_embedding", f"{p}num_patches", d, offset=int(clip)),
    )
    if clip:
        before += (Norm("pre_layrnorm", "layer", d),)
    after: tuple[Any, ...] = (Norm("post_layernorm", "layer", d),)
    if head:
        after += (
            Stack("head", kinds=(), counts=(), after=(AttentionPool(d, f"{p}intermediate_size"),)),
        )
    return Stack(
        "vision_model",
        kinds=(_tower_layer(p, True),),
        counts=(f"{p}num_hidden_layers",),
        layers="encoder.layers",
        before=before,
        after=after,
    )


@cache
def clip_layout(kernel: tuple[Ref, Ref]) -> Layout:
    """CLIP: the two towers, ``visual_projection`` and ``text_projection`` (no bias)
    into ``projection_dim`` features, and the scalar ``logit_scale``."""
    return Layout(
        embeddings=(_text_tower(None), _vision_tower(kernel, True, False)),
        kinds=(),
        counts=(),
        base="",
        after=(
            Linear(
                "visual_projection",
                "vision_config.hidden_size",
                "projection_dim",
                False,
                "projection",
            ),
            Linear(
                "text_projection", "text_config.hidden_size", "projection_dim", False, "projection"
            ),
            Learned("logit_scale", (), part="head"),
        ),
        rotary=None,
        extra_buffers=(
            ("text_model.embeddings.position_ids", (1, "text_config.max_position_embeddings")),
            ("vision_model.embeddings.position_ids", (1, "vision_config.num_positions")),
        ),
    )


def _towers(
    config: Config, text: Mapping[str, object], vision: Mapping[str, object], clip: bool
) -> tuple[Config, Config, dict[str, int], tuple[Ref, Ref]]:
    text_config = _nested(config, "text_config", text, clip)
    vision_config = _nested(config, "vision_config", vision, clip)
    sizes: dict[str, int] = {}
    for sub, prefix in ((text_config, "text_config."), (vision_config, "vision_config.")):
        keys = ["num_hidden_layers", "intermediate_size"]
        keys += ["vocab_size", "max_position_embeddings"] if "text" in prefix else ["num_channels"]
        sizes[prefix + "hidden_size"] = sub.size(prefix + "hidden_size")
        sizes.update(_sized(sub, *(prefix + key for key in keys), minimum=0))
        sub.divisible(prefix + "hidden_size", prefix + "num_attention_heads")
    kernel = _patches(vision_config, sizes, "vision_config.")
    return text_config, vision_config, sizes, kernel


_CLIP_TEXT: dict[str, object] = {
    "vocab_size": 49408,
    "hidden_size": 512,
    "intermediate_size": 2048,
    "num_hidden_layers": 12,
    "num_attention_heads": 8,
    "max_position_embeddings": 77,
}
_CLIP_VISION: dict[str, object] = {
    "hidden_size": 768,
    "intermediate_size": 3072,
    "num_hidden_layers": 12,
    "num_attention_heads": 12,
    "num_channels": 3,
    "image_size": 224,
    "patch_size": 32,
}


def _clip(config: Config) -> Built:
    _, _, sizes, kernel = _towers(config, _CLIP_TEXT, _CLIP_VISION, True)
    sizes["projection_dim"] = config.size("projection_dim", minimum=0)
    extra = {"vision_config.num_positions": sizes["vision_config.num_patches"] + 1}
    return clip_layout(kernel), sizes, extra


register(
    Row(
        "clip",
        "CLIP",
        {
            "text_config": None,
            "vision_config": None,
            "text_config_dict": None,
            "vision_config_dict": None,
            "projection_dim": 512,
        },
        _clip,
        "towers",
        classes=("Model",),
        default="Model",
        labelled=(),
    ),
)


@cache
def siglip_layout(kernel: tuple[Ref, Ref], text_head: Ref, vision_head: bool) -> Layout:
    """SigLIP: the two towers (a linear ``head`` on the text tower, the attention-pooling
    ``head`` on the vision tower), ``logit_scale`` and ``logit_bias``, one number each."""
    return Layout(
        embeddings=(_text_tower(text_head), _vision_tower(kernel, False, vision_head)),
        kinds=(),
        counts=(),
        base="",
        after=(Learned("logit_scale", (1,), part="head"), Learned("logit_bias", (1,), part="head")),
        rotary=None,
        extra_buffers=(
            ("text_model.embeddings.position_ids", (1, "text_config.max_position_embeddings")),
            ("vision_model.embeddings.position_ids", (1, "vision_config.num_patches")),
        ),
    )


_SIGLIP_TEXT: dict[str, object] = {
    "vocab_size": 32000,
    "hidden_size": 768,
    "intermediate_size": 3072,
    "num_hidden_layers": 12,
    "num_attention_heads": 12,
    "max_position_embeddings": 64,
    "projection_size": None,
}
_SIGLIP_VISION: dict[str, object] = {
    "hidden_size": 768,
    "intermediate_size": 3072,
    "num_hidden_layers": 12,
    "num_attention_heads": 12,
    "num_channels": 3,
    "image_size": 224,
    "patch_size": 16,
    "vision_use_head": True,
}


def _siglip(config: Config) -> Built:
    text, vision, sizes, kernel = _towers(config, _SIGLIP_TEXT, _SIGLIP_VISION, False)
    head: Ref = "text_config.hidden_size"
    if text.get("text_config.projection_size") is not None:
        sizes["text_config.projection_size"] = text.size("text_config.projection_size", 0)
        head = "text_config.projection_size"
    use_head = vision.flag("vision_config.vision_use_head")
    return siglip_layout(kernel, head, use_head), sizes, {}


register(
    Row(
        "siglip",
        "Siglip",
        {"text_config": None, "vision_config": None},
        _siglip,
        "towers",
        classes=("Model",),
        default="Model",
        labelled=(),
    ),
)
