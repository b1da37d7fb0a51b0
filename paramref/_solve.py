"""Exact helpers shared by the inverse problems: roots and the integers around them.

A parameter count that grows with a width is a polynomial with integer
coefficients of degree one or two in it. Setting it equal to a budget gives
``a·x² + b·x + c = 0``; these helpers give its exact sympy roots, the floor of
its largest root computed with integers only (``math.isqrt``), and the integer
whose count is closest to the budget.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sympy

__all__ = ["closest", "exact_roots", "floor_of_largest_root"]


def exact_roots(a: int, b: int, c: int) -> tuple[sympy.Expr, ...]:
    """Exact real roots of ``a·x² + b·x + c = 0``, the largest first.

    One root when ``a == 0`` (and ``b != 0``); none when the discriminant is negative.

    >>> exact_roots(3, 20, -544)
    (-10/3 + 2*sqrt(433)/3, -2*sqrt(433)/3 - 10/3)
    >>> exact_roots(0, 17, -544)
    (32,)
    """
    import sympy

    if a == 0:
        if b == 0:
            raise ValueError("not an equation in x: a = b = 0")
        return (sympy.Rational(-c, b),)
    discriminant = b * b - 4 * a * c
    if discriminant < 0:
        return ()
    root = sympy.sqrt(discriminant)
    roots = ((-b + root) / (2 * a), (-b - root) / (2 * a))
    return roots if a > 0 else roots[::-1]


def floor_of_largest_root(a: int, b: int, c: int) -> int:
    """``⌊x⌋`` for the largest real root ``x`` of ``a·x² + b·x + c`` (``a >= 0``), exactly.

    With ``s = isqrt(b² - 4ac)`` the root lies in ``[(s - b) / 2a, (s + 1 - b) / 2a)``,
    whose floor is ``(s - b) // 2a``: no float is involved.

    >>> floor_of_largest_root(3, 20, -544)
    10
    >>> floor_of_largest_root(0, 17, -544)
    32
    """
    if a < 0:
        raise ValueError(f"a must be >= 0, got {a}")
    if a == 0:
        return -c // b
    discriminant = b * b - 4 * a * c
    if discriminant < 0:
        raise ValueError(f"no real root: discriminant {discriminant} < 0")
    return (math.isqrt(discriminant) - b) // (2 * a)


def closest(candidates: Iterable[int], count: Callable[[int], int], target: int) -> int:
    """The candidate whose ``count`` is closest to ``target``; a tie goes to the smaller.

    >>> closest([10, 11], lambda d: 3 * d * d + 20 * d + 8, 552)
    11
    """
    return min(sorted(set(candidates)), key=lambda candidate: abs(count(candidate) - target))
