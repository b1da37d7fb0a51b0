"""The linear family: a weight tensor and an optional bias.

PyTorch stores ``Linear.weight`` as ``(out_features, in_features)``; Keras stores
``Dense.kernel`` as ``(input_dim, units)``. Same count, transposed shape, other
names. ``Bilinear`` adds a second input, ``EinsumDense`` generalises ``Dense`` to
a kernel of any rank described by an einsum equation, and Keras's LoRA option
adds two low-rank factors and freezes the kernel.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from itertools import pairwise
from numbers import Rational

from ._check import flag, nonnegative_int, positive_int
from ._keras import (
    KerasLayer,
    Output,
    keras_input_shape,
    keras_last_axis,
    lora_rank_arg,
    no_quantization,
    trainable_as,
)
from ._tensors import Dim, Spec, Tensor, prefixed

__all__ = [
    "AdaptiveLogSoftmaxWithLoss",
    "Bilinear",
    "Dense",
    "EinsumDense",
    "Identity",
    "Linear",
    "bilinear_tensors",
    "dense_tensors",
    "einsum_dense_tensors",
    "linear_stack_tensors",
    "linear_tensors",
]

# ---------------------------------------------------------------------------
# Tensor listings.


def linear_tensors(in_features: Dim, out_features: Dim, bias: bool = True) -> Iterator[Tensor]:
    """Tensors of ``torch.nn.Linear(in_features, out_features, bias)``."""
    yield Tensor("weight", (out_features, in_features), module="Linear")
    if bias:
        yield Tensor("bias", (out_features,), module="Linear")


def bilinear_tensors(
    in1_features: Dim, in2_features: Dim, out_features: Dim, bias: bool = True
) -> Iterator[Tensor]:
    """Tensors of ``torch.nn.Bilinear``: one ``in1 x in2`` matrix per output feature."""
    yield Tensor("weight", (out_features, in1_features, in2_features))
    if bias:
        yield Tensor("bias", (out_features,))


def dense_tensors(
    input_dim: Dim, units: Dim, use_bias: bool = True, lora_rank: Dim = 0
) -> Iterator[Tensor]:
    """Tensors of ``keras.layers.Dense(units, use_bias, lora_rank)`` on ``input_dim`` features.

    With LoRA the kernel is frozen and two trainable factors are added after
    the bias, in the order Keras creates them.
    """
    yield Tensor("kernel", (input_dim, units), trainable=not lora_rank)
    if use_bias:
        yield Tensor("bias", (units,))
    if lora_rank:
        yield Tensor("lora_kernel_a", (input_dim, lora_rank))
        yield Tensor("lora_kernel_b", (lora_rank, units))


def linear_stack_tensors(widths: Sequence[Dim]) -> Iterator[Tensor]:
    """Tensors of ``nn.Sequential`` of ``Linear(widths[k], widths[k + 1])``, with biases.

    Names are the ones torch gives: ``0.weight``, ``0.bias``, ``1.weight``, ...
    """
    for index, (n, m) in enumerate(pairwise(widths)):
        yield from prefixed(str(index), linear_tensors(n, m))


# ---------------------------------------------------------------------------
# PyTorch specs.


class Linear(Spec):
    """``torch.nn.Linear``: ``y = x Wᵀ + b``.

    Sizes may be 0, as torch allows: the layer is then empty.

    Args:
        in_features: Size of each input sample (``n``).
        out_features: Size of each output sample (``m``).
        bias: Whether the layer has the bias vector ``b``.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Examples:
        >>> layer = Linear(256, 128)
        >>> layer.shapes
        {'weight': (128, 256), 'bias': (128,)}
        >>> layer.params
        32896
        >>> layer.formula
        in_features*out_features + out_features
        >>> Linear(256, 128, bias=False).params
        32768
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        device: object = None,
        dtype: object = None,
    ) -> None:
        self._sizes = {
            "in_features": nonnegative_int("in_features", in_features),
            "out_features": nonnegative_int("out_features", out_features),
        }
        self.bias = flag("bias", bias)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return linear_tensors(sizes["in_features"], sizes["out_features"], self.bias)


class Bilinear(Spec):
    """``torch.nn.Bilinear``: ``y_k = x_1ᵀ A_k x_2 + b_k`` for each output feature ``k``.

    torch refuses ``in1_features=0`` (its initialisation divides by it); the
    other sizes may be 0.

    Args:
        in1_features: Size of each first input sample.
        in2_features: Size of each second input sample.
        out_features: Size of each output sample.
        bias: Whether the layer has the bias vector.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Examples:
        >>> layer = Bilinear(20, 30, 40)
        >>> layer.shapes
        {'weight': (40, 20, 30), 'bias': (40,)}
        >>> layer.params
        24040
        >>> layer.formula
        in1_features*in2_features*out_features + out_features
    """

    def __init__(
        self,
        in1_features: int,
        in2_features: int,
        out_features: int,
        bias: bool = True,
        device: object = None,
        dtype: object = None,
    ) -> None:
        in1 = nonnegative_int("in1_features", in1_features)
        if in1 == 0:
            raise ValueError(f"in1_features must be > 0, got {in1_features!r}")
        self._sizes = {
            "in1_features": in1,
            "in2_features": nonnegative_int("in2_features", in2_features),
            "out_features": nonnegative_int("out_features", out_features),
        }
        self.bias = flag("bias", bias)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return bilinear_tensors(
            sizes["in1_features"], sizes["in2_features"], sizes["out_features"], self.bias
        )


class Identity(Spec):
    """``torch.nn.Identity``: returns its input; it takes and ignores any arguments.

    Examples:
        >>> Identity(54, unused_argument="anything").params
        0
        >>> Identity().shapes, Identity().formula
        ({}, 0)
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        self._sizes = {}

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        yield from ()


def adaptive_log_softmax_tensors(
    in_features: Dim,
    bounds: Sequence[Dim],
    hidden: Sequence[Dim],
    head_bias: bool = False,
) -> Iterator[Tensor]:
    """Tensors of ``torch.nn.AdaptiveLogSoftmaxWithLoss``.

    ``bounds`` are the cutoffs followed by ``n_classes``; ``hidden`` holds the
    width of each cluster's projection. The head scores the first
    ``bounds[0]`` classes and one entry per cluster; cluster ``i`` projects the
    input to ``hidden[i]`` features, then scores its ``bounds[i + 1] - bounds[i]``
    classes from them.
    """
    head_size = bounds[0] + len(hidden)
    yield from prefixed("head", linear_tensors(in_features, head_size, head_bias))
    for i, width in enumerate(hidden):
        yield from prefixed(f"tail.{i}.0", linear_tensors(in_features, width, False))
        yield from prefixed(f"tail.{i}.1", linear_tensors(width, bounds[i + 1] - bounds[i], False))


class AdaptiveLogSoftmaxWithLoss(Spec):
    """``torch.nn.AdaptiveLogSoftmaxWithLoss``: a softmax over many classes, cheap for rare ones.

    The classes are split at ``cutoffs`` into a frequent shortlist and
    clusters. The ``head`` is a linear layer from ``in_features`` to the
    shortlist plus one entry per cluster; cluster ``i`` (``tail.i``) is two
    linear layers without bias, from ``in_features`` down to
    ``h_i = in_features // div_value ** (i + 1)`` features and from there to the
    cluster's classes. The widths ``h_i`` are computed as torch computes them
    (floor division, in floating point when ``div_value`` is a float); the formula
    writes them ``floor(in_features / div_value**(i + 1))``. Symbols:
    ``in_features``, ``n_classes`` and ``cutoffs_0``, ``cutoffs_1``, ...

    Args:
        in_features: Number of features of the input.
        n_classes: Number of classes.
        cutoffs: Increasing class indices between 1 and ``n_classes - 1`` where
            the shortlist and each cluster end.
        div_value: How much narrower each cluster's projection is than the
            previous one's: an int, a float or a ``fractions.Fraction``.
        head_bias: Whether the head has a bias.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Examples:
        >>> asm = AdaptiveLogSoftmaxWithLoss(64, 1000, [100, 500])
        >>> asm.shapes
        {'head.weight': (102, 64), 'tail.0.0.weight': (16, 64), 'tail.0.1.weight': (400, 16),
        'tail.1.0.weight': (4, 64), 'tail.1.1.weight': (500, 4)}
        >>> asm.params
        16208
        >>> asm.formula
        cutoffs_0*in_features - cutoffs_0*floor(in_features/4) - cutoffs_1*floor(in_features/16)
        + cutoffs_1*floor(in_features/4) + in_features*floor(in_features/16)
        + in_features*floor(in_features/4) + 2*in_features + n_classes*floor(in_features/16)
        >>> AdaptiveLogSoftmaxWithLoss(64, 1000, [500, 100])
        Traceback (most recent call last):
        ...
        ValueError: cutoffs should be a sequence of unique, positive integers sorted in an
        increasing order, where each value is between 1 and n_classes-1; got [500, 100]
        with n_classes=1000
    """

    def __init__(
        self,
        in_features: int,
        n_classes: int,
        cutoffs: Iterable[int],
        div_value: float | Fraction = 4.0,
        head_bias: bool = False,
        device: object = None,
        dtype: object = None,
    ) -> None:
        in_features = nonnegative_int("in_features", in_features)
        if isinstance(n_classes, bool) or not isinstance(n_classes, int):
            raise TypeError(
                f"n_classes must be an int, got {type(n_classes).__name__} {n_classes!r}"
            )
        if isinstance(cutoffs, str) or not isinstance(cutoffs, Iterable):
            raise TypeError(
                f"cutoffs must be a sequence of ints, got {type(cutoffs).__name__} {cutoffs!r}"
            )
        cuts = list(cutoffs)
        for k, cut in enumerate(cuts):
            if isinstance(cut, bool) or not isinstance(cut, int):
                raise TypeError(f"cutoffs[{k}] must be an int, got {type(cut).__name__} {cut!r}")
        if not cuts:
            raise ValueError("cutoffs should be a sequence of length larger than 0, got []")
        if cuts != sorted(set(cuts)) or cuts[0] <= 0 or cuts[-1] > n_classes - 1:
            raise ValueError(
                "cutoffs should be a sequence of unique, positive integers sorted in an "
                "increasing order, where each value is between 1 and n_classes-1; "
                f"got {cuts} with n_classes={n_classes}"
            )
        if isinstance(div_value, bool) or not isinstance(div_value, Rational | float):
            raise TypeError(
                f"div_value must be a number, got {type(div_value).__name__} {div_value!r}"
            )
        self.div_value: int | float | Fraction = (
            div_value
            if isinstance(div_value, int | float | Fraction)
            else Fraction(int(div_value.numerator), int(div_value.denominator))
        )
        self.head_bias = flag("head_bias", head_bias)
        self.hidden = tuple(
            _cluster_width(in_features, self.div_value, i) for i in range(len(cuts))
        )
        self._sizes = {"in_features": in_features, "n_classes": n_classes}
        self._sizes.update({f"cutoffs_{k}": cut for k, cut in enumerate(cuts)})

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        clusters = len(self.hidden)
        n = sizes["in_features"]
        bounds = [sizes[f"cutoffs_{k}"] for k in range(clusters)] + [sizes["n_classes"]]
        hidden: Sequence[Dim] = self.hidden
        if not isinstance(n, int):
            hidden = [self._symbolic_width(n, i) for i in range(clusters)]
        return adaptive_log_softmax_tensors(n, bounds, hidden, self.head_bias)

    def _symbolic_width(self, in_features: Dim, index: int) -> Dim:
        """``floor(in_features / div_value**(index + 1))``; torch's width if that differs.

        A float ``div_value`` enters the formula as the fraction it is written
        as (``1.5`` as 3/2). torch divides in floating point; in the rare case
        where that floor is not the exact one at the spec's ``in_features``, or
        ``div_value`` is infinite, the formula keeps torch's width as a number,
        so that it still gives ``params``.
        """
        import sympy

        width = self.hidden[index]
        ratio = _exact_ratio(self.div_value)
        if ratio is None:
            return width
        power = ratio ** (index + 1)
        if self._sizes["in_features"] * power.denominator // power.numerator != width:
            return width
        result: Dim = sympy.floor(in_features / sympy.Rational(power.numerator, power.denominator))
        return result


def _exact_ratio(div_value: int | float | Fraction) -> Fraction | None:
    """``div_value`` as an exact fraction (a float as written: 1.1 is 11/10); None if infinite."""
    if isinstance(div_value, float):
        return Fraction(repr(div_value)) if math.isfinite(div_value) else None
    return Fraction(div_value)


def _cluster_width(in_features: int, div_value: int | float | Fraction, index: int) -> int:
    """torch's ``int(in_features // (div_value ** (index + 1)))``, refused where torch fails."""
    try:
        width = int(in_features // (div_value ** (index + 1)))
    except (ArithmeticError, ValueError):
        raise ValueError(
            f"div_value={div_value!r} gives no width for cluster {index} of "
            f"in_features={in_features}"
        ) from None
    if width < 0:
        raise ValueError(f"div_value={div_value!r} gives cluster {index} a negative width {width}")
    return width


# ---------------------------------------------------------------------------
# Keras specs.


class Dense(KerasLayer):
    """``keras.layers.Dense``: ``y = x · kernel + bias`` on the last axis.

    The output has the input's shape with the last axis replaced by ``units``.

    With ``lora_rank=r`` Keras freezes the kernel and trains two factors
    ``lora_kernel_a`` ``(input_dim, r)`` and ``lora_kernel_b`` ``(r, units)``
    instead: the count grows by ``r·(input_dim + units)`` and the kernel moves to
    the non-trainable side. ``lora_rank`` of ``None`` or 0 means no LoRA.

    Args:
        units: Size of the output's last axis.
        activation: Accepted; no activation has weights.
        use_bias: Whether the layer has the ``bias`` vector.
        kernel_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        kernel_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        activity_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; Keras refuses it together with LoRA.
        bias_constraint: Accepted; it does not change the count.
        lora_rank: Rank of the LoRA factors, or ``None``.
        lora_alpha: Accepted; LoRA's scale does not change the count.
        quantization_config: Only ``None`` is supported.
        input_shape: Shape of one input sample, batch excluded; its last axis is
            the ``input_dim`` of the formula. Without it the spec is unbuilt until
            a ``Sequential`` builds it.
        **kwargs: Keyword arguments of every Keras layer (``name``, ``dtype``,
            ``trainable``, ``autocast``, ``input_dim``). ``trainable=False``
            makes every weight non-trainable.

    Examples:
        >>> layer = Dense(128, input_shape=(256,))
        >>> layer.shapes
        {'kernel': (256, 128), 'bias': (128,)}
        >>> layer.params
        32896
        >>> layer.formula
        input_dim*units + units
        >>> lora = Dense(128, lora_rank=4, input_shape=(256,))
        >>> lora.params, lora.trainable_params, lora.non_trainable_params
        (34432, 1664, 32768)
        >>> lora.formula
        input_dim*lora_rank + input_dim*units + lora_rank*units + units
        >>> Dense(32, input_shape=(10, 64)).output_shape
        (10, 32)
    """

    def __init__(
        self,
        units: int,
        activation: object = None,
        use_bias: bool = True,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        activity_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        lora_rank: int | None = None,
        lora_alpha: object = None,
        quantization_config: object = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras_init(kwargs, input_shape)
        self.units = positive_int("units", units)
        no_quantization("Dense", quantization_config)
        self.use_bias = flag("use_bias", use_bias)
        self.lora_rank = lora_rank_arg("Dense", lora_rank, kernel_constraint, "kernel_constraint")
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self.input_shape = keras_input_shape(input_shape)
        sizes = {"input_dim": keras_last_axis(self.input_shape), "units": self.units}
        if self.lora_rank:
            sizes["lora_rank"] = self.lora_rank
        self._sizes = sizes

    def _output(self) -> Output:
        assert self.input_shape is not None
        return (*self.input_shape[:-1], self.units)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        tensors = dense_tensors(
            sizes["input_dim"], sizes["units"], self.use_bias, sizes.get("lora_rank", 0)
        )
        return trainable_as(self.trainable, tensors)


# The three equation forms Keras accepts, after "..." is replaced by "0". Keras
# matches them as prefixes, in this order, and so does paramref.
_EINSUM_FORMS = (
    (re.compile(r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)"), False),
    (re.compile(r"0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)"), True),
    (re.compile(r"([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0"), False),
)


def _einsum_layout(
    equation: str,
    bias_axes: str | None,
    input_shape: tuple[int | None, ...],
    output_shape: tuple[int | None, ...],
) -> tuple[str, tuple[str | int, ...] | None, dict[str, int], tuple[int | None, ...]]:
    """Kernel letters, bias layout, letter sizes and output shape of an ``EinsumDense``.

    Returns the kernel's letters in order (one axis each), the bias as a tuple of
    letters and 1s (``None`` without bias), the size of every letter used, and
    the shape of one output sample (Keras's ``full_output_shape`` without the batch).
    """
    match = None
    left_elided = False
    for pattern, left in _EINSUM_FORMS:
        match = pattern.match(equation.replace("...", "0"))
        if match:
            left_elided = left
            break
    if match is None:
        raise ValueError(
            f"equation must have the form [X],[Y]->[Z], ...[X],[Y]->...[Z] or "
            f"[X]...,[Y]->[Z]..., got {equation!r}"
        )
    inputs, kernel, outputs = match.groups()

    # Both shapes with the batch axis first, as Keras sees them when it builds.
    full_input = (None, *input_shape)
    elided = len(full_input) - len(inputs)
    full_output: list[int | None] = [None, *output_shape]
    if elided > 0 and left_elided:
        # Keras inserts each elided axis at position 1, so they come out reversed in
        # its output shape (not in its weights); paramref reports what Keras reports.
        for axis in range(1, elided):
            full_output.insert(1, full_input[axis])
    elif elided > 0:
        full_output.extend(full_input[len(full_input) - elided :])
    offset = elided if left_elided else 0

    # Axis of each letter; a repeated letter keeps its last position, as in Keras.
    input_axis = {letter: k for k, letter in enumerate(inputs)}
    output_axis = {letter: k for k, letter in enumerate(outputs)}

    def input_size(letter: str) -> int | None:
        position = input_axis[letter] + (elided - len(full_input) if left_elided else 0)
        if not -len(full_input) <= position < len(full_input):
            raise ValueError(
                f"equation {equation!r} has more input axes than input_shape {input_shape!r}"
            )
        return full_input[position]

    def output_size(letter: str) -> int | None:
        position = output_axis[letter] + offset
        if not 0 <= position < len(full_output):
            raise ValueError(
                f"output_shape {output_shape!r} is too short for equation {equation!r}"
            )
        return full_output[position]

    for letter in inputs:
        size_in = input_size(letter)
        if letter in outputs:
            size_out = output_size(letter)
            if size_out is not None and size_out != size_in:
                raise ValueError(
                    f"input_shape and output_shape disagree on the shared axis {letter!r}: "
                    f"{size_in} and {size_out}"
                )
    for letter in outputs:
        if letter not in inputs and letter not in kernel:
            raise ValueError(
                f"output axis {letter!r} of equation {equation!r} is in neither the input "
                f"nor the kernel"
            )

    sizes: dict[str, int | None] = {}
    for letter in kernel:
        if letter in outputs:
            sizes[letter] = output_size(letter)
        elif letter in inputs:
            sizes[letter] = input_size(letter)
        else:
            raise ValueError(
                f"kernel axis {letter!r} of equation {equation!r} is in neither the input "
                f"nor the output"
            )

    bias: tuple[str | int, ...] | None = None
    if bias_axes is not None:
        if not isinstance(bias_axes, str) or not bias_axes:
            raise ValueError(f"bias_axes must be a non-empty string or None, got {bias_axes!r}")
        for letter in bias_axes:
            if letter not in outputs:
                raise ValueError(
                    f"bias_axes {bias_axes!r}: axis {letter!r} is not in the output {outputs!r}"
                )
            sizes.setdefault(letter, output_size(letter))
        first = min(outputs.index(letter) for letter in bias_axes)
        bias = tuple(letter if letter in bias_axes else 1 for letter in outputs[first:])
        if not left_elided and elided > 0:
            bias += (1,) * elided

    unknown = [letter for letter, size in sizes.items() if size is None]
    if unknown:
        raise ValueError(
            f"the weights' axes {''.join(unknown)!r} have no fixed size: set them in "
            f"input_shape or output_shape"
        )
    known = {letter: size for letter, size in sizes.items() if size is not None}
    return kernel, bias, known, tuple(full_output[1:])


def einsum_dense_tensors(
    kernel: Sequence[Dim], bias: Sequence[Dim] | None, lora_rank: Dim = 0
) -> Iterator[Tensor]:
    """Tensors of ``keras.layers.EinsumDense`` with the given kernel and bias shapes.

    With LoRA the kernel is frozen; ``lora_kernel_a`` has the kernel's shape with
    its last axis replaced by the rank, ``lora_kernel_b`` is ``(rank, last axis)``.
    """
    yield Tensor("kernel", tuple(kernel), trainable=not lora_rank)
    if bias is not None:
        yield Tensor("bias", tuple(bias))
    if lora_rank:
        yield Tensor("lora_kernel_a", (*kernel[:-1], lora_rank))
        yield Tensor("lora_kernel_b", (lora_rank, kernel[-1]))


class EinsumDense(KerasLayer):
    """``keras.layers.EinsumDense``: a kernel of any rank, contracted by an einsum equation.

    The kernel has one axis per letter of the equation's second operand. A
    letter that also appears in the output takes its size from ``output_shape``;
    otherwise it takes it from ``input_shape``. The bias covers the output from
    the first letter of ``bias_axes`` to the end, with size 1 on the axes not in
    ``bias_axes`` (and on the axes a trailing ``...`` stands for). The formula's
    symbols are the equation's letters.

    Args:
        equation: ``"ab,bc->ac"``, ``"...b,bc->...c"`` or ``"ab...,bc->ac..."``
            style; the first letter of the input and of the output is the batch.
        output_shape: The output shape without the batch axis (an int for one
            axis); ``None`` for an axis taken from the input.
        activation: Accepted; no activation has weights.
        bias_axes: Output letters that get a bias, or ``None`` for no bias.
        kernel_initializer: Accepted; it does not change the count.
        bias_initializer: Accepted; it does not change the count.
        kernel_regularizer: Accepted; it does not change the count.
        bias_regularizer: Accepted; it does not change the count.
        kernel_constraint: Accepted; Keras refuses it together with LoRA.
        bias_constraint: Accepted; it does not change the count.
        lora_rank: Rank of the LoRA factors, or ``None``.
        lora_alpha: Accepted; LoRA's scale does not change the count.
        gptq_unpacked_column_size: Accepted; used only by GPTQ quantization.
        quantization_config: Only ``None`` is supported.
        input_shape: Shape of one input sample, batch excluded; without it the
            spec is unbuilt until a ``Sequential`` builds it.
        **kwargs: Keyword arguments of every Keras layer.

    Examples:
        >>> layer = EinsumDense("abc,cde->abde", (None, 4, 5), bias_axes="de",
        ...                     input_shape=(10, 32))
        >>> layer.shapes
        {'kernel': (32, 4, 5), 'bias': (4, 5)}
        >>> layer.output_shape  # an output axis given as None stays None, as in Keras
        (None, 4, 5)
        >>> layer.params
        660
        >>> layer.formula
        c*d*e + d*e
        >>> EinsumDense("ab,bc->ac", 64, bias_axes="c", input_shape=(32,)).params
        2112
    """

    def __init__(
        self,
        equation: str,
        output_shape: int | Sequence[int | None],
        activation: object = None,
        bias_axes: str | None = None,
        kernel_initializer: object = "glorot_uniform",
        bias_initializer: object = "zeros",
        kernel_regularizer: object = None,
        bias_regularizer: object = None,
        kernel_constraint: object = None,
        bias_constraint: object = None,
        lora_rank: int | None = None,
        lora_alpha: object = None,
        gptq_unpacked_column_size: object = None,
        quantization_config: object = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        if not isinstance(equation, str):
            raise TypeError(f"equation must be a str, got {type(equation).__name__} {equation!r}")
        self._keras_init(kwargs, input_shape)
        no_quantization("EinsumDense", quantization_config)
        self.equation = equation
        self.partial_output_shape = _output_shape(output_shape)
        self.bias_axes = bias_axes
        self.lora_rank = lora_rank_arg(
            "EinsumDense", lora_rank, kernel_constraint, "kernel_constraint"
        )
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self.input_shape = keras_input_shape(input_shape)
        kernel, self._bias, letters, self._full_output = _einsum_layout(
            self.equation, self.bias_axes, self.input_shape, self.partial_output_shape
        )
        self._kernel = tuple(kernel)
        sizes = dict(letters)
        if self.lora_rank:
            sizes["lora_rank"] = self.lora_rank
        self._sizes = sizes

    def _output(self) -> Output:
        return self._full_output

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        def size(axis: str | int) -> Dim:
            return sizes[axis] if isinstance(axis, str) else axis

        kernel = [size(letter) for letter in self._kernel]
        bias = None if self._bias is None else [size(axis) for axis in self._bias]
        tensors = einsum_dense_tensors(kernel, bias, sizes.get("lora_rank", 0))
        return trainable_as(self.trainable, tensors)


def _output_shape(value: object) -> tuple[int | None, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        return (nonnegative_int("output_shape", value),)
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise TypeError(f"output_shape must be an int or a tuple of ints, got {value!r}")
    return tuple(
        None if size is None else nonnegative_int(f"output_shape[{k}]", size)
        for k, size in enumerate(value)
    )
