"""``torch.nn.utils.parametrizations``: ``weight_norm`` and ``spectral_norm``, torch's newer ones.

They return a spec whose tensor names are torch's:
``parametrizations.weight.original0`` and ``original1`` for weight
normalization, ``parametrizations.weight.original`` and the buffers
``parametrizations.weight.0._u`` and ``_v`` for spectral normalization.

>>> from paramref.nn import Linear
>>> from paramref.nn.utils.parametrizations import spectral_norm, weight_norm
>>> list(weight_norm(Linear(4, 3)).shapes)
['bias', 'parametrizations.weight.original0', 'parametrizations.weight.original1']
>>> spectral_norm(Linear(4, 3)).params
15
"""

from __future__ import annotations

from ..._parametrize import parametrizations_spectral_norm as spectral_norm
from ..._parametrize import parametrizations_weight_norm as weight_norm

__all__ = ["spectral_norm", "weight_norm"]
