"""Argument checks at the public boundary: clear errors, never a wrong number."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fractions import Fraction


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
    from fractions import Fraction  # imported here: counting needs no fractions
    from numbers import Rational

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
        raise ValueError(f"{name} must have lo <= hi, got ({value[0]}, {value[1]})")
    return lo, hi


def nonnegative_int(name: str, value: object) -> int:
    """Return ``value`` if it is an ``int`` >= 0 (a framework that allows empty sizes).

    >>> nonnegative_int("num_parameters", 0)
    0
    >>> nonnegative_int("num_parameters", -1)
    Traceback (most recent call last):
    ...
    ValueError: num_parameters must be a non-negative integer, got -1
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return value


def flag(name: str, value: object) -> bool:
    """Return ``value`` if it is a ``bool``, else raise naming ``name``.

    >>> flag("bias", 1)
    Traceback (most recent call last):
    ...
    TypeError: bias must be a bool, got int 1
    """
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__} {value!r}")
    return value


def no_other_arguments(layer: str, given: Mapping[str, object], allowed: Iterable[str]) -> None:
    """Refuse keyword arguments the framework's layer does not take.

    Specs accept the arguments that do not change the count (initializers,
    activations, ...) by name; anything else is a ``TypeError``, as the framework
    raises it.

    >>> no_other_arguments("Dense", {"activation": "relu"}, {"activation"})
    >>> no_other_arguments("Dense", {"unit": 3}, {"activation"})
    Traceback (most recent call last):
    ...
    TypeError: Dense got an unexpected keyword argument 'unit'
    """
    known = set(allowed)
    for name in given:
        if name not in known:
            raise TypeError(f"{layer} got an unexpected keyword argument {name!r}")
