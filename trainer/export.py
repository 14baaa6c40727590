"""Export a tf_keras model to TF.js layers format, atomically, and read the export back.

The trainer exports the model as TF.js runs it fastest (`for_inference`: batch normalisation
folded into the layer before it, dropout left out), with its big kernels quantised to uint8 and
the rest to float16 (`quantization_for`), and with a second output, the features the last layer
reads (`with_features`), which the page adapts to its user with (site/adapt.py). The export goes
to a temporary directory beside the target, which then replaces the target in two renames: a
failed export leaves the previous model in place.

`python -m trainer.export DIR` exports the model in DIR again, from its own weights, in the
current format (the features output added, the weights bit for bit the same).
"""

import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import tensorflowjs as tfjs
import tf_keras as keras
from tensorflowjs.read_weights import read_weights
from tf_keras import layers

UINT8_MIN_WEIGHTS = 30_000
"""Kernels of at least this many weights are stored as uint8 (affine, one scale per tensor),
everything else as float16: the big kernels make the file small, and the small ones keep their
precision. It matters once batch norm is folded in: each output channel of a kernel is then
scaled by its own factor, which one uint8 scale per tensor resolves poorly in the first
convolutions (the CNN's probabilities moved by up to 0.043 with every kernel in uint8, 0.014
with the two dense kernels and the last convolution's only, for 287 KiB instead of 258)."""


def quantization_for(model: keras.Model) -> dict:
    """The tensorflowjs quantization map for `model` (see UINT8_MIN_WEIGHTS)."""
    big = [
        f"{layer.name}/kernel"
        for layer in model.layers
        if getattr(layer, "kernel", None) is not None
        and layer.kernel.shape.num_elements() >= UINT8_MIN_WEIGHTS
    ]
    return {"uint8": big, "float16": True}


BY_SIZE = "by size"
"""`quantization` argument: the map `quantization_for` gives for the model."""


def for_inference(model: keras.Sequential) -> keras.Sequential:
    """The same function as `model` at inference, in fewer layers: each BatchNormalization folded
    into the Conv2D or Dense before it (its kernel scaled per output channel, its bias shifted),
    a ReLU after that pair made that layer's activation, Dropout left out.

    TF.js runs a convolution with its bias and ReLU as one fused kernel, where batch norm and
    ReLU would be two more passes over the activations: in Node's WebAssembly backend, a batch
    of six images takes about 40% less time.
    """
    kept, weights = [keras.Input(shape=model.input_shape[1:])], []
    originals = [layer for layer in model.layers if not isinstance(layer, layers.Dropout)]
    index = 0
    while index < len(originals):
        layer = originals[index]
        following = originals[index + 1 : index + 3]
        if (
            isinstance(layer, (layers.Conv2D, layers.Dense))
            and layer.get_config()["activation"] == "linear"
            and following
            and isinstance(following[0], layers.BatchNormalization)
        ):
            norm = following[0]
            gamma, beta, mean, variance = norm.get_weights()
            scale = gamma / np.sqrt(variance + norm.epsilon)
            kernel, *bias = layer.get_weights()
            bias = (bias[0] if bias else 0.0) - mean
            relu = len(following) > 1 and _is_plain_relu(following[1])
            config = layer.get_config() | {"use_bias": True, "activation": "relu" if relu else None}
            layer = layer.__class__.from_config(config)
            weights.append((layer, [kernel * scale, bias * scale + beta]))
            index += 3 if relu else 2
        else:
            layer = layer.__class__.from_config(layer.get_config())
            weights.append((layer, originals[index].get_weights()))
            index += 1
        kept.append(layer)
    folded = keras.Sequential(kept, name=model.name)
    for layer, values in weights:
        layer.set_weights(values)
    return folded


FEATURES_ABOUT = (
    "second output: the activations the last layer reads (after its ReLU), for the page's "
    "adaptation to its user (site/adapt.py)"
)
"""What metadata.json says about the second output."""


def with_features(model: keras.Model) -> keras.Model:
    """`model` (one output) with a second output, the input of its last layer: for the CNN, the
    192 activations of its dense layer after ReLU. The layers and weights are `model`'s own, so
    the first output is the same function and the weights keep their names."""
    return keras.Model(model.inputs, [model.outputs[0], model.layers[-1].input], name=model.name)


def _is_plain_relu(layer: layers.Layer) -> bool:
    config = layer.get_config()
    return isinstance(layer, layers.ReLU) and not (
        config.get("max_value") or config.get("negative_slope") or config.get("threshold")
    )


def export(
    model: keras.Model,
    target: str | Path,
    metadata: dict | None = None,
    quantization: dict | str | None = BY_SIZE,
) -> Path:
    """Write model.json, weight shards and metadata.json (if given) into `target`, atomically;
    `quantization`: a tensorflowjs quantization map, BY_SIZE, or None for float32. The model is
    exported `with_features`, and metadata.json says so under "features"."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    old = None
    try:
        _save(model, staging, quantization)
        if metadata is not None:
            metadata = {**metadata, "features": _features_about(model)}
            text = json.dumps(metadata, indent=2, sort_keys=False) + "\n"
            (staging / "metadata.json").write_text(text)
        staging.chmod(0o755)
        if target.exists():
            old = target.with_name(f".{target.name}-old-{staging.name.rsplit('-', 1)[-1]}")
            target.rename(old)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None and not target.exists():
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


def weights_size(directory: str | Path) -> int:
    """Bytes of the weight shards listed in `directory`/model.json."""
    directory = Path(directory)
    manifest = json.loads((directory / "model.json").read_text())["weightsManifest"]
    return sum((directory / path).stat().st_size for group in manifest for path in group["paths"])


def load_exported_weights(model: keras.Model, directory: str | Path) -> keras.Model:
    """A clone of `model` holding the weights exported in `directory`, dequantised as TF.js does."""
    directory = Path(directory)
    manifest = json.loads((directory / "model.json").read_text())["weightsManifest"]
    exported = {w["name"]: w["data"] for w in read_weights(manifest, str(directory), flatten=True)}
    clone = keras.models.clone_model(model)
    values = []
    for weight in clone.weights:
        name = weight.name.removesuffix(":0")
        if name not in exported:
            raise KeyError(f"{directory}: no weight {name} in model.json")
        values.append(np.asarray(exported[name], dtype=np.float32).reshape(weight.shape))
    clone.set_weights(values)
    return clone


def load_exported_model(directory: str | Path, features: bool = False) -> keras.Model:
    """The model exported in `directory` (its layers from model.json, its weights dequantised as
    TF.js does), to run in Keras: its probabilities only, or with `features` both outputs (an
    export without the features output has none to give)."""
    topology = json.loads((Path(directory) / "model.json").read_text())["modelTopology"]
    model = load_exported_weights(
        keras.models.model_from_json(json.dumps(topology["model_config"])), directory
    )
    if len(model.outputs) == 1:
        if features:
            raise ValueError(f"{directory}: the model has no features output; re-export it")
        return model
    return model if features else keras.Model(model.inputs, model.outputs[0], name=model.name)


def reexport(directory: str | Path) -> Path:
    """Export the model in `directory` again, in place, from its own (dequantised) weights: the
    weights come out the same, since each quantised value is exactly representable again."""
    model = load_exported_model(directory)
    metadata_file = Path(directory) / "metadata.json"
    metadata = json.loads(metadata_file.read_text()) if metadata_file.exists() else None
    quantization = (metadata or {}).get("quantization", BY_SIZE)
    return export(model, directory, metadata, quantization)


def quantised_copy(model: keras.Model, quantization: dict | str | None = BY_SIZE):
    """(a clone of `model` with the weights TF.js will load, size of the weights in bytes)."""
    with tempfile.TemporaryDirectory() as directory:
        _save(model, directory, quantization)
        return load_exported_weights(model, directory), weights_size(directory)


def _save(model: keras.Model, directory: str | Path, quantization: dict | str | None) -> None:
    """Write the TF.js files of `model` into `directory` (see `export` for `quantization`)."""
    if quantization == BY_SIZE:
        quantization = quantization_for(model)
    tfjs.converters.save_keras_model(
        with_features(model), str(directory), quantization_dtype_map=quantization
    )


def _features_about(model: keras.Model) -> dict:
    return {"shape": [1, int(model.layers[-1].input.shape[-1])], "about": FEATURES_ABOUT}


if __name__ == "__main__":
    for folder in sys.argv[1:] or ["site/model"]:
        print(f"re-exported {reexport(folder)} ({weights_size(folder)} bytes of weights)")
