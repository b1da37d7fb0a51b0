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

from ._check import positive_int
from ._embedding import embedding_tensors
from ._linear import linear_tensors
from ._models_base import ModelSpec, all_positive_ints, checked_flags, checked_sizes, tag
from ._norm import affine_tensors
from ._tensors import Dim, Tensor, prefixed, repeated

__all__ = [
    "COUNTED_KEYS",
    "BertModel",
    "GPT2LMHeadModel",
    "LlamaForCausalLM",
    "MistralForCausalLM",
    "Qwen2ForCausalLM",
    "bert",
    "gpt2",
    "llama",
    "mistral",
    "qwen2",
]


# --------------------------------------------------------------------------
# Pieces.


def hf_conv1d_tensors(nx: Dim, nf: Dim) -> Iterator[Tensor]:
    """Hugging Face's ``Conv1D(nf, nx)``: a linear layer ``nx -> nf`` with its weight ``(nx, nf)``.

    The same numbers as ``Linear(nx, nf)``, stored transposed.
    """
    for tensor in linear_tensors(nx, nf):
        yield Tensor(tensor.name, tuple(reversed(tensor.shape)), tensor.repeat)


def layer_norm(d: Dim) -> Iterator[Tensor]:
    """``LayerNorm(d)``: ``weight`` and ``bias``."""
    return affine_tensors((d,), True, True)


def rms_norm(d: Dim) -> Iterator[Tensor]:
    """``RMSNorm(d)`` (``LlamaRMSNorm`` and its copies): ``weight`` only."""
    return affine_tensors((d,), True, False)


def _divisible(name: str, value: int, by_name: str, by: int) -> None:
    if value % by:
        raise ValueError(
            f"{name} must be a multiple of {by_name}, got {name}={value} and {by_name}={by}"
        )


# --------------------------------------------------------------------------
# GPT-2


class GPT2LMHeadModel(ModelSpec):
    """``transformers.GPT2LMHeadModel``: GPT-2 with its language-model head.

    Token and position embeddings, ``n_layer`` pre-norm blocks (``ln_1``, the
    fused query/key/value projection ``c_attn``, ``c_proj``, ``ln_2``, the MLP
    ``c_fc`` and ``c_proj``), a final ``ln_f`` and the head. The head is tied to
    ``wte`` by default and then adds no parameter.

    Build it with :func:`gpt2`; the arguments are the ``GPT2Config`` keys.

    Examples:
        >>> from paramref.models import gpt2
        >>> small = gpt2()
        >>> small.params
        124439808
        >>> small.breakdown
        {'embeddings': 39383808, 'attention': 28348416, 'mlp': 56669184, 'norms': 38400, 'head': 0}
        >>> list(small.shapes)[:4]
        ['transformer.wte.weight', 'transformer.wpe.weight', 'transformer.h.0.ln_1.weight',
         'transformer.h.0.ln_1.bias']
    """

    PARTS = ("embeddings", "attention", "mlp", "norms", "head")

    def __init__(
        self,
        vocab_size: int,
        n_positions: int,
        n_embd: int,
        n_layer: int,
        n_head: int,
        n_inner: int | None,
        tie_word_embeddings: bool,
        add_cross_attention: bool,
    ) -> None:
        sizes = {
            "vocab_size": vocab_size,
            "n_positions": n_positions,
            "n_embd": n_embd,
            "n_layer": n_layer,
        }
        if not all_positive_ints(vocab_size, n_positions, n_embd, n_layer, n_head):
            checked_sizes({**sizes, "n_head": n_head})
        self._sizes = sizes
        self.n_head = n_head
        if n_embd % n_head:
            raise ValueError(
                f"n_embd must be divisible by n_head, got n_embd={n_embd} and n_head={n_head}"
            )
        if n_inner is not None:
            sizes["n_inner"] = positive_int("n_inner", n_inner)
        if not (type(tie_word_embeddings) is bool and type(add_cross_attention) is bool):
            checked_flags(
                {
                    "tie_word_embeddings": tie_word_embeddings,
                    "add_cross_attention": add_cross_attention,
                }
            )
        self.tie_word_embeddings = tie_word_embeddings
        self.add_cross_attention = add_cross_attention
        self._flags = (tie_word_embeddings, add_cross_attention, n_inner is None)

    def _block(self, d: Dim, inner: Dim) -> Iterator[Tensor]:
        yield from tag("norms", prefixed("ln_1", layer_norm(d)))
        yield from tag("attention", prefixed("attn.c_attn", hf_conv1d_tensors(d, 3 * d)))
        yield from tag("attention", prefixed("attn.c_proj", hf_conv1d_tensors(d, d)))
        yield from tag("norms", prefixed("ln_2", layer_norm(d)))
        if self.add_cross_attention:
            cross = "crossattention"
            yield from tag("attention", prefixed(f"{cross}.c_attn", hf_conv1d_tensors(d, 2 * d)))
            yield from tag("attention", prefixed(f"{cross}.q_attn", hf_conv1d_tensors(d, d)))
            yield from tag("attention", prefixed(f"{cross}.c_proj", hf_conv1d_tensors(d, d)))
            yield from tag("norms", prefixed("ln_cross_attn", layer_norm(d)))
        yield from tag("mlp", prefixed("mlp.c_fc", hf_conv1d_tensors(d, inner)))
        yield from tag("mlp", prefixed("mlp.c_proj", hf_conv1d_tensors(inner, d)))

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        d, vocab = sizes["n_embd"], sizes["vocab_size"]
        inner = sizes["n_inner"] if "n_inner" in sizes else 4 * d
        body = [
            *tag("embeddings", prefixed("wte", embedding_tensors(vocab, d))),
            *tag("embeddings", prefixed("wpe", embedding_tensors(sizes["n_positions"], d))),
        ]
        yield from prefixed("transformer", body)
        blocks = repeated(sizes["n_layer"], lambda k: prefixed(f"h.{k}", self._block(d, inner)))
        yield from prefixed("transformer", blocks)
        yield from tag("norms", prefixed("transformer.ln_f", layer_norm(d)))
        if not self.tie_word_embeddings:
            yield from tag("head", prefixed("lm_head", linear_tensors(d, vocab, bias=False)))


def gpt2(
    *,
    vocab_size: int = 50257,
    n_positions: int = 1024,
    n_embd: int = 768,
    n_layer: int = 12,
    n_head: int = 12,
    n_inner: int | None = None,
    tie_word_embeddings: bool = True,
    add_cross_attention: bool = False,
) -> GPT2LMHeadModel:
    """GPT-2 as ``transformers.GPT2LMHeadModel(GPT2Config(...))`` builds it.

    The defaults are GPT-2 small (the ``GPT2Config`` defaults). ``n_inner=None``
    means ``4 * n_embd``, as in ``transformers``; the formula then has no
    ``n_inner`` symbol. ``n_head`` must divide ``n_embd`` and does not change
    the count.

    Args:
        vocab_size: Tokens in the vocabulary (rows of ``wte``).
        n_positions: Learned positions (rows of ``wpe``).
        n_embd: Width of the model.
        n_layer: Number of blocks.
        n_head: Attention heads.
        n_inner: Width of the MLP, or ``None`` for ``4 * n_embd``.
        tie_word_embeddings: Whether ``lm_head`` shares ``wte``'s tensor.
        add_cross_attention: Whether each block also has cross-attention.

    Returns:
        A :class:`GPT2LMHeadModel` spec.

    Examples:
        >>> gpt2().params
        124439808
        >>> gpt2(n_embd=1600, n_layer=48, n_head=25).params
        1557611200
        >>> gpt2().formula
        12*n_embd**2*n_layer + 13*n_embd*n_layer + n_embd*n_positions + n_embd*vocab_size + 2*n_embd
    """
    return GPT2LMHeadModel(
        vocab_size,
        n_positions,
        n_embd,
        n_layer,
        n_head,
        n_inner,
        tie_word_embeddings,
        add_cross_attention,
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


# --------------------------------------------------------------------------
# The LLaMA family: LLaMA, Mistral, Qwen2


class _CausalLM(ModelSpec):
    """The decoder-only family of LLaMA: RMSNorm, rotary positions, a gated MLP.

    Each layer: ``input_layernorm``, the projections ``q_proj``
    (``hidden_size -> num_attention_heads * head_dim``), ``k_proj`` and ``v_proj``
    (``hidden_size -> num_key_value_heads * head_dim``: grouped-query attention
    when there are fewer key/value heads than query heads), ``o_proj`` back to
    ``hidden_size``, ``post_attention_layernorm``, and the gated MLP
    ``gate_proj``, ``up_proj`` (``hidden_size -> intermediate_size``) and
    ``down_proj``. Then a final ``norm`` and ``lm_head``, unless it is tied to
    ``embed_tokens``. Rotary embeddings have no parameters: their inverse
    frequencies are two buffers of ``head_dim / 2`` entries.

    The arguments are checked as the configs of ``transformers`` 5.x check them
    (4.x differed): an odd ``head_dim`` above 4 is refused, since rotary
    embeddings need an even one; LLaMA and Mistral check the head size they
    derive from ``hidden_size`` too, Qwen2 only a given ``head_dim``.
    """

    PARTS = ("embeddings", "attention", "mlp", "norms", "head")
    #: Whether the config must have ``hidden_size`` divisible by the heads.
    STRICT_HEADS = False
    #: Whether ``num_key_value_heads=None`` (as many as the query heads) is accepted.
    KV_HEADS_OPTIONAL = True
    #: Biases of (q/k/v, o, MLP) fixed by the architecture; ``None``: from the config.
    FIXED_BIASES: tuple[bool, bool, bool] | None = None
    #: Whether the config checks the head size it derives from ``hidden_size``
    #: for rotary embeddings, or only an explicit ``head_dim``.
    ROTARY_CHECKS_DERIVED = True

    def __init__(
        self,
        vocab_size: int,
        hidden_size: int,
        intermediate_size: int,
        num_hidden_layers: int,
        num_attention_heads: int,
        num_key_value_heads: int | None,
        head_dim: int | None,
        tie_word_embeddings: bool,
        attention_bias: bool = False,
        mlp_bias: bool = False,
        *,
        partial_rotary_factor: float = 1.0,
    ) -> None:
        sizes = {
            "vocab_size": vocab_size,
            "hidden_size": hidden_size,
            "intermediate_size": intermediate_size,
            "num_hidden_layers": num_hidden_layers,
            "num_attention_heads": num_attention_heads,
        }
        if not all_positive_ints(
            vocab_size, hidden_size, intermediate_size, num_hidden_layers, num_attention_heads
        ):
            checked_sizes(sizes)
        self._sizes = sizes
        d, heads = hidden_size, num_attention_heads
        if self.STRICT_HEADS and d % heads:
            _divisible("hidden_size", d, "num_attention_heads", heads)
        if num_key_value_heads is not None or not self.KV_HEADS_OPTIONAL:
            if type(num_key_value_heads) is not int or num_key_value_heads < 1:
                positive_int("num_key_value_heads", num_key_value_heads)
            sizes["num_key_value_heads"] = num_key_value_heads  # type: ignore[assignment]
        if head_dim is None:
            if d < heads:
                raise ValueError(
                    f"hidden_size // num_attention_heads is 0 (hidden_size={d}, "
                    f"num_attention_heads={heads}); give head_dim"
                )
            sizes["head_dim"] = d // heads
        else:
            sizes["head_dim"] = positive_int("head_dim", head_dim)
        size = sizes["head_dim"]
        if size > 4 and size % 2 and (head_dim is not None or self.ROTARY_CHECKS_DERIVED):
            self._check_rotary(size, head_dim is None, d, heads, partial_rotary_factor)
        tie = tie_word_embeddings
        if not (type(tie) is bool and type(attention_bias) is bool and type(mlp_bias) is bool):
            checked_flags(
                {
                    "tie_word_embeddings": tie,
                    "attention_bias": attention_bias,
                    "mlp_bias": mlp_bias,
                }
            )
        biases = self.FIXED_BIASES or (attention_bias, attention_bias, mlp_bias)
        self.tie_word_embeddings = tie
        self.qkv_bias, self.o_bias, self.mlp_bias = biases
        self._flags = (tie, *biases, num_key_value_heads is None)

    @staticmethod
    def _check_rotary(size: int, derived: bool, d: int, heads: int, fraction: object) -> None:
        """Refuse an odd head size above 4 that rotary embeddings turn in full.

        ``transformers`` 5.x refuses it when the config is built ("RoPE requires
        an even rotary dimension"); a head rotated only in part
        (``partial_rotary_factor``, from a ``config.json``'s rope settings) is
        accepted when ``int(head_dim * partial_rotary_factor)`` is smaller.
        """
        if isinstance(fraction, bool) or not isinstance(fraction, int | float):
            kind = type(fraction).__name__
            raise TypeError(f"partial_rotary_factor must be a number, got {kind} {fraction!r}")
        if int(size * fraction) != size:
            return
        source = (
            f" (hidden_size // num_attention_heads with hidden_size={d} and "
            f"num_attention_heads={heads})"
            if derived
            else ""
        )
        raise ValueError(
            f"head_dim must be even for rotary embeddings, got head_dim={size}{source}: "
            "transformers 5.x refuses an odd head_dim above 4 that is rotated in full"
        )

    def _layer(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        d, inner, head_dim = sizes["hidden_size"], sizes["intermediate_size"], sizes["head_dim"]
        heads = sizes["num_attention_heads"]
        kv_heads = sizes.get("num_key_value_heads", heads)
        projections = (
            ("q_proj", d, heads * head_dim, self.qkv_bias),
            ("k_proj", d, kv_heads * head_dim, self.qkv_bias),
            ("v_proj", d, kv_heads * head_dim, self.qkv_bias),
            ("o_proj", heads * head_dim, d, self.o_bias),
        )
        for name, n, m, bias in projections:
            yield from tag("attention", prefixed(f"self_attn.{name}", linear_tensors(n, m, bias)))
        for name, n, m in (("gate_proj", d, inner), ("up_proj", d, inner), ("down_proj", inner, d)):
            yield from tag("mlp", prefixed(f"mlp.{name}", linear_tensors(n, m, self.mlp_bias)))
        yield from tag("norms", prefixed("input_layernorm", rms_norm(d)))
        yield from tag("norms", prefixed("post_attention_layernorm", rms_norm(d)))

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        d, vocab = sizes["hidden_size"], sizes["vocab_size"]
        yield from tag("embeddings", prefixed("model.embed_tokens", embedding_tensors(vocab, d)))
        yield from repeated(
            sizes["num_hidden_layers"], lambda k: prefixed(f"model.layers.{k}", self._layer(sizes))
        )
        yield from tag("norms", prefixed("model.norm", rms_norm(d)))
        if not self.tie_word_embeddings:
            yield from tag("head", prefixed("lm_head", linear_tensors(d, vocab, bias=False)))
        head_dim = sizes["head_dim"]
        if isinstance(head_dim, int):
            half = (head_dim + 1) // 2  # torch.arange(0, head_dim, 2)
            yield Tensor("model.rotary_emb.inv_freq", (half,), buffer=True)
            yield Tensor("model.rotary_emb.original_inv_freq", (half,), buffer=True)


class LlamaForCausalLM(_CausalLM):
    """``transformers.LlamaForCausalLM``: LLaMA (1, 2, 3) with its head.

    ``attention_bias`` adds biases to ``q_proj``, ``k_proj``, ``v_proj`` and
    ``o_proj``; ``mlp_bias`` to the three MLP projections. Build it with
    :func:`llama`.

    Examples:
        >>> from paramref.models import llama
        >>> llama().params
        6738415616
        >>> llama().breakdown
        {'embeddings': 131072000, 'attention': 2147483648, 'mlp': 4328521728, 'norms': 266240,
         'head': 131072000}
    """

    STRICT_HEADS = True


class MistralForCausalLM(_CausalLM):
    """``transformers.MistralForCausalLM``: the LLaMA layout without biases.

    Build it with :func:`mistral`; ``attention_bias`` and ``mlp_bias`` are not
    Mistral config keys and are ignored here.

    Examples:
        >>> from paramref.models import mistral
        >>> mistral().params
        7241732096
    """

    FIXED_BIASES = (False, False, False)
    KV_HEADS_OPTIONAL = False


class Qwen2ForCausalLM(_CausalLM):
    """``transformers.Qwen2ForCausalLM``: the LLaMA layout with biases on ``q``, ``k`` and ``v``.

    ``o_proj`` and the MLP have no bias. Build it with :func:`qwen2`.

    Examples:
        >>> from paramref.models import qwen2
        >>> qwen2(vocab_size=151936, hidden_size=896, intermediate_size=4864,
        ...       num_hidden_layers=24, num_attention_heads=14, num_key_value_heads=2,
        ...       tie_word_embeddings=True).params
        494032768
    """

    FIXED_BIASES = (True, False, False)
    ROTARY_CHECKS_DERIVED = False  # Qwen2Config keeps head_dim unset and checks only a given one


def llama(
    *,
    vocab_size: int = 32000,
    hidden_size: int = 4096,
    intermediate_size: int = 11008,
    num_hidden_layers: int = 32,
    num_attention_heads: int = 32,
    num_key_value_heads: int | None = None,
    head_dim: int | None = None,
    tie_word_embeddings: bool = False,
    attention_bias: bool = False,
    mlp_bias: bool = False,
) -> LlamaForCausalLM:
    """LLaMA as ``transformers.LlamaForCausalLM(LlamaConfig(...))`` builds it.

    The defaults are the ``LlamaConfig`` defaults, which are LLaMA-7B and
    Llama-2-7B. ``num_key_value_heads=None`` means as many as
    ``num_attention_heads``; ``head_dim=None`` means
    ``hidden_size // num_attention_heads`` (the formula keeps the symbol
    ``head_dim`` either way). The checks are those of ``LlamaConfig`` in
    ``transformers`` 5.x: ``hidden_size`` must be a multiple of
    ``num_attention_heads``, and the head size, given or derived, must be even
    when it is above 4 (rotary embeddings turn pairs of features).

    Args:
        vocab_size: Tokens in the vocabulary.
        hidden_size: Width of the model.
        intermediate_size: Width of the gated MLP.
        num_hidden_layers: Number of decoder layers.
        num_attention_heads: Query heads.
        num_key_value_heads: Key/value heads (grouped-query attention), or ``None``.
        head_dim: Size of each head, or ``None``.
        tie_word_embeddings: Whether ``lm_head`` shares ``embed_tokens``' tensor.
        attention_bias: Biases on the four attention projections.
        mlp_bias: Biases on the three MLP projections.

    Returns:
        A :class:`LlamaForCausalLM` spec.

    Examples:
        >>> llama().params
        6738415616
        >>> llama(hidden_size=8192, intermediate_size=28672, num_hidden_layers=80,
        ...       num_attention_heads=64, num_key_value_heads=8).params
        68976648192
    """
    return LlamaForCausalLM(
        vocab_size,
        hidden_size,
        intermediate_size,
        num_hidden_layers,
        num_attention_heads,
        num_key_value_heads,
        head_dim,
        tie_word_embeddings,
        attention_bias,
        mlp_bias,
    )


def mistral(
    *,
    vocab_size: int = 32000,
    hidden_size: int = 4096,
    intermediate_size: int = 14336,
    num_hidden_layers: int = 32,
    num_attention_heads: int = 32,
    num_key_value_heads: int = 8,
    head_dim: int | None = None,
    tie_word_embeddings: bool = False,
) -> MistralForCausalLM:
    """Mistral as ``transformers.MistralForCausalLM(MistralConfig(...))`` builds it.

    The defaults are the ``MistralConfig`` defaults, which are Mistral-7B. The
    checks are those of ``MistralConfig`` in ``transformers`` 5.x:
    ``num_key_value_heads`` must be given (4.x read ``None`` as the number of
    query heads), and the head size, given or derived, must be even when it is
    above 4. ``hidden_size`` need not be a multiple of ``num_attention_heads``.

    Args:
        vocab_size: Tokens in the vocabulary.
        hidden_size: Width of the model.
        intermediate_size: Width of the gated MLP.
        num_hidden_layers: Number of decoder layers.
        num_attention_heads: Query heads.
        num_key_value_heads: Key/value heads; ``MistralConfig`` refuses ``None``.
        head_dim: Size of each head, or ``None`` for ``hidden_size // num_attention_heads``.
        tie_word_embeddings: Whether ``lm_head`` shares ``embed_tokens``' tensor.

    Returns:
        A :class:`MistralForCausalLM` spec.

    Examples:
        >>> mistral().params
        7241732096
        >>> mistral().shapes["model.layers.0.self_attn.k_proj.weight"]
        (1024, 4096)
    """
    return MistralForCausalLM(
        vocab_size,
        hidden_size,
        intermediate_size,
        num_hidden_layers,
        num_attention_heads,
        num_key_value_heads,
        head_dim,
        tie_word_embeddings,
    )


def qwen2(
    *,
    vocab_size: int = 151936,
    hidden_size: int = 4096,
    intermediate_size: int = 22016,
    num_hidden_layers: int = 32,
    num_attention_heads: int = 32,
    num_key_value_heads: int | None = 32,
    head_dim: int | None = None,
    tie_word_embeddings: bool = False,
) -> Qwen2ForCausalLM:
    """Qwen2 as ``transformers.Qwen2ForCausalLM(Qwen2Config(...))`` builds it.

    The defaults are the ``Qwen2Config`` defaults. The published sizes differ in
    every key; pass them, or use :func:`from_config` on a ``config.json``. The
    checks are those of ``Qwen2Config`` in ``transformers`` 5.x: a given
    ``head_dim`` must be even when it is above 4; the head size derived from
    ``hidden_size`` is not checked, and ``hidden_size`` need not be a multiple
    of ``num_attention_heads``.

    Args:
        vocab_size: Tokens in the vocabulary.
        hidden_size: Width of the model.
        intermediate_size: Width of the gated MLP.
        num_hidden_layers: Number of decoder layers.
        num_attention_heads: Query heads.
        num_key_value_heads: Key/value heads, or ``None`` for ``num_attention_heads``.
        head_dim: Size of each head, or ``None`` for ``hidden_size // num_attention_heads``.
        tie_word_embeddings: Whether ``lm_head`` shares ``embed_tokens``' tensor.

    Returns:
        A :class:`Qwen2ForCausalLM` spec.

    Examples:
        >>> qwen2(hidden_size=3584, intermediate_size=18944, num_hidden_layers=28,
        ...       num_attention_heads=28, num_key_value_heads=4, vocab_size=152064).params
        7615616512
    """
    return Qwen2ForCausalLM(
        vocab_size,
        hidden_size,
        intermediate_size,
        num_hidden_layers,
        num_attention_heads,
        num_key_value_heads,
        head_dim,
        tie_word_embeddings,
    )


#: For each ``model_type``: the config keys that change the count. Every other
#: key of a ``config.json`` (dropout, activation, rope settings, token ids,
#: ``architectures``, ``torch_dtype``, ...) is ignored.
COUNTED_KEYS: dict[str, tuple[str, ...]] = {
    "gpt2": (
        "vocab_size",
        "n_positions",
        "n_embd",
        "n_layer",
        "n_head",
        "n_inner",
        "tie_word_embeddings",
        "add_cross_attention",
    ),
    "bert": (
        "vocab_size",
        "hidden_size",
        "num_hidden_layers",
        "num_attention_heads",
        "intermediate_size",
        "max_position_embeddings",
        "type_vocab_size",
        "is_decoder",
        "add_cross_attention",
    ),
    "llama": (
        "vocab_size",
        "hidden_size",
        "intermediate_size",
        "num_hidden_layers",
        "num_attention_heads",
        "num_key_value_heads",
        "head_dim",
        "tie_word_embeddings",
        "attention_bias",
        "mlp_bias",
    ),
    "mistral": (
        "vocab_size",
        "hidden_size",
        "intermediate_size",
        "num_hidden_layers",
        "num_attention_heads",
        "num_key_value_heads",
        "head_dim",
        "tie_word_embeddings",
    ),
}
COUNTED_KEYS["qwen2"] = COUNTED_KEYS["mistral"]
