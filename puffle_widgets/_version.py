"""Version of puffle-widgets."""

__version__ = "0.1.0"
