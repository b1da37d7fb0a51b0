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

from ._check import flag, nonnegative_int, positive_int
from ._keras import keras_input_shape, keras_trainable, trainable_as
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
    "RMSNorm",
    "RMSNormalization",
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


class _KerasNorm(Spec):
    """A Keras normalization: weights over the sizes of its normalized axes."""

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
        input_shape: Shape of one input sample, batch excluded.
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
        input_shape: Sequence[int | None],
        **kwargs: object,
    ) -> None:
        self.trainable = keras_trainable("BatchNormalization", kwargs)
        self.input_shape = keras_input_shape(input_shape)
        self._set_axes((keras_axis_size(axis, self.input_shape),))
        self.center = flag("center", center)
        self.scale = flag("scale", scale)
        self.renorm = flag("renorm", renorm)

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
        input_shape: Sequence[int | None],
        **kwargs: object,
    ) -> None:
        self.trainable = keras_trainable("LayerNormalization", kwargs, {"rms_scaling"})
        self.rms_scaling = flag("rms_scaling", kwargs.get("rms_scaling", False))
        self.input_shape = keras_input_shape(input_shape)
        self._set_axes(keras_axes_sizes(axis, self.input_shape))
        self.center = flag("center", center)
        self.scale = flag("scale", scale)

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
        input_shape: Sequence[int | None],
        **kwargs: object,
    ) -> None:
        self.trainable = keras_trainable("GroupNormalization", kwargs)
        if isinstance(groups, bool) or not isinstance(groups, int):
            raise TypeError(f"groups must be an int, got {type(groups).__name__} {groups!r}")
        if groups != -1 and groups < 1:
            raise ValueError(f"groups must be a positive integer or -1, got {groups!r}")
        self.input_shape = keras_input_shape(input_shape)
        channels = keras_axis_size(axis, self.input_shape)
        self.groups = channels if groups == -1 else groups
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
        self.center = flag("center", center)
        self.scale = flag("scale", scale)

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
        input_shape: Sequence[int | None],
        **kwargs: object,
    ) -> None:
        self.trainable = keras_trainable("RMSNormalization", kwargs)
        self.input_shape = keras_input_shape(input_shape)
        self._set_axes(keras_axes_sizes(axis, self.input_shape))

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return trainable_as(self.trainable, [Tensor("scale", self._shape(sizes))])


class UnitNormalization(Spec):
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
        input_shape: Sequence[int | None],
        **kwargs: object,
    ) -> None:
        keras_trainable("UnitNormalization", kwargs)
        self.input_shape = keras_input_shape(input_shape)
        self._sizes = {}

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return iter(())
