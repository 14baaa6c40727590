"""Training input pipeline: shuffle, batch and randomly move each image (tf.data, not layers).

Each image gets its own random affine map (rotation, zoom, shift, in the ranges the recipe gives)
applied with bilinear sampling by `ImageProjectiveTransformV3`. The randomness is stateless,
drawn from (seed, batch number), so a run is reproducible.
"""

import math

import numpy as np
import tensorflow as tf

from .recipe import CLASSES, Recipe

CENTRE = 13.5


def random_affine(images: tf.Tensor, seed: tf.Tensor, recipe: Recipe) -> tf.Tensor:
    """Rotate, zoom and shift each image of a batch (n, 28, 28, 1) by its own random amounts."""
    n = tf.shape(images)[0]
    draws = tf.random.stateless_uniform([n, 4], seed=seed, minval=-1.0, maxval=1.0)
    angle = draws[:, 0] * math.radians(recipe.rotation)
    zoom = 1.0 + draws[:, 1] * recipe.zoom
    tx, ty = draws[:, 2] * recipe.shift, draws[:, 3] * recipe.shift
    # The transform maps output pixel (x, y) to the input point it samples.
    cos, sin = tf.cos(angle) / zoom, tf.sin(angle) / zoom
    a2 = CENTRE - cos * CENTRE + sin * CENTRE + tx
    b2 = CENTRE - sin * CENTRE - cos * CENTRE + ty
    zeros = tf.zeros_like(cos)
    transforms = tf.stack([cos, -sin, a2, sin, cos, b2, zeros, zeros], axis=1)
    return tf.raw_ops.ImageProjectiveTransformV3(
        images=images,
        transforms=transforms,
        output_shape=tf.constant([28, 28]),
        fill_value=0.0,
        interpolation="BILINEAR",
        fill_mode="CONSTANT",
    )


def training_dataset(
    images: np.ndarray, labels: np.ndarray, recipe: Recipe, seed: int
) -> tf.data.Dataset:
    """Endless shuffled batches of the recipe's size: (augmented float images in 0..1, one-hot
    labels)."""
    data = tf.data.Dataset.from_tensor_slices((images, labels))
    data = data.shuffle(len(images), seed=seed, reshuffle_each_iteration=True).repeat()
    data = data.batch(recipe.batch_size, drop_remainder=True)
    data = tf.data.Dataset.zip((data, tf.data.Dataset.counter()))

    def prepare(batch, step):
        pixels, digits = batch
        pixels = tf.cast(pixels[..., tf.newaxis], tf.float32) / 255.0
        pixels = random_affine(pixels, tf.stack([tf.constant(seed, tf.int64), step]), recipe)
        return pixels, tf.one_hot(tf.cast(digits, tf.int32), CLASSES)

    return data.map(prepare, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True).prefetch(2)
