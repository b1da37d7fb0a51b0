"""nn.utils weight and spectral normalization against torch.nn.utils, both generations."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import pytest
import sympy
import torch
from hypothesis import given
from hypothesis import strategies as st

from paramref import Spec, layers, nn
from tests.oracles import assert_same, torch_counts

Pair = tuple[Spec, torch.nn.Module]

sizes = st.integers(min_value=0, max_value=5)
positive = st.integers(min_value=1, max_value=5)


def quietly(build: Callable[[], Any]) -> Any:
    """torch warns about empty tensors and deprecated functions; neither matters here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with torch.device("meta"):
            return build()


def pair(spec: Callable[[], Spec], module: Callable[[], torch.nn.Module]) -> Callable[[], Pair]:
    return lambda: (spec(), quietly(module))


bases = st.one_of(
    st.builds(
        lambda n, m, b: pair(lambda: nn.Linear(n, m, b), lambda: torch.nn.Linear(n, m, b)),
        sizes,
        sizes,
        st.booleans(),
    ),
    st.builds(
        lambda kind, c, o, k: pair(
            lambda: getattr(nn, kind)(c, o, k), lambda: getattr(torch.nn, kind)(c, o, k)
        ),
        st.sampled_from(["Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d"]),
        positive,
        positive,
        st.integers(1, 3),
    ),
    st.builds(
        lambda n, d: pair(lambda: nn.Embedding(n, d), lambda: torch.nn.Embedding(n, d)),
        sizes,
        sizes,
    ),
    st.builds(
        lambda kind, i, h, layers_, b: pair(
            lambda: getattr(nn, kind)(i, h, layers_, bias=b),
            lambda: getattr(torch.nn, kind)(i, h, layers_, bias=b),
        ),
        st.sampled_from(["LSTM", "GRU", "RNN"]),
        positive,
        positive,
        st.integers(1, 2),
        st.booleans(),
    ),
    st.builds(lambda c: pair(lambda: nn.BatchNorm1d(c), lambda: torch.nn.BatchNorm1d(c)), sizes),
    st.builds(
        lambda n1, n2, m: pair(
            lambda: nn.Bilinear(n1, n2, m), lambda: torch.nn.Bilinear(n1, n2, m)
        ),
        positive,
        sizes,
        sizes,
    ),
    st.just(pair(lambda: nn.MultiheadAttention(4, 2), lambda: torch.nn.MultiheadAttention(4, 2))),
)

DEFAULT = object()  # the argument is left out of the call
FUNCTIONS: dict[str, tuple[Callable[..., Spec], Callable[..., Any]]] = {
    "parametrizations.weight_norm": (
        nn.utils.parametrizations.weight_norm,
        torch.nn.utils.parametrizations.weight_norm,
    ),
    "parametrizations.spectral_norm": (
        nn.utils.parametrizations.spectral_norm,
        torch.nn.utils.parametrizations.spectral_norm,
    ),
    "weight_norm": (nn.utils.weight_norm, torch.nn.utils.weight_norm),
    "spectral_norm": (nn.utils.spectral_norm, torch.nn.utils.spectral_norm),
}


def own_names(module: torch.nn.Module) -> list[str]:
    """The tensors a function may take: the module's own, and those already parametrized."""
    names = [n for n, p in module._parameters.items() if p is not None]
    names += [n for n, b in module._buffers.items() if b is not None]
    parametrizations = getattr(module, "parametrizations", None)
    if isinstance(parametrizations, torch.nn.ModuleDict):
        names += list(parametrizations.keys())
    return names


def ordered(named: Any) -> list[tuple[str, tuple[int, ...]]]:
    return [(name, tuple(t.shape)) for name, t in named]


@given(bases, st.data())
def test_reparametrizations_match_torch(base: Callable[[], Pair], data: st.DataObject) -> None:
    spec, module = base()
    for _ in range(data.draw(st.integers(1, 3))):
        function = data.draw(st.sampled_from(sorted(FUNCTIONS)))
        ours, theirs = FUNCTIONS[function]
        name = data.draw(st.sampled_from([*own_names(module), "nope"]))
        arguments: dict[str, Any] = {"name": name}
        dim = data.draw(st.sampled_from([DEFAULT, None, -3, -2, -1, 0, 1, 2, 3]))
        if dim is not DEFAULT:
            arguments["dim"] = dim
        if "spectral" in function:
            arguments["n_power_iterations"] = data.draw(st.sampled_from([1, 1, 2, 0]))
        try:
            quietly(lambda: theirs(module, **arguments))  # noqa: B023
        except Exception:
            with pytest.raises((ValueError, TypeError)):
                ours(spec, **arguments)
            return
        spec = ours(spec, **arguments)
        assert_same(spec, torch_counts(module))
        assert list(spec.shapes.items()) == ordered(module.named_parameters())
        assert list(spec.buffers.items()) == ordered(module.named_buffers())


def test_linear_goes_from_15_to_18() -> None:
    linear = nn.Linear(4, 3)
    normalized = nn.utils.parametrizations.weight_norm(linear)
    module = quietly(lambda: torch.nn.utils.parametrizations.weight_norm(torch.nn.Linear(4, 3)))
    assert (linear.params, normalized.params) == (15, 18)
    assert list(normalized.shapes) == [
        "bias",
        "parametrizations.weight.original0",
        "parametrizations.weight.original1",
    ]
    assert_same(normalized, torch_counts(module))
    assert linear.shapes == {"weight": (3, 4), "bias": (3,)}  # the argument is unchanged


def test_spectral_norm_keeps_the_count_and_adds_buffers() -> None:
    spec = nn.utils.parametrizations.spectral_norm(nn.ConvTranspose2d(16, 8, 3))
    module = quietly(
        lambda: torch.nn.utils.parametrizations.spectral_norm(torch.nn.ConvTranspose2d(16, 8, 3))
    )
    assert_same(spec, torch_counts(module))
    # dim defaults to 1 for a transposed convolution: 8 rows of 16 * 3 * 3.
    assert spec.buffers == {
        "parametrizations.weight.0._u": (8,),
        "parametrizations.weight.0._v": (144,),
    }


def test_formulas() -> None:
    n, m = sympy.symbols("in_features out_features")
    utils = nn.utils
    assert utils.parametrizations.weight_norm(nn.Linear(4, 3)).formula == n * m + 2 * m
    assert utils.parametrizations.weight_norm(nn.Linear(4, 3), dim=1).formula == n * m + m + n
    assert utils.parametrizations.weight_norm(nn.Linear(4, 3), dim=None).formula == n * m + m + 1
    assert utils.weight_norm(nn.Linear(4, 3)).formula == n * m + 2 * m
    assert utils.parametrizations.spectral_norm(nn.Linear(4, 3)).formula == n * m + m
    assert utils.spectral_norm(nn.Linear(4, 3)).formula == n * m + m
    conv = utils.parametrizations.weight_norm(nn.Conv1d(3, 8, 5))
    assert conv.formula - nn.Conv1d(3, 8, 5).formula == sympy.Symbol("out_channels")
    lstm = utils.parametrizations.weight_norm(nn.LSTM(3, 4, 2), "weight_hh_l1")
    assert lstm.formula.subs(lstm.arguments) == lstm.params == nn.LSTM(3, 4, 2).params + 16


def test_inside_a_sequential() -> None:
    spec = nn.Sequential(
        nn.utils.parametrizations.weight_norm(nn.Linear(4, 8)),
        nn.ReLU(),
        nn.utils.spectral_norm(nn.Linear(8, 2)),
    )
    P, U = torch.nn.utils.parametrizations, torch.nn.utils  # noqa: N806
    module = quietly(
        lambda: torch.nn.Sequential(
            P.weight_norm(torch.nn.Linear(4, 8)),
            torch.nn.ReLU(),
            U.spectral_norm(torch.nn.Linear(8, 2)),
        )
    )
    assert_same(spec, torch_counts(module))
    assert spec.params == 40 + 8 + 18


def test_repr_names_torch_functions() -> None:
    spec = nn.utils.spectral_norm(nn.utils.parametrizations.weight_norm(nn.Linear(4, 3), "bias"))
    assert repr(spec) == (
        "nn.utils.spectral_norm(nn.utils.parametrizations.weight_norm("
        "Linear(in_features=4, out_features=3), name='bias', dim=0), name='weight', dim=0)"
    )


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: nn.utils.parametrizations.weight_norm(nn.Linear(4, 3), "nope"),
            ValueError,
            r"name='nope': Linear\(in_features=4, out_features=3\) has no parameter or buffer "
            r"of its own named 'nope' \(it has 'weight', 'bias'\)",
        ),
        (
            lambda: nn.utils.parametrizations.weight_norm(nn.Linear(4, 3), dim=2),
            ValueError,
            r"dim must be -1, None or in \[-2, 1\] for a tensor of shape \(3, 4\), got 2",
        ),
        (
            lambda: nn.utils.parametrizations.weight_norm(nn.Linear(4, 3), dim=1.0),  # type: ignore[arg-type]
            TypeError,
            "dim must be an int or None, got float 1.0",
        ),
        (
            lambda: nn.utils.parametrizations.weight_norm(nn.Linear(4, 3), dim=True),
            TypeError,
            "dim must be an int or None, got bool",
        ),
        (
            lambda: nn.utils.parametrizations.weight_norm(nn.Linear(4, 3), name=0),  # type: ignore[arg-type]
            TypeError,
            "name must be a str, got int 0",
        ),
        (
            lambda: nn.utils.parametrizations.weight_norm(nn.Linear(4, 0)),
            ValueError,
            "along an axis of size 0",
        ),
        (
            lambda: nn.utils.parametrizations.spectral_norm(nn.Linear(4, 3), n_power_iterations=0),
            ValueError,
            "n_power_iterations must be a positive integer, got 0",
        ),
        (
            lambda: nn.utils.parametrizations.spectral_norm(nn.Linear(4, 3), dim=2),
            ValueError,
            r"dim must be in \[-2, 1\] for 'weight' of shape \(3, 4\), got 2",
        ),
        (
            lambda: nn.utils.parametrizations.weight_norm(nn.Sequential(nn.Linear(2, 3))),
            ValueError,
            "has no parameter or buffer of its own named 'weight'",
        ),
        (
            lambda: nn.utils.weight_norm(nn.BatchNorm1d(4), "running_mean"),
            ValueError,
            "'running_mean' of BatchNorm1d\\(num_features=4\\) is a buffer",
        ),
        (
            lambda: nn.utils.weight_norm(nn.utils.weight_norm(nn.Linear(4, 3))),
            ValueError,
            "has no parameter of its own named 'weight'",
        ),
        (
            lambda: nn.utils.spectral_norm(nn.Linear(4, 3), dim=-1),
            ValueError,
            r"dim must be in \[0, 1\] for 'weight' of shape \(3, 4\), got -1",
        ),
        (
            lambda: nn.utils.spectral_norm(nn.Linear(4, 0)),
            ValueError,
            "into a matrix with 0 rows",
        ),
        (
            lambda: nn.utils.parametrizations.weight_norm(nn.BatchNorm1d(4), "num_batches_tracked"),
            ValueError,
            "holds integers",
        ),
        (
            lambda: nn.utils.parametrizations.weight_norm(
                layers.Dense(3, input_shape=(4,)), "kernel"
            ),
            TypeError,
            "takes a paramref.nn spec, got the Keras spec",
        ),
        (
            lambda: nn.utils.parametrizations.weight_norm(torch.nn.Linear(4, 3)),  # type: ignore[arg-type]
            TypeError,
            "takes a paramref.nn spec, got Linear",
        ),
    ],
)
def test_bad_arguments(call: Callable[[], object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()


def test_import_paths_mirror_torch() -> None:
    from paramref.nn.utils import spectral_norm, weight_norm
    from paramref.nn.utils.parametrizations import spectral_norm as new_spectral_norm
    from paramref.nn.utils.parametrizations import weight_norm as new_weight_norm

    assert weight_norm is nn.utils.weight_norm
    assert spectral_norm is nn.utils.spectral_norm
    assert new_weight_norm is nn.utils.parametrizations.weight_norm
    assert new_spectral_norm is nn.utils.parametrizations.spectral_norm
