"""Exceptions raised for bad user input, and the status of numerical results.

Bad input (a config, a graph, a dataset, a netlist) raises a subclass of
:class:`FhnHwError` whose message names the input, the place and the value. A
numerical outcome (a solve that did not converge, a state that would not hold on
a chip) is not an exception: it comes back as a :class:`SettleStatus` and the
caller decides.
"""

from __future__ import annotations

import enum


class FhnHwError(Exception):
    """Base class of every error caused by what the user gave us."""


class ConfigError(FhnHwError):
    """A config or profile file is malformed, has an unknown key or a bad value."""


class GraphError(FhnHwError):
    """A chip graph cannot be compiled: bad role, edge or conductance."""


class DataError(FhnHwError):
    """A dataset is missing, has the wrong shape or holds non-finite values."""


class NetlistError(FhnHwError):
    """Netlist text cannot be produced or read safely."""


class SimulatorError(FhnHwError):
    """The circuit simulator is missing or refused the circuit we gave it."""


class SettleStatus(enum.IntEnum):
    """Outcome of settling one sample to its operating point."""

    CONVERGED = 0
    NOT_CONVERGED = 1
    RESIDUAL_TOO_LARGE = 2
    SIMULATOR_FAILED = 3
    UNSTABLE = 4
    NOT_SETTLED = 5

    @property
    def message(self) -> str:
        return _STATUS_MESSAGES[self]


_STATUS_MESSAGES = {
    SettleStatus.CONVERGED: "operating point found, KCL residual within tolerance",
    SettleStatus.NOT_CONVERGED: "the solver reached its iteration limit",
    SettleStatus.RESIDUAL_TOO_LARGE: (
        "the solver returned a point whose KCL residual exceeds the tolerance"
    ),
    SettleStatus.SIMULATOR_FAILED: "the simulator reported an error for the analysis",
    SettleStatus.UNSTABLE: (
        "the DC point solves KCL but the chip would leave it: its (v, w) "
        "linearisation has an eigenvalue with a positive real part"
    ),
    SettleStatus.NOT_SETTLED: "a transient from power-on did not settle (it oscillates "
    "or still drifts)",
}

#: Statuses of a state the chip reaches and holds; the others are not used by EP.
SOLVED = (0,)
