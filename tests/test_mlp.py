"""The MLP family: counts against PyTorch, solvers against brute force, errors."""

from __future__ import annotations

import statistics
import time
from fractions import Fraction

import pytest
import sympy
import torch
from hypothesis import given
from hypothesis import strategies as st

import paramref
from paramref import MLP, MLP_FORMULA, match_hidden_dim, mlp_params, solve_two_hidden

sizes = st.integers(min_value=1, max_value=40)


def torch_mlp(
    input_dim: int, hidden_dim: int, hidden_layers: int, output_dim: int
) -> torch.nn.Module:
    with torch.device("meta"):
        return torch.nn.Sequential(
            torch.nn.Linear(input_dim, hidden_dim),
            *[torch.nn.Linear(hidden_dim, hidden_dim) for _ in range(hidden_layers - 1)],
            torch.nn.Linear(hidden_dim, output_dim),
        )


def test_seed_numbers() -> None:
    assert mlp_params(8, 16, 2, 8) == 552
    assert mlp_params(4, 5, 1, 3) == 43


@given(sizes, sizes, st.integers(1, 6), sizes)
def test_mlp_matches_torch(i: int, d: int, l: int, o: int) -> None:  # noqa: E741
    module = torch_mlp(i, d, l, o)
    spec = MLP(i, d, l, o)
    torch_shapes = {name: tuple(p.shape) for name, p in module.named_parameters()}
    assert spec.shapes == torch_shapes
    assert mlp_params(i, d, l, o) == spec.params == sum(p.numel() for p in module.parameters())
    assert MLP_FORMULA.subs(spec.arguments) == spec.params


def test_formula_is_the_closed_form() -> None:
    i, d, l, o = sympy.symbols("input_dim hidden_dim hidden_layers output_dim")  # noqa: E741
    per_layer = (i + 1) * d + (d + 1) * d * (l - 1) + (d + 1) * o
    closed = (l - 1) * d**2 + (i + o + l) * d + o
    assert sympy.expand(MLP_FORMULA - per_layer) == 0
    assert sympy.expand(MLP_FORMULA - closed) == 0


def test_width_match_examples() -> None:
    m = match_hidden_dim(8, 8, 2, 16, 1)
    assert (m.hidden_dim, m.delta, m.params, m.target) == (32, 0, 552, 552)
    assert m.roots == (sympy.Integer(32),)
    assert match_hidden_dim(8, 8, 2, 16, 2).hidden_dim == 16


@given(sizes, sizes, st.integers(1, 5), sizes, st.integers(1, 6))
def test_width_match_is_optimal(i: int, o: int, l: int, d: int, l_d: int) -> None:  # noqa: E741
    m = match_hidden_dim(i, o, l, d, l_d)
    assert m.target == mlp_params(i, d, l, o)
    assert m.params == mlp_params(i, m.hidden_dim, l_d, o)
    assert m.delta == m.params - m.target
    width = 1
    while True:  # every width up to the first one past the target and beyond the answer
        delta = mlp_params(i, width, l_d, o) - m.target
        assert (abs(delta), width) >= (abs(m.delta), m.hidden_dim)
        if delta > 0 and width > m.hidden_dim:
            break
        width += 1


@given(sizes, sizes, st.integers(1, 5), sizes, st.integers(1, 6))
def test_roots_satisfy_the_quadratic(i: int, o: int, l: int, d: int, l_d: int) -> None:  # noqa: E741
    m = match_hidden_dim(i, o, l, d, l_d)
    a, b, c = m.coefficients
    assert (a, b, c) == (l_d - 1, i + o + l_d, -(l - 1) * d**2 - (i + o + l) * d)
    for root in m.roots:
        assert sympy.simplify(a * root**2 + b * root + c) == 0
    assert m.roots[0] > 0
    assert m.hidden_dim in (max(1, sympy.floor(m.roots[0])), sympy.floor(m.roots[0]) + 1)


def test_symbolic_roots() -> None:
    i, o, l, d, l_d, d_d = sympy.symbols("i o l d l_d d_d", positive=True)  # noqa: E741
    total = MLP_FORMULA.subs(
        {
            paramref.symbol("input_dim"): i,
            paramref.symbol("output_dim"): o,
            paramref.symbol("hidden_layers"): l,
            paramref.symbol("hidden_dim"): d,
        }
    )
    equation = sympy.expand(total.subs({l: l_d, d: d_d}) - total)
    a, b, c = l_d - 1, i + o + l_d, -(l - 1) * d**2 - (i + o + l) * d
    assert sympy.expand(equation - (a * d_d**2 + b * d_d + c)) == 0
    for root in (
        (-b + sympy.sqrt(b**2 - 4 * a * c)) / (2 * a),
        (-b - sympy.sqrt(b**2 - 4 * a * c)) / (2 * a),
    ):
        assert sympy.simplify(equation.subs(d_d, root)) == 0


def brute_two_hidden(
    n: int, target: int, lo: Fraction, hi: Fraction, o: int, keep: int
) -> list[tuple[int, int, int, int]]:
    """Every pair whose total is at most target + margin, the margin doubled until
    at least ``keep`` pairs lie within it: then no pair outside can be in the top."""
    margin = 1
    while True:
        keys = []
        h2 = 1
        while (n + 1) + 2 * h2 + (h2 + 1) * o <= target + margin:  # the total at h1 = 1
            h1 = 1
            while (total := (n + 1) * h1 + (h1 + 1) * h2 + (h2 + 1) * o) <= target + margin:
                if lo * h2 <= h1 <= hi * h2:
                    keys.append((abs(total - target), total - target, h2, h1))
                h1 += 1
            h2 += 1
        keys.sort()
        if sum(1 for key in keys if key[0] <= margin) >= keep:
            return keys[:keep]
        margin *= 2


fractions = st.builds(Fraction, st.integers(1, 12), st.integers(1, 4))


@given(
    st.integers(1, 12),
    st.integers(1, 400),
    fractions,
    fractions,
    st.integers(1, 4),
    st.integers(1, 6),
)
def test_two_hidden_is_optimal(
    n: int, target: int, a: Fraction, b: Fraction, o: int, keep: int
) -> None:
    lo, hi = min(a, b), max(a, b)
    fit = solve_two_hidden(n, target, (lo, hi), o, candidates=keep)
    expected = brute_two_hidden(n, target, lo, hi, o, keep)
    got = [(abs(c.delta), c.delta, c.h2, c.h1) for c in fit.candidates]
    assert got == expected
    best = fit.candidates[0]
    assert (fit.h1, fit.h2, fit.params, fit.delta) == (best.h1, best.h2, best.params, best.delta)
    for c in fit.candidates:
        assert lo * c.h2 <= c.h1 <= hi * c.h2
        assert c.params == (n + 1) * c.h1 + (c.h1 + 1) * c.h2 + (c.h2 + 1) * o


def test_two_hidden_seed_case() -> None:
    fit = solve_two_hidden(4096, 4197377)
    assert (fit.h1, fit.h2, fit.params, fit.delta) == (974, 212, 4197391, 14)
    assert 3 * fit.h2 <= fit.h1 <= 6 * fit.h2
    # The seed's answer, with every bias counted: 985 and 165 cost 4,198,401.
    assert (4096 + 1) * 985 + (985 + 1) * 165 + (165 + 1) == 4198401


def test_two_hidden_is_fast() -> None:
    timings = []
    for _ in range(50):
        start = time.perf_counter()
        solve_two_hidden(4096, 4197377)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 1e-3


def test_two_hidden_huge_budget_is_exact() -> None:
    fit = solve_two_hidden(10**6, 10**15, ratio=(Fraction(3, 2), Fraction(5, 2)))
    assert Fraction(3, 2) * fit.h2 <= fit.h1 <= Fraction(5, 2) * fit.h2
    assert isinstance(fit.params, int)
    assert abs(fit.delta) <= 10**6 + fit.h2 + 1


BAD_VALUES = [
    (True, TypeError),
    (3.0, TypeError),
    ("3", TypeError),
    (None, TypeError),
    (0, ValueError),
    (-2, ValueError),
]


@pytest.mark.parametrize(("value", "error"), BAD_VALUES)
@pytest.mark.parametrize("position", range(4))
def test_mlp_params_rejects(value: object, error: type[Exception], position: int) -> None:
    args: list[object] = [8, 16, 2, 8]
    args[position] = value
    name = ["input_dim", "hidden_dim", "hidden_layers", "output_dim"][position]
    with pytest.raises(error, match=rf"^{name} .*{value!r}"):
        mlp_params(*args)  # type: ignore[arg-type]
    with pytest.raises(error, match=rf"^{name} "):
        MLP(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "error"), BAD_VALUES)
@pytest.mark.parametrize("position", range(5))
def test_match_hidden_dim_rejects(value: object, error: type[Exception], position: int) -> None:
    args: list[object] = [8, 8, 2, 16, 4]
    args[position] = value
    name = ["input_dim", "output_dim", "hidden_layers", "hidden_dim", "dest_hidden_layers"][
        position
    ]
    with pytest.raises(error, match=rf"^{name} .*{value!r}"):
        match_hidden_dim(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "error"), BAD_VALUES)
@pytest.mark.parametrize("name", ["input_dim", "target", "output_dim", "candidates"])
def test_solve_two_hidden_rejects(value: object, error: type[Exception], name: str) -> None:
    kwargs: dict[str, object] = {"input_dim": 4096, "target": 4197377}
    kwargs[name] = value
    with pytest.raises(error, match=rf"^{name} .*{value!r}"):
        solve_two_hidden(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ratio", "error", "message"),
    [
        ((6, 3), ValueError, r"ratio must have lo <= hi, got \(6, 3\)"),
        ((0, 3), ValueError, r"ratio\[0\] must be positive, got 0"),
        ((-1, 3), ValueError, r"ratio\[0\] must be positive, got -1"),
        ((3, 0), ValueError, r"ratio\[1\] must be positive, got 0"),
        ((3.0, 6), TypeError, r"ratio\[0\] must be an int or fractions.Fraction, got float 3.0"),
        ((3, "6"), TypeError, r"ratio\[1\] must be an int or fractions.Fraction, got str '6'"),
        ((True, 6), TypeError, r"ratio\[0\] must be an int"),
        ((3, None), TypeError, r"ratio\[1\] must be an int"),
        ((3,), TypeError, r"ratio must be a \(lo, hi\) pair, got \(3,\)"),
        ("36", TypeError, r"ratio must be a \(lo, hi\) pair, got '36'"),
        (None, TypeError, r"ratio must be a \(lo, hi\) pair, got None"),
    ],
)
def test_solve_two_hidden_rejects_bad_bands(
    ratio: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=f"^{message}"):
        solve_two_hidden(4096, 4197377, ratio=ratio)  # type: ignore[arg-type]


def test_equal_ratio_bounds_are_allowed() -> None:
    fit = solve_two_hidden(100, 10_000, ratio=(Fraction(5, 2), Fraction(5, 2)))
    assert fit.h1 * 2 == fit.h2 * 5
