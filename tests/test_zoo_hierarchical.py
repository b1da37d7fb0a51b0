"""Swin and ConvNeXt against transformers: every class, published checkpoints, drawn
configs, refusals."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paramref import models
from tests.zoo import check_config, check_every_class, hf_model

HIERARCHICAL = [t for t, row in models.ROWS.items() if row.family == "hierarchical"]

#: ImageNet-1k's labels, as the published configs list them (the names do not count).
IMAGENET = {str(i): f"class {i}" for i in range(1000)}


def test_the_hierarchical_rows() -> None:
    assert HIERARCHICAL == ["swin", "convnext"]


@pytest.mark.parametrize("labels", [3, 0])
@pytest.mark.parametrize("model_type", HIERARCHICAL)
def test_every_class_matches_transformers(model_type: str, labels: int) -> None:
    """Both classes; ``num_labels=0`` makes the classifier an ``nn.Identity``."""
    check_every_class(model_type, {"num_labels": labels})


_SWIN_TINY: dict[str, object] = {
    "architectures": ["SwinForImageClassification"],
    "attention_probs_dropout_prob": 0.0,
    "depths": [2, 2, 6, 2],
    "drop_path_rate": 0.1,
    "embed_dim": 96,
    "encoder_stride": 32,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.0,
    "hidden_size": 768,
    "id2label": IMAGENET,
    "image_size": 224,
    "initializer_range": 0.02,
    "layer_norm_eps": 1e-05,
    "mlp_ratio": 4.0,
    "model_type": "swin",
    "num_channels": 3,
    "num_heads": [3, 6, 12, 24],
    "num_layers": 4,
    "patch_size": 4,
    "path_norm": True,
    "qkv_bias": True,
    "use_absolute_embeddings": False,
    "window_size": 7,
}

_CONVNEXT_TINY: dict[str, object] = {
    "architectures": ["ConvNextForImageClassification"],
    "depths": [3, 3, 9, 3],
    "drop_path_rate": 0.0,
    "hidden_act": "gelu",
    "hidden_sizes": [96, 192, 384, 768],
    "id2label": IMAGENET,
    "image_size": 224,
    "initializer_range": 0.02,
    "layer_norm_eps": 1e-12,
    "layer_scale_init_value": 1e-06,
    "model_type": "convnext",
    "num_channels": 3,
    "num_stages": 4,
    "patch_size": 4,
}

#: Published ``config.json`` files (label names elided to ``IMAGENET``), the count of
#: their class and of ``AutoModel``'s base class.
CHECKPOINTS: dict[str, tuple[dict[str, object], int, int]] = {
    "microsoft/swin-tiny-patch4-window7-224": (_SWIN_TINY, 28_288_354, 27_519_354),
    "microsoft/swin-base-patch4-window7-224": (
        {
            **_SWIN_TINY,
            "depths": [2, 2, 18, 2],
            "embed_dim": 128,
            "hidden_size": 1024,
            "num_heads": [4, 8, 16, 32],
        },
        87_768_224,
        86_743_224,
    ),
    "facebook/convnext-tiny-224": (_CONVNEXT_TINY, 28_589_128, 27_820_128),
    "facebook/convnext-base-224": (
        {**_CONVNEXT_TINY, "depths": [3, 3, 27, 3], "hidden_sizes": [128, 256, 512, 1024]},
        88_591_464,
        87_566_464,
    ),
}


@pytest.mark.parametrize("name", list(CHECKPOINTS))
def test_published_checkpoints(name: str) -> None:
    config, total, base = CHECKPOINTS[name]
    assert check_config(config).params == total
    without = {k: v for k, v in config.items() if k not in ("architectures", "id2label")}
    assert models.from_config(without).params == base
    listed = models.CHECKPOINTS[name.split("/")[1]]
    assert models.from_config(listed).params == total


def test_the_formulas_name_each_stage() -> None:
    swin = models.from_config({"model_type": "swin"})
    names = {str(s) for s in swin.formula.free_symbols}
    assert names == {
        "embed_dim",
        "num_channels",
        "patch_size",
        "window_size",
        *(f"{key}_{i}" for key in ("depths", "num_heads") for i in range(4)),
    }
    convnext = models.from_config({"model_type": "convnext"})
    names = {str(s) for s in convnext.formula.free_symbols}
    assert names == {
        "num_channels",
        "patch_size",
        *(f"{key}_{i}" for key in ("depths", "hidden_sizes") for i in range(4)),
    }


_SIZE = st.integers(1, 3)
_PATCH = st.one_of(st.integers(1, 4), st.tuples(st.integers(1, 4), st.integers(1, 4)).map(list))


@st.composite
def swin_configs(draw: st.DrawFn) -> dict[str, object]:
    stages = draw(st.integers(1, 3))
    depths = draw(st.lists(st.integers(0, 2), min_size=stages, max_size=stages))
    embed_dim = draw(st.sampled_from([4, 6, 8]))
    heads = [draw(st.integers(1, embed_dim * 2**i)) for i in range(stages)]
    return {
        "model_type": "swin",
        "architectures": [draw(st.sampled_from(["SwinModel", "SwinForImageClassification"]))],
        "num_labels": draw(st.integers(0, 3)),
        "embed_dim": embed_dim,
        "depths": depths,
        "num_heads": heads,
        "window_size": draw(st.integers(1, 5)),
        "mlp_ratio": draw(st.sampled_from([1.0, 2, 4.0, 2.5])),
        "qkv_bias": draw(st.booleans()),
        "use_absolute_embeddings": draw(st.booleans()),
        "num_channels": draw(_SIZE),
        "patch_size": draw(_PATCH),
        "image_size": draw(st.sampled_from([8, 12, [12, 8]])),
    }


@st.composite
def convnext_configs(draw: st.DrawFn) -> dict[str, object]:
    stages = draw(st.integers(0, 4))
    extra = draw(st.integers(0, 1))
    return {
        "model_type": "convnext",
        "architectures": [
            draw(st.sampled_from(["ConvNextModel", "ConvNextForImageClassification"]))
        ],
        "num_labels": draw(st.integers(0, 3)),
        "num_stages": stages,
        "depths": draw(st.lists(st.integers(0, 2), min_size=stages, max_size=stages + extra)),
        "hidden_sizes": draw(
            st.lists(st.integers(1, 8), min_size=max(stages, 1), max_size=max(stages, 1) + extra)
        ),
        "layer_scale_init_value": draw(st.sampled_from([0.0, 1e-6, -1.0])),
        "num_channels": draw(_SIZE),
        "patch_size": draw(_PATCH),
    }


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(config=st.one_of(swin_configs(), convnext_configs()))
def test_drawn_configs_match_transformers(config: dict[str, object]) -> None:
    check_config(config)


@pytest.mark.parametrize(
    ("config", "error", "match"),
    [
        ({"model_type": "swin", "depths": 2}, TypeError, "depths must be a list"),
        ({"model_type": "swin", "depths": [2, -1]}, ValueError, "depths must hold"),
        ({"model_type": "swin", "depths": [1, 1], "num_heads": [2]}, ValueError, "num_heads"),
        ({"model_type": "swin", "depths": [1], "num_heads": [0]}, ValueError, r"num_heads\[0\]"),
        ({"model_type": "swin", "depths": [1], "num_heads": [200]}, ValueError, r"num_heads\[0\]"),
        ({"model_type": "swin", "mlp_ratio": -1.0}, ValueError, "mlp_ratio"),
        ({"model_type": "swin", "patch_size": 0}, ValueError, "patch_size"),
        ({"model_type": "swin", "qkv_bias": 1}, TypeError, "qkv_bias"),
        ({"model_type": "convnext", "num_stages": 5}, ValueError, "num_stages=5"),
        ({"model_type": "convnext", "hidden_sizes": []}, ValueError, "hidden_sizes"),
        ({"model_type": "convnext", "depths": [1, 1, 1, -1]}, ValueError, "depths"),
        ({"model_type": "convnext", "layer_scale_init_value": "x"}, TypeError, "layer_scale"),
    ],
)
def test_refusals_name_the_key(config: dict[str, object], error: type, match: str) -> None:
    """What transformers refuses (an index out of range, a head of no features, a
    negative width) is refused here, naming the key."""
    with pytest.raises(error, match=match):
        models.from_config(config)
    with pytest.raises(Exception):  # noqa: B017, PT011
        hf_model(str(config["model_type"]), config)


def test_the_command_line_takes_a_value_per_stage(capsys: pytest.CaptureFixture[str]) -> None:
    """``paramref model swin --depths 2,2,18,2``: list keys as integers separated by commas."""
    from paramref._cli import main

    argv = ["model", "swin", "--embed_dim", "128", "--depths", "2,2,18,2"]
    assert main([*argv, "--num_heads", "[4, 8, 16, 32]", "--mlp_ratio", "4", "--json"]) == 0
    assert '"params": 86743224' in capsys.readouterr().out
    assert main(["model", "convnext", "--depths", "3,x"]) == 2
    assert "--depths takes integers separated by commas" in capsys.readouterr().err
