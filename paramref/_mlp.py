"""The MLP family: the total, the width match across depths, the two-hidden-layer resize.

Every count here comes from the tensors of ``torch.nn.Linear`` (see ``_linear``):
the formulas are summed from those shapes once, symbolically, and compiled into
integer-only functions. The solvers then work on those exact integer functions.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from ._check import positive_int, ratio_band
from ._linear import linear_stack_tensors, linear_tensors
from ._solve import closest, exact_roots, floor_of_largest_root
from ._tensors import Dim, Spec, Tensor, compile_count, formula, prefixed, repeated, symbol

if TYPE_CHECKING:
    import sympy

__all__ = [
    "MLP",
    "TwoHiddenCandidate",
    "TwoHiddenFit",
    "WidthMatch",
    "match_hidden_dim",
    "mlp_params",
    "solve_two_hidden",
]

_MLP_ARGUMENTS = ("input_dim", "hidden_dim", "hidden_layers", "output_dim")


class MLP(Spec):
    """A stack of ``hidden_layers`` equal hidden layers between input and output.

    It is the ``nn.Sequential`` of ``Linear(input_dim, hidden_dim)``,
    ``hidden_layers - 1`` times ``Linear(hidden_dim, hidden_dim)`` and
    ``Linear(hidden_dim, output_dim)``, every layer with its bias. Activations add
    no parameters and are left out, so the names are ``0.weight``, ``0.bias``,
    ``1.weight``, ... as torch gives them for that ``Sequential``.

    Args:
        input_dim: Features in (``i``).
        hidden_dim: Width of every hidden layer (``d``).
        hidden_layers: Number of hidden layers (``l``), at least 1.
        output_dim: Features out (``o``).

    Examples:
        >>> net = MLP(4, 5, 1, 3)
        >>> net.shapes
        {'0.weight': (5, 4), '0.bias': (5,), '1.weight': (3, 5), '1.bias': (3,)}
        >>> net.params
        43
        >>> net.formula
        hidden_dim**2*hidden_layers - hidden_dim**2 + hidden_dim*hidden_layers
        + hidden_dim*input_dim + hidden_dim*output_dim + output_dim
    """

    def __init__(self, input_dim: int, hidden_dim: int, hidden_layers: int, output_dim: int):
        values = (input_dim, hidden_dim, hidden_layers, output_dim)
        self._sizes = {
            name: positive_int(name, value)
            for name, value in zip(_MLP_ARGUMENTS, values, strict=True)
        }

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return _mlp_tensors(sizes)


def _mlp_tensors(sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
    i, d, l, o = (sizes[name] for name in _MLP_ARGUMENTS)  # noqa: E741
    yield from prefixed("0", linear_tensors(i, d))
    yield from repeated(l - 1, lambda k: prefixed(str(k + 1), linear_tensors(d, d)))
    yield from prefixed(str(l), linear_tensors(d, o))


def _two_hidden_tensors(sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
    return linear_stack_tensors([sizes[name] for name in _TWO_HIDDEN_ARGUMENTS])


_TWO_HIDDEN_ARGUMENTS = ("input_dim", "h1", "h2", "output_dim")
# Integer functions compiled from the shapes, without sympy.
_mlp_total = compile_count(_mlp_tensors, _MLP_ARGUMENTS)
_two_hidden_total = compile_count(_two_hidden_tensors, _TWO_HIDDEN_ARGUMENTS)


def _two_hidden_slope(n: int, h1: int, h2: int, o: int) -> int:
    """The total is linear in h1: P = slope(h2)·h1 + base(h2)."""
    return _two_hidden_total(n, 1, h2, o) - _two_hidden_total(n, 0, h2, o)


def _two_hidden_base(n: int, h1: int, h2: int, o: int) -> int:
    return _two_hidden_total(n, 0, h2, o)


def __getattr__(name: str) -> sympy.Expr:
    """The module's formulas, built (with sympy) the first time they are asked for."""
    if name == "MLP_FORMULA":
        #: The total in the four MLP symbols, summed from the shapes of its Linear layers.
        value = MLP(1, 1, 1, 1).formula
    elif name == "TWO_HIDDEN_FORMULA":
        #: The total of ``input_dim -> h1 -> h2 -> output_dim`` with every bias.
        value = formula(_two_hidden_tensors({n: symbol(n) for n in _TWO_HIDDEN_ARGUMENTS}))
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def mlp_params(input_dim: int, hidden_dim: int, hidden_layers: int, output_dim: int) -> int:
    """Exact parameter count of an MLP with equal hidden layers, biases included.

    The count is ``(i + 1)d + (d + 1)d(l - 1) + (d + 1)o``, which is
    ``(l - 1)d² + (i + o + l)d + o``.

    Args:
        input_dim: Features in (``i``).
        hidden_dim: Width of every hidden layer (``d``).
        hidden_layers: Number of hidden layers (``l``), at least 1.
        output_dim: Features out (``o``).

    Returns:
        The number of weights and biases, as an ``int``.

    Raises:
        TypeError: If an argument is not an ``int`` (``bool`` and ``float`` included).
        ValueError: If an argument is zero or negative.

    Examples:
        >>> mlp_params(8, 16, 2, 8)
        552
        >>> mlp_params(4, 5, 1, 3)
        43
    """
    values = (input_dim, hidden_dim, hidden_layers, output_dim)
    for name, value in zip(_MLP_ARGUMENTS, values, strict=True):
        positive_int(name, value)
    return _mlp_total(input_dim, hidden_dim, hidden_layers, output_dim)


@dataclass(frozen=True)
class WidthMatch:
    """The answer of :func:`match_hidden_dim`.

    Attributes:
        hidden_dim: The width ``d_d`` whose total is closest to ``target``.
        params: The total of the destination network at ``hidden_dim``.
        target: The total of the original network.
        delta: ``params - target``.
        coefficients: The integers ``(a, b, c)``.
    """

    hidden_dim: int
    params: int
    target: int
    delta: int
    coefficients: tuple[int, int, int]

    @property
    def roots(self) -> tuple[sympy.Expr, ...]:
        """Exact sympy roots of ``a·d_d² + b·d_d + c = 0``, the positive root first.

        A single root when ``a == 0``. Computing them imports sympy.
        """
        return exact_roots(*self.coefficients)


def match_hidden_dim(
    input_dim: int,
    output_dim: int,
    hidden_layers: int,
    hidden_dim: int,
    dest_hidden_layers: int,
) -> WidthMatch:
    """Width for ``dest_hidden_layers`` hidden layers that keeps the total closest.

    Setting the destination total equal to the original gives
    ``a·d_d² + b·d_d + c = 0`` with ``a = l_d - 1``, ``b = i + o + l_d`` and
    ``c = -(l - 1)d² - (i + o + l)d``. The roots are exact sympy numbers. The
    total is increasing in ``d_d``, so the best integer width is one of the two
    integers around the positive root; both are checked and a tie goes to the
    smaller width. When ``dest_hidden_layers == 1`` the equation is linear
    (``a == 0``) and is solved as such.

    Args:
        input_dim: Features in (``i``).
        output_dim: Features out (``o``).
        hidden_layers: Hidden layers of the original network (``l``).
        hidden_dim: Hidden width of the original network (``d``).
        dest_hidden_layers: Hidden layers of the destination network (``l_d``).

    Returns:
        A :class:`WidthMatch`.

    Raises:
        TypeError: If an argument is not an ``int``.
        ValueError: If an argument is zero or negative.

    Examples:
        >>> m = match_hidden_dim(8, 8, 2, 16, 4)
        >>> m.hidden_dim, m.params, m.target, m.delta
        (11, 591, 552, 39)
        >>> m.coefficients
        (3, 20, -544)
        >>> m.roots
        (-10/3 + 2*sqrt(433)/3, -2*sqrt(433)/3 - 10/3)
        >>> match_hidden_dim(8, 8, 2, 16, 1).hidden_dim
        32
    """
    i = positive_int("input_dim", input_dim)
    o = positive_int("output_dim", output_dim)
    positive_int("hidden_layers", hidden_layers)
    positive_int("hidden_dim", hidden_dim)
    l_d = positive_int("dest_hidden_layers", dest_hidden_layers)

    target = _mlp_total(i, hidden_dim, hidden_layers, o)

    def total(width: int) -> int:
        return _mlp_total(i, width, l_d, o)

    # The destination total is a*d_d**2 + b*d_d + o; read a and b off it exactly.
    a = (total(2) - 2 * total(1) + total(0)) // 2
    b = total(1) - total(0) - a
    c = total(0) - target
    floor_root = floor_of_largest_root(a, b, c)
    best = closest({max(1, floor_root), max(1, floor_root + 1)}, total, target)
    params = total(best)
    return WidthMatch(best, params, target, params - target, (a, b, c))


@dataclass(frozen=True, order=True)
class TwoHiddenCandidate:
    """One pair of widths for :func:`solve_two_hidden`."""

    h1: int
    h2: int
    params: int
    delta: int


@dataclass(frozen=True)
class TwoHiddenFit:
    """The answer of :func:`solve_two_hidden`.

    Attributes:
        h1: Width of the first hidden layer of the best pair.
        h2: Width of the second hidden layer of the best pair.
        params: Total of ``input_dim -> h1 -> h2 -> output_dim``, every bias counted.
        target: The budget asked for.
        delta: ``params - target``.
        ratio: The band ``(lo, hi)`` as exact fractions.
        candidates: The best pairs in the band, closest first (the best pair first).
    """

    h1: int
    h2: int
    params: int
    target: int
    delta: int
    ratio: tuple[Fraction, Fraction]
    candidates: tuple[TwoHiddenCandidate, ...]


def solve_two_hidden(
    input_dim: int,
    target: int,
    ratio: tuple[int | Fraction, int | Fraction] = (3, 6),
    output_dim: int = 1,
    candidates: int = 5,
) -> TwoHiddenFit:
    """Two hidden widths ``h1``, ``h2`` whose total is closest to ``target``.

    The network is ``input_dim -> h1 -> h2 -> output_dim`` with every bias, so its
    total is ``(N + 1)h1 + (h1 + 1)h2 + (h2 + 1)o``. The widths must satisfy
    ``lo <= h1 / h2 <= hi`` (inclusive, compared exactly as ``lo·h2 <= h1 <= hi·h2``).
    Closest means smallest ``|delta|``; ties go to the smaller total, then the
    smaller ``h2``, then the smaller ``h1``.

    For a fixed ``h2`` the total is linear in ``h1``, so the best ``h1`` is one of
    the two integers around ``(target - P(0, h2)) / (N + 1 + h2)``, clipped to the
    band. The smallest and largest totals the band allows both grow with ``h2``,
    so a binary search finds the last ``h2`` that can still reach ``target`` and
    the scan walks outward from there, stopping on each side as soon as no pair
    beyond can beat the ``candidates``-th best found.

    Complexity: ``O(log target)`` for the search plus one step per ``h2`` whose
    band brackets ``target`` (and a few more on each side): the ``h2`` between
    the positive roots of ``r·h2² + (r(N + 1) + o + 1)·h2 + o = target`` for
    ``r = hi`` and ``r = lo``, never more than ``sqrt(target / lo)`` of them.
    For the seed's ``(4096, 4197377)`` that is ``h2`` from 164 to 317, about 155
    steps in place of millions of widths.

    Args:
        input_dim: Features in (``N``).
        target: The parameter budget.
        ratio: ``(lo, hi)`` band for ``h1 / h2``, ints or ``fractions.Fraction``.
        output_dim: Features out (``o``).
        candidates: How many of the best pairs to return.

    Returns:
        A :class:`TwoHiddenFit`.

    Raises:
        TypeError: If a size is not an ``int`` or a bound is a float.
        ValueError: If a size is not positive or the band is inverted or not positive.

    Examples:
        >>> fit = solve_two_hidden(4096, 4197377)
        >>> fit.h1, fit.h2, fit.params, fit.delta
        (974, 212, 4197391, 14)
    """
    n = positive_int("input_dim", input_dim)
    target = positive_int("target", target)
    lo, hi = ratio_band("ratio", ratio)
    o = positive_int("output_dim", output_dim)
    keep = positive_int("candidates", candidates)

    slope_of, base_of = _two_hidden_slope, _two_hidden_base
    lo_num, lo_den, hi_num, hi_den = lo.numerator, lo.denominator, hi.numerator, hi.denominator

    def smallest(h2: int) -> int:
        first = -((-lo_num * h2) // lo_den)
        return slope_of(n, 0, h2, o) * first + base_of(n, 0, h2, o)

    # Last h2 whose smallest total in the band does not exceed target (0 if none).
    # Totals grow with h2 at both ends of the band, so this is a binary search.
    low, high = 0, target
    while low < high:
        middle = (low + high + 1) // 2
        if smallest(middle) <= target:
            low = middle
        else:
            high = middle - 1
    pivot = low

    # A max-heap (negated keys) of the best pairs found so far, keyed by
    # (|delta|, delta, h2, h1): closest first, then the smaller total, h2, h1.
    heap: list[tuple[int, int, int, int]] = []

    def offer(h1: int, h2: int, delta: int) -> bool:
        """Keep the pair if it is among the best; False if it is not."""
        full = len(heap) == keep
        if full and abs(delta) > -heap[0][0]:
            return False
        negated = (-abs(delta), -delta, -h2, -h1)
        if not full:
            heapq.heappush(heap, negated)
            return True
        if negated > heap[0]:
            heapq.heapreplace(heap, negated)
            return True
        return False

    def scan(h2: int) -> tuple[int, int]:
        """Offer the h1 values nearest target for this h2; return the band's totals."""
        # The total is linear in h1 for a fixed h2: slope * h1 + base.
        slope, base = slope_of(n, 0, h2, o), base_of(n, 0, h2, o)
        first, last = -((-lo_num * h2) // lo_den), (hi_num * h2) // hi_den
        below = (target - base) // slope
        band_totals = slope * first + base, slope * last + base
        if len(heap) == keep:
            # Quick rejection: the two totals around target are both too far.
            short = target - slope * min(below, last) - base
            over = slope * max(below + 1, first) + base - target
            if min(abs(short), abs(over)) > -heap[0][0]:
                return band_totals
        # Walk away from target on each side; |delta| only grows, so stop at the first miss.
        for h1 in range(min(below, last), first - 1, -1):
            if not offer(h1, h2, slope * h1 + base - target):
                break
        for h1 in range(max(below + 1, first), last + 1):
            if not offer(h1, h2, slope * h1 + base - target):
                break
        return band_totals

    # Downward from the pivot every band reaches up to target or beyond until
    # its largest total falls short; below that the shortfall only grows.
    for h2 in range(pivot, 0, -1):
        _, largest = scan(h2)
        if len(heap) == keep and target - largest > -heap[0][0]:
            break
    # Upward every band starts above target, and by more at each step.
    h2 = pivot + 1
    while True:
        smallest_total, _ = scan(h2)
        if len(heap) == keep and smallest_total - target > -heap[0][0]:
            break
        h2 += 1

    ranked = sorted((-a, -b, -c, -d) for a, b, c, d in heap)
    found = tuple(TwoHiddenCandidate(h1, h2, target + delta, delta) for _, delta, h2, h1 in ranked)
    best = found[0]
    return TwoHiddenFit(best.h1, best.h2, best.params, target, best.delta, (lo, hi), found)
