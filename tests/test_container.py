"""nn.Sequential, ModuleList and ModuleDict against torch: names, shared children, formula."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pytest
import sympy
import torch
from hypothesis import given
from hypothesis import strategies as st

from paramref import Spec, _container, nn
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


KINDS = ("Sequential", "ModuleList", "ModuleDict")
# Letters, digits and underscores: keys such as "a_0" beside "a" holding "0" make two
# children's symbols collide, which paramref must resolve.
keys = st.text(alphabet="a_0", min_size=1, max_size=3)


@st.composite
def networks(draw: st.DrawFn, depth: int = 0) -> tuple[Spec, torch.nn.Module]:
    """A random container, some children shared, some nested, and its torch twin."""
    made: list[Pair] = []
    for _ in range(draw(st.integers(0, 5))):
        choice = draw(st.sampled_from(["leaf", "leaf", "shared", "nested"]))
        if choice == "shared" and any(spec is not None for spec, _ in made):
            made.append(draw(st.sampled_from([p for p in made if p[0] is not None])))
        elif choice == "nested" and depth < 2:
            made.append(draw(networks(depth + 1)))
        else:
            made.append(draw(leaves())())
    specs = [spec for spec, _ in made]
    modules = [module for _, module in made]
    kind = draw(st.sampled_from(KINDS))
    if kind == "Sequential":
        return nn.Sequential(*specs), torch.nn.Sequential(*modules)  # type: ignore[arg-type]
    if kind == "ModuleList":
        return nn.ModuleList(specs), torch.nn.ModuleList(modules)  # type: ignore[arg-type]
    names = draw(st.lists(keys, min_size=len(made), max_size=len(made)))  # repeats allowed
    return (
        nn.ModuleDict(list(zip(names, specs, strict=True))),
        torch.nn.ModuleDict(list(zip(names, modules, strict=True))),  # type: ignore[arg-type]
    )


@given(networks())
def test_containers_match_torch(pair: tuple[Spec, torch.nn.Module]) -> None:
    spec, module = pair
    assert_same(spec, torch_counts(module))
    assert list(spec.shapes) == [name for name, _ in module.named_parameters()]
    assert list(spec.buffers) == [name for name, _ in module.named_buffers()]


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


# ---------------------------------------------------------------------------
# ModuleList and ModuleDict


def test_module_list_names_and_sharing() -> None:
    shared, twin = nn.Linear(4, 4), torch.nn.Linear(4, 4)
    spec = nn.ModuleList([shared, None, nn.Sequential(nn.ReLU(), shared), nn.LayerNorm(4)])
    module = torch.nn.ModuleList(
        [twin, None, torch.nn.Sequential(torch.nn.ReLU(), twin), torch.nn.LayerNorm(4)]  # type: ignore[list-item]
    )
    assert_same(spec, torch_counts(module))
    assert list(spec.shapes) == ["0.weight", "0.bias", "3.weight", "3.bias"]
    assert len(spec) == 4
    assert spec[0] is shared
    assert list(spec)[1] is None
    assert nn.ModuleList().params == nn.ModuleList(None).params == 0


def test_module_dict_names_order_and_symbols() -> None:
    spec = nn.ModuleDict({"encoder": nn.Linear(16, 8), "decoder": nn.Linear(8, 16)})
    module = torch.nn.ModuleDict(
        {"encoder": torch.nn.Linear(16, 8), "decoder": torch.nn.Linear(8, 16)}
    )
    assert_same(spec, torch_counts(module))
    assert list(spec.shapes) == ["encoder.weight", "encoder.bias", "decoder.weight", "decoder.bias"]
    n, m = sympy.symbols("in_features_encoder out_features_encoder")
    assert spec.formula.coeff(n) == m
    assert spec.keys() == ["encoder", "decoder"] == list(spec)
    assert spec["decoder"] is spec.children[1][1]
    again = nn.ModuleDict(spec)
    assert again.shapes == spec.shapes


def test_colliding_symbols_are_written_with_the_path() -> None:
    spec = nn.ModuleDict({"a_0": nn.Linear(1, 2), "a": nn.ModuleList([nn.Linear(3, 4)])})
    assert set(spec.arguments) == set(
        sympy.symbols("in_features[a_0] out_features[a_0] in_features[a.0] out_features[a.0]")
    )
    assert spec.formula.subs(spec.arguments) == spec.params == 4 + 16
    # Sequential resolves them the same way (it used to refuse).
    net = nn.Sequential(
        OrderedDict([("b_1", nn.Linear(1, 1)), ("b", nn.Sequential(nn.ReLU(), nn.Linear(2, 2)))])
    )
    assert net.formula.subs(net.arguments) == net.params == 2 + 6


@pytest.mark.parametrize("kind", ["Sequential", "ModuleDict"])
def test_reserved_names_are_torch_attributes(kind: str) -> None:
    reserved = _container._MODULE_ATTRIBUTES | _container._CONTAINER_ATTRIBUTES[kind]
    assert reserved == set(dir(getattr(torch.nn, kind)()))


@given(
    st.sampled_from(
        ["keys", "training", "forward", "update", "a.b", "", "ok", "_x", "__x", "0", "__len__", 3]
    )
)
def test_module_dict_refuses_the_names_torch_refuses(name: Any) -> None:
    try:
        torch.nn.ModuleDict({name: torch.nn.ReLU()})
    except (KeyError, TypeError):
        with pytest.raises((ValueError, TypeError)):
            nn.ModuleDict({name: nn.ReLU()})
    else:
        assert nn.ModuleDict({name: nn.ReLU()}).keys() == [name]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: nn.ModuleList(3), TypeError, "ModuleList takes an iterable of specs, got int 3"),  # type: ignore[arg-type]
        (lambda: nn.ModuleList(nn.ReLU()), TypeError, "ModuleList takes an iterable of specs"),  # type: ignore[arg-type]
        (lambda: nn.ModuleList([3]), TypeError, "ModuleList takes paramref specs, got int 3"),  # type: ignore[list-item]
        (lambda: nn.ModuleDict(3), TypeError, "ModuleDict takes a mapping or an iterable"),  # type: ignore[arg-type]
        (lambda: nn.ModuleDict([3]), TypeError, "element 0 must be a"),  # type: ignore[list-item]
        (lambda: nn.ModuleDict([("a", nn.ReLU(), 1)]), ValueError, "got 3 items"),  # type: ignore[list-item]
        (lambda: nn.ModuleDict({"a": torch.nn.ReLU()}), TypeError, "ModuleDict takes paramref"),  # type: ignore[arg-type]
        (lambda: nn.ModuleDict({"a.b": nn.ReLU()}), ValueError, "cannot contain '.'"),
        (lambda: nn.ModuleDict({"keys": nn.ReLU()}), ValueError, "cannot be named 'keys'"),
        (
            lambda: nn.Sequential(OrderedDict([("append", nn.ReLU())])),
            ValueError,
            "torch.nn.Sequential has an attribute of that name",
        ),
    ],
)
def test_bad_container_arguments(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call()
