"""Attention specs against torch.nn.MultiheadAttention and Keras's attention layers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import pytest
import sympy
import torch
from hypothesis import given
from hypothesis import strategies as st

from paramref import layers, nn
from tests.oracles import assert_same, keras_counts, torch_counts

flags = st.booleans()
dims = st.one_of(st.none(), st.integers(min_value=0, max_value=12))


@given(st.integers(1, 4), st.integers(1, 4), flags, flags, flags, dims, dims)
def test_multihead_attention_matches_torch(
    heads: int,
    head_size: int,
    bias: bool,
    add_bias_kv: bool,
    add_zero_attn: bool,
    kdim: int | None,
    vdim: int | None,
) -> None:
    embed_dim = heads * head_size
    arguments: dict[str, Any] = {
        "bias": bias,
        "add_bias_kv": add_bias_kv,
        "add_zero_attn": add_zero_attn,
        "kdim": kdim,
        "vdim": vdim,
    }
    with torch.device("meta"):
        module = torch.nn.MultiheadAttention(embed_dim, heads, **arguments)
    spec = nn.MultiheadAttention(embed_dim, heads, **arguments)
    assert spec.packed == module._qkv_same_embed_dim
    assert_same(spec, torch_counts(module))


def test_kdim_equal_to_embed_dim_is_packed() -> None:
    with torch.device("meta"):
        module = torch.nn.MultiheadAttention(8, 2, kdim=8, vdim=8)
    assert_same(nn.MultiheadAttention(8, 2, kdim=8, vdim=8), torch_counts(module))
    assert "in_proj_weight" in nn.MultiheadAttention(8, 2, kdim=8, vdim=8).shapes


sequences = st.lists(st.integers(1, 4), min_size=0, max_size=2)
features = st.integers(1, 10)


@st.composite
def keras_inputs(
    draw: st.DrawFn,
) -> tuple[tuple[int, ...], tuple[int, ...] | None, tuple[int, ...] | None]:
    """A query shape, and maybe value and key shapes sharing all but the last axis."""
    query = (*draw(sequences), draw(features))
    if draw(st.booleans()):
        return query, None, None
    source = draw(sequences)
    value = (*source, draw(features))
    key = (*source, draw(features)) if draw(st.booleans()) else None
    return query, value, key


def build(
    layer: keras.layers.Layer,
    query: tuple[int, ...],
    value: tuple[int, ...] | None,
    key: tuple[int, ...] | None,
) -> None:
    layer.build(
        (None, *query),
        (None, *(query if value is None else value)),
        None if key is None else (None, *key),
    )


output_shapes = st.one_of(
    st.none(), st.integers(1, 6), st.lists(st.integers(1, 4), min_size=1, max_size=2).map(tuple)
)


@given(
    st.integers(1, 4),
    st.integers(1, 5),
    st.one_of(st.none(), st.integers(1, 5)),
    flags,
    flags,
    output_shapes,
    keras_inputs(),
    flags,
)
def test_multi_head_attention_matches_keras(
    heads: int,
    key_dim: int,
    value_dim: int | None,
    use_bias: bool,
    use_gate: bool,
    output_shape: int | tuple[int, ...] | None,
    inputs: tuple[tuple[int, ...], tuple[int, ...] | None, tuple[int, ...] | None],
    trainable: bool,
) -> None:
    query, value, key = inputs
    arguments: dict[str, Any] = {
        "value_dim": value_dim,
        "use_bias": use_bias,
        "use_gate": use_gate,
        "output_shape": output_shape,
        "trainable": trainable,
    }
    layer = keras.layers.MultiHeadAttention(heads, key_dim, **arguments)
    build(layer, query, value, key)
    spec = layers.MultiHeadAttention(
        heads, key_dim, **arguments, input_shape=query, value_shape=value, key_shape=key
    )
    assert_same(spec, keras_counts(layer, query))


@given(
    st.integers(1, 5),
    st.integers(1, 3),
    st.integers(1, 3),
    flags,
    flags,
    st.integers(1, 10),
    st.one_of(st.none(), st.integers(1, 10)),
    st.one_of(st.none(), st.integers(1, 10)),
)
def test_group_query_attention_matches_keras(
    head_dim: int,
    groups: int,
    kv_heads: int,
    use_bias: bool,
    use_gate: bool,
    query_features: int,
    value_features: int | None,
    key_features: int | None,
) -> None:
    query = (5, query_features)
    value = None if value_features is None else (6, value_features)
    key = None if key_features is None or value is None else (6, key_features)
    arguments = {"use_bias": use_bias, "use_gate": use_gate}
    layer = keras.layers.GroupQueryAttention(head_dim, groups * kv_heads, kv_heads, **arguments)
    build(layer, query, value, key)
    spec = layers.GroupQueryAttention(
        head_dim,
        groups * kv_heads,
        kv_heads,
        **arguments,
        input_shape=query,
        value_shape=value,
        key_shape=key,
    )
    assert_same(spec, keras_counts(layer, query))


def test_closed_forms() -> None:
    e, k, v = sympy.symbols("embed_dim kdim vdim")
    assert sympy.expand(nn.MultiheadAttention(8, 2).formula - 4 * (e + 1) * e) == 0
    assert nn.MultiheadAttention(8, 2, bias=False).formula == 4 * e**2
    assert (
        sympy.expand(nn.MultiheadAttention(8, 2, add_bias_kv=True).formula - (4 * e**2 + 6 * e))
        == 0
    )
    separate = nn.MultiheadAttention(8, 2, kdim=3, vdim=5).formula
    assert sympy.expand(separate - (2 * e**2 + e * k + e * v + 4 * e)) == 0
    h, kd, d = sympy.symbols("num_heads key_dim query_features")
    keras_self = layers.MultiHeadAttention(2, 4, input_shape=(8,)).formula
    assert sympy.expand(keras_self - (4 * d * h * kd + 3 * h * kd + d)) == 0
    hd, hq, hkv = sympy.symbols("head_dim num_query_heads num_key_value_heads")
    gqa = layers.GroupQueryAttention(4, 4, 2, input_shape=(5, 8)).formula
    assert sympy.expand(gqa - (2 * d * hd * (hq + hkv) + hd * (hq + 2 * hkv) + d)) == 0


def test_keras_and_torch_agree_when_heads_times_key_dim_is_d_model() -> None:
    for d, heads in [(512, 8), (768, 12), (64, 4)]:
        torch_spec = nn.MultiheadAttention(d, heads)
        keras_spec = layers.MultiHeadAttention(heads, d // heads, input_shape=(10, d))
        assert torch_spec.params == keras_spec.params == 4 * d * d + 4 * d


Call = Callable[[], object]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: nn.MultiheadAttention(8, 3),
            ValueError,
            "embed_dim must be divisible by num_heads, got embed_dim=8 and num_heads=3",
        ),
        (lambda: nn.MultiheadAttention(0, 2), ValueError, "embed_dim must be a positive"),
        (lambda: nn.MultiheadAttention(8, 0), ValueError, "num_heads must be a positive"),
        (lambda: nn.MultiheadAttention(8, -2), ValueError, "num_heads must be a positive"),
        (lambda: nn.MultiheadAttention(8.0, 2), TypeError, "embed_dim must be an int"),  # type: ignore[arg-type]
        (lambda: nn.MultiheadAttention(8, 2, kdim=-1), ValueError, "kdim must be a non-negative"),
        (lambda: nn.MultiheadAttention(8, 2, vdim=2.5), TypeError, "vdim must be an int"),  # type: ignore[arg-type]
        (lambda: nn.MultiheadAttention(8, 2, bias=0), TypeError, "bias must be a bool"),  # type: ignore[arg-type]
        (
            lambda: layers.MultiHeadAttention(0, 4, input_shape=(8,)),
            ValueError,
            "num_heads must be a positive integer, got 0",
        ),
        (
            lambda: layers.MultiHeadAttention(2, 0, input_shape=(8,)),
            ValueError,
            "key_dim must be a positive integer, got 0",
        ),
        (
            lambda: layers.MultiHeadAttention(2, 4, value_dim=-1, input_shape=(8,)),
            ValueError,
            "value_dim must be a positive",
        ),
        (
            lambda: layers.MultiHeadAttention(2, 4, input_shape=(5, None)),
            ValueError,
            "input_shape must fix its last axis",
        ),
        (
            lambda: layers.MultiHeadAttention(
                2, 4, input_shape=(5, 8), value_shape=None, key_shape=(6, 3)
            ),
            ValueError,
            "All dimensions of value_shape and key_shape, except the last one, must be equal",
        ),
        (
            lambda: layers.MultiHeadAttention(
                2, 4, input_shape=(5, 8), value_shape=(6, 7), key_shape=(5, 7)
            ),
            ValueError,
            "except the last one",
        ),
        (
            lambda: layers.MultiHeadAttention(2, 4, input_shape=(5, 8), value_shape=()),
            TypeError,
            "value_shape must be a non-empty tuple",
        ),
        (
            lambda: layers.MultiHeadAttention(2, 4, output_shape="8", input_shape=(8,)),  # type: ignore[arg-type]
            TypeError,
            r"output_shape\[0\]",
        ),
        (
            lambda: layers.MultiHeadAttention(2, 4, heads=2, input_shape=(8,)),
            TypeError,
            "MultiHeadAttention got an unexpected keyword argument 'heads'",
        ),
        (
            lambda: layers.GroupQueryAttention(4, 6, 4, input_shape=(5, 8)),
            ValueError,
            "num_query_heads must be divisible by num_key_value_heads",
        ),
        (
            lambda: layers.GroupQueryAttention(4, 6, 2, input_shape=(8,)),
            ValueError,
            r"input_shape must be \(length, features\)",
        ),
        (
            lambda: layers.GroupQueryAttention(0, 6, 2, input_shape=(5, 8)),
            ValueError,
            "head_dim must be a positive",
        ),
    ],
)
def test_bad_arguments(call: Call, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: torch.nn.MultiheadAttention(8, 3),
        lambda: torch.nn.MultiheadAttention(0, 2),
        lambda: keras.layers.MultiHeadAttention(0, 4),
        lambda: keras.layers.GroupQueryAttention(4, 6, 4),
        lambda: keras.layers.MultiHeadAttention(2, 4).build(
            (None, 5, 8), (None, 6, 7), (None, 5, 7)
        ),
    ],
)
def test_frameworks_refuse_them_too(call: Call) -> None:
    with pytest.raises((ValueError, AssertionError)):
        call()


# ------------------------------------------------------- Attention and AdditiveAttention


@given(
    st.booleans(),
    st.sampled_from(["dot", "concat"]),
    st.integers(1, 6),
    st.integers(1, 6),
    st.integers(1, 8),
    st.integers(1, 8),
    st.booleans(),
)
def test_keras_attention_matches_keras(
    use_scale: bool,
    score_mode: str,
    query_steps: int,
    value_steps: int,
    features: int,
    value_features: int,
    trainable: bool,
) -> None:
    query, value = (query_steps, features), (value_steps, value_features)
    layer = keras.layers.Attention(use_scale=use_scale, score_mode=score_mode, trainable=trainable)
    layer.build([(None, *query), (None, *value)])
    spec = layers.Attention(
        use_scale=use_scale,
        score_mode=score_mode,
        trainable=trainable,
        input_shape=query,
        value_shape=value,
    )
    assert_same(spec, keras_counts(layer, query))
    output = layer.compute_output_shape([(None, *query), (None, *value)])
    assert spec.output_shape == tuple(output)[1:]
    unbuilt = layers.Attention(use_scale=use_scale, score_mode=score_mode)
    assert unbuilt.params == spec.params  # two scalars at most, whatever the inputs


@given(st.booleans(), st.integers(1, 6), st.integers(1, 6), st.integers(1, 8), st.booleans())
def test_keras_additive_attention_matches_keras(
    use_scale: bool, query_steps: int, value_steps: int, features: int, trainable: bool
) -> None:
    query, value = (query_steps, features), (value_steps, features)
    layer = keras.layers.AdditiveAttention(use_scale=use_scale, trainable=trainable)
    layer.build([(None, *query), (None, *value)])
    spec = layers.AdditiveAttention(
        use_scale=use_scale, trainable=trainable, input_shape=query, value_shape=value
    )
    assert_same(spec, keras_counts(layer, query))
    output = layer.compute_output_shape([(None, *query), (None, *value)])
    assert spec.output_shape == tuple(output)[1:]


def test_keras_attention_signatures_and_refusals() -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - Keras's own message
        keras.layers.Attention(score_mode="add")
    with pytest.raises(ValueError, match="score_mode"):
        layers.Attention(score_mode="add")
    with pytest.raises(ValueError, match="AdditiveAttention is unbuilt"):
        _ = layers.AdditiveAttention().params
    assert layers.AdditiveAttention(use_scale=False, input_shape=(3, 4)).params == 0
