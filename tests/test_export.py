"""Export round trip: what TF.js (plain @tensorflow/tfjs in Node) computes from the exported files
matches Keras, for the same export function the trainer uses, unquantised and quantised."""

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
import tf_keras as keras
from tf_keras import layers

from trainer import export as export_module
from trainer.export import (
    BY_SIZE,
    export,
    for_inference,
    load_exported_weights,
    quantised_copy,
    quantization_for,
)
from trainer.mnist import load_mnist
from trainer.models import cnn
from trainer.pens import load_sources
from trainer.render import render

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "js" / "predict.mjs"
N = 500


def tiny_cnn() -> keras.Model:
    """The CNN's layer types in a model small enough to train in seconds."""
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(8, 3, use_bias=False),
            layers.BatchNormalization(momentum=0.5),
            layers.ReLU(),
            layers.MaxPooling2D(),
            layers.Dropout(0.1),
            layers.Conv2D(16, 3, use_bias=False),
            layers.BatchNormalization(momentum=0.5),
            layers.ReLU(),
            layers.MaxPooling2D(),
            layers.Flatten(),
            layers.Dense(32, use_bias=False),
            layers.BatchNormalization(momentum=0.5),
            layers.ReLU(),
            layers.Dense(10, activation="softmax"),
        ]
    )


@pytest.fixture(scope="module")
def trained():
    """A small CNN after a short training, and 500 real MNIST test images."""
    keras.utils.set_random_seed(0)
    data = load_mnist()
    x = data.train_images[:5000, ..., None].astype(np.float32) / 255
    model = tiny_cnn()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, data.train_labels[:5000], batch_size=32, epochs=1, verbose=0)
    images = data.test_images[:N, ..., None].astype(np.float32) / 255
    assert np.mean(model.predict(images, verbose=0).argmax(1) == data.test_labels[:N]) > 0.8
    return model, images


def tfjs_predict(model_dir: Path, images: np.ndarray, tmp_path: Path) -> np.ndarray:
    inputs, outputs = tmp_path / "inputs.f32", tmp_path / "outputs.f32"
    images.astype("<f4").tofile(inputs)
    subprocess.run(
        ["node", str(SCRIPT), str(model_dir), str(inputs), str(outputs)], check=True, cwd=ROOT
    )
    return np.fromfile(outputs, dtype="<f4").reshape(len(images), -1)


@pytest.mark.parametrize(
    "quantization",
    [None, {"uint8": ["*/kernel"], "float16": True}, BY_SIZE],
    ids=["float32", "quantised", "quantised by size"],
)
def test_tfjs_matches_keras(trained, tmp_path, quantization):
    model, images = trained
    target = export(model, tmp_path / "model", {"note": "test"}, quantization=quantization)
    assert json.loads((target / "metadata.json").read_text()) == {"note": "test"}
    reference = load_exported_weights(model, target)  # dequantised as TF.js does
    expected = reference.predict(images, verbose=0)
    if quantization is None:
        np.testing.assert_allclose(expected, model.predict(images, verbose=0), atol=1e-6)
    else:
        clone, size = quantised_copy(model, quantization)
        np.testing.assert_array_equal(clone.predict(images, verbose=0), expected)
        assert size == export_module.weights_size(target) <= model.count_params() * 2
    actual = tfjs_predict(target, images, tmp_path)
    assert np.array_equal(actual.argmax(1), expected.argmax(1))
    assert np.abs(actual - expected).max() <= 1e-4


def test_for_inference_folds_batch_norm_and_computes_the_same(trained, tmp_path):
    """The folded model has no batch norm, ReLU or dropout layer left, and Keras and TF.js both
    compute from it what the trained model computes at inference."""
    model, images = trained
    folded = for_inference(model)
    kinds = [layer.__class__.__name__ for layer in folded.layers]
    assert kinds == [
        "Conv2D",
        "MaxPooling2D",
        "Conv2D",
        "MaxPooling2D",
        "Flatten",
        "Dense",
        "Dense",
    ]
    assert [layer.activation.__name__ for layer in folded.layers if hasattr(layer, "kernel")] == [
        "relu",
        "relu",
        "relu",
        "softmax",
    ]
    expected = model.predict(images, verbose=0)
    np.testing.assert_allclose(folded.predict(images, verbose=0), expected, atol=1e-5)
    target = export(folded, tmp_path / "model", quantization=None)
    assert np.abs(tfjs_predict(target, images, tmp_path) - expected).max() <= 1e-4


def test_only_the_big_kernels_of_the_served_cnn_are_uint8():
    """The last convolution's and the first dense layer's kernels (36,864 and 196,608 weights):
    the model stays under 300 KB, and the small kernels keep float16's precision."""
    model = for_inference(cnn())
    kernels = {f"{layer.name}/kernel": layer.kernel for layer in model.layers if layer.weights}
    quantization = quantization_for(model)
    assert quantization["float16"] is True
    assert sorted(kernels[name].shape.num_elements() for name in quantization["uint8"]) == [
        36_864,
        196_608,
    ]
    in_uint8 = sum(kernels[name].shape.num_elements() for name in quantization["uint8"])
    assert in_uint8 + 2 * (model.count_params() - in_uint8) < 300 * 1024  # bytes


def test_failed_export_keeps_previous_model(trained, tmp_path, monkeypatch):
    model, _ = trained
    target = export(model, tmp_path / "model", {"version": 1})

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(export_module.tfjs.converters, "save_keras_model", broken)
    with pytest.raises(OSError, match="disk full"):
        export(model, target, {"version": 2})
    assert json.loads((target / "metadata.json").read_text()) == {"version": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]  # no leftovers
    assert (target / "model.json").is_file()


@pytest.mark.parametrize("source", load_sources(), ids=lambda source: source.name)
def test_committed_model_in_tfjs(source, tmp_path):
    """site/model, run by TF.js on a source's held-out writers' digits rendered by the page's ink
    code, scores what its metadata.json says Keras measured on the quantised weights."""
    model_dir = ROOT / "site" / "model"
    metadata = json.loads((model_dir / "metadata.json").read_text())
    held = source.held_out
    labels = np.array([d.label for d in held])
    outputs = tfjs_predict(model_dir, render(held)[..., None], tmp_path)
    assert outputs.shape == (len(held), 11) and np.allclose(outputs.sum(1), 1, atol=1e-4)
    wrong = int(np.sum(outputs.argmax(1) != labels))
    scores = metadata["accuracy"]["held_out"][source.name]
    expected = round((1 - scores["accuracy_quantised"]) * len(held))
    assert abs(wrong - expected) <= 1, (wrong, expected)
    assert metadata["data"]["pen"][source.name]["held_out_writers"] == list(source.held_out_writers)
