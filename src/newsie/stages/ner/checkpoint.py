"""Stanza's model files read without torch: importing torch alone takes 1.4 s, a third
of a cold `newsie extract` (issue 17), and the stage needs from these files only the
vocabularies and a few arrays.

A torch checkpoint is a zip archive: `data.pkl` pickles the dicts, and each tensor's bytes
are an uncompressed member `data/<key>`. Here the pickle is read by Python's C unpickler,
which may build only dicts, sets and tensors (nothing that runs code), and each tensor
becomes a read-only NumPy view of its member, memory-mapped, so the 28 MB vector table
costs no copy and no time until rows are looked up.
"""

from __future__ import annotations

import io
import pickle
import struct
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np

# torch's storage classes that Stanza files hold, and their element types.
_STORAGE_DTYPES = {
    "FloatStorage": np.float32,
    "HalfStorage": np.float16,
    "DoubleStorage": np.float64,
    "LongStorage": np.int64,
    "IntStorage": np.int32,
    "ShortStorage": np.int16,
    "CharStorage": np.int8,
    "ByteStorage": np.uint8,
    "BoolStorage": np.bool_,
}
# A zip member's local header: 30 fixed bytes, then its name and its extra field.
_LOCAL_HEADER = struct.Struct("<4s22xHH")


class CheckpointError(ValueError):
    """A model file that is not a torch zip checkpoint of the kinds Stanza writes."""


def _rebuild_tensor(
    storage: np.ndarray,
    offset: int,
    size: tuple[int, ...],
    stride: tuple[int, ...],
    *_: object,
) -> np.ndarray:
    """torch._utils._rebuild_tensor_v2: a strided view into a storage."""
    item = storage.itemsize
    return np.lib.stride_tricks.as_strided(
        storage[offset:], shape=size, strides=[s * item for s in stride], writeable=False
    )


def _rebuild_parameter(data: np.ndarray, *_: object) -> np.ndarray:
    return data


_GLOBALS: dict[tuple[str, str], Any] = {
    ("collections", "OrderedDict"): OrderedDict,
    ("builtins", "set"): set,
    ("__builtin__", "set"): set,
    ("builtins", "frozenset"): frozenset,
    ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor,
    ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
    **{("torch", name): dtype for name, dtype in _STORAGE_DTYPES.items()},
}


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, storage: Any) -> None:
        super().__init__(io.BytesIO(data))
        self._storage = storage

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _GLOBALS:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a model file")
        return _GLOBALS[(module, name)]

    def persistent_load(self, pid: Any) -> Any:
        if not (isinstance(pid, tuple) and pid and pid[0] == "storage"):
            raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")
        _, dtype, key, _location, numel = pid
        return self._storage(dtype, str(key), int(numel))


def _member_offset(path: Path, info: zipfile.ZipInfo) -> int:
    """Where a stored (uncompressed) member's bytes begin in the archive."""
    with path.open("rb") as handle:
        handle.seek(info.header_offset)
        signature, name_length, extra_length = _LOCAL_HEADER.unpack(handle.read(30))
    if signature != b"PK\x03\x04":
        raise CheckpointError(f"{path}: damaged zip member {info.filename}")
    return info.header_offset + 30 + name_length + extra_length


def read_checkpoint(path: Path) -> Any:
    """The object a torch checkpoint holds, with NumPy arrays where it holds tensors."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise CheckpointError(f"{path}: not a torch zip checkpoint ({exc})") from exc
    with archive:
        infos = {info.filename: info for info in archive.infolist()}
        pickles = [name for name in infos if name.endswith("/data.pkl") or name == "data.pkl"]
        if len(pickles) != 1:
            raise CheckpointError(f"{path}: not a torch zip checkpoint (no data.pkl)")
        prefix = pickles[0][: -len("data.pkl")]
        order = archive.read(prefix + "byteorder").decode() if prefix + "byteorder" in infos else ""
        if order and order != "little":
            raise CheckpointError(f"{path}: {order}-endian tensors are not supported")

        def storage(dtype: Any, key: str, numel: int) -> np.ndarray:
            info = infos.get(f"{prefix}data/{key}")
            if info is None or info.compress_type != zipfile.ZIP_STORED:
                raise CheckpointError(f"{path}: tensor {key} is missing or compressed")
            if numel == 0:
                return np.empty(0, dtype=dtype)
            return np.memmap(
                path, dtype=dtype, mode="r", offset=_member_offset(path, info), shape=(numel,)
            )

        return _Unpickler(archive.read(pickles[0]), storage).load()
