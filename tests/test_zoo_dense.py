"""Dense decoders of the zoo against transformers: famous checkpoints, varied configs, refusals."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paramref import models
from tests.zoo import check_config, hf_model

#: Famous checkpoints: the published config.json keys that change the count, and
#: the totals ``transformers`` builds from them (total, without the embeddings).
CHECKPOINTS: dict[str, tuple[dict[str, Any], int, int]] = {
    "Qwen3-8B": (
        {
            "model_type": "qwen3",
            "architectures": ["Qwen3ForCausalLM"],
            "vocab_size": 151936,
            "hidden_size": 4096,
            "intermediate_size": 12288,
            "num_hidden_layers": 36,
            "num_attention_heads": 32,
            "num_key_value_heads": 8,
            "head_dim": 128,
            "attention_bias": False,
            "tie_word_embeddings": False,
        },
        8190735360,
        7568405504,
    ),
    "Gemma-7B": (
        {
            "model_type": "gemma",
            "architectures": ["GemmaForCausalLM"],
            "vocab_size": 256000,
            "hidden_size": 3072,
            "intermediate_size": 24576,
            "num_hidden_layers": 28,
            "num_attention_heads": 16,
            "num_key_value_heads": 16,
            "head_dim": 256,
            "pad_token_id": 0,
        },
        8537680896,
        7751248896,
    ),
    "Gemma-2-9B": (
        {
            "model_type": "gemma2",
            "architectures": ["Gemma2ForCausalLM"],
            "vocab_size": 256000,
            "hidden_size": 3584,
            "intermediate_size": 14336,
            "num_hidden_layers": 42,
            "num_attention_heads": 16,
            "num_key_value_heads": 8,
            "head_dim": 256,
            "pad_token_id": 0,
        },
        9241705984,
        8324201984,
    ),
    "Gemma-3-1B": (
        {
            "model_type": "gemma3_text",
            "architectures": ["Gemma3ForCausalLM"],
            "vocab_size": 262144,
            "hidden_size": 1152,
            "intermediate_size": 6912,
            "num_hidden_layers": 26,
            "num_attention_heads": 4,
            "num_key_value_heads": 1,
            "head_dim": 256,
            "sliding_window_pattern": 6,
            "pad_token_id": 0,
        },
        999885952,
        697896064,
    ),
    "Phi-3-mini-4k": (
        {
            "model_type": "phi3",
            "architectures": ["Phi3ForCausalLM"],
            "vocab_size": 32064,
            "hidden_size": 3072,
            "intermediate_size": 8192,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": 32,
            "tie_word_embeddings": False,
            "pad_token_id": 32000,
        },
        3821079552,
        3722578944,
    ),
    "Granite-3.0-8B": (
        {
            "model_type": "granite",
            "architectures": ["GraniteForCausalLM"],
            "vocab_size": 49155,
            "hidden_size": 4096,
            "intermediate_size": 12800,
            "num_hidden_layers": 40,
            "num_attention_heads": 32,
            "num_key_value_heads": 8,
            "attention_bias": False,
            "mlp_bias": False,
            "tie_word_embeddings": True,
            "embedding_multiplier": 12.0,
            "residual_multiplier": 0.22,
            "attention_multiplier": 0.0078125,
            "logits_scaling": 16.0,
            "pad_token_id": 0,
        },
        8170848256,
        7969509376,
    ),
    "SmolLM3-3B": (
        {
            "model_type": "smollm3",
            "architectures": ["SmolLM3ForCausalLM"],
            "vocab_size": 128256,
            "hidden_size": 2048,
            "intermediate_size": 11008,
            "num_hidden_layers": 36,
            "num_attention_heads": 16,
            "num_key_value_heads": 4,
            "tie_word_embeddings": True,
            "pad_token_id": 128004,
        },
        3075098624,
        2812430336,
    ),
    "OLMo-7B": (
        {
            "model_type": "olmo",
            "architectures": ["OlmoForCausalLM"],
            "vocab_size": 50304,
            "hidden_size": 4096,
            "intermediate_size": 11008,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": 32,
            "tie_word_embeddings": False,
            "pad_token_id": 1,
        },
        6888095744,
        6682050560,
    ),
    "OLMo-2-7B": (
        {
            "model_type": "olmo2",
            "architectures": ["Olmo2ForCausalLM"],
            "vocab_size": 100352,
            "hidden_size": 4096,
            "intermediate_size": 11008,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": 32,
            "tie_word_embeddings": False,
            "pad_token_id": 100277,
        },
        7298617344,
        6887575552,
    ),
    "Aya-23-8B": (
        {
            "model_type": "cohere",
            "architectures": ["CohereForCausalLM"],
            "vocab_size": 256000,
            "hidden_size": 4096,
            "intermediate_size": 14336,
            "num_hidden_layers": 32,
            "num_attention_heads": 32,
            "num_key_value_heads": 8,
            "use_qk_norm": False,
            "pad_token_id": 0,
        },
        8028033024,
        6979457024,
    ),
    "StarCoder2-7B": (
        {
            "model_type": "starcoder2",
            "architectures": ["Starcoder2ForCausalLM"],
            "vocab_size": 49152,
            "hidden_size": 4608,
            "intermediate_size": 18432,
            "num_hidden_layers": 32,
            "num_attention_heads": 36,
            "num_key_value_heads": 4,
            "use_bias": True,
        },
        7173923840,
        6947431424,
    ),
}


@pytest.mark.parametrize("name", sorted(CHECKPOINTS))
def test_famous_checkpoints_match_transformers(name: str) -> None:
    config, total, without_embeddings = CHECKPOINTS[name]
    spec = check_config(config)
    assert spec.params == total
    assert spec.num_parameters(exclude_embeddings=True) == without_embeddings


#: Checkpoints of the LLaMA, Mistral and Qwen2 rows: totals as transformers builds them.
LLAMA_FAMILY = [
    ("llama", 5120, 13824, 40, 40, 40, 32000, False, 13015864320),  # Llama-2-13B
    ("llama", 8192, 28672, 80, 64, 8, 32000, False, 68976648192),  # Llama-2-70B
    ("llama", 4096, 14336, 32, 32, 8, 128256, False, 8030261248),  # Llama-3-8B
    ("llama", 16384, 53248, 126, 128, 8, 128256, False, 405853388800),  # Llama-3.1-405B
    ("qwen2", 896, 4864, 24, 14, 2, 151936, True, 494032768),  # Qwen2-0.5B
]


@pytest.mark.parametrize("case", LLAMA_FAMILY)
def test_llama_family_checkpoints(case: tuple[Any, ...]) -> None:
    model_type, d, inner, layers, heads, kv, vocab, tied, total = case
    config = {
        "model_type": model_type,
        "hidden_size": d,
        "intermediate_size": inner,
        "num_hidden_layers": layers,
        "num_attention_heads": heads,
        "num_key_value_heads": kv,
        "vocab_size": vocab,
        "tie_word_embeddings": tied,
    }
    assert models.from_config(config).params == total


NEW_TYPES = [
    "qwen3",
    "gemma",
    "gemma2",
    "gemma3_text",
    "phi3",
    "granite",
    "smollm3",
    "olmo",
    "olmo2",
    "cohere",
    "starcoder2",
]

#: Flags each row reads (the other keys are sizes).
FLAGS = ("attention_bias", "mlp_bias", "use_bias", "use_qk_norm", "tie_word_embeddings")


@st.composite
def small_configs(draw: st.DrawFn, model_type: str) -> dict[str, Any]:
    row = models.ROWS[model_type]
    heads = draw(st.sampled_from([1, 2, 4]))
    config: dict[str, Any] = {
        "model_type": model_type,
        "vocab_size": draw(st.integers(8, 40)),
        "hidden_size": heads * draw(st.sampled_from([2, 4, 6])),
        "intermediate_size": draw(st.integers(1, 24)),
        "num_hidden_layers": draw(st.integers(1, 3)),
        "num_attention_heads": heads,
        "pad_token_id": 0,
    }
    divisors = [d for d in (1, 2, 4) if heads % d == 0]
    if model_type in ("qwen3", "phi3", "granite", "smollm3", "olmo", "olmo2", "cohere"):
        config["num_key_value_heads"] = draw(st.sampled_from([None, *divisors]))
    else:
        config["num_key_value_heads"] = draw(st.sampled_from(divisors))
    if draw(st.booleans()):
        config["head_dim"] = draw(st.sampled_from([2, 4, 6, 8]))
    for key in FLAGS:
        if key in row.defaults:
            config[key] = draw(st.booleans())
    if model_type == "phi3":
        config["partial_rotary_factor"] = draw(st.sampled_from([1.0, 0.5, 0.75]))
    if model_type == "gemma3_text":
        config["sliding_window_pattern"] = draw(st.integers(1, 3))
    return config


@pytest.mark.parametrize("model_type", NEW_TYPES)
def test_small_configs_match_transformers(model_type: str) -> None:
    @settings(max_examples=10, deadline=None)
    @given(small_configs(model_type))
    def check(config: dict[str, Any]) -> None:
        check_config(config)

    check()


def test_gemma3_rotary_tables_follow_the_layer_types() -> None:
    base = {"model_type": "gemma3_text", "vocab_size": 16, "hidden_size": 8}
    base |= {"num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 4}
    for layers, kinds in (
        (2, ["attention", "attention"]),  # the legacy name of full attention
        (3, ["sliding_attention", "full_attention", "sliding_attention"]),
        (1, ["sliding_attention"]),
    ):
        config = {**base, "num_hidden_layers": layers, "layer_types": kinds}
        spec = check_config(config)
        prefixes = {name.split(".")[-1].split("_")[0] for name in spec.buffers if "rotary" in name}
        assert prefixes == {"full" if k == "attention" else k.split("_")[0] for k in kinds}


def test_cohere_query_and_key_norms_are_one_per_head() -> None:
    config = {"model_type": "cohere", "hidden_size": 64, "num_attention_heads": 8}
    config |= {"num_key_value_heads": 2, "num_hidden_layers": 1, "use_qk_norm": True}
    spec = check_config(config)
    assert spec.shapes["model.layers.0.self_attn.q_norm.weight"] == (8, 8)
    assert spec.shapes["model.layers.0.self_attn.k_norm.weight"] == (2, 8)


def test_olmo_norms_hold_no_parameter() -> None:
    spec = models.from_config({"model_type": "olmo", "num_hidden_layers": 2})
    assert "norms" not in spec.breakdown  # weight-free LayerNorm: no part at all


def test_gemma_scaled_embedding_is_a_buffer() -> None:
    spec = models.from_config({"model_type": "gemma", "num_hidden_layers": 1})
    assert spec.buffers["model.embed_tokens.embed_scale"] == ()


@pytest.mark.parametrize(
    ("config", "error", "message"),
    [
        ({"model_type": "gemma", "head_dim": None}, TypeError, "head_dim must be an int"),
        ({"model_type": "qwen3", "head_dim": None}, TypeError, "head_dim must be an int"),
        ({"model_type": "phi3", "head_dim": None}, TypeError, "head_dim must be an int"),
        ({"model_type": "qwen3", "head_dim": 7}, ValueError, "head_dim must be even"),
        (
            {"model_type": "gemma2", "hidden_size": 100, "num_attention_heads": 8},
            ValueError,
            "hidden_size must be a multiple of num_attention_heads",
        ),
        ({"model_type": "gemma", "num_key_value_heads": None}, TypeError, "num_key_value_heads"),
        ({"model_type": "phi3", "vocab_size": 1000}, ValueError, "pad_token_id=32000"),
        ({"model_type": "olmo", "pad_token_id": 1.5}, TypeError, "pad_token_id must be an int"),
        ({"model_type": "cohere", "use_qk_norm": 1}, TypeError, "use_qk_norm must be a bool"),
        ({"model_type": "starcoder2", "use_bias": "yes"}, TypeError, "use_bias must be a bool"),
        ({"model_type": "gemma3_text", "layer_types": ["full_attention"]}, ValueError, "26 layers"),
        (
            {"model_type": "gemma3_text", "num_hidden_layers": 1, "layer_types": ["mamba"]},
            ValueError,
            "got 'mamba'",
        ),
    ],
)
def test_refusals_name_the_key(config: dict[str, Any], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        models.from_config(config)
    with pytest.raises(Exception):  # noqa: B017, PT011 (transformers refuses it too)
        hf_model(str(config["model_type"]), config)


def test_every_new_type_is_a_dense_row() -> None:
    for model_type in NEW_TYPES:
        assert models.ROWS[model_type].family == "dense"
        spec = models.from_config({"model_type": model_type})
        assert spec.active_params == spec.params  # type: ignore[attr-defined]
