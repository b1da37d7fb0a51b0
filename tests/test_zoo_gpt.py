"""The GPT-style rows against transformers: published checkpoints, drawn configs, refusals."""

from __future__ import annotations

from typing import Any

import pytest
import transformers
from huggingface_hub.errors import StrictDataclassError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paramref import models
from tests.zoo import check_config, check_model, hf_model

#: Published ``config.json`` files (the keys that matter, as published) and the
#: count ``transformers`` builds from each.
CHECKPOINTS: dict[str, tuple[dict[str, object], int]] = {
    "gpt2": (
        {
            "model_type": "gpt2",
            "architectures": ["GPT2LMHeadModel"],
            "n_ctx": 1024,
            "n_embd": 768,
            "n_head": 12,
            "n_layer": 12,
            "n_positions": 1024,
            "vocab_size": 50257,
            "activation_function": "gelu_new",
            "layer_norm_epsilon": 1e-05,
        },
        124439808,
    ),
    "gpt2-medium": (
        {
            "model_type": "gpt2",
            "architectures": ["GPT2LMHeadModel"],
            "n_ctx": 1024,
            "n_embd": 1024,
            "n_head": 16,
            "n_layer": 24,
            "n_positions": 1024,
            "vocab_size": 50257,
        },
        354823168,
    ),
    "gpt2-large": (
        {
            "model_type": "gpt2",
            "architectures": ["GPT2LMHeadModel"],
            "n_ctx": 1024,
            "n_embd": 1280,
            "n_head": 20,
            "n_layer": 36,
            "n_positions": 1024,
            "vocab_size": 50257,
        },
        774030080,
    ),
    "gpt2-xl": (
        {
            "model_type": "gpt2",
            "architectures": ["GPT2LMHeadModel"],
            "n_ctx": 1024,
            "n_embd": 1600,
            "n_head": 25,
            "n_layer": 48,
            "n_positions": 1024,
            "vocab_size": 50257,
        },
        1557611200,
    ),
    "pythia-160m": (
        {
            "model_type": "gpt_neox",
            "architectures": ["GPTNeoXForCausalLM"],
            "hidden_act": "gelu",
            "hidden_size": 768,
            "intermediate_size": 3072,
            "max_position_embeddings": 2048,
            "num_attention_heads": 12,
            "num_hidden_layers": 12,
            "rotary_emb_base": 10000,
            "rotary_pct": 0.25,
            "tie_word_embeddings": False,
            "use_parallel_residual": True,
            "vocab_size": 50304,
        },
        162322944,
    ),
    "pythia-1.4b": (
        {
            "model_type": "gpt_neox",
            "architectures": ["GPTNeoXForCausalLM"],
            "hidden_size": 2048,
            "intermediate_size": 8192,
            "max_position_embeddings": 2048,
            "num_attention_heads": 16,
            "num_hidden_layers": 24,
            "rotary_pct": 0.25,
            "tie_word_embeddings": False,
            "use_parallel_residual": True,
            "vocab_size": 50304,
        },
        1414647808,
    ),
    "pythia-6.9b": (
        {
            "model_type": "gpt_neox",
            "architectures": ["GPTNeoXForCausalLM"],
            "hidden_size": 4096,
            "intermediate_size": 16384,
            "max_position_embeddings": 2048,
            "num_attention_heads": 32,
            "num_hidden_layers": 32,
            "rotary_pct": 0.25,
            "tie_word_embeddings": False,
            "use_parallel_residual": True,
            "vocab_size": 50432,
        },
        6857302016,
    ),
    "gpt-neox-20b": (
        {
            "model_type": "gpt_neox",
            "architectures": ["GPTNeoXForCausalLM"],
            "hidden_act": "gelu_fast",
            "hidden_size": 6144,
            "intermediate_size": 24576,
            "max_position_embeddings": 2048,
            "num_attention_heads": 64,
            "num_hidden_layers": 44,
            "rotary_emb_base": 10000,
            "rotary_pct": 0.25,
            "tie_word_embeddings": False,
            "use_parallel_residual": True,
            "vocab_size": 50432,
        },
        20554567680,
    ),
    "falcon-7b": (
        {
            "model_type": "falcon",
            "architectures": ["FalconForCausalLM"],
            "alibi": False,
            "bias": False,
            "hidden_size": 4544,
            "multi_query": True,
            "new_decoder_architecture": False,
            "num_attention_heads": 71,
            "num_hidden_layers": 32,
            "parallel_attn": True,
            "vocab_size": 65024,
        },
        6921720704,
    ),
    "falcon-40b": (
        {
            "model_type": "falcon",
            "architectures": ["FalconForCausalLM"],
            "alibi": False,
            "bias": False,
            "hidden_size": 8192,
            "new_decoder_architecture": True,
            "num_attention_heads": 128,
            "num_hidden_layers": 60,
            "num_kv_heads": 8,
            "parallel_attn": True,
            "vocab_size": 65024,
        },
        41303293952,
    ),
    "gpt-j-6b": (
        {
            "model_type": "gptj",
            "architectures": ["GPTJForCausalLM"],
            "activation_function": "gelu_new",
            "n_embd": 4096,
            "n_head": 16,
            "n_inner": None,
            "n_layer": 28,
            "n_positions": 2048,
            "rotary": True,
            "rotary_dim": 64,
            "tie_word_embeddings": False,
            "vocab_size": 50400,
        },
        6050882784,
    ),
    "opt-125m": (
        {
            "model_type": "opt",
            "architectures": ["OPTForCausalLM"],
            "activation_function": "relu",
            "do_layer_norm_before": True,
            "ffn_dim": 3072,
            "hidden_size": 768,
            "max_position_embeddings": 2048,
            "num_attention_heads": 12,
            "num_hidden_layers": 12,
            "vocab_size": 50272,
            "word_embed_proj_dim": 768,
        },
        125239296,
    ),
    "opt-350m": (
        {
            "model_type": "opt",
            "architectures": ["OPTForCausalLM"],
            "activation_function": "relu",
            "do_layer_norm_before": False,
            "ffn_dim": 4096,
            "hidden_size": 1024,
            "max_position_embeddings": 2048,
            "num_attention_heads": 16,
            "num_hidden_layers": 24,
            "vocab_size": 50272,
            "word_embed_proj_dim": 512,
        },
        331196416,
    ),
    "opt-1.3b": (
        {
            "model_type": "opt",
            "architectures": ["OPTForCausalLM"],
            "do_layer_norm_before": True,
            "ffn_dim": 8192,
            "hidden_size": 2048,
            "max_position_embeddings": 2048,
            "num_attention_heads": 32,
            "num_hidden_layers": 24,
            "vocab_size": 50272,
            "word_embed_proj_dim": 2048,
        },
        1315758080,
    ),
    "opt-6.7b": (
        {
            "model_type": "opt",
            "architectures": ["OPTForCausalLM"],
            "do_layer_norm_before": True,
            "ffn_dim": 16384,
            "hidden_size": 4096,
            "max_position_embeddings": 2048,
            "num_attention_heads": 32,
            "num_hidden_layers": 32,
            "vocab_size": 50272,
            "word_embed_proj_dim": 4096,
        },
        6658473984,
    ),
    "bloom-560m": (
        {
            "model_type": "bloom",
            "architectures": ["BloomForCausalLM"],
            "apply_residual_connection_post_layernorm": False,
            "n_embed": 1024,
            "n_inner": None,
            "n_layer": 24,
            "num_attention_heads": 16,
            "offset_alibi": 100,
            "vocab_size": 250880,
        },
        559214592,
    ),
    "bloom-7b1": (
        {
            "model_type": "bloom",
            "architectures": ["BloomForCausalLM"],
            "hidden_size": 4096,
            "n_head": 32,
            "n_layer": 30,
            "vocab_size": 250880,
        },
        7069016064,
    ),
    "santacoder": (
        {
            "model_type": "gpt_bigcode",
            "architectures": ["GPTBigCodeForCausalLM"],
            "activation_function": "gelu_pytorch_tanh",
            "multi_query": True,
            "n_embd": 2048,
            "n_head": 16,
            "n_inner": 8192,
            "n_layer": 24,
            "n_positions": 2048,
            "vocab_size": 49280,
        },
        1124886528,
    ),
    "starcoder": (
        {
            "model_type": "gpt_bigcode",
            "architectures": ["GPTBigCodeForCausalLM"],
            "activation_function": "gelu_pytorch_tanh",
            "multi_query": True,
            "n_embd": 6144,
            "n_head": 48,
            "n_inner": 24576,
            "n_layer": 40,
            "n_positions": 8192,
            "vocab_size": 49152,
        },
        15517456384,
    ),
    "phi-1_5": (
        {
            "model_type": "phi",
            "architectures": ["PhiForCausalLM"],
            "hidden_act": "gelu_new",
            "hidden_size": 2048,
            "intermediate_size": 8192,
            "max_position_embeddings": 2048,
            "num_attention_heads": 32,
            "num_hidden_layers": 24,
            "num_key_value_heads": None,
            "partial_rotary_factor": 0.5,
            "qk_layernorm": False,
            "rope_scaling": None,
            "rope_theta": 10000.0,
            "tie_word_embeddings": False,
            "vocab_size": 51200,
        },
        1418270720,
    ),
    "phi-2": (
        {
            "model_type": "phi",
            "architectures": ["PhiForCausalLM"],
            "hidden_act": "gelu_new",
            "hidden_size": 2560,
            "intermediate_size": 10240,
            "max_position_embeddings": 2048,
            "num_attention_heads": 32,
            "num_hidden_layers": 32,
            "num_key_value_heads": 32,
            "partial_rotary_factor": 0.4,
            "qk_layernorm": False,
            "rope_scaling": None,
            "rope_theta": 10000.0,
            "tie_word_embeddings": False,
            "vocab_size": 51200,
        },
        2779683840,
    ),
}


@pytest.mark.parametrize("name", list(CHECKPOINTS))
def test_published_checkpoints(name: str) -> None:
    config, total = CHECKPOINTS[name]
    spec = check_config(config)
    assert spec.params == total


def test_names_and_counts() -> None:
    """What the names say against what the classes hold (the page's table)."""
    count = {name: models.from_config(config).params for name, (config, _) in CHECKPOINTS.items()}
    assert count["gpt-j-6b"] == 6_050_882_784
    assert count["falcon-7b"] == 6_921_720_704
    assert count["bloom-7b1"] == 7_069_016_064
    # OPT-350m's 512-wide token table is projected in and out
    spec = models.from_config(CHECKPOINTS["opt-350m"][0])
    assert spec.shapes["model.decoder.project_in.weight"] == (1024, 512)
    assert spec.shapes["model.decoder.embed_positions.weight"] == (2050, 1024)
    assert "model.decoder.final_layer_norm.weight" not in spec.shapes


#: What transformers raises when it refuses a config or cannot build the model.
REFUSED = (
    ValueError,
    TypeError,
    ZeroDivisionError,
    NotImplementedError,
    RuntimeError,
    AssertionError,
    StrictDataclassError,
)


def _agree(model_type: str, config: dict[str, Any], architecture: str = "ForCausalLM") -> None:
    """paramref and transformers both accept ``config`` with equal tensors, or both refuse it."""
    row = models.ROWS[model_type]
    full = {"model_type": model_type, "architectures": [row.class_name(architecture)], **config}
    try:
        model = hf_model(model_type, full)
    except REFUSED:
        with pytest.raises((ValueError, TypeError)):
            models.from_config(full)
        return
    check_model(models.from_config(full), model)


small = st.integers(1, 24)
heads = st.sampled_from([1, 2, 3, 4])
switch = st.booleans()
fuzz = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _classes(model_type: str) -> st.SearchStrategy[str]:
    return st.sampled_from(models.ROWS[model_type].classes)


@fuzz
@given(st.data(), heads, st.integers(1, 8), small, st.integers(1, 3), switch, switch)
def test_gpt_neox(
    data: st.DataObject, n: int, width: int, f: int, layers: int, bias: bool, tied: bool
) -> None:
    pct = data.draw(st.sampled_from([0.25, 0.5, 1.0]))
    config = {
        "hidden_size": 2 * width * n + data.draw(st.sampled_from([0, 0, 1])),
        "num_attention_heads": n,
        "intermediate_size": f,
        "num_hidden_layers": layers,
        "vocab_size": data.draw(small),
        "attention_bias": bias,
        "tie_word_embeddings": tied,
        "rotary_pct": pct,
    }
    _agree("gpt_neox", config, data.draw(_classes("gpt_neox")))


@fuzz
@given(st.data(), heads, st.integers(1, 8), st.integers(1, 3))
def test_falcon(data: st.DataObject, n: int, width: int, layers: int) -> None:
    flag = st.sampled_from([True, False, None])
    config = {
        "hidden_size": width * n,
        "num_attention_heads": n,
        "num_hidden_layers": layers,
        "vocab_size": data.draw(small),
        "num_kv_heads": data.draw(st.sampled_from([None, 1, 2])),
        "new_decoder_architecture": data.draw(flag),
        "multi_query": data.draw(flag),
        "parallel_attn": data.draw(flag),
        "bias": data.draw(flag),
        "num_ln_in_parallel_attn": data.draw(st.sampled_from([None, 1, 2])),
        "ffn_hidden_size": data.draw(st.one_of(st.none(), small)),
        "tie_word_embeddings": data.draw(switch),
    }
    _agree("falcon", config, data.draw(_classes("falcon")))


@fuzz
@given(st.data(), heads, st.integers(1, 8), st.integers(1, 3))
def test_gptj(data: st.DataObject, n: int, width: int, layers: int) -> None:
    config = {
        "n_embd": width * n,
        "n_head": n,
        "n_layer": layers,
        "n_positions": data.draw(small),
        "vocab_size": data.draw(small),
        "n_inner": data.draw(st.one_of(st.none(), small)),
        "rotary_dim": data.draw(st.integers(0, 9)),
        "tie_word_embeddings": data.draw(switch),
    }
    _agree("gptj", config, data.draw(_classes("gptj")))


@fuzz
@given(st.data(), heads, st.integers(1, 8), st.integers(1, 3))
def test_opt(data: st.DataObject, n: int, width: int, layers: int) -> None:
    d = width * n
    config = {
        "hidden_size": d,
        "num_attention_heads": n,
        "num_hidden_layers": layers,
        "ffn_dim": data.draw(small),
        "max_position_embeddings": data.draw(small),
        "vocab_size": data.draw(small),
        "word_embed_proj_dim": data.draw(st.sampled_from([None, d, 3])),
        "do_layer_norm_before": data.draw(switch),
        "_remove_final_layer_norm": data.draw(switch),
        "enable_bias": data.draw(switch),
        "layer_norm_elementwise_affine": data.draw(switch),
        "tie_word_embeddings": data.draw(switch),
    }
    _agree("opt", config, data.draw(_classes("opt")))


@fuzz
@given(st.data(), heads, st.integers(1, 8), st.integers(1, 3))
def test_bloom(data: st.DataObject, n: int, width: int, layers: int) -> None:
    d = width * n
    names = data.draw(
        st.sampled_from(
            [
                ("hidden_size", "n_layer", "n_head"),
                ("n_embed", "num_hidden_layers", "num_attention_heads"),
            ]
        )
    )
    config = dict(zip(names, (d, layers, n), strict=True))
    config |= {"vocab_size": data.draw(small), "tie_word_embeddings": data.draw(switch)}
    _agree("bloom", config, data.draw(_classes("bloom")))


@fuzz
@given(st.data(), heads, st.integers(1, 8), st.integers(1, 3))
def test_gpt_bigcode(data: st.DataObject, n: int, width: int, layers: int) -> None:
    config = {
        "n_embd": width * n,
        "n_head": n,
        "n_layer": layers,
        "n_positions": data.draw(small),
        "vocab_size": data.draw(small),
        "n_inner": data.draw(st.one_of(st.none(), small)),
        "multi_query": data.draw(switch),
        "add_cross_attention": data.draw(switch),
        "tie_word_embeddings": data.draw(switch),
    }
    _agree("gpt_bigcode", config, data.draw(_classes("gpt_bigcode")))


@fuzz
@given(st.data(), heads, st.integers(1, 8), st.integers(1, 3))
def test_phi(data: st.DataObject, n: int, width: int, layers: int) -> None:
    config = {
        "hidden_size": width * n + data.draw(st.sampled_from([0, 1])),
        "num_attention_heads": n,
        "num_hidden_layers": layers,
        "intermediate_size": data.draw(small),
        "vocab_size": data.draw(small),
        "num_key_value_heads": data.draw(st.sampled_from([None, 1, n])),
        "qk_layernorm": data.draw(switch),
        "partial_rotary_factor": data.draw(st.sampled_from([0.4, 0.5, 1.0])),
        "tie_word_embeddings": data.draw(switch),
    }
    if data.draw(switch):
        config["head_dim"] = data.draw(st.integers(1, 9))
    _agree("phi", config, data.draw(_classes("phi")))


@pytest.mark.parametrize(
    ("config", "error", "message"),
    [
        (
            {"model_type": "gpt_neox", "hidden_size": 100, "num_attention_heads": 3},
            ValueError,
            "hidden_size must be a multiple of num_attention_heads",
        ),
        (
            {"model_type": "falcon", "hidden_size": 35, "num_attention_heads": 7},
            ValueError,
            "head_dim must be even",
        ),
        ({"model_type": "falcon", "bias": "no"}, TypeError, "bias must be a bool"),
        ({"model_type": "gptj", "rotary_dim": None}, TypeError, "rotary_dim must be an int"),
        (
            {"model_type": "opt", "hidden_size": 100, "num_attention_heads": 3},
            ValueError,
            "hidden_size must be a multiple",
        ),
        (
            {"model_type": "bloom", "num_attention_heads": 5},
            ValueError,
            "hidden_size must be a multiple of n_head",
        ),
        (
            {"model_type": "gpt_bigcode", "add_cross_attention": True},
            ValueError,
            "add_cross_attention=True needs multi_query=False",
        ),
        (
            {"model_type": "phi", "hidden_size": 8, "num_attention_heads": 16},
            ValueError,
            "hidden_size // num_attention_heads is 0",
        ),
    ],
)
def test_refusals(config: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        models.from_config(config)
    model_type = str(config["model_type"])
    with pytest.raises(REFUSED):
        hf_model(model_type, config)


def test_only_the_classes_transformers_has() -> None:
    with pytest.raises(ValueError, match="architectures names 'GPTJForTokenClassification'"):
        models.from_config({"model_type": "gptj", "architectures": ["GPTJForTokenClassification"]})
    assert not hasattr(transformers, "GPTJForTokenClassification")
    assert not hasattr(transformers, "OPTForTokenClassification")
    assert not hasattr(transformers, "PhiForQuestionAnswering")
    assert not hasattr(transformers, "GPTBigCodeForQuestionAnswering")


def test_padding_row_must_be_in_the_table() -> None:
    """OPT's token table keeps row ``pad_token_id`` (1 by default): one row is refused."""
    with pytest.raises(ValueError, match="pad_token_id must be below vocab_size"):
        models.from_config({"model_type": "opt", "vocab_size": 1})
    assert models.from_config({"model_type": "opt", "vocab_size": 1, "pad_token_id": 0}).params
