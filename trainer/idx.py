"""Read IDX files (the format MNIST ships in), raw or gzip-compressed.

IDX: two zero bytes, a type byte (0x08 = unsigned byte), a byte with the number of dimensions, one
big-endian uint32 per dimension, then the data row-major. Anything else raises `DataError`.
"""

import gzip
import struct
from pathlib import Path

import numpy as np

GZIP_MAGIC = b"\x1f\x8b"
UBYTE = 0x08


class DataError(Exception):
    """A data file is missing, truncated or not what it claims to be."""


def read_bytes(path: str | Path) -> bytes:
    """The file's content, gunzipped when it starts with the gzip magic."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(f"{path}: cannot read ({error.strerror or error})") from error
    if raw[:2] == GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise DataError(f"{path}: corrupt gzip data ({error})") from error
    return raw


def parse_idx(data: bytes, name: str = "<bytes>", ndim: int | None = None) -> np.ndarray:
    """Decode IDX bytes of unsigned bytes into an array; `ndim` is the expected number of dims."""
    if len(data) < 4:
        raise DataError(f"{name}: {len(data)} bytes, too short for an IDX header (4 bytes)")
    zero, dtype, dims = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != UBYTE:
        raise DataError(
            f"{name}: bad IDX magic {data[:4].hex()}, expected 0000 08 0N (unsigned bytes)"
        )
    if ndim is not None and dims != ndim:
        raise DataError(f"{name}: {dims} dimensions, expected {ndim}")
    header = 4 + 4 * dims
    if len(data) < header:
        raise DataError(f"{name}: truncated header, expected {header} bytes, got {len(data)}")
    shape = struct.unpack(f">{dims}I", data[4:header])
    size = int(np.prod(shape, dtype=np.int64))
    if len(data) - header != size:
        raise DataError(
            f"{name}: shape {shape} needs {size} data bytes after the header, "
            f"file has {len(data) - header}"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def load_idx(path: str | Path, ndim: int | None = None) -> np.ndarray:
    """Load an IDX file (raw or .gz) as a uint8 array; raises `DataError` naming the file."""
    return parse_idx(read_bytes(path), str(path), ndim)
