"""The two models, built with tf_keras from layers TF.js 4.22 can load.

Input: [None, 28, 28, 1] float32 in 0..1 (white ink on black). Output: softmax over CLASSES: the
digits 0-9, then "not a digit" (index 10).
"""

import tf_keras as keras
from tf_keras import layers

INPUT_SHAPE = (28, 28, 1)
CLASSES = 11


def mlp() -> keras.Model:
    """The seed's model: 784-512-11 with dropout."""
    return keras.Sequential(
        [
            keras.Input(shape=INPUT_SHAPE),
            layers.Flatten(),
            layers.Dense(512, activation="relu"),
            layers.Dropout(0.2),
            layers.Dense(CLASSES, activation="softmax"),
        ],
        name="mlp",
    )


def _conv(filters: int, size: int = 3, **kwargs) -> list[layers.Layer]:
    return [
        layers.Conv2D(filters, size, use_bias=False, **kwargs),
        layers.BatchNormalization(),
        layers.ReLU(),
    ]


def cnn() -> keras.Model:
    """Two blocks of 3x3 convolutions with batch norm, max pooling, then a small dense head."""
    return keras.Sequential(
        [
            keras.Input(shape=INPUT_SHAPE),
            *_conv(32),  # 26x26
            *_conv(32),  # 24x24
            layers.MaxPooling2D(),  # 12x12
            layers.Dropout(0.1),
            *_conv(64),  # 10x10
            *_conv(64),  # 8x8
            layers.MaxPooling2D(),  # 4x4
            layers.Dropout(0.2),
            layers.Flatten(),
            layers.Dense(192, use_bias=False),
            layers.BatchNormalization(),
            layers.ReLU(),
            layers.Dropout(0.3),
            layers.Dense(CLASSES, activation="softmax"),
        ],
        name="cnn",
    )


ARCHITECTURES = {"cnn": cnn, "mlp": mlp}
