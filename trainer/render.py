"""Pen digits to 28x28 images through the page's own `ink.to_mnist`, with random distortions.

Training sees each digit several times, each time with its own pen width, slant, rotation and
aspect; position, rotation and zoom at the pixel level come later, from the tf.data augmentation.
"""

import math

import numpy as np

from . import styles
from .page import ink
from .pendigits import PenDigit

PEN_WIDTH = (2.0, 3.6)
SHEAR = 0.3
"""Slant: x += shear * y, shear uniform in +-SHEAR."""
ROTATION = math.radians(15)
ASPECT = 0.2
"""log of the y/x scale ratio, uniform in +-ASPECT."""


def distort(strokes: list, rng: np.random.Generator) -> list[list[tuple[float, float]]]:
    """The strokes after a random shear, rotation and anisotropic scale."""
    shear = rng.uniform(-SHEAR, SHEAR)
    angle = rng.uniform(-ROTATION, ROTATION)
    aspect = math.exp(rng.uniform(-ASPECT, ASPECT))
    cos, sin = math.cos(angle), math.sin(angle)
    matrix = np.array([[cos, -sin], [sin, cos]]) @ np.array([[1.0, shear], [0.0, aspect]])
    return [(np.asarray(stroke, dtype=float) @ matrix.T).tolist() for stroke in strokes]


def render(digits: list[PenDigit], pen_width: float = ink.PEN_WIDTH) -> np.ndarray:
    """The digits as the page would show them to the model: float32 (n, 28, 28) in 0..1."""
    return as_model_input([ink.to_mnist(d.strokes, pen_width) for d in digits])


def render_variants(
    digits: list[PenDigit], variants: int, seed: int, styled: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """`variants` randomly distorted renderings of every digit: uint8 images (n, 28, 28), labels.

    With `styled`, half the variants of the digits that `styles.eligible` accepts get their school
    style added (a slashed 0, a flagged 1, a crossed 7) before the distortion. Each digit's
    randomness comes from (seed, its index), so the result depends only on those.
    """
    images, labels = [], []
    for index, digit in enumerate(digits):
        rng = np.random.default_rng([seed, index])
        can_style = styled and styles.eligible(digit.label, digit.strokes)
        for variant in range(variants):
            strokes = digit.strokes
            if can_style and variant % 2 == 1:
                strokes = styles.style(digit.label, strokes, rng)
            images.append(_variant(strokes, rng))
            labels.append(digit.label)
    return _as_pixels(images), np.asarray(labels, dtype=np.uint8)


def render_drawings(drawings: list, seed: int) -> np.ndarray:
    """One randomly distorted rendering of each drawing (a list of strokes): uint8 (n, 28, 28)."""
    rng = np.random.default_rng([seed, 11])
    return _as_pixels([_variant(strokes, rng) for strokes in drawings])


def _variant(strokes: list, rng: np.random.Generator) -> bytearray:
    return ink.to_mnist(distort(strokes, rng), rng.uniform(*PEN_WIDTH))


def as_model_input(images: list[bytearray]) -> np.ndarray:
    """Images from `ink.to_mnist` as the model reads them: float32 (n, 28, 28) in 0..1."""
    return _as_pixels(images).astype(np.float32) / 255


def _as_pixels(images: list[bytearray]) -> np.ndarray:
    return np.frombuffer(b"".join(images), dtype=np.uint8).reshape(-1, 28, 28)
