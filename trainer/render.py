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
STROKE_SHIFT = 0.04
"""Each stroke's own offset, normal with this deviation in units of the digit's size."""
BEND = 0.04
"""Largest displacement of the smooth bend, in units of the digit's size."""


def distort(strokes: list, rng: np.random.Generator) -> list[list[tuple[float, float]]]:
    """The strokes after a random shear, rotation and anisotropic scale."""
    shear = rng.uniform(-SHEAR, SHEAR)
    angle = rng.uniform(-ROTATION, ROTATION)
    aspect = math.exp(rng.uniform(-ASPECT, ASPECT))
    cos, sin = math.cos(angle), math.sin(angle)
    matrix = np.array([[cos, -sin], [sin, cos]]) @ np.array([[1.0, shear], [0.0, aspect]])
    return [(np.asarray(stroke, dtype=float) @ matrix.T).tolist() for stroke in strokes]


def wobble(strokes: list, rng: np.random.Generator) -> list[list[tuple[float, float]]]:
    """The strokes as another hand might place and bend them.

    Each stroke moves by its own small offset (where a writer puts a 4's stem against its bend),
    then every point moves along a smooth random field of two waves per axis, about one cycle
    across the digit, which bends lines and opens or closes loops a little.
    """
    x0, y0, x1, y1 = ink.bounding_box(strokes)
    size = max(x1 - x0, y1 - y0, 1e-9)
    waves = [
        (
            rng.uniform(0, BEND / 2) * size,
            *rng.uniform(-1.5, 1.5, 2) * 2 * math.pi / size,
            rng.uniform(0, 2 * math.pi),
        )
        for _ in range(4)
    ]

    def bend(x: float, y: float, axis_waves: list) -> float:
        return sum(a * math.sin(fx * x + fy * y + phase) for a, fx, fy, phase in axis_waves)

    moved = []
    for stroke in strokes:
        dx, dy = rng.normal(0, STROKE_SHIFT * size, 2)
        moved.append(
            [(x + dx + bend(x, y, waves[:2]), y + dy + bend(x, y, waves[2:])) for x, y in stroke]
        )
    return moved


def render(digits: list[PenDigit], pen_width: float = ink.PEN_WIDTH) -> np.ndarray:
    """The digits as the page would show them to the model: float32 (n, 28, 28) in 0..1."""
    return as_model_input([ink.to_mnist(d.strokes, pen_width) for d in digits])


def render_variants(
    digits: list[PenDigit], variants: int, seed: int, styled: bool = True, wobbly: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """`variants` randomly distorted renderings of every digit: uint8 images (n, 28, 28), labels.

    With `styled`, half the variants of the digits that `styles.eligible` accepts get their school
    style added (a slashed 0, a flagged 1, a crossed 7) before the distortion; with `wobbly`, every
    variant's strokes are first moved and bent by `wobble`. Each digit's
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
            if wobbly:
                strokes = wobble(strokes, rng)
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
