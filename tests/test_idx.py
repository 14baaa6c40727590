"""IDX loading and the sha256 pin of the MNIST files."""

import gzip
import shutil
import struct

import numpy as np
import pytest

from trainer import mnist
from trainer.idx import DataError, load_idx


def idx_bytes(array: np.ndarray) -> bytes:
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.uint8).tobytes()


ARRAY = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)


def test_raw(tmp_path):
    path = tmp_path / "images-idx3-ubyte"
    path.write_bytes(idx_bytes(ARRAY))
    np.testing.assert_array_equal(load_idx(path), ARRAY)


def test_gzip(tmp_path):
    path = tmp_path / "images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(idx_bytes(ARRAY)))
    np.testing.assert_array_equal(load_idx(path, ndim=3), ARRAY)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x00\x00\x0d\x03" + idx_bytes(ARRAY)[4:], "bad IDX magic"),
        (b"\x12\x34\x08\x03" + idx_bytes(ARRAY)[4:], "bad IDX magic"),
        (idx_bytes(ARRAY)[:-1], "needs 24 data bytes after the header, file has 23"),
        (idx_bytes(ARRAY) + b"\x00", "file has 25"),
        (idx_bytes(ARRAY)[:10], "truncated header"),
        (b"\x00\x00", "too short"),
        (gzip.compress(idx_bytes(ARRAY))[:-8], "corrupt gzip"),
    ],
)
def test_corrupt(tmp_path, data, message):
    path = tmp_path / "bad-idx3-ubyte"
    path.write_bytes(data)
    with pytest.raises(DataError, match=message) as error:
        load_idx(path)
    assert str(path) in str(error.value)


def test_wrong_dimensions(tmp_path):
    path = tmp_path / "labels-idx1-ubyte"
    path.write_bytes(idx_bytes(ARRAY))
    with pytest.raises(DataError, match="3 dimensions, expected 1"):
        load_idx(path, ndim=1)


def test_missing(tmp_path):
    with pytest.raises(DataError, match="nothing-here"):
        load_idx(tmp_path / "nothing-here")


def test_pinned_files_pass():
    for name, digest in mnist.SHA256.items():
        mnist.verify(mnist.DEFAULT_DIR / name, digest)


def test_tampered_copy_is_rejected(tmp_path, monkeypatch):
    for name in mnist.SHA256:
        (tmp_path / name).symlink_to(mnist.DEFAULT_DIR / name)
    labels = tmp_path / "t10k-labels-idx1-ubyte"
    labels.unlink()
    shutil.copy(mnist.DEFAULT_DIR / labels.name, labels)
    data = bytearray(labels.read_bytes())
    data[-1] = (data[-1] + 1) % 10  # still a valid IDX file, just not the pinned one
    labels.write_bytes(bytes(data))
    monkeypatch.setattr(mnist, "DEFAULT_DIR", tmp_path)
    message = f"sha256 mismatch, expected {mnist.SHA256[labels.name]}, got [0-9a-f]{{64}}"
    with pytest.raises(DataError, match=message):
        mnist.load_mnist()


def test_custom_dir_is_checked_for_structure_only(tmp_path):
    rng = np.random.default_rng(0)
    for split, n in (("train", 5), ("t10k", 3)):
        images = rng.integers(0, 256, (n, 28, 28))
        (tmp_path / f"{split}-images-idx3-ubyte.gz").write_bytes(gzip.compress(idx_bytes(images)))
        (tmp_path / f"{split}-labels.idx1-ubyte").write_bytes(idx_bytes(np.arange(n)))
    data = mnist.load_mnist(tmp_path)
    assert data.train_images.shape == (5, 28, 28)
    assert data.test_labels.tolist() == [0, 1, 2]
    (tmp_path / "t10k-labels.idx1-ubyte").write_bytes(idx_bytes(np.arange(4)))
    with pytest.raises(DataError, match="3 test images but 4 labels"):
        mnist.load_mnist(tmp_path)
