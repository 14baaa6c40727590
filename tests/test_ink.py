"""The ink module: strokes to MNIST-style 28x28 input."""

import math
import random

import ink
import pytest
from ink import BOX, CENTRE, PEN_WIDTH, SIZE, SOFT_EDGE, bounding_box, center_of_mass, to_mnist
from PIL import Image, ImageDraw

from trainer.mnist import load_mnist
from trainer.pendigits import load_pendigits


@pytest.fixture(scope="module")
def pen_digits():
    digits = load_pendigits()
    return random.Random(0).sample(digits, 400)


def ink_box(image, threshold=0.0):
    """(rows, cols) spanned by pixels above threshold."""
    rows = [i // SIZE for i, v in enumerate(image) if v > threshold]
    cols = [i % SIZE for i, v in enumerate(image) if v > threshold]
    return max(rows) - min(rows) + 1, max(cols) - min(cols) + 1


def max_difference(a, b):
    return max(abs(x - y) for x, y in zip(a, b, strict=True))


def unit(image):
    """An image's bytes as values in 0..1, as the model reads them."""
    return [level / 255 for level in image]


def test_output_is_784_bytes_with_full_ink(pen_digits):
    for digit in pen_digits[:50]:
        image = to_mnist(digit.strokes)
        assert isinstance(image, bytearray) and len(image) == SIZE * SIZE
        assert max(image) == 255


def test_sparse_points_give_a_continuous_line():
    sparse = [[(0.0, 0.0), (0.0, 100.0), (60.0, 100.0)]]
    dense = [[(0.0, y) for y in range(101)] + [(x, 100.0) for x in range(1, 61)]]
    assert max_difference(unit(to_mnist(sparse)), unit(to_mnist(dense))) < 0.02
    image = unit(to_mnist(sparse))
    # Along the vertical bar, the ink's strength is the same on every row: no gaps, no dips.
    column = max(range(SIZE), key=lambda col: sum(image[row * SIZE + col] for row in range(SIZE)))
    rows = [row for row in range(SIZE) if image[row * SIZE + column] > 0]
    values = [image[row * SIZE + column] for row in rows[2:-2]]
    assert len(values) > 12
    assert min(values) > 0.5
    assert max(values) - min(values) < 0.01


def test_translation_and_scale_do_not_change_the_output(pen_digits):
    for digit in pen_digits[:40]:
        moved = [[(x * 3.7 - 1234.5, y * 3.7 + 87.25) for x, y in s] for s in digit.strokes]
        shrunk = [[(x * 0.01, y * 0.01) for x, y in s] for s in digit.strokes]
        reference = to_mnist(digit.strokes)
        assert max_difference(to_mnist(moved), reference) <= 1  # grey level
        assert max_difference(to_mnist(shrunk), reference) <= 1


def test_centre_of_mass_is_within_half_a_pixel_of_the_centre_each_way_as_in_mnist(pen_digits):
    """MNIST moved each digit by whole pixels: its centres of mass fill that square evenly."""
    mnist = load_mnist().test_images[:2000].reshape(-1, SIZE * SIZE) / 255.0
    for images in ([to_mnist(digit.strokes) for digit in pen_digits], mnist.tolist()):
        centres = [center_of_mass(image) for image in images]
        assert all(abs(c - CENTRE) <= 0.5 + 1e-9 for centre in centres for c in centre)
        assert (
            min(x for x, _ in centres) < CENTRE - 0.4 and max(x for x, _ in centres) > CENTRE + 0.4
        )


def test_the_image_is_moved_by_whole_pixels():
    """Rendered once, then shifted: the same image as rendering at the shifted place."""
    strokes = [[(3.0, 2.0), (9.0, 30.0), (25.0, 12.0)], [(5.0, 20.0), (20.0, 20.0)]]
    x0, y0, x1, y1 = bounding_box(strokes)
    scale = (BOX - SOFT_EDGE - PEN_WIDTH) / max(x1 - x0, y1 - y0)
    placed = [[((x - x0) * scale, (y - y0) * scale) for x, y in s] for s in strokes]
    cx, cy = _ink_centre(placed)
    first = ink._render(placed, CENTRE - cx, CENTRE - cy, PEN_WIDTH)
    mx, my = center_of_mass(first)
    assert (round(CENTRE - mx), round(CENTRE - my)) != (0, 0)  # this drawing needs a move
    moved = ink._render(
        placed, CENTRE - cx + round(CENTRE - mx), CENTRE - cy + round(CENTRE - my), PEN_WIDTH
    )
    assert max_difference(to_mnist(strokes), moved) <= 1  # grey level


def test_ink_fits_a_20_pixel_box_keeping_the_aspect_ratio():
    tall = to_mnist([[(0, 0), (10, 100)]])  # a 1
    height, width = ink_box(tall, 0.0)
    assert height in (BOX - 1, BOX)  # faint edge pixels may fall just short
    assert width < 8
    wide = to_mnist([[(0, 0), (100, 0)]])  # a dash
    height, width = ink_box(wide, 0.0)
    assert width in (BOX - 1, BOX)
    assert height <= 5


def test_ink_statistics_are_close_to_mnist(pen_digits):
    """Mean intensity, inked fraction and box size of rendered pen digits match MNIST's test set."""
    mnist_images = load_mnist().test_images[:2000] / 255.0
    images = [unit(to_mnist(digit.strokes)) for digit in pen_digits]
    count = len(images) * SIZE * SIZE
    mean = sum(map(sum, images)) / count
    inked = sum(v > 0.5 for image in images for v in image) / count
    assert mean == pytest.approx(float(mnist_images.mean()), rel=0.10)
    assert inked == pytest.approx(float((mnist_images > 0.5).mean()), rel=0.10)
    heights = sorted(max(ink_box(image)) for image in images)
    assert heights[len(heights) // 2] == BOX


def test_matches_an_independent_supersampled_rendering():
    """Against PIL drawing the same lines at 16x and averaging down: a different algorithm."""
    strokes = [[(3.0, 2.0), (9.0, 30.0), (25.0, 12.0)], [(5.0, 20.0), (20.0, 20.0)]]
    x0, y0, x1, y1 = bounding_box(strokes)
    scale = (BOX - SOFT_EDGE - PEN_WIDTH) / max(x1 - x0, y1 - y0)
    placed = [[((x - x0) * scale, (y - y0) * scale) for x, y in s] for s in strokes]
    cx, cy = _ink_centre(placed)
    dx, dy = CENTRE - cx, CENTRE - cy
    mx, my = center_of_mass(_pil_render(placed, dx, dy))
    reference = _pil_render(placed, dx + round(CENTRE - mx), dy + round(CENTRE - my))
    image = unit(to_mnist(strokes))
    assert sum(image) == pytest.approx(sum(reference), rel=0.05)  # the same amount of ink
    # The same place: only the softer edge (SOFT_EDGE vs one pixel's box filter) differs.
    assert sum(abs(a - b) for a, b in zip(image, reference, strict=True)) / len(image) < 0.03


def _ink_centre(paths):
    """The mean point of the lines, weighted by length."""
    segments = [(a, b) for path in paths for a, b in zip(path, path[1:], strict=False)]
    lengths = [math.dist(a, b) for a, b in segments]
    x = sum(w * (a[0] + b[0]) / 2 for w, (a, b) in zip(lengths, segments, strict=True))
    y = sum(w * (a[1] + b[1]) / 2 for w, (a, b) in zip(lengths, segments, strict=True))
    return x / sum(lengths), y / sum(lengths)


def _pil_render(paths, dx, dy, factor=16):
    """Hard-edged lines PEN_WIDTH wide with round caps, drawn at `factor`x and box-filtered."""
    canvas = Image.new("L", (SIZE * factor, SIZE * factor), 0)
    draw = ImageDraw.Draw(canvas)
    width = round(PEN_WIDTH * factor)
    for path in paths:
        points = [((x + dx + 0.5) * factor, (y + dy + 0.5) * factor) for x, y in path]
        draw.line(points, fill=255, width=width, joint="curve")
        for x, y in points:
            r = width / 2
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    small = canvas.resize((SIZE, SIZE), Image.BOX)
    return [v / 255 for v in small.tobytes()]


def test_empty_drawing_gives_a_black_image():
    assert to_mnist([]) == bytearray(SIZE * SIZE)
    assert to_mnist([[]]) == bytearray(SIZE * SIZE)


@pytest.mark.parametrize(
    "strokes",
    [
        [[(5.0, 5.0)]],  # a single tap
        [[(5.0, 5.0), (5.0, 5.0), (5.0, 5.0)]],  # a zero-size box
        [[(1.0, 1.0)], [(1.0, 1.0)]],  # two taps on one spot
    ],
)
def test_a_point_gives_a_centred_dot(strokes):
    image = to_mnist(strokes)
    assert max(image) == 255
    assert center_of_mass(image) == pytest.approx((CENTRE, CENTRE), abs=0.05)
    height, width = ink_box(image)
    assert height == width <= 5


def test_a_straight_line_gives_valid_centred_input():
    image = to_mnist([[(10.0, 10.0), (10.0, 90.0)]])
    assert center_of_mass(image) == pytest.approx((CENTRE, CENTRE), abs=0.05)
    assert max(image) == 255


def _nearest_segment_render(paths, pen_width):
    """Every pixel's ink from its distance to the nearest segment, by brute force."""
    edge = (pen_width + SOFT_EDGE) / 2
    segments = [(path[0], path[0]) for path in paths]  # a path of one point is a dot
    segments += [seg for path in paths for seg in zip(path, path[1:], strict=False)]
    image = []
    for row in range(SIZE):
        for col in range(SIZE):
            nearest = min(_distance((col, row), a, b) for a, b in segments)
            image.append(max(0.0, min(1.0, (edge - nearest) / SOFT_EDGE)))
    return image


def _distance(point, a, b):
    (px, py), (ax, ay), (bx, by) = point, a, b
    length2 = (bx - ax) ** 2 + (by - ay) ** 2
    t = 0.0 if length2 == 0 else ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length2
    t = max(0.0, min(1.0, t))
    return math.hypot(px - ax - t * (bx - ax), py - ay - t * (by - ay))


@pytest.mark.parametrize("pen_width", [PEN_WIDTH, 1.0, 6.0])
def test_rendering_is_the_distance_to_the_nearest_segment(pen_width):
    """The renderer draws each segment only where it can be the nearest (and rows by columns
    worked out per row): it must give what every segment everywhere gives, on random paths with
    vertical, horizontal, zero-length and reversing segments, partly outside the image."""
    rng = random.Random(1)
    for _ in range(40):
        paths = []
        for _ in range(rng.randint(1, 3)):
            x, y = rng.uniform(-2, 30), rng.uniform(-2, 30)
            path = [(x, y)]
            for _ in range(rng.randint(0, 12)):
                kind = rng.random()
                if kind < 0.15:
                    x += rng.uniform(-3, 3)  # horizontal
                elif kind < 0.3:
                    y += rng.uniform(-3, 3)  # vertical
                elif kind < 0.4:
                    pass  # zero length
                else:
                    x, y = x + rng.uniform(-4, 4), y + rng.uniform(-4, 4)
                path.append((x, y))
            paths.append(path)
        image = ink._render(paths, 0.0, 0.0, pen_width)
        expected = [255 * value for value in _nearest_segment_render(paths, pen_width)]
        assert max_difference(image, expected) <= 0.5 + 1e-9  # the nearest grey level


def test_centre_of_mass_is_the_weighted_mean_of_the_pixels():
    rng = random.Random(2)
    image = [rng.random() if rng.random() < 0.3 else 0.0 for _ in range(SIZE * SIZE)]
    total = sum(image)
    mean_x = sum(v * (i % SIZE) for i, v in enumerate(image)) / total
    mean_y = sum(v * (i // SIZE) for i, v in enumerate(image)) / total
    assert center_of_mass(image) == pytest.approx((mean_x, mean_y), abs=1e-12)
    assert center_of_mass([0.0] * (SIZE * SIZE)) == (CENTRE, CENTRE)
