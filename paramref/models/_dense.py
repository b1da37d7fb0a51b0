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


#: Where a layer's norms sit, by name: before each block (LLaMA), before and
#: after each block (Gemma 2), after each block only (OLMo 2), or one norm
#: before attention and MLP run side by side (Cohere).
NORM_PLACEMENTS: dict[str, tuple[str, ...]] = {
    "pre": ("input_layernorm", "post_attention_layernorm"),
    "sandwich": (
        "input_layernorm",
        "post_attention_layernorm",
        "pre_feedforward_layernorm",
        "post_feedforward_layernorm",
    ),
    "post": ("post_attention_layernorm", "post_feedforward_layernorm"),
    "parallel": ("input_layernorm",),
}


@cache
def llama_layout(
    kv_heads: bool,
    qkv_bias: bool = False,
    o_bias: bool = False,
    mlp_bias: bool = False,
    qk_norm: str | None = None,
    *,
    norms: str = "pre",
    norm_kind: str = "rms",
    qk_norm_kind: str = "rms",
    mlp: str = "gated",
    fused_qkv: bool = False,
    scaled_embedding: bool = False,
    rotary: str = "head_dim",
    rotary_types: tuple[str, ...] = (),
) -> Layout:
    """The LLaMA layout with its switches.

    ``norms`` picks the placement (:data:`NORM_PLACEMENTS`) and ``norm_kind``
    the norm (``rms``, ``layer``, ``layer_nobias``, ``none``); ``mlp`` is
    ``gated`` (gate, up, down), ``fused`` (Phi-3's ``gate_up_proj``) or
    ``plain`` (StarCoder2's ``c_fc``, ``c_proj``); ``fused_qkv`` is Phi-3's
    ``qkv_proj``; ``scaled_embedding`` Gemma's ``embed_scale`` buffer;
    ``rotary`` the key of the rotated features.
    """
    attention = Attention(
        kv_heads="num_key_value_heads" if kv_heads else None,
        fused="qkv_proj" if fused_qkv else None,
        bias=(qkv_bias, qkv_bias, qkv_bias, o_bias),
        qk_norm=qk_norm,
        qk_norm_kind=qk_norm_kind,
    )
    if mlp == "plain":
        feed_forward = Mlp(names=("c_fc", "c_proj"), bias=mlp_bias)
    elif mlp == "fused":
        feed_forward = Mlp(names=("gate_up_proj", "down_proj"), bias=mlp_bias, fused=True)
    else:
        feed_forward = Mlp(bias=mlp_bias)
    layer = LayerKind(
        (
            ("self_attn", attention),
            ("mlp", feed_forward),
            *((name, Norm("", norm_kind)) for name in NORM_PLACEMENTS[norms]),
        )
    )
    return Layout(
        embeddings=(Embedding("embed_tokens", "vocab_size", scaled=scaled_embedding),),
        kinds=(layer,),
        after=(Norm("norm", norm_kind),),
        rotary=("rotary_emb", rotary),
        rotary_types=rotary_types,
    )


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


def _head_dim_given(config: Config) -> None:
    """Refuse ``head_dim: null`` where the config class has no ``head_dim``: the model fails."""
    if "head_dim" in config.values and config.values["head_dim"] is None:
        raise TypeError(
            f"head_dim must be an int when given, got None ({config.model_type}): "
            "its attention multiplies the heads by it"
        )


def _biases(config: Config, key: str = "attention_bias") -> tuple[bool, bool]:
    bias = config.flag(key)
    return bias, bias


def _qwen3(config: Config) -> Built:
    config.padding("vocab_size")
    config.size("head_dim")  # an int in the config class: None is refused
    sizes = attention_sizes(config)
    bias, _ = _biases(config)
    kv = "num_key_value_heads" in sizes
    return llama_layout(kv, bias, bias, qk_norm="head"), sizes, {}


def _gemma(config: Config) -> Built:
    config.padding("vocab_size", default=0)
    config.size("head_dim")  # an int in the config class: None is refused
    sizes = attention_sizes(config, kv_optional=False)
    bias, _ = _biases(config)
    return llama_layout(True, bias, bias, scaled_embedding=True), sizes, {}


def _gemma2(config: Config) -> Built:
    config.padding("vocab_size", default=0)
    config.size("head_dim")  # an int in the config class: None is refused
    sizes = attention_sizes(config, strict_heads=True, kv_optional=False)
    bias, _ = _biases(config)
    layout = llama_layout(True, bias, bias, norms="sandwich", scaled_embedding=True)
    return layout, sizes, {}


def _layer_types(config: Config, default: list[str]) -> tuple[str, ...]:
    """The distinct ``layer_types``, sorted: the config's list, else ``default``."""
    given = config.get("layer_types")
    if given is None:
        return tuple(sorted(set(default)))
    if not isinstance(given, list | tuple) or not all(isinstance(t, str) for t in given):
        raise TypeError(
            f"layer_types must be a list of strings, got {given!r} ({config.model_type})"
        )
    layers = config.size("num_hidden_layers")
    if len(given) != layers:
        raise ValueError(
            f"layer_types must name num_hidden_layers={layers} layers, got {len(given)} "
            f"({config.model_type})"
        )
    allowed = ("full_attention", "sliding_attention")
    kinds = {"full_attention" if kind == "attention" else kind for kind in given}  # legacy name
    for kind in kinds:
        if kind not in allowed:
            raise ValueError(
                f"layer_types must hold {' or '.join(allowed)}, got {kind!r} ({config.model_type})"
            )
    return tuple(sorted(kinds))


def _gemma3(config: Config) -> Built:
    config.padding("vocab_size", default=0)
    config.size("head_dim")  # an int in the config class: None is refused
    sizes = attention_sizes(config, strict_heads=True, kv_optional=False)
    bias, _ = _biases(config)
    every = config.size("sliding_window_pattern", minimum=1)
    layers = sizes["num_hidden_layers"]
    default = ["sliding_attention" if (i + 1) % every else "full_attention" for i in range(layers)]
    types = _layer_types(config, default)
    layout = llama_layout(
        True,
        bias,
        bias,
        qk_norm="head",
        norms="sandwich",
        scaled_embedding=True,
        rotary_types=types,
    )
    return layout, sizes, {}


def _phi3(config: Config) -> Built:
    config.padding("vocab_size", default=32000)
    _head_dim_given(config)
    sizes = attention_sizes(config, check_derived=False)
    fraction = partial_rotary_factor(config)
    rotary = int(sizes["head_dim"] * fraction)
    layout = llama_layout(
        "num_key_value_heads" in sizes, mlp="fused", fused_qkv=True, rotary="rotary_dim"
    )
    return layout, sizes, {"rotary_dim": rotary}


def _granite(config: Config) -> Built:
    """LLaMA's layout: Granite's multipliers scale activations and hold no parameter."""
    config.padding("vocab_size")
    return _llama_like(config)


def _smollm3(config: Config) -> Built:
    """LLaMA's layout: SmolLM3's layers without rotary embeddings hold the same tensors."""
    config.padding("vocab_size", default=128004)
    return _llama_like(config)


def _llama_like(config: Config) -> Built:
    _head_dim_given(config)
    sizes = attention_sizes(config, check_derived=False)
    bias, mlp_bias = config.flag("attention_bias"), config.flag("mlp_bias")
    return llama_layout("num_key_value_heads" in sizes, bias, bias, mlp_bias), sizes, {}


def _olmo(config: Config) -> Built:
    config.padding("vocab_size", default=1)
    _head_dim_given(config)
    sizes = attention_sizes(config, check_derived=False)
    bias, _ = _biases(config)
    layout = llama_layout("num_key_value_heads" in sizes, bias, bias, norm_kind="none")
    return layout, sizes, {}


def _olmo2(config: Config) -> Built:
    config.padding("vocab_size", default=1)
    _head_dim_given(config)
    sizes = attention_sizes(config, check_derived=False)
    bias, _ = _biases(config)
    kv = "num_key_value_heads" in sizes
    return llama_layout(kv, bias, bias, qk_norm="full", norms="post"), sizes, {}


def _cohere(config: Config) -> Built:
    config.padding("vocab_size", default=0)
    _head_dim_given(config)
    sizes = attention_sizes(config, check_derived=False)
    bias, _ = _biases(config)
    qk = config.get("use_qk_norm")
    if qk is not None:
        qk = config.flag("use_qk_norm")
    layout = llama_layout(
        "num_key_value_heads" in sizes,
        bias,
        bias,
        qk_norm="grid" if qk else None,
        norms="parallel",
        norm_kind="layer_nobias",
        qk_norm_kind="layer_nobias",
    )
    return layout, sizes, {}


def _starcoder2(config: Config) -> Built:
    config.padding("vocab_size")
    sizes = attention_sizes(config, kv_optional=False, check_derived=False)
    bias, _ = _biases(config, "use_bias")
    layout = llama_layout(True, bias, bias, bias, norm_kind="layer", mlp="plain")
    return layout, sizes, {}


register(
    Row(
        "qwen3",
        "Qwen3",
        {
            "vocab_size": 151936,
            "hidden_size": 4096,
            "intermediate_size": 22016,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": 32,
            "head_dim": 128,
            "tie_word_embeddings": False,
            "attention_bias": False,
        },
        _qwen3,
        "dense",
        bases={"ForQuestionAnswering": "transformer"},
    ),
    Row(
        "gemma",
        "Gemma",
        {
            "vocab_size": 256000,
            "hidden_size": 3072,
            "intermediate_size": 24576,
            "num_hidden_layers": 28,
            "num_attention_heads": 16,
            "num_key_value_heads": 16,
            "head_dim": 256,
            "tie_word_embeddings": True,
            "attention_bias": False,
        },
        _gemma,
        "dense",
        classes=("ForCausalLM", "Model", "ForSequenceClassification", "ForTokenClassification"),
    ),
    Row(
        "gemma2",
        "Gemma2",
        {
            "vocab_size": 256000,
            "hidden_size": 2304,
            "intermediate_size": 9216,
            "num_hidden_layers": 26,
            "num_attention_heads": 8,
            "num_key_value_heads": 4,
            "head_dim": 256,
            "tie_word_embeddings": True,
            "attention_bias": False,
        },
        _gemma2,
        "dense",
        classes=("ForCausalLM", "Model", "ForSequenceClassification", "ForTokenClassification"),
    ),
    Row(
        "gemma3_text",
        "Gemma3",
        {
            "vocab_size": 262208,
            "hidden_size": 2304,
            "intermediate_size": 9216,
            "num_hidden_layers": 26,
            "num_attention_heads": 8,
            "num_key_value_heads": 4,
            "head_dim": 256,
            "tie_word_embeddings": True,
            "attention_bias": False,
            "sliding_window_pattern": 6,
            "layer_types": None,
        },
        _gemma3,
        "dense",
        classes=("ForCausalLM", "Model", "ForSequenceClassification"),
        class_names={
            "Model": "Gemma3TextModel",
            "ForSequenceClassification": "Gemma3TextForSequenceClassification",
        },
    ),
    Row(
        "phi3",
        "Phi3",
        {
            "vocab_size": 32064,
            "hidden_size": 3072,
            "intermediate_size": 8192,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": None,
            "tie_word_embeddings": False,
        },
        _phi3,
        "dense",
        classes=("ForCausalLM", "Model", "ForSequenceClassification", "ForTokenClassification"),
    ),
    Row(
        "granite",
        "Granite",
        {
            "vocab_size": 32000,
            "hidden_size": 4096,
            "intermediate_size": 11008,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": None,
            "tie_word_embeddings": False,
            "attention_bias": False,
            "mlp_bias": False,
        },
        _granite,
        "dense",
        classes=("ForCausalLM", "Model"),
    ),
    Row(
        "smollm3",
        "SmolLM3",
        {
            "vocab_size": 128256,
            "hidden_size": 2048,
            "intermediate_size": 11008,
            "num_hidden_layers": 36,
            "num_attention_heads": 16,
            "num_key_value_heads": 4,
            "tie_word_embeddings": True,
            "attention_bias": False,
            "mlp_bias": False,
        },
        _smollm3,
        "dense",
        bases={"ForQuestionAnswering": "transformer"},
    ),
    Row(
        "olmo",
        "Olmo",
        {
            "vocab_size": 50304,
            "hidden_size": 4096,
            "intermediate_size": 11008,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": None,
            "tie_word_embeddings": False,
            "attention_bias": False,
        },
        _olmo,
        "dense",
        classes=("ForCausalLM", "Model", "ForSequenceClassification"),
    ),
    Row(
        "olmo2",
        "Olmo2",
        {
            "vocab_size": 50304,
            "hidden_size": 4096,
            "intermediate_size": 11008,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": None,
            "tie_word_embeddings": False,
            "attention_bias": False,
        },
        _olmo2,
        "dense",
        classes=("ForCausalLM", "Model", "ForSequenceClassification"),
    ),
    Row(
        "cohere",
        "Cohere",
        {
            "vocab_size": 256000,
            "hidden_size": 8192,
            "intermediate_size": 22528,
            "num_hidden_layers": 40,
            "num_attention_heads": 64,
            "num_key_value_heads": None,
            "tie_word_embeddings": True,
            "attention_bias": False,
            "use_qk_norm": False,
        },
        _cohere,
        "dense",
        classes=("ForCausalLM", "Model"),
    ),
    Row(
        "starcoder2",
        "Starcoder2",
        {
            "vocab_size": 49152,
            "hidden_size": 3072,
            "intermediate_size": 12288,
            "num_hidden_layers": 30,
            "num_attention_heads": 24,
            "num_key_value_heads": 2,
            "tie_word_embeddings": True,
            "use_bias": True,
        },
        _starcoder2,
        "dense",
        classes=("ForCausalLM", "Model", "ForSequenceClassification", "ForTokenClassification"),
    ),
)
