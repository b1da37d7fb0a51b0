"""Recurrent specs against torch.nn.RNN/LSTM/GRU (and cells) and keras.layers' RNNs."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import keras
import pytest
import sympy
import torch
from hypothesis import given
from hypothesis import strategies as st

from paramref import layers, nn
from tests.oracles import assert_same, keras_counts, keras_output_shape, torch_counts

sizes = st.integers(min_value=1, max_value=12)
small = st.integers(min_value=1, max_value=4)

i, h, p, L = sympy.symbols("input_size hidden_size proj_size num_layers")
n, u = sympy.symbols("input_dim units")
f, c = sympy.symbols("filters input_channels")


def untyped(value: object) -> Any:
    """A wrong-typed argument, passed on purpose."""
    return value


def quietly(build: Callable[[], torch.nn.Module]) -> torch.nn.Module:
    """Build on the meta device, silencing torch's warning about dropout on one layer."""
    with warnings.catch_warnings(), torch.device("meta"):
        warnings.simplefilter("ignore", UserWarning)
        return build()


# ---------------------------------------------------------------------------- PyTorch


@given(
    st.sampled_from(["RNN", "GRU", "LSTM"]),
    sizes,
    st.integers(min_value=2, max_value=12),
    small,
    st.booleans(),
    st.booleans(),
    st.integers(min_value=0, max_value=11),
    st.sampled_from([0.0, 0.25, 1]),
    st.booleans(),
)
def test_stacks_match_torch(
    kind: str,
    input_size: int,
    hidden_size: int,
    num_layers: int,
    bias: bool,
    bidirectional: bool,
    proj: int,
    dropout: float,
    batch_first: bool,
) -> None:
    arguments: dict[str, object] = {
        "num_layers": num_layers,
        "bias": bias,
        "batch_first": batch_first,
        "dropout": dropout,
        "bidirectional": bidirectional,
    }
    if kind == "LSTM":
        arguments["proj_size"] = proj % hidden_size
    module = quietly(lambda: getattr(torch.nn, kind)(input_size, hidden_size, **arguments))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        spec = getattr(nn, kind)(input_size, hidden_size, **arguments)
    assert_same(spec, torch_counts(module))


@given(sizes, sizes, small, st.booleans(), st.sampled_from(["tanh", "relu"]))
def test_rnn_positional_order_matches_torch(
    input_size: int, hidden_size: int, num_layers: int, bias: bool, nonlinearity: str
) -> None:
    args = (input_size, hidden_size, num_layers, nonlinearity, bias, False, 0.0, True)
    module = quietly(lambda: torch.nn.RNN(*args))
    assert_same(nn.RNN(*args), torch_counts(module))


@given(
    st.sampled_from(["RNNCell", "GRUCell", "LSTMCell"]),
    st.integers(min_value=0, max_value=12),
    st.integers(min_value=0, max_value=12),
    st.booleans(),
)
def test_cells_match_torch(kind: str, input_size: int, hidden_size: int, bias: bool) -> None:
    module = quietly(lambda: getattr(torch.nn, kind)(input_size, hidden_size, bias))
    assert_same(getattr(nn, kind)(input_size, hidden_size, bias), torch_counts(module))


def test_dropout_on_one_layer_warns_as_torch_does() -> None:
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1"):
        nn.LSTM(3, 4, dropout=0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.LSTM(3, 4, num_layers=2, dropout=0.5)


# ------------------------------------------------------------------------------ Keras

KERAS_SEQUENCE = {"SimpleRNN": "simple_rnn", "LSTM": "lstm", "GRU": "gru"}


@given(
    st.sampled_from(sorted(KERAS_SEQUENCE)),
    sizes,
    sizes,
    st.sampled_from([None, 1, 7]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_sequence_layers_match_keras(
    kind: str,
    units: int,
    features: int,
    timesteps: int | None,
    use_bias: bool,
    reset_after: bool,
    trainable: bool,
) -> None:
    arguments: dict[str, object] = {"use_bias": use_bias, "trainable": trainable}
    if kind == "GRU":
        arguments["reset_after"] = reset_after
    shape = (timesteps, features)
    layer = getattr(keras.layers, kind)(units, name=KERAS_SEQUENCE[kind], **arguments)
    spec = getattr(layers, kind)(units, input_shape=shape, **arguments)
    assert_same(spec, keras_counts(layer, shape))


@given(
    st.sampled_from(["SimpleRNNCell", "LSTMCell", "GRUCell"]),
    sizes,
    sizes,
    st.booleans(),
    st.booleans(),
)
def test_cells_match_keras(
    kind: str, units: int, features: int, use_bias: bool, reset_after: bool
) -> None:
    arguments: dict[str, object] = {"use_bias": use_bias}
    if kind == "GRUCell":
        arguments["reset_after"] = reset_after
    layer = getattr(keras.layers, kind)(units, **arguments)
    spec = getattr(layers, kind)(units, input_shape=(features,), **arguments)
    assert_same(spec, keras_counts(layer, (features,)))


@given(
    st.sampled_from(sorted(KERAS_SEQUENCE)),
    sizes,
    sizes,
    st.one_of(st.none(), st.sampled_from(sorted(KERAS_SEQUENCE))),
    sizes,
    st.sampled_from(["concat", "sum", "mul", "ave", None]),
    st.booleans(),
    st.booleans(),
)
def test_bidirectional_matches_keras(
    kind: str,
    units: int,
    features: int,
    backward_kind: str | None,
    backward_units: int,
    merge_mode: str | None,
    trainable: bool,
    on_wrapper: bool,
) -> None:
    """Default and explicit backward layers; ``input_shape`` on the wrapper or the layer."""
    shape = (5, features)
    forward = getattr(keras.layers, kind)(units, name=KERAS_SEQUENCE[kind])
    # On the wrapper, input_shape replaces the one the layers were built with.
    layer_shape = (3, 1) if on_wrapper else shape
    spec_forward = getattr(layers, kind)(units, input_shape=layer_shape, trainable=trainable)
    backward = spec_backward = None
    if backward_kind is not None:
        name = f"reverse_{KERAS_SEQUENCE[backward_kind]}"
        backward = getattr(keras.layers, backward_kind)(
            backward_units, go_backwards=True, name=name
        )
        spec_backward = getattr(layers, backward_kind)(
            backward_units, go_backwards=True, name=name, input_shape=layer_shape
        )
    if not trainable:
        forward.trainable = False
    wrapper = keras.layers.Bidirectional(forward, merge_mode=merge_mode, backward_layer=backward)
    spec = layers.Bidirectional(
        spec_forward,
        merge_mode=merge_mode,
        backward_layer=spec_backward,
        input_shape=shape if on_wrapper else None,
    )
    assert_same(spec, keras_counts(wrapper, shape))


def test_bidirectional_trainable_false_freezes_both_directions() -> None:
    wrapper = keras.layers.Bidirectional(keras.layers.GRU(3, name="gru"), trainable=False)
    spec = layers.Bidirectional(layers.GRU(3, input_shape=(4, 5)), trainable=False)
    assert_same(spec, keras_counts(wrapper, (4, 5)))
    assert spec.trainable_params == 0


CONV = {1: "ConvLSTM1D", 2: "ConvLSTM2D", 3: "ConvLSTM3D"}


@given(
    st.sampled_from([1, 2, 3]),
    st.integers(min_value=0, max_value=5),
    st.lists(st.integers(min_value=1, max_value=3), min_size=3, max_size=3),
    st.booleans(),
    small,
    st.sampled_from(["channels_last", "channels_first"]),
    st.booleans(),
    st.booleans(),
)
def test_conv_lstm_matches_keras(
    rank: int,
    filters: int,
    kernel: list[int],
    as_int: bool,
    channels: int,
    data_format: str,
    use_bias: bool,
    bidirectional: bool,
) -> None:
    kernel_size: int | tuple[int, ...] = kernel[0] if as_int else tuple(kernel[:rank])
    spatial = (4,) * rank
    shape = (2, channels, *spatial) if data_format == "channels_first" else (2, *spatial, channels)
    arguments = {"data_format": data_format, "use_bias": use_bias}
    name = f"conv_lstm{rank}d"
    layer = getattr(keras.layers, CONV[rank])(filters, kernel_size, name=name, **arguments)
    spec = getattr(layers, CONV[rank])(filters, kernel_size, input_shape=shape, **arguments)
    if bidirectional:
        layer = keras.layers.Bidirectional(layer)
        spec = layers.Bidirectional(spec)
    assert_same(spec, keras_counts(layer, shape))


def test_layer_names_follow_the_name_argument() -> None:
    wrapper = keras.layers.Bidirectional(keras.layers.LSTM(2, name="encoder"))
    spec = layers.Bidirectional(layers.LSTM(2, name="encoder", input_shape=(3, 4)))
    assert_same(spec, keras_counts(wrapper, (3, 4)))
    assert next(iter(spec.shapes)) == "forward_encoder/lstm_cell/kernel"


# ----------------------------------------------------------------------- closed forms


def test_torch_closed_forms() -> None:
    for gates, kind in ((1, nn.RNN), (3, nn.GRU), (4, nn.LSTM)):
        one = gates * h * (i + h + 2)
        assert sympy.expand(kind(5, 3).formula - one) == 0
        assert kind(5, 3, bias=False).formula == sympy.expand(gates * h * (i + h))
        upper = gates * h * (h + h + 2)
        assert sympy.expand(kind(5, 3, num_layers=3).formula - (one + (L - 1) * upper)) == 0
        both = 2 * one + (L - 1) * 2 * gates * h * (2 * h + h + 2)
        assert sympy.expand(kind(5, 3, 2, bidirectional=True).formula - both) == 0
    projected = 4 * h * (i + p + 2) + p * h
    assert sympy.expand(nn.LSTM(5, 3, proj_size=2).formula - projected) == 0
    d = 2
    stack = d * projected + (L - 1) * d * (4 * h * (d * p + p + 2) + p * h)
    spec = nn.LSTM(5, 3, num_layers=4, bidirectional=True, proj_size=2)
    assert sympy.expand(spec.formula - stack) == 0
    for gates, cell in ((1, nn.RNNCell), (3, nn.GRUCell), (4, nn.LSTMCell)):
        assert sympy.expand(cell(5, 3).formula - gates * h * (i + h + 2)) == 0


def test_keras_closed_forms() -> None:
    shape = (None, 5)
    assert sympy.expand(layers.SimpleRNN(3, input_shape=shape).formula - u * (n + u + 1)) == 0
    assert sympy.expand(layers.LSTM(3, input_shape=shape).formula - 4 * u * (n + u + 1)) == 0
    gru_after = layers.GRU(3, input_shape=shape).formula
    gru_before = layers.GRU(3, reset_after=False, input_shape=shape).formula
    assert sympy.expand(gru_after - 3 * u * (n + u + 2)) == 0
    assert sympy.expand(gru_before - 3 * u * (n + u + 1)) == 0
    twice = layers.Bidirectional(layers.LSTM(3, input_shape=shape)).formula
    assert sympy.expand(twice - 2 * 4 * u * (n + u + 1)) == 0
    k0, k1 = sympy.symbols("kernel_size_0 kernel_size_1")
    conv = layers.ConvLSTM2D(4, 3, input_shape=(2, 8, 8, 2)).formula
    assert sympy.expand(conv - 4 * f * (k0 * k1 * (c + f) + 1)) == 0


def test_seed_numbers() -> None:
    assert layers.SimpleRNN(32, input_shape=(None, 64)).params == 3104
    assert layers.LSTM(256, input_shape=(16, 4096)).params == 4457472
    assert nn.LSTM(4096, 256).params == 4457472 + 4 * 256


# ---------------------------------------------------------------------- bad arguments

S1, S2 = (5, 8, 2), (5, 8, 8, 2)

BAD = [
    (lambda: nn.LSTM(0, 3), ValueError, "input_size must be a positive integer, got 0"),
    (lambda: nn.GRU(3, 0), ValueError, "hidden_size must be a positive integer, got 0"),
    (lambda: nn.RNN(3, 2, 0), ValueError, "num_layers must be a positive integer, got 0"),
    (lambda: nn.LSTM(3, untyped(2.0)), TypeError, "hidden_size must be an int, got float 2.0"),
    (lambda: nn.LSTM(3, 2, True), TypeError, "num_layers must be an int, got bool True"),
    (lambda: nn.LSTM(3, 2, bias=untyped(1)), TypeError, "bias must be a bool, got int 1"),
    (lambda: nn.GRU(3, 2, batch_first=untyped(1)), TypeError, "batch_first must be a bool"),
    (lambda: nn.RNN(3, 2, bidirectional=untyped(1)), TypeError, "bidirectional must be a bool"),
    (lambda: nn.LSTM(3, 2, proj_size=2), ValueError, "proj_size has to be smaller than hidden"),
    (lambda: nn.LSTM(3, 2, proj_size=-1), ValueError, "proj_size should be a positive integer"),
    (lambda: nn.LSTM(3, 2, proj_size=True), TypeError, "proj_size must be an int, got bool"),
    (lambda: nn.RNN(3, 2, proj_size=1), ValueError, "only supported for LSTM, not RNN or GRU"),
    (lambda: nn.GRU(3, 2, proj_size=0), ValueError, "only supported for LSTM, not RNN or GRU"),
    (lambda: nn.GRU(3, 2, hidden=2), TypeError, "unexpected keyword argument 'hidden'"),
    (lambda: nn.RNN(3, 2, nonlinearity="gelu"), ValueError, "Unknown nonlinearity 'gelu'"),
    (lambda: nn.LSTM(3, 2, dropout=1.5), ValueError, r"range \[0, 1\].*got 1.5"),
    (lambda: nn.LSTM(3, 2, dropout=-0.1), ValueError, r"range \[0, 1\].*got -0.1"),
    (lambda: nn.LSTM(3, 2, dropout=True), TypeError, "dropout must be a number, got bool"),
    (lambda: nn.LSTM(3, 2, dropout=untyped("0.1")), TypeError, "dropout must be a number, got str"),
    (lambda: nn.LSTMCell(-1, 2), ValueError, "input_size must be a non-negative integer, got -1"),
    (lambda: nn.GRUCell(3, 2, bias=untyped(0)), TypeError, "bias must be a bool, got int 0"),
    (lambda: layers.LSTM(0, input_shape=(3, 4)), ValueError, "units must be a positive"),
    (
        lambda: layers.GRU(2, reset_after=untyped(1), input_shape=(3, 4)),
        TypeError,
        "reset_after must be",
    ),
    (
        lambda: layers.SimpleRNN(2, use_bias=untyped(0), input_shape=(3, 4)),
        TypeError,
        "use_bias must be",
    ),
    (lambda: layers.LSTM(2, input_shape=(4,)), ValueError, r"\(timesteps, features\)"),
    (lambda: layers.LSTM(2, input_shape=(3, None)), ValueError, "must fix its features axis"),
    (lambda: layers.LSTM(2, input_shape=(3, 0)), ValueError, r"input_shape\[1\] must be"),
    (lambda: layers.LSTM(2, unit=3, input_shape=(3, 4)), TypeError, "LSTM got an unexpected"),
    (lambda: layers.SimpleRNN(2, implementation=1, input_shape=(3, 4)), TypeError, "unexpected"),
    (lambda: layers.LSTM(2, trainable=1, input_shape=(3, 4)), TypeError, "trainable must be a"),
    (lambda: layers.LSTM(2, use_cudnn="yes", input_shape=(3, 4)), ValueError, "use_cudnn"),
    (lambda: layers.LSTM(2).params, ValueError, "LSTM is unbuilt"),
    (lambda: layers.LSTMCell(2, input_shape=(3, 4)), ValueError, r"\(features,\)"),
    (lambda: layers.GRUCell(0, input_shape=(3,)), ValueError, "units must be a positive"),
    (
        lambda: layers.Bidirectional(layers.LSTM(2, input_shape=(3, 4)), merge_mode="max"),
        ValueError,
        "Invalid merge mode",
    ),
    (
        lambda: layers.Bidirectional(layers.Dense(2, input_shape=(3,))),
        TypeError,
        "wraps a recurrent layer",
    ),
    (
        lambda: layers.Bidirectional(layers.LSTMCell(2, input_shape=(3,))),
        TypeError,
        "wraps a recurrent layer",
    ),
    (
        lambda: layers.Bidirectional(layers.LSTM(2, go_backwards=True, input_shape=(3, 4))),
        ValueError,
        "different `go_backwards`",
    ),
    (
        lambda: layers.Bidirectional(
            layers.LSTM(2, input_shape=(3, 4)), backward_layer=layers.LSTM(2, input_shape=(3, 4))
        ),
        ValueError,
        "different `go_backwards`",
    ),
    (
        lambda: layers.Bidirectional(
            layers.LSTM(2, input_shape=(3, 4)),
            backward_layer=layers.GRU(
                2, go_backwards=True, return_sequences=True, input_shape=(3, 4)
            ),
        ),
        ValueError,
        "same value for attribute 'return_sequences'",
    ),
    (lambda: layers.ConvLSTM2D(2, (3, 3, 3), input_shape=S2), ValueError, "tuple of 2 integers"),
    (lambda: layers.ConvLSTM2D(2, 0, input_shape=S2), ValueError, "kernel_size must be a positive"),
    (
        lambda: layers.ConvLSTM2D(-1, 3, input_shape=S2),
        ValueError,
        "filters must be a non-negative",
    ),
    (
        lambda: layers.ConvLSTM1D(2, 3, strides=2, dilation_rate=2, input_shape=S1),
        ValueError,
        "strides > 1",
    ),
    (lambda: layers.ConvLSTM1D(2, 3, padding="causal", input_shape=S1), ValueError, "padding"),
    (
        lambda: layers.ConvLSTM1D(2, 3, data_format="nchw", input_shape=S1),
        ValueError,
        "data_format",
    ),
    (
        lambda: layers.ConvLSTM2D(2, 3, input_shape=(5, None, 8, 2)),
        ValueError,
        "must fix its spatial axis",
    ),
    (lambda: layers.ConvLSTM2D(2, 3, input_shape=(5, 8, 8)), ValueError, "4 axes"),
    (
        lambda: layers.ConvLSTM3D(2, 3, unroll=True, foo=1, input_shape=(5, 4, 4, 4, 1)),
        TypeError,
        "unexpected keyword",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD)
def test_bad_arguments(call: Callable[[], object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("torch_call", "spec_call"),
    [
        (lambda: torch.nn.LSTM(0, 3), lambda: nn.LSTM(0, 3)),
        (lambda: torch.nn.LSTM(3, 2, proj_size=2), lambda: nn.LSTM(3, 2, proj_size=2)),
        (lambda: torch.nn.LSTM(3, 2, proj_size=-1), lambda: nn.LSTM(3, 2, proj_size=-1)),
        (lambda: torch.nn.RNN(3, 2, proj_size=1), lambda: nn.RNN(3, 2, proj_size=1)),
        (lambda: torch.nn.GRU(3, 2, dropout=2), lambda: nn.GRU(3, 2, dropout=2)),
        (lambda: torch.nn.RNN(3, 2, nonlinearity="x"), lambda: nn.RNN(3, 2, nonlinearity="x")),
        (lambda: torch.nn.LSTM(3, 2, bias=1), lambda: nn.LSTM(3, 2, bias=untyped(1))),
    ],
)
def test_refused_where_torch_refuses(
    torch_call: Callable[[], object], spec_call: Callable[[], object]
) -> None:
    with torch.device("meta"), pytest.raises((ValueError, TypeError)):
        torch_call()
    with pytest.raises((ValueError, TypeError)):
        spec_call()


# ------------------------------------------------------------- Keras output shapes


@given(
    st.sampled_from(sorted(KERAS_SEQUENCE)),
    sizes,
    st.sampled_from([None, 1, 7]),
    sizes,
    st.booleans(),
    st.booleans(),
    st.sampled_from([None, "none", "concat", "sum", "mul", "ave"]),
)
def test_keras_recurrent_output_shapes(
    kind: str,
    units: int,
    timesteps: int | None,
    features: int,
    return_sequences: bool,
    return_state: bool,
    merge_mode: str | None,
) -> None:
    flags = {"return_sequences": return_sequences, "return_state": return_state}
    shape = (timesteps, features)
    layer = getattr(keras.layers, kind)(units, **flags)
    spec = getattr(layers, kind)(units, **flags)
    if merge_mode is not None:
        mode = None if merge_mode == "none" else merge_mode
        layer = keras.layers.Bidirectional(layer, merge_mode=mode)
        spec = layers.Bidirectional(spec, merge_mode=mode)
    assert spec._built_on(shape).output_shape == keras_output_shape(layer, shape)


@given(
    st.sampled_from([1, 2]),
    st.integers(1, 4),
    st.integers(1, 3),
    st.integers(1, 2),
    st.integers(1, 2),
    st.sampled_from(["valid", "same"]),
    st.sampled_from(["channels_last", "channels_first"]),
    st.booleans(),
    st.booleans(),
)
def test_keras_conv_lstm_output_shapes(
    rank: int,
    filters: int,
    kernel: int,
    strides: int,
    dilation: int,
    padding: str,
    data_format: str,
    return_sequences: bool,
    return_state: bool,
) -> None:
    if strides > 1 and dilation > 1:
        dilation = 1
    arguments = {
        "strides": strides,
        "dilation_rate": dilation,
        "padding": padding,
        "data_format": data_format,
        "return_sequences": return_sequences,
        "return_state": return_state,
    }
    spatial = (7,) * rank
    shape = (3, 2, *spatial) if data_format == "channels_first" else (3, *spatial, 2)
    layer = getattr(keras.layers, CONV[rank])(filters, kernel, **arguments)
    spec = getattr(layers, CONV[rank])(filters, kernel, input_shape=shape, **arguments)
    assert spec.output_shape == keras_output_shape(layer, shape)


@given(
    st.sampled_from(["dense", "conv", "lstm"]),
    st.integers(1, 5),
    st.integers(1, 6),
    st.booleans(),
)
def test_keras_time_distributed_matches_keras(
    inner: str, steps: int, features: int, trainable: bool
) -> None:
    calls: dict[str, tuple[Callable[[Any], Any], tuple[int, ...]]] = {
        "dense": (lambda m: m.Dense(3, name="inner"), (features,)),
        "conv": (lambda m: m.Conv2D(2, 2, name="inner"), (4, 4, features)),
        "lstm": (lambda m: m.LSTM(2, name="inner", return_sequences=True), (3, features)),
    }
    make, step = calls[inner]
    shape = (steps, *step)
    layer = keras.layers.TimeDistributed(make(keras.layers), trainable=trainable)
    spec = layers.TimeDistributed(make(layers), trainable=trainable, input_shape=shape)
    assert_same(spec, keras_counts(layer, shape))
    assert spec.output_shape == keras_output_shape(layer, shape)


def test_keras_time_distributed_refusals() -> None:
    with pytest.raises(TypeError, match="TimeDistributed wraps a Keras layer spec"):
        layers.TimeDistributed(nn.Linear(3, 4))
    with pytest.raises(ValueError, match="at least 3 dimensions"):
        layers.TimeDistributed(layers.Dense(3), input_shape=(4,))
    with pytest.raises(ValueError, match="takes several"):
        layers.TimeDistributed(layers.LSTMCell(3))
    unbuilt = layers.TimeDistributed(layers.Dense(3))
    with pytest.raises(ValueError, match="TimeDistributed is unbuilt"):
        _ = unbuilt.params
