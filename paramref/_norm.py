"""The normalization family: a per-feature scale and shift, and running statistics.

Every normalization layer divides its input by a spread and subtracts a mean,
then may multiply by a learned scale (``weight``/``gamma``) and add a learned
shift (``bias``/``beta``), one of each per normalized feature. Batch
normalization also keeps a running mean and variance for inference. PyTorch
stores those as *buffers*, which are not parameters; Keras stores them as
*non-trainable weights*, which ``count_params()`` counts. The tensor listing
below is written once, and the convention is its ``keras`` argument.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from ._check import flag, nonnegative_int, positive_int
from ._keras import KerasLayer, KerasWrapper, Output, keras_input_shape, snake_case, trainable_as
from ._tensors import Dim, Spec, Tensor

__all__ = [
    "BatchNorm1d",
    "BatchNorm2d",
    "BatchNorm3d",
    "BatchNormalization",
    "GroupNorm",
    "GroupNormalization",
    "InstanceNorm1d",
    "InstanceNorm2d",
    "InstanceNorm3d",
    "LayerNorm",
    "LayerNormalization",
    "LocalResponseNorm",
    "Normalization",
    "RMSNorm",
    "RMSNormalization",
    "SpectralNormalization",
    "SyncBatchNorm",
    "UnitNormalization",
]


# --------------------------------------------------------------------------
# The tensor listings, shared by both frameworks.


def affine_tensors(
    shape: tuple[Dim, ...], scale: bool, center: bool, *, keras: bool = False
) -> Iterator[Tensor]:
    """The learned scale and shift: ``weight``/``bias`` (torch), ``gamma``/``beta`` (Keras)."""
    if scale:
        yield Tensor("gamma" if keras else "weight", shape)
    if center:
        yield Tensor("beta" if keras else "bias", shape)


def running_stats_tensors(
    features: Dim, *, keras: bool = False, renorm: bool = False
) -> Iterator[Tensor]:
    """The statistics batch normalization keeps for inference.

    PyTorch: buffers ``running_mean``, ``running_var`` and the scalar
    ``num_batches_tracked``, none of them a parameter. Keras: non-trainable weights
    ``moving_mean`` and ``moving_variance`` (and three more with ``renorm``), all
    counted by ``count_params()``.
    """
    if keras:
        names = ["moving_mean", "moving_variance"]
        if renorm:
            names += ["moving_stddev", "renorm_mean", "renorm_stddev"]
        for name in names:
            yield Tensor(name, (features,), trainable=False)
    else:
        yield Tensor("running_mean", (features,), buffer=True)
        yield Tensor("running_var", (features,), buffer=True)
        yield Tensor("num_batches_tracked", (), buffer=True)


def batch_norm_tensors(
    features: Dim,
    scale: bool,
    center: bool,
    track_running_stats: bool,
    *,
    keras: bool = False,
    renorm: bool = False,
) -> Iterator[Tensor]:
    """Tensors of batch (and instance) normalization over ``features`` channels."""
    yield from affine_tensors((features,), scale, center, keras=keras)
    if track_running_stats:
        yield from running_stats_tensors(features, keras=keras, renorm=renorm)


def shape_names(prefix: str, rank: int) -> tuple[str, ...]:
    """Symbol names for ``rank`` sizes: ``prefix`` alone for one, ``prefix_0``, ... for more."""
    return (prefix,) if rank == 1 else tuple(f"{prefix}_{k}" for k in range(rank))


# --------------------------------------------------------------------------
# Keras helpers: the normalized axes.


def keras_axis_size(axis: object, input_shape: tuple[int | None, ...]) -> int:
    """The size of ``axis`` of the batched input ``(None, *input_shape)``, as Keras indexes it."""
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise TypeError(f"axis must be an int, got {type(axis).__name__} {axis!r}")
    rank = len(input_shape) + 1
    if not -rank <= axis < rank:
        raise ValueError(
            f"axis {axis} is out of range for inputs of shape (batch, *{input_shape!r})"
        )
    if axis % rank == 0:
        raise ValueError(f"axis {axis} is the batch axis; it has no fixed size to normalize")
    size = input_shape[axis % rank - 1]
    if size is None:
        raise ValueError(f"input_shape must fix axis {axis}, got {input_shape!r}")
    return size


def _keras_axis(axis: object) -> None:
    """An axis is an int (checked against the input's rank when the layer is built)."""
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise TypeError(f"axis must be an int, got {type(axis).__name__} {axis!r}")


def _keras_axes(axis: object) -> None:
    """``axis`` of LayerNormalization and RMSNormalization: an int or a list of ints."""
    for item in axis if isinstance(axis, list | tuple) else [axis]:
        _keras_axis(item)


def keras_axes_sizes(axis: object, input_shape: tuple[int | None, ...]) -> tuple[int, ...]:
    """Sizes of the normalized axes, ordered as Keras orders them.

    ``LayerNormalization`` and ``RMSNormalization`` take an int or a list of ints;
    a list is sorted as given (``[-1, 1]`` stays ``[-1, 1]``) and each entry
    indexes the batched shape, so the weight's shape follows that order.
    """
    if isinstance(axis, list | tuple):
        return tuple(keras_axis_size(a, input_shape) for a in sorted(axis))
    return (keras_axis_size(axis, input_shape),)


# --------------------------------------------------------------------------
# PyTorch


class _BatchNorm(Spec):
    """Batch and instance normalization: ``_NormBase`` in PyTorch."""

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        device: object = None,
        dtype: object = None,
        *,
        bias: bool = True,
    ) -> None:
        self._sizes = {"num_features": nonnegative_int("num_features", num_features)}
        self.affine = flag("affine", affine)
        self.track_running_stats = flag("track_running_stats", track_running_stats)
        self.bias = flag("bias", bias)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return batch_norm_tensors(
            sizes["num_features"],
            self.affine,
            self.affine and self.bias,
            self.track_running_stats,
        )


class _InstanceNorm(_BatchNorm):
    """Instance normalization: as batch norm, with ``affine`` and running stats off by default."""

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float = 0.1,
        affine: bool = False,
        track_running_stats: bool = False,
        device: object = None,
        dtype: object = None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__(
            num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias
        )


class BatchNorm1d(_BatchNorm):
    """``torch.nn.BatchNorm1d``: ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias``.

    The mean and variance are taken per channel over the batch (and length).
    ``weight`` and ``bias`` are parameters when ``affine``; ``running_mean``,
    ``running_var`` and ``num_batches_tracked`` are buffers when
    ``track_running_stats``, listed in ``buffers`` and not counted.

    Args:
        num_features: Number of channels ``C`` of an input ``(N, C)`` or ``(N, C, L)``.
        eps: Accepted; it does not change the count.
        momentum: Accepted; it does not change the count.
        affine: Whether the layer learns ``weight`` (and ``bias``).
        track_running_stats: Whether the layer keeps the running statistics.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.
        bias: Whether an affine layer also learns ``bias`` (keyword-only).

    Examples:
        >>> bn = BatchNorm1d(64)
        >>> bn.shapes
        {'weight': (64,), 'bias': (64,)}
        >>> bn.params, bn.formula
        (128, 2*num_features)
        >>> bn.buffers
        {'running_mean': (64,), 'running_var': (64,), 'num_batches_tracked': ()}
    """


class BatchNorm2d(_BatchNorm):
    """``torch.nn.BatchNorm2d``: batch normalization of ``(N, C, H, W)`` inputs per channel.

    Same tensors as :class:`BatchNorm1d`: ``2 * num_features`` parameters when
    ``affine``, and the running statistics as buffers.

    Args:
        num_features: Number of channels ``C``.
        eps: Accepted; it does not change the count.
        momentum: Accepted; it does not change the count.
        affine: Whether the layer learns ``weight`` (and ``bias``).
        track_running_stats: Whether the layer keeps the running statistics.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.
        bias: Whether an affine layer also learns ``bias`` (keyword-only).

    Examples:
        >>> BatchNorm2d(64).params
        128
        >>> BatchNorm2d(64, affine=False).params
        0
        >>> sum(1 for _ in BatchNorm2d(64).buffers)
        3
    """


class BatchNorm3d(_BatchNorm):
    """``torch.nn.BatchNorm3d``: batch normalization of ``(N, C, D, H, W)`` inputs per channel.

    Same tensors as :class:`BatchNorm1d`.

    Args:
        num_features: Number of channels ``C``.
        eps: Accepted; it does not change the count.
        momentum: Accepted; it does not change the count.
        affine: Whether the layer learns ``weight`` (and ``bias``).
        track_running_stats: Whether the layer keeps the running statistics.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.
        bias: Whether an affine layer also learns ``bias`` (keyword-only).

    Examples:
        >>> BatchNorm3d(32).shapes
        {'weight': (32,), 'bias': (32,)}
        >>> BatchNorm3d(32, bias=False).params
        32
    """


class InstanceNorm1d(_InstanceNorm):
    """``torch.nn.InstanceNorm1d``: normalization per sample and per channel.

    The tensors are those of batch normalization, but both switches are off by
    default: no parameters and no buffers unless asked for.

    Args:
        num_features: Number of channels ``C``.
        eps: Accepted; it does not change the count.
        momentum: Accepted; it does not change the count.
        affine: Whether the layer learns ``weight`` (and ``bias``); default ``False``.
        track_running_stats: Whether the layer keeps running statistics; default ``False``.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.
        bias: Whether an affine layer also learns ``bias`` (keyword-only).

    Examples:
        >>> InstanceNorm1d(64).params, InstanceNorm1d(64).buffers
        (0, {})
        >>> InstanceNorm1d(64, affine=True).params
        128
    """


class InstanceNorm2d(_InstanceNorm):
    """``torch.nn.InstanceNorm2d``: instance normalization of ``(N, C, H, W)`` inputs.

    Args:
        num_features: Number of channels ``C``.
        eps: Accepted; it does not change the count.
        momentum: Accepted; it does not change the count.
        affine: Whether the layer learns ``weight`` (and ``bias``); default ``False``.
        track_running_stats: Whether the layer keeps running statistics; default ``False``.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.
        bias: Whether an affine layer also learns ``bias`` (keyword-only).

    Examples:
        >>> InstanceNorm2d(3, affine=True).shapes
        {'weight': (3,), 'bias': (3,)}
        >>> list(InstanceNorm2d(3, track_running_stats=True).buffers)
        ['running_mean', 'running_var', 'num_batches_tracked']
    """


class InstanceNorm3d(_InstanceNorm):
    """``torch.nn.InstanceNorm3d``: instance normalization of ``(N, C, D, H, W)`` inputs.

    Args:
        num_features: Number of channels ``C``.
        eps: Accepted; it does not change the count.
        momentum: Accepted; it does not change the count.
        affine: Whether the layer learns ``weight`` (and ``bias``); default ``False``.
        track_running_stats: Whether the layer keeps running statistics; default ``False``.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.
        bias: Whether an affine layer also learns ``bias`` (keyword-only).

    Examples:
        >>> InstanceNorm3d(8).params
        0
        >>> InstanceNorm3d(8, affine=True, bias=False).shapes
        {'weight': (8,)}
    """


class SyncBatchNorm(_BatchNorm):
    """``torch.nn.SyncBatchNorm``: batch normalization whose statistics span every process.

    In distributed training the mean and variance are gathered over the whole
    batch of all processes in ``process_group``; the tensors are those of
    :class:`BatchNorm1d`: ``weight`` and ``bias`` per channel when ``affine``, and
    the running statistics as buffers. It takes inputs of any rank ``(N, C, +)``.

    Args:
        num_features: Number of channels ``C``.
        eps: Accepted; it does not change the count.
        momentum: Accepted; it does not change the count.
        affine: Whether the layer learns ``weight`` (and ``bias``).
        track_running_stats: Whether the layer keeps the running statistics.
        process_group: Accepted; the processes that share statistics do not change the count.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.
        bias: Whether an affine layer also learns ``bias`` (keyword-only).

    Examples:
        >>> sync = SyncBatchNorm(64)
        >>> sync.shapes, sync.params
        ({'weight': (64,), 'bias': (64,)}, 128)
        >>> sync.formula == BatchNorm2d(64).formula
        True
        >>> list(sync.buffers)
        ['running_mean', 'running_var', 'num_batches_tracked']
    """

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        process_group: object = None,
        device: object = None,
        dtype: object = None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__(
            num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias
        )


def _normalized_shape(value: object) -> tuple[int, ...]:
    """``normalized_shape`` as torch takes it: an int, or a sequence of ints (empty allowed)."""
    if isinstance(value, bool | str) or not isinstance(value, int | Sequence):
        raise TypeError(
            f"normalized_shape must be an int or a tuple of ints, "
            f"got {type(value).__name__} {value!r}"
        )
    if isinstance(value, int):
        return (nonnegative_int("normalized_shape", value),)
    return tuple(nonnegative_int(f"normalized_shape[{k}]", size) for k, size in enumerate(value))


class _ShapeNorm(Spec):
    """A normalization whose weights have the shape ``normalized_shape``."""

    def _set_shape(self, normalized_shape: object) -> None:
        self.normalized_shape = _normalized_shape(normalized_shape)
        self._names = shape_names("normalized_shape", len(self.normalized_shape))
        self._sizes = dict(zip(self._names, self.normalized_shape, strict=True))

    def _shape(self, sizes: Mapping[str, Dim]) -> tuple[Dim, ...]:
        return tuple(sizes[name] for name in self._names)


class LayerNorm(_ShapeNorm):
    """``torch.nn.LayerNorm``: normalize over the last dimensions, then scale and shift.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias``, the statistics taken
    over the trailing ``normalized_shape`` dimensions of each sample. ``weight``
    and ``bias`` have the shape ``normalized_shape``. The formula's symbol is
    ``normalized_shape`` for one dimension and ``normalized_shape_0``,
    ``normalized_shape_1``, ... for several.

    Args:
        normalized_shape: An int or a tuple of ints (zero sizes and ``()`` are allowed,
            as in torch).
        eps: Accepted; it does not change the count.
        elementwise_affine: Whether the layer learns ``weight`` (and ``bias``).
        bias: Whether an affine layer also learns ``bias``.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Examples:
        >>> LayerNorm(768).params, LayerNorm(768).formula
        (1536, 2*normalized_shape)
        >>> LayerNorm((10, 768)).shapes
        {'weight': (10, 768), 'bias': (10, 768)}
        >>> LayerNorm((10, 768)).formula
        2*normalized_shape_0*normalized_shape_1
        >>> LayerNorm(768, bias=False).params
        768
    """

    def __init__(
        self,
        normalized_shape: int | Sequence[int],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        device: object = None,
        dtype: object = None,
    ) -> None:
        self._set_shape(normalized_shape)
        self.elementwise_affine = flag("elementwise_affine", elementwise_affine)
        self.bias = flag("bias", bias)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        affine = self.elementwise_affine
        return affine_tensors(self._shape(sizes), affine, affine and self.bias)


class RMSNorm(_ShapeNorm):
    """``torch.nn.RMSNorm``: divide by the root mean square, then scale; no shift, no mean.

    ``y = x / sqrt(mean(x²) + eps) * weight`` over the trailing ``normalized_shape``
    dimensions. Only ``weight``, of shape ``normalized_shape``.

    Args:
        normalized_shape: An int or a tuple of ints.
        eps: Accepted; it does not change the count.
        elementwise_affine: Whether the layer learns ``weight``.
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.

    Examples:
        >>> RMSNorm(4096).shapes
        {'weight': (4096,)}
        >>> RMSNorm(4096).formula
        normalized_shape
        >>> RMSNorm(4096, elementwise_affine=False).params
        0
    """

    def __init__(
        self,
        normalized_shape: int | Sequence[int],
        eps: float | None = None,
        elementwise_affine: bool = True,
        device: object = None,
        dtype: object = None,
    ) -> None:
        self._set_shape(normalized_shape)
        self.elementwise_affine = flag("elementwise_affine", elementwise_affine)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return affine_tensors(self._shape(sizes), self.elementwise_affine, False)


class GroupNorm(Spec):
    """``torch.nn.GroupNorm``: normalize over groups of channels, scale and shift per channel.

    The statistics are shared within each of ``num_groups`` groups, but ``weight``
    and ``bias`` have one entry per *channel*: ``num_groups`` does not appear in
    the count.

    Args:
        num_groups: Number of groups; it must divide ``num_channels``.
        num_channels: Number of channels ``C``.
        eps: Accepted; it does not change the count.
        affine: Whether the layer learns ``weight`` (and ``bias``).
        device: Accepted for signature compatibility; it does not change the count.
        dtype: Accepted for signature compatibility; it does not change the count.
        bias: Whether an affine layer also learns ``bias`` (keyword-only).

    Raises:
        ValueError: If ``num_groups`` does not divide ``num_channels``.

    Examples:
        >>> GroupNorm(32, 256).shapes
        {'weight': (256,), 'bias': (256,)}
        >>> GroupNorm(32, 256).formula
        2*num_channels
        >>> GroupNorm(3, 256)
        Traceback (most recent call last):
        ...
        ValueError: num_channels (256) must be divisible by num_groups (3)
    """

    def __init__(
        self,
        num_groups: int,
        num_channels: int,
        eps: float = 1e-5,
        affine: bool = True,
        device: object = None,
        dtype: object = None,
        *,
        bias: bool = True,
    ) -> None:
        groups = positive_int("num_groups", num_groups)
        channels = nonnegative_int("num_channels", num_channels)
        if channels % groups:
            raise ValueError(
                f"num_channels ({channels}) must be divisible by num_groups ({groups})"
            )
        self.num_groups = groups
        self._sizes = {"num_channels": channels}
        self.affine = flag("affine", affine)
        self.bias = flag("bias", bias)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return affine_tensors((sizes["num_channels"],), self.affine, self.affine and self.bias)


class LocalResponseNorm(Spec):
    """``torch.nn.LocalResponseNorm``: divide by a sum over neighbouring channels; no parameters.

    Args:
        size: Number of neighbouring channels summed over.
        alpha: Accepted; it does not change the count.
        beta: Accepted; it does not change the count.
        k: Accepted; it does not change the count.

    Examples:
        >>> LocalResponseNorm(5).params, LocalResponseNorm(5).shapes
        (0, {})
    """

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0):
        self.size = nonnegative_int("size", size)
        self._sizes = {}

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return iter(())


# --------------------------------------------------------------------------
# Keras

_REGULARIZED = (
    "beta_initializer",
    "gamma_initializer",
    "beta_regularizer",
    "gamma_regularizer",
    "beta_constraint",
    "gamma_constraint",
)


class _KerasNorm(KerasLayer):
    """A Keras normalization: weights over the sizes of its normalized axes.

    The output has the input's shape.
    """

    def _set_axes(self, sizes: tuple[int, ...]) -> None:
        self._names = shape_names("features", len(sizes))
        self._sizes = dict(zip(self._names, sizes, strict=True))

    def _shape(self, sizes: Mapping[str, Dim]) -> tuple[Dim, ...]:
        return tuple(sizes[name] for name in self._names)


class BatchNormalization(_KerasNorm):
    """``keras.layers.BatchNormalization``: per-feature batch statistics, scale and shift.

    Its four weights all have the size of the ``axis`` dimension: ``gamma`` and
    ``beta`` are trainable, ``moving_mean`` and ``moving_variance`` are
    *non-trainable weights* that ``count_params()`` counts, so a Keras total is
    twice PyTorch's for the same layer. ``renorm=True`` adds three more
    non-trainable weights. The formula's symbol is ``features``, the size of the
    normalized axis.

    Args:
        axis: The features axis of the batched input (``-1``: the last).
        momentum: Accepted; it does not change the count.
        epsilon: Accepted; it does not change the count.
        center: Whether the layer learns ``beta``.
        scale: Whether the layer learns ``gamma``.
        beta_initializer: Accepted; it does not change the count.
        gamma_initializer: Accepted; it does not change the count.
        moving_mean_initializer: Accepted; it does not change the count.
        moving_variance_initializer: Accepted; it does not change the count.
        beta_regularizer: Accepted; it does not change the count.
        gamma_regularizer: Accepted; it does not change the count.
        beta_constraint: Accepted; it does not change the count.
        gamma_constraint: Accepted; it does not change the count.
        renorm: Whether batch renormalization adds its three statistics.
        renorm_clipping: Accepted; it does not change the count.
        renorm_momentum: Accepted; it does not change the count.
        synchronized: Accepted; it does not change the count.
        input_shape: Shape of one input sample, batch excluded; without it the
            spec is unbuilt until a ``Sequential`` builds it.
        **kwargs: ``name``, ``dtype``, ``trainable``, ``autocast``,
            ``activity_regularizer``; ``trainable=False`` makes every weight
            non-trainable.

    Examples:
        >>> bn = BatchNormalization(input_shape=(32, 32, 64))
        >>> bn.shapes
        {'gamma': (64,), 'beta': (64,), 'moving_mean': (64,), 'moving_variance': (64,)}
        >>> bn.params, bn.trainable_params, bn.non_trainable_params
        (256, 128, 128)
        >>> bn.formula
        4*features
    """

    def __init__(
        self,
        axis: int = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: object = "zeros",
        gamma_initializer: object = "ones",
        moving_mean_initializer: object = "zeros",
        moving_variance_initializer: object = "ones",
        beta_regularizer: object = None,
        gamma_regularizer: object = None,
        beta_constraint: object = None,
        gamma_constraint: object = None,
        renorm: bool = False,
        renorm_clipping: object = None,
        renorm_momentum: float = 0.99,
        synchronized: bool = False,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras_init(kwargs, input_shape)
        _keras_axis(axis)
        self.axis = axis
        self.center = flag("center", center)
        self.scale = flag("scale", scale)
        self.renorm = flag("renorm", renorm)
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self.input_shape = keras_input_shape(input_shape)
        self._set_axes((keras_axis_size(self.axis, self.input_shape),))

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        (features,) = self._shape(sizes)
        tensors = batch_norm_tensors(
            features, self.scale, self.center, True, keras=True, renorm=self.renorm
        )
        return trainable_as(self.trainable, tensors)


class LayerNormalization(_KerasNorm):
    """``keras.layers.LayerNormalization``: per-sample statistics over ``axis``, scale and shift.

    ``gamma`` and ``beta`` span the normalized axes: their shape is the sizes of
    ``axis`` (a list of axes is sorted as written, so ``[-1, 1]`` gives the last
    axis first). The formula's symbol is ``features`` for one axis and
    ``features_0``, ``features_1``, ... for several.

    Args:
        axis: An int or a list of ints, axes of the batched input.
        epsilon: Accepted; it does not change the count.
        center: Whether the layer learns ``beta``.
        scale: Whether the layer learns ``gamma``.
        beta_initializer: Accepted; it does not change the count.
        gamma_initializer: Accepted; it does not change the count.
        beta_regularizer: Accepted; it does not change the count.
        gamma_regularizer: Accepted; it does not change the count.
        beta_constraint: Accepted; it does not change the count.
        gamma_constraint: Accepted; it does not change the count.
        input_shape: Shape of one input sample, batch excluded.
        **kwargs: ``rms_scaling`` (deprecated in Keras: ``gamma`` only, no
            ``beta``), and ``name``, ``dtype``, ``trainable``, ``autocast``,
            ``activity_regularizer``.

    Examples:
        >>> ln = LayerNormalization(input_shape=(128, 768))
        >>> ln.shapes, ln.params, ln.formula
        ({'gamma': (768,), 'beta': (768,)}, 1536, 2*features)
        >>> LayerNormalization(axis=[1, 2], input_shape=(128, 768)).params
        196608
    """

    def __init__(
        self,
        axis: int | Sequence[int] = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: object = "zeros",
        gamma_initializer: object = "ones",
        beta_regularizer: object = None,
        gamma_regularizer: object = None,
        beta_constraint: object = None,
        gamma_constraint: object = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras_init(kwargs, input_shape, {"rms_scaling"})
        self.rms_scaling = flag("rms_scaling", kwargs.get("rms_scaling", False))
        _keras_axes(axis)
        self.axis = axis
        self.center = flag("center", center)
        self.scale = flag("scale", scale)
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self.input_shape = keras_input_shape(input_shape)
        self._set_axes(keras_axes_sizes(self.axis, self.input_shape))

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        gamma = self.scale or self.rms_scaling
        beta = self.center and not self.rms_scaling
        tensors = affine_tensors(self._shape(sizes), gamma, beta, keras=True)
        return trainable_as(self.trainable, tensors)


class GroupNormalization(_KerasNorm):
    """``keras.layers.GroupNormalization``: statistics per group, scale and shift per channel.

    ``gamma`` and ``beta`` have one entry per channel of ``axis``; ``groups``
    only has to divide the channels. ``groups=-1`` makes every channel its own
    group (instance normalization).

    Args:
        groups: Number of groups, or ``-1`` for one group per channel.
        axis: The channels axis of the batched input.
        epsilon: Accepted; it does not change the count.
        center: Whether the layer learns ``beta``.
        scale: Whether the layer learns ``gamma``.
        beta_initializer: Accepted; it does not change the count.
        gamma_initializer: Accepted; it does not change the count.
        beta_regularizer: Accepted; it does not change the count.
        gamma_regularizer: Accepted; it does not change the count.
        beta_constraint: Accepted; it does not change the count.
        gamma_constraint: Accepted; it does not change the count.
        input_shape: Shape of one input sample, batch excluded.
        **kwargs: ``name``, ``dtype``, ``trainable``, ``autocast``, ``activity_regularizer``.

    Raises:
        ValueError: If ``groups`` is not positive (or ``-1``), exceeds the number of
            channels, or does not divide it.

    Examples:
        >>> GroupNormalization(input_shape=(32, 32, 256)).shapes
        {'gamma': (256,), 'beta': (256,)}
        >>> GroupNormalization(groups=3, input_shape=(32, 32, 256))
        Traceback (most recent call last):
        ...
        ValueError: groups (3) must divide the number of channels (256)
    """

    def __init__(
        self,
        groups: int = 32,
        axis: int = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: object = "zeros",
        gamma_initializer: object = "ones",
        beta_regularizer: object = None,
        gamma_regularizer: object = None,
        beta_constraint: object = None,
        gamma_constraint: object = None,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras_init(kwargs, input_shape)
        if isinstance(groups, bool) or not isinstance(groups, int):
            raise TypeError(f"groups must be an int, got {type(groups).__name__} {groups!r}")
        if groups != -1 and groups < 1:
            raise ValueError(f"groups must be a positive integer or -1, got {groups!r}")
        _keras_axis(axis)
        self.axis = axis
        self.requested_groups = groups
        self.center = flag("center", center)
        self.scale = flag("scale", scale)
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self.input_shape = keras_input_shape(input_shape)
        channels = keras_axis_size(self.axis, self.input_shape)
        self.groups = channels if self.requested_groups == -1 else self.requested_groups
        if self.groups == 0:
            raise ValueError("groups=-1 needs at least one channel, got 0 channels")
        if self.groups > channels:
            raise ValueError(
                f"groups ({self.groups}) cannot be more than the number of channels ({channels})"
            )
        if channels % self.groups:
            raise ValueError(
                f"groups ({self.groups}) must divide the number of channels ({channels})"
            )
        self._set_axes((channels,))

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        tensors = affine_tensors(self._shape(sizes), self.scale, self.center, keras=True)
        return trainable_as(self.trainable, tensors)


class RMSNormalization(_KerasNorm):
    """``keras.layers.RMSNormalization``: divide by the root mean square over ``axis``, then scale.

    One weight, ``scale``, spanning the normalized axes; no shift.

    Args:
        axis: An int or a list of ints, axes of the batched input.
        epsilon: Accepted; it does not change the count.
        input_shape: Shape of one input sample, batch excluded.
        **kwargs: ``name``, ``dtype``, ``trainable``, ``autocast``, ``activity_regularizer``.

    Examples:
        >>> RMSNormalization(input_shape=(128, 4096)).shapes
        {'scale': (4096,)}
        >>> RMSNormalization(input_shape=(128, 4096)).formula
        features
    """

    def __init__(
        self,
        axis: int | Sequence[int] = -1,
        epsilon: float = 1e-6,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras_init(kwargs, input_shape)
        _keras_axes(axis)
        self.axis = axis
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self.input_shape = keras_input_shape(input_shape)
        self._set_axes(keras_axes_sizes(self.axis, self.input_shape))

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return trainable_as(self.trainable, [Tensor("scale", self._shape(sizes))])


class UnitNormalization(KerasLayer):
    """``keras.layers.UnitNormalization``: scale each sample to unit L2 norm; no weights.

    Args:
        axis: Accepted; it does not change the count.
        input_shape: Shape of one input sample, batch excluded.
        **kwargs: ``name``, ``dtype``, ``trainable``, ``autocast``, ``activity_regularizer``.

    Examples:
        >>> UnitNormalization(input_shape=(768,)).params
        0
    """

    def __init__(
        self,
        axis: int | Sequence[int] = -1,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras_init(kwargs, input_shape)
        self._sizes = {}
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self.input_shape = keras_input_shape(input_shape)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return iter(())


def _array_shape(name: str, value: object) -> tuple[int, ...]:
    """The shape of a number, a nested list or an array (anything with ``.shape``)."""
    shape = getattr(value, "shape", None)
    if shape is not None:
        return tuple(int(size) for size in shape)
    if isinstance(value, list | tuple):
        if not value:
            return (0,)
        inner = {_array_shape(name, item) for item in value}
        if len(inner) != 1:
            raise ValueError(f"{name} must be a rectangular array, got {value!r}")
        return (len(value), *inner.pop())
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number or an array, got {type(value).__name__}")
    return ()


class Normalization(KerasLayer):
    """``keras.layers.Normalization``: ``(x - mean) / sqrt(variance)``, statistics from ``adapt()``.

    Its weights are all non-trainable: ``mean`` and ``variance``, one per index
    of the kept axes (``axis``), and ``count``, one integer (Keras keeps it as
    ``int32``, for old saved models). ``axis=None`` keeps no axis: one mean and
    one variance for the whole input. Given ``mean`` and ``variance`` as
    arguments, the layer stores them as constants and has no weights. The
    formula's symbol is ``features`` (``features_0``, ``features_1``, ... for
    several kept axes). The output has the input's shape.

    Args:
        axis: An int, a tuple of ints or ``None``: the axes of the batched input
            that keep their own statistics.
        mean: Fixed means instead of ``adapt()`` (with ``variance``).
        variance: Fixed variances instead of ``adapt()`` (with ``mean``).
        invert: Accepted; undoing the normalization does not change the count.
        input_shape: Shape of one input sample, batch excluded; without it the
            spec is unbuilt.
        **kwargs: ``name``, ``dtype``, ``trainable``, ``autocast``.

    Examples:
        >>> norm = Normalization(input_shape=(10, 3))
        >>> norm.shapes
        {'mean': (3,), 'variance': (3,), 'count': ()}
        >>> norm.params, norm.trainable_params, norm.formula
        (7, 0, 2*features + 1)
        >>> Normalization(axis=None, input_shape=(10, 3)).params
        3
        >>> Normalization(mean=0.0, variance=1.0, input_shape=(10, 3)).params
        0
    """

    def __init__(
        self,
        axis: int | Sequence[int] | None = -1,
        mean: object = None,
        variance: object = None,
        invert: bool = False,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        self._keras_init(kwargs, input_shape)
        if axis is None:
            axes: tuple[int, ...] = ()
        elif isinstance(axis, int) and not isinstance(axis, bool):
            axes = (axis,)
        elif isinstance(axis, list | tuple):
            axes = tuple(axis)
            for item in axes:
                _keras_axis(item)
        else:
            raise TypeError(f"axis must be an int, a tuple of ints or None, got {axis!r}")
        self.axis = axes
        if (mean is None) != (variance is None):
            raise ValueError(
                "When setting values directly, both `mean` and `variance` must be set. "
                f"Received: mean={mean!r} and variance={variance!r}"
            )
        self.fixed = mean is not None
        if mean is not None:
            mean_shape = _array_shape("mean", mean)
            if mean_shape != _array_shape("variance", variance):
                raise ValueError(
                    "When setting values directly, `mean` and `variance` must have the "
                    f"same shape, got {mean_shape} and {_array_shape('variance', variance)}"
                )
            if len(mean_shape) > len(axes):
                raise ValueError(
                    f"The rank of `mean` must be less than or equal to the number of axes "
                    f"({len(axes)}), got mean shape {mean_shape} for axis {axes}"
                )
            self._sizes = {}
        self._build_given()

    def _build(self, input_shape: object) -> None:
        self.input_shape = keras_input_shape(input_shape, min_rank=0)
        batched = (None, *self.input_shape)
        rank = len(batched)
        if any(not -rank <= axis < rank for axis in self.axis):
            raise ValueError(
                f"All `axis` values must be in the range [-{rank}, {rank}), got "
                f"axis={self.axis} for inputs of shape {batched}"
            )
        kept = sorted(axis % rank for axis in self.axis)
        if len(set(kept)) != len(kept):
            # Keras creates the weights, then fails to reshape them for the input.
            raise ValueError(
                f"axis {self.axis} names the same axis twice for inputs of shape {batched}"
            )
        if self.fixed:
            return
        sizes = []
        for axis in kept:
            size = batched[axis]
            if size is None:
                raise ValueError(
                    f"All `axis` values to be kept must have a known shape, got "
                    f"axis={self.axis} and inputs of shape {batched}: axis {axis} is free"
                )
            sizes.append(size)
        self._names = shape_names("features", len(sizes))
        self._sizes = dict(zip(self._names, sizes, strict=True))

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        if self.fixed:
            return
        shape = tuple(sizes[name] for name in self._names)
        yield Tensor("mean", shape, trainable=False)
        yield Tensor("variance", shape, trainable=False)
        yield Tensor("count", (), trainable=False)

    def _element_bytes(self, tensor: Tensor) -> int:
        return 4 if tensor.name == "count" else super()._element_bytes(tensor)


class SpectralNormalization(KerasWrapper):
    """``keras.layers.SpectralNormalization``: a kernel divided by its largest singular value.

    The wrapped layer keeps its weights; the wrapper adds one non-trainable
    vector ``vector_u`` of shape ``(1, k)``, where ``k`` is the last axis of the
    layer's ``kernel`` (or ``embeddings``), for the power iteration. Keras lists
    the kernel first, then ``vector_u``, then the layer's other weights; the
    layer's weights keep its name (``dense/kernel``). A layer without a
    ``kernel`` or ``embeddings`` (``SeparableConv2D``, ``LSTM``) is refused,
    as Keras refuses it. The output is the wrapped layer's.

    Args:
        layer: A paramref Keras spec with a ``kernel`` or ``embeddings`` weight.
        power_iterations: Iterations of the power method, at least 1; it does
            not change the count.
        input_shape: Shape of one input sample, batch excluded. Left out, it is
            ``layer``'s ``input_shape``, if it has one.
        **kwargs: ``name``, ``dtype``, ``trainable``, ``autocast``.

    Examples:
        >>> from paramref import layers
        >>> sn = SpectralNormalization(layers.Dense(4), input_shape=(3,))
        >>> sn.shapes
        {'dense/kernel': (3, 4), 'vector_u': (1, 4), 'dense/bias': (4,)}
        >>> sn.params, sn.non_trainable_params
        (20, 4)
        >>> sn.formula
        input_dim*units + 2*units
    """

    def __init__(
        self,
        layer: object,
        power_iterations: int = 1,
        *,
        input_shape: Sequence[int | None] | None = None,
        **kwargs: object,
    ) -> None:
        if not isinstance(layer, KerasLayer):
            raise TypeError(
                "SpectralNormalization wraps a Keras layer spec from paramref.layers, "
                f"got {type(layer).__name__} {layer!r}"
            )
        given_shape = input_shape
        if input_shape is None and layer.input_shape is not None:
            input_shape = layer.input_shape
        self._keras_init(kwargs, input_shape)
        self.power_iterations = positive_int("power_iterations", power_iterations)
        self.layer = layer
        self._build_given()
        self._input_arg = given_shape  # a model reads only the wrapper's own, as Keras does

    def _build(self, input_shape: object) -> None:
        shape = keras_input_shape(input_shape, min_rank=0)
        inner = self.layer._built_on(shape)
        names = [tensor.name for tensor in inner.tensors]
        kernel = next((name for name in ("kernel", "embeddings") if name in names), None)
        if kernel is None:
            raise ValueError(
                f"{type(self.layer).__name__} object has no attribute 'kernel' nor 'embeddings'"
            )
        self.input_shape = shape
        self._inner = inner
        self._kernel = kernel
        self._sizes = inner._sizes

    def _output(self) -> Output:
        return self._inner.output_shape

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        prefix = (self.layer.name or snake_case(type(self.layer).__name__)) + "/"
        tensors = list(self._inner._tensors(sizes))
        kernel = next(tensor for tensor in tensors if tensor.name == self._kernel)
        rest = [tensor for tensor in tensors if tensor is not kernel]
        listed = [
            replace(kernel, name=prefix + kernel.name),
            Tensor("vector_u", (1, kernel.shape[-1]), trainable=False),
            *(replace(tensor, name=prefix + tensor.name) for tensor in rest),
        ]
        return trainable_as(self.trainable, listed)

    def _element_bytes(self, tensor: Tensor) -> int:
        return self._inner._element_bytes(tensor)
