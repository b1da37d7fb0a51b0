"""The encoder-decoder rows against transformers: every class, published checkpoints, drawn
configs, refusals."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paramref import models
from tests.zoo import check_config, check_every_class, hf_config, hf_model

SEQ2SEQ = [t for t, row in models.ROWS.items() if row.family == "seq2seq"]


def test_the_seq2seq_rows() -> None:
    assert SEQ2SEQ == ["t5", "bart", "mbart", "whisper"]
    for model_type in SEQ2SEQ:
        spec = models.from_config({"model_type": model_type})
        assert spec.class_name.endswith("ForConditionalGeneration")  # type: ignore[attr-defined]


def _small(model_type: str) -> dict[str, object]:
    if model_type == "t5":
        return {"num_layers": 2, "num_decoder_layers": 3, "d_model": 64, "d_ff": 96}
    return {"encoder_layers": 1, "decoder_layers": 2, "d_model": 96}


@pytest.mark.parametrize("tied", [True, False])
@pytest.mark.parametrize("model_type", SEQ2SEQ)
def test_every_class_matches_transformers(model_type: str, tied: bool) -> None:
    """Every class of the row, with ``tie_word_embeddings`` true and false (T5 ties always)."""
    keys = {"tie_word_embeddings": tied, "num_labels": 3, **_small(model_type)}
    check_every_class(model_type, keys, formulas="Model")


#: What the checkpoints hold as their ``transformers`` 5 class builds them.
TOTALS = {
    "t5-small": (60_506_624, 44_056_576),
    "t5-base": (222_903_552, 198_228_480),
    "flan-t5-base": (222_903_552, 198_228_480),
    "bart-base": (139_420_416, 99_240_960),
    "bart-large": (406_291_456, 352_718_848),
    "mbart-large-50": (610_879_488, 352_722_944),
    "whisper-tiny": (37_760_640, 17_096_448),
    "whisper-base": (72_593_920, 45_041_664),
    "whisper-large-v3": (1_543_490_560, 1_474_608_640),
}


@pytest.mark.parametrize("name", list(TOTALS))
def test_checkpoints_to_the_digit(name: str) -> None:
    """The totals (transformers' meta builds of the same configs are in test_zoo.py)."""
    spec = models.from_config(models.CHECKPOINTS[name])
    assert (spec.params, spec.num_parameters(exclude_embeddings=True)) == TOTALS[name]


def test_flan_t5_base_published_count_has_an_untied_head() -> None:
    """flan-t5-base's files hold an ``lm_head`` of its own (``tie_word_embeddings: false``);
    transformers 5 ties it to ``shared``, so the class holds one table less."""
    spec = models.from_config(models.CHECKPOINTS["flan-t5-base"])
    assert spec.params + 32128 * 768 == 247_577_856
    assert hf_config("t5", {"tie_word_embeddings": False}).tie_word_embeddings is True


def test_whisper_encoder_positions_are_counted_not_trained() -> None:
    spec = models.from_config(models.CHECKPOINTS["whisper-tiny"])
    assert spec.non_trainable_params == 1500 * 384
    assert spec.trainable_params == spec.params - 1500 * 384


def test_mbart_has_a_final_norm_per_stack() -> None:
    bart = models.from_config({"model_type": "bart"})
    mbart = models.from_config({"model_type": "mbart"})
    assert mbart.params - bart.params == 2 * 2 * 1024
    assert "model.encoder.layer_norm.weight" in mbart.shapes


_SETTINGS = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(
    d_model=st.integers(1, 24),
    d_kv=st.integers(1, 8),
    num_heads=st.integers(1, 4),
    d_ff=st.integers(1, 24),
    num_layers=st.integers(0, 2),
    num_decoder_layers=st.none() | st.integers(0, 2),
    buckets=st.integers(1, 8),
    projection=st.sampled_from(["relu", "gated-gelu", "gated-silu"]),
)
def test_drawn_t5_configs(
    d_model: int,
    d_kv: int,
    num_heads: int,
    d_ff: int,
    num_layers: int,
    num_decoder_layers: int | None,
    buckets: int,
    projection: str,
) -> None:
    check_config(
        {
            "model_type": "t5",
            "vocab_size": 40,
            "d_model": d_model,
            "d_kv": d_kv,
            "num_heads": num_heads,
            "d_ff": d_ff,
            "num_layers": num_layers,
            "num_decoder_layers": num_decoder_layers,
            "relative_attention_num_buckets": buckets,
            "feed_forward_proj": projection,
        }
    )


@_SETTINGS
@given(
    model_type=st.sampled_from(["bart", "mbart", "whisper"]),
    heads=st.integers(1, 4),
    head_size=st.integers(1, 6),
    layers=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    ffn=st.tuples(st.integers(1, 20), st.integers(1, 20)),
    positions=st.tuples(st.integers(1, 30), st.integers(1, 30)),
    tied=st.booleans(),
)
def test_drawn_bart_and_whisper_configs(
    model_type: str,
    heads: int,
    head_size: int,
    layers: tuple[int, int],
    ffn: tuple[int, int],
    positions: tuple[int, int],
    tied: bool,
) -> None:
    config: dict[str, object] = {
        "model_type": model_type,
        "vocab_size": 50,
        "pad_token_id": 1,
        "d_model": heads * head_size,
        "encoder_attention_heads": heads,
        "decoder_attention_heads": heads,
        "encoder_layers": layers[0],
        "decoder_layers": layers[1],
        "encoder_ffn_dim": ffn[0],
        "decoder_ffn_dim": ffn[1],
        "tie_word_embeddings": tied,
    }
    if model_type == "whisper":
        config |= {
            "num_mel_bins": positions[0] + 1,
            "max_source_positions": positions[0],
            "max_target_positions": positions[1],
        }
    else:
        config["max_position_embeddings"] = positions[0]
    check_config(config)


@pytest.mark.parametrize(
    ("config", "error", "match"),
    [
        (
            {"model_type": "t5", "feed_forward_proj": "gated-gelu-x"},
            ValueError,
            "feed_forward_proj",
        ),
        ({"model_type": "t5", "feed_forward_proj": 3}, TypeError, "feed_forward_proj"),
        ({"model_type": "t5", "d_kv": 0}, ValueError, "d_kv"),
        ({"model_type": "bart", "d_model": 100}, ValueError, "d_model must be a multiple"),
        ({"model_type": "mbart", "encoder_layers": 1.5}, TypeError, "encoder_layers"),
        ({"model_type": "whisper", "vocab_size": 1000}, ValueError, "pad_token_id"),
    ],
)
def test_refusals_name_the_key(config: dict[str, object], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        models.from_config(config)


def test_what_transformers_refuses_is_refused() -> None:
    """The same configs fail in transformers too (the config class or the model's build)."""
    with pytest.raises(Exception, match="feed_forward_proj"):
        hf_config("t5", {"feed_forward_proj": "gated-gelu-x"})
    with pytest.raises(ValueError, match="divisible"):
        hf_model("bart", {"d_model": 100})
