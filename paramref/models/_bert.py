"""BERT by keyword: :func:`bert`, over the ``bert`` row of the encoders.

The row (``paramref.models._encoders``) counts every BERT class a ``config.json``
names; :func:`bert` takes the ``BertConfig`` keys by name and counts the base
model, ``BertModel``, with its pooler or, with ``add_pooling_layer=False``,
without it.
"""

from __future__ import annotations

from ._decoder import Decoder

__all__ = ["BertModel", "bert"]

#: The spec :func:`bert` returns: a :class:`~paramref.models.Decoder` whose
#: ``class_name`` is ``"BertModel"``.
BertModel = Decoder


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
) -> Decoder:
    """BERT as ``transformers.BertModel(BertConfig(...), add_pooling_layer)`` builds it.

    The defaults are BERT-base (the ``BertConfig`` defaults). ``add_pooling_layer``
    is ``BertModel``'s own argument, not a config key: ``False`` drops the
    pooler, as ``BertForMaskedLM`` does. ``add_cross_attention`` (with
    ``is_decoder=True``) gives every layer a second attention block. The task
    classes (``BertForMaskedLM``, ...) are counted by :func:`from_config` from a
    config naming them in ``architectures``.

    Args:
        vocab_size: Tokens in the vocabulary.
        hidden_size: Width of the model.
        num_hidden_layers: Number of encoder layers.
        num_attention_heads: Attention heads; must divide ``hidden_size``.
        intermediate_size: Width of the feed-forward network.
        max_position_embeddings: Learned positions.
        type_vocab_size: Token types (segments); 0 is an empty table.
        is_decoder: Whether the model is used as a decoder.
        add_cross_attention: Whether each layer has cross-attention.
        add_pooling_layer: Whether the model has the pooler.

    Returns:
        The spec of ``BertModel``.

    Examples:
        >>> bert().params, bert(add_pooling_layer=False).params
        (109482240, 108891648)
        >>> bert(hidden_size=1024, num_hidden_layers=24, num_attention_heads=16,
        ...      intermediate_size=4096).params
        335141888
        >>> bert().buffers
        {'embeddings.position_ids': (1, 512), 'embeddings.token_type_ids': (1, 512)}
    """
    from ._encoders import bert_model

    if type(add_pooling_layer) is not bool:
        raise TypeError(
            f"add_pooling_layer must be a bool, got {type(add_pooling_layer).__name__} "
            f"{add_pooling_layer!r}"
        )
    values = {
        "vocab_size": vocab_size,
        "hidden_size": hidden_size,
        "num_hidden_layers": num_hidden_layers,
        "num_attention_heads": num_attention_heads,
        "intermediate_size": intermediate_size,
        "max_position_embeddings": max_position_embeddings,
        "type_vocab_size": type_vocab_size,
        "is_decoder": is_decoder,
        "add_cross_attention": add_cross_attention,
    }
    return bert_model(values, add_pooling_layer)
