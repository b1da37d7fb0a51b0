"""Encoder-decoders as ``transformers`` builds them: T5, BART, mBART, Whisper.

An encoder-decoder is two stacks (:class:`~paramref.models._decoder.Stack`):
an encoder of self-attention and feed-forward layers, and a decoder whose
layers add a cross-attention block (queries from the decoder, keys and values
from the encoder's output) between the two. T5 shares one token table between
both stacks and the head, and gives the first layer of each stack a table of
relative position biases; BART and mBART share the token table too and learn
positions (two extra rows); Whisper feeds its encoder from two convolutions
over the mel spectrogram, with fixed sinusoidal positions held as a parameter
that is not trained.

The heads: the language-model head of ``ForConditionalGeneration`` is tied to
the token table (T5 always, whatever its ``config.json`` says: ``transformers``
5 forces it; the others while ``tie_word_embeddings`` is true), BART and mBART
add a ``final_logits_bias`` buffer.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from .._tensors import Dim, Poly, Tensor, compiled_polynomial
from ._blocks import Attention, Embedding, Linear, Mlp, Norm, Ref, dim
from ._decoder import Decoder, LayerKind, Layout, Minus, Stack
from ._rows import Built, Config, Row, register
from ._spec import Tagged

__all__ = ["Conv1d", "EncoderDecoder", "Frozen", "bart_layout", "t5_layout", "whisper_layout"]

Heads = dict[str, Callable[[str, bool], tuple[Any, ...]]]

_FROZEN: dict[Hashable, Callable[..., int]] = {}


class EncoderDecoder(Decoder):
    """An encoder-decoder as ``transformers`` builds it (``T5ForConditionalGeneration``, ...).

    As :class:`Decoder`, but some parameters may be frozen when built: Whisper's
    encoder positions are a table ``requires_grad_(False)`` fills with
    sinusoids. ``params`` and ``num_parameters()`` count them (as
    ``transformers`` does); ``trainable_params`` does not.
    """

    @property
    def non_trainable_params(self) -> int:
        """The parameters built with ``requires_grad=False``."""
        try:
            frozen = _FROZEN[self._flags]
        except KeyError:
            names = list(self._sizes)
            total = Poly({})
            for tensor in self._tensors({name: Poly.var(name) for name in names}):
                if not tensor.buffer and not tensor.trainable:
                    total = total + tensor.numel
            frozen = _FROZEN[self._flags] = compiled_polynomial(total, names)
        return frozen(*self._sizes.values())

    @property
    def trainable_params(self) -> int:
        """``params`` less the frozen ones."""
        return self.params - self.non_trainable_params


@dataclass(frozen=True)
class Conv1d:
    """``nn.Conv1d(n, m, kernel)`` under ``name``: a ``(m, n, kernel)`` weight and a bias."""

    name: str
    n: Ref
    m: Ref
    kernel: int = 3
    part: str = "projection"

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        m = dim(sizes, self.m)
        yield Tagged(f"{self.name}.weight", (m, dim(sizes, self.n), self.kernel), part=self.part)
        yield Tagged(f"{self.name}.bias", (m,), part=self.part)


@dataclass(frozen=True)
class Frozen:
    """A block whose parameters are built with ``requires_grad=False``."""

    block: Any

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        for tensor in self.block.tensors(sizes):
            yield replace(tensor, trainable=False)


@dataclass(frozen=True)
class Buffer:
    """A buffer of ``shape`` under ``name`` (BART's ``final_logits_bias``), not counted."""

    name: str
    shape: tuple[Ref, ...]

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        yield Tagged(self.name, tuple(dim(sizes, r) for r in self.shape), buffer=True, part="head")


@dataclass(frozen=True)
class Vector:
    """A bare ``(size + plus,)`` parameter (Whisper's ``layer_weights``)."""

    name: str
    size: Ref
    plus: int = 0
    part: str = "head"

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        yield Tagged(self.name, (dim(sizes, self.size) + self.plus,), part=self.part)


def _without_decoder(layout: Layout, tied: bool) -> Layout:
    """The encoder alone (``T5EncoderModel``): the shared table and the encoder stack."""
    return replace(layout, before=layout.before[:1])


def _decoder_only(layout: Layout, tied: bool) -> Layout:
    """The decoder alone (``ForCausalLM``): the decoder stack with its own token table."""
    decoder = layout.before[-1]
    if not any(getattr(block, "name", "") == "embed_tokens" for block in decoder.before):
        token = Embedding("embed_tokens", "vocab_size", "d_model")
        decoder = replace(decoder, before=(token, *decoder.before))
    return replace(layout, embeddings=(), before=(decoder,))


# --------------------------------------------------------------------------
# T5


def _t5_attention(name: str, bias: bool) -> tuple[tuple[str, Any], ...]:
    """T5's attention: ``q``, ``k``, ``v`` of ``num_heads * d_kv`` features and ``o``,
    no biases; ``bias`` adds the relative position bias table of the stack's first layer."""
    attention = Attention(
        name,
        hidden="d_model",
        heads="num_heads",
        kv_heads=None,
        head_dim="d_kv",
        projections=("q", "k", "v", "o"),
    )
    blocks: tuple[tuple[str, Any], ...] = ((name, attention),)
    if bias:
        table = Embedding(
            f"{name}.relative_attention_bias", "relative_attention_num_buckets", "num_heads"
        )
        blocks += (("", table),)
    return blocks


def _t5_layer(decoder: bool, bias: bool, gated: bool) -> LayerKind:
    """One ``T5Block``: ``layer.0`` self-attention, ``layer.1`` cross-attention (decoder),
    then the feed-forward block, each with its RMS ``layer_norm``."""
    norm = Norm("layer_norm", "rms", "d_model")
    names = ("wi_0", "wi_1", "wo") if gated else ("wi", "wo")
    blocks: list[tuple[str, Any]] = [
        ("layer.0", LayerKind((*_t5_attention("SelfAttention", bias), ("", norm))))
    ]
    if decoder:
        blocks.append(
            ("layer.1", LayerKind((*_t5_attention("EncDecAttention", False), ("", norm))))
        )
    feed_forward = Mlp("d_model", "d_ff", names)
    blocks.append(
        (f"layer.{len(blocks)}", LayerKind((("DenseReluDense", feed_forward), ("", norm))))
    )
    return LayerKind(tuple(blocks))


def _t5_stack(name: str, layers: Ref, decoder: bool, gated: bool, any_layer: bool) -> Stack:
    kinds: tuple[LayerKind, ...] = ()
    counts: tuple[Ref | Minus, ...] = ()
    if any_layer:
        kinds = (_t5_layer(decoder, True, gated), _t5_layer(decoder, False, gated))
        counts = (1, Minus(layers, 1))
    after = (Norm("final_layer_norm", "rms", "d_model"),)
    return Stack(name, kinds, counts, layers="block", after=after)


@cache
def t5_layout(gated: bool, decoder_layers: str, encoder: bool, decoder: bool) -> Layout:
    """T5: the ``shared`` table, an encoder and a decoder stack (``encoder``/``decoder``:
    whether each has layers), the first layer of each with its relative position bias."""
    return Layout(
        embeddings=(Embedding("shared", "vocab_size", "d_model"),),
        kinds=(),
        counts=(),
        base="",
        before=(
            _t5_stack("encoder", "num_layers", False, gated, encoder),
            _t5_stack("decoder", decoder_layers, True, gated, decoder),
        ),
        after=(),
        rotary=None,
    )


def _t5(config: Config) -> Built:
    projection = config.get("feed_forward_proj")
    if not isinstance(projection, str):
        raise TypeError(
            f"feed_forward_proj must be a str, got {type(projection).__name__} {projection!r} (t5)"
        )
    parts = projection.split("-")
    if (len(parts) > 1 and parts[0] != "gated") or len(parts) > 2:
        raise ValueError(
            f"feed_forward_proj must be 'gated-ACT' or 'ACT' (e.g. 'gated-gelu', 'relu'), "
            f"got {projection!r} (t5)"
        )
    gated = parts[0] == "gated"
    sizes = {
        "vocab_size": config.size("vocab_size"),
        "d_model": config.size("d_model"),
        "num_heads": config.size("num_heads"),
        "d_kv": config.size("d_kv"),
        "d_ff": config.size("d_ff"),
        "num_layers": config.size("num_layers", minimum=0),
        "relative_attention_num_buckets": config.size("relative_attention_num_buckets"),
    }
    decoder_layers = "num_layers"
    if config.get("num_decoder_layers") is not None:
        decoder_layers = "num_decoder_layers"
        sizes["num_decoder_layers"] = config.size("num_decoder_layers", minimum=0)
    encoder = sizes["num_layers"] > 0
    decoder = sizes[decoder_layers] > 0
    return t5_layout(gated, decoder_layers, encoder, decoder), sizes, {}


def _linear(name: str, n: Ref, m: Ref) -> Linear:
    return Linear(name, n, m, bias=True, part="head")


register(
    Row(
        "t5",
        "T5",
        {
            "vocab_size": 32128,
            "d_model": 512,
            "d_kv": 64,
            "d_ff": 2048,
            "num_layers": 6,
            "num_decoder_layers": None,
            "num_heads": 8,
            "relative_attention_num_buckets": 32,
            "feed_forward_proj": "relu",
        },
        _t5,
        "seq2seq",
        classes=(
            "ForConditionalGeneration",
            "Model",
            "EncoderModel",
            "ForSequenceClassification",
            "ForTokenClassification",
            "ForQuestionAnswering",
        ),
        heads={
            "ForConditionalGeneration": lambda hidden, tied: (),
            "Model": lambda hidden, tied: (),
            "EncoderModel": lambda hidden, tied: (),
            "ForSequenceClassification": lambda hidden, tied: (
                _linear("classification_head.dense", "d_model", "d_model"),
                _linear("classification_head.out_proj", "d_model", "num_labels"),
            ),
            "ForTokenClassification": lambda hidden, tied: (
                _linear("classifier", "d_model", "num_labels"),
            ),
            "ForQuestionAnswering": lambda hidden, tied: (
                _linear("qa_outputs", "d_model", "num_labels"),
            ),
        },
        bases={"ForSequenceClassification": "transformer", "ForTokenClassification": "transformer"},
        default="ForConditionalGeneration",
        labelled=("ForSequenceClassification", "ForTokenClassification", "ForQuestionAnswering"),
        adapt={"EncoderModel": _without_decoder, "ForTokenClassification": _without_decoder},
        hidden="d_model",
        spec_class=EncoderDecoder,
    ),
)


# --------------------------------------------------------------------------
# BART and mBART


def _bart_attention(name: str, k_bias: bool = True) -> tuple[str, Any]:
    """BART's attention: ``q_proj``, ``k_proj``, ``v_proj``, ``out_proj``, each
    ``d_model -> d_model`` with a bias (Whisper's ``k_proj`` has none)."""
    attention = Attention(
        name,
        hidden="d_model",
        heads=1,
        kv_heads=None,
        head_dim="d_model",
        projections=("q_proj", "k_proj", "v_proj", "out_proj"),
        bias=(True, k_bias, True, True),
    )
    return (name, attention)


def _bart_layer(decoder: bool, ffn: str, k_bias: bool) -> LayerKind:
    """One BART layer: self-attention, cross-attention (``encoder_attn``, decoder
    only), ``fc1``/``fc2``, each followed (BART) or preceded (mBART, Whisper) by a LayerNorm."""
    blocks: list[tuple[str, Any]] = [
        _bart_attention("self_attn", k_bias),
        ("", Norm("self_attn_layer_norm", "layer", "d_model")),
    ]
    if decoder:
        blocks += [
            _bart_attention("encoder_attn", k_bias),
            ("", Norm("encoder_attn_layer_norm", "layer", "d_model")),
        ]
    blocks += [
        ("", Linear("fc1", "d_model", ffn, bias=True, part="mlp")),
        ("", Linear("fc2", ffn, "d_model", bias=True, part="mlp")),
        ("", Norm("final_layer_norm", "layer", "d_model")),
    ]
    return LayerKind(tuple(blocks))


@cache
def bart_layout(tied: bool, final_norm: bool) -> Layout:
    """BART (mBART with ``final_norm``: a ``layer_norm`` at the end of each stack):
    the ``shared`` table (the stacks' ``embed_tokens`` are it while ``tied``), learned
    positions of ``max_position_embeddings + 2`` rows and ``layernorm_embedding``."""
    stacks = []
    for name, layers, ffn in (
        ("encoder", "encoder_layers", "encoder_ffn_dim"),
        ("decoder", "decoder_layers", "decoder_ffn_dim"),
    ):
        before: tuple[Any, ...] = (
            Embedding("embed_positions", "max_position_embeddings", "d_model", offset=2),
        )
        if not tied:
            before = (Embedding("embed_tokens", "vocab_size", "d_model"), *before)
        after: tuple[Any, ...] = (Norm("layernorm_embedding", "layer", "d_model"),)
        if final_norm:
            after += (Norm("layer_norm", "layer", "d_model"),)
        kind = _bart_layer(name == "decoder", ffn, True)
        stacks.append(Stack(name, (kind,), (layers,), before=before, after=after))
    return Layout(
        embeddings=(Embedding("shared", "vocab_size", "d_model"),),
        kinds=(),
        counts=(),
        base="model",
        before=tuple(stacks),
        after=(),
        rotary=None,
    )


def _heads_divide(config: Config, *pairs: tuple[str, str]) -> None:
    """Refuse heads that do not divide ``d_model`` in a stack that has layers."""
    for layers, heads in pairs:
        if config.size(layers, minimum=0) > 0:
            config.divisible("d_model", heads)


def _bart_sizes(config: Config) -> dict[str, int]:
    sizes = {
        "vocab_size": config.size("vocab_size"),
        "d_model": config.size("d_model"),
        "encoder_layers": config.size("encoder_layers", minimum=0),
        "decoder_layers": config.size("decoder_layers", minimum=0),
        "encoder_ffn_dim": config.size("encoder_ffn_dim"),
        "decoder_ffn_dim": config.size("decoder_ffn_dim"),
    }
    _heads_divide(
        config,
        ("encoder_layers", "encoder_attention_heads"),
        ("decoder_layers", "decoder_attention_heads"),
    )
    config.padding("vocab_size")
    return sizes


def _bart(config: Config) -> Built:
    sizes = _bart_sizes(config)
    sizes["max_position_embeddings"] = config.size("max_position_embeddings")
    tied = config.flag("tie_word_embeddings")
    return bart_layout(tied, config.model_type == "mbart"), sizes, {}


def _bart_heads(head: str = "lm_head") -> Heads:
    def generation(hidden: str, tied: bool) -> tuple[Any, ...]:
        bias = Buffer("final_logits_bias", (1, "vocab_size"))
        if tied:
            return (bias,)
        return (Linear("lm_head", "d_model", "vocab_size", part="head"), bias)

    return {
        "ForConditionalGeneration": generation,
        "Model": lambda hidden, tied: (),
        "ForSequenceClassification": lambda hidden, tied: (
            _linear("classification_head.dense", "d_model", "d_model"),
            _linear("classification_head.out_proj", "d_model", "num_labels"),
        ),
        "ForQuestionAnswering": lambda hidden, tied: (_linear("qa_outputs", "d_model", 2),),
        "ForCausalLM": lambda hidden, tied: (
            () if tied else (Linear("lm_head", "d_model", "vocab_size", part="head"),)
        ),
    }


_BART_DEFAULTS: dict[str, object] = {
    "vocab_size": 50265,
    "max_position_embeddings": 1024,
    "encoder_layers": 12,
    "encoder_ffn_dim": 4096,
    "encoder_attention_heads": 16,
    "decoder_layers": 12,
    "decoder_ffn_dim": 4096,
    "decoder_attention_heads": 16,
    "d_model": 1024,
    "pad_token_id": 1,
    "tie_word_embeddings": True,
}

_BART_CLASSES = (
    "ForConditionalGeneration",
    "Model",
    "ForSequenceClassification",
    "ForQuestionAnswering",
    "ForCausalLM",
)

for _type, _prefix in (("bart", "Bart"), ("mbart", "MBart")):
    register(
        Row(
            _type,
            _prefix,
            _BART_DEFAULTS,
            _bart,
            "seq2seq",
            classes=_BART_CLASSES,
            heads=_bart_heads(),
            default="ForConditionalGeneration",
            labelled=("ForSequenceClassification",),
            adapt={"ForCausalLM": _decoder_only},
            hidden="d_model",
            spec_class=EncoderDecoder,
        )
    )


# --------------------------------------------------------------------------
# Whisper


@cache
def whisper_layout() -> Layout:
    """Whisper: an encoder fed by two convolutions (kernel 3) over ``num_mel_bins``
    channels, with ``max_source_positions`` frozen sinusoidal positions; a decoder with
    its token table and ``max_target_positions`` learned positions; pre-norm layers
    whose ``k_proj`` has no bias, a final ``layer_norm`` in each stack."""
    norm = (Norm("layer_norm", "layer", "d_model"),)
    encoder = Stack(
        "encoder",
        (_bart_layer(False, "encoder_ffn_dim", False),),
        ("encoder_layers",),
        before=(
            Conv1d("conv1", "num_mel_bins", "d_model"),
            Conv1d("conv2", "d_model", "d_model"),
            Frozen(Embedding("embed_positions", "max_source_positions", "d_model")),
        ),
        after=norm,
    )
    decoder = Stack(
        "decoder",
        (_bart_layer(True, "decoder_ffn_dim", False),),
        ("decoder_layers",),
        before=(
            Embedding("embed_tokens", "vocab_size", "d_model"),
            Embedding("embed_positions", "max_target_positions", "d_model"),
        ),
        after=norm,
    )
    return Layout(
        embeddings=(),
        kinds=(),
        counts=(),
        base="model",
        before=(encoder, decoder),
        after=(),
        rotary=None,
    )


def _whisper(config: Config) -> Built:
    sizes = _bart_sizes(config)
    sizes["num_mel_bins"] = config.size("num_mel_bins")
    sizes["max_source_positions"] = config.size("max_source_positions")
    sizes["max_target_positions"] = config.size("max_target_positions")
    return whisper_layout(), sizes, {}


def _proj_out(hidden: str, tied: bool) -> tuple[Any, ...]:
    return () if tied else (Linear("proj_out", "d_model", "vocab_size", part="head"),)


register(
    Row(
        "whisper",
        "Whisper",
        {
            "vocab_size": 51865,
            "num_mel_bins": 80,
            "encoder_layers": 4,
            "encoder_attention_heads": 6,
            "decoder_layers": 4,
            "decoder_attention_heads": 6,
            "decoder_ffn_dim": 1536,
            "encoder_ffn_dim": 1536,
            "d_model": 384,
            "max_source_positions": 1500,
            "max_target_positions": 448,
            "pad_token_id": 50256,
            "tie_word_embeddings": True,
        },
        _whisper,
        "seq2seq",
        classes=("ForConditionalGeneration", "Model", "ForCausalLM"),
        heads={
            "ForConditionalGeneration": _proj_out,
            "Model": lambda hidden, tied: (),
            "ForCausalLM": _proj_out,
        },
        default="ForConditionalGeneration",
        labelled=(),
        adapt={"ForCausalLM": _decoder_only},
        hidden="d_model",
        spec_class=EncoderDecoder,
    ),
)
