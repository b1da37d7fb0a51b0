"""Transformer language models as Hugging Face ``transformers`` builds them.

Each spec lists the tensors of one ``transformers`` class under the names its
``named_parameters()`` gives, built from the same pieces as the layer pages:
``torch.nn.Embedding`` tables, ``torch.nn.Linear`` projections, ``LayerNorm`` and
``RMSNorm`` scales. GPT-2's projections are Hugging Face's ``Conv1D``, a linear
layer that stores its weight as ``(in, out)``. A head tied to the token
embedding is the same tensor: ``named_parameters()`` lists it once, under the
embedding's name, and so does paramref.

The formula's symbols are the config keys (``n_embd``, ``n_layer``,
``hidden_size``, ``num_hidden_layers``, ...). The layer count stays a symbol:
one representative layer is multiplied by it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from .._check import positive_int
from .._embedding import embedding_tensors
from .._linear import linear_tensors
from .._norm import affine_tensors
from .._tensors import Dim, Tensor, prefixed, repeated
from ._spec import ModelSpec, checked_flags, checked_sizes, tag

__all__ = ["BERT_KEYS", "BertModel", "bert"]


# --------------------------------------------------------------------------
# Pieces.


def layer_norm(d: Dim) -> Iterator[Tensor]:
    """``LayerNorm(d)``: ``weight`` and ``bias``."""
    return affine_tensors((d,), True, True)


def _divisible(name: str, value: int, by_name: str, by: int) -> None:
    if value % by:
        raise ValueError(
            f"{name} must be a multiple of {by_name}, got {name}={value} and {by_name}={by}"
        )


# --------------------------------------------------------------------------
# BERT


class BertModel(ModelSpec):
    """``transformers.BertModel``: BERT's encoder, with the pooler by default.

    Word, position and token-type embeddings and their ``LayerNorm``;
    ``num_hidden_layers`` post-norm layers (``query``, ``key``, ``value``, the
    attention output ``dense`` and its ``LayerNorm``, the ``intermediate`` and
    ``output`` dense layers and the second ``LayerNorm``); and the pooler, one
    ``hidden_size -> hidden_size`` dense layer on the first token. Two buffers,
    ``embeddings.position_ids`` and ``embeddings.token_type_ids``, are not
    parameters.

    Build it with :func:`bert`.

    Examples:
        >>> from paramref.models import bert
        >>> bert().params, bert(add_pooling_layer=False).params
        (109482240, 108891648)
        >>> bert().buffers
        {'embeddings.position_ids': (1, 512), 'embeddings.token_type_ids': (1, 512)}
    """

    PARTS = ("embeddings", "attention", "mlp", "norms", "pooler")

    def __init__(
        self,
        vocab_size: int,
        hidden_size: int,
        num_hidden_layers: int,
        num_attention_heads: int,
        intermediate_size: int,
        max_position_embeddings: int,
        type_vocab_size: int,
        is_decoder: bool,
        add_cross_attention: bool,
        add_pooling_layer: bool = True,
    ) -> None:
        self._sizes = checked_sizes(
            {
                "vocab_size": vocab_size,
                "hidden_size": hidden_size,
                "num_hidden_layers": num_hidden_layers,
                "intermediate_size": intermediate_size,
                "max_position_embeddings": max_position_embeddings,
                "type_vocab_size": type_vocab_size,
            }
        )
        self.num_attention_heads = heads = positive_int("num_attention_heads", num_attention_heads)
        _divisible("hidden_size", hidden_size, "num_attention_heads", heads)
        self.is_decoder, self.add_cross_attention, self.add_pooling_layer = checked_flags(
            {
                "is_decoder": is_decoder,
                "add_cross_attention": add_cross_attention,
                "add_pooling_layer": add_pooling_layer,
            }
        )
        if self.add_cross_attention and not self.is_decoder:
            raise ValueError(
                "add_cross_attention=True needs is_decoder=True: BERT adds cross-attention "
                "only to a decoder"
            )
        self._flags = (self.add_cross_attention, self.add_pooling_layer)

    @staticmethod
    def _attention(d: Dim) -> Iterator[Tensor]:
        for name in ("self.query", "self.key", "self.value", "output.dense"):
            yield from tag("attention", prefixed(name, linear_tensors(d, d)))
        yield from tag("norms", prefixed("output.LayerNorm", layer_norm(d)))

    def _layer(self, d: Dim, inner: Dim) -> Iterator[Tensor]:
        yield from prefixed("attention", self._attention(d))
        if self.add_cross_attention:
            yield from prefixed("crossattention", self._attention(d))
        yield from tag("mlp", prefixed("intermediate.dense", linear_tensors(d, inner)))
        yield from tag("mlp", prefixed("output.dense", linear_tensors(inner, d)))
        yield from tag("norms", prefixed("output.LayerNorm", layer_norm(d)))

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        d, positions = sizes["hidden_size"], sizes["max_position_embeddings"]
        tables = (
            ("word_embeddings", sizes["vocab_size"]),
            ("position_embeddings", positions),
            ("token_type_embeddings", sizes["type_vocab_size"]),
        )
        for name, rows in tables:
            yield from tag("embeddings", prefixed(f"embeddings.{name}", embedding_tensors(rows, d)))
        yield from tag("norms", prefixed("embeddings.LayerNorm", layer_norm(d)))
        yield Tensor("embeddings.position_ids", (1, positions), buffer=True)
        yield Tensor("embeddings.token_type_ids", (1, positions), buffer=True)
        inner = sizes["intermediate_size"]
        yield from repeated(
            sizes["num_hidden_layers"],
            lambda k: prefixed(f"encoder.layer.{k}", self._layer(d, inner)),
        )
        if self.add_pooling_layer:
            yield from tag("pooler", prefixed("pooler.dense", linear_tensors(d, d)))


def bert(
    *,
    vocab_size: int = 30522,
    hidden_size: int = 768,
    num_hidden_layers: int = 12,
    num_attention_heads: int = 12,
    intermediate_size: int = 3072,
    max_position_embeddings: int = 512,
    type_vocab_size: int = 2,
    is_decoder: bool = False,
    add_cross_attention: bool = False,
    add_pooling_layer: bool = True,
) -> BertModel:
    """BERT as ``transformers.BertModel(BertConfig(...), add_pooling_layer)`` builds it.

    The defaults are BERT-base (the ``BertConfig`` defaults). ``add_pooling_layer``
    is ``BertModel``'s own argument, not a config key: ``False`` drops the
    pooler, as ``BertForMaskedLM`` does. ``add_cross_attention`` (with
    ``is_decoder=True``) gives every layer a second attention block.

    Args:
        vocab_size: Tokens in the vocabulary.
        hidden_size: Width of the model.
        num_hidden_layers: Number of encoder layers.
        num_attention_heads: Attention heads; must divide ``hidden_size``.
        intermediate_size: Width of the feed-forward network.
        max_position_embeddings: Learned positions.
        type_vocab_size: Token types (segments).
        is_decoder: Whether the model is used as a decoder.
        add_cross_attention: Whether each layer has cross-attention.
        add_pooling_layer: Whether the model has the pooler.

    Returns:
        A :class:`BertModel` spec.

    Examples:
        >>> bert().params
        109482240
        >>> bert(hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
        ...      intermediate_size=4096).params
        335141888
    """
    return BertModel(
        vocab_size,
        hidden_size,
        num_hidden_layers,
        num_attention_heads,
        intermediate_size,
        max_position_embeddings,
        type_vocab_size,
        is_decoder,
        add_cross_attention,
        add_pooling_layer,
    )


#: The config keys that change BERT's count. Every other key of a ``config.json``
#: (dropout, activation, token ids, ``architectures``, ``torch_dtype``, ...) is ignored.
BERT_KEYS = (
    "vocab_size",
    "hidden_size",
    "num_hidden_layers",
    "num_attention_heads",
    "intermediate_size",
    "max_position_embeddings",
    "type_vocab_size",
    "is_decoder",
    "add_cross_attention",
)
