"""Encoder-only transformers as ``transformers.AutoModel`` builds them: one row each.

The BERT layout: word, position and token-type embeddings and their
``LayerNorm``; post-norm layers of attention (``query``, ``key``, ``value``,
the output ``dense`` and its ``LayerNorm``) and a plain MLP (``intermediate``,
``output`` and the second ``LayerNorm``); a pooler on the first token in the
base class. BERT is the layout itself; RoBERTa and XLM-RoBERTa keep it,
DistilBERT renames it and drops the token types and the pooler, ELECTRA narrows
the embeddings to ``embedding_size`` and projects them up, ALBERT narrows them
too and shares one set of layer weights between the layers of a group.
DeBERTa-v2 (the DeBERTa-v3 checkpoints) adds relative positions (a table of
``2·position_buckets`` rows, position projections unless ``share_att_key``) and
may drop the absolute positions; ModernBERT drops the biases and the position
table and gates its feed-forward block.

The task classes drop the pooler but for the classes that read the first token
(BERT's sequence classifier, ALBERT's); their masked-language-model heads end in
a decoder tied to the word embedding (its weight is the embedding's: counted
once) with a bias of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from .._tensors import Dim, Tensor
from ._blocks import Embedding, Linear, Mlp, Norm, Ref, dim
from ._decoder import Decoder, LayerKind, Layout, Minus, Structure
from ._rows import ROWS, Built, Config, Row, register
from ._spec import Tagged

__all__ = ["ENCODER_CLASSES"]

#: The task classes of the encoder rows, by class-name suffix.
ENCODER_CLASSES = (
    "Model",
    "ForMaskedLM",
    "ForSequenceClassification",
    "ForTokenClassification",
    "ForQuestionAnswering",
)

Heads = dict[str, Callable[[str, bool], tuple[Any, ...]]]


@dataclass(frozen=True)
class Vector:
    """A bare ``(size,)`` parameter under ``name``: a head's output bias of its own."""

    name: str
    size: Ref
    part: str = "head"

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        yield Tagged(self.name, (dim(sizes, self.size),), part=self.part)


def _linear(name: str, n: Ref, m: Ref, part: str) -> Linear:
    return Linear(name, n, m, bias=True, part=part)


def _attention(prefix: str, heads: Ref, out: str, norm: str) -> tuple[tuple[str, Any], ...]:
    """Self-attention of the BERT layout: ``query``, ``key``, ``value`` of ``heads``
    features, the output ``dense`` back to ``hidden_size`` and a ``LayerNorm``."""
    blocks: list[tuple[str, Any]] = [
        ("", _linear(f"{prefix}{name}", "hidden_size", heads, "attention"))
        for name in ("query", "key", "value")
    ]
    blocks.append(("", _linear(out, "hidden_size", "hidden_size", "attention")))
    blocks.append(("", Norm(norm, "layer")))
    return tuple(blocks)


def _bert_layer(heads: Ref, cross: bool) -> LayerKind:
    """One BERT layer (``cross``: a second, cross-attention block)."""
    blocks = _attention(
        "attention.self.", heads, "attention.output.dense", "attention.output.LayerNorm"
    )
    if cross:
        blocks += _attention(
            "crossattention.self.",
            heads,
            "crossattention.output.dense",
            "crossattention.output.LayerNorm",
        )
    blocks += (
        ("", _linear("intermediate.dense", "hidden_size", "intermediate_size", "mlp")),
        ("", _linear("output.dense", "intermediate_size", "hidden_size", "mlp")),
        ("", Norm("output.LayerNorm", "layer")),
    )
    return LayerKind(blocks)


_BUFFERS = (
    ("embeddings.position_ids", (1, "max_position_embeddings")),
    ("embeddings.token_type_ids", (1, "max_position_embeddings")),
)


@cache
def bert_layout(base: str, width: str, heads: Ref, cross: bool, project: bool) -> Layout:
    """The BERT layout under ``base``: embeddings ``width`` wide (``embedding_size``
    with ``project``: ELECTRA's ``embeddings_project`` up to ``hidden_size``)."""
    embeddings = tuple(
        Embedding(f"embeddings.{name}", rows, width)
        for name, rows in (
            ("word_embeddings", "vocab_size"),
            ("position_embeddings", "max_position_embeddings"),
            ("token_type_embeddings", "type_vocab_size"),
        )
    )
    before: tuple[Any, ...] = (Norm("embeddings.LayerNorm", "layer", width),)
    if project:
        before += (_linear("embeddings_project", width, "hidden_size", "projection"),)
    return Layout(
        embeddings=embeddings,
        kinds=(_bert_layer(heads, cross),),
        base=base,
        before=before,
        layers="encoder.layer",
        after=(),
        rotary=None,
        extra_buffers=_BUFFERS,
    )


def _cross(config: Config) -> bool:
    """``add_cross_attention``, which the layers accept in a decoder only."""
    cross = config.flag("add_cross_attention")
    if cross and not config.flag("is_decoder"):
        raise ValueError(
            f"add_cross_attention=True needs is_decoder=True ({config.model_type}): "
            "its layers add cross-attention to a decoder only"
        )
    return cross


def _heads_ref(config: Config, sizes: dict[str, int], strict: bool, built: bool = True) -> Ref:
    """The width of the query, key and value projections.

    ``num_attention_heads * (hidden_size // num_attention_heads)``: ``hidden_size``
    when the heads divide it. RoBERTa refuses heads that do not (``strict``);
    ELECTRA and ALBERT, whose configs have an ``embedding_size``, build the
    narrower projections, but fail on heads of no features (when any attention
    is ``built``).
    """
    d, heads = sizes["hidden_size"], config.size("num_attention_heads")
    if d % heads == 0:
        return "hidden_size"
    if strict:
        config.divisible("hidden_size", "num_attention_heads")
    if d < heads and built:
        raise ValueError(
            f"hidden_size // num_attention_heads is 0 (hidden_size={d}, "
            f"num_attention_heads={heads}): the attention scales by a head of no features "
            f"({config.model_type})"
        )
    sizes["num_attention_heads"] = heads
    sizes["attention_head_size"] = d // heads
    return ("num_attention_heads", "attention_head_size")


def _bert_sizes(config: Config, *keys: str) -> dict[str, int]:
    sizes = {
        key: config.size(key, minimum=0 if key == "type_vocab_size" else 1)
        for key in (
            "vocab_size",
            *keys,
            "hidden_size",
            "num_hidden_layers",
            "intermediate_size",
            "max_position_embeddings",
            "type_vocab_size",
        )
    }
    return sizes


# --------------------------------------------------------------------------
# RoBERTa and XLM-RoBERTa


def _roberta(config: Config) -> Built:
    sizes = _bert_sizes(config)
    heads = _heads_ref(config, sizes, strict=True)
    config.padding("vocab_size", "max_position_embeddings")
    return bert_layout("roberta", "hidden_size", heads, _cross(config), False), sizes, {}


def _pooler(name: str) -> tuple[Any, ...]:
    return (_linear(name, "hidden_size", "hidden_size", "pooler"),)


def _masked_lm(prefix: str, width: str, tied: bool, decoder: str = "decoder") -> tuple[Any, ...]:
    """A masked-LM head's output: the decoder (its weight tied to the word
    embedding, listed only when untied, then with a bias of its own) and the
    head's bias ``{prefix}.bias``."""
    if tied:
        return (Vector(f"{prefix}.bias", "vocab_size"),)
    return (
        Vector(f"{prefix}.bias", "vocab_size"),
        _linear(f"{prefix}.{decoder}", width, "vocab_size", "head"),
    )


def _classifier(name: str, hidden: str, labels: Ref = "num_labels") -> tuple[Any, ...]:
    return (_linear(name, hidden, labels, "head"),)


def _roberta_heads() -> Heads:
    return {
        "Model": lambda hidden, tied: _pooler("pooler.dense"),
        "ForMaskedLM": lambda hidden, tied: (
            _linear("lm_head.dense", "hidden_size", "hidden_size", "head"),
            Norm("lm_head.layer_norm", "layer", part="head"),
            *_masked_lm("lm_head", "hidden_size", tied),
        ),
        "ForSequenceClassification": lambda hidden, tied: (
            _linear("classifier.dense", "hidden_size", "hidden_size", "head"),
            _linear("classifier.out_proj", "hidden_size", "num_labels", "head"),
        ),
        "ForTokenClassification": lambda hidden, tied: _classifier("classifier", "hidden_size"),
        "ForQuestionAnswering": lambda hidden, tied: _classifier("qa_outputs", "hidden_size"),
    }


_BERT_DEFAULTS: dict[str, object] = {
    "vocab_size": 30522,
    "hidden_size": 768,
    "num_hidden_layers": 12,
    "num_attention_heads": 12,
    "intermediate_size": 3072,
    "max_position_embeddings": 512,
    "type_vocab_size": 2,
    "is_decoder": False,
    "add_cross_attention": False,
    "tie_word_embeddings": True,
    "pad_token_id": 0,
}

_LABELLED = ("ForSequenceClassification", "ForTokenClassification", "ForQuestionAnswering")


# --------------------------------------------------------------------------
# BERT


def _bert(config: Config) -> Built:
    sizes = _bert_sizes(config)
    heads = _heads_ref(config, sizes, strict=True)
    config.padding("vocab_size")
    return bert_layout("bert", "hidden_size", heads, _cross(config), False), sizes, {}


def _bert_lm(tied: bool) -> tuple[Any, ...]:
    """BERT's prediction head ``cls.predictions``: a ``transform`` (a dense layer and a
    ``LayerNorm``), then the decoder, tied to the word embedding, and its bias."""
    return (
        _linear("cls.predictions.transform.dense", "hidden_size", "hidden_size", "head"),
        Norm("cls.predictions.transform.LayerNorm", "layer", part="head"),
        *_masked_lm("cls.predictions", "hidden_size", tied),
    )


#: BERT's classes: those that read the pooled first token keep the pooler (in ``bert``).
_BERT_HEADS: Heads = {
    "Model": lambda hidden, tied: _pooler("pooler.dense"),
    "ForMaskedLM": lambda hidden, tied: _bert_lm(tied),
    "ForCausalLM": lambda hidden, tied: _bert_lm(tied),
    "ForPreTraining": lambda hidden, tied: (
        *_pooler("bert.pooler.dense"),
        *_bert_lm(tied),
        *_classifier("cls.seq_relationship", "hidden_size", 2),
    ),
    "ForNextSentencePrediction": lambda hidden, tied: (
        *_pooler("bert.pooler.dense"),
        *_classifier("cls.seq_relationship", "hidden_size", 2),
    ),
    "ForSequenceClassification": lambda hidden, tied: (
        *_pooler("bert.pooler.dense"),
        *_classifier("classifier", "hidden_size"),
    ),
    "ForMultipleChoice": lambda hidden, tied: (
        *_pooler("bert.pooler.dense"),
        *_classifier("classifier", "hidden_size", 1),
    ),
    "ForTokenClassification": lambda hidden, tied: _classifier("classifier", "hidden_size"),
    "ForQuestionAnswering": lambda hidden, tied: _classifier("qa_outputs", "hidden_size"),
}

register(
    Row(
        "bert",
        "Bert",
        _BERT_DEFAULTS,
        _bert,
        "encoder",
        classes=(
            *ENCODER_CLASSES,
            "ForPreTraining",
            "ForNextSentencePrediction",
            "ForMultipleChoice",
            "ForCausalLM",
        ),
        heads=_BERT_HEADS,
        causal="LMHeadModel",
        default="Model",
        labelled=_LABELLED,
    ),
)


def bert_model(values: Mapping[str, object], pooler: bool) -> Decoder:
    """``BertModel(config, add_pooling_layer=pooler)``: the base model, with or without
    its pooler (``add_pooling_layer`` is an argument of the class, not a config key)."""
    spec = ROWS["bert"].spec(values, "Model")
    if pooler:
        return spec
    layout = spec.layout
    if id(layout) not in _BARE:  # the cache keeps ``layout`` alive: its id is not reused
        _BARE[id(layout)] = (layout, Structure(replace(layout, head=())))
    return Decoder("bert", "Model", "BertModel", _BARE[id(layout)][1], spec._sizes, {})


#: layout id -> (the layout, its structure without the pooler).
_BARE: dict[int, tuple[Layout, Structure]] = {}


def _decoder_first(layout: Layout, tied: bool) -> Layout:
    """XLM-RoBERTa's masked LM builds its head before its base model, so the word
    embedding tied to the decoder is listed as ``lm_head.decoder.weight`` (and is
    not an embedding to ``num_parameters(exclude_embeddings=True)``)."""
    if not tied:
        return layout
    word, *others = layout.embeddings
    decoder = Linear("lm_head.decoder", word.width, word.rows, part="head")
    return replace(layout, embeddings=tuple(others), head=(*layout.head, decoder))


register(
    Row(
        "roberta",
        "Roberta",
        {**_BERT_DEFAULTS, "vocab_size": 50265, "pad_token_id": 1},
        _roberta,
        "encoder",
        classes=ENCODER_CLASSES,
        heads=_roberta_heads(),
        default="Model",
        labelled=_LABELLED,
    ),
    Row(
        "xlm-roberta",
        "XLMRoberta",
        {**_BERT_DEFAULTS, "pad_token_id": 1},
        _roberta,
        "encoder",
        classes=ENCODER_CLASSES,
        heads=_roberta_heads(),
        default="Model",
        labelled=_LABELLED,
        adapt={"ForMaskedLM": _decoder_first},
    ),
)


# --------------------------------------------------------------------------
# DistilBERT


@cache
def distilbert_layout() -> Layout:
    """DistilBERT: no token types, no pooler; its layers under ``transformer.layer``."""
    layer = LayerKind(
        (
            *(
                ("", _linear(f"attention.{name}", "dim", "dim", "attention"))
                for name in ("q_lin", "k_lin", "v_lin", "out_lin")
            ),
            ("", Norm("sa_layer_norm", "layer", "dim")),
            ("", _linear("ffn.lin1", "dim", "hidden_dim", "mlp")),
            ("", _linear("ffn.lin2", "hidden_dim", "dim", "mlp")),
            ("", Norm("output_layer_norm", "layer", "dim")),
        )
    )
    return Layout(
        embeddings=(
            Embedding("embeddings.word_embeddings", "vocab_size", "dim"),
            Embedding("embeddings.position_embeddings", "max_position_embeddings", "dim"),
        ),
        kinds=(layer,),
        counts=("n_layers",),
        base="distilbert",
        before=(Norm("embeddings.LayerNorm", "layer", "dim"),),
        layers="transformer.layer",
        after=(),
        rotary=None,
        extra_buffers=_BUFFERS[:1],
    )


def _distilbert(config: Config) -> Built:
    sizes = {
        key: config.size(key)
        for key in ("vocab_size", "dim", "n_layers", "hidden_dim", "max_position_embeddings")
    }
    config.divisible("dim", "n_heads")
    config.padding("vocab_size")
    return distilbert_layout(), sizes, {}


def _distilbert_check(config: Config, architecture: str) -> None:
    """``DistilBertForQuestionAnswering`` refuses ``num_labels`` other than 2."""
    if architecture == "ForQuestionAnswering" and config.num_labels() != 2:
        raise ValueError(
            f"num_labels must be 2 for DistilBertForQuestionAnswering, got {config.num_labels()}"
        )


register(
    Row(
        "distilbert",
        "DistilBert",
        {
            "vocab_size": 30522,
            "max_position_embeddings": 512,
            "n_layers": 6,
            "n_heads": 12,
            "dim": 768,
            "hidden_dim": 3072,
            "tie_word_embeddings": True,
            "pad_token_id": 0,
        },
        _distilbert,
        "encoder",
        classes=ENCODER_CLASSES,
        heads={
            "Model": lambda hidden, tied: (),
            "ForMaskedLM": lambda hidden, tied: (
                _linear("vocab_transform", "dim", "dim", "head"),
                Norm("vocab_layer_norm", "layer", "dim", part="head"),
                (
                    Vector("vocab_projector.bias", "vocab_size")
                    if tied
                    else _linear("vocab_projector", "dim", "vocab_size", "head")
                ),
            ),
            "ForSequenceClassification": lambda hidden, tied: (
                _linear("pre_classifier", "dim", "dim", "head"),
                _linear("classifier", "dim", "num_labels", "head"),
            ),
            "ForTokenClassification": lambda hidden, tied: _classifier("classifier", "dim"),
            "ForQuestionAnswering": lambda hidden, tied: _classifier("qa_outputs", "dim"),
        },
        default="Model",
        labelled=_LABELLED,
        check=_distilbert_check,
    ),
)


# --------------------------------------------------------------------------
# ELECTRA


def _electra(config: Config) -> Built:
    sizes = _bert_sizes(config, "embedding_size")
    heads = _heads_ref(config, sizes, strict=False)
    config.padding("vocab_size")
    project = sizes["embedding_size"] != sizes["hidden_size"]
    if not project:
        del sizes["embedding_size"]
    width = "embedding_size" if project else "hidden_size"
    return bert_layout("electra", width, heads, _cross(config), project), sizes, {}


register(
    Row(
        "electra",
        "Electra",
        {
            **_BERT_DEFAULTS,
            "embedding_size": 128,
            "hidden_size": 256,
            "num_attention_heads": 4,
            "intermediate_size": 1024,
        },
        _electra,
        "encoder",
        classes=(*ENCODER_CLASSES, "ForPreTraining"),
        heads={
            "Model": lambda hidden, tied: (),
            "ForMaskedLM": lambda hidden, tied: (
                _linear("generator_predictions.dense", "hidden_size", hidden, "head"),
                Norm("generator_predictions.LayerNorm", "layer", hidden, part="head"),
                (
                    Vector("generator_lm_head.bias", "vocab_size")
                    if tied
                    else _linear("generator_lm_head", hidden, "vocab_size", "head")
                ),
            ),
            "ForPreTraining": lambda hidden, tied: (
                _linear("discriminator_predictions.dense", "hidden_size", "hidden_size", "head"),
                _linear("discriminator_predictions.dense_prediction", "hidden_size", 1, "head"),
            ),
            "ForSequenceClassification": lambda hidden, tied: (
                _linear("classifier.dense", "hidden_size", "hidden_size", "head"),
                _linear("classifier.out_proj", "hidden_size", "num_labels", "head"),
            ),
            "ForTokenClassification": lambda hidden, tied: _classifier("classifier", "hidden_size"),
            "ForQuestionAnswering": lambda hidden, tied: _classifier("qa_outputs", "hidden_size"),
        },
        default="Model",
        labelled=_LABELLED,
    ),
)


# --------------------------------------------------------------------------
# ALBERT


@cache
def albert_layout(heads: Ref, inner: int) -> Layout:
    """ALBERT: factorized embeddings, ``num_hidden_groups`` groups of ``inner``
    layers (``inner_group_num``); every layer of the model reuses its group's
    weights, so the count follows the groups, not ``num_hidden_layers``."""
    layer = (
        *_attention("attention.", heads, "attention.dense", "attention.LayerNorm"),
        ("", _linear("ffn", "hidden_size", "intermediate_size", "mlp")),
        ("", _linear("ffn_output", "intermediate_size", "hidden_size", "mlp")),
        ("", Norm("full_layer_layer_norm", "layer")),
    )
    group = LayerKind(tuple((f"albert_layers.{i}", LayerKind(layer)) for i in range(inner)))
    width = "embedding_size"
    return Layout(
        embeddings=tuple(
            Embedding(f"embeddings.{name}", rows, width)
            for name, rows in (
                ("word_embeddings", "vocab_size"),
                ("position_embeddings", "max_position_embeddings"),
                ("token_type_embeddings", "type_vocab_size"),
            )
        ),
        kinds=(group,),
        counts=("num_hidden_groups",),
        base="albert",
        before=(
            Norm("embeddings.LayerNorm", "layer", width),
            _linear("encoder.embedding_hidden_mapping_in", width, "hidden_size", "projection"),
        ),
        layers="encoder.albert_layer_groups",
        after=(),
        rotary=None,
        extra_buffers=_BUFFERS,
    )


def _albert(config: Config) -> Built:
    sizes = _bert_sizes(config, "embedding_size")
    del sizes["num_hidden_layers"]
    config.size("num_hidden_layers")
    sizes["num_hidden_groups"] = config.size("num_hidden_groups", minimum=0)
    inner = config.size("inner_group_num", minimum=0)
    heads = _heads_ref(config, sizes, strict=False, built=inner > 0)
    config.padding("vocab_size")
    return albert_layout(heads, inner), sizes, {}


register(
    Row(
        "albert",
        "Albert",
        {
            "vocab_size": 30000,
            "embedding_size": 128,
            "hidden_size": 4096,
            "num_hidden_layers": 12,
            "num_hidden_groups": 1,
            "num_attention_heads": 64,
            "intermediate_size": 16384,
            "inner_group_num": 1,
            "max_position_embeddings": 512,
            "type_vocab_size": 2,
            "tie_word_embeddings": True,
            "pad_token_id": 0,
        },
        _albert,
        "encoder",
        classes=ENCODER_CLASSES,
        heads={
            "Model": lambda hidden, tied: _pooler("pooler"),
            "ForMaskedLM": lambda hidden, tied: (
                _linear("predictions.dense", "hidden_size", hidden, "head"),
                Norm("predictions.LayerNorm", "layer", hidden, part="head"),
                *_masked_lm("predictions", hidden, tied),
            ),
            "ForSequenceClassification": lambda hidden, tied: (
                *_pooler("albert.pooler"),
                *_classifier("classifier", "hidden_size"),
            ),
            "ForTokenClassification": lambda hidden, tied: _classifier("classifier", "hidden_size"),
            "ForQuestionAnswering": lambda hidden, tied: _classifier("qa_outputs", "hidden_size"),
        },
        default="Model",
        labelled=_LABELLED,
    ),
)


# --------------------------------------------------------------------------
# DeBERTa-v2 (and the DeBERTa-v3 checkpoints, which use it)


@dataclass(frozen=True)
class Conv1d:
    """``nn.Conv1d(channels, channels, kernel, groups)`` under ``name``: a
    ``(channels, channels / groups, kernel)`` weight (``group`` is the width of one
    group) and a bias."""

    name: str
    channels: Ref
    group: Ref
    kernel: Ref
    part: str = "mixer"

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        channels = dim(sizes, self.channels)
        shape = (channels, dim(sizes, self.group), dim(sizes, self.kernel))
        yield Tagged(f"{self.name}.weight", shape, part=self.part)
        yield Tagged(f"{self.name}.bias", (channels,), part=self.part)


def _options(config: Config, key: str) -> tuple[str, ...]:
    """A ``"a|b"`` option string (or, for ``pos_att_type``, a list) as its parts."""
    value = config.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.lower().split("|"))
    if key == "pos_att_type" and isinstance(value, list | tuple):
        parts = tuple(value)
        if all(isinstance(part, str) for part in parts):
            return parts
    raise TypeError(
        f"{key} must be a string such as 'p2c|c2p'{' or a list' if key == 'pos_att_type' else ''}"
        f", got {type(value).__name__} {value!r} ({config.model_type})"
    )


def _integer(config: Config, key: str) -> int:
    """An ``int`` of any sign (``-1``: not set)."""
    value = config.get(key)
    if type(value) is not int:
        raise TypeError(
            f"{key} must be an int, got {type(value).__name__} {value!r} ({config.model_type})"
        )
    return value


@cache
def deberta_layout(
    heads: Ref,
    width: str,
    positions: bool,
    types: bool,
    relative: Ref | None,
    pos_projections: tuple[str, ...],
    rel_norm: bool,
    conv: Ref | None,
    pooler: str,
    legacy: bool,
    tied: bool,
) -> Layout:
    """DeBERTa-v2 from its switches: ``relative`` the rows of the relative position
    table (``None``: no relative attention), ``pos_projections`` the position
    projections of every layer (``pos_key_proj``, ``pos_query_proj``, unless
    ``share_att_key``), ``conv`` the group width of the convolution after the
    first layer (``None``: none), ``pooler`` the width of ``ContextPooler``."""
    tables = [("word_embeddings", "vocab_size")]
    if positions:
        tables.append(("position_embeddings", "max_position_embeddings"))
    if types:
        tables.append(("token_type_embeddings", "type_vocab_size"))
    before: tuple[Any, ...] = ()
    if width != "hidden_size":
        before += (Linear("embeddings.embed_proj", width, "hidden_size", part="projection"),)
    before += (Norm("embeddings.LayerNorm", "layer"),)
    attention = [
        ("", _linear(f"attention.self.{name}", "hidden_size", heads, "attention"))
        for name in ("query_proj", "key_proj", "value_proj", *pos_projections)
    ]
    layer = LayerKind(
        (
            *attention,
            ("", _linear("attention.output.dense", "hidden_size", "hidden_size", "attention")),
            ("", Norm("attention.output.LayerNorm", "layer")),
            ("", _linear("intermediate.dense", "hidden_size", "intermediate_size", "mlp")),
            ("", _linear("output.dense", "intermediate_size", "hidden_size", "mlp")),
            ("", Norm("output.LayerNorm", "layer")),
        )
    )
    after: tuple[Any, ...] = ()
    if relative is not None:
        after += (Embedding("encoder.rel_embeddings", relative),)
    if rel_norm:
        after += (Norm("encoder.LayerNorm", "layer"),)
    if conv is not None:
        after += (
            Conv1d("encoder.conv.conv", "hidden_size", conv, "conv_kernel_size"),
            Norm("encoder.conv.LayerNorm", "layer"),
        )
    if legacy:
        masked: tuple[Any, ...] = (
            _linear("cls.predictions.transform.dense", "hidden_size", width, "head"),
            Norm("cls.predictions.transform.LayerNorm", "layer", width, part="head"),
            *_masked_lm("cls.predictions", width, tied),
        )
    else:  # the word embedding's transpose, no decoder of its own even untied
        masked = (
            _linear("lm_predictions.lm_head.dense", "hidden_size", "hidden_size", "head"),
            Norm("lm_predictions.lm_head.LayerNorm", "layer", part="head"),
            Vector("lm_predictions.lm_head.bias", "vocab_size"),
        )
    context = _linear("pooler.dense", pooler, pooler, "pooler")
    return Layout(
        embeddings=tuple(Embedding(f"embeddings.{name}", rows, width) for name, rows in tables),
        kinds=(layer,),
        base="deberta",
        before=before,
        layers="encoder.layer",
        after=after,
        rotary=None,
        extra_buffers=_BUFFERS[:1],
        heads=(
            ("ForMaskedLM", masked),
            ("ForSequenceClassification", (context, *_classifier("classifier", "hidden_size"))),
            ("ForMultipleChoice", (context, *_classifier("classifier", "hidden_size", 1))),
        ),
    )


def _deberta(config: Config) -> Built:
    sizes = {key: config.size(key) for key in ("vocab_size", "hidden_size", "num_hidden_layers")}
    sizes["intermediate_size"] = config.size("intermediate_size")
    extra: dict[str, int] = {}
    config.divisible("hidden_size", "num_attention_heads")
    heads: Ref = "hidden_size"
    if "attention_head_size" in config:  # an attribute when set: ``None`` fails
        sizes["num_attention_heads"] = config.size("num_attention_heads")
        sizes["attention_head_size"] = config.size("attention_head_size")
        heads = ("num_attention_heads", "attention_head_size")
    positions = config.flag("position_biased_input")
    extra["max_position_embeddings"] = config.size("max_position_embeddings")
    types = config.size("type_vocab_size", minimum=0) > 0
    if types:
        sizes["type_vocab_size"] = config.size("type_vocab_size")
    width = "hidden_size"
    embedding = config.size("embedding_size") if "embedding_size" in config else None
    if embedding is not None and embedding != sizes["hidden_size"]:
        sizes["embedding_size"] = embedding
        width = "embedding_size"
    relative: Ref | None = None
    projections: tuple[str, ...] = ()
    kinds = _options(config, "pos_att_type")
    if config.flag("relative_attention"):
        if _integer(config, "position_buckets") > 0:
            sizes["position_buckets"] = config.size("position_buckets")
            relative = (2, "position_buckets")
        elif _integer(config, "max_relative_positions") >= 1:
            sizes["max_relative_positions"] = config.size("max_relative_positions")
            relative = (2, "max_relative_positions")
        else:
            relative = (2, "max_position_embeddings")
        if not config.flag("share_att_key"):
            projections = tuple(
                name
                for kind, name in (("c2p", "pos_key_proj"), ("p2c", "pos_query_proj"))
                if kind in kinds
            )
    if positions or relative == (2, "max_position_embeddings"):
        sizes["max_position_embeddings"] = extra.pop("max_position_embeddings")
    rel_norm = "layer_norm" in _options(config, "norm_rel_ebd")
    conv: Ref | None = None
    if _integer(config, "conv_kernel_size") > 0:
        sizes["conv_kernel_size"] = config.size("conv_kernel_size")
        groups = config.size("conv_groups")
        if sizes["hidden_size"] % groups:
            raise ValueError(
                f"conv_groups must divide hidden_size, got conv_groups={groups} and "
                f"hidden_size={sizes['hidden_size']} ({config.model_type})"
            )
        conv = "hidden_size"
        if groups > 1:
            sizes["conv_group_size"] = sizes["hidden_size"] // groups
            conv = "conv_group_size"
    pooler = "hidden_size"
    if "pooler_hidden_size" in config:
        sizes["pooler_hidden_size"] = config.size("pooler_hidden_size")
        pooler = "pooler_hidden_size"
    config.padding("vocab_size")
    layout = deberta_layout(
        heads,
        width,
        positions,
        types,
        relative,
        projections,
        rel_norm,
        conv,
        pooler,
        config.flag("legacy"),
        config.flag("tie_word_embeddings"),
    )
    return layout, sizes, extra


register(
    Row(
        "deberta-v2",
        "DebertaV2",
        {
            "vocab_size": 128100,
            "hidden_size": 1536,
            "num_hidden_layers": 24,
            "num_attention_heads": 24,
            "intermediate_size": 6144,
            "max_position_embeddings": 512,
            "type_vocab_size": 0,
            "embedding_size": None,
            "position_biased_input": True,
            "relative_attention": False,
            "max_relative_positions": -1,
            "position_buckets": -1,
            "pos_att_type": None,
            "share_att_key": False,
            "norm_rel_ebd": "none",
            "conv_kernel_size": 0,
            "conv_groups": 1,
            "attention_head_size": None,
            "pooler_hidden_size": None,
            "legacy": True,
            "tie_word_embeddings": True,
            "pad_token_id": 0,
        },
        _deberta,
        "encoder",
        classes=(*ENCODER_CLASSES, "ForMultipleChoice"),
        heads={
            "Model": lambda hidden, tied: (),
            "ForTokenClassification": lambda hidden, tied: _classifier("classifier", "hidden_size"),
            "ForQuestionAnswering": lambda hidden, tied: _classifier("qa_outputs", "hidden_size"),
        },
        default="Model",
        labelled=_LABELLED,
    ),
)


# --------------------------------------------------------------------------
# ModernBERT

_LAYER_TYPES = ("full_attention", "sliding_attention")


@cache
def modernbert_layout(
    norm: str,
    attention_bias: bool,
    mlp_bias: bool,
    types: tuple[str, ...],
    classifier_bias: bool,
    decoder_bias: bool,
    tied: bool,
) -> Layout:
    """ModernBERT: pre-norm layers (the first without its attention norm), a fused
    ``Wqkv``, a gated ``Wi`` of ``2·intermediate_size`` outputs, no position table
    (rotary tables per attention type: ``types``); every task class puts a
    prediction head (``head.dense``, ``head.norm``) before its output."""

    def layer(first: bool) -> LayerKind:
        blocks: list[tuple[str, Any]] = [] if first else [("", Norm("attn_norm", norm))]
        qkv = Linear("attn.Wqkv", "hidden_size", (3, "hidden_size"), attention_bias, "attention")
        blocks += [
            ("", qkv),
            ("", Linear("attn.Wo", "hidden_size", "hidden_size", attention_bias, "attention")),
            ("", Norm("mlp_norm", norm)),
            ("mlp", Mlp(names=("Wi", "Wo"), fused=True, bias=mlp_bias)),
        ]
        return LayerKind(tuple(blocks))

    head = (
        Linear("head.dense", "hidden_size", "hidden_size", classifier_bias, "head"),
        Norm("head.norm", norm, part="head"),
    )
    decoder: tuple[Any, ...] = ()
    if not tied:
        decoder = (Linear("decoder", "hidden_size", "vocab_size", decoder_bias, "head"),)
    elif decoder_bias:  # the weight is the token embedding's
        decoder = (Vector("decoder.bias", "vocab_size"),)
    labels = _classifier("classifier", "hidden_size")
    return Layout(
        embeddings=(Embedding("embeddings.tok_embeddings", "vocab_size"),),
        kinds=(layer(True), layer(False)),
        counts=(1, Minus("num_hidden_layers", 1)),
        base="model",
        before=(Norm("embeddings.norm", norm),),
        after=(Norm("final_norm", norm),),
        rotary=("rotary_emb", "head_dim"),
        rotary_types=types,
        heads=(
            ("ForMaskedLM", (*head, *decoder)),
            ("ForSequenceClassification", (*head, *labels)),
            ("ForTokenClassification", (*head, *labels)),
            ("ForQuestionAnswering", (*head, *labels)),
            ("ForMultipleChoice", (*head, *_classifier("classifier", "hidden_size", 1))),
        ),
    )


def _modernbert(config: Config) -> Built:
    sizes = {
        key: config.size(key)
        for key in ("vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers")
    }
    config.divisible("hidden_size", "num_attention_heads")
    layers = sizes["num_hidden_layers"]
    types = config.get("layer_types")
    if types is None:
        every = config.size("global_attn_every_n_layers")
        types = [_LAYER_TYPES[bool(i % every)] for i in range(layers)]
    if not isinstance(types, list | tuple) or any(t not in _LAYER_TYPES for t in types):
        raise ValueError(
            f"layer_types must be a list of 'full_attention' and 'sliding_attention', "
            f"got {types!r} ({config.model_type})"
        )
    if len(types) != layers:
        raise ValueError(
            f"num_hidden_layers ({layers}) must be equal to the number of layer_types "
            f"({len(types)}) ({config.model_type})"
        )
    config.padding("vocab_size")
    extra = {"head_dim": sizes["hidden_size"] // config.size("num_attention_heads")}
    if config.get("head_dim"):  # the rotary tables read it when set
        extra["head_dim"] = config.size("head_dim")
    layout = modernbert_layout(
        "layer" if config.flag("norm_bias") else "layer_nobias",
        config.flag("attention_bias"),
        config.flag("mlp_bias"),
        tuple(sorted(set(types))),
        config.flag("classifier_bias"),
        config.flag("decoder_bias"),
        config.flag("tie_word_embeddings"),
    )
    return layout, sizes, extra


register(
    Row(
        "modernbert",
        "ModernBert",
        {
            "vocab_size": 50368,
            "hidden_size": 768,
            "intermediate_size": 1152,
            "num_hidden_layers": 22,
            "num_attention_heads": 12,
            "norm_bias": False,
            "attention_bias": False,
            "mlp_bias": False,
            "decoder_bias": True,
            "classifier_bias": False,
            "layer_types": None,
            "global_attn_every_n_layers": 3,
            "head_dim": None,
            "tie_word_embeddings": True,
            "pad_token_id": 50283,
        },
        _modernbert,
        "encoder",
        classes=(*ENCODER_CLASSES, "ForMultipleChoice"),
        default="Model",
        labelled=_LABELLED,
    ),
)
