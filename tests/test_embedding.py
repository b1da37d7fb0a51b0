"""Embedding specs against torch.nn.Embedding, torch.nn.EmbeddingBag and keras.layers.Embedding."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import keras
import numpy as np
import pytest
import sympy
import torch
from hypothesis import given
from hypothesis import strategies as st

from paramref import layers, nn
from tests.oracles import assert_same, keras_counts, keras_output_shape, torch_counts

rows = st.integers(min_value=0, max_value=40)
columns = st.integers(min_value=0, max_value=16)
indices = st.one_of(st.none(), st.integers(min_value=-45, max_value=45))
empty_tensors = pytest.mark.filterwarnings("ignore:Initializing zero-element tensors")


def torch_or_error(build: Callable[[], torch.nn.Module]) -> object:
    try:
        with torch.device("meta"):
            return torch_counts(build())
    except (AssertionError, IndexError):  # IndexError: padding_idx=0 on an empty table
        return AssertionError


@empty_tensors
@given(rows, columns, indices, st.booleans())
def test_embedding_matches_torch(n: int, d: int, padding_idx: int | None, freeze: bool) -> None:
    oracle = torch_or_error(
        lambda: torch.nn.Embedding(n, d, padding_idx=padding_idx, _freeze=freeze)
    )
    if oracle is AssertionError:
        with pytest.raises(ValueError, match="Padding_idx must be within num_embeddings"):
            nn.Embedding(n, d, padding_idx=padding_idx, _freeze=freeze)
    else:
        spec = nn.Embedding(n, d, padding_idx=padding_idx, max_norm=1.0, _freeze=freeze)
        assert_same(spec, oracle)  # type: ignore[arg-type]


@empty_tensors
@given(rows, columns, indices, st.sampled_from(["sum", "mean", "max"]), st.booleans())
def test_embedding_bag_matches_torch(
    n: int, d: int, padding_idx: int | None, mode: str, include_last_offset: bool
) -> None:
    arguments = {"mode": mode, "include_last_offset": include_last_offset}
    oracle = torch_or_error(
        lambda: torch.nn.EmbeddingBag(n, d, padding_idx=padding_idx, **arguments)  # type: ignore[arg-type]
    )
    if oracle is AssertionError:
        with pytest.raises(ValueError, match="padding_idx must be within num_embeddings"):
            nn.EmbeddingBag(n, d, padding_idx=padding_idx, **arguments)  # type: ignore[arg-type]
    else:
        spec = nn.EmbeddingBag(n, d, padding_idx=padding_idx, **arguments)  # type: ignore[arg-type]
        assert_same(spec, oracle)  # type: ignore[arg-type]


def test_embedding_with_an_initial_table() -> None:
    table = torch.zeros(10, 3)
    spec = nn.Embedding(10, 3, _weight=table, _freeze=True)
    assert_same(spec, torch_counts(torch.nn.Embedding(10, 3, _weight=table, _freeze=True)))
    with pytest.raises(ValueError, match="does not match num_embeddings and embedding_dim"):
        nn.Embedding(10, 4, _weight=table)


@given(
    st.integers(1, 60),
    st.integers(1, 20),
    st.one_of(st.none(), st.integers(0, 5)),
    st.booleans(),
    st.booleans(),
)
def test_keras_embedding_matches_keras(
    input_dim: int, output_dim: int, lora_rank: int | None, mask_zero: bool, trainable: bool
) -> None:
    arguments = {"lora_rank": lora_rank, "mask_zero": mask_zero, "trainable": trainable}
    layer = keras.layers.Embedding(input_dim, output_dim, **arguments)
    spec = layers.Embedding(input_dim, output_dim, input_shape=(7,), **arguments)  # type: ignore[arg-type]
    assert_same(spec, keras_counts(layer, (7,)))
    assert spec.output_shape == keras_output_shape(layer, (7,))


@pytest.mark.filterwarnings("ignore:Argument `input_length` is deprecated")
def test_keras_still_takes_input_length() -> None:
    layer = keras.layers.Embedding(10000, 64, input_length=10)
    assert_same(layers.Embedding(10000, 64, input_length=10), keras_counts(layer, (10,)))


def test_keras_embedding_with_initial_weights() -> None:
    weights = [np.zeros((10, 4))]
    layer = keras.layers.Embedding(10, 4, weights=weights)
    assert_same(layers.Embedding(10, 4, weights=weights), keras_counts(layer, (3,)))
    with pytest.raises(ValueError, match="not compatible"):
        keras.layers.Embedding(10, 5, weights=weights)
    with pytest.raises(ValueError, match="does not match"):
        layers.Embedding(10, 5, weights=weights)


def test_seed_numbers() -> None:
    assert layers.Embedding(10000, 64, input_length=10).params == 640_000
    assert layers.Embedding(1000, 64).params == 64_000
    assert nn.Embedding(10000, 64).params == 640_000


def test_closed_forms() -> None:
    n, d = sympy.symbols("num_embeddings embedding_dim")
    assert nn.Embedding(5, 3).formula == n * d
    assert nn.EmbeddingBag(5, 3).formula == n * d
    i, o, r = sympy.symbols("input_dim output_dim lora_rank")
    assert layers.Embedding(5, 3).formula == i * o
    lora = layers.Embedding(5, 3, lora_rank=2).formula
    assert sympy.expand(lora - (i * o + r * (i + o))) == 0


def parameters(cls: type) -> list[tuple[str, object]]:
    signature = inspect.signature(cls.__init__)  # type: ignore[misc]
    return [
        (p.name, p.default)
        for p in signature.parameters.values()
        if p.name != "self" and p.kind is not inspect.Parameter.VAR_KEYWORD
    ]


def test_signatures() -> None:
    assert parameters(nn.Embedding) == parameters(torch.nn.Embedding)
    assert parameters(nn.EmbeddingBag) == parameters(torch.nn.EmbeddingBag)
    expected = parameters(keras.layers.Embedding)
    assert parameters(layers.Embedding) == [*expected, ("input_shape", None)]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: nn.Embedding(-1, 3), ValueError, "num_embeddings must be a non-negative"),
        (lambda: nn.Embedding(10, 3.0), TypeError, "embedding_dim must be an int"),  # type: ignore[arg-type]
        (lambda: nn.Embedding(10, 3, padding_idx=10), ValueError, r"within num_embeddings \(10\)"),
        (lambda: nn.Embedding(10, 3, padding_idx=-11), ValueError, "got -11"),
        (lambda: nn.Embedding(10, 3, padding_idx=1.0), TypeError, "padding_idx must be an int"),  # type: ignore[arg-type]
        (lambda: nn.Embedding(10, 3, _freeze=1), TypeError, "_freeze must be a bool"),  # type: ignore[arg-type]
        (lambda: nn.EmbeddingBag(10, 3, padding_idx=12), ValueError, "padding_idx must be within"),
        (lambda: layers.Embedding(0, 3), ValueError, "input_dim must be a positive integer"),
        (lambda: layers.Embedding(3, 0), ValueError, "output_dim must be a positive integer"),
        (lambda: layers.Embedding(3, 4, input_lenght=2), TypeError, "'input_lenght'"),
        (
            lambda: layers.Embedding(3, 4, lora_rank=2, embeddings_constraint="non_neg"),
            ValueError,
            "LoRA is incompatible with embeddings_constraint",
        ),
    ],
)
def test_bad_arguments(call: Callable[[], object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()
