"""The trainer end to end on a small subset (`--quick`), and the determinism of its inputs."""

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import examples
import numpy as np

from trainer import styles
from trainer.augment import training_dataset
from trainer.pendigits import load_pendigits
from trainer.recipe import RECIPES, as_dict
from trainer.render import render, render_variants

ROOT = Path(__file__).resolve().parent.parent


def test_quick_run(tmp_path):
    """A smoke run, with one examples file saved by the page as one more pen source."""
    out, report = tmp_path / "model", tmp_path / "report"
    pen_file = tmp_path / "examples.unipen"
    taught = [examples.Example(d.strokes, d.label) for d in load_pendigits()[:40]]
    pen_file.write_text(examples.to_unipen(taught))
    command = ["-m", "trainer", "--quick", "--out", str(out), "--report", str(report)]
    command += ["--pen-file", str(pen_file)]
    result = subprocess.run(
        [sys.executable, *command], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "MNIST test" in result.stdout and "held-out unipen" in result.stdout
    files = {"model.json", "group1-shard1of1.bin", "metadata.json"}
    assert {p.name for p in out.iterdir()} == files
    metadata = json.loads((out / "metadata.json").read_text())
    assert metadata["architecture"] == "cnn" and metadata["training"]["recipe"]["epochs"] == 1
    assert metadata["training"]["recipe"]["layers"] == as_dict(RECIPES["cnn"])["layers"]
    assert metadata["input"]["shape"] == [1, 28, 28, 1]
    assert metadata["data"]["pen"]["pendigits"]["held_out_writers"] == [3, 9, 15, 21, 27]
    assert metadata["data"]["pen"]["unipen"]["held_out_digits"] == 1959
    assert metadata["data"]["pen"]["pen-files"] == {
        "train_writers": [1],
        "train_digits": 4,  # --quick keeps every tenth digit
        "held_out_writers": [],
        "held_out_digits": 0,
    }
    assert metadata["data"]["mnist"]["test"] == 10000
    assert metadata["classes"][10] == "not a digit" and metadata["data"]["not_a_digit"] > 900
    assert 0 < metadata["weights_bytes"] <= 300 * 1024
    assert metadata["layers"][:2] == ["Conv2D", "Conv2D"]  # as TF.js runs it: batch norm folded
    assert not {"BatchNormalization", "ReLU", "Dropout"} & set(metadata["layers"])
    accuracy = metadata["accuracy"]
    assert 0 <= accuracy["mnist_test"] <= 1 and 0 <= accuracy["mnist_test_quantised"] <= 1
    for source in ("pendigits", "unipen", "unipen-more"):
        scores = accuracy["held_out"][source]
        assert set(scores["per_digit"]) == {str(d) for d in range(10)}
        assert len(scores["worst_writers"]) == 3
        assert 0 <= scores["read_as_not_a_digit"] <= 1
    assert set(accuracy["not_a_digit"]) == {
        "held_out_letters",
        "held_out_look_alikes",
        "check_letters",
        "held_out_pairs",
    }
    model = json.loads((out / "model.json").read_text())
    assert model["modelTopology"]["model_config"]["config"]["layers"][0]["config"][
        "batch_input_shape"
    ] == [None, 28, 28, 1]
    for name in (
        "metrics.json",
        "learning_curves.png",
        "confusion_mnist_test.png",
        "confusion_held_out_pendigits.png",
        "confusion_held_out_unipen.png",
        "mistakes_mnist_test.png",
        "mistakes_held_out_pendigits.png",
        "mistakes_held_out_unipen.png",
    ):
        assert (report / name).stat().st_size > 0, name
    assert len(json.loads((report / "metrics.json").read_text())["history"]["loss"]) == 1


def test_pen_renderings_are_seeded():
    digits = load_pendigits()[:20]
    a, labels = render_variants(digits, 3, seed=1)
    b, _ = render_variants(digits, 3, seed=1)
    c, _ = render_variants(digits, 3, seed=2)
    d, _ = render_variants(digits, 3, seed=1, styled=False)
    styled = [i for i, digit in enumerate(digits) if styles.eligible(digit.label, digit.strokes)]
    assert styled, "the first 20 pen digits hold a zero, a plain 1 or a 7"
    assert not np.array_equal(a[3 * styled[0] + 1], d[3 * styled[0] + 1])  # the style was added
    assert a.shape == (60, 28, 28) and a.dtype == np.uint8
    assert labels.tolist() == [d.label for d in digits for _ in range(3)]
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert not np.array_equal(a[0], a[1])  # variants differ
    plain = render(digits)
    assert plain.shape == (20, 28, 28) and plain.max() == 1.0


def test_augmentation_is_seeded_and_moves_images():
    images = np.zeros((8, 28, 28), np.uint8)
    images[:, 10:18, 12:16] = 255
    labels = np.arange(8, dtype=np.uint8)

    def first_batch(seed, **recipe_changes):
        recipe = replace(RECIPES["cnn"], batch_size=8, **recipe_changes)
        x, y = next(iter(training_dataset(images, labels, recipe, seed)))
        return x.numpy(), y.numpy()

    x1, y1 = first_batch(0)
    x2, y2 = first_batch(0)
    x3, _ = first_batch(1)
    assert x1.shape == (8, 28, 28, 1) and y1.shape == (8, 11)
    assert np.array_equal(x1, x2) and np.array_equal(y1, y2)
    assert not np.array_equal(x1, x3)
    assert sorted(y1.argmax(1).tolist()) == list(range(8))
    assert 0 <= x1.min() and x1.max() <= 1
    assert not np.allclose(x1[..., 0], images[y1.argmax(1)] / 255)  # something moved
    still, y4 = first_batch(0, rotation=0, zoom=0, shift=0)  # the ranges are the recipe's
    np.testing.assert_allclose(still[..., 0], images[y4.argmax(1)] / 255, atol=1e-6)
