"""The encoder rows against transformers: every class, published checkpoints, drawn configs,
refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from paramref import models
from tests.test_models import BERT_JSON
from tests.zoo import check_config, check_every_class, check_model, hf_model

ENCODERS = [t for t, row in models.ROWS.items() if row.family == "encoder"]


def test_the_encoder_rows() -> None:
    assert ENCODERS[:6] == ["bert", "roberta", "xlm-roberta", "distilbert", "electra", "albert"]


@pytest.mark.parametrize("tied", [True, False])
@pytest.mark.parametrize("model_type", ENCODERS)
def test_every_class_matches_transformers(model_type: str, tied: bool) -> None:
    """Every class of the row, its head tied to the word embedding or not."""
    labels = 2 if model_type == "distilbert" else 3
    keys = {"tie_word_embeddings": tied, "num_labels": labels}
    check_every_class(model_type, keys, formulas="Model")


def test_the_base_model_is_counted_when_no_class_is_named() -> None:
    spec = models.from_config({"model_type": "roberta"})
    assert spec.class_name == "RobertaModel"  # type: ignore[attr-defined]
    assert "pooler.dense.weight" in spec.shapes
    assert spec.breakdown["pooler"] == 768 * 768 + 768


#: Published ``config.json`` files (the keys as published, less a few that do not
#: change the count) and the counts of their class and of ``AutoModel``'s base class.
CHECKPOINTS: dict[str, tuple[dict[str, object], int, int]] = {
    "bert-base-uncased": (
        BERT_JSON,
        109_514_298,
        109_482_240,
    ),
    "roberta-base": (
        {
            "architectures": ["RobertaForMaskedLM"],
            "attention_probs_dropout_prob": 0.1,
            "bos_token_id": 0,
            "eos_token_id": 2,
            "hidden_act": "gelu",
            "hidden_dropout_prob": 0.1,
            "hidden_size": 768,
            "initializer_range": 0.02,
            "intermediate_size": 3072,
            "layer_norm_eps": 1e-05,
            "max_position_embeddings": 514,
            "model_type": "roberta",
            "num_attention_heads": 12,
            "num_hidden_layers": 12,
            "pad_token_id": 1,
            "type_vocab_size": 1,
            "vocab_size": 50265,
        },
        124_697_433,
        124_645_632,
    ),
    "xlm-roberta-base": (
        {
            "architectures": ["XLMRobertaForMaskedLM"],
            "attention_probs_dropout_prob": 0.1,
            "bos_token_id": 0,
            "eos_token_id": 2,
            "hidden_act": "gelu",
            "hidden_dropout_prob": 0.1,
            "hidden_size": 768,
            "initializer_range": 0.02,
            "intermediate_size": 3072,
            "layer_norm_eps": 1e-05,
            "max_position_embeddings": 514,
            "model_type": "xlm-roberta",
            "num_attention_heads": 12,
            "num_hidden_layers": 12,
            "output_past": True,
            "pad_token_id": 1,
            "type_vocab_size": 1,
            "vocab_size": 250002,
        },
        278_295_186,
        278_043_648,
    ),
    "distilbert-base-uncased": (
        {
            "activation": "gelu",
            "architectures": ["DistilBertForMaskedLM"],
            "attention_dropout": 0.1,
            "dim": 768,
            "dropout": 0.1,
            "hidden_dim": 3072,
            "initializer_range": 0.02,
            "max_position_embeddings": 512,
            "model_type": "distilbert",
            "n_heads": 12,
            "n_layers": 6,
            "pad_token_id": 0,
            "qa_dropout": 0.1,
            "seq_classif_dropout": 0.2,
            "sinusoidal_pos_embds": False,
            "tie_weights_": True,
            "vocab_size": 30522,
        },
        66_985_530,
        66_362_880,
    ),
    "albert-base-v2": (
        {
            "architectures": ["AlbertForMaskedLM"],
            "attention_probs_dropout_prob": 0,
            "bos_token_id": 2,
            "classifier_dropout_prob": 0.1,
            "down_scale_factor": 1,
            "embedding_size": 128,
            "eos_token_id": 3,
            "gap_size": 0,
            "hidden_act": "gelu_new",
            "hidden_dropout_prob": 0,
            "hidden_size": 768,
            "initializer_range": 0.02,
            "inner_group_num": 1,
            "intermediate_size": 3072,
            "layer_norm_eps": 1e-12,
            "max_position_embeddings": 512,
            "model_type": "albert",
            "net_structure_type": 0,
            "num_attention_heads": 12,
            "num_hidden_groups": 1,
            "num_hidden_layers": 12,
            "num_memory_blocks": 0,
            "pad_token_id": 0,
            "type_vocab_size": 2,
            "vocab_size": 30000,
        },
        11_221_680,
        11_683_584,
    ),
    "electra-small-discriminator": (
        {
            "architectures": ["ElectraForPreTraining"],
            "attention_probs_dropout_prob": 0.1,
            "embedding_size": 128,
            "hidden_act": "gelu",
            "hidden_dropout_prob": 0.1,
            "hidden_size": 256,
            "initializer_range": 0.02,
            "intermediate_size": 1024,
            "layer_norm_eps": 1e-12,
            "max_position_embeddings": 512,
            "model_type": "electra",
            "num_attention_heads": 4,
            "num_hidden_layers": 12,
            "pad_token_id": 0,
            "type_vocab_size": 2,
            "vocab_size": 30522,
        },
        13_549_057,
        13_483_008,
    ),
    "deberta-v3-base": (
        {
            "model_type": "deberta-v2",
            "attention_probs_dropout_prob": 0.1,
            "hidden_act": "gelu",
            "hidden_dropout_prob": 0.1,
            "hidden_size": 768,
            "initializer_range": 0.02,
            "intermediate_size": 3072,
            "max_position_embeddings": 512,
            "relative_attention": True,
            "position_buckets": 256,
            "norm_rel_ebd": "layer_norm",
            "share_att_key": True,
            "pos_att_type": "p2c|c2p",
            "layer_norm_eps": 1e-7,
            "max_relative_positions": -1,
            "position_biased_input": False,
            "num_attention_heads": 12,
            "num_hidden_layers": 12,
            "type_vocab_size": 0,
            "vocab_size": 128100,
        },
        183_831_552,
        183_831_552,
    ),
    "ModernBERT-base": (
        {
            "architectures": ["ModernBertForMaskedLM"],
            "attention_bias": False,
            "attention_dropout": 0.0,
            "bos_token_id": 50281,
            "classifier_activation": "gelu",
            "classifier_bias": False,
            "classifier_dropout": 0.0,
            "classifier_pooling": "mean",
            "cls_token_id": 50281,
            "decoder_bias": True,
            "deterministic_flash_attn": False,
            "embedding_dropout": 0.0,
            "eos_token_id": 50282,
            "global_attn_every_n_layers": 3,
            "global_rope_theta": 160000.0,
            "gradient_checkpointing": False,
            "hidden_activation": "gelu",
            "hidden_size": 768,
            "initializer_cutoff_factor": 2.0,
            "initializer_range": 0.02,
            "intermediate_size": 1152,
            "layer_norm_eps": 1e-05,
            "local_attention": 128,
            "local_rope_theta": 10000.0,
            "max_position_embeddings": 8192,
            "mlp_bias": False,
            "mlp_dropout": 0.0,
            "model_type": "modernbert",
            "norm_bias": False,
            "norm_eps": 1e-05,
            "num_attention_heads": 12,
            "num_hidden_layers": 22,
            "pad_token_id": 50283,
            "position_embedding_type": "absolute",
            "sep_token_id": 50282,
            "vocab_size": 50368,
        },
        149_655_232,
        149_014_272,
    ),
    "ModernBERT-large": (
        {
            "architectures": ["ModernBertForMaskedLM"],
            "attention_bias": False,
            "classifier_pooling": "mean",
            "decoder_bias": True,
            "global_attn_every_n_layers": 3,
            "global_rope_theta": 160000.0,
            "hidden_size": 1024,
            "intermediate_size": 2624,
            "local_attention": 128,
            "local_rope_theta": 10000.0,
            "max_position_embeddings": 8192,
            "mlp_bias": False,
            "model_type": "modernbert",
            "norm_bias": False,
            "num_attention_heads": 16,
            "num_hidden_layers": 28,
            "pad_token_id": 50283,
            "vocab_size": 50368,
        },
        395_881_664,
        394_781_696,
    ),
    "roberta-large-mnli": (
        {
            "architectures": ["RobertaForSequenceClassification"],
            "hidden_size": 1024,
            "id2label": {"0": "CONTRADICTION", "1": "NEUTRAL", "2": "ENTAILMENT"},
            "intermediate_size": 4096,
            "layer_norm_eps": 1e-05,
            "max_position_embeddings": 514,
            "model_type": "roberta",
            "num_attention_heads": 16,
            "num_hidden_layers": 24,
            "pad_token_id": 1,
            "type_vocab_size": 1,
            "vocab_size": 50265,
        },
        355_362_819,
        355_359_744,
    ),
}


@pytest.mark.parametrize("name", list(CHECKPOINTS))
def test_published_checkpoints(name: str) -> None:
    """The class the checkpoint names, and ``AutoModel``'s base class, to the digit."""
    config, total, base = CHECKPOINTS[name]
    assert check_config(config).params == total
    model_type = str(config["model_type"])
    auto = {k: v for k, v in config.items() if k != "architectures"}
    spec = models.from_config(auto)
    check_model(spec, hf_model(model_type, auto))
    assert spec.params == base


def test_albert_shares_its_layers() -> None:
    """ALBERT's layers reuse one set of weights: the count does not grow with the depth."""
    config = dict(CHECKPOINTS["albert-base-v2"][0], architectures=["AlbertModel"])
    deep = {**config, "num_hidden_layers": 48}
    assert models.from_config(deep).params == models.from_config(config).params
    for groups, inner in ((2, 2), (0, 1), (1, 0)):
        check_config({**config, "num_hidden_groups": groups, "inner_group_num": inner})


fuzz = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
switch = st.booleans()


def _labels(data: st.DataObject, model_type: str) -> dict[str, object]:
    row = models.ROWS[model_type]
    suffix = data.draw(st.sampled_from(row.classes))
    labels = 2 if model_type == "distilbert" and suffix == "ForQuestionAnswering" else 3
    return {"architectures": [row.class_name(suffix)], "num_labels": labels}


@fuzz
@given(
    st.data(),
    st.sampled_from(["bert", "roberta", "xlm-roberta"]),
    st.integers(1, 4),
    st.integers(1, 4),
    st.integers(1, 3),
    st.integers(0, 3),
    switch,
    switch,
)
def test_roberta(
    data: st.DataObject,
    model_type: str,
    heads: int,
    width: int,
    layers: int,
    types: int,
    cross: bool,
    tied: bool,
) -> None:
    config = {
        "model_type": model_type,
        "vocab_size": data.draw(st.integers(2, 40)),
        "hidden_size": heads * width,
        "num_attention_heads": heads,
        "intermediate_size": data.draw(st.integers(1, 20)),
        "num_hidden_layers": layers,
        "max_position_embeddings": data.draw(st.integers(2, 20)),
        "type_vocab_size": types,
        "is_decoder": cross,
        "add_cross_attention": cross,
        "tie_word_embeddings": tied,
        **_labels(data, model_type),
    }
    check_config(config)


@fuzz
@given(st.data(), st.integers(1, 4), st.integers(1, 4), st.integers(1, 3), switch, switch)
def test_distilbert(
    data: st.DataObject, heads: int, width: int, layers: int, sinusoidal: bool, tied: bool
) -> None:
    config = {
        "model_type": "distilbert",
        "vocab_size": data.draw(st.integers(1, 40)),
        "dim": heads * width,
        "n_heads": heads,
        "hidden_dim": data.draw(st.integers(1, 20)),
        "n_layers": layers,
        "max_position_embeddings": data.draw(st.integers(1, 20)),
        "sinusoidal_pos_embds": sinusoidal,
        "tie_word_embeddings": tied,
        **_labels(data, "distilbert"),
    }
    check_config(config)


@fuzz
@given(st.data(), st.integers(1, 4), st.integers(1, 12), st.integers(1, 12), st.integers(1, 3))
def test_electra(data: st.DataObject, heads: int, hidden: int, embedding: int, layers: int) -> None:
    """Heads that do not divide ``hidden_size`` are accepted: the projections narrow."""
    assume(hidden >= heads)
    config = {
        "model_type": "electra",
        "vocab_size": data.draw(st.integers(1, 40)),
        "embedding_size": data.draw(st.sampled_from([embedding, hidden])),
        "hidden_size": hidden,
        "num_attention_heads": heads,
        "intermediate_size": data.draw(st.integers(1, 20)),
        "num_hidden_layers": layers,
        "max_position_embeddings": data.draw(st.integers(1, 20)),
        "type_vocab_size": data.draw(st.integers(0, 3)),
        "tie_word_embeddings": data.draw(switch),
        **_labels(data, "electra"),
    }
    check_config(config)


@fuzz
@given(st.data(), st.integers(1, 4), st.integers(1, 12), st.integers(1, 3), st.integers(1, 3))
def test_albert(data: st.DataObject, heads: int, hidden: int, groups: int, inner: int) -> None:
    assume(hidden >= heads)
    config = {
        "model_type": "albert",
        "vocab_size": data.draw(st.integers(1, 40)),
        "embedding_size": data.draw(st.integers(1, 12)),
        "hidden_size": hidden,
        "num_attention_heads": heads,
        "intermediate_size": data.draw(st.integers(1, 20)),
        "num_hidden_layers": data.draw(st.integers(1, 6)),
        "num_hidden_groups": groups,
        "inner_group_num": inner,
        "max_position_embeddings": data.draw(st.integers(1, 20)),
        "type_vocab_size": data.draw(st.integers(0, 3)),
        "tie_word_embeddings": data.draw(switch),
        **_labels(data, "albert"),
    }
    check_config(config)


@pytest.mark.parametrize("model_type", ["bert", "roberta", "electra", "albert"])
def test_an_empty_token_type_table_is_built(model_type: str) -> None:
    """``type_vocab_size=0`` is an empty table, as ``transformers`` builds it."""
    config = {"model_type": model_type, "type_vocab_size": 0, "num_hidden_layers": 1}
    spec = check_config(config)
    name = "embeddings.token_type_embeddings.weight"
    assert spec.shapes[name][0] == 0


@fuzz
@given(st.data(), st.integers(1, 3), st.integers(1, 4), st.integers(1, 2), switch, switch, switch)
def test_deberta_v2(
    data: st.DataObject,
    heads: int,
    width: int,
    layers: int,
    relative: bool,
    share: bool,
    legacy: bool,
) -> None:
    """Relative positions (buckets, a maximum, or the positions), the position
    projections, the embedding projection, the convolution, the pooler, both heads."""
    hidden = heads * width
    groups = data.draw(st.sampled_from([g for g in (1, 2, 3) if hidden % g == 0]))
    config = {
        "model_type": "deberta-v2",
        "vocab_size": data.draw(st.integers(1, 30)),
        "hidden_size": hidden,
        "num_attention_heads": heads,
        "intermediate_size": data.draw(st.integers(1, 12)),
        "num_hidden_layers": layers,
        "max_position_embeddings": data.draw(st.integers(1, 12)),
        "type_vocab_size": data.draw(st.integers(0, 2)),
        "embedding_size": data.draw(st.sampled_from([hidden, 3])),
        "position_biased_input": data.draw(switch),
        "relative_attention": relative,
        "position_buckets": data.draw(st.sampled_from([-1, 0, 4])),
        "max_relative_positions": data.draw(st.sampled_from([-1, 0, 5])),
        "pos_att_type": data.draw(st.sampled_from([None, "p2c|c2p", "c2p", ["p2c"]])),
        "share_att_key": share,
        "norm_rel_ebd": data.draw(st.sampled_from(["none", "layer_norm"])),
        "conv_kernel_size": data.draw(st.sampled_from([0, 3])),
        "conv_groups": groups,
        "legacy": legacy,
        "tie_word_embeddings": data.draw(switch),
        **_labels(data, "deberta-v2"),
    }
    if data.draw(switch):
        config["pooler_hidden_size"] = data.draw(st.integers(1, 6))
    check_config(config)


@fuzz
@given(st.data(), st.integers(1, 3), st.integers(1, 3), st.integers(1, 4), switch, switch)
def test_modernbert(
    data: st.DataObject, heads: int, width: int, layers: int, norm_bias: bool, bias: bool
) -> None:
    """Biases on or off, the attention pattern (every n-th layer global, or listed)."""
    config = {
        "model_type": "modernbert",
        "vocab_size": data.draw(st.integers(1, 30)),
        "pad_token_id": 0,
        "hidden_size": heads * 2 * width,
        "num_attention_heads": heads,
        "intermediate_size": data.draw(st.integers(1, 12)),
        "num_hidden_layers": layers,
        "norm_bias": norm_bias,
        "attention_bias": bias,
        "mlp_bias": data.draw(switch),
        "classifier_bias": data.draw(switch),
        "decoder_bias": data.draw(switch),
        "global_attn_every_n_layers": data.draw(st.integers(1, 3)),
        "tie_word_embeddings": data.draw(switch),
        **_labels(data, "modernbert"),
    }
    if data.draw(switch):
        kinds = st.sampled_from(["full_attention", "sliding_attention"])
        config["layer_types"] = data.draw(st.lists(kinds, min_size=layers, max_size=layers))
    check_config(config)


@pytest.mark.parametrize(
    ("config", "error", "message"),
    [
        (
            {"model_type": "modernbert", "vocab_size": 100},
            ValueError,
            "pad_token_id must index vocab_size rows, got pad_token_id=50283",
        ),
        (
            {"model_type": "modernbert", "num_hidden_layers": 2, "layer_types": ["full_attention"]},
            ValueError,
            r"num_hidden_layers \(2\) must be equal to the number of layer_types \(1\)",
        ),
        (
            {"model_type": "deberta-v2", "hidden_size": 770},
            ValueError,
            "hidden_size must be a multiple of num_attention_heads",
        ),
        (
            {"model_type": "deberta-v2", "conv_kernel_size": 3, "conv_groups": 5},
            ValueError,
            "conv_groups must divide hidden_size, got conv_groups=5",
        ),
        (
            {"model_type": "deberta-v2", "embedding_size": None},
            TypeError,
            "embedding_size must be an int, got NoneType None",
        ),
        (
            {"model_type": "deberta-v2", "pos_att_type": 3},
            TypeError,
            "pos_att_type must be a string",
        ),
        (
            {"model_type": "roberta", "hidden_size": 770},
            ValueError,
            "hidden_size must be a multiple of num_attention_heads",
        ),
        (
            {"model_type": "distilbert", "dim": 770},
            ValueError,
            "dim must be a multiple of n_heads",
        ),
        (
            {"model_type": "roberta", "add_cross_attention": True},
            ValueError,
            "add_cross_attention=True needs is_decoder=True",
        ),
        (
            {"model_type": "roberta", "vocab_size": 1},
            ValueError,
            "pad_token_id must index vocab_size rows, got pad_token_id=1",
        ),
        (
            {"model_type": "roberta", "max_position_embeddings": 1},
            ValueError,
            "pad_token_id must index max_position_embeddings rows",
        ),
        (
            {"model_type": "electra", "pad_token_id": "0"},
            TypeError,
            "pad_token_id must be an int or None, got str",
        ),
        (
            {"model_type": "electra", "hidden_size": 3, "num_attention_heads": 4},
            ValueError,
            r"hidden_size // num_attention_heads is 0 \(hidden_size=3, num_attention_heads=4\)",
        ),
        (
            {"model_type": "albert", "num_hidden_groups": -1},
            ValueError,
            "num_hidden_groups must be an integer >= 0, got -1",
        ),
        (
            {"model_type": "electra", "embedding_size": 1.5},
            TypeError,
            "embedding_size must be an int",
        ),
        (
            {"model_type": "roberta", "type_vocab_size": -1},
            ValueError,
            "type_vocab_size must be an integer >= 0, got -1",
        ),
        (
            {
                "model_type": "distilbert",
                "architectures": ["DistilBertForQuestionAnswering"],
                "num_labels": 3,
            },
            ValueError,
            "num_labels must be 2 for DistilBertForQuestionAnswering, got 3",
        ),
        (
            {"model_type": "roberta", "architectures": ["RobertaForCausalLM"]},
            ValueError,
            "architectures names 'RobertaForCausalLM'; roberta has RobertaModel",
        ),
    ],
)
def test_refusals(config: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        models.from_config(config)


def test_the_command_line_serves_the_encoders(tmp_path: Path) -> None:
    """``paramref model NAME`` and ``paramref model --config`` for the encoder rows."""
    from tests.test_cli import run

    for argv, total in [
        ("model bert --add_pooling_layer false --json", 108_891_648),
        ("model deberta-v2 --hidden_size 768 --num_hidden_layers 12 --json", None),
        ("model modernbert --json", 149_014_272),
    ]:
        report = json.loads(run(argv)[0])
        assert total is None or report["params"] == total, argv
    for name in ("bert-base-uncased", "deberta-v3-base", "ModernBERT-large"):
        path = tmp_path / "config.json"
        path.write_text(json.dumps(models.CHECKPOINTS[name]), encoding="utf-8")
        report = json.loads(run(f"model --config {path} --json")[0])
        assert report["params"] == models.from_config(models.CHECKPOINTS[name]).params
