"""The digit classifier: a TF.js layers model, called from Python through PyScript's JS bridge.

The model has two outputs: the probabilities of its classes, and the features its last layer
reads (the dense layer's activations), which `adapt` compares drawings with. One call crosses
the bridge per tensor operation, never per pixel or per value: images go as one Uint8Array, and
each output comes back as one string. Every tensor made here is disposed of, so
tf.memory().numTensors stays flat however many predictions are made.
"""

import json
import re
from binascii import crc32, hexlify, unhexlify

from pyscript import document, window
from pyscript.ffi import create_proxy, to_js

INPUT_SHAPE = [1, 28, 28, 1]
CLASSES = 11
"""The digits 0-9, then "not a digit"."""
PROBE = bytes(range(256)) * 3 + bytes(16)
"""A fixed 28x28 image whose features identify the network (`Classifier.version`)."""


class ModelError(Exception):
    """The model or the runtime could not be loaded; the message says what to tell the user."""


class Classifier:
    """Reads 28x28 MNIST-style images (784 bytes, 0 to 255) as probabilities of its classes: the
    digits 0-9, then "not a digit"."""

    def __init__(self, tf, model) -> None:
        self._tf = tf
        self._model = model
        self.version = ""
        """Identifies the network (a checksum of what it reads in PROBE): features stored with
        another version must be computed again."""

    @classmethod
    async def load(cls, model_url: str, wasm_dir: str) -> "Classifier":
        """Start TF.js on the WebAssembly backend (CPU if that fails), load and warm up the model.

        The wasm backend suits a model this small: software WebGL is slower here and spends about
        a second compiling shaders.
        """
        tf = getattr(window, "tf", None)
        if getattr(tf, "loadLayersModel", None) is None:
            raise ModelError("TensorFlow.js did not load (vendor/tfjs/).")
        wasm = getattr(tf, "wasm", None)
        if wasm is not None:
            wasm.setWasmPaths(window.URL.new(wasm_dir, document.baseURI).href)
        if not (wasm is not None and await tf.setBackend("wasm")):
            await tf.setBackend("cpu")
        await tf.ready()
        fetch = create_proxy(_fetch_or_fail)  # referenced until loading is over
        try:
            model = await tf.loadLayersModel(model_url, to_js({"fetchFunc": fetch}))
        except Exception as error:  # missing file, bad JSON, bad weights...
            raise ModelError(
                f"Could not load the model from {model_url}: {_reason(error)}"
            ) from None
        shape = list(model.inputs[0].shape)
        if shape[1:] != INPUT_SHAPE[1:]:
            raise ModelError(f"The model expects input {shape}, not 28x28x1: retrain it.")
        outputs = list(model.outputs[0].shape)
        if outputs[1:] != [CLASSES]:
            raise ModelError(
                f"The model gives {outputs[-1]} outputs, not {CLASSES} (the digits and not a "
                "digit): retrain it."
            )
        if model.outputs.length < 2:
            raise ModelError(
                "The model has no features output: export it again (python -m trainer.export)."
            )
        classifier = cls(tf, model)
        # Compiles the kernels now rather than on the first digit, and names the network.
        text, _ = classifier._outputs([PROBE], None)
        classifier.version = f"{crc32(text.encode()) & 0xFFFFFFFF:08x}"
        return classifier

    @property
    def backend(self) -> str:
        return self._tf.getBackend()

    def predict(self, images: list) -> list:
        """The probabilities of each image's classes, all in one call (see `read`)."""
        return self.read(images)[0]

    def read(self, images: list, scale: int | None = None) -> tuple:
        """(probabilities, features) of each image (784 bytes, 0 to 255), from one call of the
        model; synchronous (a few ms for a batch). Probabilities are lists of CLASSES floats.
        Features are bytes: the unit vector of what the last layer reads, times `scale`, rounded,
        at most 255 (`adapt.FEATURE_SCALE` makes what adapt reads); None for each image without
        `scale`.
        """
        count = len(images)
        text, data = self._outputs(images, scale)
        values = json.loads("[" + text + "]")
        width = len(values) // count
        probabilities = [values[start : start + width] for start in range(0, len(values), width)]
        if data is None:
            return probabilities, [None] * count
        width = len(data) // count
        return probabilities, [data[start : start + width] for start in range(0, len(data), width)]

    def _outputs(self, images: list, scale: int | None) -> tuple:
        """(the probabilities as one string of numbers, the features quantised by `scale` as
        bytes or None). The images cross to JS as one Uint8Array and are scaled to 0..1 there,
        as the model was trained; each output comes back as one string, made in TF.js."""
        tf = self._tf
        shape = to_js([len(images)] + INPUT_SHAPE[1:])
        made = []  # every tensor made here, disposed of at the end
        try:
            levels = _kept(made, tf.tensor4d(uint8_array(b"".join(images)), shape, "float32"))
            inputs = _kept(made, tf.div(levels, 255))
            outputs = self._model.predict(inputs)
            probabilities = _kept(made, outputs[0])
            features = _kept(made, outputs[1])
            text = probabilities.dataSync().join(",")
            if scale is None:
                return text, None
            norms = _kept(made, tf.norm(features, "euclidean", 1, True))
            units = _kept(made, tf.div(features, _kept(made, tf.maximum(norms, 1e-12))))
            scaled = _kept(made, tf.round(_kept(made, tf.mul(units, scale))))
            quantised = _kept(made, tf.cast(_kept(made, tf.minimum(scaled, 255)), "int32"))
            return text, bytes_of(quantised.dataSync())
        finally:
            for tensor in made:
                tensor.dispose()

    def tensor_count(self) -> int:
        return self._tf.memory().numTensors


_HAS_FROM_HEX = getattr(window.Uint8Array, "fromHex", None) is not None
_HAS_TO_HEX = getattr(window.Uint8Array.prototype, "toHex", None) is not None


def _kept(made: list, tensor):
    """`tensor`, noted in `made` to be disposed of."""
    made.append(tensor)
    return tensor


def uint8_array(data: bytes):
    """The bytes as a JS Uint8Array. As one hex string where the browser can read one (2025 on):
    strings cross the bridge in one copy, while each number of a list costs a conversion, which
    on MicroPython is a few ms for a batch of images."""
    if _HAS_FROM_HEX:
        return window.Uint8Array.fromHex(hexlify(data).decode())
    return window.Uint8Array.new(to_js(list(data)))


def bytes_of(values) -> bytes:
    """A JS array of integers 0 to 255 (a typed array) as bytes, crossing the bridge as one
    string: hex where the browser can write it (2025 on), numbers otherwise."""
    array = window.Uint8Array.new(values)
    if _HAS_TO_HEX:
        return unhexlify(array.toHex())
    return bytes(json.loads("[" + array.join(",") + "]"))


async def _fetch_or_fail(url, init=None, *_):
    """fetch() for TF.js that fails on an HTTP error: TF.js reads a 404 page as weights."""
    response = await window.fetch(url, init)
    if not response.ok:
        raise OSError(f"{url} answered HTTP {response.status} {response.statusText}".rstrip())
    return response


def _reason(error: Exception) -> str:
    """The error's own message, without Python's traceback or the error's type name."""
    lines = str(error).strip().splitlines()
    if not lines:
        return type(error).__name__
    return re.sub(r"^\w*Error: ", "", lines[-1])
