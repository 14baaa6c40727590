"""School styles added to pen strokes (trainer/styles.py): where the new strokes go."""

import numpy as np
import pytest

from trainer import styles

ZERO = [[(5 + 5 * np.sin(a), 10 - 10 * np.cos(a)) for a in np.linspace(0, 2 * np.pi, 30)]]
ONE = [[(5, 0), (5, 20)]]
SEVEN = [[(0, 0), (10, 0), (4, 20)]]


def box(strokes):
    xs = [x for s in strokes for x, _ in s]
    ys = [y for s in strokes for _, y in s]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize("seed", range(5))
def test_slash_crosses_the_zero_from_corner_to_corner(seed):
    styled = styles.slash_zero(ZERO, np.random.default_rng(seed))
    assert styled[:1] == ZERO and len(styled) == 2
    slash = styled[1]
    (ax, ay), (bx, by) = slash[0], slash[-1]
    assert (ax - bx) * (ay - by) < 0  # from bottom left to top right, or back
    x0, y0, x1, y1 = box([slash])
    assert x1 - x0 > 6 and y1 - y0 > 18  # across the whole zero


@pytest.mark.parametrize("seed", range(5))
def test_flag_starts_left_of_the_top_and_ends_on_it(seed):
    styled = styles.flag_one(ONE, np.random.default_rng(seed))
    flag = styled[0]
    assert flag[-1] == pytest.approx((5, 0)) and flag[0][0] < 5 and flag[0][1] > 0
    assert styled[1] == ONE[0]
    if len(styled) == 3:  # a base, centred under the stem
        x0, y0, x1, y1 = box([styled[2]])
        assert x0 < 5 < x1 and abs(y0 - 20) < 2 and abs(y1 - 20) < 2


@pytest.mark.parametrize("seed", range(5))
def test_crossbar_crosses_the_stem_of_the_seven_near_half_height(seed):
    styled = styles.cross_seven(SEVEN, np.random.default_rng(seed))
    x0, y0, x1, y1 = box([styled[1]])
    assert 7 < (y0 + y1) / 2 < 13 and x1 - x0 > 5
    stem_x = 10 - 6 * (y0 + y1) / 2 / 20
    assert x0 < stem_x < x1


def test_only_zeros_plain_ones_and_sevens_get_a_style():
    assert styles.eligible(0, ZERO) and styles.eligible(1, ONE) and styles.eligible(7, SEVEN)
    assert not styles.eligible(1, [[(0, 10), (5, 0), (5, 20)]])  # already has a flag
    assert not styles.eligible(7, SEVEN + [[(2, 10), (8, 10)]])  # already crossed
    assert not styles.eligible(4, ONE)
