"""Parameter-free layers (and PReLU) against torch.nn and keras.layers."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import keras
import pytest
import sympy
import torch
from hypothesis import given
from hypothesis import strategies as st

import paramref._parameter_free as parameter_free
from paramref import Spec, layers, nn
from tests.oracles import assert_same, keras_counts, torch_counts

# The bad-argument table calls specs the wrong way on purpose.
nn_any: Any = nn
layers_any: Any = layers
torch_nn_any: Any = torch.nn

# name, positional arguments, keyword arguments
TORCH_CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("ReLU", (), {"inplace": True}),
    ("ReLU6", (), {}),
    ("LeakyReLU", (0.2,), {}),
    ("ELU", (), {"alpha": 0.5}),
    ("SELU", (), {}),
    ("CELU", (2.0,), {}),
    ("GELU", (), {"approximate": "tanh"}),
    ("SiLU", (), {}),
    ("Mish", (), {}),
    ("Sigmoid", (), {}),
    ("Tanh", (), {}),
    ("Softmax", (), {"dim": -1}),
    ("LogSoftmax", (1,), {}),
    ("Softplus", (), {"beta": 2.0}),
    ("Hardtanh", (-2.0, 2.0), {}),
    ("Hardswish", (), {}),
    ("Dropout", (0.5,), {}),
    ("Dropout", (), {"p": 1}),
    ("Dropout1d", (0.1,), {}),
    ("Dropout2d", (0.2,), {}),
    ("Dropout3d", (0.3,), {}),
    ("AlphaDropout", (0.1,), {}),
    ("FeatureAlphaDropout", (0.1,), {}),
    ("MaxPool1d", (3,), {"stride": 2}),
    ("MaxPool2d", (2,), {"return_indices": True}),
    ("MaxPool3d", ((2, 2, 2),), {}),
    ("AvgPool1d", (3,), {}),
    ("AvgPool2d", (2,), {"divisor_override": 3}),
    ("AvgPool3d", (2,), {}),
    ("AdaptiveAvgPool1d", (1,), {}),
    ("AdaptiveAvgPool2d", ((1, 1),), {}),
    ("AdaptiveAvgPool3d", (1,), {}),
    ("AdaptiveMaxPool1d", (1,), {}),
    ("AdaptiveMaxPool2d", ((7, 7),), {"return_indices": True}),
    ("AdaptiveMaxPool3d", (1,), {}),
    ("Flatten", (), {}),
    ("Flatten", (0, 2), {}),
    ("Unflatten", (1, (2, 5, 5)), {}),
    ("Unflatten", (1, [4, 4]), {}),
    ("ZeroPad1d", (2,), {}),
    ("ZeroPad2d", ((1, 1, 2, 0),), {}),
    ("ZeroPad3d", (1,), {}),
    ("ConstantPad1d", (2, 3.5), {}),
    ("ConstantPad2d", (1, 0.0), {}),
    ("ConstantPad3d", (1,), {"value": 1.0}),
    ("Upsample", (), {"scale_factor": 2, "mode": "bilinear"}),
    ("PixelShuffle", (2,), {}),
    ("PixelUnshuffle", (2,), {}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), TORCH_CASES)
def test_torch_layers_have_no_parameters(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    with torch.device("meta"):
        module = getattr(torch.nn, name)(*args, **kwargs)
    spec = getattr(nn, name)(*args, **kwargs)
    assert_same(spec, torch_counts(module))
    assert spec.params == 0
    assert spec.formula == 0


# name, positional arguments, keyword arguments, input shape
KERAS_CASES: list[tuple[str, tuple[Any, ...], dict[str, Any], tuple[int, ...]]] = [
    ("Activation", ("relu",), {}, (8,)),
    ("Activation", ("softmax",), {"name": "probabilities"}, (8,)),
    ("ReLU", (), {"max_value": 6.0}, (8,)),
    ("LeakyReLU", (0.2,), {}, (8,)),
    ("ELU", (), {}, (8,)),
    ("Softmax", (), {"axis": 1}, (4, 8)),
    ("Dropout", (0.5,), {}, (8,)),
    ("Dropout", (1,), {"seed": 3}, (8,)),
    ("AlphaDropout", (0.1,), {}, (8,)),
    ("GaussianDropout", (0.1,), {}, (8,)),
    ("GaussianNoise", (0.1,), {}, (8,)),
    ("SpatialDropout1D", (0.2,), {}, (10, 8)),
    ("SpatialDropout2D", (0.2,), {"data_format": "channels_last"}, (6, 6, 3)),
    ("SpatialDropout3D", (0.2,), {}, (4, 4, 4, 3)),
    ("MaxPooling1D", (), {}, (10, 8)),
    ("MaxPooling2D", ((2, 2),), {"strides": 2, "padding": "same"}, (28, 28, 32)),
    ("MaxPooling3D", (), {}, (4, 4, 4, 3)),
    ("AveragePooling1D", (2,), {}, (10, 8)),
    ("AveragePooling2D", (2,), {}, (8, 8, 3)),
    ("AveragePooling3D", (2,), {}, (4, 4, 4, 3)),
    ("GlobalAveragePooling1D", (), {}, (10, 8)),
    ("GlobalAveragePooling2D", (), {"keepdims": True}, (7, 7, 512)),
    ("GlobalAveragePooling3D", (), {}, (4, 4, 4, 3)),
    ("GlobalMaxPooling1D", (), {}, (10, 8)),
    ("GlobalMaxPooling2D", (), {}, (7, 7, 8)),
    ("GlobalMaxPooling3D", (), {}, (4, 4, 4, 3)),
    ("Flatten", (), {}, (7, 7, 64)),
    ("Reshape", ((4, -1),), {}, (8, 2)),
    ("Permute", ((2, 1),), {}, (3, 4)),
    ("RepeatVector", (3,), {}, (8,)),
    ("ZeroPadding1D", (2,), {}, (10, 8)),
    ("ZeroPadding2D", (((1, 2), (3, 4)),), {}, (8, 8, 3)),
    ("ZeroPadding3D", (1,), {}, (4, 4, 4, 3)),
    ("Cropping1D", ((1, 2),), {}, (10, 8)),
    ("Cropping2D", (2,), {}, (8, 8, 3)),
    ("Cropping3D", (1,), {}, (4, 4, 4, 3)),
    ("UpSampling1D", (2,), {}, (10, 8)),
    ("UpSampling2D", ((2, 2),), {"interpolation": "bilinear"}, (8, 8, 3)),
    ("UpSampling3D", (2,), {}, (4, 4, 4, 3)),
    ("Identity", (), {"name": "skip"}, (8,)),
]


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize(("name", "args", "kwargs", "shape"), KERAS_CASES)
def test_keras_layers_have_no_weights(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any], shape: tuple[int, ...]
) -> None:
    layer = getattr(keras.layers, name)(*args, **kwargs)
    spec = getattr(layers, name)(*args, input_shape=shape, **kwargs)
    assert_same(spec, keras_counts(layer, shape))
    assert spec.params == 0
    assert type(spec).__name__ == name
    assert spec.output_shape == tuple(layer.compute_output_shape((None, *shape)))[1:]
    assert spec.compute_output_shape((7, *shape)) == (7, *spec.output_shape)
    unbuilt = getattr(layers, name)(*args, **kwargs)
    assert (unbuilt.built, unbuilt.params) == (False, 0)


@given(
    st.lists(st.one_of(st.integers(0, 6), st.none()), max_size=4),
    st.one_of(st.none(), st.integers(1, 8)),
    st.sampled_from(["shape", "batch_shape"]),
)
def test_input_matches_keras(shape: list[int | None], batch: int | None, how: str) -> None:
    if how == "shape":
        tensor = keras.Input(shape=tuple(shape), batch_size=batch)
        spec = layers.Input(shape=tuple(shape), batch_size=batch)
    elif not shape:
        return
    else:
        tensor = keras.Input(batch_shape=tuple(shape))
        spec = layers.Input(batch_shape=tuple(shape))
    assert spec.batch_shape == tuple(tensor.shape)
    assert spec.output_shape == tuple(tensor.shape)[1:]
    assert_same(spec, keras_counts(keras.layers.InputLayer(batch_shape=tensor.shape), ()))
    assert type(spec).__name__ == "InputLayer"


def test_input_layer_signature() -> None:
    ours = [(n, d) for n, _, d in constructor(layers.InputLayer) if n != "kwargs"]
    theirs = [(n, d) for n, _, d in constructor(keras.layers.InputLayer) if n != "kwargs"]
    assert ours == theirs
    ours_input = inspect.signature(layers.Input).parameters
    theirs_input = inspect.signature(keras.Input).parameters
    assert [(p.name, p.default) for p in ours_input.values()] == [
        (p.name, p.default) for p in theirs_input.values()
    ]


@given(st.integers(0, 256))
def test_prelu_matches_torch(num_parameters: int) -> None:
    with torch.device("meta"):
        module = torch.nn.PReLU(num_parameters, init=0.1)
    assert_same(nn.PReLU(num_parameters, init=0.1), torch_counts(module))


@pytest.mark.filterwarnings("ignore:Initializing zero-element tensors")
def test_prelu_with_no_parameters_matches_torch() -> None:
    assert_same(nn.PReLU(0), torch_counts(torch.nn.PReLU(0)))


@given(
    st.lists(st.one_of(st.integers(1, 6), st.none()), min_size=1, max_size=4),
    st.one_of(
        st.none(),
        st.integers(-4, 5),
        st.lists(st.integers(-4, 5), max_size=3),
        st.tuples(st.integers(1, 4)),
    ),
    st.booleans(),
)
def test_keras_prelu_matches_keras(
    shape: list[int | None], shared_axes: int | list[int] | tuple[int] | None, trainable: bool
) -> None:
    layer = keras.layers.PReLU(shared_axes=shared_axes, trainable=trainable)
    try:
        oracle = keras_counts(layer, shape)
    except (ValueError, IndexError):
        with pytest.raises(ValueError, match=r"\w"):
            layers.PReLU(shared_axes=shared_axes, trainable=trainable, input_shape=tuple(shape))
        return
    spec = layers.PReLU(shared_axes=shared_axes, trainable=trainable, input_shape=tuple(shape))
    assert_same(spec, oracle)


def test_prelu_closed_forms() -> None:
    assert nn.PReLU(64).formula == sympy.Symbol("num_parameters")
    channel_wise = layers.PReLU(shared_axes=[1, 2], input_shape=(32, 32, 3))
    assert channel_wise.formula == sympy.Symbol("axis_3")
    assert channel_wise.params == 3
    element_wise = layers.PReLU(input_shape=(32, 32, 3))
    h, w, c = sympy.symbols("axis_1 axis_2 axis_3")
    assert element_wise.formula == h * w * c
    assert element_wise.params == 3072


def constructor(cls: type) -> list[tuple[str, object, object]]:
    """(name, kind, default) of each argument, ``self`` left out."""
    signature = inspect.signature(cls.__init__)  # type: ignore[misc]
    return [(p.name, p.kind, p.default) for p in signature.parameters.values() if p.name != "self"]


TORCH_NAMES = sorted({name for name, _, _ in TORCH_CASES} | {"PReLU"})


@pytest.mark.parametrize("name", TORCH_NAMES)
def test_torch_signatures(name: str) -> None:
    ours = constructor(getattr(nn, name))
    theirs = constructor(getattr(torch.nn, name))
    if name in {"Sigmoid", "Tanh"}:  # torch: (*args, **kwargs) that Module refuses
        theirs = []
    assert [(n, d) for n, _, d in ours] == [(n, d) for n, _, d in theirs]


KERAS_NAMES = sorted({name for name, _, _, _ in KERAS_CASES} | {"PReLU"})


@pytest.mark.parametrize("name", KERAS_NAMES)
def test_keras_signatures(name: str) -> None:
    ours = [(n, d) for n, kind, d in constructor(getattr(layers, name)) if n != "kwargs"]
    theirs = [(n, d) for n, _, d in constructor(getattr(keras.layers, name)) if n != "kwargs"]
    assert ours == [*theirs, ("input_shape", None)]


def test_every_class_is_exported_and_tested() -> None:
    exported = {
        getattr(module, name)
        for module in (nn, layers)
        for name in module.__all__
        if isinstance(getattr(module, name), type)
    }
    for name in parameter_free.__all__:
        item = getattr(parameter_free, name)
        if isinstance(item, type) and issubclass(item, Spec):
            assert item in exported, name
    assert set(TORCH_NAMES) | set(KERAS_NAMES) | {"InputLayer"} >= {
        getattr(parameter_free, n).__name__
        for n in parameter_free.__all__
        if isinstance(getattr(parameter_free, n), type)
    }


@pytest.mark.parametrize(
    ("ours", "theirs", "error", "message"),
    [
        (
            lambda: nn_any.Dropout(1.5),
            lambda: torch_nn_any.Dropout(1.5),
            ValueError,
            "between 0 and 1, got 1.5",
        ),
        (
            lambda: nn_any.Dropout2d(-0.1),
            lambda: torch_nn_any.Dropout2d(-0.1),
            ValueError,
            "got -0.1",
        ),
        (
            lambda: nn_any.Dropout("0.5"),
            lambda: torch_nn_any.Dropout("0.5"),
            TypeError,
            "p must be a",
        ),
        (
            lambda: nn_any.Hardtanh(2.0, 1.0),
            lambda: torch_nn_any.Hardtanh(2.0, 1.0),
            (ValueError, AssertionError),
            "must be greater",
        ),
        (
            lambda: nn_any.Unflatten(1, 3),
            lambda: torch_nn_any.Unflatten(1, 3),
            TypeError,
            "tuple or list",
        ),
        (
            lambda: nn_any.Unflatten(1, (2.0, 3)),
            lambda: torch_nn_any.Unflatten(1, (2.0, 3)),
            TypeError,
            "must be int",
        ),
        (lambda: nn_any.Tanh(1), lambda: torch_nn_any.Tanh(1), TypeError, "positional argument"),
        (
            lambda: nn_any.PReLU(-1),
            lambda: torch_nn_any.PReLU(-1),
            (ValueError, RuntimeError),
            "-1",
        ),
        (
            lambda: layers_any.Dropout(1.5),
            lambda: keras.layers.Dropout(1.5),
            ValueError,
            "between 0 and 1",
        ),
        (
            lambda: layers_any.SpatialDropout2D(2),
            lambda: keras.layers.SpatialDropout2D(2),
            ValueError,
            "between 0 and 1",
        ),
        (
            lambda: layers_any.GaussianNoise(-1),
            lambda: keras.layers.GaussianNoise(-1),
            ValueError,
            "stddev",
        ),
        (
            lambda: layers_any.ReLU(max_value=-1),
            lambda: keras.layers.ReLU(max_value=-1),
            ValueError,
            "max_value",
        ),
        (
            lambda: layers_any.ReLU(negative_slope=None),
            lambda: keras.layers.ReLU(negative_slope=None),
            ValueError,
            "negative_slope",
        ),
        (
            lambda: layers_any.LeakyReLU(-0.1),
            lambda: keras.layers.LeakyReLU(-0.1),
            ValueError,
            "negative_slope",
        ),
        (
            lambda: layers_any.MaxPooling2D(0),
            lambda: keras.layers.MaxPooling2D(0),
            ValueError,
            "pool_size",
        ),
        (
            lambda: layers_any.MaxPooling2D((2,)),
            lambda: keras.layers.MaxPooling2D((2,)),
            ValueError,
            "pool_size",
        ),
        (
            lambda: layers_any.Flatten(data_format="nhwc"),
            lambda: keras.layers.Flatten(data_format="nhwc"),
            ValueError,
            "data_format",
        ),
        (
            lambda: layers_any.ZeroPadding2D((1, 2, 3)),
            lambda: keras.layers.ZeroPadding2D((1, 2, 3)),
            ValueError,
            "padding",
        ),
        (
            lambda: layers_any.ZeroPadding1D(-1),
            lambda: keras.layers.ZeroPadding1D(-1),
            ValueError,
            "padding",
        ),
        (
            lambda: layers_any.Cropping1D((1, 2, 3)),
            lambda: keras.layers.Cropping1D((1, 2, 3)),
            ValueError,
            "cropping",
        ),
        (
            lambda: layers_any.UpSampling1D(0),
            lambda: keras.layers.UpSampling1D(0),
            ValueError,
            "size",
        ),
        (
            lambda: layers_any.UpSampling2D(0),
            lambda: keras.layers.UpSampling2D(0),
            ValueError,
            "size",
        ),
        (
            lambda: layers_any.Permute((0, 1)),
            lambda: keras.layers.Permute((0, 1)),
            ValueError,
            "permutation",
        ),
        (
            lambda: layers_any.RepeatVector(2.0),
            lambda: keras.layers.RepeatVector(2.0),
            TypeError,
            "n must be an int",
        ),
        (
            lambda: layers_any.Identity(foo=1),
            lambda: keras.layers.Identity(foo=1),
            (TypeError, ValueError),
            "foo",
        ),
        (
            lambda: layers_any.SpatialDropout1D(0.5, trainable=False),
            lambda: keras.layers.SpatialDropout1D(0.5, trainable=False),
            TypeError,
            "trainable",
        ),
        (
            lambda: layers_any.Input(),
            lambda: keras.Input(),
            ValueError,
            "shape",
        ),
        (
            lambda: layers_any.Input(shape=(3,), batch_shape=(None, 3)),
            lambda: keras.Input(shape=(3,), batch_shape=(None, 3)),
            ValueError,
            "both",
        ),
        (
            lambda: layers_any.Cropping1D((4, 4), input_shape=(8, 3)),
            lambda: keras.layers.Cropping1D((4, 4)).compute_output_shape((None, 8, 3)),
            ValueError,
            "cropping",
        ),
        (
            lambda: layers_any.MaxPooling2D(3, input_shape=(2, 8, 3)),
            lambda: keras.layers.MaxPooling2D(3).compute_output_shape((None, 2, 8, 3)),
            ValueError,
            "zero or negative",
        ),
        (
            lambda: layers_any.Reshape((3, -1), input_shape=(4, 4)),
            lambda: keras.layers.Reshape((3, -1)).compute_output_shape((None, 4, 4)),
            ValueError,
            "cannot be divided",
        ),
        (
            lambda: layers_any.Reshape((3, 5), input_shape=(4, 4)),
            lambda: keras.layers.Reshape((3, 5)).compute_output_shape((None, 4, 4)),
            ValueError,
            "unchanged",
        ),
        (
            lambda: layers_any.Reshape((-1, -1)),
            lambda: keras.layers.Reshape((-1, -1)),
            ValueError,
            "at most one",
        ),
        (
            lambda: layers_any.PReLU(shared_axes=[4], input_shape=(3, 4)),
            lambda: keras.layers.PReLU(shared_axes=[4]).build((None, 3, 4)),
            (ValueError, IndexError),
            "shared_axes",
        ),
    ],
)
def test_bad_arguments(
    ours: Callable[[], object],
    theirs: Callable[[], object],
    error: type[Exception] | tuple[type[Exception], ...],
    message: str,
) -> None:
    """paramref refuses what the framework refuses."""
    with pytest.raises(Exception):  # noqa: B017, PT011 - the framework's own error type
        theirs()
    with pytest.raises(error, match=message):
        ours()
