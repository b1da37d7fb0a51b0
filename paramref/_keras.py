"""Conventions every Keras spec shares: the input, layer keywords, trainability, output shape.

A Keras layer creates its weights only once it knows its input, so every Keras
spec takes the ``input_shape`` of one sample (batch excluded). Without it the
spec is *unbuilt*, as Keras says: a layer whose weights depend on its input has
no count yet, and a ``layers.Sequential`` builds it on the shape that reaches
it. Every spec also computes its output shape the way the layer's
``compute_output_shape`` does, so that the next layer's weights follow. Every
Keras layer also takes a few keywords that change no count (``name``,
``dtype``, ...) and ``trainable``, which moves all its weights to the
non-trainable side.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import ClassVar, TypeAlias, TypeVar

from ._check import flag, no_other_arguments, nonnegative_int
from ._tensors import Spec, Tensor

__all__ = [
    "KERAS_LAYER_KEYWORDS",
    "KerasLayer",
    "Output",
    "Shape",
    "batched",
    "keras_input_shape",
    "keras_last_axis",
    "keras_layer_name",
    "keras_trainable",
    "lora_rank_arg",
    "no_quantization",
    "renamed",
    "snake_case",
    "trainable_as",
]

#: Keyword arguments every ``keras.layers.Layer`` takes; none changes a count
#: except ``trainable``, which moves every weight to the non-trainable side.
KERAS_LAYER_KEYWORDS = frozenset({"activity_regularizer", "autocast", "dtype", "name", "trainable"})


#: The shape of one sample, batch excluded: an ``int`` or ``None`` (free) per axis.
Shape: TypeAlias = tuple[int | None, ...]
#: What a layer returns: one shape, or a list of shapes (``return_state=True``).
Output: TypeAlias = Shape | list[Shape]


def keras_input_shape(
    value: object, name: str = "input_shape", *, min_rank: int = 1
) -> tuple[int | None, ...]:
    """Check an ``input_shape``: one sample's shape, batch excluded.

    Each axis is an ``int`` >= 0 (Keras builds layers on empty axes too) or
    ``None`` for an axis left free. A layer that takes scalar samples
    (``min_rank=0``) accepts ``()``.

    >>> keras_input_shape((10, None, 3))
    (10, None, 3)
    >>> keras_input_shape((3, -1))
    Traceback (most recent call last):
    ...
    ValueError: input_shape[1] must be a non-negative integer, got -1
    """
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise TypeError(f"{name} must be a non-empty tuple of ints, got {value!r}")
    if len(value) < min_rank:
        if min_rank == 1:
            raise TypeError(f"{name} must be a non-empty tuple of ints, got {value!r}")
        raise ValueError(f"{name} must have at least {min_rank} axes, got {tuple(value)!r}")
    return tuple(
        None if size is None else nonnegative_int(f"{name}[{k}]", size)
        for k, size in enumerate(value)
    )


def keras_last_axis(shape: tuple[int | None, ...], name: str = "input_shape") -> int:
    """The last axis of ``shape``, which must be fixed."""
    last = shape[-1]
    if last is None:
        raise ValueError(f"{name} must fix its last axis, got {shape!r}")
    return last


def keras_trainable(layer: str, kwargs: Mapping[str, object], allowed: Iterable[str] = ()) -> bool:
    """Check the extra keywords of a Keras layer and return its ``trainable`` flag.

    ``allowed`` names keywords the layer takes besides :data:`KERAS_LAYER_KEYWORDS`.
    A quantized dtype policy (``"int8_from_float32"``, ...) changes the weights
    and is not supported.

    >>> keras_trainable("Dense", {"name": "head", "trainable": False})
    False
    >>> keras_trainable("Dense", {"units": 3})
    Traceback (most recent call last):
    ...
    TypeError: Dense got an unexpected keyword argument 'units'
    """
    no_other_arguments(layer, kwargs, KERAS_LAYER_KEYWORDS | set(allowed))
    dtype = kwargs.get("dtype")
    if isinstance(dtype, str) and "_from_" in dtype:
        raise NotImplementedError(f"{layer}: quantized dtype policies are not supported: {dtype!r}")
    return flag("trainable", kwargs.get("trainable", True))


def trainable_as(trainable: bool, tensors: Iterable[Tensor]) -> Iterator[Tensor]:
    """Yield ``tensors``, all marked non-trainable when the layer is frozen."""
    for tensor in tensors:
        yield tensor if trainable else replace(tensor, trainable=False)


def lora_rank_arg(layer: str, lora_rank: object, constraint: object, constraint_name: str) -> int:
    """Check Keras's ``lora_rank``: ``None`` or 0 (no LoRA) or a positive int.

    Keras refuses LoRA on a layer with a constraint on the weight it adapts.
    """
    if lora_rank is None:
        return 0
    rank = nonnegative_int("lora_rank", lora_rank)
    if rank and constraint is not None:
        raise ValueError(
            f"{layer}: LoRA is incompatible with {constraint_name}; "
            f"got lora_rank={rank} and {constraint_name}={constraint!r}"
        )
    return rank


_SpecClass = TypeVar("_SpecClass", bound=type[Spec])


def renamed(name: str) -> Callable[[_SpecClass], _SpecClass]:
    """Class decorator: give a Keras spec the class name Keras uses.

    A family module holds both frameworks' specs, so a Keras spec whose name its
    PyTorch twin already takes (``Embedding``, ``PReLU``) is written as
    ``KerasEmbedding`` and renamed here; ``paramref.layers`` exports it under the
    Keras name.
    """

    def rename(cls: _SpecClass) -> _SpecClass:
        cls.__name__ = name
        cls.__qualname__ = name
        return cls

    return rename


def no_quantization(layer: str, quantization_config: object) -> None:
    if quantization_config is not None:
        raise NotImplementedError(f"{layer}: quantization_config is not supported")


def snake_case(name: str) -> str:
    """Keras's automatic layer name for a class: ``MaxPooling2D`` -> ``max_pooling2d``.

    >>> snake_case("SimpleRNN"), snake_case("Conv2DTranspose"), snake_case("LSTM")
    ('simple_rnn', 'conv2d_transpose', 'lstm')
    """
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def keras_layer_name(value: object) -> str | None:
    """Check a layer's ``name``: a string without ``/``, or ``None`` (``""`` is ``None``)."""
    if value is None:
        return None
    if not isinstance(value, str) or "/" in value:
        raise ValueError(
            "Argument `name` must be a string and cannot contain character `/`. "
            f"Received: name={value!r}"
        )
    return value or None


def batched(output: Output) -> str:
    """A shape as Keras prints it, batch first: ``(None, 10, 64)``; a list of them."""
    if isinstance(output, list):
        return "[" + ", ".join(batched(shape) for shape in output) + "]"
    return "(" + ", ".join(str(size) for size in (None, *output)) + ")"


#: Bytes per weight, by the layer's ``dtype`` (a mixed policy keeps float32 weights).
_DTYPE_BYTES = {
    None: 4,
    "float32": 4,
    "float64": 8,
    "float16": 2,
    "bfloat16": 2,
    "mixed_float16": 4,
    "mixed_bfloat16": 4,
    "int8": 1,
    "uint8": 1,
    "int16": 2,
    "uint16": 2,
    "int32": 4,
    "uint32": 4,
    "int64": 8,
    "uint64": 8,
}

_CACHED = ("tensors", "params", "symbolic_tensors")

_KerasLayerT = TypeVar("_KerasLayerT", bound="KerasLayer")


class KerasLayer(Spec):
    """What every Keras spec shares: its name, dtype and trainability, its input and output.

    A subclass's ``__init__`` calls :meth:`_keras_init` first (the layer keywords
    and ``input_shape``), checks its own arguments, and ends with
    :meth:`_build_given`. It implements ``_build(input_shape)``, which checks one
    sample's shape, sets ``input_shape`` and the sizes the weights take from it,
    and ``_output()``, the shape of its output. A spec whose weights do not
    depend on its input (``Embedding``, a layer without weights) sets its sizes
    in ``__init__`` and counts before it is built.
    """

    #: How the layer is called: on one tensor, on a list (``Attention``), or with
    #: several required arguments (``MultiHeadAttention``, the cells).
    _call: ClassVar[str] = "one"

    name: str | None
    trainable: bool
    dtype: object
    input_shape: Shape | None = None
    _input_arg: object = None

    def _keras_init(
        self, kwargs: Mapping[str, object], input_shape: object, allowed: Iterable[str] = ()
    ) -> None:
        """Check the keywords of every Keras layer; remember ``input_shape``.

        ``input_dim=n`` stands for ``input_shape=(n,)``, as in Keras.
        """
        layer = type(self).__name__
        given = dict(kwargs)
        input_dim = given.pop("input_dim", None)
        self.trainable = keras_trainable(layer, given, allowed)
        self.name = keras_layer_name(given.get("name"))
        self.dtype = given.get("dtype")
        if input_dim is not None:
            if input_shape is not None:
                raise ValueError(
                    f"Unrecognized keyword arguments passed to {layer}: "
                    f"{{'input_shape': {input_shape!r}}}"
                )
            input_shape = (input_dim,)
        self._input_arg = input_shape
        self.input_shape = None

    def _build_given(self) -> None:
        """Build on the ``input_shape`` given to the constructor, if any."""
        if self._input_arg is not None:
            self._build(self._input_arg)

    def _build(self, input_shape: object) -> None:
        """Check one sample's shape; set ``input_shape`` and the sizes taken from it."""
        raise NotImplementedError

    def _output(self) -> Output:
        """The output shape of one sample; the layer is built."""
        assert self.input_shape is not None
        return self.input_shape

    def _built_on(self: _KerasLayerT, input_shape: Shape) -> _KerasLayerT:
        """A copy of this spec built on ``input_shape`` (one sample); ``self`` is unchanged."""
        layer = copy.copy(self)
        for cached in _CACHED:
            layer.__dict__.pop(cached, None)
        layer._build(input_shape)
        return layer

    @property
    def built(self) -> bool:
        """Whether the spec knows its input shape."""
        return self.input_shape is not None

    @property
    def _sizes(self) -> dict[str, int]:
        sizes: dict[str, int] | None = self.__dict__.get("_known_sizes")
        if sizes is None:
            raise self._unbuilt("its weights depend on the shape of its input")
        return sizes

    @_sizes.setter
    def _sizes(self, sizes: dict[str, int]) -> None:
        self.__dict__["_known_sizes"] = sizes

    @property
    def layer_label(self) -> str:
        """The class name, and the layer's ``name`` when one was given."""
        kind = type(self).__name__
        return kind if self.name is None else f"{kind} {self.name!r}"

    def _unbuilt(self, why: str) -> ValueError:
        return ValueError(
            f"{self.layer_label} is unbuilt: {why}, and it has not seen one. Pass "
            "input_shape=(...) (one sample, batch excluded), or put it in a "
            "layers.Sequential after layers.Input(shape=...)"
        )

    @property
    def output_shape(self) -> Output:
        """The output shape of one sample (batch excluded); a list for several outputs."""
        if self.input_shape is None:
            raise self._unbuilt("its output shape depends on the shape of its input")
        return self._output()

    def compute_output_shape(self, input_shape: Sequence[int | None]) -> Output:
        """Keras's ``compute_output_shape``: the batched input shape in, the batched output out.

        The batch axis (``None`` or a size) comes first and passes through.
        """
        if not isinstance(input_shape, Sequence) or isinstance(input_shape, str):
            raise TypeError(f"input_shape must be a tuple, got {input_shape!r}")
        if len(input_shape) == 0:
            raise ValueError("input_shape must include the batch axis, got ()")
        batch, sample = input_shape[0], tuple(input_shape[1:])
        output = self._built_on(sample).output_shape
        if isinstance(output, list):
            return [(batch, *shape) for shape in output]
        return (batch, *output)

    def _element_bytes(self, tensor: Tensor) -> int:
        """Bytes per element of one of this layer's weights, by the layer's ``dtype``."""
        dtype = self.dtype
        if not isinstance(dtype, str | None) or dtype not in _DTYPE_BYTES:
            raise ValueError(f"{self.layer_label}: no byte size known for dtype={dtype!r}")
        return _DTYPE_BYTES[dtype]

    def _nested(self) -> tuple[KerasLayer, ...]:
        """The layers this one wraps (Keras names them before their wrapper)."""
        return ()

    def _named(self, names: Mapping[int, str]) -> KerasLayer:
        """This spec with the layers it wraps named as a model names them (by ``id``)."""
        return self

    def __repr__(self) -> str:
        if "_known_sizes" not in self.__dict__:
            return f"{type(self).__name__}(unbuilt)"
        return super().__repr__()


class KerasWrapper(KerasLayer):
    """A Keras layer that wraps one other, ``self.layer`` (``TimeDistributed``,
    ``SpectralNormalization``): the wrapped layer is named before its wrapper."""

    layer: KerasLayer

    def _nested(self) -> tuple[KerasLayer, ...]:
        return (self.layer,)

    def _named(self, names: Mapping[int, str]) -> KerasLayer:
        inner = copy.copy(self.layer._named(names))
        inner.name = names.get(id(self.layer), inner.name)
        wrapper = copy.copy(self)
        wrapper.layer = inner
        return wrapper
