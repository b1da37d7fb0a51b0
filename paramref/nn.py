"""PyTorch-faithful specs: same class names, argument names and defaults as ``torch.nn``.

``spec.shapes`` has the keys of ``module.named_parameters()`` and the same shapes;
``spec.params`` is ``sum(p.numel() for p in module.parameters())``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ._check import flag, positive_int
from ._linear import linear_tensors
from ._tensors import Dim, Spec, Tensor

__all__ = ["Linear"]


class Linear(Spec):
    """``torch.nn.Linear``: ``y = x Wᵀ + b``.

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
            "in_features": positive_int("in_features", in_features),
            "out_features": positive_int("out_features", out_features),
        }
        self.bias = flag("bias", bias)

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        return linear_tensors(sizes["in_features"], sizes["out_features"], self.bias)
