"""Vision transformers and dual towers against transformers: every class, published
checkpoints, drawn configs, refusals."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paramref import models
from tests.zoo import check_config, check_every_class, check_model, hf_model

VISION = [t for t, row in models.ROWS.items() if row.family == "vision"]
TOWERS = [t for t, row in models.ROWS.items() if row.family == "towers"]

SMALL: dict[str, object] = {
    "hidden_size": 32,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "image_size": 32,
    "patch_size": 8,
}


def test_the_rows() -> None:
    assert VISION == ["vit", "dinov2", "dinov2_with_registers"]
    assert TOWERS == ["clip", "siglip"]


@pytest.mark.parametrize("labels", [3, 0])
@pytest.mark.parametrize("model_type", VISION)
def test_every_class_matches_transformers(model_type: str, labels: int) -> None:
    """Every class of the row; an image classifier of no labels has no classifier."""
    check_every_class(model_type, {**SMALL, "num_labels": labels})


#: Published ``config.json`` files, as published but for the label names (the keys of
#: ``id2label`` are what count) and their published totals.
VIT_BASE: dict[str, Any] = {
    "architectures": ["ViTForImageClassification"],
    "attention_probs_dropout_prob": 0.0,
    "encoder_stride": 16,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.0,
    "hidden_size": 768,
    "id2label": {str(i): f"class {i}" for i in range(1000)},
    "image_size": 224,
    "initializer_range": 0.02,
    "intermediate_size": 3072,
    "layer_norm_eps": 1e-12,
    "model_type": "vit",
    "num_attention_heads": 12,
    "num_channels": 3,
    "num_hidden_layers": 12,
    "patch_size": 16,
    "qkv_bias": True,
}
DINOV2_SMALL: dict[str, Any] = {
    "architectures": ["Dinov2Model"],
    "attention_probs_dropout_prob": 0.0,
    "drop_path_rate": 0.0,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.0,
    "hidden_size": 384,
    "image_size": 518,
    "initializer_range": 0.02,
    "layer_norm_eps": 1e-06,
    "layerscale_value": 1.0,
    "mlp_ratio": 4,
    "model_type": "dinov2",
    "num_attention_heads": 6,
    "num_channels": 3,
    "num_hidden_layers": 12,
    "patch_size": 14,
    "qkv_bias": True,
    "torch_dtype": "float32",
    "use_swiglu_ffn": False,
}
#: CLIP ViT-L/14 as published: the sub-configs in full (abridged here to their
#: counted keys) and again as ``*_config_dict``, which take precedence.
CLIP_LARGE: dict[str, Any] = {
    "architectures": ["CLIPModel"],
    "initializer_factor": 1.0,
    "logit_scale_init_value": 2.6592,
    "model_type": "clip",
    "projection_dim": 768,
    "text_config": {
        "hidden_act": "quick_gelu",
        "hidden_size": 768,
        "intermediate_size": 3072,
        "max_position_embeddings": 77,
        "model_type": "clip_text_model",
        "num_attention_heads": 12,
        "num_hidden_layers": 12,
        "projection_dim": 768,
        "vocab_size": 49408,
    },
    "text_config_dict": {
        "hidden_size": 768,
        "intermediate_size": 3072,
        "num_attention_heads": 12,
        "num_hidden_layers": 12,
        "projection_dim": 768,
    },
    "vision_config": {
        "hidden_act": "quick_gelu",
        "hidden_size": 1024,
        "image_size": 224,
        "intermediate_size": 4096,
        "model_type": "clip_vision_model",
        "num_attention_heads": 16,
        "num_channels": 3,
        "num_hidden_layers": 24,
        "patch_size": 14,
        "projection_dim": 768,
    },
    "vision_config_dict": {
        "hidden_size": 1024,
        "intermediate_size": 4096,
        "num_attention_heads": 16,
        "num_hidden_layers": 24,
        "patch_size": 14,
        "projection_dim": 768,
    },
}
SIGLIP_SO400M: dict[str, Any] = {
    "architectures": ["SiglipModel"],
    "initializer_factor": 1.0,
    "model_type": "siglip",
    "text_config": {
        "hidden_size": 1152,
        "intermediate_size": 4304,
        "model_type": "siglip_text_model",
        "num_attention_heads": 16,
        "num_hidden_layers": 27,
    },
    "torch_dtype": "float32",
    "vision_config": {
        "hidden_size": 1152,
        "image_size": 384,
        "intermediate_size": 4304,
        "model_type": "siglip_vision_model",
        "num_attention_heads": 16,
        "num_hidden_layers": 27,
        "patch_size": 14,
    },
}


@pytest.mark.parametrize(
    ("config", "total"),
    [
        (VIT_BASE, 86_567_656),
        (DINOV2_SMALL, 22_056_576),
        (CLIP_LARGE, 427_616_513),
        (SIGLIP_SO400M, 877_960_498),
    ],
    ids=["vit-base-patch16-224", "dinov2-small", "clip-vit-large-patch14", "siglip-so400m"],
)
def test_published_configs(config: dict[str, Any], total: int) -> None:
    assert check_config(config).params == total


def test_published_totals_of_the_listed_checkpoints() -> None:
    """The totals the pages quote (each also checked against transformers in test_zoo)."""
    totals = {
        "vit-base-patch16-224": 86_567_656,
        "vit-base-patch16-224-in21k": 86_389_248,
        "vit-large-patch16-224": 304_326_632,
        "dinov2-small": 22_056_576,
        "dinov2-base": 86_580_480,
        "dinov2-large": 304_368_640,
        "dinov2-giant": 1_136_480_768,
        "clip-vit-base-patch32": 151_277_313,
        "clip-vit-large-patch14": 427_616_513,
        "siglip-base-patch16-224": 203_155_970,
        "siglip-so400m-patch14-384": 877_960_498,
    }
    for name, total in totals.items():
        assert models.from_config(models.CHECKPOINTS[name]).params == total, name


def test_nested_keys_are_symbols_by_path() -> None:
    spec = models.from_config(models.CHECKPOINTS["clip-vit-base-patch32"])
    names = {str(s) for s in spec.formula.free_symbols}
    assert "text_config.hidden_size" in names
    assert "vision_config.num_patches" in names
    assert spec.shapes["vision_model.embeddings.position_embedding.weight"] == (50, 768)


@st.composite
def vision_configs(draw: st.DrawFn, model_type: str) -> dict[str, object]:
    heads = draw(st.sampled_from([1, 2, 4]))
    config: dict[str, object] = {
        "model_type": model_type,
        "hidden_size": heads * draw(st.sampled_from([4, 6, 8])) + draw(st.sampled_from([0, 0, 1])),
        "num_attention_heads": heads,
        "num_hidden_layers": draw(st.integers(0, 2)),
        "num_channels": draw(st.integers(1, 4)),
        "qkv_bias": draw(st.booleans()),
    }
    patch = draw(st.integers(2, 6))
    config["patch_size"] = draw(st.sampled_from([patch, [patch, patch + 1]]))
    config["image_size"] = draw(st.sampled_from([draw(st.integers(6, 20)), [12, 17]]))
    if model_type == "vit":
        config["intermediate_size"] = draw(st.integers(1, 24))
        config["encoder_stride"] = draw(st.integers(1, 4))
        if draw(st.booleans()):
            config["pooler_output_size"] = draw(st.integers(1, 12))
    else:
        config["mlp_ratio"] = draw(st.integers(1, 4))
        config["use_swiglu_ffn"] = draw(st.booleans())
    if model_type == "dinov2":
        config["use_mask_token"] = draw(st.booleans())
    if model_type == "dinov2_with_registers":
        config["num_register_tokens"] = draw(st.integers(1, 3))
    if draw(st.booleans()):
        config["head_dim"] = draw(st.integers(1, 6))
    row = models.ROWS[model_type]
    config["architectures"] = [row.class_name(draw(st.sampled_from(row.classes)))]
    config["num_labels"] = draw(st.integers(0, 3))
    return config


@pytest.mark.parametrize("model_type", VISION)
def test_drawn_vision_configs_match_transformers(model_type: str) -> None:
    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(vision_configs(model_type))
    def check(config: dict[str, object]) -> None:
        check_model(models.from_config(config), hf_model(model_type, config))

    check()


@st.composite
def tower_configs(draw: st.DrawFn, model_type: str) -> dict[str, object]:
    def tower() -> dict[str, object]:
        heads = draw(st.sampled_from([1, 2]))
        return {
            "hidden_size": heads * draw(st.sampled_from([4, 8])),
            "num_attention_heads": heads,
            "num_hidden_layers": draw(st.integers(0, 2)),
            "intermediate_size": draw(st.integers(1, 16)),
        }

    text = {
        **tower(),
        "vocab_size": draw(st.integers(1, 50)),
        "max_position_embeddings": draw(st.integers(1, 20)),
    }
    vision = {
        **tower(),
        "num_channels": draw(st.integers(1, 3)),
        "image_size": draw(st.integers(5, 20)),
        "patch_size": draw(st.integers(2, 5)),
    }
    config: dict[str, object] = {"model_type": model_type, "text_config": text}
    if model_type == "clip":
        config["projection_dim"] = draw(st.integers(1, 12))
        if draw(st.booleans()):  # the published files' second copy, which wins
            config["vision_config_dict"] = vision
            config["vision_config"] = {"hidden_size": 64}
        else:
            config["vision_config"] = vision
    else:
        vision["vision_use_head"] = draw(st.booleans())
        if draw(st.booleans()):
            text["projection_size"] = draw(st.integers(1, 12))
        config["vision_config"] = vision
    return config


@pytest.mark.parametrize("model_type", TOWERS)
def test_drawn_tower_configs_match_transformers(model_type: str) -> None:
    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(tower_configs(model_type))
    def check(config: dict[str, object]) -> None:
        check_model(models.from_config(config), hf_model(model_type, config))

    check()


@pytest.mark.parametrize(
    ("config", "error", "message"),
    [
        ({"model_type": "vit", "patch_size": 0}, ValueError, "patch_size must be a positive"),
        ({"model_type": "vit", "patch_size": [16]}, ValueError, r"patch_size must be .*\[16\]"),
        ({"model_type": "vit", "image_size": "224"}, TypeError, "image_size must be an int"),
        (
            {"model_type": "vit", "hidden_size": 8, "num_attention_heads": 12},
            ValueError,
            "hidden_size // num_attention_heads is 0",
        ),
        ({"model_type": "dinov2", "mlp_ratio": 2.5}, TypeError, "mlp_ratio must be an int"),
        ({"model_type": "dinov2", "use_swiglu_ffn": 1}, TypeError, "use_swiglu_ffn must be a bool"),
        (
            {"model_type": "dinov2_with_registers", "num_register_tokens": -1},
            ValueError,
            "num_register_tokens must be an integer >= 0",
        ),
        ({"model_type": "clip", "text_config": [1]}, TypeError, "text_config must be a mapping"),
        (
            {"model_type": "clip", "vision_config": {"hidden_size": 100}},
            ValueError,
            "vision_config.hidden_size must be a multiple of vision_config.num_attention_heads",
        ),
        (
            {"model_type": "clip", "text_config_dict": {"vocab_size": -1}},
            ValueError,
            "text_config.vocab_size must be an integer >= 0",
        ),
        (
            {"model_type": "siglip", "vision_config": {"image_size": [224, 224]}},
            TypeError,
            "vision_config.image_size must be an int",
        ),
        (
            {"model_type": "siglip", "vision_config": {"vision_use_head": "yes"}},
            TypeError,
            "vision_config.vision_use_head must be a bool",
        ),
    ],
)
def test_refusals(config: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        models.from_config(config)
