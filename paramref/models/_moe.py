"""Mixtures of experts: a router and many expert MLPs in place of one.

A token passes through the router, the ``top_k`` experts it picks, and any
shared expert; the other routed experts hold parameters it does not use. So a
mixture of experts has two counts: ``params``, everything it holds, and
``active_params``, what one token passes through.

The rows: Mixtral (every layer sparse), Qwen2-MoE (shared expert with its own
gate, sparse every ``decoder_sparse_step``-th layer but for ``mlp_only_layers``),
Qwen3-MoE (no shared expert, query/key norms), Phi-MoE (LayerNorm, a biased
head), OLMoE (norms over all query/key heads), GraniteMoE, gpt-oss (biases,
attention sinks, experts stored transposed) and DeepSeek-V2/V3 (multi-head
latent attention, shared experts, the first layers dense).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from .._linear import linear_tensors
from .._tensors import Dim, Tensor, prefixed
from ._blocks import Attention, Embedding, Experts, Mlp, Norm, Ref, dim
from ._decoder import LayerKind, Layout, Minus
from ._dense import attention_sizes, partial_rotary_factor
from ._rows import Built, Config, Row, register
from ._spec import Tagged, tag

__all__ = ["MultiHeadLatentAttention"]


@dataclass(frozen=True)
class MultiHeadLatentAttention:
    """DeepSeek's multi-head latent attention: queries and keys/values through low-rank latents.

    Queries: ``q_proj`` (``hidden -> heads·(qk_nope_head_dim + qk_rope_head_dim)``)
    when ``q_lora_rank`` is null, else ``q_a_proj`` down to ``q_lora_rank``, its
    RMSNorm ``q_a_layernorm`` and ``q_b_proj`` up to the heads. Keys and values:
    ``kv_a_proj_with_mqa`` down to ``kv_lora_rank`` plus one shared rotary key of
    ``qk_rope_head_dim``, ``kv_a_layernorm``, and ``kv_b_proj`` up to every head's
    unrotated key and value (``qk_nope_head_dim + v_head_dim``). ``o_proj``
    maps the heads' values back. ``bias`` (``attention_bias``) is on the
    projections that read the hidden state and on ``o_proj``.
    """

    q_lora: bool = True
    bias: bool = False

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        d, heads = sizes["hidden_size"], sizes["num_attention_heads"]
        nope, rope = sizes["qk_nope_head_dim"], sizes["qk_rope_head_dim"]
        value, kv = sizes["v_head_dim"], sizes["kv_lora_rank"]
        query = heads * (nope + rope)
        if self.q_lora:
            rank = sizes["q_lora_rank"]
            yield from self._linear("q_a_proj", d, rank, self.bias)
            yield from self._norm("q_a_layernorm", "q_lora_rank", sizes)
            yield from self._linear("q_b_proj", rank, query, False)
        else:
            yield from self._linear("q_proj", d, query, False)
        yield from self._linear("kv_a_proj_with_mqa", d, kv + rope, self.bias)
        yield from self._norm("kv_a_layernorm", "kv_lora_rank", sizes)
        yield from self._linear("kv_b_proj", kv, heads * (nope + value), False)
        yield from self._linear("o_proj", heads * value, d, self.bias)

    @staticmethod
    def _linear(name: str, n: Dim, m: Dim, bias: bool) -> Iterator[Tagged]:
        return tag("attention", prefixed(name, linear_tensors(n, m, bias)))

    @staticmethod
    def _norm(name: str, width: str, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return Norm(name, width=width, part="attention").tensors(sizes)


@dataclass(frozen=True)
class ScaledNorm:
    """An RMSNorm over ``count · width`` features (OLMoE's key norm over every key head)."""

    name: str
    count: Ref
    width: Ref

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        features = dim(sizes, self.count) * dim(sizes, self.width)
        yield Tagged(f"{self.name}.weight", (features,), part="attention")


def _layer(attention: object, mlp: object, mlp_name: str = "mlp", norm: str = "rms") -> LayerKind:
    return LayerKind(
        (
            ("self_attn", attention),
            (mlp_name, mlp),
            ("input_layernorm", Norm("", norm)),
            ("post_attention_layernorm", Norm("", norm)),
        )
    )


_EMBEDDINGS = (Embedding("embed_tokens", "vocab_size"),)


def _top_k(config: Config) -> dict[str, int]:
    return {"num_experts_per_tok": config.size("num_experts_per_tok")}


# Mixtral


@cache
def _mixtral_layout() -> Layout:
    experts = Experts(
        width="intermediate_size", experts="num_local_experts", top_k="num_experts_per_tok"
    )
    return Layout(embeddings=_EMBEDDINGS, kinds=(_layer(Attention(), experts),), experts=experts)


def _mixtral(config: Config) -> Built:
    sizes = attention_sizes(config, kv_optional=False, check_derived=False)
    sizes["num_local_experts"] = config.size("num_local_experts", minimum=0)
    return _mixtral_layout(), sizes, _top_k(config)


# Qwen2-MoE and Qwen3-MoE: a sparse layer every ``decoder_sparse_step``-th, but
# for ``mlp_only_layers``.


def _sparse_layers(config: Config, layers: int) -> tuple[bool, ...]:
    """Which layers hold the mixture of experts, as ``Qwen2MoeDecoderLayer`` decides."""
    only = config.get("mlp_only_layers")
    if only is None:
        only = []
    if not isinstance(only, list | tuple) or any(type(i) is not int for i in only):
        raise TypeError(
            f"mlp_only_layers must be a list of ints, got {only!r} ({config.model_type})"
        )
    experts = config.get("num_experts")
    if type(experts) is not int:
        raise TypeError(
            f"num_experts must be an int, got {type(experts).__name__} {experts!r} "
            f"({config.model_type})"
        )
    step = config.get("decoder_sparse_step")
    if type(step) is not int:
        raise TypeError(
            f"decoder_sparse_step must be an int, got {type(step).__name__} {step!r} "
            f"({config.model_type})"
        )
    if experts <= 0:
        return (False,) * layers
    if step == 0:
        raise ValueError(f"decoder_sparse_step must not be 0, got 0 ({config.model_type})")
    skip = set(only)
    return tuple(i not in skip and (i + 1) % step == 0 for i in range(layers))


@cache
def _qwen_moe_layout(
    sparse: tuple[bool, ...], shared: bool, qkv_bias: bool, o_bias: bool, qk_norm: bool
) -> Layout:
    attention = Attention(
        bias=(qkv_bias, qkv_bias, qkv_bias, o_bias), qk_norm="head" if qk_norm else None
    )
    experts = Experts(
        shared=Mlp(width="shared_expert_intermediate_size") if shared else None,
        shared_gate="shared_expert_gate" if shared else None,
    )
    moe, dense = _layer(attention, experts), _layer(attention, Mlp())
    if all(sparse):
        return Layout(embeddings=_EMBEDDINGS, kinds=(moe,), experts=experts)
    if not any(sparse):
        return Layout(embeddings=_EMBEDDINGS, kinds=(dense,))
    pattern = tuple(0 if s else 1 for s in sparse)
    return Layout(
        embeddings=_EMBEDDINGS, kinds=(moe, dense), counts=None, pattern=pattern, experts=experts
    )


def _qwen_moe(config: Config, shared: bool) -> Built:
    sizes = attention_sizes(config, kv_optional=False, check_derived=False)
    sparse = _sparse_layers(config, sizes["num_hidden_layers"])
    if shared:
        bias = config.flag("qkv_bias")
        qkv_bias, o_bias = bias, False
    else:
        qkv_bias = o_bias = config.flag("attention_bias")
    if any(sparse):
        sizes["moe_intermediate_size"] = config.size("moe_intermediate_size")
        sizes["num_experts"] = config.size("num_experts", minimum=0)
        if shared:
            sizes["shared_expert_intermediate_size"] = config.size(
                "shared_expert_intermediate_size"
            )
    if all(sparse):
        del sizes["intermediate_size"]
        extra = _top_k(config)
    else:
        extra = _top_k(config) if any(sparse) else {}
    layout = _qwen_moe_layout(sparse, shared, qkv_bias, o_bias, not shared)
    return layout, sizes, extra


def _qwen2_moe(config: Config) -> Built:
    return _qwen_moe(config, shared=True)


def _qwen3_moe(config: Config) -> Built:
    return _qwen_moe(config, shared=False)


# Phi-MoE: LayerNorms with biases, a router named ``router``, a head that may
# have a bias.


@cache
def _phimoe_layout(kv_heads: bool, bias: bool, head_bias: bool) -> Layout:
    experts = Experts(width="intermediate_size", experts="num_local_experts", router="router")
    attention = Attention(kv_heads="num_key_value_heads" if kv_heads else None, bias=(bias,) * 4)
    return Layout(
        embeddings=_EMBEDDINGS,
        kinds=(_layer(attention, experts, norm="layer"),),
        after=(Norm("norm", "layer"),),
        experts=experts,
        head_bias="vocab_size" if head_bias else None,
    )


def _phimoe(config: Config) -> Built:
    sizes = attention_sizes(config, check_derived=False)
    sizes["num_local_experts"] = config.size("num_local_experts", minimum=0)
    bias, head_bias = config.flag("attention_bias"), config.flag("lm_head_bias")
    layout = _phimoe_layout("num_key_value_heads" in sizes, bias, head_bias)
    return layout, sizes, _top_k(config)


# OLMoE: a query norm over ``hidden_size`` features, a key norm over every key
# head (``hidden_size // num_attention_heads`` features each).


@cache
def _olmoe_layout(kv_heads: bool, bias: bool, key_width: Ref) -> Layout:
    kv: Ref = "num_key_value_heads" if kv_heads else "num_attention_heads"
    attention = Attention(kv_heads=kv if kv_heads else None, bias=(bias,) * 4)
    experts = Experts(width="intermediate_size")
    layer = _layer(attention, experts)
    norms = (
        ("self_attn.q_norm", Norm("", width="hidden_size", part="attention")),
        ("self_attn", ScaledNorm("k_norm", kv, key_width)),
    )
    layer = LayerKind((layer.blocks[0], *norms, *layer.blocks[1:]))
    return Layout(embeddings=_EMBEDDINGS, kinds=(layer,), experts=experts)


def _olmoe(config: Config) -> Built:
    sizes = attention_sizes(config, check_derived=False)
    sizes["num_experts"] = config.size("num_experts", minimum=0)
    # The key norm's width per head is hidden_size // num_attention_heads,
    # whatever head_dim says.
    derived = sizes["hidden_size"] // sizes["num_attention_heads"]
    key_width: Ref = "head_dim" if sizes["head_dim"] == derived else derived
    kv_heads = "num_key_value_heads" in sizes
    layout = _olmoe_layout(kv_heads, config.flag("attention_bias"), key_width)
    return layout, sizes, _top_k(config)


# GraniteMoE: the mixture under ``block_sparse_moe``, the router under ``router``.


@cache
def _granitemoe_layout(kv_heads: bool, bias: bool) -> Layout:
    attention = Attention(kv_heads="num_key_value_heads" if kv_heads else None, bias=(bias,) * 4)
    experts = Experts(width="intermediate_size", experts="num_local_experts", router="router")
    layer = _layer(attention, experts, mlp_name="block_sparse_moe")
    return Layout(embeddings=_EMBEDDINGS, kinds=(layer,), experts=experts)


def _granitemoe(config: Config) -> Built:
    sizes = attention_sizes(config, check_derived=False)
    sizes["num_local_experts"] = config.size("num_local_experts", minimum=0)
    layout = _granitemoe_layout("num_key_value_heads" in sizes, config.flag("attention_bias"))
    return layout, sizes, _top_k(config)


# gpt-oss: attention sinks, biases on every projection, a biased router, the
# experts stored transposed with their biases.


@cache
def _gpt_oss_layout(kv_heads: bool, bias: bool) -> Layout:
    attention = Attention(
        kv_heads="num_key_value_heads" if kv_heads else None, bias=(bias,) * 4, sinks=True
    )
    experts = Experts(
        width="intermediate_size",
        experts="num_local_experts",
        router="router",
        router_bias=True,
        bias=True,
        transposed=True,
    )
    return Layout(embeddings=_EMBEDDINGS, kinds=(_layer(attention, experts),), experts=experts)


def _gpt_oss(config: Config) -> Built:
    config.size("head_dim")  # an int: GptOssConfig refuses null
    sizes = attention_sizes(config)
    sizes["num_local_experts"] = config.size("num_local_experts", minimum=0)
    layout = _gpt_oss_layout("num_key_value_heads" in sizes, config.flag("attention_bias"))
    return layout, sizes, _top_k(config)


# DeepSeek-V2 and V3: multi-head latent attention; the first
# ``first_k_dense_replace`` layers dense, the others a mixture with shared experts.


@cache
def _deepseek_layout(
    q_lora: bool, bias: bool, mlp_bias: bool, dense: bool, sparse: bool, buffer: bool
) -> Layout:
    attention = MultiHeadLatentAttention(q_lora, bias)
    experts = Experts(
        experts="n_routed_experts",
        shared=Mlp(width=("n_shared_experts", "moe_intermediate_size"), bias=mlp_bias),
        shared_name="shared_experts",
        router_buffer="e_score_correction_bias" if buffer else None,
    )
    kinds: list[LayerKind] = []
    counts: list[Ref | Minus] = []
    if dense:
        kinds.append(_layer(attention, Mlp(bias=mlp_bias)))
        counts.append("first_k_dense_replace" if sparse else "num_hidden_layers")
    if sparse:
        kinds.append(_layer(attention, experts))
        counts.append(
            Minus("num_hidden_layers", "first_k_dense_replace") if dense else "num_hidden_layers"
        )
    return Layout(
        embeddings=_EMBEDDINGS,
        kinds=tuple(kinds),
        counts=tuple(counts),
        experts=experts if sparse else None,
        rotary=("rotary_emb", "qk_rope_head_dim"),
    )


def _sizes(config: Config, keys: tuple[str, ...], minimum: int = 1) -> dict[str, int]:
    """``config.size`` of each key; plain ints are taken without a call (counting stays fast)."""
    merged, sizes = config.merged, {}
    for key in keys:
        value = merged.get(key)
        if type(value) is not int or value < minimum:
            value = config.size(key, minimum)
        sizes[key] = value
    return sizes


_MLA_KEYS = (
    "vocab_size",
    "hidden_size",
    "num_hidden_layers",
    "num_attention_heads",
    "kv_lora_rank",
    "qk_nope_head_dim",
    "qk_rope_head_dim",
    "v_head_dim",
)
_DEEPSEEK_MOE_KEYS = ("moe_intermediate_size", "n_routed_experts", "n_shared_experts")


def _deepseek(config: Config, v3: bool) -> Built:
    sizes = _sizes(config, _MLA_KEYS)
    if not v3:
        config.divisible("hidden_size", "num_attention_heads")
    config.optional_size("num_key_value_heads")
    rope = sizes["qk_rope_head_dim"]
    if rope > 4 and rope % 2 and int(rope * partial_rotary_factor(config)) == rope:
        raise ValueError(
            f"qk_rope_head_dim must be even for rotary embeddings, got {rope} ({config.model_type})"
        )
    q_lora = config.optional_size("q_lora_rank", minimum=0)
    if q_lora is not None:
        sizes["q_lora_rank"] = q_lora
    layers = sizes["num_hidden_layers"]
    first = config.get("first_k_dense_replace")
    if type(first) is not int:
        raise TypeError(
            f"first_k_dense_replace must be an int, got {type(first).__name__} {first!r} "
            f"({config.model_type})"
        )
    dense, sparse = first > 0, first < layers
    if dense:
        sizes["intermediate_size"] = config.size("intermediate_size", minimum=0)
    if dense and sparse:
        sizes["first_k_dense_replace"] = first
    extra: dict[str, int] = {}
    if sparse:
        sizes.update(_sizes(config, _DEEPSEEK_MOE_KEYS, minimum=0))
        top_k = config.get("num_experts_per_tok")
        if top_k is not None:
            extra["num_experts_per_tok"] = config.size("num_experts_per_tok")
    bias = config.flag("attention_bias")
    mlp_bias = False if v3 else config.flag("mlp_bias")
    layout = _deepseek_layout(q_lora is not None, bias, mlp_bias, dense, sparse, v3)
    return layout, sizes, extra


def _deepseek_v2(config: Config) -> Built:
    return _deepseek(config, v3=False)


def _deepseek_v3(config: Config) -> Built:
    return _deepseek(config, v3=True)


_CAUSAL_AND_BASE = ("ForCausalLM", "Model")

register(
    Row(
        "mixtral",
        "Mixtral",
        {
            "vocab_size": 32000,
            "hidden_size": 4096,
            "intermediate_size": 14336,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": 8,
            "head_dim": None,
            "tie_word_embeddings": False,
            "num_local_experts": 8,
            "num_experts_per_tok": 2,
        },
        _mixtral,
        "moe",
    ),
    Row(
        "qwen2_moe",
        "Qwen2Moe",
        {
            "vocab_size": 151936,
            "hidden_size": 2048,
            "intermediate_size": 5632,
            "num_hidden_layers": 24,
            "num_attention_heads": 16,
            "num_key_value_heads": 16,
            "head_dim": None,
            "tie_word_embeddings": False,
            "qkv_bias": True,
            "decoder_sparse_step": 1,
            "moe_intermediate_size": 1408,
            "shared_expert_intermediate_size": 5632,
            "num_experts_per_tok": 4,
            "num_experts": 60,
            "mlp_only_layers": None,
        },
        _qwen2_moe,
        "moe",
    ),
    Row(
        "qwen3_moe",
        "Qwen3Moe",
        {
            "vocab_size": 151936,
            "hidden_size": 2048,
            "intermediate_size": 6144,
            "num_hidden_layers": 24,
            "num_attention_heads": 32,
            "num_key_value_heads": 4,
            "head_dim": None,
            "tie_word_embeddings": False,
            "attention_bias": False,
            "decoder_sparse_step": 1,
            "moe_intermediate_size": 768,
            "num_experts_per_tok": 8,
            "num_experts": 128,
            "mlp_only_layers": None,
        },
        _qwen3_moe,
        "moe",
        bases={"ForQuestionAnswering": "transformer"},
    ),
    Row(
        "phimoe",
        "Phimoe",
        {
            "vocab_size": 32064,
            "hidden_size": 4096,
            "intermediate_size": 6400,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": 8,
            "head_dim": None,
            "tie_word_embeddings": False,
            "num_experts_per_tok": 2,
            "num_local_experts": 16,
            "attention_bias": False,
            "lm_head_bias": False,
        },
        _phimoe,
        "moe",
        classes=(*_CAUSAL_AND_BASE, "ForSequenceClassification"),
    ),
    Row(
        "olmoe",
        "Olmoe",
        {
            "vocab_size": 50304,
            "hidden_size": 2048,
            "intermediate_size": 2048,
            "num_hidden_layers": 16,
            "num_attention_heads": 16,
            "num_key_value_heads": None,
            "head_dim": None,
            "tie_word_embeddings": False,
            "attention_bias": False,
            "num_experts_per_tok": 8,
            "num_experts": 64,
        },
        _olmoe,
        "moe",
        classes=_CAUSAL_AND_BASE,
    ),
    Row(
        "granitemoe",
        "GraniteMoe",
        {
            "vocab_size": 32000,
            "hidden_size": 4096,
            "intermediate_size": 11008,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": None,
            "head_dim": None,
            "tie_word_embeddings": False,
            "attention_bias": False,
            "num_local_experts": 8,
            "num_experts_per_tok": 2,
        },
        _granitemoe,
        "moe",
        classes=_CAUSAL_AND_BASE,
    ),
    Row(
        "gpt_oss",
        "GptOss",
        {
            "vocab_size": 201088,
            "hidden_size": 2880,
            "intermediate_size": 2880,
            "num_hidden_layers": 36,
            "num_attention_heads": 64,
            "num_key_value_heads": 8,
            "head_dim": 64,
            "tie_word_embeddings": False,
            "attention_bias": True,
            "num_local_experts": 128,
            "num_experts_per_tok": 4,
        },
        _gpt_oss,
        "moe",
        classes=(*_CAUSAL_AND_BASE, "ForSequenceClassification", "ForTokenClassification"),
    ),
    Row(
        "deepseek_v2",
        "DeepseekV2",
        {
            "vocab_size": 102400,
            "hidden_size": 4096,
            "intermediate_size": 11008,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": None,
            "tie_word_embeddings": False,
            "attention_bias": False,
            "mlp_bias": False,
            "first_k_dense_replace": 0,
            "kv_lora_rank": 512,
            "q_lora_rank": 1536,
            "n_routed_experts": 64,
            "n_shared_experts": 2,
            "qk_nope_head_dim": 128,
            "qk_rope_head_dim": 64,
            "v_head_dim": 128,
            "num_experts_per_tok": None,
            "moe_intermediate_size": 1407,
        },
        _deepseek_v2,
        "moe",
        classes=(*_CAUSAL_AND_BASE, "ForSequenceClassification"),
    ),
    Row(
        "deepseek_v3",
        "DeepseekV3",
        {
            "vocab_size": 129280,
            "hidden_size": 7168,
            "intermediate_size": 18432,
            "moe_intermediate_size": 2048,
            "num_hidden_layers": 61,
            "num_attention_heads": 128,
            "num_key_value_heads": 128,
            "n_shared_experts": 1,
            "n_routed_experts": 256,
            "kv_lora_rank": 512,
            "q_lora_rank": 1536,
            "qk_rope_head_dim": 64,
            "v_head_dim": 128,
            "qk_nope_head_dim": 128,
            "num_experts_per_tok": 8,
            "first_k_dense_replace": 3,
            "tie_word_embeddings": False,
            "attention_bias": False,
        },
        _deepseek_v3,
        "moe",
        classes=(*_CAUSAL_AND_BASE, "ForSequenceClassification", "ForTokenClassification"),
    ),
)
