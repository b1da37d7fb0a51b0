"""The embedding family: a lookup table with one row per token.

An embedding layer holds a single matrix of ``num_embeddings`` rows (the
vocabulary) and ``embedding_dim`` columns. Looking a token up reads its row; no
bias, no other weight. ``padding_idx``, ``max_norm``, ``mask_zero``, the
sequence length and ``EmbeddingBag``'s reduction change what the layer returns,
never how many numbers it stores. Keras's LoRA option freezes the table and
adds two trainable low-rank factors.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from ._check import flag, nonnegative_int, positive_int
from ._keras import KerasLayer, Output, keras_input_shape, lora_rank_arg, renamed, trainable_as
from ._tensors import Dim, Spec, Tensor

__all__ = [
    "Embedding",
    "EmbeddingBag",
    "KerasEmbedding",
    "embedding_tensors",
    "keras_embedding_tensors",
]


def embedding_tensors(
    num_embeddings: Dim, embedding_dim: Dim, trainable: bool = True
) -> Iterator[Tensor]:
    """Tensors of ``torch.nn.Embedding`` and ``torch.nn.EmbeddingBag``: one table."""
    yield Tensor("weight", (num_embeddings, embedding_dim), trainable=trainable, module="Embedding")


def keras_embedding_tensors(
    input_dim: Dim, output_dim: Dim, lora_rank: Dim = 0
) -> Iterator[Tensor]:
    """Tensors of ``keras.layers.Embedding``, with LoRA factors if ``lora_rank``."""
    yield Tensor("embeddings", (input_dim, output_dim), trainable=not lora_rank)
    if lora_rank:
        yield Tensor("lora_embeddings_a", (input_dim, lora_rank))
        yield Tensor("lora_embeddings_b", (lora_rank, output_dim))


def _padding_idx(value: object, num_embeddings: int, capital: bool) -> int | None:
    """Check ``padding_idx`` as torch does: ``-num_embeddings <= padding_idx < num_embeddings``.

    (torch's own check lets ``padding_idx=0`` through for an empty table, then
    fails to zero that row; paramref refuses it at once.)
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"padding_idx must be an int or None, got {type(value).__name__} {value!r}")
    if not -num_embeddings <= value < num_embeddings:
        name = "Padding_idx" if capital else "padding_idx"
        raise ValueError(f"{name} must be within num_embeddings ({num_embeddings}), got {value!r}")
    return value


def _check_weight(weight: object, num_embeddings: int, embedding_dim: int, name: str) -> None:
    """A given initial table must have the layer's shape."""
    if weight is None:
        return
    shape = getattr(weight, "shape", None)
    if shape is None:
        raise TypeError(f"{name} must be a tensor or array with a shape, got {weight!r}")
    if tuple(int(s) for s in shape) != (num_embeddings, embedding_dim):
        raise ValueError(
            f"Shape of {name} {tuple(shape)} does not match num_embeddings and "
            f"embedding_dim ({num_embeddings}, {embedding_dim})"
        )


class Embedding(Spec):
    """``torch.nn.Embedding``: a ``(num_embeddings, embedding_dim)`` lookup table.

    ``padding_idx`` is checked as torch checks it and adds nothing: the padding
    row is a row of the same table, kept at zero and out of the gradient.
    ``_freeze=True`` makes the table non-trainable (``requires_grad=False``).

    Args:
        num_embeddings: Size of the vocabulary (rows); 0 is allowed.
        embedding_dim: Size of each embedding vector (columns); 0 is allowed.
        padding_idx: Index of the padding row, negative counting from the end.
        max_norm: Accepted; renormalising rows does not change the count.
        norm_type: Accepted; it does not change the count.
        scale_grad_by_freq: Accepted; it does not change the count.
        sparse: Accepted; sparse gradients do not change the count.
        _weight: An initial table; it must have shape
            ``(num_embeddings, embedding_dim)``.
        _freeze: Whether the table is frozen.
        device: Accepted for signature compatibility.
        dtype: Accepted for signature compatibility.

    Examples:
        >>> table = Embedding(10000, 64)
        >>> table.shapes
        {'weight': (10000, 64)}
        >>> table.params
        640000
        >>> table.formula
        embedding_dim*num_embeddings
        >>> Embedding(10000, 64, padding_idx=0, max_norm=1.0).params
        640000
    """

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        padding_idx: int | None = None,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
        _weight: object = None,
        _freeze: bool = False,
        device: object = None,
        dtype: object = None,
    ) -> None:
        n = nonnegative_int("num_embeddings", num_embeddings)
        d = nonnegative_int("embedding_dim", embedding_dim)
        self.padding_idx = _padding_idx(padding_idx, n, capital=True)
        _check_weight(_weight, n, d, "weight")
        self.frozen = flag("_freeze", _freeze)
        self._sizes = {"num_embeddings": n, "embedding_dim": d}

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return embedding_tensors(sizes["num_embeddings"], sizes["embedding_dim"], not self.frozen)


class EmbeddingBag(Spec):
    """``torch.nn.EmbeddingBag``: an embedding table whose rows are summed or averaged per bag.

    A bag has no parameters of its own: ``mode``, ``include_last_offset`` and
    ``per_sample_weights`` (passed at call time) only change how looked-up rows
    are combined. The table is the one of :class:`Embedding`.

    Args:
        num_embeddings: Size of the vocabulary (rows); 0 is allowed.
        embedding_dim: Size of each embedding vector (columns); 0 is allowed.
        max_norm: Accepted; it does not change the count.
        norm_type: Accepted; it does not change the count.
        scale_grad_by_freq: Accepted; it does not change the count.
        mode: ``"sum"``, ``"mean"`` or ``"max"``; it does not change the count.
        sparse: Accepted; it does not change the count.
        _weight: An initial table; it must have shape
            ``(num_embeddings, embedding_dim)``.
        include_last_offset: Accepted; it does not change the count.
        padding_idx: Index of the padding row, checked as torch checks it.
        device: Accepted for signature compatibility.
        dtype: Accepted for signature compatibility.

    Examples:
        >>> bag = EmbeddingBag(10000, 64, mode="sum")
        >>> bag.shapes, bag.params
        ({'weight': (10000, 64)}, 640000)
    """

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        mode: str = "mean",
        sparse: bool = False,
        _weight: object = None,
        include_last_offset: bool = False,
        padding_idx: int | None = None,
        device: object = None,
        dtype: object = None,
    ) -> None:
        n = nonnegative_int("num_embeddings", num_embeddings)
        d = nonnegative_int("embedding_dim", embedding_dim)
        self.padding_idx = _padding_idx(padding_idx, n, capital=False)
        _check_weight(_weight, n, d, "weight")
        self.mode = mode
        self._sizes = {"num_embeddings": n, "embedding_dim": d}

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return embedding_tensors(sizes["num_embeddings"], sizes["embedding_dim"])


@renamed("Embedding")
class KerasEmbedding(KerasLayer):
    """``keras.layers.Embedding``: an ``(input_dim, output_dim)`` table named ``embeddings``.

    Exported as ``paramref.layers.Embedding``. ``mask_zero`` adds nothing: index
    0 is still a row of the table. Keras 3 still accepts ``input_length`` (with a
    deprecation warning) and ignores it; so does paramref. The table does not
    depend on the input's shape, so the spec counts without ``input_shape``;
    the output appends ``output_dim`` to the input's shape.

    Args:
        input_dim: Size of the vocabulary (rows), at least 1.
        output_dim: Size of each embedding vector (columns), at least 1.
        embeddings_initializer: Accepted; it does not change the count.
        embeddings_regularizer: Accepted; it does not change the count.
        embeddings_constraint: Accepted; Keras refuses it together with LoRA.
        mask_zero: Accepted; masking does not change the count.
        weights: An initial table; it must have shape ``(input_dim, output_dim)``.
        lora_rank: Rank of the LoRA factors, or ``None``.
        lora_alpha: Accepted; LoRA's scale does not change the count.
        quantization_config: Only ``None`` is supported.
        input_shape: Shape of one input sample (token ids), batch excluded; optional.
        **kwargs: Keyword arguments of every Keras layer, and ``input_length``.

    Examples:
        >>> table = KerasEmbedding(1000, 64)
        >>> table.shapes
        {'embeddings': (1000, 64)}
        >>> table.params
        64000
        >>> table.formula
        input_dim*output_dim
        >>> KerasEmbedding(10000, 64, input_length=10, mask_zero=True).params
        640000
        >>> KerasEmbedding(1000, 64, input_shape=(10,)).output_shape
        (10, 64)
    """

    def __init__(
        self,
        input_dim: int,
        output_dim: int,
        embeddings_initializer: object = "uniform",
        embeddings_regularizer: object = None,
        embeddings_constraint: object = None,
        mask_zero: bool = False,
        weights: object = None,
        lora_rank: int | None = None,
        lora_alpha: object = None,
        quantization_config: object = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        rows = positive_int("input_dim", input_dim)
        columns = positive_int("output_dim", output_dim)
        self._keras_init(kwargs, input_shape, {"input_length"})
        if quantization_config is not None:
            raise NotImplementedError("Embedding: quantization_config is not supported")
        if isinstance(weights, list) and len(weights) == 1:
            weights = weights[0]
        _check_weight(weights, rows, columns, "weights")
        rank = lora_rank_arg("Embedding", lora_rank, embeddings_constraint, "embeddings_constraint")
        sizes = {"input_dim": rows, "output_dim": columns}
        if rank:
            sizes["lora_rank"] = rank
        self._sizes = sizes
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self.input_shape = keras_input_shape(input_shape, min_rank=0)

    def _output(self) -> Output:
        assert self.input_shape is not None
        return (*self.input_shape, self._sizes["output_dim"])

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        tensors = keras_embedding_tensors(
            sizes["input_dim"], sizes["output_dim"], sizes.get("lora_rank", 0)
        )
        return trainable_as(self.trainable, tensors)
