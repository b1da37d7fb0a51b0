"""GPT-style decoders: LayerNorm with biases, plain two-matrix MLPs, fused or parallel blocks.

GPT-2 is the pattern: learned positions beside the token table, a fused ``c_attn``
projection (Hugging Face's ``Conv1D``, weight stored ``(in, out)``), a two-matrix
MLP, LayerNorm with weight and bias before each block, and the head tied to the
token table. The other rows change one thing or two each:

- **GPT-NeoX** (Pythia): rotary positions on a fraction of each head
  (``rotary_pct``), a fused ``query_key_value``, two norms per layer, an untied head.
- **Falcon**: no biases; multi-query attention (one key/value head) or, in the
  new decoder architecture, ``num_kv_heads`` of them; one or two norms before
  the parallel attention and MLP.
- **GPT-J**: separate projections without biases, one norm per layer (attention
  and MLP in parallel), an untied head with a bias.
- **OPT**: learned positions with two extra rows, a token table narrower than
  the model (``word_embed_proj_dim``) projected in and out.
- **BLOOM**: ALiBi (no position parameters) and a norm on the token embeddings.
- **GPT-BigCode** (StarCoder, SantaCoder): GPT-2 with multi-query attention.
- **Phi**: a head with a bias, partial rotary positions, optional query/key norms.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from .._linear import linear_tensors
from .._tensors import Dim, Tensor, prefixed
from ._blocks import Attention, Embedding, Linear, Mlp, Norm, Ref, dim
from ._decoder import LayerKind, Layout
from ._rows import Built, Config, Row, register
from ._spec import Tagged, tag

__all__ = ["Fused", "Vector"]

#: A width as a sum of terms ``(coefficient, keys)``: ``coefficient * product(keys)``.
Width = tuple[tuple[int, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Fused:
    """One ``nn.Linear(hidden, width)`` computing the query, key and value at once.

    ``width`` is a sum of terms: ``((3, ("hidden_size",)),)`` is ``3 * hidden_size``
    (GPT-NeoX, BLOOM), ``((1, ("hidden_size",)), (2, ("head_dim",)))`` is one
    key/value head beside the queries (Falcon-7B, StarCoder).
    """

    name: str
    hidden: Ref
    width: Width
    bias: bool = True
    part: str = "attention"

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        width: Dim = 0
        for coefficient, keys in self.width:
            term: Dim = coefficient
            for key in keys:
                term = term * sizes[key]
            width = width + term
        tensors = linear_tensors(dim(sizes, self.hidden), width, self.bias)
        return tag(self.part, prefixed(self.name, tensors))


@dataclass(frozen=True)
class Vector:
    """One vector of ``width`` entries under ``name``: a head's bias when its weight is tied."""

    name: str
    width: Ref
    part: str = "head"

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        yield Tagged(self.name, (dim(sizes, self.width),), part=self.part)


def _aliased(config: Config, aliases: Mapping[str, str], fallback: tuple[str, ...] = ()) -> Config:
    """``config`` with the config class's other names of its keys read as the row's keys.

    ``aliases`` maps another name to the row's key (``attribute_map``:
    ``hidden_size`` is GPT-2's ``n_embd``); ``transformers`` sets it after the
    field, so it wins. An alias in ``fallback`` counts only when it is not
    ``None`` (BLOOM's and Falcon's ``n_embed``).
    """
    if config.values.keys().isdisjoint(aliases):  # the common case, fast
        return config
    values = dict(config.values)
    for alias, key in aliases.items():
        if alias in values:
            value = values.pop(alias)
            if value is not None or alias not in fallback:
                values[key] = value
    return Config(config.model_type, values, config.defaults)


def _factor(value: object, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{key} must be a number, got {type(value).__name__} {value!r}")
    return value


def _rotary_fraction(config: Config, key: str, default: float) -> float:
    """The fraction of each head rotary embeddings turn.

    From the rope settings (``rope_scaling`` before ``rope_parameters``, as
    ``transformers`` 5.x reads them), else from the top-level ``key``
    (GPT-NeoX's ``rotary_pct``, Phi's ``partial_rotary_factor``), else ``default``.
    """
    rope = config.values.get("rope_scaling") or config.values.get("rope_parameters")
    if isinstance(rope, Mapping) and "partial_rotary_factor" in rope:
        return _factor(rope["partial_rotary_factor"], "partial_rotary_factor")
    return _factor(config.values.get(key, default), key)


def _odd_rotary(config: Config, head_dim: int, fraction: float) -> None:
    """Refuse an odd head above 4 rotated in full, as ``transformers`` 5.x does."""
    if head_dim > 4 and head_dim % 2 and int(head_dim * fraction) == head_dim:
        raise ValueError(
            f"head_dim must be even for rotary embeddings, got head_dim={head_dim} "
            f"(hidden_size // num_attention_heads, {config.model_type})"
        )


def _padding(config: Config, vocab: int) -> None:
    """Refuse a ``pad_token_id`` outside the token table (``nn.Embedding``'s ``padding_idx``)."""
    pad = config.get("pad_token_id")
    if type(pad) is int and not -vocab <= pad < vocab:
        raise ValueError(
            f"pad_token_id must be below vocab_size (and at least -vocab_size), got "
            f"pad_token_id={pad} and vocab_size={vocab} ({config.model_type})"
        )


def _optional_flag(config: Config, key: str) -> bool:
    """A ``bool`` or ``None`` (read as ``False``): Falcon's switches."""
    return config.get(key) is not None and config.flag(key)


def _head_with_bias(hidden: str, tied: bool) -> tuple[object, ...]:
    """An ``lm_head`` with a bias; tied, only the bias is its own (GPT-J, Phi)."""
    if tied:
        return (Vector("lm_head.bias", "vocab_size"),)
    return (Linear("lm_head", hidden, "vocab_size", bias=True, part="head"),)


def _classifier(hidden: str, tied: bool) -> tuple[object, ...]:
    """The token-classification head named ``classifier``, with a bias."""
    return (Linear("classifier", hidden, "num_labels", bias=True, part="head"),)


_GPT2_ALIASES = {
    "hidden_size": "n_embd",
    "max_position_embeddings": "n_positions",
    "num_attention_heads": "n_head",
    "num_hidden_layers": "n_layer",
}

# GPT-2


@cache
def _gpt2_layout(inner: Ref, cross: bool) -> Layout:
    d = "n_embd"

    def conv1d(name: str, n: Ref, m: Ref, part: str) -> Linear:
        return Linear(name, n, m, bias=True, part=part, transposed=True)

    blocks: list[tuple[str, object]] = [
        ("ln_1", Norm("", "layer", d)),
        ("", conv1d("attn.c_attn", d, (3, d), "attention")),
        ("", conv1d("attn.c_proj", d, d, "attention")),
        ("ln_2", Norm("", "layer", d)),
    ]
    if cross:
        blocks += [
            ("", conv1d("crossattention.c_attn", d, (2, d), "attention")),
            ("", conv1d("crossattention.q_attn", d, d, "attention")),
            ("", conv1d("crossattention.c_proj", d, d, "attention")),
            ("ln_cross_attn", Norm("", "layer", d)),
        ]
    blocks += [
        ("", conv1d("mlp.c_fc", d, inner, "mlp")),
        ("", conv1d("mlp.c_proj", inner, d, "mlp")),
    ]
    return Layout(
        base="transformer",
        embeddings=(Embedding("wte", "vocab_size", d), Embedding("wpe", "n_positions", d)),
        layers="h",
        kinds=(LayerKind(tuple(blocks)),),
        counts=("n_layer",),
        after=(Norm("ln_f", "layer", d),),
        rotary=None,
    )


def _gpt2_sizes(config: Config) -> tuple[dict[str, int], bool]:
    """GPT-2's sizes (shared by GPT-BigCode), and whether ``n_inner`` is given."""
    sizes = {
        "vocab_size": config.size("vocab_size"),
        "n_positions": config.size("n_positions"),
        "n_embd": config.size("n_embd"),
        "n_layer": config.size("n_layer"),
    }
    config.size("n_head")
    config.divisible("n_embd", "n_head")
    inner = config.optional_size("n_inner")
    if inner is not None:
        sizes["n_inner"] = inner
    return sizes, inner is not None


def _gpt2(config: Config) -> Built:
    config = _aliased(config, _GPT2_ALIASES)
    sizes, inner = _gpt2_sizes(config)
    cross = config.flag("add_cross_attention")
    return _gpt2_layout("n_inner" if inner else (4, "n_embd"), cross), sizes, {}


# GPT-NeoX


@cache
def _neox_layout(bias: bool) -> Layout:
    d = "hidden_size"
    layer = LayerKind(
        (
            ("input_layernorm", Norm("", "layer")),
            ("post_attention_layernorm", Norm("", "layer")),
            ("attention", Fused("query_key_value", d, ((3, (d,)),), bias)),
            ("attention", Linear("dense", d, d, bias, "attention")),
            ("mlp", Mlp(names=("dense_h_to_4h", "dense_4h_to_h"), bias=True)),
        )
    )
    return Layout(
        base="gpt_neox",
        embeddings=(Embedding("embed_in", "vocab_size"),),
        kinds=(layer,),
        after=(Norm("final_layer_norm", "layer"),),
        rotary=("rotary_emb", "rotary_ndims"),
    )


def _neox(config: Config) -> Built:
    sizes = {
        "vocab_size": config.size("vocab_size"),
        "hidden_size": config.size("hidden_size"),
        "intermediate_size": config.size("intermediate_size"),
        "num_hidden_layers": config.size("num_hidden_layers"),
    }
    config.size("num_attention_heads")
    config.divisible("hidden_size", "num_attention_heads")
    head = sizes["hidden_size"] // config.size("num_attention_heads")
    rotary = int(head * _rotary_fraction(config, "rotary_pct", 0.25))
    return _neox_layout(config.flag("attention_bias")), sizes, {"rotary_ndims": rotary}


# Falcon


@cache
def _falcon_layout(qkv: Width, norms: tuple[str, ...], ffn: Ref, bias: bool) -> Layout:
    d = "hidden_size"
    blocks: list[tuple[str, object]] = [(norm, Norm("", "layer")) for norm in norms]
    blocks += [
        ("self_attention", Fused("query_key_value", d, qkv, bias)),
        ("self_attention", Linear("dense", d, d, bias, "attention")),
        ("mlp", Mlp(width=ffn, names=("dense_h_to_4h", "dense_4h_to_h"), bias=bias)),
    ]
    return Layout(
        base="transformer",
        embeddings=(Embedding("word_embeddings", "vocab_size"),),
        layers="h",
        kinds=(LayerKind(tuple(blocks)),),
        after=(Norm("ln_f", "layer"),),
        rotary=("rotary_emb", "rotary_ndims"),
    )


def _falcon(config: Config) -> Built:
    config = _aliased(config, {"n_embed": "hidden_size"}, fallback=("n_embed",))
    sizes = {
        "vocab_size": config.size("vocab_size"),
        "hidden_size": config.size("hidden_size"),
        "num_hidden_layers": config.size("num_hidden_layers"),
    }
    heads = config.size("num_attention_heads")
    config.divisible("hidden_size", "num_attention_heads")
    head_dim = sizes["hidden_size"] // heads
    new = _optional_flag(config, "new_decoder_architecture")
    qkv: Width = ((3, ("hidden_size",)),)
    kv = config.optional_size("num_kv_heads")
    if new and kv is not None:
        sizes |= {"num_kv_heads": kv, "head_dim": head_dim}
        qkv = ((1, ("hidden_size",)), (2, ("num_kv_heads", "head_dim")))
    elif not new and _optional_flag(config, "multi_query"):
        sizes["head_dim"] = head_dim
        qkv = ((1, ("hidden_size",)), (2, ("head_dim",)))
    lns = config.get("num_ln_in_parallel_attn")
    if lns is None and new:
        lns = 2
    if not _optional_flag(config, "parallel_attn"):
        norms: tuple[str, ...] = ("input_layernorm", "post_attention_layernorm")
    elif lns == 2:
        norms = ("ln_attn", "ln_mlp")
    else:
        norms = ("input_layernorm",)
    ffn = config.optional_size("ffn_hidden_size")
    if ffn is not None:
        sizes["ffn_hidden_size"] = ffn
    fraction = _rotary_fraction(config, "partial_rotary_factor", 1.0)
    _odd_rotary(config, head_dim, fraction)
    bias = _optional_flag(config, "bias")
    layout = _falcon_layout(
        qkv, norms, "ffn_hidden_size" if ffn is not None else (4, "hidden_size"), bias
    )
    return layout, sizes, {"rotary_ndims": int(head_dim * fraction)}


# GPT-J


@cache
def _gptj_layout(inner: Ref) -> Layout:
    d = "n_embd"
    attention = Attention(
        hidden=d,
        heads=1,
        kv_heads=None,
        head_dim=d,
        projections=("q_proj", "k_proj", "v_proj", "out_proj"),
    )
    mlp = Mlp(hidden=d, width=inner, names=("fc_in", "fc_out"), bias=True)
    layer = LayerKind((("ln_1", Norm("", "layer", d)), ("attn", attention), ("mlp", mlp)))
    return Layout(
        base="transformer",
        embeddings=(Embedding("wte", "vocab_size", d),),
        layers="h",
        kinds=(layer,),
        counts=("n_layer",),
        after=(Norm("ln_f", "layer", d),),
        rotary=None,
        extra_buffers=(("rotary_emb.embed_positions", ("n_positions", "pos_embd_dim")),),
    )


def _gptj(config: Config) -> Built:
    config = _aliased(config, _GPT2_ALIASES)
    sizes = {
        "vocab_size": config.size("vocab_size"),
        "n_embd": config.size("n_embd"),
        "n_layer": config.size("n_layer"),
    }
    config.size("n_head")
    config.divisible("n_embd", "n_head")
    inner = config.optional_size("n_inner")
    if inner is not None:
        sizes["n_inner"] = inner
    rotary = config.get("rotary_dim")
    if isinstance(rotary, bool) or not isinstance(rotary, int):
        raise TypeError(f"rotary_dim must be an int, got {type(rotary).__name__} {rotary!r} (gptj)")
    features = rotary or sizes["n_embd"]
    extra = {
        "n_positions": config.size("n_positions"),
        # sin and cos of torch.arange(0, features, 2), side by side
        "pos_embd_dim": 2 * max(0, (features + 1) // 2),
    }
    return _gptj_layout("n_inner" if inner is not None else (4, "n_embd")), sizes, extra


# OPT


@cache
def _opt_layout(projected: bool, final_norm: bool, norm: str, bias: bool) -> Layout:
    d = "hidden_size"
    attention = Attention(
        heads=1,
        kv_heads=None,
        head_dim=d,
        projections=("q_proj", "k_proj", "v_proj", "out_proj"),
        bias=(bias, bias, bias, bias),
    )
    layer = LayerKind(
        (
            ("self_attn", attention),
            ("self_attn_layer_norm", Norm("", norm)),
            ("", Mlp(width="ffn_dim", names=("fc1", "fc2"), bias=bias)),
            ("final_layer_norm", Norm("", norm)),
        )
    )
    width = "word_embed_proj_dim" if projected else d
    before: tuple[object, ...] = ()
    after: tuple[object, ...] = ()
    if projected:
        before = (Linear("project_in", width, d, part="head"),)
        after = (Linear("project_out", d, width, part="head"),)
    if final_norm:
        after += (Norm("final_layer_norm", norm),)
    return Layout(
        base="model.decoder",
        model_base="decoder",
        embeddings=(
            Embedding("embed_tokens", "vocab_size", width),
            Embedding("embed_positions", "max_position_embeddings", d, offset=2),
        ),
        before=before,
        kinds=(layer,),
        after=after,
        rotary=None,
    )


def _opt(config: Config) -> Built:
    sizes = {
        "vocab_size": config.size("vocab_size"),
        "hidden_size": config.size("hidden_size"),
        "ffn_dim": config.size("ffn_dim"),
        "num_hidden_layers": config.size("num_hidden_layers"),
        "max_position_embeddings": config.size("max_position_embeddings"),
    }
    config.size("num_attention_heads")
    config.divisible("hidden_size", "num_attention_heads")
    _padding(config, sizes["vocab_size"])
    width = config.optional_size("word_embed_proj_dim")
    projected = width is not None and width != sizes["hidden_size"]
    if projected:
        sizes["word_embed_proj_dim"] = config.size("word_embed_proj_dim")
    final = config.flag("do_layer_norm_before") and not config.flag("_remove_final_layer_norm")
    norm = "layer" if config.flag("layer_norm_elementwise_affine") else "none"
    return _opt_layout(projected, final, norm, config.flag("enable_bias")), sizes, {}


# BLOOM


@cache
def _bloom_layout() -> Layout:
    d = "hidden_size"
    layer = LayerKind(
        (
            ("input_layernorm", Norm("", "layer")),
            ("self_attention", Fused("query_key_value", d, ((3, (d,)),))),
            ("self_attention", Linear("dense", d, d, True, "attention")),
            ("post_attention_layernorm", Norm("", "layer")),
            ("mlp", Mlp(width=(4, d), names=("dense_h_to_4h", "dense_4h_to_h"), bias=True)),
        )
    )
    return Layout(
        base="transformer",
        embeddings=(Embedding("word_embeddings", "vocab_size"),),
        before=(Norm("word_embeddings_layernorm", "layer"),),
        layers="h",
        kinds=(layer,),
        counts=("n_layer",),
        after=(Norm("ln_f", "layer"),),
        rotary=None,
    )


def _bloom(config: Config) -> Built:
    config = _aliased(
        config,
        {"n_embed": "hidden_size", "num_hidden_layers": "n_layer", "num_attention_heads": "n_head"},
        fallback=("n_embed",),
    )
    sizes = {
        "vocab_size": config.size("vocab_size"),
        "hidden_size": config.size("hidden_size"),
        "n_layer": config.size("n_layer"),
    }
    config.size("n_head")
    config.divisible("hidden_size", "n_head")
    return _bloom_layout(), sizes, {}


# GPT-BigCode


@cache
def _bigcode_layout(inner: Ref, multi_query: bool, cross: bool) -> Layout:
    d = "n_embd"
    qkv: Width = ((1, (d,)), (2, ("head_dim",))) if multi_query else ((3, (d,)),)
    blocks: list[tuple[str, object]] = [
        ("ln_1", Norm("", "layer", d)),
        ("attn", Fused("c_attn", d, qkv)),
        ("attn", Linear("c_proj", d, d, True, "attention")),
        ("ln_2", Norm("", "layer", d)),
    ]
    if cross:
        blocks += [
            ("crossattention", Linear("c_attn", d, (2, d), True, "attention")),
            ("crossattention", Linear("q_attn", d, d, True, "attention")),
            ("crossattention", Linear("c_proj", d, d, True, "attention")),
            ("ln_cross_attn", Norm("", "layer", d)),
        ]
    blocks.append(("mlp", Mlp(hidden=d, width=inner, names=("c_fc", "c_proj"), bias=True)))
    return Layout(
        base="transformer",
        embeddings=(Embedding("wte", "vocab_size", d), Embedding("wpe", "n_positions", d)),
        layers="h",
        kinds=(LayerKind(tuple(blocks)),),
        counts=("n_layer",),
        after=(Norm("ln_f", "layer", d),),
        rotary=None,
        extra_buffers=(("bias", ("n_positions", "n_positions")),),
    )


def _bigcode(config: Config) -> Built:
    config = _aliased(config, _GPT2_ALIASES)
    sizes, inner = _gpt2_sizes(config)
    multi_query = config.flag("multi_query")
    cross = config.flag("add_cross_attention")
    if cross and multi_query:
        raise ValueError(
            "add_cross_attention=True needs multi_query=False: GPT-BigCode has no "
            "multi-query cross-attention (gpt_bigcode)"
        )
    if multi_query:
        sizes["head_dim"] = sizes["n_embd"] // config.size("n_head")
    layout = _bigcode_layout("n_inner" if inner else (4, "n_embd"), multi_query, cross)
    return layout, sizes, {}


# Phi


@cache
def _phi_layout(kv_heads: bool, qk_norm: Ref | None) -> Layout:
    attention = Attention(
        kv_heads="num_key_value_heads" if kv_heads else None,
        projections=("q_proj", "k_proj", "v_proj", "dense"),
        bias=(True, True, True, True),
    )
    blocks: list[tuple[str, object]] = [("self_attn", attention)]
    if qk_norm is not None:
        blocks += [
            ("self_attn.q_layernorm", Norm("", "layer", qk_norm, part="attention")),
            ("self_attn.k_layernorm", Norm("", "layer", qk_norm, part="attention")),
        ]
    blocks += [
        ("mlp", Mlp(names=("fc1", "fc2"), bias=True)),
        ("input_layernorm", Norm("", "layer")),
    ]
    return Layout(
        embeddings=(Embedding("embed_tokens", "vocab_size"),),
        kinds=(LayerKind(tuple(blocks)),),
        after=(Norm("final_layernorm", "layer"),),
        rotary=("rotary_emb", "rotary_ndims"),
    )


def _phi(config: Config) -> Built:
    sizes = {
        "vocab_size": config.size("vocab_size"),
        "hidden_size": config.size("hidden_size"),
        "intermediate_size": config.size("intermediate_size"),
        "num_hidden_layers": config.size("num_hidden_layers"),
        "num_attention_heads": config.size("num_attention_heads"),
    }
    d, heads = sizes["hidden_size"], sizes["num_attention_heads"]
    _padding(config, sizes["vocab_size"])
    if config.get("num_key_value_heads") is not None:
        sizes["num_key_value_heads"] = config.size("num_key_value_heads")
    per_head = d // heads  # the query/key norms' width
    head_dim = config.optional_size("head_dim")
    if head_dim is None and per_head == 0:
        raise ValueError(
            f"hidden_size // num_attention_heads is 0 (hidden_size={d}, "
            f"num_attention_heads={heads}); give head_dim (phi)"
        )
    sizes["head_dim"] = per_head if head_dim is None else head_dim
    fraction = _rotary_fraction(config, "partial_rotary_factor", 0.5)
    if head_dim is not None:
        _odd_rotary(config, head_dim, fraction)
    qk_norm: Ref | None = None
    if config.flag("qk_layernorm"):
        qk_norm = "head_dim" if sizes["head_dim"] == per_head else per_head
    layout = _phi_layout("num_key_value_heads" in sizes, qk_norm)
    return layout, sizes, {"rotary_ndims": int(sizes["head_dim"] * fraction)}


_NO_TOKENS = ("ForCausalLM", "Model", "ForSequenceClassification", "ForQuestionAnswering")

register(
    Row(
        "gpt2",
        "GPT2",
        {
            "vocab_size": 50257,
            "n_positions": 1024,
            "n_embd": 768,
            "n_layer": 12,
            "n_head": 12,
            "n_inner": None,
            "tie_word_embeddings": True,
            "add_cross_attention": False,
        },
        _gpt2,
        "gpt",
        heads={
            "ForTokenClassification": lambda hidden, tied: (
                Linear("classifier", hidden, "num_labels", bias=True, part="head"),
            ),
        },
        causal="LMHeadModel",
    ),
    Row(
        "gpt_neox",
        "GPTNeoX",
        {
            "vocab_size": 50432,
            "hidden_size": 6144,
            "num_hidden_layers": 44,
            "num_attention_heads": 64,
            "intermediate_size": 24576,
            "tie_word_embeddings": False,
            "attention_bias": True,
        },
        _neox,
        "gpt",
        heads={"ForTokenClassification": _classifier},
    ),
    Row(
        "falcon",
        "Falcon",
        {
            "vocab_size": 65024,
            "hidden_size": 4544,
            "num_hidden_layers": 32,
            "num_attention_heads": 71,
            "num_ln_in_parallel_attn": None,
            "num_kv_heads": None,
            "new_decoder_architecture": False,
            "multi_query": True,
            "parallel_attn": True,
            "bias": False,
            "ffn_hidden_size": None,
            "tie_word_embeddings": True,
        },
        _falcon,
        "gpt",
        heads={"ForTokenClassification": _classifier},
    ),
    Row(
        "gptj",
        "GPTJ",
        {
            "vocab_size": 50400,
            "n_positions": 2048,
            "n_embd": 4096,
            "n_layer": 28,
            "n_head": 16,
            "rotary_dim": 64,
            "n_inner": None,
            "tie_word_embeddings": False,
        },
        _gptj,
        "gpt",
        classes=_NO_TOKENS,
        heads={"ForCausalLM": _head_with_bias},
    ),
    Row(
        "opt",
        "OPT",
        {
            "vocab_size": 50272,
            "hidden_size": 768,
            "num_hidden_layers": 12,
            "ffn_dim": 3072,
            "max_position_embeddings": 2048,
            "do_layer_norm_before": True,
            "_remove_final_layer_norm": False,
            "word_embed_proj_dim": None,
            "num_attention_heads": 12,
            "enable_bias": True,
            "layer_norm_elementwise_affine": True,
            "tie_word_embeddings": True,
            "pad_token_id": 1,
        },
        _opt,
        "gpt",
        classes=_NO_TOKENS,
    ),
    Row(
        "bloom",
        "Bloom",
        {
            "vocab_size": 250880,
            "hidden_size": 64,
            "n_layer": 2,
            "n_head": 8,
            "tie_word_embeddings": True,
        },
        _bloom,
        "gpt",
        heads={"ForTokenClassification": _classifier},
    ),
    Row(
        "gpt_bigcode",
        "GPTBigCode",
        {
            "vocab_size": 50257,
            "n_positions": 1024,
            "n_embd": 768,
            "n_layer": 12,
            "n_head": 12,
            "n_inner": None,
            "multi_query": True,
            "add_cross_attention": False,
            "tie_word_embeddings": True,
        },
        _bigcode,
        "gpt",
        classes=("ForCausalLM", "Model", "ForSequenceClassification", "ForTokenClassification"),
        heads={"ForTokenClassification": _classifier},
    ),
    Row(
        "phi",
        "Phi",
        {
            "vocab_size": 51200,
            "hidden_size": 2048,
            "intermediate_size": 8192,
            "num_hidden_layers": 24,
            "num_attention_heads": 32,
            "num_key_value_heads": None,
            "qk_layernorm": False,
            "tie_word_embeddings": False,
            "pad_token_id": None,
        },
        _phi,
        "gpt",
        classes=("ForCausalLM", "Model", "ForSequenceClassification", "ForTokenClassification"),
        heads={"ForCausalLM": _head_with_bias},
    ),
)
