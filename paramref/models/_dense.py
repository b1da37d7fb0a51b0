"""Dense decoders of the LLaMA layout: one row each.

The LLaMA layout: token embeddings; layers of RMSNorm, attention with rotary
positions (``q_proj``, ``k_proj``, ``v_proj``, ``o_proj``), RMSNorm and a gated
MLP (``gate_proj``, ``up_proj``, ``down_proj``); a final norm and ``lm_head``.
Each row says what its architecture changes: biases, key/value heads, norms,
tying, head size.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from ._blocks import Attention, Embedding, Mlp, Norm
from ._decoder import LayerKind, Layout
from ._rows import Built, Config, Row, register

__all__ = ["attention_sizes", "llama_layout"]


def partial_rotary_factor(config: Config) -> float:
    """The fraction of each head that rotary embeddings turn, as the config gives it.

    ``transformers`` 5.x reads it from ``rope_parameters`` (the older
    ``rope_scaling``), or from a top-level ``partial_rotary_factor``; rope
    settings per layer type are nested one level deeper, and any layer type
    that turns whole heads fails the check, so the largest fraction is taken.
    ``1.0`` when none is given.
    """
    for key in ("rope_parameters", "rope_scaling"):
        rope = config.values.get(key)
        if not isinstance(rope, Mapping):
            continue
        if "partial_rotary_factor" in rope:
            return _fraction(rope["partial_rotary_factor"])
        nested = [
            _fraction(v.get("partial_rotary_factor", 1.0))
            for v in rope.values()
            if isinstance(v, Mapping)
        ]
        if nested:
            return max(nested)
    return _fraction(config.values.get("partial_rotary_factor", 1.0))


def _fraction(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(
            f"partial_rotary_factor must be a number, got {type(value).__name__} {value!r}"
        )
    return value


def attention_sizes(
    config: Config,
    *,
    strict_heads: bool = False,
    kv_optional: bool = True,
    check_derived: bool = True,
) -> dict[str, int]:
    """The sizes of the LLaMA layout, checked as ``transformers`` 5.x checks them.

    ``strict_heads``: ``hidden_size`` must be a multiple of the heads.
    ``kv_optional``: ``num_key_value_heads=None`` means as many as the query
    heads (the formula then has no ``num_key_value_heads``). The head size is
    ``head_dim``, or ``hidden_size // num_attention_heads``; an odd one above 4
    that rotary embeddings turn in full is refused (``check_derived``: the
    derived one too, not only a given one).
    """
    sizes = {
        "vocab_size": config.size("vocab_size"),
        "hidden_size": config.size("hidden_size"),
        "intermediate_size": config.size("intermediate_size"),
        "num_hidden_layers": config.size("num_hidden_layers"),
        "num_attention_heads": config.size("num_attention_heads"),
    }
    d, heads = sizes["hidden_size"], sizes["num_attention_heads"]
    if strict_heads:
        config.divisible("hidden_size", "num_attention_heads")
    kv = config.get("num_key_value_heads")
    if kv is not None or not kv_optional:
        sizes["num_key_value_heads"] = config.size("num_key_value_heads")
    head_dim = config.optional_size("head_dim")
    if head_dim is None:
        if d < heads:
            raise ValueError(
                f"hidden_size // num_attention_heads is 0 (hidden_size={d}, "
                f"num_attention_heads={heads}); give head_dim"
            )
        sizes["head_dim"] = d // heads
    else:
        sizes["head_dim"] = head_dim
    size = sizes["head_dim"]
    if size > 4 and size % 2 and (head_dim is not None or check_derived):
        fraction = partial_rotary_factor(config)
        if int(size * fraction) == size:
            source = (
                f" (hidden_size // num_attention_heads with hidden_size={d} and "
                f"num_attention_heads={heads})"
                if head_dim is None
                else ""
            )
            raise ValueError(
                f"head_dim must be even for rotary embeddings, got head_dim={size}{source}: "
                "transformers 5.x refuses an odd head_dim above 4 that is rotated in full"
            )
    return sizes


@cache
def llama_layout(
    kv_heads: bool,
    qkv_bias: bool = False,
    o_bias: bool = False,
    mlp_bias: bool = False,
    qk_norm: str | None = None,
) -> Layout:
    """The LLaMA layout with its switches."""
    attention = Attention(
        kv_heads="num_key_value_heads" if kv_heads else None,
        bias=(qkv_bias, qkv_bias, qkv_bias, o_bias),
        qk_norm=qk_norm,
    )
    layer = LayerKind(
        (
            ("self_attn", attention),
            ("mlp", Mlp(bias=mlp_bias)),
            ("input_layernorm", Norm("")),
            ("post_attention_layernorm", Norm("")),
        )
    )
    return Layout(embeddings=(Embedding("embed_tokens", "vocab_size"),), kinds=(layer,))


LLAMA_DEFAULTS: dict[str, object] = {
    "vocab_size": 32000,
    "hidden_size": 4096,
    "intermediate_size": 11008,
    "num_hidden_layers": 32,
    "num_attention_heads": 32,
    "num_key_value_heads": None,
    "head_dim": None,
    "tie_word_embeddings": False,
    "attention_bias": False,
    "mlp_bias": False,
}


def _llama(config: Config) -> Built:
    sizes = attention_sizes(config, strict_heads=True)
    bias, mlp_bias = config.flag("attention_bias"), config.flag("mlp_bias")
    layout = llama_layout("num_key_value_heads" in sizes, bias, bias, mlp_bias)
    return layout, sizes, {}


def _mistral(config: Config) -> Built:
    sizes = attention_sizes(config, kv_optional=False)
    return llama_layout(True), sizes, {}


def _qwen2(config: Config) -> Built:
    sizes = attention_sizes(config, check_derived=False)
    return llama_layout("num_key_value_heads" in sizes, qkv_bias=True), sizes, {}


_MISTRAL_DEFAULTS = {
    "vocab_size": 32000,
    "hidden_size": 4096,
    "intermediate_size": 14336,
    "num_hidden_layers": 32,
    "num_attention_heads": 32,
    "num_key_value_heads": 8,
    "head_dim": None,
    "tie_word_embeddings": False,
}

register(
    Row(
        "llama",
        "Llama",
        LLAMA_DEFAULTS,
        _llama,
        "dense",
        bases={"ForQuestionAnswering": "transformer"},
    ),
    Row("mistral", "Mistral", _MISTRAL_DEFAULTS, _mistral, "dense"),
    Row(
        "qwen2",
        "Qwen2",
        {
            **_MISTRAL_DEFAULTS,
            "vocab_size": 151936,
            "intermediate_size": 22016,
            "num_key_value_heads": 32,
        },
        _qwen2,
        "dense",
        bases={"ForQuestionAnswering": "transformer"},
    ),
)
