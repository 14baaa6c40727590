"""The adaptation rule (site/adapt.py): a correction pulls readings that look like it to its
label, within what the model finds plausible; nothing else moves; the same on MicroPython. And
the offline protocol's split of a writer's digits (tools/adaptation.py)."""

import json
import math
import random
import subprocess
from pathlib import Path

import adapt
import pytest
from adapt import FEATURE_SCALE, PLAUSIBLE, Adapter, quantise

from tools.adaptation import halves
from trainer.pendigits import PenDigit

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "js" / "micropython.mjs"


def features(seed: int, near: list | None = None, spread: float = 0.0) -> list:
    """ReLU-like features (about two thirds zero): random, or `near` another vector."""
    rng = random.Random(seed)
    if near is None:
        return [rng.random() * 3 if rng.random() < 0.35 else 0.0 for _ in range(192)]
    return [max(0.0, v + rng.gauss(0, spread)) if v else 0.0 for v in near]


def probabilities(reading: int, sure: float, second: int | None = None, p2: float = 0.0):
    """11 probabilities: `sure` on `reading`, `p2` on `second`, the rest shared."""
    rest = (1 - sure - p2) / (10 if second is None else 9)
    values = [rest] * 11
    values[reading] = sure
    if second is not None:
        values[second] = p2
    return values


def cosine(a: bytes, b: bytes) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


def test_quantise_is_the_unit_vector_in_bytes():
    values = features(1)
    q = quantise(values)
    norm = math.sqrt(sum(v * v for v in values))
    assert len(q) == 192 and isinstance(q, bytes)
    assert all(abs(b - v / norm * FEATURE_SCALE) <= 0.5 for b, v in zip(q, values, strict=True))
    assert quantise([0.0] * 4) == bytes(4)
    assert quantise([1.0, 0.0]) == bytes([255, 0])  # a component over 255/512 is capped
    other = features(2)
    exact = sum(a * b for a, b in zip(values, other, strict=True)) / (
        norm * math.sqrt(sum(v * v for v in other))
    )
    assert abs(cosine(q, quantise(other)) - exact) < 0.002


def test_without_corrections_nothing_changes():
    adapter = Adapter()
    p = probabilities(7, 0.6, 1, 0.3)
    f = quantise(features(1))
    assert adapter.adjust(p, f) is p
    adapter.teach(f, 7, 7)  # a confirmation alone pulls nothing
    assert adapter.adjust(p, f) is p
    assert len(adapter) == 1


def test_a_correction_pulls_what_looks_like_it_to_its_label():
    """A writer's 1 read as 7, corrected: their next 1 like it reads 1; a drawing that does not
    look like it stays a 7."""
    adapter = Adapter()
    one = features(1)
    adapter.teach(quantise(one), 7, 1)
    again = quantise(features(2, near=one, spread=0.3))
    assert cosine(again, quantise(one)) > 0.8
    adjusted = adapter.adjust(probabilities(7, 0.7, 1, 0.2), again)
    assert max(range(11), key=adjusted.__getitem__) == 1
    assert abs(sum(adjusted) - 1) < 1e-9
    unlike = quantise(features(3))
    assert cosine(unlike, quantise(one)) < adapt.SIMILAR
    p = probabilities(7, 0.7, 1, 0.2)
    assert adapter.adjust(p, unlike) is p


def test_a_reading_the_model_is_sure_of_never_moves():
    """The same drawing, but the model gives the taught label less than PLAUSIBLE: a 7 taught
    by one person never turns their 1s into 7s."""
    adapter = Adapter()
    seven = features(1)
    adapter.teach(quantise(seven), 1, 7)  # their 7 was read as 1: corrected
    their_one = quantise(features(2, near=seven, spread=0.2))
    p = probabilities(1, 0.95, 7, PLAUSIBLE * 0.9)
    assert adapter.adjust(p, their_one) is p
    moved = adapter.adjust(probabilities(1, 0.9, 7, PLAUSIBLE * 1.1), their_one)
    assert max(range(11), key=moved.__getitem__) == 7


def test_confirmations_hold_their_label_against_a_correction():
    """Two examples read as 7, one taught as 1 (a correction), one as 7 (a confirmation): a
    drawing nearer the confirmation stays 7, one nearer the correction reads 1."""
    adapter = Adapter()
    one = features(1)
    seven = features(2, near=one, spread=1.5)  # this writer's 1s and 7s look alike
    adapter.teach(quantise(one), 7, 1)
    adapter.teach(quantise(seven), 7, 7)
    towards_one = quantise([0.8 * a + 0.2 * b for a, b in zip(one, seven, strict=True)])
    towards_seven = quantise([0.2 * a + 0.8 * b for a, b in zip(one, seven, strict=True)])
    p = probabilities(7, 0.6, 1, 0.3)
    assert cosine(towards_seven, quantise(one)) > adapt.SIMILAR + 0.05  # the correction reaches it
    assert max(range(11), key=adapter.adjust(p, towards_one).__getitem__) == 1
    assert max(range(11), key=adapter.adjust(p, towards_seven).__getitem__) == 7


def test_forget_and_clear():
    adapter = Adapter()
    one = quantise(features(1))
    example = adapter.teach(one, 7, 1)
    kept = adapter.teach(quantise(features(2)), 3, 3)
    p = probabilities(7, 0.6, 1, 0.3)
    assert adapter.adjust(p, one) is not p
    adapter.forget(example)
    assert adapter.examples == [kept] and adapter.adjust(p, one) is p
    adapter.forget(example)  # already gone: nothing happens
    assert len(adapter) == 1
    adapter.clear()
    assert len(adapter) == 0


def test_examples_are_classes_of_the_model():
    with pytest.raises(ValueError, match="classes are 0 to 10"):
        Adapter().teach(bytes(192), 11, 1)
    assert Adapter().teach(bytes(192), 10, 4).is_correction


def test_halves_take_the_first_half_of_each_digit():
    """A writer who wrote all their 0s, then all their 1s...: each half has half of each digit,
    the earlier ones first, in the writer's order."""
    digits = [PenDigit(label, 1, [[(0, 0)]]) for label in (0, 0, 0, 1, 1, 1, 1, 2)]
    first, second = halves(digits)
    assert [d.label for d in first] == [0, 0, 1, 1, 2]
    assert [d.label for d in second] == [0, 1, 1]
    assert first[0] is digits[0] and second[0] is digits[2]


def test_micropython_adjusts_the_same(tmp_path):
    """adapt.py on the page's interpreter gives the same probabilities as in CPython."""
    cases = []
    adapter = Adapter()
    rng = random.Random(0)
    bases = [features(seed) for seed in range(6)]
    taught = []
    for base in bases:
        reading, label = rng.randrange(11), rng.randrange(10)
        taught.append([quantise(base).hex(), reading, label])
        adapter.teach(quantise(base), reading, label)
    for index in range(40):
        f = quantise(features(100 + index, near=bases[index % 6], spread=rng.random()))
        p = probabilities(rng.randrange(11), 0.5, rng.randrange(11), 0.2)
        p = [v / sum(p) for v in p]
        cases.append([p, f.hex(), adapter.adjust(p, f)])
    script = tmp_path / "script.py"
    script.write_text(
        "import json\n"
        "from adapt import Adapter\n"
        f"taught, cases = json.loads({json.dumps([taught, cases])!r})\n"
        "adapter = Adapter()\n"
        "for f, reading, label in taught:\n"
        "    adapter.teach(bytes.fromhex(f), reading, label)\n"
        "print(json.dumps([adapter.adjust(p, bytes.fromhex(f)) for p, f, _ in cases]))\n"
    )
    run = subprocess.run(
        ["node", str(RUNNER), str(script)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    adjusted = json.loads(run.stdout.strip().splitlines()[-1])
    assert sum(expected != p for p, _, expected in cases) >= 5  # some readings did move
    for got, (_, _, expected) in zip(adjusted, cases, strict=True):
        assert max(abs(a - b) for a, b in zip(got, expected, strict=True)) < 1e-9
