"""Mixtures of experts: a router and many expert MLPs in place of one.

A token passes through the router, the ``top_k`` experts it picks, and any
shared expert; the other routed experts hold parameters it does not use. So a
mixture of experts has two counts: ``params``, everything it holds, and
``active_params``, what one token passes through.
"""

from __future__ import annotations

from functools import cache

from ._blocks import Attention, Embedding, Experts, Norm
from ._decoder import LayerKind, Layout
from ._dense import attention_sizes
from ._rows import Built, Config, Row, register

__all__: list[str] = []


@cache
def _mixtral_layout() -> Layout:
    experts = Experts(
        width="intermediate_size", experts="num_local_experts", top_k="num_experts_per_tok"
    )
    layer = LayerKind(
        (
            ("self_attn", Attention()),
            ("mlp", experts),
            ("input_layernorm", Norm("")),
            ("post_attention_layernorm", Norm("")),
        )
    )
    return Layout(
        embeddings=(Embedding("embed_tokens", "vocab_size"),), kinds=(layer,), experts=experts
    )


def _mixtral(config: Config) -> Built:
    sizes = attention_sizes(config, kv_optional=False)
    sizes["num_local_experts"] = config.size("num_local_experts")
    top_k = config.size("num_experts_per_tok")
    return _mixtral_layout(), sizes, {"num_experts_per_tok": top_k}


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
)
