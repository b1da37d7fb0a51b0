"""Keras-faithful specs: same class names, argument names and defaults as ``keras.layers``.

Each spec also takes ``input_shape``, the shape of one input sample without the
batch dimension, because a Keras layer only creates its weights once it knows
its input. Without it a spec is unbuilt until a :class:`Sequential` builds it on
the shape that reaches it (``Input(shape=...)`` first, or ``input_shape`` on the
first layer); a spec whose weights depend on its input has no count until then.
``spec.shapes`` maps each weight's name to its shape, in the order of
``layer.weights``; ``spec.params`` is ``layer.count_params()`` of the built layer;
``spec.output_shape`` is the shape its output has, batch excluded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import exports

if TYPE_CHECKING:  # the exports, imported on first use (see paramref._lazy)
    from ._attention import AdditiveAttention, Attention, GroupQueryAttention, MultiHeadAttention
    from ._conv import (
        Conv1D,
        Conv1DTranspose,
        Conv2D,
        Conv2DTranspose,
        Conv3D,
        Conv3DTranspose,
        DepthwiseConv1D,
        DepthwiseConv2D,
        SeparableConv1D,
        SeparableConv2D,
    )
    from ._embedding import KerasEmbedding as Embedding
    from ._keras_model import KerasSequential as Sequential
    from ._linear import Dense, EinsumDense
    from ._norm import (
        BatchNormalization,
        GroupNormalization,
        LayerNormalization,
        Normalization,
        RMSNormalization,
        SpectralNormalization,
        UnitNormalization,
    )
    from ._parameter_free import (
        Activation,
        AveragePooling1D,
        AveragePooling2D,
        AveragePooling3D,
        Cropping1D,
        Cropping2D,
        Cropping3D,
        GaussianDropout,
        GaussianNoise,
        GlobalAveragePooling1D,
        GlobalAveragePooling2D,
        GlobalAveragePooling3D,
        GlobalMaxPooling1D,
        GlobalMaxPooling2D,
        GlobalMaxPooling3D,
        Input,
        InputLayer,
        MaxPooling1D,
        MaxPooling2D,
        MaxPooling3D,
        Permute,
        RepeatVector,
        Reshape,
        SpatialDropout1D,
        SpatialDropout2D,
        SpatialDropout3D,
        UpSampling1D,
        UpSampling2D,
        UpSampling3D,
        ZeroPadding1D,
        ZeroPadding2D,
        ZeroPadding3D,
    )
    from ._parameter_free import KerasAlphaDropout as AlphaDropout
    from ._parameter_free import KerasDropout as Dropout
    from ._parameter_free import KerasELU as ELU  # noqa: N814
    from ._parameter_free import KerasFlatten as Flatten
    from ._parameter_free import KerasIdentity as Identity
    from ._parameter_free import KerasLeakyReLU as LeakyReLU
    from ._parameter_free import KerasPReLU as PReLU
    from ._parameter_free import KerasReLU as ReLU
    from ._parameter_free import KerasSoftmax as Softmax
    from ._rnn import (
        Bidirectional,
        ConvLSTM1D,
        ConvLSTM2D,
        ConvLSTM3D,
        SimpleRNN,
        SimpleRNNCell,
        TimeDistributed,
    )
    from ._rnn import KerasGRU as GRU  # noqa: N814
    from ._rnn import KerasGRUCell as GRUCell
    from ._rnn import KerasLSTM as LSTM  # noqa: N814
    from ._rnn import KerasLSTMCell as LSTMCell

__all__ = [
    "ELU",
    "GRU",
    "LSTM",
    "Activation",
    "AdditiveAttention",
    "AlphaDropout",
    "Attention",
    "AveragePooling1D",
    "AveragePooling2D",
    "AveragePooling3D",
    "BatchNormalization",
    "Bidirectional",
    "Conv1D",
    "Conv1DTranspose",
    "Conv2D",
    "Conv2DTranspose",
    "Conv3D",
    "Conv3DTranspose",
    "ConvLSTM1D",
    "ConvLSTM2D",
    "ConvLSTM3D",
    "Cropping1D",
    "Cropping2D",
    "Cropping3D",
    "Dense",
    "DepthwiseConv1D",
    "DepthwiseConv2D",
    "Dropout",
    "EinsumDense",
    "Embedding",
    "Flatten",
    "GRUCell",
    "GaussianDropout",
    "GaussianNoise",
    "GlobalAveragePooling1D",
    "GlobalAveragePooling2D",
    "GlobalAveragePooling3D",
    "GlobalMaxPooling1D",
    "GlobalMaxPooling2D",
    "GlobalMaxPooling3D",
    "GroupNormalization",
    "GroupQueryAttention",
    "Identity",
    "Input",
    "InputLayer",
    "LSTMCell",
    "LayerNormalization",
    "LeakyReLU",
    "MaxPooling1D",
    "MaxPooling2D",
    "MaxPooling3D",
    "MultiHeadAttention",
    "Normalization",
    "PReLU",
    "Permute",
    "RMSNormalization",
    "ReLU",
    "RepeatVector",
    "Reshape",
    "SeparableConv1D",
    "SeparableConv2D",
    "Sequential",
    "SimpleRNN",
    "SimpleRNNCell",
    "Softmax",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
    "SpectralNormalization",
    "TimeDistributed",
    "UnitNormalization",
    "UpSampling1D",
    "UpSampling2D",
    "UpSampling3D",
    "ZeroPadding1D",
    "ZeroPadding2D",
    "ZeroPadding3D",
]

__getattr__ = exports(__name__, __file__)
