"""The building blocks of whole models, each a frozen set of switches that lists its tensors.

A block reads its sizes by config key: ``Attention(hidden="n_embd", heads="n_head")``
takes GPT-2's keys, ``Attention()`` LLaMA's. A size reference is a config key, or
``(factor, key)`` for a multiple of one (GPT-2's MLP is ``(4, "n_embd")`` wide when
``n_inner`` is not set), the factor itself a key for a product of two
(DeepSeek's shared experts are ``("n_shared_experts", "moe_intermediate_size")``
wide). Every block yields :class:`~paramref.models._spec.Tagged` tensors named
as the ``transformers`` module names them, from the same ``torch.nn.Linear``,
``Embedding`` and norm tensors as the layer pages, and tagged with the part of
the model they belong to.

Blocks are hashable: a model's structure is the tuple of its blocks, and the
count of one structure is compiled once (see :class:`ModelSpec`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TypeAlias

from .._embedding import embedding_tensors
from .._linear import linear_tensors
from .._norm import affine_tensors
from .._tensors import Dim, Tensor, prefixed
from ._spec import Tagged, tag

__all__ = [
    "Attention",
    "Embedding",
    "Experts",
    "Linear",
    "Mlp",
    "Norm",
    "Ref",
    "dim",
]

#: A size: a config key, ``(factor, key)`` (the factor an ``int`` or a key), or a fixed ``int``.
Ref: TypeAlias = str | tuple[int | str, str] | int


def dim(sizes: Mapping[str, Dim], ref: Ref) -> Dim:
    """The value of the size reference ``ref``."""
    if isinstance(ref, str):
        return sizes[ref]
    if isinstance(ref, int):
        return ref
    factor, key = ref
    if isinstance(factor, str):
        return sizes[factor] * sizes[key]
    return factor * sizes[key]


def _linear(n: Dim, m: Dim, bias: bool, transposed: bool) -> Iterator[Tensor]:
    """``nn.Linear(n, m)``, or Hugging Face's ``Conv1D`` (weight stored ``(n, m)``)."""
    for tensor in linear_tensors(n, m, bias):
        if transposed:
            shape = tuple(reversed(tensor.shape))
            yield replace(tensor, shape=shape, module="Conv1D")
        else:
            yield tensor


@dataclass(frozen=True)
class Linear:
    """One linear layer ``n -> m`` under ``name``, in ``part``.

    ``transposed`` stores the weight as ``(n, m)``: Hugging Face's ``Conv1D``
    (GPT-2), the same numbers as ``nn.Linear``.
    """

    name: str
    n: Ref
    m: Ref
    bias: bool = False
    part: str = "other"
    transposed: bool = False

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        tensors = _linear(dim(sizes, self.n), dim(sizes, self.m), self.bias, self.transposed)
        return tag(self.part, prefixed(self.name, tensors))


@dataclass(frozen=True)
class Embedding:
    """An ``nn.Embedding(rows, width)`` table under ``name`` (``offset`` extra rows: OPT's 2).

    ``scaled``: the table also holds its scale factor as a scalar buffer
    ``embed_scale`` (Gemma's scaled word embedding, ``sqrt(hidden_size)``).
    """

    name: str
    rows: Ref
    width: Ref = "hidden_size"
    offset: int = 0
    part: str = "embeddings"
    scaled: bool = False

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        rows = dim(sizes, self.rows) + self.offset
        tensors = embedding_tensors(rows, dim(sizes, self.width))
        yield from tag(self.part, prefixed(self.name, tensors))
        if self.scaled:
            yield Tagged(f"{self.name}.embed_scale", (), buffer=True, part=self.part)


#: Norm kinds: ``"rms"`` (a weight), ``"layer"`` (weight and bias), ``"layer_nobias"``
#: (a weight: LayerNorm with ``bias=False``), ``"none"`` (no parameter: OLMo's
#: weight-free LayerNorm).
NORM_KINDS = ("rms", "layer", "layer_nobias", "none")


@dataclass(frozen=True)
class Norm:
    """A normalization over ``width`` features under ``name``."""

    name: str
    kind: str = "rms"
    width: Ref = "hidden_size"
    part: str = "norms"

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        if self.kind == "none":
            return iter(())
        bias = self.kind == "layer"
        tensors = affine_tensors((dim(sizes, self.width),), True, bias)
        return tag(self.part, prefixed(self.name, tensors))


@dataclass(frozen=True)
class Attention:
    """Self-attention: query, key and value projections, the output projection.

    ``heads`` query heads and ``kv_heads`` key/value heads of ``head_dim``
    features each: multi-head attention when they are equal, grouped-query when
    ``kv_heads`` is smaller, multi-query when it is 1. ``kv_heads=None`` means as
    many as the query heads. ``fused`` names one projection for all three
    (``query_key_value``, ``c_attn``, ``Wqkv``, ``qkv_proj``), of
    ``(heads + 2 kv_heads) head_dim`` outputs. ``bias`` is per projection
    (q, k, v, o). ``qk_norm`` adds a norm of the queries and of the keys, over
    one head (``"head"``, shared by every head), over all of them
    (``"full"``: one weight of ``heads·head_dim``), or one per head
    (``"grid"``: a ``(heads, head_dim)`` weight, Cohere's). ``sinks``: one
    learned logit per head (gpt-oss).
    """

    name: str = "self_attn"
    hidden: Ref = "hidden_size"
    heads: Ref = "num_attention_heads"
    kv_heads: Ref | None = "num_key_value_heads"
    head_dim: Ref = "head_dim"
    projections: tuple[str, str, str, str] = ("q_proj", "k_proj", "v_proj", "o_proj")
    fused: str | None = None
    bias: tuple[bool, bool, bool, bool] = (False, False, False, False)
    transposed: bool = False
    qk_norm: str | None = None
    qk_norm_kind: str = "rms"
    qk_norm_names: tuple[str, str] = ("q_norm", "k_norm")
    sinks: bool = False

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        d, size = dim(sizes, self.hidden), dim(sizes, self.head_dim)
        heads = dim(sizes, self.heads)
        kv = heads if self.kv_heads is None else dim(sizes, self.kv_heads)
        q, k, v, o = self.projections
        yield from self._own(sizes, heads)
        if self.fused is not None:
            fused = _linear(d, (heads + 2 * kv) * size, self.bias[0], self.transposed)
            yield from tag("attention", prefixed(self.fused, fused))
        else:
            for name, m, bias in ((q, heads, self.bias[0]), (k, kv, self.bias[1])):
                yield from tag("attention", prefixed(name, _linear(d, m * size, bias, False)))
            yield from tag("attention", prefixed(v, _linear(d, kv * size, self.bias[2], False)))
        out = _linear(heads * size, d, self.bias[3], self.transposed)
        yield from tag("attention", prefixed(o, out))
        if self.qk_norm is not None:
            width: Ref = self.head_dim
            for name, count in zip(self.qk_norm_names, (heads, kv), strict=True):
                norm = Norm(name, self.qk_norm_kind, width, part="attention")
                if self.qk_norm == "full":
                    yield from _scaled(norm.tensors(sizes), count)
                elif self.qk_norm == "grid":
                    yield from _gridded(norm.tensors(sizes), count)
                else:
                    yield from norm.tensors(sizes)

    def _own(self, sizes: Mapping[str, Dim], heads: Dim) -> Iterator[Tagged]:
        if self.sinks:
            yield Tagged("sinks", (heads,), part="attention")


def _scaled(tensors: Iterator[Tensor], factor: Dim) -> Iterator[Tensor]:
    """``tensors`` with their first dimension multiplied by ``factor``."""
    for tensor in tensors:
        yield replace(tensor, shape=(factor * tensor.shape[0], *tensor.shape[1:]))


def _gridded(tensors: Iterator[Tensor], rows: Dim) -> Iterator[Tensor]:
    """``tensors`` with ``rows`` prepended to their shape: one copy per head."""
    for tensor in tensors:
        yield replace(tensor, shape=(rows, *tensor.shape))


@dataclass(frozen=True)
class Mlp:
    """The feed-forward block: plain (two matrices) or gated (three).

    Plain: ``names = (up, down)``, ``hidden -> width -> hidden``. Gated:
    ``names = (gate, up, down)``; ``fused`` names one projection holding gate
    and up (Phi-3's ``gate_up_proj``), in which case ``names`` are
    ``(fused, down)``.
    """

    hidden: Ref = "hidden_size"
    width: Ref = "intermediate_size"
    names: tuple[str, ...] = ("gate_proj", "up_proj", "down_proj")
    bias: bool = False
    fused: bool = False
    transposed: bool = False
    part: str = "mlp"

    @property
    def gated(self) -> bool:
        return len(self.names) == 3 or self.fused

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        d, width = dim(sizes, self.hidden), dim(sizes, self.width)
        *inputs, down = self.names
        into = 2 * width if self.fused else width
        for name in inputs:
            yield from tag(self.part, prefixed(name, _linear(d, into, self.bias, self.transposed)))
        yield from tag(self.part, prefixed(down, _linear(width, d, self.bias, self.transposed)))


@dataclass(frozen=True)
class Experts:
    """A mixture of experts: a router and ``experts`` routed experts, ``top_k`` used per token.

    The experts are stored fused, as ``transformers`` 5 stores them: one
    ``(experts, 2·width, hidden)`` tensor ``gate_up_proj`` and one
    ``(experts, hidden, width)`` tensor ``down_proj`` (``transposed`` swaps the
    last two dimensions of both, as gpt-oss stores them), with ``(experts, ·)``
    biases if ``bias``. ``router`` is a ``(experts, hidden)`` linear layer (with
    a bias if ``router_bias``). ``shared`` is an MLP every token passes through,
    named ``shared_name``, and ``shared_gate`` a ``hidden -> 1`` gate on it
    (Qwen2-MoE). ``router_buffer`` names a ``(experts,)`` buffer of the router
    (DeepSeek-V3's ``e_score_correction_bias``).

    The routed experts are tagged ``"experts"``; the router and the shared
    experts ``"mlp"``: they run for every token.
    """

    hidden: Ref = "hidden_size"
    width: Ref = "moe_intermediate_size"
    experts: Ref = "num_experts"
    top_k: str = "num_experts_per_tok"
    router: str = "gate"
    router_bias: bool = False
    experts_name: str = "experts"
    bias: bool = False
    transposed: bool = False
    shared: Mlp | None = None
    shared_name: str = "shared_expert"
    shared_gate: str | None = None
    router_buffer: str | None = None

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        d, width, e = dim(sizes, self.hidden), dim(sizes, self.width), dim(sizes, self.experts)
        router = linear_tensors(d, e, self.router_bias)
        yield from tag("mlp", prefixed(self.router, router))
        if self.router_buffer is not None:
            yield Tensor(f"{self.router}.{self.router_buffer}", (e,), buffer=True)
        up, down = (e, 2 * width, d), (e, d, width)
        if self.transposed:
            up, down = (e, d, 2 * width), (e, width, d)
        name = self.experts_name
        yield Tagged(f"{name}.gate_up_proj", up, part="experts")
        if self.bias:
            yield Tagged(f"{name}.gate_up_proj_bias", (e, 2 * width), part="experts")
        yield Tagged(f"{name}.down_proj", down, part="experts")
        if self.bias:
            yield Tagged(f"{name}.down_proj_bias", (e, d), part="experts")
        if self.shared is not None:
            yield from prefixed(self.shared_name, self.shared.tensors(sizes))
        if self.shared_gate is not None:
            yield from tag("mlp", prefixed(self.shared_gate, linear_tensors(d, 1, False)))
