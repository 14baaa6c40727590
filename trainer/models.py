"""Keras models built from the layer lists of trainer/recipe.py, with layers TF.js 4.22 can load.

Input: [None, 28, 28, 1] float32 in 0..1 (white ink on black). Output: softmax over CLASSES: the
digits 0-9, then "not a digit" (index 10).
"""

import tf_keras as keras
from tf_keras import layers

from . import recipe
from .recipe import CLASSES, INPUT_SHAPE, NORM_EPSILON, NORM_MOMENTUM


def build(described: tuple[recipe.Layer, ...], name: str) -> keras.Sequential:
    """The network `described` (a recipe's layers), then a dense softmax over CLASSES."""
    built = [keras.Input(shape=INPUT_SHAPE)]
    for layer in described:
        built += _keras_layers(layer)
    built.append(layers.Dense(CLASSES, activation="softmax"))
    return keras.Sequential(built, name=name)


def cnn() -> keras.Sequential:
    """The network the site serves, untrained."""
    return build(recipe.RECIPES["cnn"].layers, "cnn")


def _keras_layers(layer: recipe.Layer) -> list[layers.Layer]:
    match layer:
        case recipe.Conv(filters, size):
            return [layers.Conv2D(filters, size, use_bias=False), *_norm_relu()]
        case recipe.Dense(units, batch_norm=True):
            return [layers.Dense(units, use_bias=False), *_norm_relu()]
        case recipe.Dense(units):
            return [layers.Dense(units, activation="relu")]
        case recipe.MaxPool():
            return [layers.MaxPooling2D()]
        case recipe.Dropout(rate):
            return [layers.Dropout(rate)]
        case recipe.Flatten():
            return [layers.Flatten()]
    raise TypeError(f"not a layer of trainer.recipe: {layer!r}")


def _norm_relu() -> list[layers.Layer]:
    return [layers.BatchNormalization(momentum=NORM_MOMENTUM, epsilon=NORM_EPSILON), layers.ReLU()]
