"""Normalization specs against torch.nn and keras.layers."""

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

from paramref import layers, nn
from tests.oracles import assert_same, keras_counts, keras_output_shape, torch_counts

sizes = st.integers(min_value=0, max_value=12)
positive = st.integers(min_value=1, max_value=12)
flags = st.booleans()

BATCH_NORMS = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d"]
INSTANCE_NORMS = ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"]


@given(st.sampled_from(BATCH_NORMS + INSTANCE_NORMS), sizes, flags, flags, flags)
def test_batch_and_instance_norm_match_torch(
    kind: str, features: int, affine: bool, track: bool, bias: bool
) -> None:
    arguments = {"affine": affine, "track_running_stats": track, "bias": bias}
    with torch.device("meta"):
        module = getattr(torch.nn, kind)(features, **arguments)
    spec = getattr(nn, kind)(features, **arguments)
    assert_same(spec, torch_counts(module))


@given(sizes, flags, flags, flags)
def test_sync_batch_norm_matches_torch(
    features: int, affine: bool, track: bool, bias: bool
) -> None:
    arguments = {"affine": affine, "track_running_stats": track, "bias": bias}
    with torch.device("meta"):
        module = torch.nn.SyncBatchNorm(features, **arguments)
    spec = nn.SyncBatchNorm(features, **arguments)
    assert_same(spec, torch_counts(module))
    assert list(spec.buffers) == [name for name, _ in module.named_buffers()]


def test_sync_batch_norm_takes_torch_arguments() -> None:
    # process_group comes before device and dtype, as in torch.
    assert inspect.signature(nn.SyncBatchNorm).parameters.keys() == (
        inspect.signature(torch.nn.SyncBatchNorm).parameters.keys()
    )
    spec = nn.SyncBatchNorm(8, 1e-5, 0.1, True, True, None, None, None, bias=False)
    assert spec.shapes == {"weight": (8,)}


@pytest.mark.parametrize("kind", [*BATCH_NORMS, *INSTANCE_NORMS, "SyncBatchNorm"])
def test_defaults_match_torch(kind: str) -> None:
    with torch.device("meta"):
        module = getattr(torch.nn, kind)(16)
    assert_same(getattr(nn, kind)(16), torch_counts(module))


normalized_shapes = st.one_of(sizes, st.lists(sizes, max_size=3).map(tuple))


@given(normalized_shapes, flags, flags)
def test_layer_norm_matches_torch(shape: int | tuple[int, ...], affine: bool, bias: bool) -> None:
    with torch.device("meta"):
        module = torch.nn.LayerNorm(shape, elementwise_affine=affine, bias=bias)
    assert_same(nn.LayerNorm(shape, elementwise_affine=affine, bias=bias), torch_counts(module))


@given(normalized_shapes, flags)
def test_rms_norm_matches_torch(shape: int | tuple[int, ...], affine: bool) -> None:
    with torch.device("meta"):
        module = torch.nn.RMSNorm(shape, elementwise_affine=affine)
    assert_same(nn.RMSNorm(shape, elementwise_affine=affine), torch_counts(module))


@given(positive, st.integers(min_value=0, max_value=4), flags, flags)
def test_group_norm_matches_torch(groups: int, per_group: int, affine: bool, bias: bool) -> None:
    channels = groups * per_group
    with torch.device("meta"):
        module = torch.nn.GroupNorm(groups, channels, affine=affine, bias=bias)
    assert_same(nn.GroupNorm(groups, channels, affine=affine, bias=bias), torch_counts(module))


def test_local_response_norm_matches_torch() -> None:
    assert_same(nn.LocalResponseNorm(5), torch_counts(torch.nn.LocalResponseNorm(5)))


def test_buffers_are_not_parameters() -> None:
    spec = nn.BatchNorm2d(64)
    assert spec.params == 128
    assert spec.buffers == {"running_mean": (64,), "running_var": (64,), "num_batches_tracked": ()}
    assert sum(sympy.prod(shape) for shape in spec.buffers.values()) == 129


# ---------------------------------------------------------------------------
# Keras

input_shapes = st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=3).map(tuple)


@st.composite
def shape_and_axis(draw: st.DrawFn) -> tuple[tuple[int, ...], int]:
    shape = draw(input_shapes)
    rank = len(shape) + 1
    axis = draw(st.sampled_from([*range(1, rank), *range(-rank + 1, 0)]))
    return shape, axis


@given(shape_and_axis(), flags, flags, flags, flags)
def test_batch_normalization_matches_keras(
    shape_axis: tuple[tuple[int, ...], int],
    center: bool,
    scale: bool,
    renorm: bool,
    trainable: bool,
) -> None:
    shape, axis = shape_axis
    arguments: dict[str, Any] = {
        "axis": axis,
        "center": center,
        "scale": scale,
        "renorm": renorm,
        "trainable": trainable,
    }
    layer = keras.layers.BatchNormalization(**arguments)
    spec = layers.BatchNormalization(**arguments, input_shape=shape)
    assert_same(spec, keras_counts(layer, shape))
    assert spec.output_shape == keras_output_shape(layer, shape)


@st.composite
def shape_and_axes(draw: st.DrawFn) -> tuple[tuple[int, ...], int | list[int]]:
    shape = draw(input_shapes)
    rank = len(shape) + 1
    choices = [*range(1, rank), *range(-rank + 1, 0)]
    if draw(st.booleans()):
        return shape, draw(st.sampled_from(choices))
    # Distinct axes, as a list; negative and positive indices mixed.
    positions = draw(st.lists(st.integers(1, rank - 1), unique=True, min_size=1))
    axes = [p - rank if draw(st.booleans()) else p for p in positions]
    return shape, axes


@given(shape_and_axes(), flags, flags, flags)
def test_layer_normalization_matches_keras(
    shape_axes: tuple[tuple[int, ...], int | list[int]],
    center: bool,
    scale: bool,
    rms_scaling: bool,
) -> None:
    shape, axis = shape_axes
    arguments: dict[str, Any] = {"axis": axis, "center": center, "scale": scale}
    if rms_scaling:
        arguments["rms_scaling"] = True
    layer = keras.layers.LayerNormalization(**arguments)  # rms_scaling warns: deprecated
    spec = layers.LayerNormalization(**arguments, input_shape=shape)
    assert_same(spec, keras_counts(layer, shape))


@given(shape_and_axes())
def test_rms_normalization_matches_keras(
    shape_axes: tuple[tuple[int, ...], int | list[int]],
) -> None:
    shape, axis = shape_axes
    layer = keras.layers.RMSNormalization(axis=axis)
    spec = layers.RMSNormalization(axis=axis, input_shape=shape)
    assert_same(spec, keras_counts(layer, shape))


@given(positive, st.integers(1, 4), st.integers(0, 2), flags, flags, st.booleans())
def test_group_normalization_matches_keras(
    groups: int, per_group: int, length: int, center: bool, scale: bool, instance: bool
) -> None:
    shape = (3,) * length + (groups * per_group,)
    arguments: dict[str, Any] = {
        "groups": -1 if instance else groups,
        "center": center,
        "scale": scale,
    }
    layer = keras.layers.GroupNormalization(**arguments)
    spec = layers.GroupNormalization(**arguments, input_shape=shape)
    assert_same(spec, keras_counts(layer, shape))


def test_group_normalization_channels_first_matches_keras() -> None:
    layer = keras.layers.GroupNormalization(groups=4, axis=1)
    spec = layers.GroupNormalization(groups=4, axis=1, input_shape=(8, 5, 5))
    assert_same(spec, keras_counts(layer, (8, 5, 5)))


def test_unit_normalization_matches_keras() -> None:
    layer = keras.layers.UnitNormalization()
    assert_same(layers.UnitNormalization(input_shape=(7,)), keras_counts(layer, (7,)))


def test_layer_normalization_quirks_match_keras() -> None:
    # A list of axes is sorted as written: [-1, 1] keeps the last axis first.
    for axis in ([-1, 1], [2, -1], []):
        layer = keras.layers.LayerNormalization(axis=axis)
        spec = layers.LayerNormalization(axis=axis, input_shape=(3, 4))
        assert_same(spec, keras_counts(layer, (3, 4)))


# ---------------------------------------------------------------------------
# Closed forms


def test_closed_forms() -> None:
    c, n, f = sympy.symbols("num_features num_channels features")
    assert nn.BatchNorm2d(8).formula == 2 * c
    assert nn.BatchNorm2d(8, affine=False).formula == 0
    assert nn.SyncBatchNorm(8).formula == 2 * c
    assert nn.GroupNorm(2, 8).formula == 2 * n
    assert nn.LayerNorm(8).formula == 2 * sympy.Symbol("normalized_shape")
    d0, d1 = sympy.symbols("normalized_shape_0 normalized_shape_1")
    assert nn.LayerNorm((3, 8)).formula == 2 * d0 * d1
    assert nn.RMSNorm((3, 8)).formula == d0 * d1
    keras_bn = layers.BatchNormalization(input_shape=(8,))
    assert keras_bn.formula == 4 * f
    assert sum(t.numel for t in keras_bn.symbolic_tensors if t.trainable) == 2 * f
    assert layers.LayerNormalization(input_shape=(8,)).formula == 2 * f
    assert layers.GroupNormalization(groups=2, input_shape=(8,)).formula == 2 * f
    assert layers.RMSNormalization(input_shape=(8,)).formula == f


# ---------------------------------------------------------------------------
# Bad arguments

Call = Callable[[], object]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: nn.BatchNorm1d(-1), ValueError, "num_features must be a non-negative"),
        (lambda: nn.BatchNorm2d(2.0), TypeError, "num_features must be an int, got float"),  # type: ignore[arg-type]
        (lambda: nn.BatchNorm2d(True), TypeError, "num_features must be an int, got bool"),
        (lambda: nn.BatchNorm2d(4, affine=1), TypeError, "affine must be a bool"),  # type: ignore[arg-type]
        (lambda: nn.InstanceNorm2d(4, track_running_stats=None), TypeError, "track_running"),  # type: ignore[arg-type]
        (lambda: nn.LayerNorm(-1), ValueError, "normalized_shape must be a non-negative"),
        (lambda: nn.LayerNorm((2, -1)), ValueError, r"normalized_shape\[1\] must be"),
        (lambda: nn.LayerNorm(2.0), TypeError, "normalized_shape must be an int or a tuple"),  # type: ignore[arg-type]
        (lambda: nn.LayerNorm("4"), TypeError, "normalized_shape must be an int or a tuple"),  # type: ignore[arg-type]
        (lambda: nn.RMSNorm((2, True)), TypeError, r"normalized_shape\[1\] must be an int"),
        (lambda: nn.GroupNorm(3, 4), ValueError, r"num_channels \(4\) must be divisible by"),
        (lambda: nn.GroupNorm(0, 4), ValueError, "num_groups must be a positive integer, got 0"),
        (lambda: nn.GroupNorm(4, 2), ValueError, r"num_channels \(2\) must be divisible"),
        (lambda: nn.LocalResponseNorm(-1), ValueError, "size must be a non-negative"),
        (
            lambda: layers.BatchNormalization(axis=3, input_shape=(3, 4)),
            ValueError,
            "axis 3 is out of range",
        ),
        (
            lambda: layers.BatchNormalization(axis=0, input_shape=(3, 4)),
            ValueError,
            "axis 0 is the batch axis",
        ),
        (
            lambda: layers.BatchNormalization(axis=-3, input_shape=(3, 4)),
            ValueError,
            "axis -3 is the batch axis",
        ),
        (
            lambda: layers.BatchNormalization(axis=[1], input_shape=(3, 4)),  # type: ignore[arg-type]
            TypeError,
            "axis must be an int, got list",
        ),
        (
            lambda: layers.BatchNormalization(input_shape=(3, None)),
            ValueError,
            "input_shape must fix axis -1",
        ),
        (lambda: layers.BatchNormalization(input_shape=()), TypeError, "input_shape must be"),
        (
            lambda: layers.BatchNormalization(center=0, input_shape=(3,)),  # type: ignore[arg-type]
            TypeError,
            "center must be a bool",
        ),
        (
            lambda: layers.BatchNormalization(units=3, input_shape=(3,)),
            TypeError,
            "BatchNormalization got an unexpected keyword argument 'units'",
        ),
        (
            lambda: layers.LayerNormalization(axis=[1, 5], input_shape=(3, 4)),
            ValueError,
            "axis 5 is out of range",
        ),
        (
            lambda: layers.LayerNormalization(axis="1", input_shape=(3, 4)),  # type: ignore[arg-type]
            TypeError,
            "axis must be an int",
        ),
        (
            lambda: layers.GroupNormalization(groups=3, input_shape=(4,)),
            ValueError,
            r"groups \(3\) must divide the number of channels \(4\)",
        ),
        (
            lambda: layers.GroupNormalization(groups=8, input_shape=(4,)),
            ValueError,
            r"groups \(8\) cannot be more than the number of channels \(4\)",
        ),
        (
            lambda: layers.GroupNormalization(groups=0, input_shape=(4,)),
            ValueError,
            "groups must be a positive integer or -1, got 0",
        ),
        (
            lambda: layers.GroupNormalization(groups=2.0, input_shape=(4,)),  # type: ignore[arg-type]
            TypeError,
            "groups must be an int",
        ),
        (
            lambda: layers.RMSNormalization(axis=0, input_shape=(4,)),
            ValueError,
            "batch axis",
        ),
        (
            lambda: layers.UnitNormalization(scale=True, input_shape=(4,)),
            TypeError,
            "unexpected keyword argument 'scale'",
        ),
    ],
)
def test_bad_arguments(call: Call, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: torch.nn.GroupNorm(3, 4),
        lambda: keras.layers.GroupNormalization(groups=3).build((None, 4)),
        lambda: keras.layers.GroupNormalization(groups=0),
        lambda: keras.layers.BatchNormalization(axis=0).build((None, 3, 4)),
    ],
)
def test_frameworks_refuse_them_too(call: Call) -> None:
    with pytest.raises((ValueError, IndexError)):
        call()


# ------------------------------------------------- Normalization and SpectralNormalization


@given(
    st.lists(st.one_of(st.integers(1, 5), st.none()), min_size=1, max_size=3),
    st.one_of(
        st.none(),
        st.integers(-4, 3),
        st.lists(st.integers(-4, 3), min_size=1, max_size=2, unique=True).map(tuple),
    ),
    st.booleans(),
)
def test_keras_normalization_matches_keras(
    shape: list[int | None], axis: int | tuple[int, ...] | None, trainable: bool
) -> None:
    try:
        layer = keras.layers.Normalization(axis=axis, trainable=trainable)
        oracle = keras_counts(layer, shape)
    except (ValueError, RuntimeError):  # an axis named twice fails in torch's reshape
        with pytest.raises(ValueError, match=r"axis"):
            layers.Normalization(axis=axis, trainable=trainable, input_shape=tuple(shape))
        return
    spec = layers.Normalization(axis=axis, trainable=trainable, input_shape=tuple(shape))
    assert_same(spec, oracle)
    assert spec.trainable_params == 0
    assert spec.output_shape == keras_output_shape(layer, shape)


@pytest.mark.parametrize(
    ("mean", "variance", "axis"),
    [(0.0, 1.0, -1), ([0.0, 1.0, 2.0], [1.0, 1.0, 1.0], -1), ([[1.0]], [[2.0]], (1, 2))],
)
def test_keras_normalization_with_fixed_statistics_has_no_weights(
    mean: object, variance: object, axis: int | tuple[int, ...]
) -> None:
    layer = keras.layers.Normalization(axis=axis, mean=mean, variance=variance)
    spec = layers.Normalization(axis=axis, mean=mean, variance=variance, input_shape=(4, 3))
    assert_same(spec, keras_counts(layer, (4, 3)))
    assert spec.params == 0


@pytest.mark.parametrize(
    ("ours", "theirs", "message"),
    [
        (
            lambda: layers.Normalization(mean=0.0),
            lambda: keras.layers.Normalization(mean=0.0),
            "both `mean` and `variance`",
        ),
        (
            lambda: layers.Normalization(mean=[0.0, 1.0], variance=[1.0]),
            lambda: keras.layers.Normalization(mean=[0.0, 1.0], variance=[1.0]),
            "same shape",
        ),
        (
            lambda: layers.Normalization(axis=None, mean=[0.0], variance=[1.0]),
            lambda: keras.layers.Normalization(axis=None, mean=[0.0], variance=[1.0]),
            "rank of `mean`",
        ),
        (
            lambda: layers.Normalization(axis=0, input_shape=(3,)),
            lambda: keras.layers.Normalization(axis=0).build((None, 3)),
            "known shape",
        ),
    ],
)
def test_keras_normalization_refuses_what_keras_refuses(
    ours: Callable[[], object], theirs: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - Keras's own message
        theirs()
    with pytest.raises(ValueError, match=message):
        ours()


SPECTRAL: dict[str, tuple[Callable[..., Any], tuple[int, ...]]] = {
    "Dense": (lambda m, **kw: m.Dense(4, name="inner", **kw), (3,)),
    "Dense_lora": (lambda m, **kw: m.Dense(4, name="inner", lora_rank=2, **kw), (3,)),
    "Conv2D": (lambda m, **kw: m.Conv2D(4, 3, name="inner", **kw), (8, 8, 3)),
    "Conv1DTranspose": (lambda m, **kw: m.Conv1DTranspose(5, 3, name="inner", **kw), (8, 3)),
    "DepthwiseConv2D": (lambda m, **kw: m.DepthwiseConv2D(3, name="inner", **kw), (8, 8, 3)),
    "Embedding": (lambda m, **kw: m.Embedding(10, 4, name="inner", **kw), (3,)),
    "EinsumDense": (
        lambda m, **kw: m.EinsumDense("ab,bc->ac", 6, bias_axes="c", name="inner", **kw),
        (3,),
    ),
}


@pytest.mark.parametrize("kind", sorted(SPECTRAL))
@pytest.mark.parametrize("trainable", [True, False])
def test_keras_spectral_normalization_matches_keras(kind: str, trainable: bool) -> None:
    make, shape = SPECTRAL[kind]
    layer = keras.layers.SpectralNormalization(make(keras.layers), trainable=trainable)
    spec = layers.SpectralNormalization(make(layers), trainable=trainable, input_shape=shape)
    assert_same(spec, keras_counts(layer, shape))
    assert spec.output_shape == keras_output_shape(layer, shape)
    inner = make(layers, input_shape=shape)
    assert spec.params == inner.params + inner.shapes[next(iter(inner.shapes))][-1]


@pytest.mark.parametrize(
    ("inner", "shape"),
    [
        (lambda m: m.SeparableConv2D(4, 3), (8, 8, 3)),
        (lambda m: m.BatchNormalization(), (8,)),
        (lambda m: m.LSTM(3), (4, 5)),
    ],
)
def test_keras_spectral_normalization_needs_a_kernel(inner: Any, shape: tuple[int, ...]) -> None:
    with pytest.raises((ValueError, AttributeError)):
        keras_counts(keras.layers.SpectralNormalization(inner(keras.layers)), shape)
    with pytest.raises(ValueError, match="has no attribute 'kernel' nor 'embeddings'"):
        layers.SpectralNormalization(inner(layers), input_shape=shape)
    with pytest.raises(ValueError, match="power_iterations"):
        layers.SpectralNormalization(layers.Dense(3), power_iterations=0)
