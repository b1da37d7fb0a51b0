"""Linear and Dense specs against torch.nn.Linear and keras.layers.Dense."""

from __future__ import annotations

import keras
import pytest
import sympy
import torch
from hypothesis import given
from hypothesis import strategies as st

from paramref import layers, nn
from tests.oracles import assert_same, keras_counts, torch_counts

sizes = st.integers(min_value=1, max_value=64)


@given(sizes, sizes, st.booleans())
def test_linear_matches_torch(n: int, m: int, bias: bool) -> None:
    with torch.device("meta"):
        module = torch.nn.Linear(n, m, bias=bias)
    assert_same(nn.Linear(n, m, bias=bias), torch_counts(module))


@given(st.lists(sizes, min_size=1, max_size=3), sizes, st.booleans())
def test_dense_matches_keras(shape: list[int], units: int, use_bias: bool) -> None:
    layer = keras.layers.Dense(units, use_bias=use_bias)
    spec = layers.Dense(units, use_bias=use_bias, input_shape=tuple(shape))
    assert_same(spec, keras_counts(layer, shape))


def test_closed_forms() -> None:
    n, m, units, input_dim = sympy.symbols("in_features out_features units input_dim")
    assert sympy.expand(nn.Linear(3, 4).formula - (n + 1) * m) == 0
    assert nn.Linear(3, 4, bias=False).formula == n * m
    assert sympy.expand(layers.Dense(4, input_shape=(3,)).formula - (input_dim + 1) * units) == 0


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: nn.Linear(0, 3), ValueError, "in_features must be a positive integer, got 0"),
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
        (lambda: layers.Dense(0, input_shape=(3,)), ValueError, "units must be a positive"),
        (lambda: layers.Dense(4, input_shape=(None,)), ValueError, "must fix its last axis"),
        (lambda: layers.Dense(4, input_shape=()), TypeError, "input_shape must be a non-empty"),
        (lambda: layers.Dense(4, input_shape=(3, -1)), ValueError, r"input_shape\[1\] must be"),
    ],
)
def test_bad_arguments(call: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()  # type: ignore[operator]
