"""Bundled real datasets and their encoding as input voltages.

The data come from scikit-learn's packaged copies (read from its installed
files; nothing is downloaded). Splits are stratified with a fixed seed.
Features are standardised with the training split's mean and standard
deviation and mapped to volts: ``v = volts_per_std * z``, clipped to
``+/- clip_volts``; each feature then drives a +v and a -v source.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .errors import DataError

DATASETS = ("iris", "digits", "wine", "breast_cancer", "digits28", "digits28_70k")
#: Samples of ``digits28_70k``: MNIST's 60 000 training and 10 000 test images.
MNIST_SIZE = 70_000


@dataclass(frozen=True)
class Split:
    """Encoded train and test sets.

    Attributes
    ----------
    train_voltages, test_voltages : arrays (n, n_features) [V]
    train_labels, test_labels : int arrays (n,)
    n_classes : int
    """

    train_voltages: np.ndarray
    train_labels: np.ndarray
    test_voltages: np.ndarray
    test_labels: np.ndarray
    n_classes: int

    @property
    def n_features(self) -> int:
        return self.train_voltages.shape[1]


def load(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Features (n, F) and integer labels (n,) of a bundled dataset."""
    from sklearn import datasets as sk

    loaders = {
        "iris": sk.load_iris,
        "digits": sk.load_digits,
        "wine": sk.load_wine,
        "breast_cancer": sk.load_breast_cancer,
    }
    if name in ("digits28", "digits28_70k"):
        return _digits28(MNIST_SIZE if name == "digits28_70k" else 0)
    if name not in loaders:
        raise DataError(f"dataset={name!r}: expected one of {DATASETS}")
    bunch = loaders[name]()
    return np.asarray(bunch.data, dtype=float), np.asarray(bunch.target, dtype=int)


def _digits28(samples: int) -> tuple[np.ndarray, np.ndarray]:
    """MNIST-sized images from scikit-learn's 8x8 digits, for chips with
    MNIST's 784 inputs: each image is scaled to 28 x 28 (bilinear).

    With ``samples`` > 0, that many images are drawn (seeded) from the 1797,
    each shifted by up to 2 pixels and given pixel noise (sigma 1 of 16
    grey levels): an MNIST-sized set of real handwriting, not MNIST itself.
    """
    from scipy import ndimage
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images = ndimage.zoom(bunch.images, (1, 3.5, 3.5), order=1)
    labels = np.asarray(bunch.target, dtype=int)
    if samples:
        rng = np.random.default_rng(28)
        pick = rng.integers(0, len(images), samples)
        shifts = rng.integers(-2, 3, size=(samples, 2))
        moved = np.empty((samples, 28, 28))
        for k, (index, (dy, dx)) in enumerate(zip(pick, shifts)):
            moved[k] = np.roll(images[index], (dy, dx), axis=(0, 1))
        images = moved + rng.normal(size=moved.shape)
        labels = labels[pick]
    return images.reshape(len(images), -1), labels


#: Largest CSV dataset read [bytes]; a bigger file is refused, not read.
MAX_CSV_BYTES = 2**30
#: Most classes a dataset may have: a chip has at most 8192 cells, and at
#: least one output cell per class.
MAX_CLASSES = 8192


def read_csv(path) -> tuple[np.ndarray, np.ndarray]:
    """A dataset from a CSV file: one row per sample, its features and then an
    integer class label; an optional first row of column names. Every error
    names the file, the line and the value."""
    from pathlib import Path

    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: dataset file not found")
    if path.stat().st_size > MAX_CSV_BYTES:
        raise DataError(
            f"{path}: {path.stat().st_size} bytes: expected at most {MAX_CSV_BYTES}"
        )
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as err:
        raise DataError(f"{path}: not UTF-8 text ({err.reason})") from err
    rows, width = [], None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(",")]
        if not rows and width is None and not _numeric(cells[0]):
            width = len(cells)  # a header row
            continue
        if width is None:
            width = len(cells)
        if len(cells) != width:
            raise DataError(
                f"{path}:{number}: {len(cells)} columns: expected {width} "
                "(the features, then the label)"
            )
        if width < 2:
            raise DataError(
                f"{path}:{number}: expected at least one feature and a label"
            )
        try:
            values = [float(c) for c in cells[:-1]]
        except ValueError:
            bad = next(c for c in cells[:-1] if not _numeric(c))
            raise DataError(f"{path}:{number}: feature {bad!r}: expected a number")
        label = cells[-1]
        # ASCII digits only (str.isdigit takes '²'), and few enough of them
        # to be a class index.
        if not (label.isascii() and label.isdigit() and len(label) <= 9):
            raise DataError(
                f"{path}:{number}: label {label!r}: expected an integer in "
                f"[0, {MAX_CLASSES - 1}]"
            )
        rows.append((values, int(label)))
    if not rows:
        raise DataError(f"{path}: no samples")
    features = np.array([r[0] for r in rows], dtype=float)
    labels = np.array([r[1] for r in rows], dtype=int)
    bad = np.argwhere(~np.isfinite(features))
    if len(bad):
        row, col = bad[0]
        raise DataError(
            f"{path}: sample {row + 1}, feature {col + 1} = "
            f"{float(features[row, col])!r}: "
            "expected a finite number"
        )
    return features, labels


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def check_arrays(features, labels, source: str) -> None:
    """Refuse data the chip cannot take: wrong shapes, NaN or inf, bad labels."""
    if features.ndim != 2 or features.shape[0] == 0 or features.shape[1] == 0:
        raise DataError(
            f"{source}: features have shape {features.shape}: "
            "expected (n_samples, n_features) with both > 0"
        )
    if labels.shape != (features.shape[0],):
        raise DataError(
            f"{source}: labels have shape {labels.shape}: "
            f"expected ({features.shape[0]},)"
        )
    bad = np.argwhere(~np.isfinite(features))
    if len(bad):
        row, col = bad[0]
        raise DataError(
            f"{source}: feature [{row}, {col}] = {float(features[row, col])!r}: "
            "expected a finite number"
        )
    if labels.min() < 0:
        raise DataError(f"{source}: label {labels.min()}: expected integers >= 0")
    # Each class 0 .. max needs two samples: refused before counting them.
    most = min(MAX_CLASSES, len(labels) // 2)
    if labels.max() >= most:
        raise DataError(
            f"{source}: label {labels.max()}: expected the labels 0 .. {most - 1} "
            f"at most ({len(labels)} samples, at least 2 per class; at most "
            f"{MAX_CLASSES} classes)"
        )
    counts = np.bincount(labels)
    if (counts < 2).any():
        k = int(np.flatnonzero(counts < 2)[0])
        raise DataError(
            f"{source}: class {k} has {counts[k]} samples: expected the labels "
            f"0 .. {len(counts) - 1} with at least 2 samples each (a stratified "
            "split puts one in each part)"
        )


def split_and_encode(
    features: np.ndarray,
    labels: np.ndarray,
    test_fraction: float,
    split_seed: int,
    volts_per_std: float,
    clip_volts: float,
    source: str = "dataset",
) -> Split:
    """Stratified split, standardisation on the training part, voltage encoding."""
    from sklearn.model_selection import train_test_split

    check_arrays(features, labels, source)
    n_classes = int(labels.max()) + 1
    n_test = math.ceil(test_fraction * len(labels))
    if n_test < n_classes or len(labels) - n_test < n_classes:
        raise DataError(
            f"{source}: data.test_fraction = {test_fraction!r} leaves "
            f"{n_test} test and {len(labels) - n_test} training samples: "
            f"a stratified split needs at least {n_classes} in each"
        )
    x_train, x_test, y_train, y_test = train_test_split(
        features,
        labels,
        test_size=test_fraction,
        random_state=split_seed,
        stratify=labels,
    )
    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0)
    std[std == 0] = 1.0

    def encode(x):
        return np.clip(volts_per_std * (x - mean) / std, -clip_volts, clip_volts)

    return Split(encode(x_train), y_train, encode(x_test), y_test, n_classes)
