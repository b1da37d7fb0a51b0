"""Keras models as people write them: paramref's Sequential against keras.Sequential.

A random model is drawn as a plan of layer calls; Keras builds it in a fresh
session and paramref builds the same plan. Every layer's output shape and
count, the weights' names and shapes, the totals and the printed summary must
agree; where Keras refuses the model, paramref refuses it too, naming the layer
and the shape it was given.
"""

from __future__ import annotations

import contextlib
import math
import os
import warnings
from collections.abc import Iterator
from typing import Any

import keras
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paramref import layers

#: A layer call: class name, positional and keyword arguments (a nested call is a Call).
Call = tuple[str, tuple[Any, ...], dict[str, Any]]

small = st.integers(1, 6)


@contextlib.contextmanager
def terminal(columns: int = 80) -> Iterator[None]:
    """Keras lays its summary out for the terminal; make it ``columns`` wide (80: the default)."""
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(columns)
    try:
        yield
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before


def make(module: Any, call: Call) -> Any:
    name, args, kwargs = call
    args = tuple(make(module, a) if is_call(a) else a for a in args)
    return getattr(module, name)(*args, **kwargs)


def is_call(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 3
        and isinstance(value[0], str)
        and value[0][:1].isupper()
        and isinstance(value[2], dict)
    )


def keras_model(input_shape: tuple[int | None, ...], plan: list[Call]) -> keras.Sequential:
    keras.backend.clear_session(
        free_memory=False
    )  # names as in a fresh session: dense, dense_1, ...
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return keras.Sequential(
            [keras.Input(shape=input_shape), *(make(keras.layers, c) for c in plan)]
        )


def paramref_model(input_shape: tuple[int | None, ...], plan: list[Call]) -> layers.Sequential:
    return layers.Sequential([layers.Input(shape=input_shape), *(make(layers, c) for c in plan)])


def keras_summary(model: keras.Sequential, columns: int = 80, **options: Any) -> str:
    captured: list[str] = []
    with terminal(columns):
        model.summary(print_fn=captured.append, **options)
    return "".join(captured)


def shape_of(output: Any) -> Any:
    if isinstance(output, list | tuple):
        return [tuple(tensor.shape) for tensor in output]
    return tuple(output.shape)


def batched(output: Any) -> Any:
    if isinstance(output, list):
        return [(None, *shape) for shape in output]
    return (None, *output)


def assert_same_model(input_shape: tuple[int | None, ...], plan: list[Call]) -> None:
    """Build ``plan`` in both; they agree on everything, or both refuse it."""
    refused: Exception | None
    try:
        theirs = keras_model(input_shape, plan)
    except Exception as error:  # any refusal of Keras's
        refused = error
    else:
        refused = None
    try:
        specs = [make(layers, call) for call in plan]
    except (TypeError, ValueError):
        assert refused is not None, "paramref refuses a layer Keras makes"
        return
    if refused is not None:
        with pytest.raises(ValueError, match=r"Layer '\w+' \(\w+\)") as caught:
            layers.Sequential([layers.Input(shape=input_shape), *specs])
        message = str(caught.value)
        if "cannot take inputs of shape" in message:
            assert "(None" in message
        return
    ours = layers.Sequential([layers.Input(shape=input_shape), *specs])
    assert len(ours.layers) == len(theirs.layers)
    for spec, layer in zip(ours.layers, theirs.layers, strict=True):
        assert spec.name == layer.name
        assert type(spec).__name__ == type(layer).__name__
        assert batched(spec.output_shape) == shape_of(layer.output), layer.name
        assert spec.params == layer.count_params(), layer.name
    prefix = theirs.name + "/"
    assert ours.shapes == {
        w.path.removeprefix(prefix): tuple(int(s) for s in w.shape) for w in theirs.weights
    }
    assert ours.params == theirs.count_params()
    assert ours.trainable_params == sum(math.prod(w.shape) for w in theirs.trainable_weights)
    assert ours.non_trainable_params == sum(
        math.prod(w.shape) for w in theirs.non_trainable_weights
    )
    assert ours.summary_text() == keras_summary(theirs)
    assert ours.formula.subs(ours.arguments) == ours.params


# --------------------------------------------------------------------------- the plans


def conv_options(rank: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "strides": st.integers(1, 2),
            "padding": st.sampled_from(["valid", "same"]),
            "dilation_rate": st.integers(1, 2),
            "use_bias": st.booleans(),
        },
    )


def pool_options() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={"strides": st.integers(1, 3), "padding": st.sampled_from(["valid", "same"])},
    )


def recurrent(return_sequences: bool | None = None) -> st.SearchStrategy[Call]:
    optional: dict[str, st.SearchStrategy[Any]] = {
        "use_bias": st.booleans(),
        "go_backwards": st.booleans(),
    }
    if return_sequences is None:  # not wrapped: may return its states too
        optional["return_state"] = st.booleans()
    flags = st.fixed_dictionaries(
        {
            "return_sequences": st.booleans()
            if return_sequences is None
            else st.just(return_sequences)
        },
        optional=optional,
    )
    return st.tuples(st.sampled_from(["SimpleRNN", "LSTM", "GRU"]), st.tuples(small), flags)


def any_rank() -> st.SearchStrategy[Call]:
    """Layers that take inputs of any rank >= 1."""
    return st.one_of(
        st.tuples(
            st.just("Dense"),
            st.tuples(small),
            st.fixed_dictionaries({}, optional={"use_bias": st.booleans()}),
        ),
        st.tuples(st.just("Dropout"), st.tuples(st.sampled_from([0.0, 0.5])), st.just({})),
        st.tuples(st.just("Activation"), st.tuples(st.just("relu")), st.just({})),
        st.tuples(
            st.just("BatchNormalization"),
            st.just(()),
            st.fixed_dictionaries({}, optional={"center": st.booleans(), "scale": st.booleans()}),
        ),
        st.tuples(st.just("LayerNormalization"), st.just(()), st.just({})),
        st.tuples(st.just("Normalization"), st.just(()), st.just({})),
        st.tuples(st.just("Flatten"), st.just(()), st.just({})),
        st.tuples(st.just("GaussianNoise"), st.tuples(st.just(0.1)), st.just({})),
        st.tuples(st.just("Dense"), st.tuples(small), st.just({"trainable": False})),
    )


def sequence_layers() -> st.SearchStrategy[Call]:
    """Layers that take sequences ``(steps, features)``."""
    return st.one_of(
        recurrent(),
        st.tuples(
            st.just("Bidirectional"),
            st.tuples(recurrent(return_sequences=True)),
            st.fixed_dictionaries(
                {}, optional={"merge_mode": st.sampled_from(["concat", "sum", "ave"])}
            ),
        ),
        st.tuples(st.just("Conv1D"), st.tuples(small, st.integers(1, 3)), conv_options(1)),
        st.tuples(st.just("SeparableConv1D"), st.tuples(small, st.integers(1, 3)), conv_options(1)),
        st.tuples(
            st.just("Conv1DTranspose"),
            st.tuples(small, st.integers(1, 3)),
            st.fixed_dictionaries(
                {},
                optional={
                    "strides": st.integers(1, 2),
                    "padding": st.sampled_from(["valid", "same"]),
                },
            ),
        ),
        st.tuples(
            st.sampled_from(["MaxPooling1D", "AveragePooling1D"]),
            st.tuples(st.integers(1, 3)),
            pool_options(),
        ),
        st.tuples(
            st.sampled_from(["GlobalAveragePooling1D", "GlobalMaxPooling1D"]),
            st.just(()),
            st.just({}),
        ),
        st.tuples(st.just("ZeroPadding1D"), st.tuples(st.integers(0, 2)), st.just({})),
        st.tuples(
            st.just("Cropping1D"),
            st.tuples(st.tuples(st.integers(0, 1), st.integers(0, 1))),
            st.just({}),
        ),
        st.tuples(st.just("UpSampling1D"), st.tuples(st.integers(1, 2)), st.just({})),
        st.tuples(st.just("Permute"), st.just(((2, 1),)), st.just({})),
        st.tuples(
            st.just("TimeDistributed"),
            st.tuples(st.tuples(st.just("Dense"), st.tuples(small), st.just({}))),
            st.just({}),
        ),
        st.tuples(st.just("SpatialDropout1D"), st.tuples(st.just(0.2)), st.just({})),
    )


def image_layers() -> st.SearchStrategy[Call]:
    """Layers that take images ``(rows, cols, channels)``."""
    return st.one_of(
        st.tuples(st.just("Conv2D"), st.tuples(small, st.integers(1, 3)), conv_options(2)),
        st.tuples(st.just("DepthwiseConv2D"), st.tuples(st.integers(1, 3)), conv_options(2)),
        st.tuples(st.just("SeparableConv2D"), st.tuples(small, st.integers(1, 3)), conv_options(2)),
        st.tuples(
            st.just("Conv2DTranspose"),
            st.tuples(small, st.integers(1, 3)),
            st.fixed_dictionaries(
                {},
                optional={
                    "strides": st.integers(1, 2),
                    "padding": st.sampled_from(["valid", "same"]),
                },
            ),
        ),
        st.tuples(
            st.sampled_from(["MaxPooling2D", "AveragePooling2D"]),
            st.tuples(st.integers(1, 3)),
            pool_options(),
        ),
        st.tuples(
            st.sampled_from(["GlobalAveragePooling2D", "GlobalMaxPooling2D"]),
            st.just(()),
            st.fixed_dictionaries({}, optional={"keepdims": st.booleans()}),
        ),
        st.tuples(st.just("ZeroPadding2D"), st.tuples(st.integers(0, 2)), st.just({})),
        st.tuples(st.just("Cropping2D"), st.tuples(st.integers(0, 1)), st.just({})),
        st.tuples(st.just("UpSampling2D"), st.tuples(st.integers(1, 2)), st.just({})),
        st.tuples(
            st.just("ConvLSTM1D"),
            st.tuples(small, st.integers(1, 3)),
            st.fixed_dictionaries(
                {},
                optional={
                    "return_sequences": st.booleans(),
                    "padding": st.sampled_from(["valid", "same"]),
                },
            ),
        ),
        st.tuples(
            st.just("TimeDistributed"),
            st.tuples(
                st.tuples(st.just("Conv1D"), st.tuples(small, st.integers(1, 2)), st.just({}))
            ),
            st.just({}),
        ),
    )


def vector_layers() -> st.SearchStrategy[Call]:
    """Layers that take vectors ``(features,)``."""
    return st.one_of(
        st.tuples(st.just("RepeatVector"), st.tuples(st.integers(1, 4)), st.just({})),
        st.tuples(st.just("Embedding"), st.tuples(st.integers(2, 50), small), st.just({})),
        st.tuples(st.just("Reshape"), st.just(((1, -1),)), st.just({})),
    )


def volume_layers() -> st.SearchStrategy[Call]:
    """Layers that take volumes, or sequences of images: ``(depth, rows, cols, channels)``."""
    return st.one_of(
        st.tuples(st.just("Conv3D"), st.tuples(small, st.integers(1, 2)), conv_options(3)),
        st.tuples(st.just("MaxPooling3D"), st.tuples(st.integers(1, 2)), pool_options()),
        st.tuples(st.just("GlobalAveragePooling3D"), st.just(()), st.just({})),
        st.tuples(
            st.just("ConvLSTM2D"),
            st.tuples(small, st.integers(1, 2)),
            st.fixed_dictionaries({}, optional={"return_sequences": st.booleans()}),
        ),
        st.tuples(
            st.just("TimeDistributed"),
            st.tuples(
                st.tuples(st.just("Conv2D"), st.tuples(small, st.integers(1, 2)), st.just({}))
            ),
            st.just({}),
        ),
    )


def layer_for(rank: int) -> st.SearchStrategy[Call]:
    """A layer for inputs of ``rank`` axes (batch excluded); now and then one of another rank."""
    fitting = {1: vector_layers(), 2: sequence_layers(), 3: image_layers(), 4: volume_layers()}.get(
        rank
    )
    choices = [any_rank()] if fitting is None else [any_rank(), fitting, fitting]
    anything = st.one_of(vector_layers(), sequence_layers(), image_layers())
    return st.one_of(*choices, anything) if rank else anything


shapes = st.one_of(
    st.tuples(st.integers(1, 12)),
    st.tuples(st.integers(2, 10), st.integers(1, 6)),
    st.tuples(st.none(), st.integers(1, 6)),
    st.tuples(st.integers(3, 12), st.integers(3, 12), st.integers(1, 4)),
    st.tuples(st.integers(2, 5), st.integers(3, 6), st.integers(3, 6), st.integers(1, 3)),
)


@given(st.data())
def test_random_sequential_matches_keras(data: st.DataObject) -> None:
    input_shape = data.draw(shapes, label="input_shape")
    plan: list[Call] = []
    shape: Any = input_shape
    for _ in range(data.draw(st.integers(1, 4), label="depth")):
        call = data.draw(layer_for(len(shape)), label="layer")
        plan.append(call)
        try:
            shape = make(layers, call).compute_output_shape((None, *shape))[1:]
        except (TypeError, ValueError):
            break
        if isinstance(shape, list) or not shape:
            break
    assert_same_model(input_shape, plan)


# ------------------------------------------------------------------- the source's models


def test_embedding_and_simple_rnn_as_written() -> None:
    model = layers.Sequential()
    model.add(layers.Embedding(1000, 64))
    model.add(layers.SimpleRNN(32))
    assert not model.built
    with pytest.raises(ValueError, match="unbuilt"):
        _ = model.params
    with pytest.raises(ValueError, match="unbuilt"):
        model.summary()
    keras.backend.clear_session(free_memory=False)
    theirs = keras.Sequential()
    theirs.add(keras.layers.Embedding(1000, 64))
    theirs.add(keras.layers.SimpleRNN(32))
    assert not theirs.built
    model.build((None, 10))
    theirs.build((None, 10))
    assert model.params == theirs.count_params() == 67104
    assert model.summary_text() == keras_summary(theirs)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_lstm_with_input_shape_as_written() -> None:
    model = layers.Sequential()
    model.add(layers.LSTM(256, input_shape=(16, 4096)))
    keras.backend.clear_session(free_memory=False)
    theirs = keras.Sequential()
    theirs.add(keras.layers.LSTM(256, input_shape=(16, 4096)))
    assert theirs.built
    assert model.params == theirs.count_params() == 4457472
    assert model.summary_text() == keras_summary(theirs)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize(
    "build",
    [
        lambda m: [m.Dense(32, input_dim=784), m.Dense(10)],
        lambda m: [m.Conv2D(8, 3, input_shape=(28, 28, 1)), m.Flatten(), m.Dense(10)],
        lambda m: [m.LSTM(8, return_state=True, input_shape=(5, 3))],
        lambda m: [
            m.Bidirectional(m.LSTM(4, return_sequences=True), merge_mode=None, input_shape=(5, 3))
        ],
        lambda m: [m.InputLayer(shape=(6,)), m.Dense(4, name="hidden"), m.Dense(2, name="out")],
    ],
)
def test_keras_2_style_models(build: Any) -> None:
    keras.backend.clear_session(free_memory=False)
    theirs = keras.Sequential(build(keras.layers))
    ours = layers.Sequential(build(layers))
    assert ours.params == theirs.count_params()
    assert ours.summary_text() == keras_summary(theirs)
    assert [batched(s.output_shape) for s in ours.layers] == [
        shape_of(layer.output) for layer in theirs.layers
    ]


def test_summary_options_match_keras() -> None:
    plan: list[Call] = [
        ("Dense", (4,), {"name": "a_very_long_layer_name_that_does_not_fit"}),
        ("Dropout", (0.5,), {}),
        ("Normalization", (), {}),
        ("Dense", (3,), {"dtype": "float64", "trainable": False}),
        ("BatchNormalization", (), {}),
    ]
    theirs = keras_model((10,), plan)
    ours = paramref_model((10,), plan)
    assert ours.summary_text() == keras_summary(theirs)
    assert ours.summary_text(show_trainable=True) == keras_summary(theirs, show_trainable=True)
    for length in (60, 88, 120):
        wide = keras_summary(theirs, columns=200, line_length=length)
        assert ours.summary_text(line_length=length) == wide
    positions = [0.3, 0.7, 1.0]
    assert ours.summary_text(positions=positions) == keras_summary(theirs, positions=positions)


def test_a_frozen_model_matches_keras() -> None:
    plan: list[Call] = [
        ("Dense", (3,), {}),
        ("Dropout", (0.1,), {}),
        ("BatchNormalization", (), {}),
    ]
    keras.backend.clear_session(free_memory=False)
    theirs = keras.Sequential(
        [keras.Input(shape=(4,)), *(make(keras.layers, c) for c in plan)], trainable=False
    )
    ours = layers.Sequential(
        [layers.Input(shape=(4,)), *(make(layers, c) for c in plan)], trainable=False
    )
    assert (ours.trainable_params, ours.non_trainable_params) == (0, 27)
    assert ours.summary_text(show_trainable=True) == keras_summary(theirs, show_trainable=True)


def test_summary_prints_or_hands_over_the_text(capsys: pytest.CaptureFixture[str]) -> None:
    model = layers.Sequential([layers.Input(shape=(4,)), layers.Dense(2)])
    model.summary()
    assert capsys.readouterr().out == model.summary_text()
    received: list[str] = []
    model.summary(print_fn=received.append)
    assert received == [model.summary_text()]


def test_a_layer_used_twice_is_counted_once() -> None:
    keras.backend.clear_session(free_memory=False)
    shared_keras = keras.layers.Dense(4)
    theirs = keras.Sequential([keras.Input(shape=(4,)), shared_keras, shared_keras])
    shared = layers.Dense(4)
    ours = layers.Sequential([layers.Input(shape=(4,)), shared, shared])
    assert ours.params == theirs.count_params() == 20
    assert ours.summary_text() == keras_summary(theirs)


def test_names_follow_keras_including_wrapped_layers() -> None:
    plan: list[Call] = [
        ("LSTM", (3,), {"return_sequences": True}),
        ("Bidirectional", (("LSTM", (2,), {"return_sequences": True}),), {}),
        ("TimeDistributed", (("Dense", (2,), {}),), {}),
        ("Dense", (1,), {}),
    ]
    assert_same_model((5, 4), plan)
    names = [layer.name for layer in paramref_model((5, 4), plan).layers]
    assert names == ["lstm", "bidirectional", "time_distributed", "dense_1"]


def test_the_specs_given_are_not_changed() -> None:
    dense = layers.Dense(3)
    model = layers.Sequential([layers.Input(shape=(5,)), dense])
    assert model.layers[0].params == 18
    assert not dense.built
    with pytest.raises(ValueError, match="Dense is unbuilt"):
        _ = dense.params


def test_add_pop_and_build() -> None:
    model = layers.Sequential(name="net")
    model.add(layers.Dense(8))
    model.add(layers.Dense(2))
    assert not model.built
    model.build((None, 4))
    assert (model.params, model.input_shape, model.output_shape) == (58, (4,), (2,))
    last = model.pop()
    assert type(last).__name__ == "Dense"
    assert model.params == 40
    assert model.count_params() == 40
    assert model.compute_output_shape((3, 10)) == (3, 8)


@pytest.mark.parametrize(
    ("make_model", "message"),
    [
        (
            lambda: layers.Sequential([layers.Input(shape=(10,)), layers.Conv2D(4, 3)]),
            r"Layer 'conv2d' \(Conv2D\) cannot take inputs of shape \(None, 10\)",
        ),
        (
            lambda: layers.Sequential(
                [layers.Input(shape=(5, 4)), layers.MultiHeadAttention(2, 3)]
            ),
            r"Layer 'multi_head_attention' \(MultiHeadAttention\) takes several",
        ),
        (
            lambda: layers.Sequential([layers.Input(shape=(5, 4)), layers.Attention()]),
            r"Layer 'attention' \(Attention\) must be called on a list of inputs",
        ),
        (
            lambda: layers.Sequential(
                [layers.Input(shape=(5, 4)), layers.LSTM(3, return_state=True), layers.Dense(2)]
            ),
            r"Layer 'dense' \(Dense\) expects 1 input, but it received 3 input tensors",
        ),
        (
            lambda: layers.Sequential([layers.Dense(2, name="x"), layers.Dense(3, name="x")]),
            "unique names",
        ),
        (
            lambda: layers.Sequential([layers.Input(shape=(3,)), layers.Input(shape=(3,))]),
            "already been configured",
        ),
        (
            lambda: layers.Sequential([layers.Input(shape=(4, 4)), layers.Reshape((3, -1))]),
            r"Layer 'reshape' \(Reshape\) cannot take inputs of shape \(None, 4, 4\)",
        ),
        (lambda: layers.Sequential().build((None, 3)), "no layers"),
    ],
)
def test_models_keras_refuses(make_model: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_model()


def test_unbuilt_layers_say_so() -> None:
    with pytest.raises(ValueError, match="Conv2D is unbuilt"):
        _ = layers.Conv2D(4, 3).params
    with pytest.raises(ValueError, match="Dense 'head' is unbuilt"):
        _ = layers.Dense(4, name="head").formula
    with pytest.raises(ValueError, match="output shape"):
        _ = layers.Dense(4).output_shape
    assert repr(layers.Dense(4)) == "Dense(unbuilt)"
    assert layers.Embedding(1000, 64).params == 64000  # the table does not depend on the input
    assert layers.Dropout(0.5).params == 0


def test_only_layer_specs_go_in() -> None:
    with pytest.raises(TypeError, match="Only Keras layer specs"):
        layers.Sequential([keras.layers.Dense(3)])


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize(
    "build",
    [
        lambda m: [m.Bidirectional(m.LSTM(3, input_shape=(5, 4)))],
        lambda m: [m.Bidirectional(m.LSTM(3), input_shape=(5, 4))],
        lambda m: [m.TimeDistributed(m.Dense(3, input_shape=(5, 4)))],
        lambda m: [m.SpectralNormalization(m.Dense(3, input_shape=(4,)))],
        lambda m: [m.Dense(3), m.Dense(2, input_shape=(7,))],
    ],
)
def test_a_model_reads_only_its_first_layers_own_input_shape(build: Any) -> None:
    keras.backend.clear_session(free_memory=False)
    theirs = keras.Sequential(build(keras.layers))
    ours = layers.Sequential(build(layers))
    assert ours.built == theirs.built
    if ours.built:
        assert ours.params == theirs.count_params()
