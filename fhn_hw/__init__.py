"""fhn_hw: FitzHugh-Nagumo resistive chips, compiled to SPICE, trained in situ by EP."""

__version__ = "0.1.0"
