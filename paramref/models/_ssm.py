"""State-space models: Mamba, Mamba-2, and Jamba's mix of attention, Mamba and experts.

A Mamba layer replaces attention with a selective state-space block (the
*mixer*): an input projection to twice the inner width ``intermediate_size``
(``expand · hidden_size``), a depthwise convolution over time, the projections
that make the step size and the input and output matrices depend on the token
(``x_proj``, ``dt_proj``), the state matrix ``A_log`` and the skip ``D``, and
the output projection. Mamba-2 splits the inner width into heads with one
scalar state decay each, and projects everything in one ``in_proj``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from .._linear import linear_tensors
from .._tensors import Dim, Tensor, prefixed
from ._blocks import Attention, Embedding, Experts, Mlp, Norm
from ._decoder import LayerKind, Layout
from ._rows import Built, Config, Row, register
from ._spec import Tagged, tag

__all__ = ["Mamba", "Mamba2"]


def _conv(channels: Dim, kernel: Dim, bias: bool) -> Iterator[Tensor]:
    """A depthwise ``nn.Conv1d(channels, channels, kernel, groups=channels)``."""
    yield Tensor("conv1d.weight", (channels, 1, kernel))
    if bias:
        yield Tensor("conv1d.bias", (channels,))


@dataclass(frozen=True)
class Mamba:
    """The Mamba mixer (``MambaMixer``; Jamba's ``JambaMambaMixer`` with ``norms``).

    Sizes: ``hidden`` (d), ``inner`` (the inner width I = expand · d), ``state``
    (N), ``kernel`` (K), ``rank`` (R, the step-size rank). ``bias`` is the
    projections' bias (``use_bias``), ``conv_bias`` the convolution's; Jamba adds
    RMSNorms over the step size and the input and output matrices (``norms``).
    """

    hidden: str = "hidden_size"
    inner: str = "intermediate_size"
    state: str = "state_size"
    kernel: str = "conv_kernel"
    rank: str = "time_step_rank"
    bias: bool = False
    conv_bias: bool = True
    norms: bool = False

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        d, inner, n = sizes[self.hidden], sizes[self.inner], sizes[self.state]
        rank = sizes[self.rank]
        yield Tagged("A_log", (inner, n), part="mixer")
        yield Tagged("D", (inner,), part="mixer")
        yield from tag("mixer", _conv(inner, sizes[self.kernel], self.conv_bias))
        linears = (
            ("in_proj", d, 2 * inner, self.bias),
            ("x_proj", inner, rank + 2 * n, False),
            ("dt_proj", rank, inner, True),
            ("out_proj", inner, d, self.bias),
        )
        for name, into, out, bias in linears:
            yield from tag("mixer", prefixed(name, linear_tensors(into, out, bias)))
        if self.norms:
            for name, width in (("dt_layernorm", rank), ("b_layernorm", n), ("c_layernorm", n)):
                yield Tagged(f"{name}.weight", (width,), part="mixer")


@dataclass(frozen=True)
class Mamba2:
    """The Mamba-2 mixer (``Mamba2Mixer``).

    ``num_heads`` heads share ``n_groups`` groups of input and output matrices
    of ``state_size`` each. One ``in_proj`` gives the gate (I), the convolved
    part (I + 2GN) and one step size per head (H); the convolution runs over
    I + 2GN channels; each head has a step-size bias, a decay ``A_log`` and a
    skip ``D``; a gated RMSNorm over I precedes ``out_proj``.
    """

    bias: bool = False
    conv_bias: bool = True

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        d, inner, n = sizes["hidden_size"], sizes["intermediate_size"], sizes["state_size"]
        heads, groups = sizes["num_heads"], sizes["n_groups"]
        conv = inner + 2 * groups * n
        for name in ("dt_bias", "A_log", "D"):
            yield Tagged(name, (heads,), part="mixer")
        yield from tag("mixer", _conv(conv, sizes["conv_kernel"], self.conv_bias))
        into = inner + conv + heads
        yield from tag("mixer", prefixed("in_proj", linear_tensors(d, into, self.bias)))
        yield Tagged("norm.weight", (inner,), part="mixer")
        yield from tag("mixer", prefixed("out_proj", linear_tensors(inner, d, self.bias)))


def _inner(config: Config, expand: str) -> int:
    """``int(expand · hidden_size)``, as the config classes compute the inner width."""
    width = int(config.number(expand) * config.size("hidden_size"))
    if width < 1:
        raise ValueError(
            f"{expand} * hidden_size must be at least 1, got {config.get(expand)!r} * "
            f"{config.get('hidden_size')} ({config.model_type})"
        )
    return width


def _rank(config: Config, key: str) -> int:
    """The step-size rank: ``ceil(hidden_size / 16)`` for ``"auto"``, else the given size."""
    if config.get(key) == "auto":
        return math.ceil(config.size("hidden_size") / 16)
    return config.size(key)


@cache
def _mamba_layout(mixer: Mamba | Mamba2) -> Layout:
    layer = LayerKind((("norm", Norm("")), ("mixer", mixer)))
    return Layout(
        base="backbone",
        embeddings=(Embedding("embeddings", "vocab_size"),),
        kinds=(layer,),
        after=(Norm("norm_f"),),
        rotary=None,
    )


def _mamba(config: Config) -> Built:
    # MambaConfig computes int(expand * hidden_size), then a given intermediate_size wins.
    inner = _inner(config, "expand")
    if "intermediate_size" in config:
        inner = config.size("intermediate_size")
    sizes = {
        "vocab_size": config.size("vocab_size"),
        "hidden_size": config.size("hidden_size"),
        "num_hidden_layers": config.size("num_hidden_layers"),
        "intermediate_size": inner,
        "state_size": config.size("state_size"),
        "conv_kernel": config.size("conv_kernel"),
        "time_step_rank": _rank(config, "time_step_rank"),
    }
    mixer = Mamba(bias=config.flag("use_bias"), conv_bias=config.flag("use_conv_bias"))
    return _mamba_layout(mixer), sizes, {}


def _mamba2(config: Config) -> Built:
    inner = _inner(config, "expand")
    sizes = {
        "vocab_size": config.size("vocab_size"),
        "hidden_size": config.size("hidden_size"),
        "num_hidden_layers": config.size("num_hidden_layers"),
        "intermediate_size": inner,
        "state_size": config.size("state_size"),
        "conv_kernel": config.size("conv_kernel"),
        "num_heads": config.size("num_heads"),
        "n_groups": config.size("n_groups"),
    }
    heads, head_dim = sizes["num_heads"], config.size("head_dim")
    if inner != heads * head_dim:
        raise ValueError(
            f"hidden_size * expand must equal num_heads * head_dim, got {inner} and "
            f"{heads} * {head_dim} ({config.model_type})"
        )
    mixer = Mamba2(bias=config.flag("use_bias"), conv_bias=config.flag("use_conv_bias"))
    return _mamba_layout(mixer), sizes, {}


_JAMBA_EXPERTS = Experts(
    width="intermediate_size", experts="num_experts", router="router", top_k="num_experts_per_tok"
)


@cache
def _jamba_layout(pattern: tuple[int, ...], bias: bool, conv_bias: bool) -> Layout:
    """Jamba: kind ``2·attention + moe`` (0: Mamba + MLP, 1: Mamba + experts, 2, 3: attention)."""
    mixer = Mamba(
        inner="mamba_inner",
        state="mamba_d_state",
        kernel="mamba_d_conv",
        rank="mamba_dt_rank",
        bias=bias,
        conv_bias=conv_bias,
        norms=True,
    )
    attention = Attention()
    kinds = []
    for mixer_name, block in (("mamba", mixer), ("self_attn", attention)):
        for ffn in (Mlp(), _JAMBA_EXPERTS):
            kinds.append(
                LayerKind(
                    (
                        (mixer_name, block),
                        ("feed_forward", ffn),
                        ("input_layernorm", Norm("")),
                        ("pre_ff_layernorm", Norm("")),
                    )
                )
            )
    return Layout(
        embeddings=(Embedding("embed_tokens", "vocab_size"),),
        kinds=tuple(kinds),
        counts=None,
        pattern=pattern,
        after=(Norm("final_layernorm"),),
        experts=_JAMBA_EXPERTS,
        rotary=None,
    )


def _period(config: Config, period: str, offset: str) -> tuple[int, int]:
    every, at = config.size(period), config.size(offset, minimum=0)
    if at >= every:
        raise ValueError(
            f"{offset} must be smaller than {period}, got {offset}={at} and {period}={every} "
            f"({config.model_type})"
        )
    return every, at


def _jamba(config: Config) -> Built:
    sizes = {
        "vocab_size": config.size("vocab_size"),
        "hidden_size": config.size("hidden_size"),
        "intermediate_size": config.size("intermediate_size"),
        "num_hidden_layers": config.size("num_hidden_layers"),
        "num_attention_heads": config.size("num_attention_heads"),
    }
    d, heads = sizes["hidden_size"], sizes["num_attention_heads"]
    kv = config.get("num_key_value_heads")
    sizes["num_key_value_heads"] = heads if kv is None else config.size("num_key_value_heads")
    sizes["head_dim"] = d // heads
    if sizes["head_dim"] < 1:
        raise ValueError(
            f"hidden_size // num_attention_heads is 0 (hidden_size={d}, "
            f"num_attention_heads={heads}) ({config.model_type})"
        )
    sizes["num_experts"] = config.size("num_experts")
    sizes["mamba_inner"] = _inner(config, "mamba_expand")
    sizes["mamba_d_state"] = config.size("mamba_d_state")
    sizes["mamba_d_conv"] = config.size("mamba_d_conv")
    sizes["mamba_dt_rank"] = _rank(config, "mamba_dt_rank")
    attn_every, attn_at = _period(config, "attn_layer_period", "attn_layer_offset")
    moe_every, moe_at = _period(config, "expert_layer_period", "expert_layer_offset")
    experts = sizes["num_experts"]
    pattern = tuple(
        2 * (k % attn_every == attn_at) + (k % moe_every == moe_at and experts > 1)
        for k in range(sizes["num_hidden_layers"])
    )
    layout = _jamba_layout(pattern, config.flag("mamba_proj_bias"), config.flag("mamba_conv_bias"))
    return layout, sizes, {"num_experts_per_tok": config.size("num_experts_per_tok")}


_MAMBA_CLASSES = ("ForCausalLM", "Model")

register(
    Row(
        "mamba",
        "Mamba",
        {
            "vocab_size": 50280,
            "hidden_size": 768,
            "state_size": 16,
            "num_hidden_layers": 32,
            "expand": 2,
            "conv_kernel": 4,
            "use_bias": False,
            "use_conv_bias": True,
            "time_step_rank": "auto",
            "tie_word_embeddings": True,
        },
        _mamba,
        "ssm",
        classes=_MAMBA_CLASSES,
    ),
    Row(
        "mamba2",
        "Mamba2",
        {
            "num_heads": 128,
            "head_dim": 64,
            "vocab_size": 32768,
            "hidden_size": 4096,
            "state_size": 128,
            "num_hidden_layers": 64,
            "expand": 2,
            "conv_kernel": 4,
            "n_groups": 8,
            "use_bias": False,
            "use_conv_bias": True,
            "tie_word_embeddings": False,
        },
        _mamba2,
        "ssm",
        classes=_MAMBA_CLASSES,
    ),
    Row(
        "jamba",
        "Jamba",
        {
            "vocab_size": 65536,
            "tie_word_embeddings": False,
            "hidden_size": 4096,
            "intermediate_size": 14336,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": 8,
            "num_experts_per_tok": 2,
            "num_experts": 16,
            "expert_layer_period": 2,
            "expert_layer_offset": 1,
            "attn_layer_period": 8,
            "attn_layer_offset": 4,
            "mamba_d_state": 16,
            "mamba_d_conv": 4,
            "mamba_expand": 2,
            "mamba_dt_rank": "auto",
            "mamba_conv_bias": True,
            "mamba_proj_bias": False,
        },
        _jamba,
        "ssm",
        classes=("ForCausalLM", "Model", "ForSequenceClassification"),
    ),
)
