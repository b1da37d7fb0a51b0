"""State-space rows against transformers: published checkpoints, random configs, refusals."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paramref import models
from tests.zoo import check_config, hf_active, hf_model

#: config.json keys of published checkpoints (the keys that change the count).
CHECKPOINTS: dict[str, dict[str, Any]] = {
    "mamba-130m": {"model_type": "mamba", "hidden_size": 768, "num_hidden_layers": 24,
                   "vocab_size": 50280, "state_size": 16, "expand": 2, "conv_kernel": 4},
    "mamba-2.8b": {"model_type": "mamba", "hidden_size": 2560, "num_hidden_layers": 64,
                   "vocab_size": 50280, "state_size": 16, "expand": 2, "conv_kernel": 4},
    "Mamba-Codestral-7B": {"model_type": "mamba2", "hidden_size": 4096, "num_hidden_layers": 64,
                           "vocab_size": 32768, "num_heads": 128, "head_dim": 64,
                           "n_groups": 8, "state_size": 128, "expand": 2,
                           "tie_word_embeddings": False},
    "Jamba-v0.1": {"model_type": "jamba", "architectures": ["JambaForCausalLM"],
                   "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
                   "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 65536,
                   "num_experts": 16, "num_experts_per_tok": 2, "attn_layer_period": 8,
                   "attn_layer_offset": 4, "expert_layer_period": 2, "expert_layer_offset": 1,
                   "mamba_d_state": 16, "mamba_d_conv": 4, "mamba_expand": 2,
                   "mamba_dt_rank": 256},
}  # fmt: skip

PUBLISHED = {
    "mamba-130m": 129_135_360,
    "mamba-2.8b": 2_768_345_600,
    "Mamba-Codestral-7B": 7_285_403_648,
    "Jamba-v0.1": 51_570_323_328,
}


@pytest.mark.parametrize("name", list(CHECKPOINTS))
def test_published_checkpoints(name: str) -> None:
    spec = check_config(CHECKPOINTS[name])
    assert spec.params == PUBLISHED[name]


def test_jamba_active_parameters() -> None:
    config = CHECKPOINTS["Jamba-v0.1"]
    spec = models.from_config(config)
    model = hf_model("jamba", config)
    assert spec.active_params == hf_active(model, 16, 2) == 12_110_311_296  # type: ignore[attr-defined]


@settings(max_examples=10)
@given(
    st.integers(1, 32),
    st.sampled_from([4, 8, 16]),
    st.integers(1, 3),
    st.integers(1, 8),
    st.integers(1, 4),
    st.one_of(st.just("auto"), st.integers(1, 5)),
    st.booleans(),
    st.booleans(),
)
def test_mamba_matches_transformers(
    vocab: int, d: int, layers: int, state: int, kernel: int, rank: object, bias: bool, cb: bool
) -> None:
    check_config(
        {"model_type": "mamba", "vocab_size": vocab, "hidden_size": d, "num_hidden_layers": layers,
         "state_size": state, "conv_kernel": kernel, "time_step_rank": rank, "use_bias": bias,
         "use_conv_bias": cb, "tie_word_embeddings": bias}
    )  # fmt: skip


def test_mamba_intermediate_size_wins_over_expand() -> None:
    # MambaConfig keeps a given intermediate_size; Mamba2Config ignores it.
    mamba = check_config({"model_type": "mamba", "hidden_size": 8, "num_hidden_layers": 2,
                          "vocab_size": 11, "intermediate_size": 24})  # fmt: skip
    assert mamba.shapes["backbone.layers.0.mixer.in_proj.weight"] == (48, 8)
    check_config({"model_type": "mamba2", "hidden_size": 8, "num_heads": 4, "head_dim": 4,
                  "num_hidden_layers": 1, "vocab_size": 11, "intermediate_size": 24})  # fmt: skip


@settings(max_examples=10)
@given(
    st.sampled_from([1, 2, 4]),
    st.sampled_from([2, 4]),
    st.integers(1, 3),
    st.integers(1, 6),
    st.sampled_from([1, 2]),
    st.booleans(),
)
def test_mamba2_matches_transformers(
    heads: int, head_dim: int, layers: int, state: int, groups: int, bias: bool
) -> None:
    d = heads * head_dim // 2
    check_config(
        {"model_type": "mamba2", "vocab_size": 11, "hidden_size": d, "num_heads": heads,
         "head_dim": head_dim, "num_hidden_layers": layers, "state_size": state,
         "n_groups": groups, "use_bias": bias, "expand": 2}
    )  # fmt: skip


@settings(max_examples=10)
@given(
    st.integers(1, 9),
    st.integers(1, 4),
    st.integers(0, 3),
    st.integers(1, 3),
    st.integers(0, 2),
    st.sampled_from([1, 2, 4]),
    st.booleans(),
)
def test_jamba_matches_transformers(
    layers: int, attn_period: int, attn_offset: int, moe_period: int, moe_offset: int,
    experts: int, bias: bool,
) -> None:  # fmt: skip
    config = {
        "model_type": "jamba", "vocab_size": 13, "hidden_size": 8, "intermediate_size": 6,
        "num_hidden_layers": layers, "num_attention_heads": 2, "num_key_value_heads": 1,
        "num_experts": experts, "num_experts_per_tok": 1,
        "attn_layer_period": attn_period, "attn_layer_offset": attn_offset % attn_period,
        "expert_layer_period": moe_period, "expert_layer_offset": moe_offset % moe_period,
        "mamba_d_state": 3, "mamba_d_conv": 2, "mamba_expand": 2, "mamba_proj_bias": bias,
    }  # fmt: skip
    spec = check_config(config)
    model = hf_model("jamba", config)
    assert spec.active_params == hf_active(model, experts, 1)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("config", "error", "message"),
    [
        ({"model_type": "mamba2", "hidden_size": 100}, ValueError, "num_heads \\* head_dim"),
        ({"model_type": "mamba", "expand": "2"}, TypeError, "expand must be a number"),
        ({"model_type": "mamba", "time_step_rank": 0}, ValueError, "time_step_rank must be"),
        ({"model_type": "jamba", "attn_layer_offset": 8}, ValueError, "attn_layer_offset must"),
    ],
)
def test_refusals(config: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        models.from_config(config)
