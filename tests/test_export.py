"""Export round trip: what TF.js (plain @tensorflow/tfjs in Node) computes from the exported files
matches Keras, both outputs (the probabilities and the features the page adapts with), for the
same export function the trainer uses, unquantised and quantised."""

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
import tf_keras as keras
from adapt import quantise
from tf_keras import layers

from trainer import export as export_module
from trainer.export import (
    BY_SIZE,
    export,
    for_inference,
    load_exported_model,
    load_exported_weights,
    quantised_copy,
    quantization_for,
    reexport,
    with_features,
)
from trainer.mnist import load_mnist
from trainer.models import cnn
from trainer.page import ink
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


def tfjs_predict(model_dir: Path, images: np.ndarray, tmp_path: Path) -> tuple:
    """(probabilities, features) that TF.js computes from the export in `model_dir`."""
    inputs, outputs = tmp_path / "inputs.f32", tmp_path / "outputs.f32"
    features = tmp_path / "features.f32"
    images.astype("<f4").tofile(inputs)
    command = ["node", str(SCRIPT), str(model_dir), str(inputs), str(outputs), str(features)]
    subprocess.run(command, check=True, cwd=ROOT)
    return tuple(
        np.fromfile(path, dtype="<f4").reshape(len(images), -1) for path in (outputs, features)
    )


def assert_features_close(actual: np.ndarray, expected: np.ndarray) -> None:
    """Features (ReLU activations, up to about 10) agree to float32 rounding of their scale."""
    assert actual.shape == expected.shape and expected.min() >= 0 and expected.max() > 0
    assert np.abs(actual - expected).max() <= 1e-5 * max(1.0, float(expected.max())) * 10


@pytest.mark.parametrize(
    "quantization",
    [None, {"uint8": ["*/kernel"], "float16": True}, BY_SIZE],
    ids=["float32", "quantised", "quantised by size"],
)
def test_tfjs_matches_keras(trained, tmp_path, quantization):
    model, images = trained
    target = export(model, tmp_path / "model", {"note": "test"}, quantization=quantization)
    metadata = json.loads((target / "metadata.json").read_text())
    assert metadata == {"note": "test", "features": metadata["features"]}
    assert metadata["features"]["shape"] == [1, 32]
    reference = load_exported_weights(model, target)  # dequantised as TF.js does
    expected = reference.predict(images, verbose=0)
    expected_features = with_features(reference).predict(images, verbose=0)[1]
    if quantization is None:
        np.testing.assert_allclose(expected, model.predict(images, verbose=0), atol=1e-6)
    else:
        clone, size = quantised_copy(model, quantization)
        np.testing.assert_array_equal(clone.predict(images, verbose=0), expected)
        assert size == export_module.weights_size(target) <= model.count_params() * 2
    actual, features = tfjs_predict(target, images, tmp_path)
    assert np.array_equal(actual.argmax(1), expected.argmax(1))
    assert np.abs(actual - expected).max() <= 1e-4
    assert_features_close(features, expected_features)
    keras_both = load_exported_model(target, features=True).predict(images, verbose=0)
    np.testing.assert_allclose(keras_both[0], expected, atol=1e-6)
    np.testing.assert_allclose(keras_both[1], expected_features, atol=1e-5)


def test_features_are_what_the_last_layer_reads(trained):
    """`with_features` adds the last layer's input as a second output and changes nothing else:
    the same first output, the same weights under the same names."""
    model, images = trained
    both = with_features(model)
    assert [w.name for w in both.weights] == [w.name for w in model.weights]
    probabilities, features = both.predict(images, verbose=0)
    np.testing.assert_array_equal(probabilities, model.predict(images, verbose=0))
    head = model.layers[-1]
    kernel, bias = head.get_weights()
    logits = features @ kernel + bias
    softmax = np.exp(logits - logits.max(1, keepdims=True))
    np.testing.assert_allclose(softmax / softmax.sum(1, keepdims=True), probabilities, atol=1e-5)
    assert features.shape == (len(images), 32) and features.min() == 0  # after the ReLU


def test_reexport_keeps_the_weights_bit_for_bit(trained, tmp_path):
    """Exporting an export again from its dequantised weights writes the same weight bytes, and
    the model read back in Keras gives one output unless the features are asked for."""
    model, images = trained
    target = export(for_inference(model), tmp_path / "model", {"version": 1})
    shard = {p.name: p.read_bytes() for p in target.glob("*.bin")}
    reexport(target)
    assert {p.name: p.read_bytes() for p in target.glob("*.bin")} == shard
    assert json.loads((target / "metadata.json").read_text())["version"] == 1
    assert len(load_exported_model(target).outputs) == 1
    assert len(load_exported_model(target, features=True).outputs) == 2


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
    actual, features = tfjs_predict(target, images, tmp_path)
    assert np.abs(actual - expected).max() <= 1e-4
    assert_features_close(features, with_features(folded).predict(images, verbose=0)[1])


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
    assert json.loads((target / "metadata.json").read_text())["version"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]  # no leftovers
    assert (target / "model.json").is_file()


@pytest.mark.parametrize("source", load_sources(), ids=lambda source: source.name)
def test_committed_model_in_tfjs(source, tmp_path):
    """site/model, run by TF.js on a source's held-out writers' digits rendered by the page's ink
    code, scores what its metadata.json says Keras measured on the quantised weights, and both
    its outputs (probabilities, and the 192 features of the dense layer) match Keras."""
    model_dir = ROOT / "site" / "model"
    metadata = json.loads((model_dir / "metadata.json").read_text())
    held = source.held_out
    labels = np.array([d.label for d in held])
    images = render(held)[..., None]
    outputs, features = tfjs_predict(model_dir, images, tmp_path)
    assert outputs.shape == (len(held), 11) and np.allclose(outputs.sum(1), 1, atol=1e-4)
    keras_outputs, keras_features = load_exported_model(model_dir, features=True).predict(
        images, verbose=0
    )
    assert np.abs(outputs - keras_outputs).max() <= 1e-4
    assert features.shape == (len(held), metadata["features"]["shape"][1]) == (len(held), 192)
    assert_features_close(features, keras_features)
    assert export_module.weights_size(model_dir) == metadata["weights_bytes"] <= 300 * 1024
    if source.name not in metadata["accuracy"]["held_out"]:
        pytest.skip(f"the committed model was trained before the {source.name} source existed")
    wrong = int(np.sum(outputs.argmax(1) != labels))
    scores = metadata["accuracy"]["held_out"][source.name]
    expected = round((1 - scores["accuracy_quantised"]) * len(held))
    assert abs(wrong - expected) <= 1, (wrong, expected)
    assert metadata["data"]["pen"][source.name]["held_out_writers"] == list(source.held_out_writers)


@pytest.mark.parametrize("to_hex", [False, True], ids=["numbers", "hex"])
def test_the_page_classifier_reads_both_outputs_on_micropython(tmp_path, to_hex):
    """site/classifier.py on the page's interpreter (MicroPython, with TF.js as the page has it)
    reads a batch of held-out digits: the probabilities Keras computes from the committed model,
    and the features as adapt.quantise makes them from Keras's, each byte within one; every
    tensor it made is disposed of, in both ways the outputs cross the bridge."""
    model_dir = ROOT / "site" / "model"
    held = load_sources()[1].held_out[:24]
    pixels = [bytes(ink.to_mnist(d.strokes)) for d in held]
    script = tmp_path / "script.py"
    script.write_text(
        "import json\n"
        "from pyscript import window\n"
        "from classifier import Classifier\n"
        "from adapt import FEATURE_SCALE\n"
        "classifier = Classifier(window.tf, window.model)\n"
        f"images = [bytes.fromhex(h) for h in {[p.hex() for p in pixels]!r}]\n"
        "before = classifier.tensor_count()\n"
        "p, f = classifier.read(images, FEATURE_SCALE)\n"
        "only = classifier.predict(images[:3])\n"
        "none = classifier.read(images[:2])[1]\n"
        "print(json.dumps([p, [x.hex() for x in f], only, none, before,"
        " classifier.tensor_count()]))\n"
    )
    command = ["node", str(ROOT / "tests" / "js" / "micropython.mjs"), str(script), str(model_dir)]
    run = subprocess.run(
        command + (["--to-hex"] if to_hex else []),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    p, f, only, none, before, after = json.loads(run.stdout.strip().splitlines()[-1])
    keras_p, keras_f = load_exported_model(model_dir, features=True).predict(
        render(held)[..., None], verbose=0
    )
    assert np.abs(np.array(p) - keras_p).max() <= 1e-4
    assert only == p[:3] and none == [None, None]
    expected = np.array([list(quantise(row.tolist())) for row in keras_f])
    actual = np.array([list(bytes.fromhex(x)) for x in f])
    assert actual.shape == (len(held), 192) and np.abs(actual - expected).max() <= 1
    assert before == after
