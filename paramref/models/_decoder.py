"""One decoder, assembled from switches: embeddings, a stack of layers, a final norm, a head.

Every decoder-only language model of the zoo is a :class:`Layout` (the names and
blocks of its ``transformers`` class) and a dict of sizes (its ``config.json``
keys). A layer is a mixer (attention, or a state-space block), a feed-forward
block (a dense MLP or a mixture of experts) and its norms; a model may mix
kinds of layers (DeepSeek's first dense layers, Jamba's attention every eighth
layer), each kind listed once and multiplied by how many layers have it.

The count is compiled once per layout (see :class:`ModelSpec`); counting a
config is then a few integer multiplications, however deep the model.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from .._tensors import Dim, Poly, Tensor, prefixed
from ._blocks import Attention, Embedding, Experts, Linear, Mlp, Norm, Ref, dim
from ._spec import ModelSpec, Tagged

__all__ = ["HEADS", "Block", "Decoder", "LayerKind", "Layout", "Minus", "Stack", "Structure"]


class Block(Protocol):
    """Anything that lists tagged tensors from the sizes: the blocks of ``_blocks``."""

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]: ...


@dataclass(frozen=True)
class LayerKind:
    """One kind of layer: its blocks, each under its name inside the layer.

    ``blocks`` are ``(name, block)`` pairs, ``name`` the attribute of the
    ``transformers`` layer (``"self_attn"``, ``"mlp"``, ``"input_layernorm"``);
    an empty name puts the block's tensors directly in the layer.
    """

    blocks: tuple[tuple[str, Any], ...]

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        for name, block in self.blocks:
            tensors = block.tensors(sizes)
            yield from prefixed(name, tensors) if name else tensors


@dataclass(frozen=True)
class Minus:
    """A layer count: ``ref`` less ``less`` (DeepSeek's layers after the first dense ones)."""

    ref: Ref
    less: Ref


@dataclass(frozen=True)
class Layout:
    """The switches of one decoder: what its ``transformers`` class builds, and the names.

    Attributes:
        base: The base model's attribute in the task class (``model``,
            ``transformer``, ``gpt_neox``, ``model.decoder``).
        embeddings: The tables at the start of the base model (token, positions).
        before: Blocks right after the embeddings (BLOOM's embedding norm, OPT's
            ``project_in``).
        layers: Attribute of the layer list (``layers``, ``h``, ``blocks``).
        kinds: The kinds of layer, and ``counts``: how many layers of each, as a
            size reference each (``"num_hidden_layers"``) or a :class:`Minus`
            of two, or ``None`` to take them from ``pattern``.
        pattern: When the kinds alternate in a way no polynomial follows (Jamba,
            Qwen2-MoE's ``mlp_only_layers``): the kind of every layer, by index.
        after: Blocks after the layers (the final norm, OPT's ``project_out``).
        head: The task head's blocks, if the class has its own (``lm_head``),
            from :data:`HEADS` by the chosen class.
        experts: The mixture of experts whose routed experts ``active_params``
            leaves out but for ``top_k`` of them.
        rotary: The path of the rotary embedding's buffers (``inv_freq``,
            ``original_inv_freq``) and the size reference of the features it turns,
            or ``None``. A key of the spec's ``extra`` integers (Phi-3's rotary
            dimension, a fraction of the head) is read from them.
        rotary_types: The layer types with rotary tables of their own
            (Gemma 3's ``full_attention_inv_freq``, ``sliding_attention_inv_freq``);
            empty for one table.
        head_bias: The size of a bias of the language-model head
            (``lm_head.bias``; Phi-MoE's ``lm_head_bias``), kept even when the
            head's weight is tied; ``None`` for none.
        extra_buffers: Other buffers of the base model: name and shape, as size
            references (GPT-BigCode's causal mask ``bias``).
        model_base: The base model's attribute inside the ``Model`` class
            itself: none, but OPT's ``decoder``.
        heads: Heads the row's build chose from the config, by class suffix:
            they replace the row's (DeBERTa-v2's masked-LM head, legacy or not).

    Size references of buffers may also name the row's ``extra`` integers (the
    features a partial rotary embedding turns): buffers are not counted.
    """

    embeddings: tuple[Any, ...]
    kinds: tuple[LayerKind, ...]
    counts: tuple[Ref | Minus, ...] | None = ("num_hidden_layers",)
    pattern: tuple[int, ...] = ()
    base: str = "model"
    before: tuple[Any, ...] = ()
    layers: str = "layers"
    after: tuple[Any, ...] = (Norm("norm"),)
    head: tuple[Any, ...] = ()
    experts: Experts | None = None
    rotary: tuple[str, Ref] | None = ("rotary_emb", "head_dim")
    extra_buffers: tuple[tuple[str, tuple[Ref, ...]], ...] = field(default=())
    head_bias: Ref | None = None
    rotary_types: tuple[str, ...] = ()
    model_base: str = ""
    heads: tuple[tuple[str, tuple[Any, ...]], ...] = ()

    def layer_counts(self, sizes: Mapping[str, Dim]) -> tuple[Dim, ...]:
        """How many layers of each kind."""
        return layer_counts(self.kinds, self.counts, self.pattern, sizes)


def layer_counts(
    kinds: tuple[LayerKind, ...],
    counts: tuple[Ref | Minus, ...] | None,
    pattern: tuple[int, ...],
    sizes: Mapping[str, Dim],
) -> tuple[Dim, ...]:
    """How many layers of each kind: from the size references ``counts``, or ``pattern``."""
    if counts is not None:
        return tuple(
            dim(sizes, ref.ref) - dim(sizes, ref.less)
            if isinstance(ref, Minus)
            else dim(sizes, ref)
            for ref in counts
        )
    return tuple(pattern.count(k) for k in range(len(kinds)))


def stacked(
    layers: str,
    kinds: tuple[LayerKind, ...],
    counts: tuple[Ref | Minus, ...] | None,
    pattern: tuple[int, ...],
    sizes: Mapping[str, Dim],
) -> Iterator[Tensor]:
    """The tensors of a list of layers named ``layers``: every layer for concrete sizes,
    one representative layer per kind (``layers.k``) repeated by its count for symbols."""
    how_many = layer_counts(kinds, counts, pattern, sizes)
    if isinstance(next(iter(sizes.values()), 0), int):
        if counts is not None:
            pattern = tuple(k for k, count in enumerate(how_many) for _ in range(int(count)))
        for index, kind in enumerate(pattern):
            yield from prefixed(f"{layers}.{index}", kinds[kind].tensors(sizes))
    else:
        for each, count in zip(kinds, how_many, strict=True):
            for tensor in prefixed(f"{layers}.k", each.tensors(sizes)):
                yield replace(tensor, repeat=count * tensor.repeat)


@dataclass(frozen=True)
class Stack:
    """A stack of layers inside a model, as a block: an encoder or decoder of an
    encoder-decoder, one tower of a dual-tower model.

    Attributes:
        name: Its attribute path in the model (``"encoder"``, ``"text_model"``);
            empty to put its tensors at the top.
        kinds, counts, pattern, layers: As in :class:`Layout`: the kinds of layer,
            how many of each, and the attribute of the layer list
            (``"block"``, ``"layers"``, ``"encoder.layers"``).
        before: Blocks before the layers (the stack's own embeddings).
        after: Blocks after the layers (its final norm).
    """

    name: str
    kinds: tuple[LayerKind, ...]
    counts: tuple[Ref | Minus, ...] | None = ("num_hidden_layers",)
    pattern: tuple[int, ...] = ()
    layers: str = "layers"
    before: tuple[Any, ...] = ()
    after: tuple[Any, ...] = ()

    def tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        def inside() -> Iterator[Tensor]:
            for block in self.before:
                yield from block.tensors(sizes)
            yield from stacked(self.layers, self.kinds, self.counts, self.pattern, sizes)
            for block in self.after:
                yield from block.tensors(sizes)

        yield from prefixed(self.name, inside())


#: Task heads by the class name's suffix: the blocks each class adds to the base
#: model. ``CausalLM`` is the language-model head; ``Model`` is the base model alone
#: (its parameters are named without the base prefix).
HEADS: dict[str, Callable[[str, bool], tuple[Any, ...]]] = {
    "ForCausalLM": lambda hidden, tied: (
        () if tied else (Linear("lm_head", hidden, "vocab_size", part="head"),)
    ),
    "Model": lambda hidden, tied: (),
    "ForSequenceClassification": lambda hidden, tied: (
        Linear("score", hidden, "num_labels", part="head"),
    ),
    "ForTokenClassification": lambda hidden, tied: (
        Linear("score", hidden, "num_labels", bias=True, part="head"),
    ),
    "ForQuestionAnswering": lambda hidden, tied: (
        Linear("qa_outputs", hidden, 2, bias=True, part="head"),
    ),
}


class Structure:
    """A :class:`Layout` that hashes by identity: the key its compiled count is cached under.

    Layouts are built once per set of switches and kept, so comparing them by
    identity is exact, and much faster than hashing every block.
    """

    __slots__ = ("layout",)

    def __init__(self, layout: Layout) -> None:
        self.layout = layout


_PARTS: dict[Hashable, tuple[str, ...]] = {}
#: Whether a structure's blocks list buffers of their own, by the spec's flags.
_INNER_BUFFERS: dict[Hashable, bool] = {}


class Decoder(ModelSpec):
    """A decoder-only model as ``transformers`` builds it: the spec behind every row.

    Built by :func:`paramref.models.from_config` from a ``config.json`` (or by
    the model functions such as :func:`paramref.models.llama`); ``model_type``
    and ``architecture`` say which row and which class it is.

    ``active_params`` is the count one token passes through: the total less, in
    every mixture-of-experts layer, the routed experts the router does not pick
    (``num_experts - top_k`` of them). It equals ``params`` for a dense model.
    """

    PARTS = (
        "embeddings",
        "patches",
        "positions",
        "tokens",
        "projection",
        "attention",
        "mixer",
        "conv",
        "mlp",
        "experts",
        "norms",
        "pooler",
        "head",
    )

    def __init__(
        self,
        model_type: str,
        architecture: str,
        class_name: str,
        structure: Structure,
        sizes: dict[str, int],
        extra: dict[str, int],
    ) -> None:
        self.model_type = model_type
        self.architecture = architecture
        #: The ``transformers`` class counted (``LlamaForCausalLM``).
        self.class_name = class_name
        self.layout = structure.layout
        self._sizes = sizes
        # Integers that are not symbols of the formula but still read (the
        # number of experts picked per token).
        self._extra = extra
        self._flags: Hashable = (structure, tuple(sizes))

    @property
    def parts(self) -> tuple[str, ...]:
        """The parts this model has (``mixer``: state-space blocks; ``experts``: routed
        experts), in the order of ``PARTS``; ``head`` always, 0 when it is tied."""
        try:
            return _PARTS[self._flags]
        except KeyError:
            names = list(self._sizes)
            symbols = {name: Poly.var(name) for name in names}
            present = {getattr(t, "part", "other") for t in self._tensors(symbols)}
            found = _PARTS[self._flags] = tuple(
                part for part in self.PARTS if part in present or part == "head"
            )
            return found

    @property
    def buffers(self) -> dict[str, tuple[int, ...]]:
        """PyTorch buffer name -> shape (rotary tables, masks, position indices).

        When no block lists a buffer (most models: only the rotary tables are
        buffers), the layers are not walked one by one to find them.
        """
        try:
            inside = _INNER_BUFFERS[self._flags]
        except KeyError:
            symbols = {name: Poly.var(name) for name in self._sizes}
            inside = any(t.buffer for t in self._tensors(symbols))
            _INNER_BUFFERS[self._flags] = inside
        if inside:
            return super().buffers
        buffers = self._buffers(self._sizes, self._base)
        return {t.name: tuple(int(s) for s in t.shape) for t in buffers}

    @property
    def _base(self) -> str:
        """The base model's attribute in the class counted (none in ``Model`` itself)."""
        layout = self.layout
        return layout.model_base if self.architecture == "Model" else layout.base

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        layout = self.layout
        base = self._base

        def in_base(tensors: Iterator[Tensor]) -> Iterator[Tensor]:
            return prefixed(base, tensors) if base else tensors

        for block in (*layout.embeddings, *layout.before):
            yield from in_base(block.tensors(sizes))
        yield from in_base(
            stacked(layout.layers, layout.kinds, layout.counts, layout.pattern, sizes)
        )
        for block in layout.after:
            yield from in_base(block.tensors(sizes))
        for block in layout.head:
            yield from block.tensors(sizes)
        if layout.head_bias is not None and self.architecture == "ForCausalLM":
            yield Tagged("lm_head.bias", (dim(sizes, layout.head_bias),), part="head")
        yield from self._buffers(sizes, base)

    def _buffers(self, sizes: Mapping[str, Dim], base: str) -> Iterator[Tensor]:
        if not isinstance(next(iter(sizes.values()), 0), int):
            return  # buffers are listed for concrete sizes only
        values = {**self._extra, **sizes}
        rotary = self.layout.rotary
        if rotary is not None:
            path, ref = rotary
            half = (int(dim(values, ref)) + 1) // 2  # torch.arange(0, features, 2)
            path = f"{base}.{path}" if base else path
            prefixes = tuple(f"{t}_" for t in self.layout.rotary_types) or ("",)
            for prefix in prefixes:
                yield Tensor(f"{path}.{prefix}inv_freq", (half,), buffer=True)
                yield Tensor(f"{path}.{prefix}original_inv_freq", (half,), buffer=True)
        for name, shape in self.layout.extra_buffers:
            name = f"{base}.{name}" if base else name
            yield Tensor(name, tuple(int(dim(values, ref)) for ref in shape), buffer=True)

    @property
    def active_params(self) -> int:
        """Parameters one token passes through: routed experts not picked are left out.

        In every mixture-of-experts layer, ``num_experts - top_k`` of the routed
        experts do not run for a given token; shared experts, the router and
        everything else do. Equal to ``params`` for a dense model.
        """
        experts = self.layout.experts
        if experts is None:
            return self.params
        top_k = self._extra.get(experts.top_k)
        if top_k is None:
            raise ValueError(
                f"{experts.top_k} is None: no number of experts per token to count "
                f"active parameters with ({self.model_type})"
            )
        routed = self.breakdown["experts"]
        total = int(dim(self._sizes, experts.experts))
        if total == 0:
            return self.params
        return self.params - routed + routed // total * top_k

    def num_active_parameters(self, exclude_embeddings: bool = False) -> int:
        """``active_params``, or without the embedding tables, as some model cards quote it."""
        embeddings = self.num_parameters() - self.num_parameters(exclude_embeddings=True)
        return self.active_params - (embeddings if exclude_embeddings else 0)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self._sizes.items())
        return f"{self.class_name}({args})"


def mlp_or_experts(experts: Experts | None, mlp: Mlp) -> Any:
    """The feed-forward block of a layer: the mixture of experts if there is one."""
    return experts if experts is not None else mlp


__all__ += ["Attention", "Embedding", "Experts", "Linear", "Mlp", "Norm", "mlp_or_experts"]
