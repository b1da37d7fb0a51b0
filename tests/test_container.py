"""nn.Sequential against torch.nn.Sequential: names, dedup of shared children, formula."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pytest
import sympy
import torch
from hypothesis import given
from hypothesis import strategies as st

from paramref import Spec, nn
from tests.oracles import assert_same, torch_counts

Pair = tuple[Spec | None, torch.nn.Module | None]

small = st.integers(min_value=1, max_value=12)


def leaves() -> st.SearchStrategy[Callable[[], Pair]]:
    """Recipes that build the same child twice over: as a spec and as a torch module."""

    def pair(spec: Callable[[], Spec], module: Callable[[], torch.nn.Module]) -> Callable[[], Pair]:
        def build() -> Pair:
            with torch.device("meta"):
                return spec(), module()

        return build

    return st.one_of(
        st.builds(
            lambda n, m, b: pair(lambda: nn.Linear(n, m, bias=b), lambda: torch.nn.Linear(n, m, b)),
            small,
            small,
            st.booleans(),
        ),
        st.builds(
            lambda n, d: pair(lambda: nn.Embedding(n, d), lambda: torch.nn.Embedding(n, d)),
            small,
            small,
        ),
        st.builds(lambda k: pair(lambda: nn.PReLU(k), lambda: torch.nn.PReLU(k)), small),
        st.just(pair(nn.ReLU, torch.nn.ReLU)),
        st.just(pair(lambda: nn.Dropout(0.1), lambda: torch.nn.Dropout(0.1))),
        st.just(lambda: (None, None)),
    )


@st.composite
def networks(draw: st.DrawFn, depth: int = 0) -> tuple[nn.Sequential, torch.nn.Sequential]:
    """A random Sequential, some children shared, some nested, and its torch twin."""
    made: list[Pair] = []
    for _ in range(draw(st.integers(0, 5))):
        choice = draw(st.sampled_from(["leaf", "leaf", "shared", "nested"]))
        if choice == "shared" and any(spec is not None for spec, _ in made):
            made.append(draw(st.sampled_from([p for p in made if p[0] is not None])))
        elif choice == "nested" and depth < 2:
            made.append(draw(networks(depth + 1)))
        else:
            made.append(draw(leaves())())
    return (
        nn.Sequential(*(spec for spec, _ in made)),
        torch.nn.Sequential(*(module for _, module in made)),  # type: ignore[arg-type]
    )


@given(networks())
def test_sequential_matches_torch(pair: tuple[nn.Sequential, torch.nn.Sequential]) -> None:
    spec, module = pair
    assert_same(spec, torch_counts(module))


def test_shared_child_is_counted_once_under_its_first_name() -> None:
    shared, twin = nn.Linear(2, 3), torch.nn.Linear(2, 3)
    spec = nn.Sequential(shared, nn.ReLU(), shared, nn.Sequential(nn.Linear(3, 3), shared))
    module = torch.nn.Sequential(
        twin, torch.nn.ReLU(), twin, torch.nn.Sequential(torch.nn.Linear(3, 3), twin)
    )
    assert list(spec.shapes) == ["0.weight", "0.bias", "3.0.weight", "3.0.bias"]
    assert_same(spec, torch_counts(module))
    assert spec.params == 9 + 12
    a, b = sympy.symbols("in_features_0 out_features_0")
    c, d = sympy.symbols("in_features_3_0 out_features_3_0")
    assert sympy.expand(spec.formula - ((a + 1) * b + (c + 1) * d)) == 0


def test_buffers_of_a_shared_child_are_listed_once() -> None:
    norm, twin = nn.BatchNorm1d(4), torch.nn.BatchNorm1d(4)
    spec = nn.Sequential(nn.Linear(3, 4), norm, norm)
    module = torch.nn.Sequential(torch.nn.Linear(3, 4), twin, twin)
    assert_same(spec, torch_counts(module))
    assert list(spec.buffers) == ["1.running_mean", "1.running_var", "1.num_batches_tracked"]


def test_ordered_dict_names() -> None:
    spec = nn.Sequential(
        OrderedDict(
            [("embed", nn.Embedding(100, 8)), ("act", nn.Tanh()), ("head", nn.Linear(8, 2))]
        )
    )
    module = torch.nn.Sequential(
        OrderedDict(
            [
                ("embed", torch.nn.Embedding(100, 8)),
                ("act", torch.nn.Tanh()),
                ("head", torch.nn.Linear(8, 2)),
            ]
        )
    )
    assert_same(spec, torch_counts(module))
    assert list(spec.shapes) == ["embed.weight", "head.weight", "head.bias"]
    n, d = sympy.symbols("num_embeddings_embed embedding_dim_embed")
    assert spec.formula.coeff(n) == d


def test_empty_sequential() -> None:
    assert_same(nn.Sequential(), torch_counts(torch.nn.Sequential()))
    assert nn.Sequential().formula == 0


def test_indexing() -> None:
    first = nn.Linear(1, 2)
    net = nn.Sequential(first, nn.ReLU())
    assert len(net) == 2
    assert net[0] is first


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ((3,), TypeError, "Sequential takes paramref specs, got int 3"),
        ((torch.nn.ReLU(),), TypeError, "Sequential takes paramref specs"),
        ((OrderedDict([("a.b", nn.ReLU())]),), ValueError, "cannot contain '.'"),
        ((OrderedDict([("", nn.ReLU())]),), ValueError, "empty string"),
        ((OrderedDict([(1, nn.ReLU())]),), TypeError, "name must be a str"),
        ((OrderedDict([("a", 3)]),), TypeError, "Sequential takes paramref specs"),
    ],
)
def test_bad_arguments(arguments: tuple[Any, ...], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        nn.Sequential(*arguments)
