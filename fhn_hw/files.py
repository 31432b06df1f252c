"""Atomic file output: a reader never sees a half-written file.

Each file is written to a temporary sibling, flushed and fsynced, then renamed
over the target (rename is atomic within one file system on POSIX).
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Callable


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp_path)`` and move the result onto ``path`` atomically."""
    path = Path(path)
    handle, tmp = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    os.close(handle)
    tmp = Path(tmp)
    try:
        write(tmp)
        with tmp.open("rb+") as stream:
            os.fsync(stream.fileno())
        # mkstemp makes the file 0600; give it the mode a plain open() would.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_json(path: Path, payload) -> None:
    """Standard JSON: a NaN or infinity (a loss over no settled sample, say)
    is written as null, which every JSON reader takes."""
    text = json.dumps(_finite(payload), indent=2, sort_keys=True, allow_nan=False)
    write_text(path, text + "\n")


def _finite(value):
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def save_figure(figure, path: Path, dpi: int = 100) -> None:
    """Write a matplotlib figure as PNG atomically, then close it."""
    import matplotlib.pyplot as plt

    atomic_write(path, lambda tmp: figure.savefig(tmp, format="png", dpi=dpi))
    plt.close(figure)
