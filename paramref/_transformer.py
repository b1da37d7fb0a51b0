"""Transformer blocks: attention, a two-layer feed-forward network, and layer norms.

An encoder layer is a self-attention block, a feed-forward block
``Linear(d_model, dim_feedforward)`` then ``Linear(dim_feedforward, d_model)``,
and two ``LayerNorm(d_model)``. A decoder layer adds a cross-attention block and
a third norm. Stacks repeat a layer ``num_layers`` times and may end with a
norm. Every tensor below comes from the attention, linear and norm listings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from ._attention import multihead_attention_tensors
from ._check import flag, nonnegative_int, positive_int
from ._linear import linear_tensors
from ._norm import affine_tensors
from ._tensors import Dim, Spec, Tensor, prefixed, repeated

__all__ = [
    "Transformer",
    "TransformerDecoder",
    "TransformerDecoderLayer",
    "TransformerEncoder",
    "TransformerEncoderLayer",
]


def _attention(d_model: Dim, bias: bool) -> Iterator[Tensor]:
    return multihead_attention_tensors(d_model, d_model, d_model, packed=True, bias=bias)


def _layer_norm(d_model: Dim, bias: bool) -> Iterator[Tensor]:
    return affine_tensors((d_model,), True, bias)


def transformer_layer_tensors(
    d_model: Dim, dim_feedforward: Dim, *, bias: bool = True, decoder: bool = False
) -> Iterator[Tensor]:
    """Tensors of ``TransformerEncoderLayer`` (or ``TransformerDecoderLayer``), in torch's order."""
    yield from prefixed("self_attn", _attention(d_model, bias))
    if decoder:
        yield from prefixed("multihead_attn", _attention(d_model, bias))
    yield from prefixed("linear1", linear_tensors(d_model, dim_feedforward, bias))
    yield from prefixed("linear2", linear_tensors(dim_feedforward, d_model, bias))
    for k in range(1, 4 if decoder else 3):
        yield from prefixed(f"norm{k}", _layer_norm(d_model, bias))


def stack_tensors(
    layer: Callable[[], Iterator[Tensor]],
    num_layers: Dim,
    norm: Callable[[], Iterator[Tensor]] | None,
) -> Iterator[Tensor]:
    """``layers.0.…``, ``layers.1.…``, then ``norm.…``: the tensors of a layer stack."""
    yield from repeated(num_layers, lambda k: prefixed(f"layers.{k}", layer()))
    if norm is not None:
        yield from prefixed("norm", norm())


class _Layer(Spec):
    decoder = False

    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: object = "relu",
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        device: object = None,
        dtype: object = None,
    ) -> None:
        d = positive_int("d_model", d_model)
        heads = positive_int("nhead", nhead)
        if d % heads:
            raise ValueError(
                f"d_model must be divisible by nhead, got d_model={d} and nhead={heads}"
            )
        self._sizes = {
            "d_model": d,
            "nhead": heads,
            "dim_feedforward": nonnegative_int("dim_feedforward", dim_feedforward),
        }
        self.bias = flag("bias", bias)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return transformer_layer_tensors(
            sizes["d_model"], sizes["dim_feedforward"], bias=self.bias, decoder=self.decoder
        )


class TransformerEncoderLayer(_Layer):
    """``torch.nn.TransformerEncoderLayer``: self-attention and a feed-forward block.

    Tensors: ``self_attn`` (a :class:`MultiheadAttention` of ``d_model``),
    ``linear1`` (``d_model -> dim_feedforward``), ``linear2``
    (``dim_feedforward -> d_model``), and ``norm1``, ``norm2``
    (``LayerNorm(d_model)``). The count is ``4·d² + 2·d·f + 9·d + f`` for
    ``d = d_model`` and ``f = dim_feedforward``.

    Args:
        d_model: Features of the input and output.
        nhead: Number of attention heads; it must divide ``d_model``.
        dim_feedforward: Width of the feed-forward block.
        dropout: Accepted; it does not change the count.
        activation: Accepted; it does not change the count.
        layer_norm_eps: Accepted; it does not change the count.
        batch_first: Accepted; it does not change the count.
        norm_first: Accepted; it does not change the count.
        bias: Whether the linear layers, attention and norms have biases.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Examples:
        >>> layer = TransformerEncoderLayer(512, 8)
        >>> layer.params
        3152384
        >>> layer.formula
        4*d_model**2 + 2*d_model*dim_feedforward + 9*d_model + dim_feedforward
        >>> list(layer.shapes)[:4]
        ['self_attn.in_proj_weight', 'self_attn.in_proj_bias',
         'self_attn.out_proj.weight', 'self_attn.out_proj.bias']
    """


class TransformerDecoderLayer(_Layer):
    """``torch.nn.TransformerDecoderLayer``: self-attention, cross-attention, feed-forward.

    The tensors of :class:`TransformerEncoderLayer` plus ``multihead_attn`` (the
    cross-attention over the encoder's output) and ``norm3``: the count is
    ``8·d² + 2·d·f + 15·d + f``.

    Args:
        d_model: Features of the input and output.
        nhead: Number of attention heads; it must divide ``d_model``.
        dim_feedforward: Width of the feed-forward block.
        dropout: Accepted; it does not change the count.
        activation: Accepted; it does not change the count.
        layer_norm_eps: Accepted; it does not change the count.
        batch_first: Accepted; it does not change the count.
        norm_first: Accepted; it does not change the count.
        bias: Whether the linear layers, attention and norms have biases.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Examples:
        >>> layer = TransformerDecoderLayer(512, 8)
        >>> layer.params
        4204032
        >>> layer.formula
        8*d_model**2 + 2*d_model*dim_feedforward + 15*d_model + dim_feedforward
    """

    decoder = True


class _Stack(Spec):
    def __init__(self, layer: Spec, kind: type[_Layer], num_layers: int, norm: Spec | None):
        argument = f"{kind.__name__[len('Transformer') :].replace('Layer', '').lower()}_layer"
        if not isinstance(layer, kind):
            raise TypeError(
                f"{argument} must be a paramref.nn.{kind.__name__}, "
                f"got {type(layer).__name__} {layer!r}"
            )
        if norm is not None and not isinstance(norm, Spec):
            raise TypeError(f"norm must be a paramref spec or None, got {type(norm).__name__}")
        self.layer = layer
        self.norm = norm
        self._sizes = {**layer._sizes, "num_layers": nonnegative_int("num_layers", num_layers)}
        # The norm's arguments join the formula unless a name is taken by another value;
        # then the norm enters the formula as its count.
        norm_sizes = {} if norm is None else norm._sizes
        self._norm_symbolic = all(self._sizes.get(k, v) == v for k, v in norm_sizes.items())
        if self._norm_symbolic:
            self._sizes.update(norm_sizes)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        norm = self.norm
        norm_sizes: Mapping[str, Dim] = (
            sizes if self._norm_symbolic or norm is None else norm._sizes
        )
        return stack_tensors(
            lambda: self.layer._tensors(sizes),
            sizes["num_layers"],
            None if norm is None else lambda: norm._tensors(norm_sizes),
        )


class TransformerEncoder(_Stack):
    """``torch.nn.TransformerEncoder``: ``num_layers`` copies of an encoder layer, then ``norm``.

    Torch deep-copies ``encoder_layer``, so the stack holds ``num_layers``
    independent copies: ``layers.0.…``, ``layers.1.…``, and ``norm.…`` when a norm
    is given. The formula adds ``num_layers`` and the norm's own symbols
    (``normalized_shape`` for a ``LayerNorm``) to the layer's.

    Args:
        encoder_layer: A :class:`TransformerEncoderLayer` spec.
        num_layers: Number of copies (0 allowed, as in torch).
        norm: A norm spec (``paramref.nn.LayerNorm(d_model)``, ...) or ``None``.
        enable_nested_tensor: Accepted; it does not change the count.
        mask_check: Accepted; it does not change the count.

    Examples:
        >>> from paramref.nn import LayerNorm
        >>> encoder = TransformerEncoder(TransformerEncoderLayer(512, 8), 6, LayerNorm(512))
        >>> encoder.params
        18915328
        >>> list(encoder.shapes)[-2:]
        ['norm.weight', 'norm.bias']
    """

    def __init__(
        self,
        encoder_layer: TransformerEncoderLayer,
        num_layers: int,
        norm: Spec | None = None,
        enable_nested_tensor: bool = True,
        mask_check: bool = True,
    ) -> None:
        super().__init__(encoder_layer, TransformerEncoderLayer, num_layers, norm)


class TransformerDecoder(_Stack):
    """``torch.nn.TransformerDecoder``: ``num_layers`` copies of a decoder layer, then ``norm``.

    Args:
        decoder_layer: A :class:`TransformerDecoderLayer` spec.
        num_layers: Number of copies (0 allowed, as in torch).
        norm: A norm spec or ``None``.

    Examples:
        >>> from paramref.nn import LayerNorm
        >>> decoder = TransformerDecoder(TransformerDecoderLayer(512, 8), 6, LayerNorm(512))
        >>> decoder.params
        25225216
    """

    def __init__(
        self,
        decoder_layer: TransformerDecoderLayer,
        num_layers: int,
        norm: Spec | None = None,
    ) -> None:
        super().__init__(decoder_layer, TransformerDecoderLayer, num_layers, norm)


class Transformer(Spec):
    """``torch.nn.Transformer``: an encoder stack and a decoder stack, each with a final norm.

    The encoder is ``num_encoder_layers`` encoder layers and a
    ``LayerNorm(d_model)``; the decoder is ``num_decoder_layers`` decoder layers and
    a ``LayerNorm(d_model)``. With the defaults (the base model of *Attention Is
    All You Need*) that is 44,140,544 parameters. Embeddings and the output
    projection are not part of ``nn.Transformer``.

    Args:
        d_model: Features of every token representation.
        nhead: Number of attention heads; it must divide ``d_model``.
        num_encoder_layers: Encoder layers (0 allowed).
        num_decoder_layers: Decoder layers (0 allowed).
        dim_feedforward: Width of every feed-forward block.
        dropout: Accepted; it does not change the count.
        activation: Accepted; it does not change the count.
        custom_encoder: A :class:`TransformerEncoder` spec used in place of the
            default encoder, or ``None``. It enters ``formula`` as its count.
        custom_decoder: A :class:`TransformerDecoder` spec used in place of the
            default decoder, or ``None``. It enters ``formula`` as its count.
        layer_norm_eps: Accepted; it does not change the count.
        batch_first: Accepted; it does not change the count.
        norm_first: Accepted; it does not change the count.
        bias: Whether the linear layers, attention and norms have biases.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Examples:
        >>> base = Transformer()
        >>> base.params
        44140544
        >>> base.formula
        8*d_model**2*num_decoder_layers + 4*d_model**2*num_encoder_layers
        + 2*d_model*dim_feedforward*num_decoder_layers
        + 2*d_model*dim_feedforward*num_encoder_layers + 15*d_model*num_decoder_layers
        + 9*d_model*num_encoder_layers + 4*d_model + dim_feedforward*num_decoder_layers
        + dim_feedforward*num_encoder_layers
    """

    def __init__(
        self,
        d_model: int = 512,
        nhead: int = 8,
        num_encoder_layers: int = 6,
        num_decoder_layers: int = 6,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: object = "relu",
        custom_encoder: TransformerEncoder | None = None,
        custom_decoder: TransformerDecoder | None = None,
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        device: object = None,
        dtype: object = None,
    ) -> None:
        self.bias = flag("bias", bias)
        layer = TransformerEncoderLayer(d_model, nhead, dim_feedforward, bias=self.bias)
        sizes = dict(layer._sizes)
        for name, custom, kind in (
            ("custom_encoder", custom_encoder, TransformerEncoder),
            ("custom_decoder", custom_decoder, TransformerDecoder),
        ):
            if custom is not None and not isinstance(custom, kind):
                raise TypeError(
                    f"{name} must be a paramref.nn.{kind.__name__} or None, "
                    f"got {type(custom).__name__}"
                )
        self.custom_encoder = custom_encoder
        self.custom_decoder = custom_decoder
        if custom_encoder is None:
            sizes["num_encoder_layers"] = nonnegative_int("num_encoder_layers", num_encoder_layers)
        if custom_decoder is None:
            sizes["num_decoder_layers"] = nonnegative_int("num_decoder_layers", num_decoder_layers)
        self._sizes = sizes

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        d, f = sizes["d_model"], sizes["dim_feedforward"]
        if self.custom_encoder is None:
            yield from prefixed(
                "encoder",
                stack_tensors(
                    lambda: transformer_layer_tensors(d, f, bias=self.bias),
                    sizes["num_encoder_layers"],
                    lambda: _layer_norm(d, self.bias),
                ),
            )
        else:
            # A custom stack has its own arguments: it enters the formula as numbers.
            encoder = self.custom_encoder
            yield from prefixed("encoder", encoder._tensors(encoder._sizes))
        if self.custom_decoder is None:
            yield from prefixed(
                "decoder",
                stack_tensors(
                    lambda: transformer_layer_tensors(d, f, bias=self.bias, decoder=True),
                    sizes["num_decoder_layers"],
                    lambda: _layer_norm(d, self.bias),
                ),
            )
        else:
            decoder = self.custom_decoder
            yield from prefixed("decoder", decoder._tensors(decoder._sizes))
