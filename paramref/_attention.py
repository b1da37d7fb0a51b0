"""The attention family: query, key, value and output projections.

Multi-head attention projects the query, the key and the value, attends, and
projects the concatenated heads back. Its parameters are those four projections
(plus, in PyTorch, the optional learned ``bias_k``/``bias_v``); the number of
heads only splits the projections, it does not add to them. PyTorch packs the
three input projections into one ``in_proj_weight`` of shape
``(3 * embed_dim, embed_dim)`` when the key and the value have ``embed_dim``
features; Keras keeps four ``EinsumDense`` kernels of shape
``(features, num_heads, key_dim)``, with ``key_dim`` the size *per head*.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from ._check import flag, nonnegative_int, positive_int
from ._keras import KerasLayer, Output, keras_input_shape, keras_last_axis, trainable_as
from ._linear import linear_tensors
from ._norm import shape_names
from ._tensors import Dim, Spec, Tensor, prefixed

__all__ = [
    "AdditiveAttention",
    "Attention",
    "GroupQueryAttention",
    "MultiHeadAttention",
    "MultiheadAttention",
]


# --------------------------------------------------------------------------
# The tensor listings.


def multihead_attention_tensors(
    embed_dim: Dim,
    kdim: Dim,
    vdim: Dim,
    *,
    packed: bool,
    bias: bool = True,
    add_bias_kv: bool = False,
) -> Iterator[Tensor]:
    """Tensors of ``torch.nn.MultiheadAttention``, in ``named_parameters()`` order.

    ``packed`` is torch's ``_qkv_same_embed_dim`` (``kdim == vdim == embed_dim``):
    one ``in_proj_weight`` for the three projections, else ``q_proj_weight``,
    ``k_proj_weight`` and ``v_proj_weight``. The input bias is packed either way.
    """
    if packed:
        yield Tensor("in_proj_weight", (3 * embed_dim, embed_dim))
    else:
        yield Tensor("q_proj_weight", (embed_dim, embed_dim))
        yield Tensor("k_proj_weight", (embed_dim, kdim))
        yield Tensor("v_proj_weight", (embed_dim, vdim))
    if bias:
        yield Tensor("in_proj_bias", (3 * embed_dim,))
    if add_bias_kv:
        yield Tensor("bias_k", (1, 1, embed_dim))
        yield Tensor("bias_v", (1, 1, embed_dim))
    yield from prefixed("out_proj", linear_tensors(embed_dim, embed_dim, bias))


def einsum_attention_tensors(
    query_features: Dim,
    key_features: Dim,
    value_features: Dim,
    *,
    query_heads: Dim,
    key_value_heads: Dim,
    key_dim: Dim,
    value_dim: Dim,
    output_shape: tuple[Dim, ...],
    use_bias: bool = True,
    use_gate: bool = False,
) -> Iterator[Tensor]:
    """Tensors of Keras ``MultiHeadAttention`` and ``GroupQueryAttention``, in ``weights`` order.

    Each projection is an ``EinsumDense`` with a kernel ``(features, heads, size)``
    and a bias ``(heads, size)``; the output projection's kernel is
    ``(query_heads, value_dim, *output_shape)`` and its bias ``output_shape``.
    """

    def dense(name: str, kernel: tuple[Dim, ...], bias: tuple[Dim, ...]) -> Iterator[Tensor]:
        yield Tensor(f"{name}/kernel", kernel)
        if use_bias:
            yield Tensor(f"{name}/bias", bias)

    yield from dense("query", (query_features, query_heads, key_dim), (query_heads, key_dim))
    yield from dense("key", (key_features, key_value_heads, key_dim), (key_value_heads, key_dim))
    if use_gate:
        yield from dense("gate", (query_features, query_heads, value_dim), (query_heads, value_dim))
    yield from dense(
        "value", (value_features, key_value_heads, value_dim), (key_value_heads, value_dim)
    )
    yield from dense("attention_output", (query_heads, value_dim, *output_shape), output_shape)


# --------------------------------------------------------------------------
# PyTorch


def _optional_dim(name: str, value: object) -> int | None:
    return None if value is None else nonnegative_int(name, value)


class MultiheadAttention(Spec):
    """``torch.nn.MultiheadAttention``: ``num_heads`` heads over ``embed_dim`` features.

    The query, key and value are projected to ``embed_dim`` features each (split
    evenly over the heads), and the heads' outputs are projected back by
    ``out_proj``. With the default ``kdim = vdim = embed_dim`` the three input
    projections are packed in ``in_proj_weight``; with other sizes they are
    ``q_proj_weight``, ``k_proj_weight`` and ``v_proj_weight``. The formula uses
    ``embed_dim``, and ``kdim``/``vdim`` when they differ from it.

    Args:
        embed_dim: Total size of the model ``E`` (all heads together).
        num_heads: Number of heads; it must divide ``embed_dim``.
        dropout: Accepted; it does not change the count.
        bias: Whether the input and output projections have biases.
        add_bias_kv: Whether to learn ``bias_k`` and ``bias_v``, appended to the key
            and value sequences.
        add_zero_attn: Accepted; it does not change the count.
        kdim: Features of the key (``None``: ``embed_dim``).
        vdim: Features of the value (``None``: ``embed_dim``).
        batch_first: Accepted; it does not change the count.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Raises:
        ValueError: If ``num_heads`` does not divide ``embed_dim``.

    Examples:
        >>> mha = MultiheadAttention(512, 8)
        >>> mha.shapes
        {'in_proj_weight': (1536, 512), 'in_proj_bias': (1536,),
         'out_proj.weight': (512, 512), 'out_proj.bias': (512,)}
        >>> mha.params, mha.formula
        (1050624, 4*embed_dim**2 + 4*embed_dim)
        >>> MultiheadAttention(512, 8, kdim=256, vdim=128).formula
        2*embed_dim**2 + embed_dim*kdim + embed_dim*vdim + 4*embed_dim
    """

    def __init__(
        self,
        embed_dim: int,
        num_heads: int,
        dropout: float = 0.0,
        bias: bool = True,
        add_bias_kv: bool = False,
        add_zero_attn: bool = False,
        kdim: int | None = None,
        vdim: int | None = None,
        batch_first: bool = False,
        device: object = None,
        dtype: object = None,
    ) -> None:
        embed = positive_int("embed_dim", embed_dim)
        heads = positive_int("num_heads", num_heads)
        if embed % heads:
            raise ValueError(
                f"embed_dim must be divisible by num_heads, "
                f"got embed_dim={embed} and num_heads={heads}"
            )
        k = _optional_dim("kdim", kdim)
        v = _optional_dim("vdim", vdim)
        self.bias = flag("bias", bias)
        self.add_bias_kv = flag("add_bias_kv", add_bias_kv)
        flag("add_zero_attn", add_zero_attn)
        self.kdim = embed if k is None else k
        self.vdim = embed if v is None else v
        self.packed = self.kdim == embed and self.vdim == embed
        self._sizes = {"embed_dim": embed, "num_heads": heads}
        # Separate projections: a given kdim/vdim gets its own symbol.
        if not self.packed:
            if k is not None:
                self._sizes["kdim"] = k
            if v is not None:
                self._sizes["vdim"] = v

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        embed = sizes["embed_dim"]
        return multihead_attention_tensors(
            embed,
            sizes.get("kdim", embed),
            sizes.get("vdim", embed),
            packed=self.packed,
            bias=self.bias,
            add_bias_kv=self.add_bias_kv,
        )


# --------------------------------------------------------------------------
# Keras

_EINSUM_OPTIONS = frozenset(
    {
        "dropout",
        "sliding_window",
        "flash_attention",
        "kernel_initializer",
        "bias_initializer",
        "kernel_regularizer",
        "bias_regularizer",
        "kernel_constraint",
        "bias_constraint",
        "seed",
    }
)


class _KerasAttention(KerasLayer):
    """Shared set-up: the query, value and key shapes and the symbols of their features.

    The layer is called on a query and a value (and a key), so it cannot sit in
    a ``Sequential``, which passes one tensor.
    """

    _call = "several"
    _own: dict[str, int]

    def _other_inputs(
        self, value_shape: Sequence[int | None] | None, key_shape: Sequence[int | None] | None
    ) -> None:
        self.value_shape = (
            None if value_shape is None else keras_input_shape(value_shape, "value_shape")
        )
        self.key_shape = None if key_shape is None else keras_input_shape(key_shape, "key_shape")

    def _build(self, input_shape: object) -> None:
        self.input_shape = keras_input_shape(input_shape)
        value = self.input_shape if self.value_shape is None else self.value_shape
        key = value if self.key_shape is None else self.key_shape
        if value[:-1] != key[:-1]:
            raise ValueError(
                "All dimensions of value_shape and key_shape, except the last one, "
                f"must be equal, got value_shape={value!r} and key_shape={key!r}"
            )
        # Self-attention (no value_shape) uses query_features for all three inputs,
        # and a missing key_shape uses value_features, as Keras uses value for key.
        self._features = {"query_features": keras_last_axis(self.input_shape, "input_shape")}
        if self.value_shape is not None:
            self._features["value_features"] = keras_last_axis(self.value_shape, "value_shape")
        if self.key_shape is not None:
            self._features["key_features"] = keras_last_axis(self.key_shape, "key_shape")
        self._sizes = {**self._own, **self._features}

    def _inputs(self, sizes: Mapping[str, Dim]) -> tuple[Dim, Dim, Dim]:
        query = sizes["query_features"]
        value = sizes.get("value_features", query)
        return query, sizes.get("key_features", value), value


class MultiHeadAttention(_KerasAttention):
    """``keras.layers.MultiHeadAttention``: ``num_heads`` heads of ``key_dim`` features each.

    Unlike PyTorch's ``embed_dim``, ``key_dim`` and ``value_dim`` are sizes *per
    head*. The query and key kernels are ``(features, num_heads, key_dim)``, the
    value kernel ``(features, num_heads, value_dim)``, and the output kernel
    ``(num_heads, value_dim, output)``, where ``output`` is ``output_shape`` or the
    query's last axis. The formula's input symbols are ``query_features``,
    ``value_features`` and ``key_features``, the last axes of the three inputs;
    without ``value_shape`` (self-attention) all three are ``query_features``.

    Args:
        num_heads: Number of heads.
        key_dim: Size of each head for the query and the key.
        value_dim: Size of each head for the value (``None``: ``key_dim``).
        dropout: Accepted; it does not change the count.
        use_bias: Whether the four projections have biases.
        output_shape: Last axes of the output (``None``: the query's last axis).
        attention_axes: Accepted; it does not change the count.
        input_shape: Shape of one query sample, batch excluded; without it the
            spec is unbuilt.
        value_shape: Shape of one value sample (``None``: ``input_shape``).
        key_shape: Shape of one key sample (``None``: ``value_shape``).
        **kwargs: ``use_gate`` (adds a ``gate`` projection of the query),
            ``sliding_window``, ``flash_attention``, initializers, regularizers,
            constraints, ``seed``, ``name``, ``dtype``, ``trainable``, ``autocast``.

    Examples:
        >>> mha = MultiHeadAttention(num_heads=8, key_dim=64, input_shape=(128, 512))
        >>> mha.shapes["query/kernel"], mha.shapes["attention_output/kernel"]
        ((512, 8, 64), (8, 64, 512))
        >>> mha.params
        1050624
        >>> mha.formula
        4*key_dim*num_heads*query_features + 3*key_dim*num_heads + query_features
        >>> mha.output_shape
        (128, 512)
    """

    def __init__(
        self,
        num_heads: int,
        key_dim: int,
        value_dim: int | None = None,
        dropout: float = 0.0,
        use_bias: bool = True,
        output_shape: int | Sequence[int] | None = None,
        attention_axes: int | Sequence[int] | None = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        value_shape: Sequence[int | None] | None = None,
        key_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras_init(kwargs, input_shape, {*_EINSUM_OPTIONS, "use_gate"})
        self.use_gate = flag("use_gate", kwargs.get("use_gate", False))
        self.use_bias = flag("use_bias", use_bias)
        sizes = {
            "num_heads": positive_int("num_heads", num_heads),
            "key_dim": positive_int("key_dim", key_dim),
        }
        if value_dim is not None:
            sizes["value_dim"] = positive_int("value_dim", value_dim)
        self._other_inputs(value_shape, key_shape)
        # Keras treats an empty output_shape (0, ()) as "not given".
        output: tuple[object, ...]
        if isinstance(output_shape, int) and not isinstance(output_shape, bool):
            output = (output_shape,) if output_shape else ()
        elif output_shape is None or isinstance(output_shape, Sequence):
            output = tuple(output_shape or ())
        else:
            raise TypeError(
                f"output_shape must be an int or a tuple of ints, "
                f"got {type(output_shape).__name__} {output_shape!r}"
            )
        self._output_names = shape_names("output_shape", len(output))
        sizes.update(
            (name, positive_int(f"output_shape[{k}]", size))
            for k, (name, size) in enumerate(zip(self._output_names, output, strict=True))
        )
        self._own = sizes
        self._build_given()

    def _output(self) -> Output:
        assert self.input_shape is not None
        output = tuple(self._own[name] for name in self._output_names)
        return (*self.input_shape[:-1], *output) if output else self.input_shape

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        query, key, value = self._inputs(sizes)
        heads, key_dim = sizes["num_heads"], sizes["key_dim"]
        output = tuple(sizes[name] for name in self._output_names) or (query,)
        tensors = einsum_attention_tensors(
            query,
            key,
            value,
            query_heads=heads,
            key_value_heads=heads,
            key_dim=key_dim,
            value_dim=sizes.get("value_dim", key_dim),
            output_shape=output,
            use_bias=self.use_bias,
            use_gate=self.use_gate,
        )
        return trainable_as(self.trainable, tensors)


class GroupQueryAttention(_KerasAttention):
    """``keras.layers.GroupQueryAttention``: query heads share fewer key/value heads.

    ``num_query_heads`` query heads attend in groups to ``num_key_value_heads``
    key/value heads, all of size ``head_dim``. Only the key and value projections
    shrink: ``(features, num_key_value_heads, head_dim)``. Inputs are sequences,
    so each shape is ``(length, features)``.

    Args:
        head_dim: Size of each head.
        num_query_heads: Number of query heads.
        num_key_value_heads: Number of key and value heads; it must divide
            ``num_query_heads``.
        dropout: Accepted; it does not change the count.
        use_bias: Whether the four projections have biases.
        input_shape: Shape ``(length, features)`` of one query sample; without
            it the spec is unbuilt.
        value_shape: Shape of one value sample (``None``: ``input_shape``).
        key_shape: Shape of one key sample (``None``: ``value_shape``).
        **kwargs: ``use_gate``, ``sliding_window``, ``flash_attention``,
            initializers, regularizers, constraints, ``seed``, ``name``, ``dtype``,
            ``trainable``, ``autocast``.

    Raises:
        ValueError: If ``num_key_value_heads`` does not divide ``num_query_heads``,
            or an input is not a sequence of feature vectors.

    Examples:
        >>> gqa = GroupQueryAttention(64, 32, 8, input_shape=(128, 2048))
        >>> gqa.shapes["key/kernel"], gqa.shapes["query/kernel"]
        ((2048, 8, 64), (2048, 32, 64))
        >>> gqa.params
        10490880
    """

    def __init__(
        self,
        head_dim: int,
        num_query_heads: int,
        num_key_value_heads: int,
        dropout: float = 0.0,
        use_bias: bool = True,
        *,
        input_shape: Sequence[int | None] | None = None,
        value_shape: Sequence[int | None] | None = None,
        key_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras_init(kwargs, input_shape, {*_EINSUM_OPTIONS, "use_gate"})
        self.use_gate = flag("use_gate", kwargs.get("use_gate", False))
        self.use_bias = flag("use_bias", use_bias)
        sizes = {
            "head_dim": positive_int("head_dim", head_dim),
            "num_query_heads": positive_int("num_query_heads", num_query_heads),
            "num_key_value_heads": positive_int("num_key_value_heads", num_key_value_heads),
        }
        if sizes["num_query_heads"] % sizes["num_key_value_heads"]:
            raise ValueError(
                "num_query_heads must be divisible by num_key_value_heads, got "
                f"num_query_heads={num_query_heads} and num_key_value_heads={num_key_value_heads}"
            )
        for name, shape in (
            ("input_shape", input_shape),
            ("value_shape", value_shape),
            ("key_shape", key_shape),
        ):
            if isinstance(shape, Sequence) and not isinstance(shape, str) and len(shape) != 2:
                raise ValueError(f"{name} must be (length, features), got {tuple(shape)!r}")
        self._other_inputs(value_shape, key_shape)
        self._own = sizes
        self._build_given()

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        query, key, value = self._inputs(sizes)
        head_dim = sizes["head_dim"]
        tensors = einsum_attention_tensors(
            query,
            key,
            value,
            query_heads=sizes["num_query_heads"],
            key_value_heads=sizes["num_key_value_heads"],
            key_dim=head_dim,
            value_dim=head_dim,
            output_shape=(query,),
            use_bias=self.use_bias,
            use_gate=self.use_gate,
        )
        return trainable_as(self.trainable, tensors)


class _KerasScoreAttention(KerasLayer):
    """``Attention`` and ``AdditiveAttention``: scores of a query against keys, no projections.

    Keras calls them on a list ``[query, value]`` or ``[query, value, key]``;
    here ``input_shape`` is the query's shape and ``value_shape`` (and
    ``key_shape``) the others'. The output has the query's shape with the
    value's last axis.
    """

    _call = "list"
    value_shape: tuple[int | None, ...] | None

    def _inputs_init(
        self,
        kwargs: Mapping[str, object],
        input_shape: object,
        value_shape: Sequence[int | None] | None,
        key_shape: Sequence[int | None] | None,
        use_scale: object,
    ) -> None:
        self._keras_init(kwargs, input_shape)
        self.use_scale = flag("use_scale", use_scale)
        self.value_shape = (
            None if value_shape is None else keras_input_shape(value_shape, "value_shape")
        )
        self.key_shape = None if key_shape is None else keras_input_shape(key_shape, "key_shape")

    def _output(self) -> Output:
        assert self.input_shape is not None
        value = self.input_shape if self.value_shape is None else self.value_shape
        return (*self.input_shape[:-1], value[-1])


class Attention(_KerasScoreAttention):
    """``keras.layers.Attention``: dot-product attention, Luong-style; at most two scalars.

    The scores are ``query · keyᵀ``, so the layer has no projection: with
    ``use_scale=True`` it learns one scalar ``scale``, and with
    ``score_mode="concat"`` one scalar ``concat_score_weight``. Neither
    depends on the inputs' sizes, so the spec counts without ``input_shape``.

    Args:
        use_scale: Whether the scores are multiplied by a learned scalar.
        score_mode: ``"dot"`` or ``"concat"`` (a learned scalar weighs
            ``tanh(query + key)``).
        dropout: Accepted; it does not change the count.
        seed: Accepted; it does not change the count.
        input_shape: Shape of one query sample, batch excluded (optional).
        value_shape: Shape of one value sample (``None``: ``input_shape``).
        key_shape: Shape of one key sample (``None``: ``value_shape``).
        **kwargs: ``name``, ``dtype``, ``trainable``, ``autocast``.

    Examples:
        >>> Attention().params
        0
        >>> both = Attention(use_scale=True, score_mode="concat")
        >>> both.shapes, both.params
        ({'scale': (), 'concat_score_weight': ()}, 2)
        >>> Attention(input_shape=(5, 16), value_shape=(7, 32)).output_shape
        (5, 32)
    """

    def __init__(
        self,
        use_scale: bool = False,
        score_mode: str = "dot",
        dropout: float = 0.0,
        seed: object = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        value_shape: Sequence[int | None] | None = None,
        key_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._inputs_init(kwargs, input_shape, value_shape, key_shape, use_scale)
        if score_mode not in ("dot", "concat"):
            raise ValueError(
                "Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. "
                f"Received: score_mode={score_mode!r}"
            )
        self.score_mode = score_mode
        self._sizes = {}
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self.input_shape = keras_input_shape(input_shape)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        tensors = []
        if self.use_scale:
            tensors.append(Tensor("scale", ()))
        if self.score_mode == "concat":
            tensors.append(Tensor("concat_score_weight", ()))
        return trainable_as(self.trainable, tensors)


class AdditiveAttention(_KerasScoreAttention):
    """``keras.layers.AdditiveAttention``: Bahdanau-style scores ``Σ scale · tanh(query + key)``.

    With ``use_scale=True`` (the default) it learns ``scale``, one weight per
    feature of the query's last axis (``query_features``); without it, none.
    The query and the key must have the same number of features.

    Args:
        use_scale: Whether the layer learns the ``scale`` vector.
        dropout: Accepted; it does not change the count.
        input_shape: Shape of one query sample, batch excluded; without it the
            spec is unbuilt.
        value_shape: Shape of one value sample (``None``: ``input_shape``).
        key_shape: Shape of one key sample (``None``: ``value_shape``).
        **kwargs: ``name``, ``dtype``, ``trainable``, ``autocast``, ``seed``.

    Examples:
        >>> add = AdditiveAttention(input_shape=(5, 16), value_shape=(7, 16))
        >>> add.shapes, add.params, add.formula
        ({'scale': (16,)}, 16, query_features)
        >>> AdditiveAttention(use_scale=False, input_shape=(5, 16)).params
        0
    """

    def __init__(
        self,
        use_scale: bool = True,
        dropout: float = 0.0,
        *,
        input_shape: Sequence[int | None] | None = None,
        value_shape: Sequence[int | None] | None = None,
        key_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        given = dict(kwargs)
        given.pop("seed", None)
        self._inputs_init(given, input_shape, value_shape, key_shape, use_scale)
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self.input_shape = keras_input_shape(input_shape)
        if self.use_scale:
            self._sizes = {"query_features": keras_last_axis(self.input_shape)}
        else:
            self._sizes = {}

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        tensors = [Tensor("scale", (sizes["query_features"],))] if self.use_scale else []
        return trainable_as(self.trainable, tensors)
