"""``torch.nn.utils``, as far as it changes a count: weight and spectral normalization.

``paramref.nn.utils.weight_norm`` and ``spectral_norm`` are torch's older
functions (``weight_g``/``weight_v``, ``weight_orig``); the newer ones, which
torch recommends, are in ``paramref.nn.utils.parametrizations``, at the same
path as in torch.

>>> from paramref import nn
>>> nn.utils.weight_norm(nn.Linear(4, 3)).params
18
>>> nn.utils.parametrizations.weight_norm(nn.Linear(4, 3)).params
18
"""

from __future__ import annotations

from ..._parametrize import spectral_norm, weight_norm
from . import parametrizations as parametrizations

__all__ = ["parametrizations", "spectral_norm", "weight_norm"]
