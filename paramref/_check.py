"""Argument checks at the public boundary: clear errors, never a wrong number."""

from __future__ import annotations

from fractions import Fraction
from numbers import Rational


def positive_int(name: str, value: object) -> int:
    """Return ``value`` if it is an ``int`` >= 1, else raise naming ``name``.

    >>> positive_int("hidden_dim", 16)
    16
    >>> positive_int("hidden_dim", 0)
    Traceback (most recent call last):
    ...
    ValueError: hidden_dim must be a positive integer, got 0
    >>> positive_int("hidden_dim", 16.0)
    Traceback (most recent call last):
    ...
    TypeError: hidden_dim must be an int, got float 16.0
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def positive_rational(name: str, value: object) -> Fraction:
    """Return ``value`` as an exact ``Fraction`` if it is an int or rational > 0.

    Floats are refused: a ratio band is compared exactly.

    >>> positive_rational("ratio[0]", 3)
    Fraction(3, 1)
    >>> positive_rational("ratio[0]", 2.5)
    Traceback (most recent call last):
    ...
    TypeError: ratio[0] must be an int or fractions.Fraction, got float 2.5
    """
    if isinstance(value, bool) or not isinstance(value, Rational):
        raise TypeError(
            f"{name} must be an int or fractions.Fraction, got {type(value).__name__} {value!r}"
        )
    fraction = Fraction(int(value.numerator), int(value.denominator))
    if fraction <= 0:
        raise ValueError(f"{name} must be positive, got {value!r}")
    return fraction


def ratio_band(name: str, value: object) -> tuple[Fraction, Fraction]:
    """Return a ``(lo, hi)`` band of exact positive rationals with ``lo <= hi``."""
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise TypeError(f"{name} must be a (lo, hi) pair, got {value!r}")
    lo = positive_rational(f"{name}[0]", value[0])
    hi = positive_rational(f"{name}[1]", value[1])
    if lo > hi:
        raise ValueError(f"{name} must have lo <= hi, got {value!r}")
    return lo, hi
