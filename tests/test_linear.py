"""Linear, Bilinear, Identity, AdaptiveLogSoftmaxWithLoss, Dense and EinsumDense.

Against torch.nn and keras.layers.
"""

from __future__ import annotations

import inspect
import math
import warnings
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import keras
import pytest
import sympy
import torch
from hypothesis import given
from hypothesis import strategies as st

from paramref import layers, nn
from tests.oracles import assert_same, keras_counts, keras_output_shape, torch_counts

sizes = st.integers(min_value=1, max_value=64)
sizes_or_zero = st.integers(min_value=0, max_value=64)
# torch warns when it initialises a tensor with no elements; empty layers are tested on purpose.
empty_tensors = pytest.mark.filterwarnings("ignore:Initializing zero-element tensors")
ranks = st.one_of(st.none(), st.integers(min_value=0, max_value=6))


@empty_tensors
@given(sizes_or_zero, sizes_or_zero, st.booleans())
def test_linear_matches_torch(n: int, m: int, bias: bool) -> None:
    with torch.device("meta"):
        module = torch.nn.Linear(n, m, bias=bias)
    assert_same(nn.Linear(n, m, bias=bias), torch_counts(module))


@empty_tensors
@given(sizes, st.integers(0, 16), st.integers(0, 16), st.booleans())
def test_bilinear_matches_torch(in1: int, in2: int, out: int, bias: bool) -> None:
    with torch.device("meta"):
        module = torch.nn.Bilinear(in1, in2, out, bias=bias)
    assert_same(nn.Bilinear(in1, in2, out, bias=bias), torch_counts(module))


def test_bilinear_refuses_what_torch_refuses() -> None:
    with pytest.raises(ValueError, match="in1_features"), torch.device("meta"):
        torch.nn.Bilinear(0, 3, 4)
    with pytest.raises(ValueError, match="in1_features must be > 0, got 0"):
        nn.Bilinear(0, 3, 4)


def test_identity_matches_torch() -> None:
    module = torch.nn.Identity(54, unused=3)
    assert_same(nn.Identity(54, unused=3), torch_counts(module))


@given(st.lists(sizes, min_size=1, max_size=3), sizes, st.booleans(), ranks, st.booleans())
def test_dense_matches_keras(
    shape: list[int], units: int, use_bias: bool, lora_rank: int | None, trainable: bool
) -> None:
    arguments = {"use_bias": use_bias, "lora_rank": lora_rank, "trainable": trainable}
    layer = keras.layers.Dense(units, **arguments)
    spec = layers.Dense(units, input_shape=tuple(shape), **arguments)  # type: ignore[arg-type]
    assert_same(spec, keras_counts(layer, shape))
    assert spec.output_shape == keras_output_shape(layer, shape)


def test_dense_on_an_empty_axis_matches_keras() -> None:
    assert_same(layers.Dense(4, input_shape=(0,)), keras_counts(keras.layers.Dense(4), (0,)))


def test_dense_takes_every_keras_argument() -> None:
    spec = layers.Dense(
        8,
        activation="relu",
        kernel_initializer="he_normal",
        bias_initializer="ones",
        kernel_regularizer="l2",
        bias_regularizer="l1",
        activity_regularizer="l2",
        bias_constraint="non_neg",
        lora_alpha=16,
        name="head",
        dtype="float32",
        autocast=False,
        input_shape=(4,),
    )
    assert spec.params == 40


# Equations with the output shapes and bias axes Keras's documentation uses, and more.
EQUATIONS: list[tuple[str, list[int | tuple[int | None, ...]], list[str | None], int]] = [
    ("ab,bc->ac", [(64,), 64], [None, "c"], 1),
    ("abc,cd->abd", [(None, 64), (10, 64)], [None, "d"], 2),
    ("abc,cde->abde", [(None, 4, 5), (10, 4, 5)], [None, "de", "e", "d"], 2),
    ("abcd,cde->abe", [(None, 8)], [None, "e", "be"], 3),
    ("abc,bcd->ad", [8, (8,)], [None, "d"], 2),
    ("...b,bc->...c", [64, (64,)], [None, "c"], 3),
    ("ab...,bc->ac...", [64, (64,)], [None, "c"], 3),
    ("abc,db->adc", [(8, None)], [None, "d", "c", "dc"], 2),
]


@st.composite
def einsum_cases(
    draw: st.DrawFn,
) -> tuple[str, int | tuple[int | None, ...], str | None, tuple[int, ...]]:
    equation, outputs, biases, rank = draw(st.sampled_from(EQUATIONS))
    output_shape = draw(st.sampled_from(outputs))
    bias_axes = draw(st.sampled_from(biases))
    length = draw(st.integers(min_value=rank, max_value=rank + 1)) if "..." in equation else rank
    shape = tuple(draw(st.lists(st.integers(1, 12), min_size=length, max_size=length)))
    return equation, output_shape, bias_axes, shape


def keras_or_error(build: Callable[[], object]) -> object:
    try:
        return build()
    except (ValueError, IndexError) as error:
        return type(error)


@given(einsum_cases(), ranks)
def test_einsum_dense_matches_keras(
    case: tuple[str, int | tuple[int | None, ...], str | None, tuple[int, ...]],
    lora_rank: int | None,
) -> None:
    equation, output_shape, bias_axes, shape = case

    def build() -> object:
        layer = keras.layers.EinsumDense(
            equation, output_shape, bias_axes=bias_axes, lora_rank=lora_rank
        )
        return keras_counts(layer, shape)

    oracle = keras_or_error(build)
    if isinstance(oracle, type):
        with pytest.raises(ValueError, match=r"\w"):
            layers.EinsumDense(
                equation, output_shape, bias_axes=bias_axes, lora_rank=lora_rank, input_shape=shape
            )
    else:
        spec = layers.EinsumDense(
            equation, output_shape, bias_axes=bias_axes, lora_rank=lora_rank, input_shape=shape
        )
        assert_same(spec, oracle)  # type: ignore[arg-type]
        layer = keras.layers.EinsumDense(equation, output_shape, bias_axes=bias_axes)
        assert spec.output_shape == keras_output_shape(layer, shape)


@given(
    st.sampled_from(["abc,cd->abd", "abc,cde->abde", "ab,bc->ac", "abc,bcd->ad", "ab,ab->ab"]),
    st.lists(st.one_of(st.none(), st.integers(1, 6)), min_size=1, max_size=3),
    st.lists(st.one_of(st.none(), st.integers(1, 6)), min_size=1, max_size=3),
    st.sampled_from([None, "a", "b", "c", "d", "e", "x", "bd", "de"]),
)
def test_einsum_dense_refuses_what_keras_refuses(
    equation: str,
    input_shape: list[int | None],
    output_shape: list[int | None],
    bias_axes: str | None,
) -> None:
    def build() -> object:
        layer = keras.layers.EinsumDense(equation, tuple(output_shape), bias_axes=bias_axes)
        return keras_counts(layer, input_shape)

    oracle = keras_or_error(build)
    if isinstance(oracle, type):
        with pytest.raises(ValueError, match=r"\w"):
            layers.EinsumDense(
                equation, tuple(output_shape), bias_axes=bias_axes, input_shape=tuple(input_shape)
            )
    else:
        spec = layers.EinsumDense(
            equation, tuple(output_shape), bias_axes=bias_axes, input_shape=tuple(input_shape)
        )
        assert_same(spec, oracle)  # type: ignore[arg-type]


def test_closed_forms() -> None:
    n, m, units, input_dim, r = sympy.symbols("in_features out_features units input_dim lora_rank")
    assert sympy.expand(nn.Linear(3, 4).formula - (n + 1) * m) == 0
    assert nn.Linear(3, 4, bias=False).formula == n * m
    assert sympy.expand(layers.Dense(4, input_shape=(3,)).formula - (input_dim + 1) * units) == 0
    lora = layers.Dense(4, lora_rank=2, input_shape=(3,)).formula
    assert sympy.expand(lora - ((input_dim + 1) * units + r * (input_dim + units))) == 0
    n1, n2 = sympy.symbols("in1_features in2_features")
    assert sympy.expand(nn.Bilinear(2, 3, 4).formula - (n1 * n2 + 1) * m) == 0
    c, d, e = sympy.symbols("c d e")
    spec = layers.EinsumDense("abc,cde->abde", (None, 4, 5), bias_axes="de", input_shape=(9, 3))
    assert sympy.expand(spec.formula - (c + 1) * d * e) == 0


@pytest.mark.parametrize(
    ("torch_class", "spec_class"),
    [
        (torch.nn.Linear, nn.Linear),
        (torch.nn.Bilinear, nn.Bilinear),
        (torch.nn.AdaptiveLogSoftmaxWithLoss, nn.AdaptiveLogSoftmaxWithLoss),
    ],
)
def test_torch_signatures(torch_class: type, spec_class: type) -> None:
    assert parameters(spec_class) == parameters(torch_class)


@pytest.mark.parametrize(
    ("keras_class", "spec_class"),
    [(keras.layers.Dense, layers.Dense), (keras.layers.EinsumDense, layers.EinsumDense)],
)
def test_keras_signatures(keras_class: type, spec_class: type) -> None:
    expected = [p for p in parameters(keras_class) if p[0] != "kwargs"]
    assert parameters(spec_class) == [*expected, ("input_shape", None)]


def parameters(cls: type) -> list[tuple[str, object]]:
    """Argument names and defaults of a constructor, ``self`` and ``**kwargs`` left out."""
    signature = inspect.signature(cls.__init__)  # type: ignore[misc]
    return [
        (p.name, p.default)
        for p in signature.parameters.values()
        if p.name != "self" and p.kind is not inspect.Parameter.VAR_KEYWORD
    ]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: nn.Linear(-1, 3),
            ValueError,
            "in_features must be a non-negative integer, got -1",
        ),
        (
            lambda: nn.Linear(3, 2.0),  # type: ignore[arg-type]
            TypeError,
            "out_features must be an int, got float 2.0",
        ),
        (
            lambda: nn.Linear(3, 2, bias=1),  # type: ignore[arg-type]
            TypeError,
            "bias must be a bool, got int 1",
        ),
        (lambda: nn.Bilinear(2, -3, 4), ValueError, "in2_features must be a non-negative"),
        (lambda: layers.Dense(0, input_shape=(3,)), ValueError, "units must be a positive"),
        (lambda: layers.Dense(4, input_shape=(None,)), ValueError, "must fix its last axis"),
        (lambda: layers.Dense(4, input_shape=()), TypeError, "input_shape must be a non-empty"),
        (lambda: layers.Dense(4, input_shape=(3, -1)), ValueError, r"input_shape\[1\] must be"),
        (
            lambda: layers.Dense(4, unit=3, input_shape=(3,)),
            TypeError,
            "Dense got an unexpected keyword argument 'unit'",
        ),
        (
            lambda: layers.Dense(4, trainable="no", input_shape=(3,)),
            TypeError,
            "trainable must be a bool",
        ),
        (
            lambda: layers.Dense(4, lora_rank=-1, input_shape=(3,)),
            ValueError,
            "lora_rank must be a non-negative integer, got -1",
        ),
        (
            lambda: layers.Dense(4, lora_rank=2, kernel_constraint="non_neg", input_shape=(3,)),
            ValueError,
            "LoRA is incompatible with kernel_constraint",
        ),
        (
            lambda: layers.Dense(4, quantization_config=object(), input_shape=(3,)),
            NotImplementedError,
            "quantization_config",
        ),
        (
            lambda: layers.EinsumDense("ab->b", 3, input_shape=(3,)),
            ValueError,
            "equation must have the form",
        ),
        (
            lambda: layers.EinsumDense("abc,cd->abd", (9, 64), input_shape=(10, 32)),
            ValueError,
            "disagree on the shared axis 'b': 10 and 9",
        ),
        (
            lambda: layers.EinsumDense(
                "abc,cd->abd", (None, 64), bias_axes="x", input_shape=(3, 4)
            ),
            ValueError,
            "axis 'x' is not in the output",
        ),
        (
            lambda: layers.EinsumDense("abc,cd->abd", (None, None), input_shape=(3, 4)),
            ValueError,
            "have no fixed size",
        ),
        (
            lambda: layers.EinsumDense(3, 4, input_shape=(3,)),  # type: ignore[arg-type]
            TypeError,
            "equation must be a str",
        ),
    ],
)
def test_bad_arguments(call: Callable[[], object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()


def test_keras_refuses_lora_with_a_kernel_constraint() -> None:
    layer = keras.layers.Dense(4, lora_rank=2, kernel_constraint="non_neg")
    with pytest.raises(ValueError, match="incompatible with kernel constraints"):
        layer.build((None, 3))


# ---------------------------------------------------------------------------
# AdaptiveLogSoftmaxWithLoss

DIV_VALUES: list[Any] = [4.0, 4, 2, 2.0, 1.5, Fraction(3, 2), 2.5, 1.1, 0.5, 1, 8.0, 100]


@empty_tensors
@given(
    st.integers(0, 80), st.integers(2, 40), st.data(), st.sampled_from(DIV_VALUES), st.booleans()
)
def test_adaptive_log_softmax_matches_torch(
    n: int, classes: int, data: st.DataObject, div: Any, head_bias: bool
) -> None:
    cutoffs = data.draw(st.lists(st.integers(1, classes - 1), min_size=1, max_size=4, unique=True))
    cutoffs.sort()
    with torch.device("meta"):
        module = torch.nn.AdaptiveLogSoftmaxWithLoss(n, classes, cutoffs, div, head_bias)
    spec = nn.AdaptiveLogSoftmaxWithLoss(n, classes, cutoffs, div, head_bias)
    assert_same(spec, torch_counts(module))
    assert list(spec.shapes) == [name for name, _ in module.named_parameters()]


@given(
    st.integers(0, 20),
    st.integers(-2, 12),
    st.lists(st.integers(-2, 14), max_size=4),
    st.sampled_from([*DIV_VALUES, 0, 0.0, -2, -2.0, math.inf, math.nan, 1e200]),
)
def test_adaptive_log_softmax_refuses_what_torch_refuses(
    n: int, classes: int, cutoffs: list[int], div: Any
) -> None:
    try:
        with warnings.catch_warnings(), torch.device("meta"):
            warnings.simplefilter("ignore")
            torch.nn.AdaptiveLogSoftmaxWithLoss(n, classes, cutoffs, div)
    except Exception:
        with pytest.raises(ValueError, match=r"cutoffs|div_value|in_features|n_classes"):
            nn.AdaptiveLogSoftmaxWithLoss(n, classes, cutoffs, div)
    else:
        nn.AdaptiveLogSoftmaxWithLoss(n, classes, cutoffs, div)


def test_adaptive_log_softmax_closed_form() -> None:
    n, c0, c1, classes = sympy.symbols("in_features cutoffs_0 cutoffs_1 n_classes")
    h0, h1 = sympy.floor(n / 4), sympy.floor(n / 16)
    spec = nn.AdaptiveLogSoftmaxWithLoss(1024, 100000, [2000, 10000], head_bias=True)
    expected = (c0 + 2) * (n + 1) + h0 * (n + c1 - c0) + h1 * (n + classes - c1)
    assert sympy.expand(spec.formula - expected) == 0
    assert spec.params == 2002 * 1025 + 256 * (1024 + 8000) + 64 * (1024 + 90000)
    # A float div_value enters the formula as written: 1.5 is 3/2.
    odd = nn.AdaptiveLogSoftmaxWithLoss(10, 20, [5], div_value=1.5)
    assert odd.shapes["tail.0.0.weight"] == (6, 10)
    assert sympy.floor(n * sympy.Rational(2, 3)) in odd.formula.atoms(sympy.floor)


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ((8, 10, []), ValueError, "cutoffs should be a sequence of length larger than 0"),
        ((8, 10, [5, 5]), ValueError, "unique, positive integers"),
        ((8, 10, [10]), ValueError, r"got \[10\] with n_classes=10"),
        ((8, 10, [0]), ValueError, "between 1 and n_classes-1"),
        ((8, 10, [2.0]), TypeError, r"cutoffs\[0\] must be an int, got float 2.0"),
        ((8, 10, 5), TypeError, "cutoffs must be a sequence of ints, got int 5"),
        ((8, 10.0, [5]), TypeError, "n_classes must be an int, got float"),
        ((-1, 10, [5]), ValueError, "in_features must be a non-negative integer"),
        ((8, 10, [5], 0), ValueError, "div_value=0 gives no width for cluster 0"),
        ((8, 10, [5], -2), ValueError, "div_value=-2 gives cluster 0 a negative width -4"),
        ((8, 10, [5], "4"), TypeError, "div_value must be a number, got str"),
        ((8, 10, [5], True), TypeError, "div_value must be a number, got bool"),
        ((8, 10, [5], 4.0, 1), TypeError, "head_bias must be a bool"),
    ],
)
def test_adaptive_log_softmax_bad_arguments(
    arguments: tuple[Any, ...], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        nn.AdaptiveLogSoftmaxWithLoss(*arguments)
