"""The recurrent family: simple RNNs, LSTMs, GRUs, their cells, stacks and wrappers.

Every recurrent layer is ``G`` gates that each read the input ``x_t`` and the
previous output ``h_{t-1}``: one input matrix, one recurrent matrix and the biases
per gate. PyTorch and Keras stack the ``G`` gate matrices into one tensor, and they
differ in one place only: PyTorch keeps two bias vectors per gate (``bias_ih`` and
``bias_hh``), Keras one (two rows for ``GRU(reset_after=True)``). That difference
is the ``bias_rows`` argument of the listings below, not a second copy of them.

The torch specs name their tensors as ``named_parameters()`` does
(``weight_ih_l0``, ``bias_hh_l1_reverse``, ``weight_hr_l0``); the Keras specs
as the weights' paths without the layer's own name (``lstm_cell/kernel``,
``forward_lstm/lstm_cell/bias``).
"""

from __future__ import annotations

import copy
import numbers
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from ._check import flag, no_other_arguments, nonnegative_int, positive_int
from ._conv import conv_output_size
from ._keras import KerasLayer, KerasWrapper, Output, Shape, keras_input_shape, renamed, snake_case
from ._tensors import Dim, Spec, Tensor, repeated

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "Bidirectional",
    "ConvLSTM1D",
    "ConvLSTM2D",
    "ConvLSTM3D",
    "GRUCell",
    "KerasGRU",
    "KerasGRUCell",
    "KerasLSTM",
    "KerasLSTMCell",
    "LSTMCell",
    "RNNCell",
    "SimpleRNN",
    "SimpleRNNCell",
    "TimeDistributed",
    "conv_lstm_tensors",
    "keras_cell_tensors",
    "torch_cell_tensors",
    "torch_stack_tensors",
]

#: Gates per cell: the number of ``(input, recurrent, bias)`` blocks stacked in each tensor.
GATES = {"RNN": 1, "GRU": 3, "LSTM": 4}

# --------------------------------------------------------------------------------------
# The tensor listings, shared by both frameworks' specs.
# --------------------------------------------------------------------------------------


def torch_cell_tensors(
    gates: int,
    input_size: Dim,
    hidden_size: Dim,
    bias: bool = True,
    suffix: str = "",
    proj_size: Dim | None = None,
) -> Iterator[Tensor]:
    """Tensors of one torch recurrent cell (or one layer and direction of a stack).

    ``weight_ih`` holds the ``gates`` input matrices, ``weight_hh`` the recurrent
    ones; each bias vector has one entry per gate row. With ``proj_size`` the
    recurrent matrices read the projected state and ``weight_hr`` projects
    ``hidden_size`` down to ``proj_size``. ``suffix`` is appended to every name
    (``"_l0"``, ``"_l1_reverse"``).
    """
    rows = gates * hidden_size
    state = hidden_size if proj_size is None else proj_size
    yield Tensor(f"weight_ih{suffix}", (rows, input_size))
    yield Tensor(f"weight_hh{suffix}", (rows, state))
    if bias:
        yield Tensor(f"bias_ih{suffix}", (rows,))
        yield Tensor(f"bias_hh{suffix}", (rows,))
    if proj_size is not None:
        yield Tensor(f"weight_hr{suffix}", (proj_size, hidden_size))


def torch_stack_tensors(
    gates: int,
    input_size: Dim,
    hidden_size: Dim,
    num_layers: Dim,
    bias: bool = True,
    bidirectional: bool = False,
    proj_size: Dim | None = None,
) -> Iterator[Tensor]:
    """Tensors of ``torch.nn.RNN`` / ``LSTM`` / ``GRU``, in ``named_parameters()`` order.

    Layer 0 reads ``input_size`` features; every later layer reads the output of
    the one below, ``D * hidden_size`` features (``D * proj_size`` with
    projections), where ``D`` is 2 for a bidirectional stack. A symbolic
    ``num_layers`` keeps the ``num_layers - 1`` upper layers as one repeated block.
    """
    directions = ("", "_reverse") if bidirectional else ("",)
    state = hidden_size if proj_size is None else proj_size

    def layer(index: Dim, reads: Dim) -> Iterator[Tensor]:
        for direction in directions:
            suffix = f"_l{index}{direction}"
            yield from torch_cell_tensors(gates, reads, hidden_size, bias, suffix, proj_size)

    yield from layer(0, input_size)
    yield from repeated(num_layers - 1, lambda k: layer(k + 1, len(directions) * state))


def keras_cell_tensors(
    gates: int,
    input_dim: Dim,
    units: Dim,
    use_bias: bool = True,
    bias_rows: int = 1,
    trainable: bool = True,
) -> Iterator[Tensor]:
    """Tensors of a Keras recurrent cell: ``kernel``, ``recurrent_kernel``, ``bias``.

    Keras stores the transposes of torch's matrices. The bias has ``bias_rows``
    rows of ``gates * units``: 1 for ``SimpleRNNCell``, ``LSTMCell`` and
    ``GRUCell(reset_after=False)``, 2 for ``GRUCell(reset_after=True)``, whose
    second row is the recurrent bias applied inside the reset gate.
    """
    columns = gates * units
    yield Tensor("kernel", (input_dim, columns), trainable=trainable)
    yield Tensor("recurrent_kernel", (units, columns), trainable=trainable)
    if use_bias:
        shape: tuple[Dim, ...] = (columns,) if bias_rows == 1 else (bias_rows, columns)
        yield Tensor("bias", shape, trainable=trainable)


def conv_lstm_tensors(
    kernel_size: Sequence[Dim],
    input_channels: Dim,
    filters: Dim,
    use_bias: bool = True,
    trainable: bool = True,
) -> Iterator[Tensor]:
    """Tensors of a Keras ``ConvLSTMCell``: the LSTM's matrices become convolution kernels.

    Each of the 4 gates convolves the input (``input_channels`` in) and the
    previous state (``filters`` in) with its own kernel of ``kernel_size``, and
    has one bias per filter.
    """
    yield Tensor("kernel", (*kernel_size, input_channels, 4 * filters), trainable=trainable)
    yield Tensor("recurrent_kernel", (*kernel_size, filters, 4 * filters), trainable=trainable)
    if use_bias:
        yield Tensor("bias", (4 * filters,), trainable=trainable)


def _in(prefix: str, tensors: Iterable[Tensor]) -> Iterator[Tensor]:
    """Rename ``tensors`` ``"{prefix}/{name}"``, as Keras paths nest a sub-layer's weights."""
    for tensor in tensors:
        yield replace(tensor, name=f"{prefix}/{tensor.name}")


# --------------------------------------------------------------------------------------
# PyTorch specs.
# --------------------------------------------------------------------------------------


def _dropout(value: object) -> float:
    """torch's check of ``dropout``: a real number in ``[0, 1]``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"dropout must be a number, got {type(value).__name__} {value!r}")
    if not 0 <= float(value) <= 1:
        raise ValueError(
            "dropout should be a number in range [0, 1] representing the probability "
            f"of an element being zeroed, got {value!r}"
        )
    return float(value)


def _no_proj_size(layer: str, kwargs: Mapping[str, object]) -> None:
    """``torch.nn.RNN`` and ``GRU`` refuse ``proj_size``; any other keyword is unknown."""
    if "proj_size" in kwargs:
        raise ValueError(
            f"proj_size argument is only supported for LSTM, not RNN or GRU "
            f"(got {layer}(proj_size={kwargs['proj_size']!r}))"
        )
    no_other_arguments(layer, kwargs, ())


class _TorchStack(Spec):
    """What ``torch.nn.RNN``, ``LSTM`` and ``GRU`` share (``torch.nn.RNNBase``)."""

    mode: str

    def _setup(
        self,
        input_size: object,
        hidden_size: object,
        num_layers: object,
        bias: object,
        batch_first: object,
        dropout: object,
        bidirectional: object,
        proj_size: object = 0,
    ) -> None:
        self.dropout = _dropout(dropout)
        self.bias = flag("bias", bias)
        self.batch_first = flag("batch_first", batch_first)
        self.bidirectional = flag("bidirectional", bidirectional)
        sizes = {
            "input_size": positive_int("input_size", input_size),
            "hidden_size": positive_int("hidden_size", hidden_size),
        }
        # One layer is a fixed structure; a stack keeps its depth as a symbol, so the
        # formula of a 3-layer LSTM is the formula of every deeper one too.
        layers = positive_int("num_layers", num_layers)
        if layers > 1:
            sizes["num_layers"] = layers
        if isinstance(proj_size, bool) or not isinstance(proj_size, int):
            kind = type(proj_size).__name__
            raise TypeError(f"proj_size must be an int, got {kind} {proj_size!r}")
        if proj_size < 0:
            raise ValueError(
                "proj_size should be a positive integer or zero to disable projections, "
                f"got {proj_size!r}"
            )
        if proj_size >= sizes["hidden_size"]:
            raise ValueError(
                "proj_size has to be smaller than hidden_size, "
                f"got proj_size={proj_size} and hidden_size={sizes['hidden_size']}"
            )
        if proj_size > 0:
            sizes["proj_size"] = proj_size
        self._sizes = sizes
        if self.dropout > 0 and layers == 1:
            warnings.warn(
                "dropout option adds dropout after all but last recurrent layer, so "
                "non-zero dropout expects num_layers greater than 1, but got "
                f"dropout={dropout} and num_layers=1",
                UserWarning,
                stacklevel=3,
            )

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return torch_stack_tensors(
            GATES[self.mode],
            sizes["input_size"],
            sizes["hidden_size"],
            sizes.get("num_layers", 1),
            self.bias,
            self.bidirectional,
            sizes.get("proj_size"),
        )


class RNN(_TorchStack):
    """``torch.nn.RNN``: ``h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)``, stacked.

    One gate: per layer and direction a ``(hidden_size, reads)`` input matrix, a
    square recurrent matrix and two bias vectors of ``hidden_size``.

    Args:
        input_size: Features of the input ``x_t`` (read by layer 0).
        hidden_size: Features of the state ``h_t``.
        num_layers: Number of stacked layers; layers from 1 on read the layer below.
        nonlinearity: ``'tanh'`` or ``'relu'``; no parameters either way.
        bias: Whether each layer has ``bias_ih`` and ``bias_hh``.
        batch_first: Layout of the input; it does not change the count.
        dropout: Dropout between layers, in ``[0, 1]``; no parameters.
        bidirectional: Whether every layer also runs backwards (``_reverse`` tensors).
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.
        **kwargs: ``proj_size`` raises ``ValueError``, as torch raises it; any other
            keyword raises ``TypeError``.

    Examples:
        >>> rnn = RNN(64, 32)
        >>> rnn.shapes
        {'weight_ih_l0': (32, 64), 'weight_hh_l0': (32, 32), 'bias_ih_l0': (32,),
         'bias_hh_l0': (32,)}
        >>> rnn.params
        3136
        >>> rnn.formula
        hidden_size**2 + hidden_size*input_size + 2*hidden_size
        >>> RNN(64, 32, num_layers=2).formula
        2*hidden_size**2*num_layers - hidden_size**2 + hidden_size*input_size
        + 2*hidden_size*num_layers
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        nonlinearity: str = "tanh",
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        device: object = None,
        dtype: object = None,
        **kwargs: object,
    ) -> None:
        _no_proj_size("RNN", kwargs)
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(
                f"Unknown nonlinearity {nonlinearity!r}. Select from 'tanh' or 'relu'."
            )
        self.mode = "RNN"
        self.nonlinearity = nonlinearity
        self._setup(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional)


class LSTM(_TorchStack):
    """``torch.nn.LSTM``: four gates (input, forget, cell, output), optionally projected.

    Per layer and direction: ``weight_ih`` ``(4·hidden_size, reads)``,
    ``weight_hh`` ``(4·hidden_size, state)``, ``bias_ih`` and ``bias_hh``
    ``(4·hidden_size,)``, and with ``proj_size > 0`` also ``weight_hr``
    ``(proj_size, hidden_size)``. ``state`` is ``proj_size`` when it is set,
    else ``hidden_size``.

    Args:
        input_size: Features of the input ``x_t`` (read by layer 0).
        hidden_size: Features of the cell state ``c_t`` (and of ``h_t`` unprojected).
        num_layers: Number of stacked layers.
        bias: Whether each layer has ``bias_ih`` and ``bias_hh``.
        batch_first: Layout of the input; it does not change the count.
        dropout: Dropout between layers, in ``[0, 1]``; no parameters.
        bidirectional: Whether every layer also runs backwards (``_reverse`` tensors).
        proj_size: If ``> 0``, ``h_t`` is projected to ``proj_size`` features;
            must be smaller than ``hidden_size``.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Examples:
        >>> lstm = LSTM(4096, 256)
        >>> lstm.params
        4458496
        >>> lstm.formula
        4*hidden_size**2 + 4*hidden_size*input_size + 8*hidden_size
        >>> LSTM(64, 32, proj_size=16).shapes
        {'weight_ih_l0': (128, 64), 'weight_hh_l0': (128, 16), 'bias_ih_l0': (128,),
         'bias_hh_l0': (128,), 'weight_hr_l0': (16, 32)}
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        proj_size: int = 0,
        device: object = None,
        dtype: object = None,
    ) -> None:
        self.mode = "LSTM"
        self._setup(
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            proj_size,
        )


class GRU(_TorchStack):
    """``torch.nn.GRU``: three gates (reset, update, new), stacked.

    Per layer and direction: ``weight_ih`` ``(3·hidden_size, reads)``,
    ``weight_hh`` ``(3·hidden_size, hidden_size)``, ``bias_ih`` and ``bias_hh``
    ``(3·hidden_size,)``. The new gate's ``b_hn`` sits inside the reset product,
    ``r ⊙ (W_hn h + b_hn)``, so the two biases are not redundant there.

    Args:
        input_size: Features of the input ``x_t`` (read by layer 0).
        hidden_size: Features of the state ``h_t``.
        num_layers: Number of stacked layers.
        bias: Whether each layer has ``bias_ih`` and ``bias_hh``.
        batch_first: Layout of the input; it does not change the count.
        dropout: Dropout between layers, in ``[0, 1]``; no parameters.
        bidirectional: Whether every layer also runs backwards (``_reverse`` tensors).
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.
        **kwargs: ``proj_size`` raises ``ValueError``, as torch raises it; any other
            keyword raises ``TypeError``.

    Examples:
        >>> gru = GRU(16, 8, bidirectional=True)
        >>> list(gru.shapes)
        ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0',
         'weight_ih_l0_reverse', 'weight_hh_l0_reverse', 'bias_ih_l0_reverse', 'bias_hh_l0_reverse']
        >>> gru.params
        1248
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        device: object = None,
        dtype: object = None,
        **kwargs: object,
    ) -> None:
        _no_proj_size("GRU", kwargs)
        self.mode = "GRU"
        self._setup(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional)


class _TorchCell(Spec):
    """What ``torch.nn.RNNCell``, ``LSTMCell`` and ``GRUCell`` share."""

    gates: int

    def _setup(self, input_size: object, hidden_size: object, bias: object) -> None:
        # torch builds cells with empty sizes, so zero is allowed here.
        self._sizes = {
            "input_size": nonnegative_int("input_size", input_size),
            "hidden_size": nonnegative_int("hidden_size", hidden_size),
        }
        self.bias = flag("bias", bias)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return torch_cell_tensors(self.gates, sizes["input_size"], sizes["hidden_size"], self.bias)


class RNNCell(_TorchCell):
    """``torch.nn.RNNCell``: one step of :class:`RNN`, without the layer suffixes.

    Args:
        input_size: Features of the input ``x``.
        hidden_size: Features of the state ``h``.
        bias: Whether the cell has ``bias_ih`` and ``bias_hh``.
        nonlinearity: ``'tanh'`` or ``'relu'``; no parameters. Like torch, the
            cell does not check it when it is built.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Examples:
        >>> cell = RNNCell(10, 20)
        >>> cell.shapes
        {'weight_ih': (20, 10), 'weight_hh': (20, 20), 'bias_ih': (20,), 'bias_hh': (20,)}
        >>> cell.params
        640
    """

    gates = GATES["RNN"]

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        nonlinearity: str = "tanh",
        device: object = None,
        dtype: object = None,
    ) -> None:
        self.nonlinearity = nonlinearity
        self._setup(input_size, hidden_size, bias)


class LSTMCell(_TorchCell):
    """``torch.nn.LSTMCell``: one step of :class:`LSTM` (four gates, no projection).

    Args:
        input_size: Features of the input ``x``.
        hidden_size: Features of the states ``h`` and ``c``.
        bias: Whether the cell has ``bias_ih`` and ``bias_hh``.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Examples:
        >>> LSTMCell(10, 20).params
        2560
        >>> LSTMCell(10, 20).formula
        4*hidden_size**2 + 4*hidden_size*input_size + 8*hidden_size
    """

    gates = GATES["LSTM"]

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        device: object = None,
        dtype: object = None,
    ) -> None:
        self._setup(input_size, hidden_size, bias)


class GRUCell(_TorchCell):
    """``torch.nn.GRUCell``: one step of :class:`GRU` (three gates).

    Args:
        input_size: Features of the input ``x``.
        hidden_size: Features of the state ``h``.
        bias: Whether the cell has ``bias_ih`` and ``bias_hh``.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Examples:
        >>> GRUCell(10, 20).params
        1920
        >>> GRUCell(10, 20, bias=False).shapes
        {'weight_ih': (60, 10), 'weight_hh': (60, 20)}
    """

    gates = GATES["GRU"]

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        device: object = None,
        dtype: object = None,
    ) -> None:
        self._setup(input_size, hidden_size, bias)


# --------------------------------------------------------------------------------------
# Keras specs.
# --------------------------------------------------------------------------------------


def _shape(value: object, axes: int, what: str) -> tuple[int | None, ...]:
    """Check an ``input_shape`` of ``axes`` axes: positive ints, ``None`` for free axes."""
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != axes:
        raise ValueError(f"input_shape must be {what} ({axes} axes), got {value!r}")
    return tuple(
        None if size is None else positive_int(f"input_shape[{k}]", size)
        for k, size in enumerate(value)
    )


def _fixed(input_shape: tuple[int | None, ...], axis: int, what: str) -> int:
    size = input_shape[axis]
    if size is None:
        raise ValueError(f"input_shape must fix its {what} axis, got {input_shape!r}")
    return size


class _KerasSpec(KerasLayer):
    """A Keras layer's spec: knows its input only once ``input_shape`` is given."""

    layer_name: str
    #: The keys of ``_sizes`` that come from the constructor (the rest from the input).
    _own: tuple[str, ...]

    def _keras_setup(
        self,
        own: dict[str, int],
        input_shape: object,
        given: Mapping[str, object],
        allowed: Iterable[str],
    ) -> None:
        self._keras_init(given, input_shape, allowed)
        self.layer_name = self.name or self._default_name()
        self._own = tuple(own)
        self._own_sizes = own
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self.input_shape = self._check_input(input_shape)
        self._sizes = {**self._own_sizes, **self._input_sizes(self.input_shape)}

    def _default_name(self) -> str:
        raise NotImplementedError

    def _check_input(self, input_shape: object) -> tuple[int | None, ...]:
        raise NotImplementedError

    def _input_sizes(self, input_shape: tuple[int | None, ...]) -> dict[str, int]:
        raise NotImplementedError

    def _weights(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        raise NotImplementedError

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return self._weights(sizes)

    def _copy(self, input_shape: object, **changes: object) -> _KerasSpec:
        """A copy for ``input_shape`` with some attributes changed (used by Bidirectional)."""
        other = copy.copy(self)
        for key, value in changes.items():
            setattr(other, key, value)
        return other._built_on(input_shape)  # type: ignore[arg-type]


class _KerasCell(_KerasSpec):
    """``SimpleRNNCell``, ``LSTMCell``, ``GRUCell``: ``input_shape`` is ``(features,)``.

    A cell is called on one step and the states, so it cannot sit in a
    ``Sequential``; its output is ``(units,)``.
    """

    _call = "several"
    gates: int
    bias_rows: int = 1

    def _output(self) -> Output:
        return (self._sizes["units"],)

    def _cell_setup(
        self,
        units: object,
        use_bias: object,
        input_shape: object,
        given: Mapping[str, object],
        allowed: Iterable[str] = (),
    ) -> None:
        self.use_bias = flag("use_bias", use_bias)
        self._keras_setup({"units": positive_int("units", units)}, input_shape, given, allowed)

    def _check_input(self, input_shape: object) -> tuple[int | None, ...]:
        return _shape(input_shape, 1, "(features,)")

    def _input_sizes(self, input_shape: tuple[int | None, ...]) -> dict[str, int]:
        return {"input_dim": _fixed(input_shape, -1, "features")}

    def _weights(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return keras_cell_tensors(
            self.gates,
            sizes["input_dim"],
            sizes["units"],
            self.use_bias,
            self.bias_rows,
            self.trainable,
        )


class _KerasRecurrent(_KerasSpec):
    """A Keras ``RNN`` layer around one cell; its weights are the cell's."""

    cell_name: str
    go_backwards: bool
    return_sequences: bool
    return_state: bool
    stateful: bool

    def _layer_setup(
        self,
        own: dict[str, int],
        flags: Mapping[str, object],
        input_shape: object,
        given: Mapping[str, object],
        allowed: Iterable[str] = (),
    ) -> None:
        for key, value in flags.items():
            setattr(self, key, flag(key, value))
        self._keras_setup(own, input_shape, given, {"zero_output_for_mask", *allowed})

    def _cell_weights(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        raise NotImplementedError

    def _weights(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return _in(self.cell_name, self._cell_weights(sizes))

    def _step_output(self) -> Shape:
        """The output of one step, which is also the shape of each state."""
        raise NotImplementedError

    #: How many states the layer returns with ``return_state=True``.
    _states = 1

    def _output(self) -> Output:
        assert self.input_shape is not None
        step = self._step_output()
        output = (self.input_shape[0], *step) if self.return_sequences else step
        if self.return_state:
            return [output, *([step] * self._states)]
        return output


class _KerasSequenceLayer(_KerasRecurrent):
    """``SimpleRNN``, ``LSTM``, ``GRU``: ``input_shape`` is ``(timesteps, features)``."""

    gates: int
    use_bias: bool
    bias_rows: int = 1

    def _sequence_setup(
        self,
        units: object,
        use_bias: object,
        flags: Mapping[str, object],
        input_shape: object,
        given: Mapping[str, object],
        allowed: Iterable[str] = (),
    ) -> None:
        self.use_bias = flag("use_bias", use_bias)
        own = {"units": positive_int("units", units)}
        self._layer_setup(own, flags, input_shape, given, allowed)

    def _check_input(self, input_shape: object) -> tuple[int | None, ...]:
        return _shape(input_shape, 2, "(timesteps, features)")

    def _input_sizes(self, input_shape: tuple[int | None, ...]) -> dict[str, int]:
        return {"input_dim": _fixed(input_shape, -1, "features")}

    def _step_output(self) -> Shape:
        return (self._sizes["units"],)

    def _cell_weights(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return keras_cell_tensors(
            self.gates,
            sizes["input_dim"],
            sizes["units"],
            self.use_bias,
            self.bias_rows,
            self.trainable,
        )


def _use_cudnn(value: object) -> None:
    if not any(value is choice for choice in (True, False)) and value != "auto":
        raise ValueError(
            "Invalid value received for argument `use_cudnn`. Expected one of "
            f"{{'auto', True, False}}. Received: use_cudnn={value!r}"
        )


class SimpleRNN(_KerasSequenceLayer):
    """``keras.layers.SimpleRNN``: ``h_t = tanh(x_t · kernel + h_{t-1} · recurrent_kernel + bias)``.

    Its weights are those of its ``simple_rnn_cell``: ``kernel`` ``(input_dim,
    units)``, ``recurrent_kernel`` ``(units, units)`` and one ``bias`` ``(units,)``.
    The layer returns ``h_t`` itself; an output matrix on top of it is a separate
    ``Dense`` layer.

    Args:
        units: Features of the state ``h_t``.
        activation: Accepted; no parameters.
        use_bias: Whether the cell has ``bias``.
        kernel_initializer: Accepted; it does not change the count.
        recurrent_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        kernel_regularizer: Accepted; it does not change the count.
        recurrent_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        recurrent_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        dropout: Accepted; dropout has no parameters.
        recurrent_dropout: Accepted; dropout has no parameters.
        return_sequences: Accepted (checked by :class:`Bidirectional`).
        return_state: Accepted (checked by :class:`Bidirectional`).
        go_backwards: Accepted (checked by :class:`Bidirectional`).
        stateful: Accepted; the carried states are not weights.
        unroll: Accepted; it does not change the count.
        seed: Accepted; it does not change the count.
        input_shape: ``(timesteps, features)`` of one sample, batch excluded;
            ``features`` is the ``input_dim`` of the formula, ``timesteps`` may be
            ``None``.
        **kwargs: ``name``, ``trainable``, ``dtype``, ``autocast`` and
            ``zero_output_for_mask``, as Keras takes them; ``trainable=False``
            makes every weight non-trainable.

    Examples:
        >>> rnn = SimpleRNN(32, input_shape=(None, 64))
        >>> rnn.shapes
        {'simple_rnn_cell/kernel': (64, 32), 'simple_rnn_cell/recurrent_kernel': (32, 32),
         'simple_rnn_cell/bias': (32,)}
        >>> rnn.params
        3104
        >>> rnn.formula
        input_dim*units + units**2 + units
    """

    gates = GATES["RNN"]
    cell_name = "simple_rnn_cell"

    def __init__(
        self,
        units: int,
        activation: object = "tanh",
        use_bias: bool = True,
        kernel_initializer: object = "glorot_uniform",
        recurrent_initializer: object = "orthogonal",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        recurrent_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        recurrent_constraint: object = None,
        bias_constraint: object = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        seed: object = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        flags = {
            "return_sequences": return_sequences,
            "return_state": return_state,
            "go_backwards": go_backwards,
            "stateful": stateful,
        }
        self._sequence_setup(units, use_bias, flags, input_shape, kwargs)

    def _default_name(self) -> str:
        return "simple_rnn"


class KerasLSTM(_KerasSequenceLayer):
    """``keras.layers.LSTM``: four gates (input, forget, cell, output).

    Its weights are those of its ``lstm_cell``: ``kernel`` ``(input_dim,
    4·units)``, ``recurrent_kernel`` ``(units, 4·units)`` and one ``bias``
    ``(4·units,)``.

    Args:
        units: Features of the states ``h_t`` and ``c_t``.
        activation: Accepted; no parameters.
        recurrent_activation: Accepted; no parameters.
        use_bias: Whether the cell has ``bias``.
        kernel_initializer: Accepted; it does not change the count.
        recurrent_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        unit_forget_bias: Accepted; it sets initial values, not the count.
        kernel_regularizer: Accepted; it does not change the count.
        recurrent_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        recurrent_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        dropout: Accepted; dropout has no parameters.
        recurrent_dropout: Accepted; dropout has no parameters.
        seed: Accepted; it does not change the count.
        return_sequences: Accepted (checked by :class:`Bidirectional`).
        return_state: Accepted (checked by :class:`Bidirectional`).
        go_backwards: Accepted (checked by :class:`Bidirectional`).
        stateful: Accepted; the carried states are not weights.
        unroll: Accepted; it does not change the count.
        use_cudnn: ``'auto'``, ``True`` or ``False``; it does not change the count.
        input_shape: ``(timesteps, features)`` of one sample, batch excluded;
            ``features`` is the ``input_dim`` of the formula.
        **kwargs: ``name``, ``trainable``, ``dtype``, ``autocast``,
            ``zero_output_for_mask`` and ``implementation``, as Keras takes them.

    Examples:
        >>> from paramref import layers
        >>> lstm = layers.LSTM(256, input_shape=(16, 4096))
        >>> lstm.params
        4457472
        >>> lstm.formula
        4*input_dim*units + 4*units**2 + 4*units
        >>> lstm.shapes["lstm_cell/bias"]
        (1024,)
    """

    gates = GATES["LSTM"]
    cell_name = "lstm_cell"
    _states = 2

    def __init__(
        self,
        units: int,
        activation: object = "tanh",
        recurrent_activation: object = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: object = "glorot_uniform",
        recurrent_initializer: object = "orthogonal",
        bias_initializer: object = "zeros",
        unit_forget_bias: object = True,
        kernel_regularizer: object = None,
        recurrent_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        recurrent_constraint: object = None,
        bias_constraint: object = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: object = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        use_cudnn: object = "auto",
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        _use_cudnn(use_cudnn)
        flags = {
            "return_sequences": return_sequences,
            "return_state": return_state,
            "go_backwards": go_backwards,
            "stateful": stateful,
        }
        self._sequence_setup(units, use_bias, flags, input_shape, kwargs, {"implementation"})

    def _default_name(self) -> str:
        return "lstm"


class KerasGRU(_KerasSequenceLayer):
    """``keras.layers.GRU``: three gates (update, reset, candidate).

    Its weights are those of its ``gru_cell``: ``kernel`` ``(input_dim,
    3·units)``, ``recurrent_kernel`` ``(units, 3·units)`` and ``bias``: with
    ``reset_after=True`` (the default, cuDNN's convention) two rows,
    ``(2, 3·units)``, the second being the recurrent bias applied before the
    reset gate multiplies; with ``reset_after=False`` one row, ``(3·units,)``.

    Args:
        units: Features of the state ``h_t``.
        activation: Accepted; no parameters.
        recurrent_activation: Accepted; no parameters.
        use_bias: Whether the cell has ``bias``.
        kernel_initializer: Accepted; it does not change the count.
        recurrent_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        kernel_regularizer: Accepted; it does not change the count.
        recurrent_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        recurrent_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        dropout: Accepted; dropout has no parameters.
        recurrent_dropout: Accepted; dropout has no parameters.
        seed: Accepted; it does not change the count.
        return_sequences: Accepted (checked by :class:`Bidirectional`).
        return_state: Accepted (checked by :class:`Bidirectional`).
        go_backwards: Accepted (checked by :class:`Bidirectional`).
        stateful: Accepted; the carried states are not weights.
        unroll: Accepted; it does not change the count.
        reset_after: Whether the reset gate is applied after the recurrent
            matrix product; ``True`` adds the second bias row.
        use_cudnn: ``'auto'``, ``True`` or ``False``; it does not change the count.
        input_shape: ``(timesteps, features)`` of one sample, batch excluded.
        **kwargs: ``name``, ``trainable``, ``dtype``, ``autocast``,
            ``zero_output_for_mask`` and ``implementation``, as Keras takes them.

    Examples:
        >>> from paramref import layers
        >>> layers.GRU(32, input_shape=(None, 64)).params
        9408
        >>> layers.GRU(32, reset_after=False, input_shape=(None, 64)).params
        9312
        >>> layers.GRU(32, input_shape=(None, 64)).shapes["gru_cell/bias"]
        (2, 96)
    """

    gates = GATES["GRU"]
    cell_name = "gru_cell"

    def __init__(
        self,
        units: int,
        activation: object = "tanh",
        recurrent_activation: object = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: object = "glorot_uniform",
        recurrent_initializer: object = "orthogonal",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        recurrent_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        recurrent_constraint: object = None,
        bias_constraint: object = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: object = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        reset_after: bool = True,
        use_cudnn: object = "auto",
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        _use_cudnn(use_cudnn)
        self.reset_after = flag("reset_after", reset_after)
        self.bias_rows = 2 if self.reset_after else 1
        flags = {
            "return_sequences": return_sequences,
            "return_state": return_state,
            "go_backwards": go_backwards,
            "stateful": stateful,
        }
        self._sequence_setup(units, use_bias, flags, input_shape, kwargs, {"implementation"})

    def _default_name(self) -> str:
        return "gru"


class SimpleRNNCell(_KerasCell):
    """``keras.layers.SimpleRNNCell``: one step of :class:`SimpleRNN`.

    Args:
        units: Features of the state.
        activation: Accepted; no parameters.
        use_bias: Whether the cell has ``bias``.
        kernel_initializer: Accepted; it does not change the count.
        recurrent_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        kernel_regularizer: Accepted; it does not change the count.
        recurrent_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        recurrent_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        dropout: Accepted; dropout has no parameters.
        recurrent_dropout: Accepted; dropout has no parameters.
        seed: Accepted; it does not change the count.
        input_shape: ``(features,)``: one time step of one sample.
        **kwargs: ``name``, ``trainable``, ``dtype``, ``autocast`` and
            ``activity_regularizer``, as Keras takes them.

    Examples:
        >>> SimpleRNNCell(4, input_shape=(3,)).shapes
        {'kernel': (3, 4), 'recurrent_kernel': (4, 4), 'bias': (4,)}
    """

    gates = GATES["RNN"]

    def __init__(
        self,
        units: int,
        activation: object = "tanh",
        use_bias: bool = True,
        kernel_initializer: object = "glorot_uniform",
        recurrent_initializer: object = "orthogonal",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        recurrent_regularizer: object = None,
        bias_regularizer: object = None,
        kernel_constraint: object = None,
        recurrent_constraint: object = None,
        bias_constraint: object = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: object = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._cell_setup(units, use_bias, input_shape, kwargs)

    def _default_name(self) -> str:
        return "simple_rnn_cell"


class KerasLSTMCell(_KerasCell):
    """``keras.layers.LSTMCell``: one step of ``LSTM``.

    Args:
        units: Features of the states.
        activation: Accepted; no parameters.
        recurrent_activation: Accepted; no parameters.
        use_bias: Whether the cell has ``bias``.
        kernel_initializer: Accepted; it does not change the count.
        recurrent_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        unit_forget_bias: Accepted; it sets initial values, not the count.
        kernel_regularizer: Accepted; it does not change the count.
        recurrent_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        recurrent_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        dropout: Accepted; dropout has no parameters.
        recurrent_dropout: Accepted; dropout has no parameters.
        seed: Accepted; it does not change the count.
        input_shape: ``(features,)``: one time step of one sample.
        **kwargs: ``name``, ``trainable``, ``dtype``, ``autocast``,
            ``activity_regularizer`` and ``implementation``, as Keras takes them.

    Examples:
        >>> from paramref import layers
        >>> layers.LSTMCell(4, input_shape=(3,)).shapes
        {'kernel': (3, 16), 'recurrent_kernel': (4, 16), 'bias': (16,)}
    """

    gates = GATES["LSTM"]

    def __init__(
        self,
        units: int,
        activation: object = "tanh",
        recurrent_activation: object = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: object = "glorot_uniform",
        recurrent_initializer: object = "orthogonal",
        bias_initializer: object = "zeros",
        unit_forget_bias: object = True,
        kernel_regularizer: object = None,
        recurrent_regularizer: object = None,
        bias_regularizer: object = None,
        kernel_constraint: object = None,
        recurrent_constraint: object = None,
        bias_constraint: object = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: object = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._cell_setup(units, use_bias, input_shape, kwargs, {"implementation"})

    def _default_name(self) -> str:
        return "lstm_cell"


class KerasGRUCell(_KerasCell):
    """``keras.layers.GRUCell``: one step of ``GRU``.

    Args:
        units: Features of the state.
        activation: Accepted; no parameters.
        recurrent_activation: Accepted; no parameters.
        use_bias: Whether the cell has ``bias``.
        kernel_initializer: Accepted; it does not change the count.
        recurrent_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        kernel_regularizer: Accepted; it does not change the count.
        recurrent_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        recurrent_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        dropout: Accepted; dropout has no parameters.
        recurrent_dropout: Accepted; dropout has no parameters.
        reset_after: ``True`` gives ``bias`` two rows, ``(2, 3·units)``.
        seed: Accepted; it does not change the count.
        input_shape: ``(features,)``: one time step of one sample.
        **kwargs: ``name``, ``trainable``, ``dtype``, ``autocast``,
            ``activity_regularizer`` and ``implementation``, as Keras takes them.

    Examples:
        >>> from paramref import layers
        >>> layers.GRUCell(4, input_shape=(3,)).shapes
        {'kernel': (3, 12), 'recurrent_kernel': (4, 12), 'bias': (2, 12)}
        >>> layers.GRUCell(4, reset_after=False, input_shape=(3,)).shapes["bias"]
        (12,)
    """

    gates = GATES["GRU"]

    def __init__(
        self,
        units: int,
        activation: object = "tanh",
        recurrent_activation: object = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: object = "glorot_uniform",
        recurrent_initializer: object = "orthogonal",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        recurrent_regularizer: object = None,
        bias_regularizer: object = None,
        kernel_constraint: object = None,
        recurrent_constraint: object = None,
        bias_constraint: object = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        reset_after: bool = True,
        seed: object = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self.reset_after = flag("reset_after", reset_after)
        self.bias_rows = 2 if self.reset_after else 1
        self._cell_setup(units, use_bias, input_shape, kwargs, {"implementation"})

    def _default_name(self) -> str:
        return "gru_cell"


def _int_tuple(name: str, value: object, rank: int, allow_zero: bool = False) -> tuple[int, ...]:
    """Keras's ``standardize_tuple``: an int or ``rank`` ints, positive (or >= 0)."""
    check: Callable[[str, object], int] = nonnegative_int if allow_zero else positive_int
    if isinstance(value, int) and not isinstance(value, bool):
        return (check(name, value),) * rank
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != rank:
        raise ValueError(f"The `{name}` argument must be a tuple of {rank} integers, got {value!r}")
    return tuple(check(f"{name}[{k}]", v) for k, v in enumerate(value))


class _ConvLSTM(_KerasRecurrent):
    """``keras.layers.ConvLSTM1D/2D/3D``: an LSTM whose matrix products are convolutions."""

    rank: int
    cell_name = "conv_lstm_cell"
    _states = 2

    def _conv_setup(
        self,
        filters: object,
        kernel_size: object,
        strides: object,
        padding: object,
        data_format: object,
        dilation_rate: object,
        use_bias: object,
        flags: Mapping[str, object],
        input_shape: object,
        given: Mapping[str, object],
    ) -> None:
        kernel = _int_tuple("kernel_size", kernel_size, self.rank)
        stride = _int_tuple("strides", strides, self.rank, allow_zero=True)
        dilation = _int_tuple("dilation_rate", dilation_rate, self.rank)
        if max(stride) > 1 and max(dilation) > 1:
            raise ValueError(
                "Specifying `strides > 1` is not compatible with `dilation_rate > 1`, "
                f"got strides={stride} and dilation_rate={dilation}"
            )
        if not isinstance(padding, list | tuple) and (
            not isinstance(padding, str) or padding.lower() not in ("valid", "same")
        ):
            raise ValueError(
                f"The `padding` argument must be a list/tuple or one of 'valid', 'same', "
                f"got {padding!r}"
            )
        if data_format is None:
            data_format = "channels_last"
        if not isinstance(data_format, str) or data_format.lower() not in (
            "channels_last",
            "channels_first",
        ):
            raise ValueError(
                "The `data_format` argument must be one of 'channels_first', "
                f"'channels_last', got {data_format!r}"
            )
        self.data_format = data_format.lower()
        self.use_bias = flag("use_bias", use_bias)
        self.kernel_size = kernel
        self.strides = stride
        self.dilation_rate = dilation
        self.padding = padding.lower() if isinstance(padding, str) else padding
        own = {"filters": nonnegative_int("filters", filters)}
        # One symbol per kernel axis, as on the convolution page.
        self._kernel_keys = tuple(f"kernel_size_{k}" for k in range(self.rank))
        own.update(zip(self._kernel_keys, kernel, strict=True))
        self._layer_setup(own, flags, input_shape, given, {"unroll"})

    def _check_input(self, input_shape: object) -> tuple[int | None, ...]:
        rank = self.rank
        spatial = ", ".join(f"dim{k + 1}" for k in range(rank))
        layout = (
            f"(timesteps, channels, {spatial})"
            if self.data_format == "channels_first"
            else f"(timesteps, {spatial}, channels)"
        )
        shape = _shape(input_shape, rank + 2, layout)
        first = 2 if self.data_format == "channels_first" else 1
        for axis in range(first, first + rank):
            _fixed(shape, axis, "spatial")
        return shape

    def _input_sizes(self, input_shape: tuple[int | None, ...]) -> dict[str, int]:
        axis = 1 if self.data_format == "channels_first" else -1
        return {"input_channels": _fixed(input_shape, axis, "channels")}

    def _step_output(self) -> Shape:
        assert self.input_shape is not None
        first = self.data_format == "channels_first"
        step = self.input_shape[1:]
        spatial = step[1:] if first else step[:-1]
        if self.padding not in ("valid", "same"):
            raise ValueError(f"`padding` must be either 'valid' or 'same', got {self.padding!r}")
        if 0 in self.strides:
            raise ValueError(f"strides must be positive to compute the output, got {self.strides}")
        sizes = []
        for axis, size in enumerate(spatial):
            out = conv_output_size(
                size,
                self.kernel_size[axis],
                self.strides[axis],
                self.dilation_rate[axis],
                str(self.padding),
            )
            if out is not None and out <= 0:
                raise ValueError(
                    "Computed output size would be zero or negative: input_shape "
                    f"{self.input_shape!r}, kernel_size={self.kernel_size}, "
                    f"strides={self.strides}, dilation_rate={self.dilation_rate}, "
                    f"padding={self.padding!r}"
                )
            sizes.append(out)
        filters = self._sizes["filters"]
        return (filters, *sizes) if first else (*sizes, filters)

    def _cell_weights(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return conv_lstm_tensors(
            [sizes[key] for key in self._kernel_keys],
            sizes["input_channels"],
            sizes["filters"],
            self.use_bias,
            self.trainable,
        )

    def _default_name(self) -> str:
        return f"conv_lstm{self.rank}d"

    def __init__(
        self,
        filters: int,
        kernel_size: int | Sequence[int],
        strides: int | Sequence[int] = 1,
        padding: object = "valid",
        data_format: str | None = None,
        dilation_rate: int | Sequence[int] = 1,
        activation: object = "tanh",
        recurrent_activation: object = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: object = "glorot_uniform",
        recurrent_initializer: object = "orthogonal",
        bias_initializer: object = "zeros",
        unit_forget_bias: object = True,
        kernel_regularizer: object = None,
        recurrent_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        recurrent_constraint: object = None,
        bias_constraint: object = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: object = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._conv_setup(
            filters,
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            use_bias,
            {
                "return_sequences": return_sequences,
                "return_state": return_state,
                "go_backwards": go_backwards,
                "stateful": stateful,
            },
            input_shape,
            kwargs,
        )


class ConvLSTM1D(_ConvLSTM):
    """``keras.layers.ConvLSTM1D``: :class:`ConvLSTM2D` on sequences of 1-D signals.

    ``kernel`` is ``(kernel_size, input_channels, 4·filters)``, ``recurrent_kernel``
    ``(kernel_size, filters, 4·filters)``, ``bias`` ``(4·filters,)``.

    Args:
        filters: Channels of the state.
        kernel_size: An int or a tuple of 1 int; the symbol ``kernel_size_0``.
        strides: As in :class:`ConvLSTM2D`, with 1 int.
        padding: As in :class:`ConvLSTM2D`.
        data_format: As in :class:`ConvLSTM2D`.
        dilation_rate: As in :class:`ConvLSTM2D`, with 1 int.
        activation: Accepted; no parameters.
        recurrent_activation: Accepted; no parameters.
        use_bias: Whether the cell has ``bias``.
        kernel_initializer: Accepted; it does not change the count.
        recurrent_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        unit_forget_bias: Accepted; it sets initial values, not the count.
        kernel_regularizer: Accepted; it does not change the count.
        recurrent_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        recurrent_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        dropout: Accepted; dropout has no parameters.
        recurrent_dropout: Accepted; dropout has no parameters.
        seed: Accepted; it does not change the count.
        return_sequences: Accepted (checked by ``Bidirectional``).
        return_state: Accepted (checked by ``Bidirectional``).
        go_backwards: Accepted (checked by ``Bidirectional``).
        stateful: Accepted; the carried states are not weights.
        input_shape: ``(timesteps, steps, channels)`` of one sample, batch
            excluded (``(timesteps, channels, steps)`` with ``channels_first``).
        **kwargs: As in :class:`ConvLSTM2D`.

    Examples:
        >>> layer = ConvLSTM1D(4, 3, input_shape=(10, 8, 2))
        >>> layer.shapes
        {'conv_lstm_cell/kernel': (3, 2, 16), 'conv_lstm_cell/recurrent_kernel': (3, 4, 16),
         'conv_lstm_cell/bias': (16,)}
        >>> layer.params
        304
    """

    rank = 1


class ConvLSTM2D(_ConvLSTM):
    """``keras.layers.ConvLSTM2D``: an LSTM whose four gates convolve images.

    Its weights are those of its ``conv_lstm_cell``: ``kernel``
    ``(*kernel_size, input_channels, 4·filters)``, ``recurrent_kernel``
    ``(*kernel_size, filters, 4·filters)`` and ``bias`` ``(4·filters,)``. The
    spatial size of the input, the strides, the padding and the dilation change
    the output's size, not the count.

    Args:
        filters: Channels of the state (``filters`` in the formula).
        kernel_size: An int or 2 ints; the symbols ``kernel_size_0`` and
            ``kernel_size_1``.
        strides: An int or 2 ints, ``>= 0``; it does not change the count.
        padding: ``'valid'`` or ``'same'``; it does not change the count.
        data_format: ``'channels_last'`` (what ``None`` means, Keras's default
            image data format) or ``'channels_first'``: which axis of
            ``input_shape`` holds the channels.
        dilation_rate: An int or 2 ints; not together with ``strides > 1``.
        activation: Accepted; no parameters.
        recurrent_activation: Accepted; no parameters.
        use_bias: Whether the cell has ``bias``.
        kernel_initializer: Accepted; it does not change the count.
        recurrent_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        unit_forget_bias: Accepted; it sets initial values, not the count.
        kernel_regularizer: Accepted; it does not change the count.
        recurrent_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        recurrent_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        dropout: Accepted; dropout has no parameters.
        recurrent_dropout: Accepted; dropout has no parameters.
        seed: Accepted; it does not change the count.
        return_sequences: Accepted (checked by ``Bidirectional``).
        return_state: Accepted (checked by ``Bidirectional``).
        go_backwards: Accepted (checked by ``Bidirectional``).
        stateful: Accepted; the carried states are not weights.
        input_shape: ``(timesteps, rows, cols, channels)`` of one sample, batch
            excluded (``(timesteps, channels, rows, cols)`` with
            ``channels_first``); ``rows`` and ``cols`` must be fixed,
            ``timesteps`` may be ``None``.
        **kwargs: ``name``, ``trainable``, ``dtype``, ``autocast``,
            ``zero_output_for_mask`` and ``unroll``, as Keras takes them.

    Examples:
        >>> layer = ConvLSTM2D(4, 3, input_shape=(10, 8, 8, 2))
        >>> layer.params
        880
        >>> layer.formula
        4*filters**2*kernel_size_0*kernel_size_1
        + 4*filters*input_channels*kernel_size_0*kernel_size_1 + 4*filters
    """

    rank = 2


class ConvLSTM3D(_ConvLSTM):
    """``keras.layers.ConvLSTM3D``: :class:`ConvLSTM2D` on sequences of volumes.

    ``kernel`` is ``(*kernel_size, input_channels, 4·filters)``, ``recurrent_kernel``
    ``(*kernel_size, filters, 4·filters)``, ``bias`` ``(4·filters,)``.

    Args:
        filters: Channels of the state.
        kernel_size: An int or 3 ints; the symbols ``kernel_size_0`` to ``kernel_size_2``.
        strides: As in :class:`ConvLSTM2D`, with 3 ints.
        padding: As in :class:`ConvLSTM2D`.
        data_format: As in :class:`ConvLSTM2D`.
        dilation_rate: As in :class:`ConvLSTM2D`, with 3 ints.
        activation: Accepted; no parameters.
        recurrent_activation: Accepted; no parameters.
        use_bias: Whether the cell has ``bias``.
        kernel_initializer: Accepted; it does not change the count.
        recurrent_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        unit_forget_bias: Accepted; it sets initial values, not the count.
        kernel_regularizer: Accepted; it does not change the count.
        recurrent_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; it does not change the count.
        recurrent_constraint: Accepted; it does not change the count.
        bias_constraint: Accepted; it does not change the count.
        dropout: Accepted; dropout has no parameters.
        recurrent_dropout: Accepted; dropout has no parameters.
        seed: Accepted; it does not change the count.
        return_sequences: Accepted (checked by ``Bidirectional``).
        return_state: Accepted (checked by ``Bidirectional``).
        go_backwards: Accepted (checked by ``Bidirectional``).
        stateful: Accepted; the carried states are not weights.
        input_shape: ``(timesteps, dim1, dim2, dim3, channels)`` of one sample,
            batch excluded (channels second with ``channels_first``).
        **kwargs: As in :class:`ConvLSTM2D`.

    Examples:
        >>> ConvLSTM3D(4, (3, 3, 1), input_shape=(None, 8, 8, 8, 2)).params
        880
    """

    rank = 3


_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


class Bidirectional(_KerasSpec):
    """``keras.layers.Bidirectional``: a forward and a backward copy of a recurrent layer.

    Keras copies ``layer`` twice, as ``forward_<name>`` and ``backward_<name>``
    (the backward copy reads the sequence reversed), so the count is twice the
    layer's. With ``backward_layer`` the backward direction is that layer
    instead, under its own name, and the count is the sum of the two. The merge
    mode only combines the outputs: it adds no weights.

    In the formula, the sizes of an explicit ``backward_layer`` get the prefix
    ``backward_`` (``backward_units``); the input's sizes are shared.

    Args:
        layer: A paramref Keras recurrent spec (:class:`SimpleRNN`, ``LSTM``,
            ``GRU``, ``ConvLSTM1D/2D/3D``), built with its ``input_shape``.
        merge_mode: ``'concat'``, ``'sum'``, ``'mul'``, ``'ave'`` or ``None``;
            no weights.
        weights: Accepted; initial values do not change the count.
        backward_layer: Optional recurrent spec for the backward direction; its
            ``go_backwards`` must differ from ``layer``'s, and its
            ``return_sequences``, ``return_state`` and ``stateful`` must agree.
        input_shape: Shape of one sample, batch excluded. Both directions read
            the same input: left out, it is ``layer``'s ``input_shape``; given,
            it replaces the ``input_shape`` of ``layer`` and ``backward_layer``.
        **kwargs: ``name``, ``trainable``, ``dtype``, ``autocast`` and
            ``activity_regularizer``, as Keras takes them; ``trainable=False``
            makes both directions non-trainable.

    Examples:
        >>> from paramref import layers
        >>> both = Bidirectional(layers.LSTM(3, input_shape=(4, 5)))
        >>> list(both.shapes)
        ['forward_lstm/lstm_cell/kernel', 'forward_lstm/lstm_cell/recurrent_kernel',
         'forward_lstm/lstm_cell/bias', 'backward_lstm/lstm_cell/kernel',
         'backward_lstm/lstm_cell/recurrent_kernel', 'backward_lstm/lstm_cell/bias']
        >>> both.params, layers.LSTM(3, input_shape=(4, 5)).params
        (216, 108)
    """

    def __init__(
        self,
        layer: object,
        merge_mode: str | None = "concat",
        weights: object = None,
        backward_layer: object = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        if not isinstance(layer, _KerasRecurrent):
            raise TypeError(
                "Bidirectional wraps a recurrent layer spec (SimpleRNN, LSTM, GRU, "
                f"ConvLSTM1D/2D/3D from paramref.layers), got {type(layer).__name__}"
            )
        if backward_layer is not None and not isinstance(backward_layer, _KerasRecurrent):
            raise TypeError(
                "backward_layer must be a recurrent layer spec from paramref.layers, "
                f"got {type(backward_layer).__name__}"
            )
        if not any(merge_mode == mode for mode in _MERGE_MODES):
            raise ValueError(
                f"Invalid merge mode. Received: {merge_mode!r}. Merge mode should be one "
                "of 'sum', 'mul', 'ave', 'concat', None"
            )
        self.merge_mode = merge_mode
        given_shape = input_shape
        if input_shape is None:
            input_shape = layer.input_shape
        self.layer = layer
        self.backward_layer = backward_layer
        self._explicit_backward = backward_layer is not None
        backward = layer if backward_layer is None else backward_layer
        if backward_layer is None and layer.go_backwards:
            raise ValueError(
                "Forward layer and backward layer should have different `go_backwards` "
                "value: the wrapped layer has go_backwards=True and so has its backward copy"
            )
        if backward_layer is not None:
            if layer.go_backwards == backward_layer.go_backwards:
                raise ValueError(
                    "Forward layer and backward layer should have different `go_backwards` "
                    f"value, got {layer.go_backwards} for both"
                )
            for attribute in ("stateful", "return_sequences", "return_state"):
                forward_value = getattr(layer, attribute)
                backward_value = getattr(backward_layer, attribute)
                if forward_value != backward_value:
                    raise ValueError(
                        "Forward layer and backward layer are expected to have the same "
                        f"value for attribute {attribute!r}, got {forward_value} for the "
                        f"forward layer and {backward_value} for the backward layer"
                    )
        self._set_names()
        own = dict(layer._own_sizes)
        if self._explicit_backward:
            own.update({f"backward_{k}": v for k, v in backward._own_sizes.items()})
        self._keras_setup(own, input_shape, kwargs, ())
        # A model reads only the wrapper's own input_shape, as Keras does.
        self._input_arg = given_shape

    def _default_name(self) -> str:
        return "bidirectional"

    def _set_names(self) -> None:
        """The directions' names: ``forward_<layer>`` and ``backward_<layer>`` (or its own)."""
        layer = self.layer
        self._forward_name = "forward_" + layer.layer_name.removeprefix("forward_")
        if isinstance(self.backward_layer, _KerasRecurrent):
            self._backward_name = self.backward_layer.layer_name
        else:
            self._backward_name = "backward_" + layer.layer_name.removeprefix("backward_")

    def _nested(self) -> tuple[KerasLayer, ...]:
        if isinstance(self.backward_layer, KerasLayer):
            return (self.layer, self.backward_layer)
        return (self.layer,)

    def _named(self, names: Mapping[int, str]) -> KerasLayer:
        wrapper = copy.copy(self)
        for attribute in ("layer", "backward_layer"):
            inner = getattr(self, attribute)
            if isinstance(inner, _KerasRecurrent) and inner.name is None:
                inner = copy.copy(inner)
                inner.layer_name = names.get(id(getattr(self, attribute)), inner.layer_name)
                setattr(wrapper, attribute, inner)
        wrapper._set_names()
        return wrapper

    def _output(self) -> Output:
        assert self.input_shape is not None
        forward = self.layer._copy(self.input_shape).output_shape
        states: list[Shape] = []
        if isinstance(forward, list):
            output, states = forward[0], forward[1:]
        else:
            output = forward
        if self.merge_mode is None:
            return [output, output, *states, *states]
        if self.merge_mode == "concat" and output[-1] is not None:
            output = (*output[:-1], output[-1] * 2)
        return [output, *states, *states] if states else output

    def _check_input(self, input_shape: object) -> tuple[int | None, ...]:
        return self.layer._check_input(input_shape)

    def _input_sizes(self, input_shape: tuple[int | None, ...]) -> dict[str, int]:
        return self.layer._input_sizes(input_shape)

    def _weights(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        forward = self.layer._copy(self.input_shape, layer_name=self._forward_name)
        yield from self._direction(self._forward_name, forward, sizes, "")
        if self._explicit_backward:
            assert isinstance(self.backward_layer, _KerasSpec)
            backward = self.backward_layer._copy(self.input_shape)
            yield from self._direction(self._backward_name, backward, sizes, "backward_")
        else:
            backward = self.layer._copy(self.input_shape, go_backwards=True)
            yield from self._direction(self._backward_name, backward, sizes, "")

    def _direction(
        self, name: str, layer: _KerasSpec, sizes: Mapping[str, Dim], own_prefix: str
    ) -> Iterator[Tensor]:
        own = set(layer._own)
        inner = {key: sizes[own_prefix + key if key in own else key] for key in layer._sizes}
        for tensor in _in(name, layer._weights(inner)):
            yield tensor if self.trainable else replace(tensor, trainable=False)


# The Keras specs carry the Keras class names (``paramref.layers.LSTM``), in
# error messages and reprs too; the module needs other names for them because
# the torch specs of the same name live here as well.
for _spec, _name in (
    (KerasLSTM, "LSTM"),
    (KerasGRU, "GRU"),
    (KerasLSTMCell, "LSTMCell"),
    (KerasGRUCell, "GRUCell"),
):
    renamed(_name)(_spec)


class TimeDistributed(KerasWrapper):
    """``keras.layers.TimeDistributed``: one layer applied to every time step, weights shared.

    The wrapped layer is built on one step, the input without its time axis,
    and its weights serve every step: the count is the layer's, whatever the
    number of steps. Its weights keep its name (``dense/kernel``). The output
    puts the time axis back in front of the layer's output.

    Args:
        layer: A paramref Keras spec, applied to each step.
        input_shape: Shape of one input sample, batch excluded:
            ``(timesteps, ...)``, at least two axes. Without it the spec is
            unbuilt until a ``Sequential`` builds it.
        **kwargs: ``name``, ``dtype``, ``trainable``, ``autocast``;
            ``trainable=False`` makes the layer's weights non-trainable.

    Examples:
        >>> from paramref import layers
        >>> frames = TimeDistributed(layers.Dense(8), input_shape=(10, 16))
        >>> frames.shapes, frames.params, frames.output_shape
        ({'dense/kernel': (16, 8), 'dense/bias': (8,)}, 136, (10, 8))
        >>> video = TimeDistributed(layers.Conv2D(64, 3), input_shape=(10, 32, 32, 3))
        >>> video.params, video.output_shape
        (1792, (10, 30, 30, 64))
    """

    def __init__(
        self,
        layer: object,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        if not isinstance(layer, KerasLayer):
            raise TypeError(
                "TimeDistributed wraps a Keras layer spec from paramref.layers, "
                f"got {type(layer).__name__} {layer!r}"
            )
        if layer._call != "one":
            raise ValueError(
                f"TimeDistributed calls its layer on one tensor per step; "
                f"{type(layer).__name__} takes several"
            )
        self._keras_init(kwargs, input_shape)
        self.layer = layer
        self._build_given()

    def _build(self, input_shape: object) -> None:
        shape = keras_input_shape(input_shape)
        if len(shape) < 2:
            raise ValueError(
                "TimeDistributed needs inputs of at least 3 dimensions (batch, time, ...), "
                f"got input_shape {shape!r}"
            )
        inner = self.layer._built_on(shape[1:])
        if isinstance(inner.output_shape, list):
            raise ValueError(
                f"TimeDistributed needs a layer with one output; {type(self.layer).__name__} "
                "returns several"
            )
        self.input_shape = shape
        self._inner = inner
        self._sizes = inner._sizes

    def _output(self) -> Output:
        assert self.input_shape is not None
        step = self._inner.output_shape
        assert not isinstance(step, list)
        return (self.input_shape[0], *step)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        prefix = (self.layer.name or snake_case(type(self.layer).__name__)) + "/"
        for tensor in self._inner._tensors(sizes):
            renamed_tensor = replace(tensor, name=prefix + tensor.name)
            yield renamed_tensor if self.trainable else replace(renamed_tensor, trainable=False)

    def _element_bytes(self, tensor: Tensor) -> int:
        return self._inner._element_bytes(tensor)
