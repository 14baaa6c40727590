"""The digit classifier: a TF.js layers model, called from Python through PyScript's JS bridge.

One call crosses the bridge per tensor operation, never per pixel. Every tensor made here is
disposed of, so tf.memory().numTensors stays flat however many predictions are made.
"""

import re
from binascii import hexlify

from pyscript import document, window
from pyscript.ffi import create_proxy, to_js

INPUT_SHAPE = [1, 28, 28, 1]
CLASSES = 11
"""The digits 0-9, then "not a digit"."""


class ModelError(Exception):
    """The model or the runtime could not be loaded; the message says what to tell the user."""


class Classifier:
    """Reads 28x28 MNIST-style images (784 bytes, 0 to 255) as probabilities of its classes: the
    digits 0-9, then "not a digit"."""

    def __init__(self, tf, model) -> None:
        self._tf = tf
        self._model = model

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
        classifier = cls(tf, model)
        classifier.predict([bytes(784)])  # compiles the kernels now rather than on the first digit
        return classifier

    @property
    def backend(self) -> str:
        return self._tf.getBackend()

    def predict(self, images: list) -> list:
        """Probabilities for each image, all in one call; synchronous (a few ms for a batch).

        The images cross to JS as one Uint8Array and are scaled to 0..1 there, as the model was
        trained.
        """
        tf = self._tf
        shape = [len(images)] + INPUT_SHAPE[1:]
        levels = tf.tensor4d(uint8_array(b"".join(images)), to_js(shape), "float32")
        try:
            inputs = tf.div(levels, 255)
            try:
                outputs = self._model.predict(inputs)
                try:
                    values = list(outputs.dataSync())
                finally:
                    outputs.dispose()
            finally:
                inputs.dispose()
        finally:
            levels.dispose()
        width = len(values) // len(images)
        return [values[start : start + width] for start in range(0, len(values), width)]

    def tensor_count(self) -> int:
        return self._tf.memory().numTensors


_HAS_FROM_HEX = getattr(window.Uint8Array, "fromHex", None) is not None


def uint8_array(data: bytes):
    """The bytes as a JS Uint8Array. As one hex string where the browser can read one (2025 on):
    strings cross the bridge in one copy, while each number of a list costs a conversion, which
    on MicroPython is a few ms for a batch of images."""
    if _HAS_FROM_HEX:
        return window.Uint8Array.fromHex(hexlify(data).decode())
    return window.Uint8Array.new(to_js(list(data)))


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
