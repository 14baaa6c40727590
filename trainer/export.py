"""Export a tf_keras model to TF.js layers format, atomically, and read the export back.

The export goes to a temporary directory beside the target, which then replaces the target in two
renames: a failed export leaves the previous model in place.
"""

import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import tensorflowjs as tfjs
import tf_keras as keras
from tensorflowjs.read_weights import read_weights

QUANTIZATION = {"uint8": ["*/kernel"], "float16": True}
"""Kernels as uint8 (affine, per tensor), everything else (batch norm, biases) as float16."""


def export(
    model: keras.Model,
    target: str | Path,
    metadata: dict | None = None,
    quantization: dict | None = QUANTIZATION,
) -> Path:
    """Write model.json, weight shards and metadata.json (if given) into `target`, atomically."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    old = None
    try:
        tfjs.converters.save_keras_model(model, str(staging), quantization_dtype_map=quantization)
        if metadata is not None:
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


def load_exported_model(directory: str | Path) -> keras.Model:
    """The model exported in `directory` (its layers from model.json, its weights dequantised as
    TF.js does), to run in Keras."""
    topology = json.loads((Path(directory) / "model.json").read_text())["modelTopology"]
    model = keras.models.model_from_json(json.dumps(topology["model_config"]))
    return load_exported_weights(model, directory)


def quantised_copy(model: keras.Model, quantization: dict | None = QUANTIZATION):
    """(a clone of `model` with the weights TF.js will load, size of the weights in bytes)."""
    with tempfile.TemporaryDirectory() as directory:
        tfjs.converters.save_keras_model(model, directory, quantization_dtype_map=quantization)
        return load_exported_weights(model, directory), weights_size(directory)
