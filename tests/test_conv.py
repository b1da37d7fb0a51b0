"""Convolution specs against torch.nn.Conv*/ConvTranspose* and the Keras convolutions."""

from __future__ import annotations

import inspect
import math
import re
import warnings
from collections.abc import Callable
from typing import Any

import keras
import numpy as np
import pytest
import sympy
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from paramref import Spec, layers, nn
from tests.oracles import assert_same, keras_counts, keras_output_shape, torch_counts

TORCH = {
    (1, False): (torch.nn.Conv1d, nn.Conv1d),
    (2, False): (torch.nn.Conv2d, nn.Conv2d),
    (3, False): (torch.nn.Conv3d, nn.Conv3d),
    (1, True): (torch.nn.ConvTranspose1d, nn.ConvTranspose1d),
    (2, True): (torch.nn.ConvTranspose2d, nn.ConvTranspose2d),
    (3, True): (torch.nn.ConvTranspose3d, nn.ConvTranspose3d),
}

KERAS_KINDS = {
    "conv": ("Conv1D", "Conv2D", "Conv3D"),
    "transpose": ("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"),
    "depthwise": ("DepthwiseConv1D", "DepthwiseConv2D"),
    "separable": ("SeparableConv1D", "SeparableConv2D"),
}

small = st.integers(min_value=1, max_value=4)


def per_axis(draw: st.DrawFn, rank: int, values: st.SearchStrategy[int]) -> int | tuple[int, ...]:
    """An int, or a tuple of ``rank`` ints: both spellings the frameworks take."""
    if draw(st.booleans()):
        return draw(values)
    return tuple(draw(values) for _ in range(rank))


def spatial_rank(name: str) -> int:
    """1, 2 or 3: the digit before the ``D`` of ``Conv2D``, ``DepthwiseConv1D``, ..."""
    return int(re.search(r"(\d)D", name)[1])  # type: ignore[index]


def axes(value: int | tuple[int, ...], rank: int) -> tuple[int, ...]:
    return value if isinstance(value, tuple) else (value,) * rank


@st.composite
def torch_arguments(draw: st.DrawFn) -> tuple[int, bool, dict[str, Any]]:
    rank, transposed = draw(st.sampled_from(sorted(TORCH)))
    groups = draw(small)
    stride = per_axis(draw, rank, st.integers(1, 3))
    dilation = per_axis(draw, rank, st.integers(1, 2))
    arguments: dict[str, Any] = {
        "in_channels": groups * draw(small),
        "out_channels": groups * draw(small),
        "kernel_size": per_axis(draw, rank, st.integers(1, 5)),
        "stride": stride,
        "dilation": dilation,
        "groups": groups,
        "bias": draw(st.booleans()),
    }
    if transposed:
        arguments["padding"] = per_axis(draw, rank, st.integers(0, 2))
        limits = [max(s, d) for s, d in zip(axes(stride, rank), axes(dilation, rank), strict=True)]
        arguments["output_padding"] = tuple(draw(st.integers(0, limit - 1)) for limit in limits)
    else:
        paddings: list[st.SearchStrategy[Any]] = [st.just("valid"), st.integers(0, 2)]
        if set(axes(stride, rank)) == {1}:
            paddings.append(st.just("same"))
        arguments["padding"] = draw(st.one_of(paddings))
        arguments["padding_mode"] = draw(st.sampled_from(["zeros", "reflect", "replicate"]))
    return rank, transposed, arguments


@given(torch_arguments())
def test_torch_convolutions_match(drawn: tuple[int, bool, dict[str, Any]]) -> None:
    rank, transposed, arguments = drawn
    module_class, spec_class = TORCH[rank, transposed]
    with torch.device("meta"):
        module = module_class(**arguments)
    spec = spec_class(**arguments)
    assert_same(spec, torch_counts(module))
    assert spec.params == (
        arguments["in_channels"]
        * arguments["out_channels"]
        // arguments["groups"]
        * math.prod(axes(arguments["kernel_size"], rank))
        + (arguments["out_channels"] if arguments["bias"] else 0)
    )


def loose(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """An entry, or a tuple of 0 to 4 entries: torch keeps a tuple of any length."""
    return st.one_of(values, st.lists(values, max_size=4).map(tuple))


def mostly(draw: st.DrawFn, usual: st.SearchStrategy[Any], odd: st.SearchStrategy[Any]) -> Any:
    """A draw from ``usual``, or one time in four from ``odd``."""
    return draw(odd) if draw(st.integers(0, 3)) == 0 else draw(usual)


@st.composite
def torch_wide_arguments(draw: st.DrawFn) -> tuple[int, bool, dict[str, Any]]:
    """Any mix of arguments, valid or not: zero and negative sizes, odd-length tuples,
    floats and None where torch stores without checking, padding strings."""
    rank, transposed = draw(st.sampled_from(sorted(TORCH)))
    groups = mostly(draw, st.sampled_from([1, 1, 2, 3]), st.sampled_from([-1, 0, 2.0]))
    per_group = groups if isinstance(groups, int) and groups > 0 else 1
    channels = st.integers(0, 3).map(lambda k: k * per_group)
    odd_channels = st.sampled_from([-2, -1, 5, 4.0])
    steps = st.sampled_from([-1, 0, 1, 1, 1, 2, 3, 1.0, 1.5, None])
    paddings = st.one_of(
        loose(st.sampled_from([-1, 0, 1, 2, 1.5])), st.sampled_from(["same", "valid"])
    )
    modes = ["zeros"] if transposed else ["zeros", "zeros", "reflect", "replicate", "circular"]
    arguments: dict[str, Any] = {
        "in_channels": mostly(draw, channels, odd_channels),
        "out_channels": mostly(draw, channels, odd_channels),
        "kernel_size": mostly(
            draw, loose(st.integers(0, 4)), loose(st.sampled_from([-1, 0, 2, 2.0, "3"]))
        ),
        "stride": draw(loose(steps)),
        "dilation": draw(loose(steps)),
        "groups": groups,
        "bias": draw(st.booleans()),
        "padding": mostly(draw, paddings, st.sampled_from(["SAME", "full", ""])),
        "padding_mode": mostly(draw, st.sampled_from(modes), st.sampled_from(["edge", "reflect"])),
    }
    if transposed:
        arguments["output_padding"] = draw(loose(st.sampled_from([-1, 0, 1, 2, 3, 1.5])))
    return rank, transposed, arguments


@settings(max_examples=300)
@given(torch_wide_arguments())
def test_torch_refuses_what_torch_refuses(drawn: tuple[int, bool, dict[str, Any]]) -> None:
    """Torch raises if and only if paramref raises; when both build, they agree."""
    rank, transposed, arguments = drawn
    module_class, spec_class = TORCH[rank, transposed]
    try:
        with torch.device("meta"), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch warns when it initialises an empty weight
            module = module_class(**arguments)
    except (TypeError, ValueError, RuntimeError):
        # RuntimeError: torch.empty's negative dimension; paramref raises ValueError.
        with pytest.raises((TypeError, ValueError), match=r"\S"):
            spec_class(**arguments)
    else:
        spec = spec_class(**arguments)
        assert_same(spec, torch_counts(module))
        assert repr(spec) == repr(module)


# Calls torch constructs, most of which it cannot run: paramref counts them alike.
CONSTRUCTED: list[tuple[tuple[int, bool], tuple[Any, ...], dict[str, Any], int]] = [
    ((2, False), (0, 64, 3), {}, 64),
    ((2, False), (3, 0, 3), {}, 0),
    ((2, False), (3, 64, 0), {}, 64),
    ((2, False), (0, 4, 3), {"groups": 4}, 4),
    ((2, False), (3, 64, 3), {"stride": 0}, 1792),
    ((2, False), (3, 64, 3), {"stride": -1, "dilation": 0, "padding": -1}, 1792),
    ((2, False), (3, 64, (3, 3, 3)), {}, 5248),
    ((2, False), (3, 64, (3, 3, 3)), {"padding": "same"}, 5248),
    ((2, False), (3, 64, ()), {}, 256),
    ((1, False), (3, 4, (2, 3)), {}, 76),
    ((3, False), (3, 4, [2]), {}, 28),
    ((2, False), (3, 64, 3), {"stride": (1, 2, 3), "padding": (1,)}, 1792),
    ((2, False), (3, 64, 3), {"stride": 1.5, "padding": None, "dilation": "ab"}, 1792),
    ((2, False), (3, 64, 3), {"padding": "same", "stride": 1.0, "dilation": 1.5}, 1792),
    ((2, True), (3, 6, 3), {"output_padding": 2}, 168),
    ((2, True), (3, 6, 3), {"output_padding": (-1, 5, 0)}, 168),
    ((2, True), (3, 6, 3), {"padding": "same"}, 168),
    ((2, True), (0, 6, (3, 3, 3)), {"stride": 0}, 6),
]


@pytest.mark.parametrize(("key", "args", "kwargs", "params"), CONSTRUCTED)
def test_counts_what_torch_constructs(
    key: tuple[int, bool], args: tuple[Any, ...], kwargs: dict[str, Any], params: int
) -> None:
    module_class, spec_class = TORCH[key]
    with torch.device("meta"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        module = module_class(*args, **kwargs)
    spec = spec_class(*args, **kwargs)
    assert_same(spec, torch_counts(module))
    assert spec.params == params
    assert repr(spec) == repr(module)
    assert spec.kernel_size == module.kernel_size
    assert spec.stride == module.stride
    assert spec.padding == module.padding
    assert spec.output_padding == module.output_padding


def test_numpy_integers_as_torch_takes_them() -> None:
    """``torch.empty`` takes numpy integers in a shape; so does paramref."""
    three, eight, one, kernel = np.int64(3), np.int64(8), np.int64(1), np.array([3, 2])
    arguments: dict[str, Any] = {"kernel_size": three, "groups": one}
    spec = nn.Conv2d(three, eight, **arguments)  # type: ignore[arg-type]
    with torch.device("meta"):
        module = torch.nn.Conv2d(three, eight, **arguments)  # type: ignore[arg-type]
    assert_same(spec, torch_counts(module))
    conv1d: Any = nn.Conv1d
    assert conv1d(4, 4, kernel).shapes == {"weight": (4, 4, 3, 2), "bias": (4,)}


@pytest.mark.parametrize(
    "arguments",
    [
        {"in_channels": True, "out_channels": 4, "kernel_size": 3},
        {"in_channels": 4, "out_channels": 4, "kernel_size": True},
        {"in_channels": 4, "out_channels": 4, "kernel_size": (3, True)},
        {"in_channels": 4, "out_channels": 4, "kernel_size": 3, "groups": True},
        {"in_channels": 4, "out_channels": 4, "kernel_size": 3, "stride": True},
        {"in_channels": 4, "out_channels": 4, "kernel_size": 3, "padding": (0, False)},
        {"in_channels": 4, "out_channels": 4, "kernel_size": 3, "dilation": True},
        {"in_channels": 4, "out_channels": 4, "kernel_size": 3, "bias": 1},
    ],
)
def test_the_one_deliberate_difference(arguments: dict[str, Any]) -> None:
    """Torch takes a bool for an int and any truthy value for ``bias``; paramref does not."""
    with torch.device("meta"):
        torch.nn.Conv2d(**arguments)
    with pytest.raises(TypeError, match=r"must be a bool|got bool"):
        nn.Conv2d(**arguments)


@st.composite
def keras_arguments(draw: st.DrawFn) -> tuple[str, dict[str, Any], tuple[int | None, ...]]:
    kind = draw(st.sampled_from(sorted(KERAS_KINDS)))
    name = draw(st.sampled_from(KERAS_KINDS[kind]))
    rank = spatial_rank(name)
    groups = draw(small) if kind == "conv" else 1
    kernel = per_axis(draw, rank, st.integers(1, 4))
    strides = per_axis(draw, rank, st.integers(1, 2))
    dilation = 1 if set(axes(strides, rank)) != {1} else per_axis(draw, rank, st.integers(1, 2))
    paddings = ["valid", "same", "SAME"] + (["causal"] if name == "Conv1D" else [])
    arguments: dict[str, Any] = {
        "kernel_size": kernel,
        "strides": strides,
        "padding": draw(st.sampled_from(paddings)),
        "data_format": draw(st.sampled_from([None, "channels_last", "channels_first"])),
        "dilation_rate": dilation,
        "use_bias": draw(st.booleans()),
    }
    if kind != "depthwise":
        arguments["filters"] = groups * draw(small)
    if kind == "conv":
        arguments["groups"] = groups
    if kind in ("depthwise", "separable"):
        arguments["depth_multiplier"] = draw(small)
    if kind == "transpose" and draw(st.booleans()):
        arguments["output_padding"] = tuple(
            draw(st.integers(0, s - 1)) for s in axes(strides, rank)
        )
    # Spatial sizes large enough for a "valid" output; some left free.
    reach = [d * (k - 1) + 1 for d, k in zip(axes(dilation, rank), axes(kernel, rank), strict=True)]
    spatial = [None if draw(st.booleans()) else r + draw(st.integers(0, 3)) for r in reach]
    channels = groups * draw(small)
    if arguments["data_format"] == "channels_first":
        shape = (channels, *spatial)
    else:
        shape = (*spatial, channels)
    return name, arguments, shape


@given(keras_arguments())
def test_keras_convolutions_match(
    drawn: tuple[str, dict[str, Any], tuple[int | None, ...]],
) -> None:
    name, arguments, shape = drawn
    layer = getattr(keras.layers, name)(**arguments)
    spec = getattr(layers, name)(**arguments, input_shape=shape)
    assert_same(spec, keras_counts(layer, shape))
    assert spec.output_shape == keras_output_shape(layer, shape)


@pytest.mark.parametrize(
    ("name", "arguments", "shape"),
    [
        ("Conv2D", {"filters": 6, "kernel_size": 3, "lora_rank": 2}, (8, 8, 4)),
        ("Conv1D", {"filters": 4, "kernel_size": 5, "groups": 2, "lora_rank": 3}, (9, 6)),
        ("Conv3D", {"filters": 2, "kernel_size": 1, "lora_rank": 1, "lora_alpha": 8}, (2, 2, 2, 3)),
        ("Conv2D", {"filters": 6, "kernel_size": 3, "lora_rank": 0}, (8, 8, 4)),
        ("Conv2D", {"filters": 6, "kernel_size": 3, "lora_rank": 2, "trainable": False}, (8, 8, 4)),
        ("Conv2DTranspose", {"filters": 6, "kernel_size": 3, "trainable": False}, (8, 8, 4)),
        ("DepthwiseConv2D", {"kernel_size": 3, "trainable": False, "name": "dw"}, (8, 8, 4)),
        ("SeparableConv1D", {"filters": 3, "kernel_size": 3, "trainable": False}, (8, 4)),
        (
            "Conv2D",
            {"filters": 6, "kernel_size": 3, "activation": "relu", "dtype": "float64"},
            (3, 3, 4),
        ),
        ("Conv2D", {"filters": 6, "kernel_size": 3, "data_format": "CHANNELS_FIRST"}, (4, 3, 3)),
    ],
)
def test_keras_layer_keywords(name: str, arguments: dict[str, Any], shape: tuple[int, ...]) -> None:
    """LoRA adds two trainable factors and freezes the kernel; trainable=False freezes all."""
    layer = getattr(keras.layers, name)(**arguments)
    spec = getattr(layers, name)(**arguments, input_shape=shape)
    assert_same(spec, keras_counts(layer, shape))


@st.composite
def keras_edge_cases(draw: st.DrawFn) -> tuple[str, dict[str, Any], tuple[int, ...]]:
    """Groups that may not divide, kernels that may not fit the input, strided dilation,
    zero channels and empty axes."""
    name = draw(st.sampled_from([n for names in KERAS_KINDS.values() for n in names]))
    rank = spatial_rank(name)
    arguments: dict[str, Any] = {
        "kernel_size": draw(st.integers(1, 4)),
        "strides": draw(st.integers(1, 2)),
        "dilation_rate": draw(st.integers(1, 2)),
    }
    if not name.startswith("Depthwise"):
        arguments["filters"] = draw(st.integers(1, 6))
    if name.startswith("Conv") and not name.endswith("Transpose"):
        arguments["groups"] = draw(st.integers(1, 4))
    if name.endswith("Transpose"):
        arguments["output_padding"] = draw(st.integers(0, 2))
    paddings = ["valid", "same"] + (["causal"] if name == "Conv1D" else [])
    arguments["padding"] = draw(st.sampled_from(paddings))
    # Zero sizes too: Keras builds on zero channels, and on an empty axis unless "valid".
    shape = (*(draw(st.integers(0, 5)) for _ in range(rank)), draw(st.integers(0, 6)))
    return name, arguments, shape


@given(keras_edge_cases())
def test_keras_refuses_what_keras_refuses(
    drawn: tuple[str, dict[str, Any], tuple[int, ...]],
) -> None:
    name, arguments, shape = drawn
    try:
        layer = getattr(keras.layers, name)(**arguments)
        oracle = keras_counts(layer, shape)
    except ValueError:
        with pytest.raises(ValueError, match=r"\S"):
            getattr(layers, name)(**arguments, input_shape=shape)
    else:
        assert_same(getattr(layers, name)(**arguments, input_shape=shape), oracle)


# The closed forms on docs/convolution.md, proved for symbols.

c_in, c_out, g = sympy.symbols("in_channels out_channels groups")
c, f, m, r = sympy.symbols("input_channels filters depth_multiplier lora_rank")


def kernel(rank: int) -> sympy.Expr:
    return sympy.Mul(*sympy.symbols(f"kernel_size_0:{rank}"))


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_closed_forms_torch(rank: int) -> None:
    k = kernel(rank)
    spec_class, transpose_class = TORCH[rank, False][1], TORCH[rank, True][1]
    for cls in (spec_class, transpose_class):
        assert sympy.simplify(cls(4, 6, 3, groups=2).formula - (c_out * c_in / g * k + c_out)) == 0
        assert sympy.simplify(cls(4, 6, 3, bias=False).formula - c_out * c_in / g * k) == 0
    depthwise = spec_class(8, 16, 3, groups=8).formula.subs(g, c_in)
    assert sympy.simplify(depthwise - (c_out * k + c_out)) == 0


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_closed_forms_keras(rank: int) -> None:
    k = kernel(rank)
    shape = (5,) * rank + (4,)
    conv = getattr(layers, f"Conv{rank}D")
    transpose = getattr(layers, f"Conv{rank}DTranspose")
    assert (
        sympy.simplify(conv(6, 3, groups=2, input_shape=shape).formula - (k * c / g * f + f)) == 0
    )
    lora = conv(6, 3, lora_rank=2, input_shape=shape).formula
    assert sympy.simplify(lora - (k * c / g * f + f + k * c / g * r + r * f)) == 0
    assert sympy.expand(transpose(6, 3, input_shape=shape).formula - (k * f * c + f)) == 0
    if rank <= 2:
        depthwise = getattr(layers, f"DepthwiseConv{rank}D")(3, input_shape=shape).formula
        assert sympy.factor(depthwise) == sympy.factor(c * m * (k + 1))
        separable = getattr(layers, f"SeparableConv{rank}D")(6, 3, input_shape=shape).formula
        assert sympy.expand(separable - (k * c * m + c * m * f + f)) == 0


def test_conv_and_transpose_count_alike() -> None:
    """Same channels, kernel and groups: the same count, the weight's axes swapped."""
    for rank in (1, 2, 3):
        conv, transpose = TORCH[rank, False][1], TORCH[rank, True][1]
        assert conv(6, 4, 3, groups=2).formula == transpose(6, 4, 3, groups=2).formula


def test_seed_numbers() -> None:
    assert nn.Conv2d(3, 64, 3).params == 1792
    assert layers.Conv2D(64, (3, 3), input_shape=(32, 32, 3)).params == 1792
    assert layers.Conv1D(32, 7, input_shape=(500, 128)).params == 7 * 128 * 32 + 32 == 28704


S = (8, 8, 4)
T = TypeError
V = ValueError
BAD: list[tuple[Callable[[], Spec], type[Exception], str]] = [
    (lambda: nn.Conv2d(-1, 4, 3), V, "in_channels must be a non-negative integer .*got -1"),
    (lambda: nn.Conv2d(3, -4, 3, bias=False), V, "out_channels must be a non-negative"),
    (lambda: nn.Conv2d(3, 4, 3.0), T, "kernel_size must be an int, got float 3.0"),  # type: ignore[arg-type]
    (lambda: nn.Conv2d(3, 4, "3"), T, r"kernel_size\[0\] must be an int, got str '3'"),  # type: ignore[arg-type]
    (lambda: nn.Conv2d(3, 4, None), T, "kernel_size must be an int, got NoneType"),  # type: ignore[arg-type]
    (lambda: nn.Conv2d(3, 4, (3, -1)), V, r"kernel_size\[1\] must be a non-negative integer"),
    (lambda: nn.Conv3d(3, 4, -2), V, "kernel_size must be a non-negative integer"),
    (lambda: nn.Conv2d(3.0, 4, 3), T, "in_channels must be an int, got float 3.0"),  # type: ignore[arg-type]
    (lambda: nn.Conv1d(True, 4, 3), T, "in_channels must be an int, got bool True"),
    (lambda: nn.Conv2d(4, 4, 3, stride=True), T, "stride must be an int or a tuple of ints"),
    (lambda: nn.Conv2d(4, 4, 3, dilation=(1, True)), T, r"dilation\[1\] must be an int, got bool"),
    (lambda: nn.Conv2d(4, 4, 3, groups=0), V, "groups must be a positive integer, got 0"),
    (lambda: nn.Conv2d(4, 4, 3, groups=-2), V, "groups must be a positive integer, got -2"),
    (lambda: nn.Conv2d(4, 4, 3, groups=2.0), T, "groups must be an int, got float 2.0"),  # type: ignore[arg-type]
    (lambda: nn.Conv2d(6, 4, 3, groups=4), V, "in_channels must be divisible by groups, got"),
    (lambda: nn.Conv2d(4, 6, 3, groups=4), V, "out_channels must be divisible by groups"),
    (lambda: nn.ConvTranspose2d(4, 6, 3, groups=4), V, "out_channels must be divisible"),
    (lambda: nn.Conv2d(4, 4, 3, bias=0), T, "bias must be a bool, got int 0"),  # type: ignore[arg-type]
    (lambda: nn.Conv2d(4, 4, 3, padding="full"), V, "Invalid padding string 'full'"),
    (lambda: nn.Conv2d(4, 4, 3, padding="SAME"), V, "Invalid padding string 'SAME'"),
    (lambda: nn.Conv2d(4, 4, 3, stride=2, padding="same"), V, "not supported for strided"),
    (lambda: nn.Conv2d(4, 4, 3, stride=(1, 0), padding="same"), V, "not supported for strided"),
    (lambda: nn.Conv2d(4, 4, 3, padding="same", dilation=None), T, "dilation.0. must be a number"),  # type: ignore[arg-type]
    (lambda: nn.Conv2d(4, 4, 3, padding_mode="edge"), V, "padding_mode must be one of"),
    (lambda: nn.ConvTranspose2d(4, 4, 3, padding_mode="reflect"), V, 'Only "zeros" padding'),
    (lambda: nn.ConvTranspose2d(4, 4, 3, padding_mode="edge"), V, 'Only "zeros" padding'),
    (lambda: layers.Conv2D(0, 3, input_shape=(8, 8, 3)), V, "filters must be a positive"),
    (lambda: layers.Conv2D(6, 3, groups=4, input_shape=S), V, "filters must be divisible"),
    (lambda: layers.Conv2D(6, 3, groups=3, input_shape=S), V, "input_channels must be"),
    (lambda: layers.Conv2D(6, 0, input_shape=S), V, "kernel_size must be a positive"),
    (lambda: layers.Conv2D(6, 3, strides=2, dilation_rate=2, input_shape=S), V, "strides > 1"),
    (lambda: layers.Conv2D(6, 3, padding="causal", input_shape=S), V, "padding must be one of"),
    (lambda: layers.Conv1DTranspose(6, 3, padding="causal", input_shape=(8, 4)), V, "padding must"),
    (lambda: layers.Conv2D(6, 3, padding=1, input_shape=S), T, "padding must be one of"),  # type: ignore[arg-type]
    (lambda: layers.Conv2D(6, 3, data_format="nhwc", input_shape=S), V, "data_format must"),
    (lambda: layers.Conv2D(6, 3, use_bias=1, input_shape=S), T, "use_bias must be a bool"),  # type: ignore[arg-type]
    (lambda: layers.Conv2D(6, 3, input_shape=(8, 4)), V, r"input_shape must have 3 entries"),
    (lambda: layers.Conv2D(6, 3, input_shape=8), T, "input_shape must be a tuple"),  # type: ignore[arg-type]
    (lambda: layers.Conv2D(6, 3, input_shape=(8, 8, None)), V, "must fix the channel axis"),
    (lambda: layers.Conv2D(6, 3, input_shape=(8, 8, -1)), V, r"input_shape\[2\] must be a non-neg"),
    (lambda: layers.Conv2D(6, 3, input_shape=(2, 8, 4)), V, "too small for Conv2D"),
    (lambda: layers.DepthwiseConv1D(5, dilation_rate=2, input_shape=(8, 4)), V, "kernel spans 9"),
    (lambda: layers.Conv2D(6, 3, foo=1, input_shape=S), T, "unexpected keyword argument 'foo'"),
    (lambda: layers.Conv2DTranspose(6, 3, lora_rank=2, input_shape=S), T, "'lora_rank'"),
    (lambda: layers.Conv2D(6, 3, lora_rank=-1, input_shape=S), V, "lora_rank must be"),
    (lambda: layers.Conv2D(6, 3, trainable=0, input_shape=S), T, "trainable must be a bool"),
    (lambda: layers.Conv2DTranspose(6, 3, output_padding=1, input_shape=S), V, "strictly less"),
    (lambda: layers.DepthwiseConv2D(3, depth_multiplier=0, input_shape=S), V, "depth_multiplier"),
    (
        lambda: layers.SeparableConv2D(4, 3, depth_multiplier=1.5, input_shape=S),  # type: ignore[arg-type]
        T,
        "depth_multiplier",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), BAD)
def test_bad_arguments(call: Callable[[], Spec], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()


def test_keras_accepts_what_torch_checks_differently() -> None:
    """Depthwise and separable layers allow strides and dilation above 1 together, as Keras."""
    spec = layers.DepthwiseConv2D(3, strides=2, dilation_rate=2, input_shape=(9, 9, 4))
    layer = keras.layers.DepthwiseConv2D(3, strides=2, dilation_rate=2)
    assert_same(spec, keras_counts(layer, (9, 9, 4)))


def _same_default(ours: object, theirs: object) -> bool:
    """``1`` and ``(1, 1)`` are the same default for a per-axis argument."""
    if isinstance(theirs, tuple) and isinstance(ours, int):
        return theirs == (ours,) * len(theirs)
    return ours == theirs


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [(spec, module) for module, spec in TORCH.values()]
    + [
        (getattr(layers, name), getattr(keras.layers, name))
        for names in KERAS_KINDS.values()
        for name in names
    ],
    ids=lambda cls: f"{cls.__module__.split('.')[0]}.{cls.__name__}",
)
def test_signatures_follow_the_framework(ours: type, theirs: type) -> None:
    """Same argument names, in the same order, with the same defaults."""
    mine = inspect.signature(ours).parameters
    framework = inspect.signature(theirs).parameters
    names = [n for n, p in framework.items() if p.kind is not p.VAR_KEYWORD]
    assert [n for n in mine if n not in ("input_shape", "kwargs")] == names
    for name in names:
        assert _same_default(mine[name].default, framework[name].default), name
