"""Transformer block specs against torch.nn's Transformer modules."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sympy
import torch
from hypothesis import given
from hypothesis import strategies as st

from paramref import nn
from tests.oracles import assert_same, torch_counts

flags = st.booleans()
heads = st.integers(1, 3)
head_sizes = st.integers(1, 3)
feedforward = st.integers(0, 12)
depths = st.integers(0, 3)


@contextmanager
def quiet_meta() -> Iterator[None]:
    """Build on the meta device, silencing torch's advice about nested tensors and empty sizes."""
    with warnings.catch_warnings(), torch.device("meta"):
        warnings.simplefilter("ignore", UserWarning)
        yield


@given(heads, head_sizes, feedforward, flags, flags)
def test_encoder_layer_matches_torch(
    nhead: int, head_size: int, dim_feedforward: int, bias: bool, norm_first: bool
) -> None:
    d_model = nhead * head_size
    arguments: dict[str, Any] = {
        "dim_feedforward": dim_feedforward,
        "bias": bias,
        "norm_first": norm_first,
    }
    with quiet_meta():
        module = torch.nn.TransformerEncoderLayer(d_model, nhead, **arguments)
    assert_same(nn.TransformerEncoderLayer(d_model, nhead, **arguments), torch_counts(module))


@given(heads, head_sizes, feedforward, flags)
def test_decoder_layer_matches_torch(
    nhead: int, head_size: int, dim_feedforward: int, bias: bool
) -> None:
    d_model = nhead * head_size
    with quiet_meta():
        module = torch.nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward, bias=bias)
    spec = nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward, bias=bias)
    assert_same(spec, torch_counts(module))


@given(heads, head_sizes, feedforward, depths, st.sampled_from(["none", "layer", "rms"]), flags)
def test_stacks_match_torch(
    nhead: int, head_size: int, dim_feedforward: int, num_layers: int, norm: str, decoder: bool
) -> None:
    d_model = nhead * head_size
    kinds: tuple[Any, Any, Any, Any] = (
        (
            torch.nn.TransformerDecoderLayer,
            nn.TransformerDecoderLayer,
            torch.nn.TransformerDecoder,
            nn.TransformerDecoder,
        )
        if decoder
        else (
            torch.nn.TransformerEncoderLayer,
            nn.TransformerEncoderLayer,
            torch.nn.TransformerEncoder,
            nn.TransformerEncoder,
        )
    )
    torch_layer, spec_layer, torch_stack, spec_stack = kinds
    with quiet_meta():
        torch_norm = {
            "none": None,
            "layer": torch.nn.LayerNorm(d_model),
            "rms": torch.nn.RMSNorm(d_model),
        }[norm]
        module = torch_stack(torch_layer(d_model, nhead, dim_feedforward), num_layers, torch_norm)
    spec_norm = {"none": None, "layer": nn.LayerNorm(d_model), "rms": nn.RMSNorm(d_model)}[norm]
    spec = spec_stack(spec_layer(d_model, nhead, dim_feedforward), num_layers, spec_norm)
    assert_same(spec, torch_counts(module))


@given(heads, head_sizes, depths, depths, feedforward, flags)
def test_transformer_matches_torch(
    nhead: int, head_size: int, encoders: int, decoders: int, dim_feedforward: int, bias: bool
) -> None:
    d_model = nhead * head_size
    arguments = (d_model, nhead, encoders, decoders, dim_feedforward)
    with quiet_meta():
        module = torch.nn.Transformer(*arguments, bias=bias)
    assert_same(nn.Transformer(*arguments, bias=bias), torch_counts(module))


def test_base_transformer() -> None:
    with quiet_meta():
        module = torch.nn.Transformer()
    spec = nn.Transformer()
    assert spec.params == 44_140_544
    assert_same(spec, torch_counts(module))


def test_custom_encoder_and_decoder_match_torch() -> None:
    with quiet_meta():
        encoder = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(8, 2, 16), 2)
        decoder = torch.nn.TransformerDecoder(
            torch.nn.TransformerDecoderLayer(8, 2, 16), 1, torch.nn.LayerNorm(8)
        )
        both = torch.nn.Transformer(8, 2, custom_encoder=encoder, custom_decoder=decoder)
        one = torch.nn.Transformer(8, 2, 1, 3, 16, custom_encoder=encoder)
    spec_encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2)
    spec_decoder = nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16), 1, nn.LayerNorm(8))
    spec = nn.Transformer(8, 2, custom_encoder=spec_encoder, custom_decoder=spec_decoder)
    assert_same(spec, torch_counts(both))
    assert_same(nn.Transformer(8, 2, 1, 3, 16, custom_encoder=spec_encoder), torch_counts(one))


def test_closed_forms() -> None:
    d, f = sympy.symbols("d_model dim_feedforward")
    attention = 4 * d**2 + 4 * d  # in_proj (3d x d, 3d) and out_proj (d x d, d)
    feed_forward = (d + 1) * f + (f + 1) * d  # linear1 and linear2
    norm = 2 * d  # one LayerNorm(d_model)
    encoder = attention + feed_forward + 2 * norm
    decoder = 2 * attention + feed_forward + 3 * norm
    assert sympy.expand(nn.TransformerEncoderLayer(8, 2).formula - encoder) == 0
    assert sympy.expand(encoder - (4 * d**2 + 2 * d * f + 9 * d + f)) == 0
    assert sympy.expand(nn.TransformerDecoderLayer(8, 2).formula - decoder) == 0
    assert sympy.expand(decoder - (8 * d**2 + 2 * d * f + 15 * d + f)) == 0
    n_e, n_d = sympy.symbols("num_encoder_layers num_decoder_layers")
    total = n_e * encoder + n_d * decoder + 2 * norm
    assert sympy.expand(nn.Transformer().formula - total) == 0
    n = sympy.Symbol("num_layers")
    stack = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2), 6, nn.LayerNorm(8))
    assert sympy.expand(stack.formula - (n * encoder + 2 * sympy.Symbol("normalized_shape"))) == 0


Call = Callable[[], object]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: nn.TransformerEncoderLayer(10, 3),
            ValueError,
            "d_model must be divisible by nhead, got d_model=10 and nhead=3",
        ),
        (lambda: nn.TransformerDecoderLayer(0, 1), ValueError, "d_model must be a positive"),
        (lambda: nn.TransformerEncoderLayer(8, 2, -1), ValueError, "dim_feedforward must be a non"),
        (lambda: nn.TransformerEncoderLayer(8, 2, bias=1), TypeError, "bias must be a bool"),  # type: ignore[arg-type]
        (lambda: nn.Transformer(nhead=7), ValueError, "d_model must be divisible by nhead"),
        (lambda: nn.Transformer(num_encoder_layers=-1), ValueError, "num_encoder_layers must"),
        (
            lambda: nn.Transformer(num_decoder_layers=1.5),  # type: ignore[arg-type]
            TypeError,
            "num_decoder_layers must be an",
        ),
        (
            lambda: nn.TransformerEncoder(nn.TransformerDecoderLayer(8, 2), 2),  # type: ignore[arg-type]
            TypeError,
            "encoder_layer must be a paramref.nn.TransformerEncoderLayer",
        ),
        (
            lambda: nn.TransformerDecoder(nn.TransformerEncoderLayer(8, 2), 2),  # type: ignore[arg-type]
            TypeError,
            "decoder_layer must be a paramref.nn.TransformerDecoderLayer",
        ),
        (
            lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2), -1),
            ValueError,
            "num_layers must be a non-negative",
        ),
        (
            lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2), 2, norm="layer"),  # type: ignore[arg-type]
            TypeError,
            "norm must be a paramref spec or None",
        ),
        (
            lambda: nn.Transformer(custom_encoder=nn.TransformerEncoderLayer(8, 2)),  # type: ignore[arg-type]
            TypeError,
            "custom_encoder must be a paramref.nn.TransformerEncoder",
        ),
    ],
)
def test_bad_arguments(call: Call, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()


def test_torch_refuses_indivisible_heads() -> None:
    with pytest.raises(AssertionError, match="divisible"), torch.device("meta"):
        torch.nn.TransformerEncoderLayer(10, 3)
