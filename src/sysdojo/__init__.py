"""sysdojo: a self-hosted, offline study platform for system design interviews."""

__version__ = "0.1.0"
