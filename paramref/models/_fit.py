"""Inverse problems for whole models: the width or the depth that fits a parameter budget.

With everything else fixed, a transformer's count is a quadratic in its width
``d`` (the ``d²`` of the projections, the ``d`` of the embeddings, biases and
norms) and a linear function of its depth. Both are read off the model's own
formula, solved exactly (sympy roots, integer square roots), and the answer is
the admissible integer whose *real* count, from the spec, is closest to the
budget.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sympy

from .._check import positive_int
from .._solve import closest, exact_roots, floor_of_largest_root
from .._tensors import symbol
from ._bert import bert
from ._spec import ModelSpec
from ._zoo import gpt2, llama, mistral, qwen2

__all__ = ["SizeFit", "fit_hidden_size", "fit_num_layers"]

#: model_type -> (model function, width key, depth key, heads key).
_FAMILIES: dict[str, tuple[Callable[..., ModelSpec], str, str, str]] = {
    "gpt2": (gpt2, "n_embd", "n_layer", "n_head"),
    "bert": (bert, "hidden_size", "num_hidden_layers", "num_attention_heads"),
    "llama": (llama, "hidden_size", "num_hidden_layers", "num_attention_heads"),
    "mistral": (mistral, "hidden_size", "num_hidden_layers", "num_attention_heads"),
    "qwen2": (qwen2, "hidden_size", "num_hidden_layers", "num_attention_heads"),
}
_DEFAULT_HEADS = {"gpt2": 12, "bert": 12, "llama": 32, "mistral": 32, "qwen2": 32}


@dataclass(frozen=True)
class SizeFit:
    """The answer of :func:`fit_hidden_size` or :func:`fit_num_layers`.

    Attributes:
        value: The width (or depth) whose count is closest to ``target``.
        params: The model's count at ``value``.
        target: The budget asked for.
        delta: ``params - target``.
        roots: Exact sympy roots of the equation ``count = target`` in the
            unknown, the positive root first.
        coefficients: Its exact coefficients, highest power first: ``(a, b, c)``
            of ``a·x² + b·x + c = 0`` for the width, ``(b, c)`` for the depth.
        multiple_of: The step the answer was restricted to (1 for the depth).
        spec: The model at ``value``.
    """

    value: int
    params: int
    target: int
    delta: int
    roots: tuple[sympy.Expr, ...]
    coefficients: tuple[sympy.Rational, ...]
    multiple_of: int
    spec: ModelSpec


def _family(model_type: object) -> tuple[Callable[..., ModelSpec], str, str, str]:
    if model_type not in _FAMILIES:
        raise ValueError(
            f"model_type must be one of {', '.join(sorted(_FAMILIES))}, got {model_type!r}"
        )
    return _FAMILIES[str(model_type)]


def _closest(
    build: Callable[[int], ModelSpec], candidates: set[int], target: int
) -> tuple[int, ModelSpec]:
    best = closest(candidates, lambda value: build(value).params, target)
    return best, build(best)


def fit_hidden_size(
    budget: int, model_type: str = "gpt2", *, multiple_of: int | None = None, **config: object
) -> SizeFit:
    """The width (``n_embd`` or ``hidden_size``) whose count is closest to ``budget``.

    Every other config key is fixed: pass the depth and the vocabulary (and any
    other key) by their config names; keys not passed keep the model
    function's defaults. Sizes that ``transformers`` derives from the width
    follow it: GPT-2's ``n_inner`` (``4·n_embd``) unless given, and the LLaMA
    family's ``head_dim`` (``hidden_size / num_attention_heads``) unless given;
    a width the config refuses (in LLaMA and Mistral, one whose derived head
    size is odd and above 4) is skipped for the next one outward.
    The count is then ``a·d² + b·d + c0`` with exact rational coefficients; the
    positive root of ``a·d² + b·d + c0 - budget = 0`` is found exactly, and of
    the two multiples of ``multiple_of`` around it the one whose real count is
    closer wins (a tie goes to the smaller width).

    Args:
        budget: The parameter budget.
        model_type: ``"gpt2"``, ``"bert"``, ``"llama"``, ``"mistral"`` or ``"qwen2"``.
        multiple_of: The width must be a multiple of this; by default the number
            of attention heads, which the width must be divisible by.
        **config: The fixed config keys (``n_layer=24``, ``vocab_size=32000``, ...).

    Returns:
        A :class:`SizeFit`; ``value`` is the width.

    Raises:
        TypeError: If the width key itself is passed, or a size is not an int.
        ValueError: If the budget is below the count of the narrowest model.

    Examples:
        >>> fit = fit_hidden_size(124_439_808, n_layer=12)
        >>> fit.value, fit.delta
        (768, 0)
        >>> fit.coefficients
        (144, 51439, -124439808)
        >>> fit = fit_hidden_size(7 * 10**9, "llama", num_hidden_layers=32, intermediate_size=11008)
        >>> fit.value, fit.params, fit.delta
        (4224, 7018197120, 18197120)
    """
    import sympy

    build_model, width_key, _, heads_key = _family(model_type)
    target = positive_int("budget", budget)
    if width_key in config:
        raise TypeError(f"fit_hidden_size chooses {width_key}; do not pass it")
    heads = positive_int(heads_key, config.get(heads_key, _DEFAULT_HEADS[str(model_type)]))
    step = heads if multiple_of is None else positive_int("multiple_of", multiple_of)

    def build(width: int) -> ModelSpec:
        return build_model(**config, **{width_key: width})

    reference = build(heads)
    width = symbol(width_key)
    fixed = {symbol(k): v for k, v in reference._sizes.items() if k != width_key}
    if "head_dim" in reference._sizes and config.get("head_dim") is None:
        fixed[symbol("head_dim")] = width / heads
    poly = sympy.Poly(reference.formula.subs(fixed), width)
    if poly.degree() > 2:
        raise AssertionError(f"not a quadratic in {width_key}: {poly}")
    a, b, c0 = (sympy.Rational(x) for x in [0] * (2 - poly.degree()) + poly.all_coeffs())
    c = c0 - target

    # Integer coefficients with the same roots: multiply through by the denominators.
    scale = math.lcm(*(int(x.q) for x in (a, b, c)))
    A, B, C = (int(x * scale) for x in (a, b, c))  # noqa: N806
    roots = exact_roots(A, B, C)
    floor_root = floor_of_largest_root(A, B, C) if roots else 0
    # The largest integer at which the count does not exceed the budget, made exact.
    while A * (floor_root + 1) ** 2 + B * (floor_root + 1) + C <= 0:
        floor_root += 1
    while floor_root > 0 and A * floor_root**2 + B * floor_root + C > 0:
        floor_root -= 1

    def admissible(width: int) -> bool:
        # Widths the config refuses are skipped: in LLaMA and Mistral, one whose
        # derived head size is odd and above 4 (transformers 5.x, rotary embeddings).
        try:
            build(width)
        except ValueError:
            return False
        return True

    def nearest(width: int, direction: int) -> int:
        for _ in range(4):
            if width >= step and admissible(width):
                return width
            width += direction * step
        build(width)  # not reached for the families here; raises the config's own error
        return width

    low = floor_root // step * step
    narrowest = nearest(step, 1)
    smallest = build(narrowest)
    if target < smallest.params:
        raise ValueError(
            f"budget {target} is below the narrowest model: {width_key}={narrowest} already "
            f"has {smallest.params} parameters"
        )
    candidates = {nearest(max(narrowest, low), -1) if low > narrowest else narrowest}
    candidates.add(nearest(max(narrowest, low + step), 1))
    value, spec = _closest(build, candidates, target)
    return SizeFit(value, spec.params, target, spec.params - target, roots, (a, b, c), step, spec)


def fit_num_layers(budget: int, model_type: str = "gpt2", **config: object) -> SizeFit:
    """The depth (``n_layer`` or ``num_hidden_layers``) whose count is closest to ``budget``.

    Every layer has the same count ``b``, so the total is ``b·L + c0`` and the
    root ``L = (budget - c0) / b`` is an exact fraction; of the two integers
    around it, the one whose count is closer wins (a tie goes to the smaller).

    Args:
        budget: The parameter budget.
        model_type: ``"gpt2"``, ``"bert"``, ``"llama"``, ``"mistral"`` or ``"qwen2"``.
        **config: The fixed config keys (``n_embd=1024``, ``vocab_size=50257``, ...).

    Returns:
        A :class:`SizeFit`; ``value`` is the depth.

    Raises:
        TypeError: If the depth key itself is passed, or a size is not an int.
        ValueError: If the budget is below the count of a one-layer model.

    Examples:
        >>> fit = fit_num_layers(354_823_168, n_embd=1024, n_head=16)
        >>> fit.value, fit.delta, fit.roots
        (24, 0, (24,))
        >>> fit_num_layers(10**9, "llama", hidden_size=2048, intermediate_size=5632).value
        17
    """
    build_model, _, depth_key, _ = _family(model_type)
    target = positive_int("budget", budget)
    if depth_key in config:
        raise TypeError(f"fit_num_layers chooses {depth_key}; do not pass it")

    def build(depth: int) -> ModelSpec:
        return build_model(**config, **{depth_key: depth})

    import sympy

    one, two = build(1), build(2)
    per_layer = two.params - one.params
    fixed = one.params - per_layer
    if target < one.params:
        raise ValueError(
            f"budget {target} is below the shallowest model: {depth_key}=1 already has "
            f"{one.params} parameters"
        )
    root = Fraction(target - fixed, per_layer)
    floor_root = root.numerator // root.denominator
    value, spec = _closest(build, {max(1, floor_root), max(1, floor_root + 1)}, target)
    coefficients = (sympy.Rational(per_layer), sympy.Rational(fixed - target))
    exact_root = sympy.Rational(root.numerator, root.denominator)
    return SizeFit(
        value, spec.params, target, spec.params - target, (exact_root,), coefficients, 1, spec
    )
