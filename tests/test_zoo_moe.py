"""Mixtures of experts against transformers: famous checkpoints, varied configs, refusals."""

from __future__ import annotations

import timeit
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paramref import models
from tests.zoo import check_config, check_model, hf_active, hf_model


def _layer_types(layers: int) -> list[str]:
    return ["sliding_attention" if i % 2 == 0 else "full_attention" for i in range(layers)]


_GPT_OSS_20B: dict[str, object] = {
    "architectures": ["GptOssForCausalLM"],
    "attention_bias": True,
    "attention_dropout": 0.0,
    "eos_token_id": 200002,
    "experts_per_token": 4,
    "head_dim": 64,
    "hidden_act": "silu",
    "hidden_size": 2880,
    "initial_context_length": 4096,
    "initializer_range": 0.02,
    "intermediate_size": 2880,
    "layer_types": _layer_types(24),
    "max_position_embeddings": 131072,
    "model_type": "gpt_oss",
    "num_attention_heads": 64,
    "num_experts_per_tok": 4,
    "num_hidden_layers": 24,
    "num_key_value_heads": 8,
    "num_local_experts": 32,
    "output_router_logits": False,
    "pad_token_id": 199999,
    "rms_norm_eps": 1e-05,
    "rope_scaling": {
        "beta_fast": 32.0,
        "beta_slow": 1.0,
        "factor": 32.0,
        "original_max_position_embeddings": 4096,
        "rope_type": "yarn",
        "truncate": False,
    },
    "rope_theta": 150000,
    "router_aux_loss_coef": 0.9,
    "sliding_window": 128,
    "swiglu_limit": 7.0,
    "tie_word_embeddings": False,
    "use_cache": True,
    "vocab_size": 201088,
}

#: The published config.json of famous checkpoints (keys as the files have them).
CHECKPOINTS: dict[str, dict[str, object]] = {
    "Mixtral-8x7B": {
        "architectures": ["MixtralForCausalLM"],
        "attention_dropout": 0.0,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "hidden_act": "silu",
        "hidden_size": 4096,
        "initializer_range": 0.02,
        "intermediate_size": 14336,
        "max_position_embeddings": 32768,
        "model_type": "mixtral",
        "num_attention_heads": 32,
        "num_experts_per_tok": 2,
        "num_hidden_layers": 32,
        "num_key_value_heads": 8,
        "num_local_experts": 8,
        "output_router_logits": False,
        "rms_norm_eps": 1e-05,
        "rope_theta": 1000000.0,
        "router_aux_loss_coef": 0.02,
        "sliding_window": None,
        "tie_word_embeddings": False,
        "torch_dtype": "bfloat16",
        "use_cache": True,
        "vocab_size": 32000,
    },
    "DeepSeek-V3": {
        "architectures": ["DeepseekV3ForCausalLM"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "aux_loss_alpha": 0.001,
        "bos_token_id": 0,
        "eos_token_id": 1,
        "ep_size": 1,
        "first_k_dense_replace": 3,
        "hidden_act": "silu",
        "hidden_size": 7168,
        "initializer_range": 0.02,
        "intermediate_size": 18432,
        "kv_lora_rank": 512,
        "max_position_embeddings": 163840,
        "model_type": "deepseek_v3",
        "moe_intermediate_size": 2048,
        "moe_layer_freq": 1,
        "n_group": 8,
        "n_routed_experts": 256,
        "n_shared_experts": 1,
        "norm_topk_prob": True,
        "num_attention_heads": 128,
        "num_experts_per_tok": 8,
        "num_hidden_layers": 61,
        "num_key_value_heads": 128,
        "num_nextn_predict_layers": 1,
        "q_lora_rank": 1536,
        "qk_nope_head_dim": 128,
        "qk_rope_head_dim": 64,
        "rms_norm_eps": 1e-06,
        "rope_scaling": {
            "beta_fast": 32,
            "beta_slow": 1,
            "factor": 40,
            "mscale": 1.0,
            "mscale_all_dim": 1.0,
            "original_max_position_embeddings": 4096,
            "type": "yarn",
        },
        "rope_theta": 10000,
        "routed_scaling_factor": 2.5,
        "scoring_func": "sigmoid",
        "seq_aux": True,
        "tie_word_embeddings": False,
        "topk_group": 4,
        "topk_method": "noaux_tc",
        "torch_dtype": "bfloat16",
        "use_cache": True,
        "v_head_dim": 128,
        "vocab_size": 129280,
    },
    "Qwen3-30B-A3B": {
        "architectures": ["Qwen3MoeForCausalLM"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "bos_token_id": 151643,
        "decoder_sparse_step": 1,
        "eos_token_id": 151645,
        "head_dim": 128,
        "hidden_act": "silu",
        "hidden_size": 2048,
        "initializer_range": 0.02,
        "intermediate_size": 6144,
        "max_position_embeddings": 40960,
        "max_window_layers": 48,
        "mlp_only_layers": [],
        "model_type": "qwen3_moe",
        "moe_intermediate_size": 768,
        "norm_topk_prob": True,
        "num_attention_heads": 32,
        "num_experts": 128,
        "num_experts_per_tok": 8,
        "num_hidden_layers": 48,
        "num_key_value_heads": 4,
        "output_router_logits": False,
        "rms_norm_eps": 1e-06,
        "rope_scaling": None,
        "rope_theta": 1000000.0,
        "router_aux_loss_coef": 0.001,
        "sliding_window": None,
        "tie_word_embeddings": False,
        "torch_dtype": "bfloat16",
        "use_cache": True,
        "use_sliding_window": False,
        "vocab_size": 151936,
    },
    "gpt-oss-20b": _GPT_OSS_20B,
    "gpt-oss-120b": {
        **_GPT_OSS_20B,
        "layer_types": _layer_types(36),
        "num_hidden_layers": 36,
        "num_local_experts": 128,
    },
    "Qwen1.5-MoE-A2.7B": {
        "architectures": ["Qwen2MoeForCausalLM"],
        "attention_dropout": 0.0,
        "bos_token_id": 151643,
        "decoder_sparse_step": 1,
        "eos_token_id": 151643,
        "hidden_act": "silu",
        "hidden_size": 2048,
        "initializer_range": 0.02,
        "intermediate_size": 5632,
        "max_position_embeddings": 8192,
        "max_window_layers": 21,
        "model_type": "qwen2_moe",
        "moe_intermediate_size": 1408,
        "norm_topk_prob": False,
        "num_attention_heads": 16,
        "num_experts": 60,
        "num_experts_per_tok": 4,
        "num_hidden_layers": 24,
        "num_key_value_heads": 16,
        "output_router_logits": False,
        "rms_norm_eps": 1e-06,
        "rope_theta": 1000000.0,
        "router_aux_loss_coef": 0.001,
        "shared_expert_intermediate_size": 5632,
        "sliding_window": 32768,
        "tie_word_embeddings": False,
        "torch_dtype": "bfloat16",
        "use_cache": True,
        "use_sliding_window": False,
        "vocab_size": 151936,
    },
    "OLMoE-1B-7B": {
        "architectures": ["OlmoeForCausalLM"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "clip_qkv": None,
        "eos_token_id": 50279,
        "hidden_act": "silu",
        "hidden_size": 2048,
        "initializer_range": 0.02,
        "intermediate_size": 1024,
        "max_position_embeddings": 4096,
        "model_type": "olmoe",
        "norm_topk_prob": False,
        "num_attention_heads": 16,
        "num_experts": 64,
        "num_experts_per_tok": 8,
        "num_hidden_layers": 16,
        "num_key_value_heads": 16,
        "output_router_logits": False,
        "pad_token_id": 1,
        "rms_norm_eps": 1e-05,
        "rope_scaling": None,
        "rope_theta": 10000.0,
        "router_aux_loss_coef": 0.01,
        "tie_word_embeddings": False,
        "torch_dtype": "bfloat16",
        "use_cache": True,
        "vocab_size": 50304,
    },
    "DeepSeek-V2-Lite": {
        "architectures": ["DeepseekV2ForCausalLM"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "aux_loss_alpha": 0.001,
        "bos_token_id": 100000,
        "eos_token_id": 100001,
        "first_k_dense_replace": 1,
        "hidden_act": "silu",
        "hidden_size": 2048,
        "initializer_range": 0.02,
        "intermediate_size": 10944,
        "kv_lora_rank": 512,
        "max_position_embeddings": 163840,
        "model_type": "deepseek_v2",
        "moe_intermediate_size": 1408,
        "moe_layer_freq": 1,
        "n_group": 1,
        "n_routed_experts": 64,
        "n_shared_experts": 2,
        "norm_topk_prob": False,
        "num_attention_heads": 16,
        "num_experts_per_tok": 6,
        "num_hidden_layers": 27,
        "num_key_value_heads": 16,
        "pretraining_tp": 1,
        "q_lora_rank": None,
        "qk_nope_head_dim": 128,
        "qk_rope_head_dim": 64,
        "rms_norm_eps": 1e-06,
        "rope_scaling": {
            "beta_fast": 32,
            "beta_slow": 1,
            "factor": 40,
            "mscale": 0.707,
            "mscale_all_dim": 0.707,
            "original_max_position_embeddings": 4096,
            "type": "yarn",
        },
        "rope_theta": 10000,
        "routed_scaling_factor": 1.0,
        "scoring_func": "softmax",
        "seq_aux": True,
        "tie_word_embeddings": False,
        "topk_group": 1,
        "topk_method": "greedy",
        "torch_dtype": "bfloat16",
        "use_cache": True,
        "v_head_dim": 128,
        "vocab_size": 102400,
    },
}

#: (total, active, active without the token embedding table), to the digit.
COUNTS = {
    "Mixtral-8x7B": (46_702_792_704, 12_879_925_248, 12_748_853_248),
    "DeepSeek-V3": (671_026_404_352, 37_552_282_624, 36_625_603_584),
    "Qwen3-30B-A3B": (30_532_122_624, 3_353_032_704, 3_041_867_776),
    "gpt-oss-20b": (20_914_757_184, 4_187_440_704, 3_608_307_264),
    "gpt-oss-120b": (116_829_156_672, 5_711_982_912, 5_132_849_472),
    "Qwen1.5-MoE-A2.7B": (14_315_784_192, 2_689_173_504, 2_378_008_576),
    "OLMoE-1B-7B": (6_919_161_856, 1_282_017_280, 1_178_994_688),
    "DeepSeek-V2-Lite": (15_706_484_224, 2_661_150_208, 2_451_435_008),
}


def _check_active(spec: Any, model: Any) -> None:
    experts = spec.layout.experts
    if experts is None:
        assert spec.active_params == spec.params
        return
    total = getattr(model.config, str(experts.experts))
    top_k = getattr(model.config, experts.top_k)
    assert spec.active_params == hf_active(model, total, top_k)


@pytest.mark.parametrize("name", CHECKPOINTS)
def test_checkpoint_matches_transformers_and_published_counts(name: str) -> None:
    config = CHECKPOINTS[name]
    spec: Any = check_config(config)
    _check_active(spec, hf_model(str(config["model_type"]), config))
    total, active, active_without_embeddings = COUNTS[name]
    assert spec.params == total
    assert spec.active_params == active
    assert spec.num_active_parameters(exclude_embeddings=True) == active_without_embeddings


def test_deepseek_v3_buffers_include_the_router_correction_bias() -> None:
    spec = models.from_config(CHECKPOINTS["DeepSeek-V3"])
    assert spec.buffers["model.layers.3.mlp.gate.e_score_correction_bias"] == (256,)
    assert "model.layers.2.mlp.gate.e_score_correction_bias" not in spec.buffers
    assert spec.buffers["model.rotary_emb.inv_freq"] == (32,)


def test_deepseek_formula_counts_dense_and_sparse_layers() -> None:
    spec = models.from_config(CHECKPOINTS["DeepSeek-V3"])
    symbols = {str(s) for s in spec.formula.free_symbols}
    assert {"first_k_dense_replace", "num_hidden_layers", "n_shared_experts"} <= symbols
    assert "q_lora_rank" in symbols
    lite = models.from_config(CHECKPOINTS["DeepSeek-V2-Lite"])
    assert "q_lora_rank" not in {str(s) for s in lite.formula.free_symbols}
    assert "model.layers.0.self_attn.q_proj.weight" in lite.shapes


# Varied configs, compared with transformers


def _compare(model_type: str, config: dict[str, object], architecture: str | None = None) -> None:
    full = {"model_type": model_type, **config}
    spec: Any = models.from_config(full)
    model = hf_model(model_type, full, architecture)
    check_model(spec, model)
    _check_active(spec, model)


small = st.integers(1, 6).map(lambda n: 2 * n)
heads = st.sampled_from([1, 2, 4])


def _base(hidden: int, layers: int, heads: int, kv: int, vocab: int) -> dict[str, object]:
    return {
        "hidden_size": heads * kv * hidden,
        "num_hidden_layers": layers,
        "num_attention_heads": heads * kv,
        "num_key_value_heads": kv,
        "vocab_size": vocab,
        "intermediate_size": 3 * hidden,
    }


zero_sized = pytest.mark.filterwarnings("ignore:Initializing zero-element tensors")


@settings(max_examples=10, deadline=None)
@given(
    small,
    st.integers(1, 6),
    heads,
    heads,
    st.integers(1, 9),
    st.integers(1, 3),
    st.integers(-3, 3).filter(bool),
    st.lists(st.integers(0, 7), max_size=3),
    st.sampled_from(["qwen2_moe", "qwen3_moe"]),
    st.booleans(),
)
def test_qwen_moe_sparse_steps_and_dense_layers(
    hidden: int,
    layers: int,
    heads: int,
    kv: int,
    experts: int,
    top_k: int,
    step: int,
    only: list[int],
    model_type: str,
    bias: bool,
) -> None:
    config = {
        **_base(hidden, layers, heads, kv, 50),
        "moe_intermediate_size": hidden,
        "num_experts": experts,
        "num_experts_per_tok": top_k,
        "decoder_sparse_step": step,
        "mlp_only_layers": only,
        "qkv_bias" if model_type == "qwen2_moe" else "attention_bias": bias,
        "shared_expert_intermediate_size": 2 * hidden,
    }
    if model_type == "qwen3_moe":
        del config["shared_expert_intermediate_size"]
    _compare(model_type, config)


def test_qwen2_moe_without_experts_is_dense() -> None:
    spec: Any = models.from_config({"model_type": "qwen2_moe", "num_experts": 0})
    assert spec.layout.experts is None
    assert spec.active_params == spec.params
    _compare("qwen2_moe", {"num_experts": 0, "num_hidden_layers": 2})


@settings(max_examples=10, deadline=None)
@given(
    small,
    st.integers(1, 4),
    heads,
    heads,
    st.integers(1, 6),
    st.sampled_from(["mixtral", "phimoe", "granitemoe", "olmoe", "gpt_oss"]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_single_kind_mixtures(
    hidden: int,
    layers: int,
    heads: int,
    kv: int,
    experts: int,
    model_type: str,
    bias: bool,
    tied: bool,
    head_dim: bool,
) -> None:
    key = "num_experts" if model_type == "olmoe" else "num_local_experts"
    config = {
        **_base(hidden, layers, heads, kv, 40),
        key: experts,
        "num_experts_per_tok": 1,
        "tie_word_embeddings": tied,
    }
    if model_type != "mixtral":
        config["attention_bias"] = bias
    if model_type == "phimoe":
        config["lm_head_bias"] = not bias
    if head_dim:
        config["head_dim"] = 6
    _compare(model_type, config)


@zero_sized
@settings(max_examples=10, deadline=None)
@given(
    st.integers(1, 4).map(lambda n: 8 * n),
    st.integers(1, 5),
    st.integers(0, 6),
    st.sampled_from([None, 4, 12]),
    st.integers(0, 3),
    st.booleans(),
    st.sampled_from(["deepseek_v2", "deepseek_v3"]),
)
def test_deepseek_latent_attention_and_dense_layers(
    hidden: int,
    layers: int,
    first: int,
    q_lora: int | None,
    shared: int,
    bias: bool,
    model_type: str,
) -> None:
    config: dict[str, object] = {
        "hidden_size": hidden,
        "num_hidden_layers": layers,
        "num_attention_heads": 4,
        "num_key_value_heads": 4,
        "vocab_size": 30,
        "intermediate_size": 20,
        "moe_intermediate_size": 6,
        "n_routed_experts": 5,
        "n_shared_experts": shared,
        "num_experts_per_tok": 2,
        "first_k_dense_replace": first,
        "q_lora_rank": q_lora,
        "kv_lora_rank": 10,
        "qk_nope_head_dim": 6,
        "qk_rope_head_dim": 4,
        "v_head_dim": 8,
        "attention_bias": bias,
        "mlp_bias": not bias,
    }
    if model_type == "deepseek_v3":
        del config["mlp_bias"]
    _compare(model_type, config)


@pytest.mark.parametrize(
    ("model_type", "architecture"),
    [("phimoe", "ForCausalLM"), ("phimoe", "ForSequenceClassification"), ("olmoe", "Model")],
)
def test_phimoe_head_bias_even_when_tied(model_type: str, architecture: str) -> None:
    row = models.ROWS[model_type]
    config: dict[str, object] = {
        "model_type": model_type,
        "hidden_size": 16,
        "intermediate_size": 8,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "vocab_size": 20,
        "tie_word_embeddings": True,
        "architectures": [row.class_name(architecture)],
    }
    if model_type == "phimoe":
        config["lm_head_bias"] = True
    spec = models.from_config(config)
    check_model(spec, hf_model(model_type, config))
    assert ("lm_head.bias" in spec.shapes) == (architecture == "ForCausalLM")


# Refusals


@pytest.mark.parametrize(
    ("config", "error", "match"),
    [
        ({"model_type": "qwen2_moe", "decoder_sparse_step": 0}, ValueError, "decoder_sparse_step"),
        ({"model_type": "qwen2_moe", "mlp_only_layers": [1.5]}, TypeError, "mlp_only_layers"),
        ({"model_type": "qwen2_moe", "num_key_value_heads": None}, TypeError, "num_key_value"),
        ({"model_type": "qwen3_moe", "num_experts": "8"}, TypeError, "num_experts"),
        ({"model_type": "deepseek_v2", "hidden_size": 100}, ValueError, "hidden_size"),
        ({"model_type": "deepseek_v3", "first_k_dense_replace": None}, TypeError, "first_k"),
        ({"model_type": "deepseek_v3", "qk_rope_head_dim": 7}, ValueError, "qk_rope_head_dim"),
        ({"model_type": "deepseek_v3", "v_head_dim": None}, TypeError, "v_head_dim"),
        ({"model_type": "deepseek_v3", "q_lora_rank": -1}, ValueError, "q_lora_rank"),
        ({"model_type": "gpt_oss", "num_local_experts": -1}, ValueError, "num_local_experts"),
        ({"model_type": "phimoe", "lm_head_bias": 1}, TypeError, "lm_head_bias"),
        ({"model_type": "gpt_oss", "head_dim": None}, TypeError, "head_dim"),
        ({"model_type": "granitemoe", "num_local_experts": None}, TypeError, "num_local_experts"),
    ],
)
def test_refusals_name_the_key(config: dict[str, object], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        models.from_config(config)


def test_odd_derived_head_size_is_accepted_where_transformers_accepts_it() -> None:
    config = {"hidden_size": 80, "num_attention_heads": 16, "num_key_value_heads": 4}
    for model_type in ("mixtral", "phimoe", "olmoe", "granitemoe", "qwen2_moe", "qwen3_moe"):
        assert models.from_config({"model_type": model_type, **config}).params > 0


@zero_sized
@pytest.mark.parametrize(
    "config",
    [
        {"model_type": "deepseek_v3", "q_lora_rank": 0, "num_hidden_layers": 4},
        {"model_type": "gpt_oss", "num_local_experts": 0, "num_hidden_layers": 1},
        {"model_type": "olmoe", "num_experts": 0, "num_hidden_layers": 1},
    ],
)
def test_zero_sizes_transformers_builds_are_accepted(config: dict[str, object]) -> None:
    spec: Any = models.from_config(config)
    check_model(spec, hf_model(str(config["model_type"]), config))
    if spec.breakdown["experts"] == 0:
        assert spec.active_params == spec.params


def test_deepseek_v2_default_has_no_experts_per_token() -> None:
    spec: Any = models.from_config({"model_type": "deepseek_v2"})
    assert spec.params == 38_612_307_968
    with pytest.raises(ValueError, match="num_experts_per_tok is None"):
        spec.active_params  # noqa: B018


def test_counting_does_not_grow_with_depth() -> None:
    """DeepSeek-V3's count is a polynomial in the layer count: 100 times deeper, as fast."""
    config = CHECKPOINTS["DeepSeek-V3"]
    deep = {**config, "num_hidden_layers": 6100}

    def best(c: dict[str, object]) -> float:
        assert models.from_config(c).params > 0  # compiles the count once
        return min(timeit.repeat(lambda: models.from_config(c).params, number=500, repeat=7))

    assert models.from_config(deep).params > 90 * models.from_config(config).params
    assert best(deep) < 3 * best(config)
