"""How a requested conductance change lands on a programmable device.

The EP controller asks for a change dG per device; the device model decides
what the device really becomes. The ideal device takes the change exactly and
only keeps the conductance within its bounds [g_min, g_max].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class IdealDevice:
    """A device that takes any requested change within its bounds.

    Attributes
    ----------
    g_min, g_max : float
        Conductance bounds [S].
    """

    g_min: float
    g_max: float

    def initial(self, conductance: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """The programmed state of a fresh chip [S]."""
        return np.clip(conductance, self.g_min, self.g_max)

    def apply(self, conductance: np.ndarray, requested: np.ndarray,
              rng: np.random.Generator) -> np.ndarray:
        """New conductances [S] after asking for a change ``requested`` [S]."""
        return np.clip(conductance + requested, self.g_min, self.g_max)
