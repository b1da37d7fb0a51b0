"""Keras models: ``keras.Sequential`` and its summary.

``keras.Sequential`` passes the output of each layer to the next, so the input
shape is given once, by an ``Input`` or by the first layer's ``input_shape``,
and every layer is built on the shape that reaches it: each spec computes its
output shape as Keras's ``compute_output_shape`` does, and the next layer's
weights follow. Weights are named ``"{layer}/{weight}"``, the layers as Keras
names them in a fresh session (``dense``, ``dense_1``, ...), and ``summary()``
prints Keras's table, byte sizes included.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from ._check import flag
from ._keras import KerasLayer, Output, Shape, batched, keras_layer_name, renamed, snake_case
from ._parameter_free import InputLayer
from ._tensors import Dim, Spec, Tensor

__all__ = ["KerasSequential", "readable_bytes", "summary_table"]


@dataclass(frozen=True)
class _Entry:
    """One layer of a built model: its name, the spec built on its input, and its first use."""

    name: str
    spec: KerasLayer
    first: bool


def _layer_names(layers: Iterable[KerasLayer]) -> dict[int, str]:
    """The name of every layer (by ``id``): its own, or Keras's automatic one.

    Keras numbers automatic names per class in the order layers are made, a
    wrapped layer before its wrapper: ``dense``, ``dense_1``, ... as in a fresh
    session.
    """
    counters: dict[str, int] = {}
    names: dict[int, str] = {}

    def visit(layer: KerasLayer) -> None:
        if id(layer) in names:
            return
        for inner in layer._nested():
            visit(inner)
        if layer.name is not None:
            names[id(layer)] = layer.name
            return
        prefix = snake_case(type(layer).__name__)
        count = counters.get(prefix, 0)
        counters[prefix] = count + 1
        names[id(layer)] = prefix if count == 0 else f"{prefix}_{count}"

    for layer in layers:
        visit(layer)
    return names


def readable_bytes(size: int) -> str:
    """A byte count as Keras's summary writes it: ``17.00 MB``, ``262.12 KB``, ``0.00 B``.

    The steps are 1024; the value is rounded to two decimals exactly, as
    Keras's float formatting of the same (exactly representable) number does.

    >>> readable_bytes(17829888), readable_bytes(268416), readable_bytes(0)
    ('17.00 MB', '262.12 KB', '0.00 B')
    """
    value = Fraction(size)
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if value / 1024 < 1:
            return f"{_two_decimals(value)} {unit}"
        value /= 1024
    return f"{_two_decimals(value)} PB"


def _two_decimals(value: Fraction) -> str:
    hundredths = round(value * 100)
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def _wrap(text: str, width: int) -> list[str]:
    """Word-wrap ``text`` to ``width`` as the summary's table does.

    Words move to the next line when they do not fit; a word longer than the
    width stays on its line, which is cut with an ellipsis.
    """
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return [item if len(item) <= width else item[: width - 1] + "…" for item in lines]


def _ratio_reduce(excess: int, widths: list[int]) -> list[int]:
    """Take ``excess`` columns off ``widths``, evenly, rounding half to even."""
    result = []
    remaining, parts = excess, len(widths)
    for width in widths:
        taken = min(width, round(Fraction(remaining, parts)))
        result.append(width - taken)
        remaining -= taken
        parts -= 1
    return result


def summary_table(
    rows: Sequence[Sequence[str]],
    header: Sequence[str],
    justify: Sequence[str],
    positions: Sequence[float],
    line_length: int,
) -> list[str]:
    """Keras's summary table: columns at ``positions`` of ``line_length``, a line between rows."""
    widths, current = [], 0
    for position in positions:
        width = int(position * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(width + 2)  # one space of padding on each side
        current += width
    room = line_length - (len(widths) + 1)  # the borders take a column each
    if sum(widths) > room:
        widths = _ratio_reduce(sum(widths) - room, widths)

    def cell(text: str, width: int, how: str) -> list[str]:
        inner = width - 2
        lines = _wrap(text, inner)
        if how == "right":
            return [" " + line.rjust(inner) + " " for line in lines]
        if how == "center":
            out = []
            for line in lines:
                left = (inner - len(line)) // 2
                out.append(" " + " " * left + line + " " * (inner - left - len(line)) + " ")
            return out
        return [" " + line.ljust(inner) + " " for line in lines]

    def row(values: Sequence[str], bar: str) -> list[str]:
        cells = [
            cell(value, width, how)
            for value, width, how in zip(values, widths, justify, strict=True)
        ]
        height = max(len(lines) for lines in cells)
        return [
            bar
            + bar.join(
                lines[k] if k < len(lines) else " " * width
                for lines, width in zip(cells, widths, strict=True)
            )
            + bar
            for k in range(height)
        ]

    def rule(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * width for width in widths) + right

    lines = [rule("┏", "━", "┳", "┓"), *row(header, "┃"), rule("┡", "━", "╇", "┩")]
    for index, values in enumerate(rows):
        if index:
            lines.append(rule("├", "─", "┼", "┤"))
        lines += row(values, "│")
    lines.append(rule("└", "─", "┴", "┘"))
    return lines


@renamed("Sequential")
class KerasSequential(Spec):
    """``keras.Sequential`` (``paramref.layers.Sequential``): layers in a row, shapes passed on.

    The input shape is given once: by ``layers.Input(shape=...)`` (or an
    ``InputLayer``) as the first layer, by ``input_shape=`` (or ``input_dim=``)
    on the first layer as Keras 2 code writes it, or later by
    ``build((None, ...))``. Each layer is then built on the output shape of the
    one before, as Keras builds it, and its weights follow. A model with no
    input shape anywhere is *unbuilt*, as Keras says: its count is unknown,
    and ``params`` and ``summary()`` say so instead of answering 0.

    The specs passed in are not changed: ``model.layers`` holds copies built on
    the model's shapes, named as Keras names them in a fresh session (``dense``,
    ``dense_1``, ...; a wrapped layer is named before its wrapper). Weights are
    named ``"{layer}/{weight}"``, as Keras's paths without the model's name. A
    layer added twice shares its weights: they are counted once, as Keras does.
    Shapes here leave out the batch axis, like ``input_shape=``; ``build()``
    and ``compute_output_shape()`` take it, as their Keras namesakes do. The
    formula sums the layers' formulas, each symbol suffixed with the layer's
    position (``units_0``, ``input_dim_1``).

    Args:
        layers: The layers, in order (``None``: none yet; add them with :meth:`add`).
        trainable: ``False`` makes every weight non-trainable.
        name: The model's name (``"sequential"``).

    Examples:
        >>> from paramref import layers
        >>> model = layers.Sequential([layers.Input(shape=(10,)), layers.Embedding(1000, 64),
        ...                            layers.SimpleRNN(32)])
        >>> model.params, model.output_shape
        (67104, (32,))
        >>> [layer.name for layer in model.layers]
        ['embedding', 'simple_rnn']
        >>> layers.Sequential([layers.Dense(8)]).built
        False
    """

    def __init__(
        self,
        layers: Iterable[object] | None = None,
        trainable: bool = True,
        name: str | None = None,
    ) -> None:
        self.trainable = flag("trainable", trainable)
        self.name = keras_layer_name(name) or "sequential"
        self._layers: list[KerasLayer] = []
        self._entries: tuple[_Entry, ...] | None = None
        for layer in layers or ():
            self.add(layer, rebuild=False)
        if self._layers:
            self._maybe_rebuild()

    # -- building ---------------------------------------------------------------

    def add(self, layer: object, rebuild: bool = True) -> None:
        """Add a layer on top, as ``model.add(layer)``; the model is rebuilt if it can be.

        The first layer's ``input_shape`` (or ``input_dim``) becomes the model's
        input, as in Keras; later layers' are ignored, as Keras ignores them.
        """
        if not isinstance(layer, KerasLayer):
            raise TypeError(
                "Only Keras layer specs (paramref.layers) can be added to a Sequential "
                f"model, got {type(layer).__name__} {layer!r}"
            )
        if not self._layers and layer._input_arg is not None and not isinstance(layer, InputLayer):
            self._layers.append(_input_of(layer))
        first = self._layers[0] if self._layers else None
        if isinstance(layer, InputLayer) and isinstance(first, InputLayer):
            raise ValueError(
                f"Sequential model '{self.name}' has already been configured to use "
                f"input shape {first.batch_shape}. You cannot add a different "
                "Input layer to it."
            )
        names = _layer_names([*self._layers, layer])
        for other in self._layers:
            if other is not layer and names[id(other)] == names[id(layer)]:
                raise ValueError(
                    "All layers added to a Sequential model should have unique names. Name "
                    f"'{names[id(layer)]}' is already the name of a layer in this model. "
                    "Update the `name` argument to pass a unique name."
                )
        self._layers.append(layer)
        self._invalidate()
        if rebuild:
            self._maybe_rebuild()

    def pop(self, rebuild: bool = True) -> KerasLayer:
        """Remove the last layer and return it (the spec as it was given)."""
        if not self._layers:
            raise IndexError(f"Sequential model '{self.name}' has no layers to pop")
        layer = self._layers.pop()
        self._invalidate()
        if rebuild and self._layers:
            self._maybe_rebuild()
        return layer

    def build(self, input_shape: Sequence[int | None]) -> None:
        """Build on ``input_shape`` *with* its batch axis, as ``model.build((None, 16))``."""
        if not isinstance(input_shape, Sequence) or isinstance(input_shape, str):
            raise TypeError(f"input_shape must be a tuple, got {input_shape!r}")
        shape = tuple(input_shape)
        if not self._layers:
            raise ValueError(
                f"Sequential model {self.name} cannot be built because it has no layers. "
                "Call `model.add(layer)`."
            )
        first = self._layers[0]
        if isinstance(first, InputLayer):
            if first.batch_shape != shape:
                raise ValueError(
                    f"Sequential model '{self.name}' has already been configured to use input "
                    f"shape {first.batch_shape}. You cannot build it with input_shape {shape}"
                )
        else:
            self._layers.insert(0, InputLayer(batch_shape=shape))
        self._build_layers()

    def _maybe_rebuild(self) -> None:
        self._invalidate()
        if isinstance(self._layers[0], InputLayer) and len(self._layers) > 1:
            self._build_layers()

    def _invalidate(self) -> None:
        self._entries = None
        for cached in ("tensors", "params", "symbolic_tensors"):
            self.__dict__.pop(cached, None)

    def _build_layers(self) -> None:
        first = self._layers[0]
        assert isinstance(first, InputLayer)
        assert first.input_shape is not None
        names = _layer_names(self._layers)
        shape: Output = first.input_shape
        entries: list[_Entry] = []
        built: dict[int, KerasLayer] = {}
        for layer in self._layers[1:]:
            name = names[id(layer)]
            kind = type(layer).__name__
            if layer._call == "several":
                raise ValueError(
                    f"Layer '{name}' ({kind}) takes several required positional arguments "
                    "(a query and a value, or the inputs and the states), but layers added "
                    "to a Sequential model can only have a single required positional "
                    "argument, the input tensor"
                )
            if layer._call == "list":
                raise ValueError(
                    f"Layer '{name}' ({kind}) must be called on a list of inputs, namely "
                    "[query, value] or [query, value, key], but a Sequential passes it one "
                    f"tensor, of shape {batched(shape)}"
                )
            if isinstance(shape, list):
                raise ValueError(
                    f"Layer '{name}' ({kind}) expects 1 input, but it received {len(shape)} "
                    f"input tensors, of shapes {batched(shape)}"
                )
            try:
                spec = layer._named(names)._built_on(shape)
                spec.output_shape  # noqa: B018 - computing it checks it
            except (TypeError, ValueError) as error:
                raise ValueError(
                    f"Layer '{name}' ({kind}) cannot take inputs of shape {batched(shape)}: {error}"
                ) from None
            spec.name = name
            previous = built.get(id(layer))
            if previous is not None and previous.shapes != spec.shapes:
                raise ValueError(
                    f"Layer '{name}' ({kind}) is used twice on inputs that give it different "
                    f"weights: {previous.shapes} and {spec.shapes}"
                )
            entries.append(_Entry(name, spec, previous is None))
            built.setdefault(id(layer), spec)
            shape = spec.output_shape
        self._entries = tuple(entries)

    # -- what Keras's model shows ---------------------------------------------------

    @property
    def built(self) -> bool:
        """Whether the model knows its input shape (and so every layer's weights)."""
        return self._entries is not None

    def _built_entries(self, what: str) -> tuple[_Entry, ...]:
        if self._entries is None:
            raise ValueError(
                f"Sequential model '{self.name}' is unbuilt, so {what} is unknown: no layer "
                "knows the input's shape. Start it with layers.Input(shape=...), give its "
                "first layer input_shape=(...), or call build((None, ...))"
            )
        return self._entries

    @property
    def layers(self) -> list[KerasLayer]:
        """The layers, the input layer left out; built on the model's shapes once it is built."""
        if self._entries is not None:
            return [entry.spec for entry in self._entries]
        return [layer for layer in self._layers if not isinstance(layer, InputLayer)]

    @property
    def input_shape(self) -> Shape:
        """The shape of one input sample (batch excluded)."""
        first = self._built_entries("its input shape")[0].spec.input_shape
        assert first is not None
        return first

    @property
    def output_shape(self) -> Output:
        """The shape of one output sample (batch excluded); a list for several outputs."""
        return self._built_entries("its output shape")[-1].spec.output_shape

    def compute_output_shape(self, input_shape: Sequence[int | None]) -> Output:
        """Keras's ``compute_output_shape``: batched shape in, batched shape out."""
        model = copy.copy(self)
        model._layers = [layer for layer in self._layers if not isinstance(layer, InputLayer)]
        model._entries = None
        model.build(input_shape)
        output = model.output_shape
        batch = input_shape[0]
        if isinstance(output, list):
            return [(batch, *shape) for shape in output]
        return (batch, *output)

    def count_params(self) -> int:
        """Keras's ``model.count_params()``: ``params``."""
        return self.params

    # -- the Spec protocol --------------------------------------------------------

    @property
    def _sizes(self) -> dict[str, int]:  # type: ignore[override]
        sizes: dict[str, int] = {}
        for index, entry in enumerate(self._built_entries("its parameter count")):
            if entry.first:
                sizes.update({f"{key}_{index}": value for key, value in entry.spec._sizes.items()})
        return sizes

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        for index, entry in enumerate(self._built_entries("its parameter count")):
            if not entry.first:
                continue
            own = {key: sizes[f"{key}_{index}"] for key in entry.spec._sizes}
            for tensor in entry.spec._tensors(own):
                named = replace(tensor, name=f"{entry.name}/{tensor.name}")
                yield named if self.trainable else replace(named, trainable=False)

    def _bytes(self, trainable: bool | None = None) -> int:
        """Bytes of the weights (all, or the trainable or non-trainable ones), as Keras counts."""
        total = 0
        for entry in self._built_entries("its size"):
            if not entry.first:
                continue
            for tensor in entry.spec.tensors:
                counted = tensor.trainable and self.trainable
                if trainable is None or counted == trainable:
                    numel = tensor.numel
                    assert isinstance(numel, int)
                    total += numel * entry.spec._element_bytes(tensor)
        return total

    def __len__(self) -> int:
        return len(self.layers)

    def __repr__(self) -> str:
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Sequential([{inner}], name={self.name!r})"

    # -- the summary ---------------------------------------------------------------

    def summary_text(
        self,
        line_length: int | None = None,
        positions: Sequence[float] | None = None,
        show_trainable: bool = False,
    ) -> str:
        """What :meth:`summary` prints, as one string ending in a newline."""
        entries = self._built_entries("its summary")
        length = line_length or 76
        if positions is None:
            positions = [0.45, 0.80, 1.0]
            if show_trainable:
                positions = [p * 0.90 for p in positions] + [1.0]
        header = ["Layer (type)", "Output Shape", "Param #"]
        justify = ["left", "left", "right"]
        if show_trainable:
            header.append("Trainable")
            justify.append("center")
        rows = []
        for entry in entries:
            spec = entry.spec
            row = [f"{entry.name} ({type(spec).__name__})", batched(spec.output_shape)]
            row.append(f"{spec.params:,}")
            if show_trainable:
                # The layer's own flag, as Keras shows it (a frozen model leaves it be).
                row.append(("Y" if spec.trainable else "N") if spec.tensors else "-")
            rows.append(row)
        lines = [f'Model: "{self.name}"']
        lines += summary_table(rows, header, justify, positions, length)
        trainable, frozen = self.trainable_params, self.non_trainable_params
        lines += [
            f" Total params: {self.params:,} ({readable_bytes(self._bytes())})",
            f" Trainable params: {trainable:,} ({readable_bytes(self._bytes(True))})",
            f" Non-trainable params: {frozen:,} ({readable_bytes(self._bytes(False))})",
        ]
        return "\n".join(lines) + "\n"

    def summary(
        self,
        line_length: int | None = None,
        positions: Sequence[float] | None = None,
        print_fn: Callable[[str], object] | None = None,
        show_trainable: bool = False,
    ) -> None:
        """Print Keras's summary: each layer's name and type, output shape and count, then totals.

        The totals give the bytes of the weights as Keras does (4 per float32
        weight, 1 KB = 1024 B). The table is laid out as Keras lays it out when
        it prints to an 80-column terminal, or to no terminal at all (76
        characters wide); ``line_length`` and ``positions`` change it as in
        Keras. ``print_fn``, as in Keras, receives the whole text instead of
        ``print``; :meth:`summary_text` returns it. An unbuilt model raises
        ``ValueError`` (Keras prints ``0 (unbuilt)`` for every layer).
        """
        text = self.summary_text(line_length, positions, show_trainable)
        if print_fn is None:
            print(text, end="")
        else:
            print_fn(text)


def _input_of(layer: KerasLayer) -> InputLayer:
    """The input layer Keras makes from the first layer's ``input_shape``."""
    shape = layer._input_arg
    if not isinstance(shape, Sequence) or isinstance(shape, str):
        raise TypeError(f"input_shape must be a tuple of ints, got {shape!r}")
    return InputLayer(shape=shape)
