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

DATASETS = ("iris", "digits", "wine", "breast_cancer")


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
    if name not in loaders:
        raise DataError(f"dataset={name!r}: expected one of {DATASETS}")
    bunch = loaders[name]()
    return np.asarray(bunch.data, dtype=float), np.asarray(bunch.target, dtype=int)


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
            f"{source}: feature [{row}, {col}] = {features[row, col]!r}: "
            "expected a finite number"
        )
    if labels.min() < 0:
        raise DataError(f"{source}: label {labels.min()}: expected integers >= 0")


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
